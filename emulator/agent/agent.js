// The agent view: conversations as the emulated cloud received them, live (server-sent
// events), with a reply box and an "End conversation" button. Everything from the server is
// shown with textContent only.
//
// Access: on a room server the agent API needs the agent key. It comes from `?key=` on the
// first URL (then removed from the address bar) or from the key form, and is kept for this
// tab (sessionStorage). The event stream is opened with a short-lived ticket (EventSource
// cannot send an Authorization header; the key never goes into a URL the server logs).
// The key is the instructor's (every deployment) or a student's own (the lab page claims it
// for its deployment: that deployment only; the ticket says which).
import { showSettings } from './settings.js';

const $ = (id) => document.getElementById(id);
const KEY_STORAGE = 'gc-lab:agent-key';
const params = new URLSearchParams(location.search);
/** The deployment the address asks for (the lab page links here with its own id). */
const asked = params.get('deploymentId')?.trim() || '';
/** Deployment ids are UUIDs: the rule of isDeploymentId in src/genesys/contract.js (not served here). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Only this deployment's conversations: the one asked for, or the only one a student's key opens. */
let deploymentId = asked;
/** The key opens `deploymentId` only (a student's key). */
let keyScoped = false;
/** @type {Map<string, any>} */
let conversations = new Map();
let selected = params.get('conversation');
/** The agent picked a conversation: stop following the newest. */
let picked = Boolean(selected);
let stream;
let retryTimer;

// The key from the first URL: kept for the tab, removed from the address bar (and history).
if (params.has('key')) {
  const fromUrl = params.get('key').trim();
  if (fromUrl) sessionStorage.setItem(KEY_STORAGE, fromUrl);
  const url = new URL(location.href);
  url.searchParams.delete('key');
  history.replaceState(null, '', url);
}
const agentKey = () => sessionStorage.getItem(KEY_STORAGE) || '';
const authHeaders = () => (agentKey() ? { Authorization: `Bearer ${agentKey()}` } : {});

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function time(iso) {
  const node = el('time', new Date(iso).toLocaleTimeString());
  node.dateTime = iso;
  return node;
}

const shortId = (id) => id.slice(0, 8);
// Participant data arrives as strings (as Genesys keeps it); anything else is shown as text too.
const format = (value) => String(value);
const STATES = { active: 'active', disconnected: 'ended by the agent', cleared: 'cleared by the guest' };
const BADGES = { disconnected: 'Ended by the agent', cleared: 'Cleared by the guest' };
const stateText = (c) => (c.sessionExpired ? `${STATES[c.state] ?? c.state}, session expired` : STATES[c.state] ?? c.state);
const isOpen = (c) => c.state === 'active' && !c.sessionExpired;
const byCreation = (a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0);
const ordered = () => [...conversations.values()].sort(byCreation);

/** A transcript line's words: the text, or what an event means. */
function describe(m) {
  if (m.buttonResponse) return `${m.text ?? ''} (${m.buttonResponse.type === 'Postback' ? 'card button' : 'quick reply'}: ${m.buttonResponse.payload})`;
  if (m.type !== 'Event') return m.text ?? '';
  const presence = m.events?.[0]?.presence?.type;
  if (presence === 'Disconnect') return 'Ended the conversation.';
  return `Event: ${m.events?.map((e) => e.eventType).join(', ') ?? ''}`;
}
const who = (m) => (m.direction === 'Inbound' ? 'Guest' : m.originatingEntity === 'Bot' ? 'Bot' : m.nickname || 'Agent');

function setStatus(text) {
  $('connection').textContent = text;
}

function renderList() {
  const list = ordered();
  $('empty').hidden = list.length > 0;
  const items = list.reverse().map((c) => {
    const button = el('button');
    button.type = 'button';
    button.dataset.id = c.id;
    button.setAttribute('aria-current', String(c.id === selected));
    const texts = c.messages.filter((m) => m.type !== 'Event');
    const last = texts[texts.length - 1];
    const head = el('span', undefined, 'head');
    head.append(el('span', `Conversation ${shortId(c.id)}`, 'title'));
    if (!isOpen(c)) head.append(el('span', BADGES[c.state] ?? `Ended (${stateText(c)})`, 'badge'));
    head.append(time(last?.time ?? c.updatedAt ?? c.createdAt));
    // The preview is the whole last message; CSS clips it with an ellipsis, the title shows it all.
    const previewText = last ? `${who(last)}: ${describe(last)}` : 'No message yet';
    const preview = el('span', previewText, 'preview');
    preview.title = previewText;
    button.append(head, preview);
    button.addEventListener('click', () => select(c.id, true));
    const item = el('li', undefined, isOpen(c) ? 'open' : 'ended');
    item.append(button);
    return item;
  });
  $('conversations').replaceChildren(...items);
}

