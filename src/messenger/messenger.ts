import { LitElement, html, nothing, type PropertyValues, type PropertyDeclarations } from 'lit';
import { GcErrorEvent, type GcErrorReason } from '../events/error.js';
import { GcMessengerStateEvent, type MessengerState, type MessengerStateDetail } from '../events/messenger.js';
import { MessengerBridge, type BridgeFailure } from '../genesys/bridge.js';
import {
  bootstrapUrl,
  isDeploymentId,
  normalizeEnvironment,
  type EnvironmentCode,
} from '../genesys/environments.js';
import { claimPage } from '../genesys/sdk.js';
import { CustomStates } from '../internal/custom-states.js';
import { define } from '../internal/define.js';
import { sharedStyles } from '../internal/shared.styles.js';
import { CONFIG_KEYS, readStorage } from '../internal/storage.js';
import { checkScriptUrl, positiveMs } from '../internal/urls.js';
import { messengerStyles } from './messenger.styles.js';

/** Ten minutes: a longer wait for Messenger.ready is a typo, not a choice. */
const MAX_READY_TIMEOUT = 600_000;

const STATE_LABELS: Record<MessengerState, string> = {
  unconfigured: 'Not configured',
  loading: 'Loading…',
  ready: 'Ready',
  error: 'Error',
  duplicate: 'Inactive (duplicate)',
};

/**
 * Puts Genesys Messenger on the page and is the page's one bridge to it.
 *
 * With `environment` and `deployment-id` it loads Messenger exactly like the official
 * snippet. Without them it shows the lab's configuration form (Region, Deployment ID,
 * Save, Reset): the region is kept for the browser (a new tab opens with it), the deployment ID
 * for the tab, or for the browser too when the student asks. The form is fetched only when it
 * is shown (`gc-lab-form.js`, beside `gc-lab.js`). The other gc- elements
 * talk to Messenger only through this element, by events on `document`.
 *
 * @tag gc-messenger
 * @summary The Genesys Messenger loader, configuration form and SDK bridge.
 *
 * @attr environment - A Genesys environment code (`prod`, `prod-euw1`, …) or a lab short code (`use1`, `euw1`, …).
 * @attr deployment-id - The Messenger deployment's ID (a UUID).
 * @attr debug - Boolean. Passes `debug: true` to Messenger.
 * @attr bootstrap-src - Overrides the script URL (normally `https://apps.<domain>/genesys-bootstrap/genesys.min.js`): an `https:` URL, this page's own origin, or `http:` on loopback (`localhost`, `127.0.0.1`, `[::1]`, any port), nothing else. For the offline emulator and tests only.
 * @attr ready-timeout - How long to wait for `Messenger.ready`, in milliseconds (default 15000; above 0, at most 600000).
 * @attr nonce - The page's CSP nonce: given to the Messenger script this element injects, for pages whose `script-src` allows nonces only. Read through the built-in `nonce` property (browsers hide the attribute).
 * @cssstate unconfigured - No configuration yet: the form is shown (`gc-messenger:state(unconfigured)`).
 * @cssstate loading - Messenger's script is loading.
 * @cssstate ready - Messenger is ready.
 * @cssstate error - Something went wrong; the alert says what.
 * @cssstate duplicate - Another messenger element already runs Messenger on this page.
 *
 * @fires {GcMessengerStateEvent} gc-messenger-state - The state changed, or an element asked for it with `gc-messenger-query`.
 * @fires {GcGenesysEvent} gc-genesys-event - A Messenger SDK event (`Database.ready`, `MessagingService.messagesReceived`, …), re-fired into the DOM.
 * @fires {GcErrorEvent} gc-error - Bad configuration (`invalid-config`), a script that failed to load (`script-error`), no `Messenger.ready` in time (`ready-timeout`), a page whose origin the deployment does not allow (`domain-not-allowed`: Messenger published `GenesysJS.domainNotAllowed`; the alert names the origin to add to the deployment's allowed domains), or a duplicate element (`duplicate`).
 * @fires {GcNavigateEvent} gc-navigate - Cancelable. Saving or resetting after Messenger has loaded reloads the page.
 *
 * @csspart base - The panel around everything.
 * @csspart title - The panel's title, "Messenger".
 * @csspart label - The form's labels (Region, Deployment ID).
 * @csspart field - The form's fields: the Region select and the Deployment ID input.
 * @csspart checkbox - The form's "Keep the deployment ID for new tabs" checkbox.
 * @csspart hint - The form's hint, and the note of a duplicate messenger.
 * @csspart status - The line that says the state.
 * @csspart error - The alert that says what went wrong.
 * @csspart form - The configuration form.
 * @csspart button - The Save and Reset buttons, and (with `bootstrap-src`, offline) Generate.
 *
 * @cssprop --gc-lab-accent-color - Buttons and accents (default `light-dark(#1f5fbf, #8ab4f8)`: follows the page's `color-scheme`).
 * @cssprop --gc-lab-on-accent-color - Text on accent-coloured buttons (default `light-dark(#ffffff, #0b1b36)`).
 * @cssprop --gc-lab-focus-color - The focus ring, 3px, one style everywhere (default `CanvasText`: the page's text colour for its colour scheme).
 * @cssprop --gc-lab-error-color - Errors and invalid fields (default `light-dark(#b3261e, #f2b8b5)`).
 * @cssprop --gc-lab-error-surface-color - The error alert's background (default `light-dark(#fdecea, #3c1412)`).
 * @cssprop --gc-lab-surface-color - The panel's background (default `transparent`: the host page shows through).
 * @cssprop --gc-lab-input-color - Fields' background (default `Field`, the system colour for the page's colour scheme).
 * @cssprop --gc-lab-border-color - Borders of the panel and fields (default: the text colour at 55%).
 * @cssprop --gc-lab-text-color - Text (default: inherited from the host page).
 * @cssprop --gc-lab-radius - Corner radius (default `8px`).
 * @cssprop --gc-lab-spacing - The panel's padding (default `1rem`).
 * @cssprop --gc-lab-font-family - The font (default: inherited from the host page).
 * @cssprop --gc-lab-font-size - The base font size (default: inherited from the host page).
 * @cssprop --gc-lab-mono-font-family - The font of JSON and code (default: the system monospace font).
 * @cssprop --gc-lab-muted-color - Status lines' and code backgrounds (default: the text colour at 8%).
 * @cssprop --gc-lab-success-color - The sent status and the ready badge (default `light-dark(#1e6b30, #8fd19e)`).
 * @cssprop --gc-lab-success-surface-color - The ready badge's background (default `light-dark(#e3f4e6, #12351c)`).
 */
