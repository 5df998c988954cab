// The demo's page script (it runs before the elements upgrade: see index.html).
// - Messenger from: the offline emulator (bootstrap-src) or Genesys Cloud (the real CDN).
// - The "persist" checkbox. Both are remembered for the browser session.
// - The agent-view link follows the deployment this page uses. Offline, it also carries the
//   student's own agent key for that deployment: claimed from the server once (the first
//   browser to ask gets it), then kept in localStorage, so that reloads and other tabs reuse it
//   (while the server knows it: a restarted server has forgotten every key, and gives it anew).
const SOURCE_KEY = 'gc-lab-demo:source';
const PERSIST_KEY = 'gc-lab-demo:persist';
const EMULATOR = '/emulator/genesys-runtime.js';

const messenger = document.getElementById('messenger');
const cloudNote = document.getElementById('source-cloud-note');
const source = sessionStorage.getItem(SOURCE_KEY) === 'cloud' ? 'cloud' : 'offline';
document.getElementById(`source-${source}`).checked = true;
cloudNote.hidden = source !== 'cloud';
// The steps name only what this source shows (no Generate button with Genesys Cloud).
for (const el of document.querySelectorAll('.offline-only')) el.hidden = source !== 'offline';
for (const el of document.querySelectorAll('.cloud-only')) el.hidden = source !== 'cloud';
if (source === 'cloud') messenger.removeAttribute('bootstrap-src');
else messenger.setAttribute('bootstrap-src', EMULATOR);

for (const radio of document.querySelectorAll('input[name=source]')) {
  radio.addEventListener('change', () => {
    if (!radio.checked || radio.value === source) return;
    sessionStorage.setItem(SOURCE_KEY, radio.value);
    // Messenger cannot be unloaded from a page: another source takes a page load.
    location.reload();
  });
}

const toggle = document.getElementById('persist-toggle');
const plugin = document.getElementById('database-plugin');
function applyPersist(on) {
  toggle.checked = on;
  plugin.toggleAttribute('persist', on);
}
applyPersist(sessionStorage.getItem(PERSIST_KEY) === 'true');
toggle.addEventListener('change', () => {
  sessionStorage.setItem(PERSIST_KEY, String(toggle.checked));
  applyPersist(toggle.checked);
});

const KEY_PREFIX = 'gc-lab-demo:agent-key:';
const keyNote = document.getElementById('agent-key-note');
const KEY_HELD =
  'This deployment ID is someone else\'s (or yours, from another browser): its agent view needs the key given with it, which is never given twice. Generate an ID of your own to get yours.';
/** @type {Map<string, Promise<{ key?: string, note?: string }>>} one claim per deployment and page */
const claims = new Map();
/** The deployment the links show now (the messenger reports its state more than once). */
let shownId = '';

function readKey(name) {
  try {
    return localStorage.getItem(name) || '';
  } catch {
    return '';
  }
}

/** Does the server still know `key` as the key of `id`? When it cannot tell, yes. */
async function known(id, key) {
  try {
    const res = await fetch('/api/stream/ticket', { method: 'POST', headers: { Authorization: `Bearer ${key}` } });
    if (res.status === 401) return false;
    if (!res.ok) return true;
    // A key the server does not know opens every deployment on a loopback bind: not this one's.
    return String((await res.json())?.deploymentId).toLowerCase() === id.toLowerCase();
  } catch {
    return true;
  }
}

/** This browser's key for `id`, or a claim for one: `{ key }`, or `{ note }` saying why there is none. */
async function claimKey(id) {
  const name = KEY_PREFIX + id.toLowerCase();
  const held = readKey(name);
  if (held && (await known(id, held))) return { key: held };
  let res;
  let body;
  try {
    res = await fetch(`/api/deployments/${encodeURIComponent(id)}/key`, { method: 'POST' });
    body = await res.json().catch(() => ({}));
  } catch {
    return { note: 'No key for the agent view: the server cannot be reached. Reload the page to try again.' };
  }
  if (res.status === 201 && typeof body?.key === 'string') {
    try {
      localStorage.setItem(name, body.key);
    } catch {
      // Not kept (storage off or full): this page still links with it.
    }
    return { key: body.key };
  }
  // Another tab of this browser may have claimed it meanwhile.
  if (res.status === 409) return readKey(name) ? { key: readKey(name) } : { note: KEY_HELD };
  return { note: `No key for the agent view: ${body?.error || `the server answered ${res.status}`}` };
}

function setLinks(href) {
  for (const link of document.querySelectorAll('a.agent-link')) link.href = href;
}

document.addEventListener('gc-messenger-state', async (event) => {
  const id = event.detail?.deploymentId;
  if (!id || source !== 'offline') {
    shownId = '';
    keyNote.textContent = '';
    setLinks('/agent/');
    return;
  }
  if (id === shownId) return;
  shownId = id;
  keyNote.textContent = '';
  const base = `/agent/?deploymentId=${encodeURIComponent(id)}`;
  setLinks(base);
  if (!claims.has(id)) claims.set(id, claimKey(id));
  const { key, note } = await claims.get(id);
  if (id !== shownId) return;
  if (key) setLinks(`${base}&key=${encodeURIComponent(key)}`);
  else keyNote.textContent = note;
});
