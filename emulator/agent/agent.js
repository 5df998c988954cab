// The agent view: conversations as the emulated cloud received them, live (server-sent
// events), with a reply box and an "End conversation" button, and beside each its visitor's
// Predictive Engagement session (journey.js); visitors with no conversation yet are listed
// too. Everything from the server is shown with textContent only. The key, the ticket and the
// stream are connection.js's; the key is the instructor's (every deployment) or a student's
// own (that deployment only; the ticket says which).
import { showSettings } from './settings.js';
import { $, el, time, link, shortId } from './dom.js';
import { renderJourneyPanel, renderVisitors } from './journey.js';
import { renderFlowTrace } from './flow.js';
import { showFlowEditor } from './flow-editor.js';
import { renderScript } from './script.js';
import { agentPost, authHeaders, startConnection, stop } from './connection.js';

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
/** @type {Map<string, any>} the visitors' Predictive Engagement (GPE) sessions, by id */
let journeySessions = new Map();
let selected = params.get('conversation');
/** A visitor with no conversation picked in the list: its GPE session alone is in view. */
let selectedVisitor = params.get('visitor');
/** The agent picked a conversation or a visitor: stop following the newest. */
let picked = Boolean(selected || selectedVisitor);

// Participant data arrives as strings (as Genesys keeps it); anything else is shown as text too.
const format = (value) => String(value);
const STATES = { active: 'active', disconnected: 'ended by the agent', cleared: 'cleared by the guest' };
const BADGES = { disconnected: 'Ended by the agent', cleared: 'Cleared by the guest' };
const stateText = (c) =>
  c.sessionExpired ? `${STATES[c.state] ?? c.state}, session expired` : c.guestLeft && c.state === 'active' ? 'the guest left (session cleared)' : STATES[c.state] ?? c.state;
const isOpen = (c) => c.state === 'active' && !c.sessionExpired && !c.guestLeft;
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

