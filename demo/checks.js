// The lab page's guided checks: after each step of the Database exercises, what really reached
// the offline Genesys, in words. They read the page's own events (gc-attributes-set,
// gc-attributes-sent, the guest's messages) and the service's API for this deployment
// (GET /api/conversations, with this browser's key for it), so that a student who repeats an
// exercise in the same conversation is told where the agent's data really came from.
//
// Offline only: with Genesys Cloud there is nothing here to ask.
const STATE_KEY = 'gc-lab-demo:checks';
const KEY_PREFIX = 'gc-lab-demo:agent-key:';
const MAX_CHECKS = 8;

const list = document.getElementById('checks');
const startClean = document.getElementById('start-clean');
const panel = document.getElementById('checks-panel');
const messenger = document.getElementById('messenger');
const plugin = document.getElementById('database-plugin');

/** What this tab remembers across page loads: pending keys not yet sent, and the checks said. */
function readState() {
  try {
    const value = JSON.parse(sessionStorage.getItem(STATE_KEY) ?? '{}');
    return {
      pending: Array.isArray(value.pending) ? value.pending.filter((k) => typeof k === 'string').slice(0, 50) : [],
      values: value.values && typeof value.values === 'object' ? value.values : {},
      setAt: typeof value.setAt === 'number' ? value.setAt : 0,
      checks: Array.isArray(value.checks) ? value.checks.filter((c) => typeof c?.text === 'string').slice(-MAX_CHECKS) : [],
    };
  } catch {
    return { pending: [], values: {}, setAt: 0, checks: [] };
  }
}
let state = readState();
function save() {
  try {
    sessionStorage.setItem(STATE_KEY, JSON.stringify(state));
  } catch {
    /* the checks still show on this page */
  }
}

/** Says what happened: newest last, the older ones kept for the tab (a page load does not hide them). */
export function say(text, kind = 'info') {
  state.checks = [...state.checks, { text, kind, at: Date.now() }].slice(-MAX_CHECKS);
  save();
  render();
  // Screen readers hear the newest check only, not the whole list again.
  document.getElementById('checks-announce').textContent = text;
}

function render() {
  list.replaceChildren(
    ...state.checks.map((check) => {
      const item = document.createElement('li');
      item.className = `check ${check.kind}`;
      const time = document.createElement('time');
      time.dateTime = new Date(check.at).toISOString();
      time.textContent = new Date(check.at).toLocaleTimeString();
      item.append(time, ' ', check.text);
      return item;
    }),
  );
  document.getElementById('no-checks').hidden = state.checks.length > 0;
}

/** The deployment the messenger runs, as it last said (its form or its attributes). */
let currentId = '';
document.addEventListener('gc-messenger-state', (event) => {
  if (event.detail?.state === 'ready' || event.detail?.state === 'loading') currentId = event.detail.deploymentId || '';
});
const deploymentId = () => currentId;
const offline = () => messenger.hasAttribute('bootstrap-src');

function keyHeaders(id) {
  let key = '';
  try {
    key = localStorage.getItem(KEY_PREFIX + id.toLowerCase()) || '';
  } catch {
    /* no key: fine on this machine (loopback) */
  }
  return key ? { Authorization: `Bearer ${key}` } : {};
}

/** This deployment's conversations, as the agent sees them, newest first; undefined when they cannot be read. */
async function conversations(id) {
  try {
    const res = await fetch(`/api/conversations?deploymentId=${encodeURIComponent(id)}`, { headers: keyHeaders(id) });
    if (!res.ok) return undefined;
    const body = await res.json();
    const all = Array.isArray(body) ? body : body.conversations;
    return Array.isArray(all) ? all.slice().sort((a, b) => String(b.updatedAt ?? '').localeCompare(String(a.updatedAt ?? ''))) : undefined;
  } catch {
    return undefined;
  }
}

const pairs = (attributes) => Object.entries(attributes ?? {}).map(([k, v]) => `${k} = ${v}`).join(', ');
const quote = (text) => `"${text.length > 60 ? `${text.slice(0, 57)}…` : text}"`;
const clock = (iso) => new Date(iso).toLocaleTimeString();

