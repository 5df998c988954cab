// The agent view's connection to the emulator: the agent key (from `?key=` on the first URL,
// then removed from the address bar, or from the key form; kept for this tab in
// sessionStorage), the stream's single-use ticket (EventSource cannot send an Authorization
// header; the key never goes into a URL the server logs), the event stream itself, reconnecting,
// and saying once why it stops. The view (agent.js) says what to do with what arrives.
import { $, el, link } from './dom.js';

const KEY_STORAGE = 'gc-lab:agent-key';
/** The deployment in view: the one asked for, or the only one a student's key opens. */
let deploymentId = '';
let stream;
let retryTimer;
/**
 * What the view asked for and wants to hear (see `startConnection`).
 * @type {{ asked: string, onScope: (deploymentId: string, keyScoped: boolean) => void, onSnapshot: (data: any) => void, on: Record<string, (data: any) => void> }}
 */
let view;

const params = new URLSearchParams(location.search);
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

export function setStatus(text) {
  $('connection').textContent = text;
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
export function stop(parts, anotherKey) {
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
  const { asked } = view;
  deploymentId = asked || only || '';
  if (only && asked && only.toLowerCase() !== asked.toLowerCase()) {
    stop([`Your key opens deployment ${only} only, not ${asked}: see `, link('your deployment', `/agent/?deploymentId=${encodeURIComponent(only)}`), '.'], true);
    return undefined;
  }
  view.onScope(deploymentId, Boolean(only));
  return ticket;
}

export async function connect() {
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
    $('key-form').hidden = true;
    $('main').hidden = false;
    setStatus('Live.');
    view.onSnapshot(JSON.parse(event.data));
  });
  for (const [name, handle] of Object.entries(view.on)) source.addEventListener(name, (event) => handle(JSON.parse(event.data)));
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
export async function agentPost(path, body) {
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

/**
 * Asks the agent API as the agent (GET, PUT, POST, DELETE with a JSON body): resolves
 * `{ok, status, body}` (the body parsed, `{}` when it is not JSON); a refused key brings the
 * key form back. A network failure rejects.
 */
export async function agentRequest(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...authHeaders() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401) {
    sessionStorage.removeItem(KEY_STORAGE);
    askForKey('The agent key was refused: type it again.');
  }
  return { ok: res.ok, status: res.status, body: await res.json().catch(() => ({})) };
}

export { authHeaders };

/**
 * Connects the view: `asked` is the deployment its address names ('' for every one);
 * `onScope` hears which deployment the key opens, `onSnapshot` the stream's first message,
 * `on` the stream's other events by name.
 * @param {typeof view} options
 */
export function startConnection(options) {
  view = options;
  connect();
}
