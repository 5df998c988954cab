import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { GcAttributesSentEvent, GcAttributesSetEvent } from '../events/attributes.js';
import { GcErrorEvent, type GcErrorReason } from '../events/error.js';
import { GcGenesysEvent, type MessengerStateDetail } from '../events/messenger.js';
import { GcSessionClearEvent } from '../events/session.js';
import { define } from '../internal/define.js';
import { MessengerLink, errorMessage } from '../internal/messenger-link.js';
import { sharedStyles } from '../internal/shared.styles.js';
import { readStorage, removeStorage, writeStorage } from '../internal/storage.js';
import { isCustomAttributes, parseCustomAttributes, type CustomAttributes } from './attributes.js';
import { databasePluginStyles } from './database-plugin.styles.js';

export type AttributesStatus = 'empty' | 'pending' | 'sent' | 'error';

const PLACEHOLDER = '{ "keyInt": 123, "keyString": "hello" }';

/** sessionStorage key of the `persist` cache; one per deployment. */
export function pendingCacheKey(deploymentId: string | undefined): string {
  return `gc-lab:pending-attributes:${deploymentId ?? 'unknown'}`;
}

interface InboundMessage {
  direction?: string;
  channel?: { metadata?: { customAttributes?: unknown } };
}

/**
 * The lab's "Database Plugin" panel: sets custom attributes on the conversation with
 * `Database.set` and reads them back with `Database.get`, and shows the lesson plainly:
 * attributes are held in the page (pending) until a message from the guest carries them
 * (sent), and a page load before that loses them, unless `persist` is on.
 *
 * @tag gc-database-plugin
 * @summary Custom attributes for the conversation, with their pending/sent status.
 *
 * @attr persist - Boolean. Keep pending attributes in sessionStorage and set them again after a page load, until a message carries them.
 * @attr status - Read-only, reflected: `empty`, `pending`, `sent` or `error`.
 * @attr value - The JSON text in the field.
 *
 * @fires {GcAttributesSetEvent} gc-attributes-set - Attributes were set and are pending (also after a `persist` restore, with `restored: true`).
 * @fires {GcAttributesSentEvent} gc-attributes-sent - A message from the guest carried the pending attributes.
 * @fires {GcErrorEvent} gc-error - Bad input (`invalid-input`), no messenger (`no-messenger`), a failed command (`command-failed`) or attributes over the size limit (`size-exceeded`).
 *
 * @csspart base - The panel around everything.
 * @csspart input - The JSON textarea.
 * @csspart button - The Set and Get buttons.
 * @csspart status - The line that says whether attributes are pending or sent.
 * @csspart error - The alert that says what went wrong.
 * @csspart pending - The table of pending attributes.
 * @csspart sent - The table of attributes that travelled with a message.
 * @csspart current - The formatted result of Get.
 *
 * @cssprop --gc-lab-accent-color - Buttons and accents (default `#1f5fbf`).
 * @cssprop --gc-lab-on-accent-color - Text on accent-coloured buttons (default `#ffffff`).
 * @cssprop --gc-lab-focus-color - The focus ring (default `#f4b400`).
 * @cssprop --gc-lab-error-color - Errors and invalid fields (default `#b3261e`).
 * @cssprop --gc-lab-error-surface-color - The error alert's background (default `#fdecea`).
 * @cssprop --gc-lab-surface-color - The panel's background (default `#ffffff`).
 * @cssprop --gc-lab-input-color - Fields' background (default `#ffffff`).
 * @cssprop --gc-lab-border-color - Borders of the panel and fields (default `#c9ccd1`).
 * @cssprop --gc-lab-text-color - Text (default `#1d1d1f`).
 * @cssprop --gc-lab-radius - Corner radius (default `8px`).
 * @cssprop --gc-lab-spacing - The panel's padding (default `1rem`).
 * @cssprop --gc-lab-font-family - The font (default: the system UI font).
 * @cssprop --gc-lab-font-size - The base font size (default `1rem`).
 * @cssprop --gc-lab-mono-font-family - The font of JSON and code (default: the system monospace font).
 * @cssprop --gc-lab-muted-color - The status line's and the Get result's background (default `#f3f4f6`).
 * @cssprop --gc-lab-pending-color - The pending status's accent (default `#b06000`).
 * @cssprop --gc-lab-success-color - The sent status's accent (default `#1e6b30`).
 */
export class GcDatabasePlugin extends LitElement {
  static override styles = [sharedStyles, databasePluginStyles];

  /** Keep pending attributes for the browser tab and set them again after a page load. */
  @property({ type: Boolean, reflect: true }) persist = false;

  /** The JSON text in the field, kept exactly as typed. */
  @property() value = '';