/** Each attribute with the messages that brought it, in order, and the value each brought. */
function sources(c) {
  const rows = [];
  for (const m of c.messages) {
    for (const [key, value] of Object.entries(m.customAttributes ?? {})) rows.push({ key, value, message: m });
  }
  return rows;
}

function renderDetail() {
  const c = conversations.get(selected);
  $('detail').hidden = !c;
  if (!c) return;
  $('detail-title').textContent = `Conversation ${shortId(c.id)}`;
  const rest = ` · started ${new Date(c.createdAt).toLocaleString()} · ${stateText(c)}`;
  // From every deployment, a link to this one's own view (its settings are there).
  if (deploymentId) $('meta').textContent = `Deployment ${c.deploymentId}${rest}`;
  else $('meta').replaceChildren('Deployment ', link(c.deploymentId, `/agent/?deploymentId=${encodeURIComponent(c.deploymentId)}`), rest);
  $('following').replaceChildren();
  if (picked) {
    const follow = el('button', 'Follow the newest conversation', 'link');
    follow.type = 'button';
    follow.addEventListener('click', () => {
      picked = false;
      update();
    });
    $('following').append('Showing the conversation you picked. ', follow);
  } else {
    $('following').textContent = 'Following the newest conversation: pick one in the list to stay on it.';
  }
  const open = isOpen(c);
  $('ended').hidden = open;
  $('ended').textContent = open
    ? ''
    : c.sessionExpired && c.state === 'active'
      ? "This conversation has ended: the guest's session expired."
      : c.state === 'cleared'
        ? 'This conversation has ended: the guest cleared it.'
        : 'This conversation has ended: the agent ended it. The guest sees it read-only until they start a new one.';
  $('end-conversation').hidden = c.state !== 'active';

  const data = Object.entries(c.customAttributes);
  $('no-data').hidden = data.length > 0;
  $('data-note').hidden = data.length === 0;
  $('participant-data').hidden = data.length === 0;
  $('participant-data').tBodies[0].replaceChildren(
    ...data.map(([key, value]) => {
      const row = el('tr');
      row.append(el('td', key), el('td', format(value)));
      return row;
    }),
  );
  const brought = sources(c);
  $('sources-title').hidden = brought.length === 0;
  $('attribute-sources').hidden = brought.length === 0;
  $('attribute-sources').replaceChildren(
    ...brought.map(({ key, value, message }) => {
      const item = el('li');
      item.dataset.key = key;
      item.append(
        el('code', key),
        ' = ',
        el('code', format(value)),
        ` brought by ${who(message).toLowerCase() === 'guest' ? "the guest's" : 'the'} message “`,
        el('span', describe(message), 'message-text'),
        '” at ',
        time(message.time),
      );
      return item;
    }),
  );

  const notes = [
    c.droppedMessages ? `${c.droppedMessages} older messages are no longer kept by the emulator.` : '',
    // Live updates carry the newest messages only; the JSON API has every message kept.
    c.omittedMessages ? `${c.omittedMessages} earlier messages are not shown here (GET /api/conversations has them).` : '',
  ].filter(Boolean);
  $('dropped').hidden = notes.length === 0;
  $('dropped').textContent = notes.join(' ');
  $('transcript').replaceChildren(
    ...c.messages.map((m) => {
      const item = el('li', undefined, m.direction);
      if (m.type === 'Event') item.classList.add('event');
      item.append(el('span', who(m), 'who'), el('span', describe(m)), time(m.time));
      if (m.customAttributes) {
        const pairs = Object.entries(m.customAttributes).map(([k, v]) => `${k} = ${format(v)}`);
        item.append(el('span', `arrived with: ${pairs.join(', ')}`, 'attributes'));
      }
      if (m.ignoredAttributes) {
        // Genesys ignores attributes at the frame's top level since 2026-06-05: say so, by name.
        item.append(el('span', `attributes sent in channel.metadata were ignored: Genesys reads only message.channel.metadata since 2026-06-05 (${m.ignoredAttributes.join(', ')})`, 'attributes ignored'));
      }
      return item;
    }),
  );

  $('no-journey').hidden = c.journey.length > 0;
  $('journey').replaceChildren(
    ...c.journey.map((j) => {
      const item = el('li', `${j.kind}: ${JSON.stringify(j.data)}`);
      item.append(time(j.time));
      return item;
    }),
  );
  $('reply').disabled = !open;
  $('send-reply').disabled = !open;
  $('reply-note').hidden = open;
  if (!open) $('reply-error').textContent = '';
}

