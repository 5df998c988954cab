// The agent view: conversations as the emulated cloud received them, live (server-sent
// events), with a reply box and an "End conversation" button. Everything from the server is
// shown with textContent only.
const $ = (id) => document.getElementById(id);
let conversations = [];
let selected = new URLSearchParams(location.search).get('conversation');

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
const stateText = (c) => (c.sessionExpired ? `${STATES[c.state] ?? c.state}, session expired` : STATES[c.state] ?? c.state);
const isOpen = (c) => c.state === 'active' && !c.sessionExpired;

/** A transcript line's words: the text, or what an event means. */
function describe(m) {
  if (m.type !== 'Event') return m.text ?? '';
  const presence = m.events?.[0]?.presence?.type;
  if (presence === 'Disconnect') return 'Ended the conversation.';
  return `Event: ${m.events?.map((e) => e.eventType).join(', ') ?? ''}`;
}
const who = (m) => (m.direction === 'Inbound' ? 'Guest' : m.originatingEntity === 'Bot' ? 'Bot' : m.nickname || 'Agent');

function renderList() {
  $('empty').hidden = conversations.length > 0;
  const items = conversations
    .slice()
    .reverse()
    .map((c) => {
      const button = el('button');
      button.type = 'button';
      button.dataset.id = c.id;
      button.setAttribute('aria-current', String(c.id === selected));
      const texts = c.messages.filter((m) => m.type !== 'Event');
      const last = texts[texts.length - 1];
      button.append(
        el('span', `Conversation ${shortId(c.id)}${isOpen(c) ? '' : ` (${stateText(c)})`}`),
        el('small', `${texts.length} message${texts.length === 1 ? '' : 's'}${last ? ` · last: ${describe(last).slice(0, 40)}` : ''}`),
      );
      button.addEventListener('click', () => select(c.id));
      const item = el('li');
      item.append(button);
      return item;
    });
  $('conversations').replaceChildren(...items);
}

function renderDetail() {
  const c = conversations.find((x) => x.id === selected);
  $('detail').hidden = !c;
  if (!c) return;
  $('detail-title').textContent = `Conversation ${shortId(c.id)}`;
  $('meta').textContent = `Deployment ${c.deploymentId} · started ${new Date(c.createdAt).toLocaleString()} · ${stateText(c)}`;
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
  $('participant-data').hidden = data.length === 0;
  $('participant-data').tBodies[0].replaceChildren(
    ...data.map(([key, value]) => {
      const row = el('tr');
      row.append(el('td', key), el('td', format(value)));
      return row;
    }),
  );

  $('transcript').replaceChildren(
    ...c.messages.map((m) => {
      const item = el('li', undefined, m.direction);
      if (m.type === 'Event') item.classList.add('event');
      item.append(el('span', who(m), 'who'), el('span', describe(m)), time(m.time));
      if (m.customAttributes) {
        const pairs = Object.entries(m.customAttributes).map(([k, v]) => `${k} ${format(v)}`);
        item.append(el('span', `arrived with: ${pairs.join(', ')}`, 'attributes'));
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

function select(id) {
  if (id !== selected) {
    $('reply-error').textContent = '';
    $('end-error').textContent = '';
  }
  selected = id;
  const url = new URL(location.href);
  url.searchParams.set('conversation', id);
  history.replaceState(null, '', url);
  renderList();
  renderDetail();
}

function update(list) {
  conversations = list;
  if (!selected && list.length) selected = list[list.length - 1].id;
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
    const res = await fetch(`/api/conversations/${encodeURIComponent(selected)}/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text }),
    });
    if (!res.ok) throw new Error((await res.json()).error ?? `The reply failed (${res.status}).`);
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
    const res = await fetch(`/api/conversations/${encodeURIComponent(selected)}/disconnect`, { method: 'POST' });
    if (!res.ok) throw new Error((await res.json()).error ?? `Ending the conversation failed (${res.status}).`);
  } catch (error) {
    $('end-error').textContent = error.message;
  } finally {
    button.disabled = false;
  }
});

const stream = new EventSource('/api/stream');
stream.addEventListener('conversations', (event) => {
  $('connection').textContent = 'Live.';
  update(JSON.parse(event.data));
});
stream.addEventListener('error', () => {
  $('connection').textContent = 'Disconnected from the emulator; retrying…';
});