  @state() private _status: AttributesStatus = 'empty';
  @state() private _pending: CustomAttributes = {};
  @state() private _sent: CustomAttributes = {};
  @state() private sentAt?: Date;
  @state() private restored = false;
  @state() private inputError = '';
  @state() private commandError = '';
  @state() private busy: '' | 'set' | 'get' | 'restore' = '';
  @state() private current?: string;

  private restoreTried = false;
  private readonly link = new MessengerLink(this, (detail) => this.onMessengerState(detail));

  /** Read-only: `empty`, `pending`, `sent` or `error`. */
  get status(): AttributesStatus {
    return this._status;
  }

  /** Read-only: attributes set in the page that no message has carried yet. */
  get pendingAttributes(): CustomAttributes {
    return { ...this._pending };
  }

  /** Read-only: the attributes that travelled with the guest's last message that carried any. */
  get sentAttributes(): CustomAttributes {
    return { ...this._sent };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener(GcGenesysEvent.eventName, this.onGenesysEvent);
    document.addEventListener(GcSessionClearEvent.eventName, this.onSessionClear);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener(GcGenesysEvent.eventName, this.onGenesysEvent);
    document.removeEventListener(GcSessionClearEvent.eventName, this.onSessionClear);
  }

  protected override willUpdate(): void {
    if (this.getAttribute('status') !== this._status) this.setAttribute('status', this._status);
  }

  private get cacheKey(): string {
    return pendingCacheKey(this.link.messenger?.deploymentId);
  }

  /** Sets the field's attributes with `Database.set`, after checking them. */
  async set(): Promise<void> {
    const parsed = parseCustomAttributes(this.value);
    if (!parsed.ok) {
      this.inputError = parsed.error;
      this.fail('invalid-input', parsed.error);
      return;
    }
    this.inputError = '';
    await this.setPending(parsed.attributes, false);
  }

  /** `Database.set`, then the attributes are what is pending (and cached, with `persist`). */
  private async setPending(attributes: CustomAttributes, restored: boolean): Promise<void> {
    this.busy = restored ? 'restore' : 'set';
    try {
      // The bridge holds Database commands until Database.ready.
      await this.link.command('Database.set', { messaging: { customAttributes: attributes } });
    } catch (error) {
      this.commandFailed(error);
      return;
    } finally {
      this.busy = '';
    }
    this.commandError = '';
    // Database.set merges shallowly at the database's root (GENESYS.md §3), so
    // `messaging` is replaced whole: what this Set sent is all that is pending now.
    this._pending = { ...attributes };
    this.restored = restored;
    this._status = 'pending';
    if (this.persist) writeStorage('sessionStorage', this.cacheKey, JSON.stringify(this._pending));
    this.dispatchEvent(new GcAttributesSetEvent(attributes, this.pendingAttributes, restored));
  }

  /** Reads the conversation's attributes with `Database.get` and shows them as JSON. */
  async get(): Promise<void> {
    this.busy = 'get';
    try {
      const value = await this.link.command('Database.get', { name: 'messaging.customAttributes' });
      this.commandError = '';
      this.current = JSON.stringify(value ?? {}, null, 2);
    } catch (error) {
      this.commandFailed(error);
    } finally {
      this.busy = '';
    }
  }

  private commandFailed(error: unknown): void {
    this.commandError = errorMessage(error);
    this._status = 'error';
    // By name, not instanceof: a second copy of the bundle has its own error classes.
    const noMessenger = error instanceof Error && error.name === 'NoMessengerError';
    this.fail(noMessenger ? 'no-messenger' : 'command-failed', this.commandError);
  }

  private fail(reason: GcErrorReason, message: string): void {
    this.dispatchEvent(new GcErrorEvent(reason, message));
  }

  /** With `persist`, sets the cached pending attributes again once the messenger is known. */
  private onMessengerState(detail: MessengerStateDetail): void {
    if (!this.persist || this.restoreTried || !detail.deploymentId) return;
    if (detail.state !== 'loading' && detail.state !== 'ready') return;
    this.restoreTried = true;
    const raw = readStorage('sessionStorage', this.cacheKey);
    if (!raw) return;
    let cached: unknown;
    try {
      cached = JSON.parse(raw);
    } catch {
      cached = undefined;
    }
    if (!isCustomAttributes(cached) || Object.keys(cached).length === 0) {
      removeStorage('sessionStorage', this.cacheKey);
      return;
    }
    void this.setPending(cached, true);
  }