/** The conversation holding the guest's message `text` (the newest such message), waiting a little for the service to store it. */
async function find(id, text) {
  for (let i = 0; i < 20; i++) {
    const list = await conversations(id);
    if (!list) return undefined;
    for (const conversation of list) {
      const messages = (conversation.messages ?? []).filter((m) => m.direction === 'Inbound' && m.text === text);
      if (messages.length) return { conversation, message: messages[messages.length - 1] };
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return undefined;
}

/** The guest sent `text`: what did the agent receive with it, and where does the conversation's data come from? */
async function checkMessage(text) {
  const id = deploymentId();
  if (!id) return;
  const found = await find(id, text);
  if (!found) return;
  const { conversation, message } = found;
  const carried = message.customAttributes && Object.keys(message.customAttributes).length ? message.customAttributes : undefined;
  if (carried) {
    startClean.hidden = true;
    const inbound = (conversation.messages ?? []).filter((m) => m.direction === 'Inbound' && m.type === 'Text');
    const first = inbound[0];
    if (first && first.id !== message.id && conversation.flow) {
      // Architect runs the flow at the first message: what comes later reaches the agent only.
      say(
        `The agent received ${pairs(carried)} with your message ${quote(text)}, but it was not the conversation's first: ` +
          `the flow already ran at ${quote(first.text ?? '')} (${clock(first.time)}) and answered without them. The agent sees them; the bot never will.`,
        'warn',
      );
      return;
    }
    say(`The agent received ${pairs(carried)} with your message ${quote(text)}.`, 'ok');
    return;
  }
  const earlier = (conversation.messages ?? []).filter((m) => m.direction === 'Inbound' && m.customAttributes && Object.keys(m.customAttributes).length);
  if (earlier.length) {
    const last = earlier[earlier.length - 1];
    say(
      `Your message ${quote(text)} carried no custom attributes. What the agent sees on this conversation ` +
        `(${Object.keys(conversation.customAttributes ?? last.customAttributes).join(', ')}) came with an earlier message, ${quote(last.text)} at ${clock(last.time)}, not this one. ` +
        'To see an exercise on its own, start clean: end this conversation and start a new one.',
      'warn',
    );
    startClean.dataset.conversation = conversation.id;
    startClean.hidden = false;
  } else {
    say(`Your message ${quote(text)} carried no custom attributes, and this conversation has none: the agent sees no participant data.`, 'info');
  }
}

/** After a page load: were keys pending (set, never sent)? Then this load lost them, unless persist set them again. */
async function checkPageLoad() {
  if (!state.pending.length) return;
  const lost = state.pending;
  const setAt = state.setAt;
  await customElements.whenDefined('gc-database-plugin');
  // The panel restores with persist once Database is ready; give it that moment.
  for (let i = 0; i < 40 && !currentId; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  if (plugin.status === 'pending') {
    say(`This page load kept ${lost.join(', ')}: persist set them again, and your next message carries them.`, 'ok');
    return;
  }
  state.pending = [];
  const id = deploymentId();
  const list = id ? await conversations(id) : undefined;
  const newest = list?.[0];
  const held = newest?.customAttributes ?? {};
  // Keys the conversation already has with the same value were not lost: an earlier message carried them.
  const there = lost.filter((k) => Object.prototype.hasOwnProperty.call(held, k) && String(held[k]) === state.values[k]);
  const gone = lost.filter((k) => !there.includes(k));
  const since = (newest?.messages ?? []).filter((m) => m.direction === 'Inbound' && m.customAttributes && Date.parse(m.time) >= setAt);
  const what = !newest ? 'no conversation received them' : since.length ? 'a message carried some of it before the load' : 'this conversation received nothing new';
  const already = there.length ? ` (${there.map((k) => `${k} = ${held[k]}`).join(', ')} ${there.length === 1 ? 'was' : 'were'} already on the conversation, from an earlier message)` : '';
  save();
  if (!gone.length) {
    say(`This page load dropped what the page held, but the conversation already had all of it from an earlier message${already}.`, 'info');
    return;
  }
  say(`This page load lost ${gone.join(', ')} (set at ${new Date(setAt).toLocaleTimeString()}, never sent): ${what}${already}.`, 'warn');
}

document.addEventListener('gc-attributes-set', (event) => {
  const keys = Object.keys(event.attributes ?? {});
  if (!Object.keys(event.pending ?? {}).length) {
    say(`Nothing new to send: ${keys.join(', ')} ${keys.length === 1 ? 'was' : 'were'} already sent with your last message, with the same ${keys.length === 1 ? 'value' : 'values'}. Setting exactly what is held, unchanged, sends nothing (set part of it, or anything new, and the whole set travels again).`, 'info');
    return;
  }
  state.pending = Object.keys(event.pending);
  // The values too (as text, as the agent gets them), to tell after a load which keys the
  // conversation already had with the same value.
  state.values = Object.fromEntries(Object.entries(event.pending).slice(0, 50).map(([k, v]) => [k, String(v).slice(0, 200)]));
  state.setAt = Date.now();
  save();
});

document.addEventListener('gc-attributes-sent', () => {
  state.pending = [];
  save();
});

document.addEventListener('gc-session-clear', () => {
  state = { pending: [], values: {}, setAt: 0, checks: [] };
  save();
});

document.addEventListener('gc-genesys-event', (event) => {
  if (event.eventName !== 'MessagingService.messagesReceived' || !offline()) return;
  for (const message of event.data?.messages ?? []) {
    if (message?.direction === 'Inbound' && typeof message.text === 'string' && message.text) void checkMessage(message.text);
  }
});

startClean.addEventListener('click', async () => {
  const id = deploymentId();
  const conversation = startClean.dataset.conversation;
  if (!id || !conversation) return;
  try {
    const res = await fetch(`/api/conversations/${encodeURIComponent(conversation)}/disconnect`, { method: 'POST', headers: keyHeaders(id) });
    if (!res.ok) throw new Error((await res.json().catch(() => ({})))?.error || `the server answered ${res.status}`);
    startClean.hidden = true;
    say('Ended that conversation. Press "Start a new conversation" in the chat: the new one has only the data its own messages carry.', 'ok');
  } catch (error) {
    say(`Could not end the conversation: ${error instanceof Error ? error.message : error}. Clear Session (section 5) starts clean too.`, 'warn');
  }
});

if (offline()) {
  panel.hidden = false;
  render();
  void checkPageLoad();
}
