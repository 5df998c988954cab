// The deployment's settings in the agent view, as an admin sets them in Genesys Cloud: the
// allowed domains (pages Messenger may run on), auto-start, what an ended conversation becomes,
// whether the guest may clear it. The instructor's key changes them (PUT
// /api/deployments/<id>/settings); a student's key shows them. A refused change says why and
// changes nothing; "Restore the lab's defaults" puts them back.
const $ = (id) => document.getElementById(id);
/** The deployment whose settings are shown (the view reconnects; the form is wired once). */
let shown = '';

/**
 * Shows the settings of `deploymentId` and wires the form.
 * @param {{ deploymentId: string, canChange: boolean, headers: () => Record<string, string> }} options
 */
export async function showSettings({ deploymentId, canChange, headers }) {
  if (shown === deploymentId) return;
  shown = deploymentId;
  const section = $('settings');
  const form = $('settings-form');
  const status = $('settings-status');
  const error = $('settings-error');
  const url = `/api/deployments/${encodeURIComponent(deploymentId)}/settings`;
  section.hidden = false;
  $('settings-note').textContent = canChange
    ? 'Changes apply to new connections and to config.json at once.'
    : 'Only the instructor changes these: they are shown here as Messenger gets them.';
  for (const field of form.querySelectorAll('input, select, textarea, button')) field.disabled = !canChange;

  function fill(settings) {
    $('allowed-domains').value = (settings.allowedDomains ?? []).join('\n');
    $('auto-start').checked = settings.autoStart.enabled;
    $('disconnect-type').value = settings.conversationDisconnect.type;
    $('conversation-clear').checked = settings.conversationClear.enabled;
  }

  async function send(method, body) {
    error.textContent = '';
    status.textContent = 'Saving…';
    try {
      const res = await fetch(url, {
        method,
        headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers() },
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

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const lines = $('allowed-domains').value.split('\n').map((l) => l.trim()).filter(Boolean);
    send('PUT', {
      allowedDomains: lines.length ? lines : null,
      autoStart: { enabled: $('auto-start').checked },
      conversationDisconnect: { enabled: true, type: $('disconnect-type').value },
      conversationClear: { enabled: $('conversation-clear').checked },
    });
  });
  $('settings-reset').addEventListener('click', () => send('DELETE'));

  try {
    const res = await fetch(url, { headers: headers() });
    if (res.ok) fill(await res.json());
    else section.hidden = true;
  } catch {
    section.hidden = true;
  }
}