function select(id, byAgent) {
  if (id !== selected) {
    $('reply-error').textContent = '';
    $('end-error').textContent = '';
  }
  selected = id;
  if (byAgent) {
    picked = true;
    const url = new URL(location.href);
    url.searchParams.set('conversation', id);
    history.replaceState(null, '', url);
  }
  renderList();
  renderDetail();
}

function update() {
  // Follow the newest conversation of what this view shows, until the agent picks one.
  const list = ordered();
  if ((!picked || !conversations.has(selected)) && list.length) selected = list[list.length - 1].id;
  renderList();
  renderDetail();
  document.body.dataset.loaded = 'true';
}

function askForKey(message) {
  stream?.close();
  $('page-error').replaceChildren();
  $('main').hidden = true;
  $('key-form').hidden = false;
  $('key-error').textContent = message;
  setStatus('The agent key is needed.');
  $('agent-key').focus();
}

/**
 * Stops connecting, for good, and says why once (an alert): what follows would be refused
 * again. `parts` are text and links; with `anotherKey`, a button brings the key form back.
 */
function stop(parts, anotherKey) {
  clearTimeout(retryTimer);
  stream?.close();
  $('key-form').hidden = true;
  $('main').hidden = true;
  setStatus('Not connected.');
  $('page-error').replaceChildren(...parts);
  if (anotherKey) {
    const button = el('button', 'Use another key', 'link');
    button.type = 'button';
    button.addEventListener('click', () => {
      sessionStorage.removeItem(KEY_STORAGE);
      askForKey('');
    });
    $('page-error').append(' ', button);
  }
}

function link(text, href) {
  const a = el('a', text);
  a.href = href;
  return a;
}

/** The server's own words for a refusal (`{error}`), or its status. */
async function refusal(res) {
  const body = await res.json().catch(() => ({}));
  return typeof body?.error === 'string' && body.error ? body.error : `The emulator refused the agent view (${res.status}).`;
}

function retry(ms) {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(connect, ms);
}

/** A ticket for the stream, or undefined when there is none (and the page says why). */
async function getTicket() {
  clearTimeout(retryTimer);
  let res;
  try {
    res = await fetch('/api/stream/ticket', { method: 'POST', headers: authHeaders() });
  } catch {
    setStatus('Cannot reach the emulator; retrying…');
    retry(3000);
    return undefined;
  }
  if (res.status === 401) {
    if (agentKey()) {
      sessionStorage.removeItem(KEY_STORAGE);
      askForKey('That key was refused: check it (the instructor\'s agent key, or your own from the lab page) and type it again.');
    } else {
      askForKey('');
    }
    return undefined;
  }
  if (res.status === 403) {
    // Asking again would be refused again: say what the server said, once.
    stop([await refusal(res)], true);
    return undefined;
  }
  if (!res.ok) {
    setStatus(`${await refusal(res)} Retrying…`);
    retry(5000);
    return undefined;
  }
  const { ticket, deploymentId: only } = await res.json();
  // A student's key opens its own deployment only (`deploymentId`); the instructor's, every one (null).
  keyScoped = Boolean(only);
  deploymentId = asked || only || '';
  if (only && asked && only.toLowerCase() !== asked.toLowerCase()) {
    stop([`Your key opens deployment ${only} only, not ${asked}: see `, link('your deployment', `/agent/?deploymentId=${encodeURIComponent(only)}`), '.'], true);
    return undefined;
  }
  renderScope();
  return ticket;
}

async function connect() {
  const ticket = await getTicket();
  if (ticket) openStream(ticket);
}

function streamUrl(ticket) {
  const query = new URLSearchParams({ ticket });
  if (deploymentId) query.set('deploymentId', deploymentId);
  return `/api/stream?${query}`;
}

/**
 * The stream was refused before it said anything, and EventSource does not say why: ask the
 * same once with fetch. A refusal that would come again (400, 403, 404) stops the view with
 * the server's words; anything else is tried again.
 */
