import { html, nothing } from 'lit';
import { REGION_OPTIONS, normalizeEnvironment } from '../genesys/environments.js';
import { randomUuid } from '../genesys/contract.js';
import { navigate } from '../internal/navigate.js';
import { CONFIG_KEYS, readStorage, removeStorage, writeStorage } from '../internal/storage.js';
import type { GcMessenger } from './messenger.js';

/**
 * `<gc-messenger>`'s configuration form (Region, Deployment ID, Save, Reset), loaded only when
 * the form is shown: a messenger configured by its attributes (a CMS page) never fetches it.
 *
 * Where the values are kept, as the lab keeps them (docs/messenger-sdk.md#where-the-lab-page-keeps-its-settings):
 * the region for the browser (localStorage, so a second tab opens with it), the deployment ID
 * for this tab (sessionStorage), or for the browser too when the student ticks "Keep the
 * deployment ID for new tabs" (this project's addition).
 */
export function renderForm(host: GcMessenger) {
  const invalid = (field: 'environment' | 'deploymentId') => (host.invalidFields.includes(field) ? 'true' : 'false');
  return html`
    <form part="form" novalidate @submit=${(event: SubmitEvent) => save(host, event)}>
      <div>
        <label part="label" for="region">Region</label>
        <select
          id="region"
          part="field"
          name="environment"
          aria-invalid=${invalid('environment')}
          @change=${(e: Event) => (host.formEnvironment = (e.target as HTMLSelectElement).value)}
        >
          <option value="" ?selected=${!host.formEnvironment}>Choose a region…</option>
          ${REGION_OPTIONS.map(
            (option) =>
              html`<option value=${option.code} ?selected=${normalizeEnvironment(host.formEnvironment) === option.code}>
                ${option.domain}
              </option>`,
          )}
        </select>
      </div>
      <div>
        <label part="label" for="deployment-id">Deployment ID</label>
        <input
          id="deployment-id"
          part="field"
          name="deploymentId"
          autocomplete="off"
          spellcheck="false"
          aria-invalid=${invalid('deploymentId')}
          .value=${host.formDeploymentId}
          @input=${(e: Event) => (host.formDeploymentId = (e.target as HTMLInputElement).value)}
        />
      </div>
      ${host.bootstrapSrc
        ? html`<div class="actions">
            <button part="button" class="secondary" type="button" @click=${() => generate(host)}>
              Generate an offline deployment ID
            </button>
          </div>`
        : nothing}
      <div class="check">
        <input
          id="keep-id"
          part="checkbox"
          type="checkbox"
          .checked=${host.formKeepId}
          @change=${(e: Event) => (host.formKeepId = (e.target as HTMLInputElement).checked)}
        />
        <label part="label" for="keep-id">Keep the deployment ID for new tabs</label>
      </div>
      <p class="hint" part="hint">
        The region is kept for this browser, so a new tab opens with it; the deployment ID for this tab only, unless
        you keep it for new tabs too. Reset forgets the deployment ID.
      </p>
      <div class="actions">
        <button part="button" type="submit">Save</button>
        <button part="button" class="secondary" type="button" @click=${() => reset(host)}>Reset</button>
      </div>
    </form>
  `;
}

async function save(host: GcMessenger, event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const problem = host.validate(host.formEnvironment, host.formDeploymentId, 'form');
  if (problem) {
    host.message = problem;
    host.fail('invalid-config', problem);
    // The alert says what is wrong; focus goes where it can be fixed.
    await host.updateComplete;
    const first = host.invalidFields[0] === 'environment' ? '#region' : '#deployment-id';
    host.renderRoot.querySelector<HTMLElement>(first)?.focus();
    return;
  }
  const deploymentId = host.formDeploymentId.trim();
  writeStorage('sessionStorage', CONFIG_KEYS.environment, host.formEnvironment);
  writeStorage('localStorage', CONFIG_KEYS.environment, host.formEnvironment);
  writeStorage('sessionStorage', CONFIG_KEYS.deploymentId, deploymentId);
  if (host.formKeepId) writeStorage('localStorage', CONFIG_KEYS.deploymentId, deploymentId);
  else removeStorage('localStorage', CONFIG_KEYS.deploymentId);
  if (host.active) {
    // Messenger cannot be unloaded: a new configuration takes a page load, as in the lab.
    navigate(host, location.href, 'reconfigure');
    return;
  }
  host.configure();
}

/**
 * Offline (an emulator behind `bootstrap-src`) any UUID works: a fresh one per student keeps
 * each one's conversations apart in a shared room. Real deployment IDs come from Genesys Cloud.
 */
function generate(host: GcMessenger): void {
  host.formDeploymentId = randomUuid();
  host.invalidFields = host.invalidFields.filter((f) => f !== 'deploymentId');
}

/** Forgets the deployment ID (kept for new tabs too) and the login, as the lab's Reset does; the region stays for the browser. */
function reset(host: GcMessenger): void {
  for (const key of Object.values(CONFIG_KEYS)) removeStorage('sessionStorage', key);
  removeStorage('localStorage', CONFIG_KEYS.deploymentId);
  host.formEnvironment = readStorage('localStorage', CONFIG_KEYS.environment) ?? '';
  host.formDeploymentId = '';
  host.formKeepId = false;
  host.invalidFields = [];
  if (host.active) {
    navigate(host, location.href, 'reconfigure');
    return;
  }
  host.setState('unconfigured', '');
}
