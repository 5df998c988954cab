// The demo's one bit of page script: the "persist" checkbox, remembered for the session.
const KEY = 'gc-lab-demo:persist';
const toggle = document.getElementById('persist-toggle');
const plugin = document.getElementById('database-plugin');

function apply(on) {
  toggle.checked = on;
  plugin.toggleAttribute('persist', on);
}

apply(sessionStorage.getItem(KEY) === 'true');
toggle.addEventListener('change', () => {
  sessionStorage.setItem(KEY, String(toggle.checked));
  apply(toggle.checked);
});
