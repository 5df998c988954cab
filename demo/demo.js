// The demo's page script (it runs before the elements upgrade: see index.html).
// - Messenger from: the offline emulator (bootstrap-src) or Genesys Cloud (the real CDN).
// - The "persist" checkbox. Both are remembered for the browser session.
// - The agent-view link follows the deployment this page uses.
const SOURCE_KEY = 'gc-lab-demo:source';
const PERSIST_KEY = 'gc-lab-demo:persist';
const EMULATOR = '/emulator/genesys-runtime.js';

const messenger = document.getElementById('messenger');
const cloudNote = document.getElementById('source-cloud-note');
const source = sessionStorage.getItem(SOURCE_KEY) === 'cloud' ? 'cloud' : 'offline';
document.getElementById(`source-${source}`).checked = true;
cloudNote.hidden = source !== 'cloud';
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

document.addEventListener('gc-messenger-state', (event) => {
  const id = event.detail.deploymentId;
  for (const link of document.querySelectorAll('a.agent-link')) {
    link.href = id && source === 'offline' ? `/agent/?deploymentId=${encodeURIComponent(id)}` : '/agent/';
  }
});
