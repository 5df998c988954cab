// The deployment's settings in the agent view, as an admin sets them in Genesys Cloud: the
// allowed domains (pages Messenger may run on), auto-start, what an ended conversation becomes,
// whether the guest may clear it, Predictive Engagement on or off and where its visitors seem to
// be (emulated). The instructor's key changes them (PUT
// /api/deployments/<id>/settings); a student's key shows them. A refused change says why and
// changes nothing; "Restore the lab's defaults" puts them back.
const $ = (id) => document.getElementById(id);

/** What the form is for now (the view reconnects; the form is wired once). */
let current = { deploymentId: '', canChange: false, headers: () => ({}) };
let wired = false;

const url = () => `/api/deployments/${encodeURIComponent(current.deploymentId)}/settings`;

function fill(settings) {
  $('allowed-domains').value = (settings.allowedDomains ?? []).join('\n');
  $('auto-start').checked = settings.autoStart.enabled;
  $('disconnect-type').value = settings.conversationDisconnect.type;
  $('conversation-clear').checked = settings.conversationClear.enabled;
  $('journey-events').checked = settings.journeyEvents;
  for (const [field, id] of GEOLOCATION) $(id).value = settings.geolocation[field];
}

/** The geolocation setting's fields and their inputs. */
const GEOLOCATION = [
  ['locality', 'geo-locality'],
  ['postalCode', 'geo-postal-code'],
  ['region', 'geo-region'],
  ['regionName', 'geo-region-name'],
  ['country', 'geo-country'],
  ['countryName', 'geo-country-name'],
];

async function send(method, body) {
  const status = $('settings-status');
  const error = $('settings-error');
  error.textContent = '';
  status.textContent = 'Saving…';
  try {
    const res = await fetch(url(), {
      method,
      headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...current.headers() },
      body: body ? JSON.stringify(body) : undefined,
    });
    const answer = await res.json().catch(() => ({}));
    if (!res.ok) {
      status.textContent = '';
      error.textContent = `Not saved: ${answer.error ?? `the server answered ${res.status}`}. Nothing was changed.`;
      return;
    }
    fill(answer);
    status.textContent = method === 'DELETE' ? "The lab's defaults are back." : 'Saved.';
  } catch {
    status.textContent = '';
    error.textContent = 'Not saved: the emulator cannot be reached. Nothing was changed.';
  }
}

function wire() {
  if (wired) return;
  wired = true;
  $('settings-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (!current.canChange) return;
    const lines = $('allowed-domains').value.split('\n').map((l) => l.trim()).filter(Boolean);
    send('PUT', {
      allowedDomains: lines.length ? lines : null,
      autoStart: { enabled: $('auto-start').checked },
      conversationDisconnect: { enabled: true, type: $('disconnect-type').value },
      conversationClear: { enabled: $('conversation-clear').checked },
      journeyEvents: $('journey-events').checked,
      geolocation: Object.fromEntries(GEOLOCATION.map(([field, id]) => [field, $(id).value.trim()])),
    });
  });
  $('settings-reset').addEventListener('click', () => {
    if (current.canChange) send('DELETE');
  });
}

/**
 * Shows the settings of `deploymentId` (again after a reconnect, for the key it has now).
 * @param {{ deploymentId: string, canChange: boolean, headers: () => Record<string, string> }} options
 */
export async function showSettings(options) {
  const same = options.deploymentId === current.deploymentId && options.canChange === current.canChange;
  current = options;
  wire();
  if (same) return;
  const section = $('settings');
  section.hidden = false;
  $('settings-note').textContent = current.canChange
    ? 'Changes apply to new connections and to config.json at once.'
    : 'Only the instructor changes these: they are shown here as Messenger gets them.';
  for (const field of $('settings-form').querySelectorAll('input, select, textarea, button')) field.disabled = !current.canChange;
  // A placeholder in a disabled box reads like a setting: only where it can be typed over.
  $('allowed-domains').placeholder = current.canChange ? 'https://www.example.com\nhttp://localhost:*' : '';
  try {
    const res = await fetch(url(), { headers: current.headers() });
    if (res.ok) fill(await res.json());
    else section.hidden = true;
  } catch {
    section.hidden = true;
  }
}