export class GcMessenger extends LitElement {
  static override styles = [sharedStyles, messengerStyles];

  static override properties: PropertyDeclarations = {
    // Their accessors are below: they also read the configuration the form loaded.
    environment: { noAccessor: true },
    deploymentId: { attribute: 'deployment-id', noAccessor: true },
    debug: { type: Boolean },
    bootstrapSrc: { attribute: 'bootstrap-src' },
    readyTimeout: { type: Number, attribute: 'ready-timeout' },
    _state: { state: true, attribute: false },
    message: { state: true, attribute: false },
    formEnvironment: { state: true, attribute: false },
    formDeploymentId: { state: true, attribute: false },
    invalidFields: { state: true, attribute: false },
    formKeepId: { state: true, attribute: false },
  };

  private _environment?: string | null;
  private _deploymentId?: string | null;

  /**
   * A Genesys environment code, or a lab short code (mapped to the documented code). Configured
   * through the form, it reads the environment in use (the documented code).
   */
  get environment(): string | undefined {
    return this._environment ?? this.active?.environment;
  }
  set environment(value: string | undefined) {
    const old = this.environment;
    this._environment = value;
    this.requestUpdate('environment', old);
  }

  /** The Messenger deployment's ID (a UUID). Configured through the form, it reads the ID in use. */
  get deploymentId(): string | undefined {
    return this._deploymentId ?? this.active?.deploymentId;
  }
  set deploymentId(value: string | undefined) {
    const old = this.deploymentId;
    this._deploymentId = value;
    this.requestUpdate('deploymentId', old);
  }

  /** Passes `debug: true` to Messenger. */
  debug = false;

  /** Overrides the bootstrap script URL (offline emulator, tests): `https:`, this page's origin or `http:` on loopback. Genesys itself only supports its CDN. */
  bootstrapSrc?: string;

  /** Milliseconds to wait for `Messenger.ready` before reporting an error. */
  readyTimeout = 15_000;

  private _state: MessengerState = 'unconfigured';
  /** @internal What the alert says. */
  message = '';
  /** @internal The form's values (the form is its own module: `form.ts`). */
  formEnvironment = '';
  /** @internal */
  formDeploymentId = '';
  /** @internal Keep the deployment ID for new tabs (localStorage), not only this one. */
  formKeepId = false;
  /** @internal */
  invalidFields: Array<'environment' | 'deploymentId'> = [];
  /** The form's module, once loaded (`undefined` while it loads). */
  private form?: typeof import('./form.js');
  private formLoad?: Promise<unknown>;