  private readonly onGenesysEvent = (event: GcGenesysEvent) => {
    if (event.eventName === 'MessagingService.messagesReceived') {
      const messages = (event.data as { messages?: InboundMessage[] } | undefined)?.messages ?? [];
      const inbound = messages.find((m) => m?.direction === 'Inbound');
      if (inbound) this.carried(inbound);
    } else if (event.eventName === 'MessagingService.customAttributesSizeExceeded') {
      const message = `Messenger did not send the custom attributes: they are over its size limit.`;
      this.commandError = message;
      this._status = 'error';
      this.fail('size-exceeded', message);
    }
  };

  /** A guest message went out: what was pending travelled with it. */
  private carried(message: InboundMessage): void {
    if (Object.keys(this._pending).length === 0) return;
    // Where the SDK reports the message's attributes we show those; GENESYS.md does not
    // promise it does, so otherwise we show what was pending, which is what Database.set
    // hands to the next message.
    const reported = message.channel?.metadata?.customAttributes;
    const sent = isCustomAttributes(reported) && Object.keys(reported).length ? reported : this._pending;
    this._sent = { ...sent };
    this.sentAt = new Date();
    this._pending = {};
    this.restored = false;
    this.commandError = '';
    this._status = 'sent';
    removeStorage('sessionStorage', this.cacheKey);
    this.dispatchEvent(new GcAttributesSentEvent(this.sentAttributes));
  }

  private readonly onSessionClear = (event: GcSessionClearEvent) => {
    removeStorage('sessionStorage', pendingCacheKey(event.deploymentId ?? this.link.messenger?.deploymentId));
    this._pending = {};
    this._sent = {};
    this.current = undefined;
    this._status = 'empty';
  };

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.set();
    }
  }

  private statusText() {
    switch (this._status) {
      case 'empty':
        return html`<strong>Empty.</strong> Nothing set yet. Attributes you set are held in this page until the guest sends a
          message.`;
      case 'pending':
        if (this.restored) {
          return html`<strong>Pending.</strong> Restored after the page load and set again: they travel with the guest's next
            message.`;
        }
        return this.persist
          ? html`<strong>Pending.</strong> Held in this page until the guest's next message. Kept for this browser tab: a page
              load sets them again.`
          : html`<strong>Pending.</strong> Held in this page until the guest's next message.
              <em>A page load now loses them.</em>`;
      case 'sent':
        return html`<strong>Sent.</strong> Carried by the guest's message at ${this.sentAt?.toLocaleTimeString()}; the agent
          sees them as participant data.`;
      case 'error':
        return html`<strong>Error.</strong> See the message below.`;
    }
  }

  private renderTable(part: 'pending' | 'sent', caption: string, attributes: CustomAttributes) {
    const entries = Object.entries(attributes);
    if (!entries.length) return nothing;
    return html`<table part=${part}>
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        ${entries.map(([key, value]) => html`<tr><td>${key}</td><td>${JSON.stringify(value)}</td></tr>`)}
      </tbody>
    </table>`;
  }

  override render() {
    const alert = this.inputError || this.commandError;
    const progress =
      this.busy === 'set' ? 'Setting…' : this.busy === 'get' ? 'Getting…' : this.busy === 'restore' ? 'Restoring…' : '';
    return html`
      <div class="panel" part="base" role="group" aria-label="Database Plugin">
        <p class="title">Database Plugin</p>
        <div>
          <label for="json">JSON</label>
          <textarea
            id="json"
            part="input"
            spellcheck="false"
            placeholder=${PLACEHOLDER}
            aria-invalid=${this.inputError ? 'true' : 'false'}
            aria-describedby="hint"
            .value=${this.value}
            @input=${(e: Event) => (this.value = (e.target as HTMLTextAreaElement).value)}
            @keydown=${this.onKeydown}
          ></textarea>
          <p class="hint" id="hint">
            Flat values only (text, numbers, true/false), 2048 bytes at most. Each Set replaces what is pending. Ctrl+Enter
            sets.
          </p>
        </div>
        <div class="actions">
          <button part="button" type="button" @click=${() => this.set()}>Set</button>
          <button part="button" class="secondary" type="button" @click=${() => this.get()}>Get</button>
        </div>
        <p class="alert" part="error" role="alert">${alert || nothing}</p>
        <p class="status-line" part="status" role="status">${progress || this.statusText()}</p>
        ${this.renderTable('pending', 'Pending: will travel with the next message', this._pending)}
        ${this.renderTable('sent', 'Sent with a message', this._sent)}
        ${this.current !== undefined
          ? html`<figure part="current">
              <figcaption>Current attributes (Database.get)</figcaption>
              <pre>${this.current}</pre>
            </figure>`
          : nothing}
      </div>
    `;
  }
}

define('gc-database-plugin', GcDatabasePlugin);

declare global {
  interface HTMLElementTagNameMap {
    'gc-database-plugin': GcDatabasePlugin;
  }
}