function renderList() {
  const list = ordered();
  $('empty').hidden = list.length > 0;
  const items = list.reverse().map((c) => {
    const button = el('button');
    button.type = 'button';
    button.dataset.id = c.id;
    button.setAttribute('aria-current', String(c.id === selected && !selectedVisitor));
    const texts = c.messages.filter((m) => m.type !== 'Event');
    const last = texts[texts.length - 1];
    const head = el('span', undefined, 'head');
    head.append(el('span', `Conversation ${shortId(c.id)}`, 'title'));
    if (!isOpen(c)) head.append(el('span', c.guestLeft && c.state === 'active' ? 'Guest left' : BADGES[c.state] ?? `Ended (${stateText(c)})`, 'badge'));
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
  renderVisitors(journeySessions, selectedVisitor, selectVisitor);
}

/** Who set a participant data value, in words (the service's `source`). */
const SET_BY = { flow: 'the flow (Set Participant Data)', script: 'the Agent Script (output variable)', agent: 'the agent', message: "a guest's message", guest: "a guest's message" };

/**
 * The participant data with who set each value: the conversation's `participantData`
 * (`{name: {value, source, time}}`) where the service gives it, else its custom attributes
 * (every one brought by a guest's message).
 */
function participantRows(c) {
  const rows = new Map();
  for (const [key, value] of Object.entries(c.customAttributes ?? {})) rows.set(key, { key, value, source: 'message' });
  for (const [key, entry] of Object.entries(c.participantData ?? {})) {
    if (entry && typeof entry === 'object') rows.set(key, { key, value: entry.value, source: entry.source ?? 'message', time: entry.time });
    else rows.set(key, { key, value: entry, source: rows.get(key)?.source ?? 'message' });
  }
  return [...rows.values()];
}

/** Values the Agent Script saved: shown at once (the stream's update follows and replaces them). */
function scriptSaved(id, values, answer) {
  const c = conversations.get(id);
  if (!c) return;
  // The service answers with the whole conversation as it is now (the stream's shape).
  if (answer?.id === id && Array.isArray(answer.messages)) conversations.set(id, answer);
  else {
    const at = new Date().toISOString();
    c.participantData = { ...(c.participantData ?? {}) };
    for (const [key, value] of Object.entries(values)) c.participantData[key] = { value, source: 'script', time: at };
    c.customAttributes = { ...c.customAttributes, ...values };
  }
  renderDetail();
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
  const visitor = selectedVisitor ? journeySessions.get(selectedVisitor) : undefined;
  const c = visitor ? undefined : conversations.get(selected);
  // Beside the conversation, its visitor's GPE session; or a visitor's session alone.
  const session = visitor ?? (c?.journeySessionId ? journeySessions.get(c.journeySessionId) : undefined);
  renderJourneyPanel({ session, conversation: c, who, describe });
  renderFlowTrace(c);
  renderScript({ conversation: c, session: c ? session : undefined, saved: scriptSaved });
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
    : c.guestLeft && c.state === 'active'
      ? `The guest left at ${new Date(c.guestLeft).toLocaleTimeString()}: their session was cleared (Clear Session), so nobody reads this conversation any more. Replies are refused.`
      : c.sessionExpired && c.state === 'active'
      ? "This conversation has ended: the guest's session expired."
      : c.state === 'cleared'
        ? 'This conversation has ended: the guest cleared it.'
        : 'This conversation has ended: the agent ended it. The guest sees it read-only until they start a new one.';
  $('end-conversation').hidden = c.state !== 'active';

  const data = participantRows(c);
  $('no-data').hidden = data.length > 0;
  $('data-note').hidden = data.length === 0;
  $('participant-data').hidden = data.length === 0;
  $('participant-data').tBodies[0].replaceChildren(
    ...data.map(({ key, value, source, time: at }) => {
      const row = el('tr');
      row.dataset.source = source;
      const setBy = el('td', SET_BY[source] ?? source, 'set-by');
      if (at) setBy.append(' ', time(at));
      row.append(el('td', key), el('td', format(value)), setBy);
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
      if (m.direction === 'Outbound' && m.originatingEntity === 'Bot') item.classList.add('bot');
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
  $('reply').disabled = !open;
  $('send-reply').disabled = !open;
  $('reply-note').hidden = open;
  $('reply-note').textContent =
    c.guestLeft && c.state === 'active'
      ? 'The guest left this conversation (their session was cleared): a reply would reach nobody.'
      : 'This conversation has ended: it is read-only until the guest starts a new one.';
  if (!open) $('reply-error').textContent = '';
}

function select(id, byAgent) {
  if (id !== selected) {
    $('reply-error').textContent = '';
    $('end-error').textContent = '';
  }
  selected = id;
  selectedVisitor = null;
  if (byAgent) remember('conversation', id);
  renderList();
  renderDetail();
}

/** A visitor with no conversation yet, picked in the list: its GPE session in view. */
function selectVisitor(id) {
  selectedVisitor = id;
  remember('visitor', id);
  renderList();
  renderDetail();
}

/** The agent's pick, kept in the address (a reload shows the same). */
function remember(kind, id) {
  picked = true;
  const url = new URL(location.href);
  url.searchParams.delete(kind === 'visitor' ? 'conversation' : 'visitor');
  url.searchParams.set(kind, id);
  history.replaceState(null, '', url);
}

/** The newest of the visitors with no conversation yet (by their last event). */
function newestVisitor() {
  let newest;
  for (const s of journeySessions.values()) {
    const at = s.lastEvent?.createdDate ?? s.createdDate;
    if (!s.conversationIds.length && (!newest || at > newest.at)) newest = { id: s.id, at };
  }
  return newest?.id ?? null;
}

function update() {
  // Follow the newest conversation of what this view shows (or, with none, the newest
  // visitor), until the agent picks one. A visitor whose conversation starts is shown with it.
  const list = ordered();
  const visitor = selectedVisitor ? journeySessions.get(selectedVisitor) : undefined;
  if (visitor?.conversationIds.length) {
    selected = visitor.conversationIds[visitor.conversationIds.length - 1];
    selectedVisitor = null;
  } else if (selectedVisitor && !visitor && picked) {
    selectedVisitor = null;
    picked = false;
  }
  if (!picked || (!selectedVisitor && !conversations.has(selected))) {
    selectedVisitor = null;
    if (list.length) selected = list[list.length - 1].id;
    else selectedVisitor = newestVisitor();
  }
  renderList();
  renderDetail();
  document.body.dataset.loaded = 'true';
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
  if (deploymentId) {
    showSettings({ deploymentId, canChange: !keyScoped, headers: authHeaders });
    showFlowEditor({ deploymentId, student: keyScoped });
  }
  const scope = $('scope');
  if (!deploymentId) scope.textContent = 'Showing every deployment.';
  else if (keyScoped) scope.textContent = `Showing deployment ${deploymentId} only (your key opens only this deployment).`;
  else scope.replaceChildren(`Showing deployment ${deploymentId} only (`, link('all deployments', '/agent/'), ').');
}

/** What the stream brings: the first snapshot, then conversations and GPE sessions as they change. */
const streamed = {
  asked,
  onScope(only, scoped) {
    deploymentId = only;
    keyScoped = scoped;
    renderScope();
  },
  onSnapshot(data) {
    conversations = new Map(data.conversations.map((c) => [c.id, c]));
    journeySessions = new Map((data.journeySessions ?? []).map((s) => [s.id, s]));
    update();
  },
  on: {
    conversation(c) {
      conversations.set(c.id, c);
      update();
    },
    removed({ id }) {
      conversations.delete(id);
      update();
    },
    // The visitors' GPE sessions: an event reaches the view the moment it is sent.
    journeySession(s) {
      journeySessions.set(s.id, s);
      update();
    },
    journeyRemoved({ id }) {
      journeySessions.delete(id);
      update();
    },
  },
};

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
  startConnection(streamed);
}