  /** @internal The configuration in use once loading started. */
  active?: { environment: EnvironmentCode; deploymentId: string };
  private readonly bridge = new MessengerBridge(this);
  private readonly customStates = new CustomStates<MessengerState>(this, Object.keys(STATE_LABELS) as MessengerState[]);
  private announced = false;
  private formRead = false;

  /** Read-only: `unconfigured`, `loading`, `ready`, `error` or `duplicate`. */
  get state(): MessengerState {
    return this._state;
  }

  /** True when `environment` or `deployment-id` is given, so the form is not shown. */
  private get configuredByAttributes(): boolean {
    return this._environment != null || this._deploymentId != null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!claimPage(this)) {
      this.setState('duplicate', 'Messenger already runs on this page from another messenger element; this one does nothing.');
      console.warn(`gc-messenger: ${this.message}`, this);
      this.fail('duplicate', this.message);
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The form's saved values, read once the form is in use (a messenger configured by its
    // attributes never touches storage).
    if (!this.formRead && !this.configuredByAttributes) {
      this.formRead = true;
      // This tab's values, else what the browser keeps for new tabs (see form.ts).
      const kept = readStorage('localStorage', CONFIG_KEYS.deploymentId);
      this.formEnvironment = readStorage('sessionStorage', CONFIG_KEYS.environment) ?? readStorage('localStorage', CONFIG_KEYS.environment) ?? '';
      this.formDeploymentId = readStorage('sessionStorage', CONFIG_KEYS.deploymentId) ?? kept ?? '';
      this.formKeepId = !!kept;
    }
    // Until Messenger loads, a corrected attribute is tried again (a load cannot be undone).
    const configChanged =
      !this.hasUpdated ||
      changed.has('environment') ||
      changed.has('deploymentId') ||
      changed.has('bootstrapSrc') ||
      changed.has('readyTimeout');
    if (configChanged && !this.active && this._state !== 'duplicate') this.configure();
    // The form is its own module, fetched the first time it is shown.
    if (this.showForm && !this.formLoad) {
      this.formLoad = import('./form.js').then(
        (form) => {
          this.form = form;
          this.requestUpdate();
        },
        (error: Error) => {
          const message = `The configuration form could not be loaded: ${error.message}`;
          // Messenger itself may be running (from the saved configuration): only the form is missing.
          if (!this.active) this.setState('error', message);
          this.fail('script-error', message);
        },
      );
    }
    if (!this.announced) {
      // The first announcement waits for the configuration: until then the state means nothing.
      this.announced = true;
      this.announceState();
    }
    this.customStates.set(this._state);
  }

  /** @internal Picks the configuration (attributes win over stored values) and loads, or says what is wrong. */
  configure(): void {
    if (this.configuredByAttributes) {
      const problem = this.validate(this.environment, this.deploymentId, 'attributes');
      if (problem) {
        this.setState('error', problem);
        this.fail('invalid-config', problem);
        return;
      }
      this.load(normalizeEnvironment(this.environment)!, this.deploymentId!.trim());
      return;
    }
    if (this.formEnvironment && this.formDeploymentId) {
      const problem = this.validate(this.formEnvironment, this.formDeploymentId, 'form');
      if (!problem) {
        this.load(normalizeEnvironment(this.formEnvironment)!, this.formDeploymentId.trim());
        return;
      }
      this.setState('error', `The saved configuration is not valid: ${problem}`);
      this.fail('invalid-config', this.message);
      return;
    }
    this.setState('unconfigured', '');
  }

  /** @internal */
  validate(environment: string | undefined, deploymentId: string | undefined, from: 'attributes' | 'form'): string {
    const problems: string[] = [];
    const invalid: Array<'environment' | 'deploymentId'> = [];
    const envName = from === 'attributes' ? 'environment' : 'Region';
    const idName = from === 'attributes' ? 'deployment-id' : 'Deployment ID';
    if (!environment?.trim()) {
      problems.push(from === 'attributes' ? 'environment is missing.' : 'Choose a region.');
      invalid.push('environment');
    } else if (!normalizeEnvironment(environment)) {
      problems.push(
        `${envName} "${environment}" is not a Genesys environment (such as prod, prod-euw1, or the lab's euw1).`,
      );
      invalid.push('environment');
    }
    if (!deploymentId?.trim()) {
      problems.push(from === 'attributes' ? 'deployment-id is missing.' : 'Enter the deployment ID.');
      invalid.push('deploymentId');
    } else if (!isDeploymentId(deploymentId)) {
      problems.push(`${idName} "${deploymentId}" is not a UUID (like 1b2c3d4e-0000-4000-8000-123456789abc).`);
      invalid.push('deploymentId');
    }
    this.invalidFields = from === 'form' ? invalid : [];
    return problems.join(' ');
  }