async function diagnose() {
  const ticket = await getTicket();
  if (!ticket) return;
  const controller = new AbortController();
  let res;
  try {
    res = await fetch(streamUrl(ticket), { signal: controller.signal });
  } catch {
    setStatus('Cannot reach the emulator; retrying…');
    retry(3000);
    return;
  }
  if ([400, 403, 404].includes(res.status)) {
    stop([await refusal(res)], res.status === 403);
    return;
  }
  if (res.ok || res.status === 401) {
    controller.abort();
    setStatus('Disconnected from the emulator; reconnecting…');
    retry(2000);
    return;
  }
  setStatus(`${await refusal(res)} Retrying…`);
  retry(5000);
}

function openStream(ticket) {
  stream?.close();
  const source = new EventSource(streamUrl(ticket));
  stream = source;
  let live = false;
  source.addEventListener('snapshot', (event) => {
    live = true;
    $('page-error').replaceChildren();
    const data = JSON.parse(event.data);
    conversations = new Map(data.conversations.map((c) => [c.id, c]));
    $('key-form').hidden = true;
    $('main').hidden = false;
    setStatus('Live.');
    update();
  });
  source.addEventListener('conversation', (event) => {
    const c = JSON.parse(event.data);
    conversations.set(c.id, c);
    update();
  });
  source.addEventListener('removed', (event) => {
    conversations.delete(JSON.parse(event.data).id);
    update();
  });
  source.addEventListener('error', () => {
    // A ticket works once: reconnect with a new one (a fresh snapshot follows). Refused before
    // any snapshot: find out why first.
    source.close();
    if (!live) {
      diagnose();
      return;
    }
    setStatus('Disconnected from the emulator; reconnecting…');
    retry(2000);
  });
}

$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = $('agent-key').value.trim();
  if (!key) {
    $('key-error').textContent = 'Type the agent key first.';
    return;
  }
  sessionStorage.setItem(KEY_STORAGE, key);
  $('agent-key').value = '';
  $('key-error').textContent = '';
  connect();
});

/** POSTs as the agent; a refused key brings the key form back. */
async function agentPost(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...authHeaders() },
    body: JSON.stringify(body),
  });
  if (res.status === 401) {
    sessionStorage.removeItem(KEY_STORAGE);
    askForKey('The agent key was refused: type it again.');
  }
  if (!res.ok) throw new Error((await res.json().catch(() => ({}))).error ?? `The request failed (${res.status}).`);
  return res;
}

$('reply-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('reply');
  const text = input.value;
  $('reply-error').textContent = '';
  if (!text.trim()) {
    $('reply-error').textContent = 'Type a reply first.';
    return;
  }
  try {
    await agentPost(`/api/conversations/${encodeURIComponent(selected)}/messages`, { text });
    input.value = '';
  } catch (error) {
    $('reply-error').textContent = error.message;
  }
});

$('end-conversation').addEventListener('click', async () => {
  const button = $('end-conversation');
  $('end-error').textContent = '';
  button.disabled = true;
  try {
    await agentPost(`/api/conversations/${encodeURIComponent(selected)}/disconnect`, {});
  } catch (error) {
    $('end-error').textContent = error.message;
  } finally {
    button.disabled = false;
  }
});

function renderScope() {
  // One deployment in view: its settings beside it (the instructor's key changes them).
  if (deploymentId) showSettings({ deploymentId, canChange: !keyScoped, headers: authHeaders });
  const scope = $('scope');
  if (!deploymentId) scope.textContent = 'Showing every deployment.';
  else if (keyScoped) scope.textContent = `Showing deployment ${deploymentId} only (your key opens only this deployment).`;
  else scope.replaceChildren(`Showing deployment ${deploymentId} only (`, link('all deployments', '/agent/'), ').');
}

if (asked && !UUID.test(asked)) {
  // The stream would refuse it (400) at every try: say so once, and do not connect.
  const shown = asked.length > 60 ? `${asked.slice(0, 60)}…` : asked;
  stop([
    `“${shown}” in this address is not a valid deployment ID: a deployment ID is a UUID, such as 5d1b8c2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f. See `,
    link('all deployments', '/agent/'),
    ', or check the link you followed.',
  ]);
} else {
  // The scope shows with the ticket, which says whether the key opens one deployment only.
  connect();
}