  /** The script to load, or what is wrong: `bootstrap-src` and `ready-timeout` are hostile until checked. */
  private scriptSource(environment: EnvironmentCode): { src: string } | { problem: string } {
    if (positiveMs(this.readyTimeout, MAX_READY_TIMEOUT) === undefined) {
      const given = this.getAttribute('ready-timeout') ?? String(this.readyTimeout);
      return { problem: `ready-timeout must be a number of milliseconds above 0 and at most ${MAX_READY_TIMEOUT}, not "${given}".` };
    }
    if (!this.bootstrapSrc?.trim()) return { src: bootstrapUrl(environment) };
    const checked = checkScriptUrl(this.bootstrapSrc);
    // The author's own (checked) string goes on the script, as the snippet would put it.
    return checked.ok ? { src: this.bootstrapSrc.trim() } : { problem: `bootstrap-src: ${checked.error}` };
  }

  private load(environment: EnvironmentCode, deploymentId: string): void {
    const source = this.scriptSource(environment);
    if ('problem' in source) {
      this.setState('error', source.problem);
      this.fail('invalid-config', source.problem);
      return;
    }
    this.active = { environment, deploymentId };
    const before = this._state;
    // Start the bridge before announcing `loading`: listeners may send commands at once.
    const started = this.bridge.start(
      {
        environment,
        deploymentId,
        debug: this.debug,
        src: source.src,
        // The built-in `nonce` property: browsers hide the attribute's value from the DOM.
        nonce: this.nonce || undefined,
      },
      this.readyTimeout,
    );
    // An SDK that already ran may answer at once, within start (Messenger.ready replayed to the
    // new subscriber synchronously; Genesys does not say whether it does): its answer stands.
    if (started && this._state === before) this.setState('loading', '');
  }

  /** @internal Bridge callback. */
  bridgeReady(): void {
    this.setState('ready', '');
  }

  /** @internal Bridge callback. */
  bridgeFailed(reason: BridgeFailure, message: string): void {
    this.setState('error', message);
    this.fail(reason, message);
  }

  /** @internal Why the bridge cannot run commands now, if it cannot. */
  commandBlocker(): string | undefined {
    switch (this._state) {
      case 'loading':
      case 'ready':
        return undefined;
      case 'error':
        return `Messenger is not available: ${this.message}`;
      default:
        return 'Messenger is not configured yet: choose a region, enter the deployment ID and Save.';
    }
  }

  /** @internal Fires `gc-messenger-state` with the current state. */
  announceState(): void {
    if (!this.announced || !this.isConnected) return;
    const detail: MessengerStateDetail = {
      state: this._state,
      environment: this.active?.environment,
      deploymentId: this.active?.deploymentId,
      ...(this.message ? { message: this.message } : {}),
    };
    this.dispatchEvent(new GcMessengerStateEvent(detail));
  }

  /** @internal */
  setState(next: MessengerState, message: string): void {
    const changed = next !== this._state || message !== this.message;
    this._state = next;
    this.message = message;
    if (changed) this.announceState();
  }

  /** @internal */
  fail(reason: GcErrorReason, message: string): void {
    this.dispatchEvent(new GcErrorEvent(reason, message));
  }

  private statusText(): string {
    const label = STATE_LABELS[this._state];
    if (this._state === 'loading' || this._state === 'ready') {
      return `${label} · ${this.active!.environment} · ${this.active!.deploymentId}`;
    }
    return label;
  }

  private get showForm(): boolean {
    return !this.configuredByAttributes && this._state !== 'duplicate';
  }

  /** Also waits for the form's module, when the form is shown. */
  protected override async getUpdateComplete(): Promise<boolean> {
    await super.getUpdateComplete();
    await this.formLoad;
    return super.getUpdateComplete();
  }

  override render() {
    return html`
      <div class="panel" part="base" role="group" aria-label="Messenger">
        <div class="header">
          <p class="title" part="title">Messenger</p>
          <p class="status" part="status" role="status">
            <span class="badge ${this._state}">${this.statusText()}</span>
          </p>
        </div>
        <p class="alert" part="error" role="alert">${this._state === 'error' || this.invalidFields.length ? this.message : nothing}</p>
        ${this._state === 'duplicate' ? html`<p class="hint" part="hint">${this.message}</p>` : nothing}
        ${this.showForm ? this.form?.renderForm(this) : nothing}
      </div>
    `;
  }
}

define('gc-messenger', GcMessenger);

declare global {
  interface HTMLElementTagNameMap {
    'gc-messenger': GcMessenger;
  }
}
