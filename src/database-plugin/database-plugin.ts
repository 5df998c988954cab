import { LitElement, html, nothing, type PropertyDeclarations } from 'lit';
import { GcAttributesRemovedEvent, GcAttributesSentEvent, GcAttributesSetEvent } from '../events/attributes.js';
import { GcErrorEvent, type GcErrorReason } from '../events/error.js';
import { GcGenesysEvent, type MessengerStateDetail } from '../events/messenger.js';
import { GcSessionClearEvent } from '../events/session.js';
import { CustomStates } from '../internal/custom-states.js';
import { define } from '../internal/define.js';
import { MessengerLink, errorMessage } from '../internal/messenger-link.js';
import { sharedStyles } from '../internal/shared.styles.js';
import { readStorage, removeStorage, writeStorage } from '../internal/storage.js';
import { LIMITS, WIRE, hasOwn } from '../genesys/contract.js';
import { CustomAttributesStore, copy } from '../genesys/custom-attributes-store.js';
import { isCustomAttributes, parseCustomAttributes, type CustomAttributes } from './attributes.js';
import { databasePluginStyles } from './database-plugin.styles.js';

export type AttributesStatus = 'empty' | 'pending' | 'sent' | 'error';

const PLACEHOLDER = '{ "keyInt": 123, "keyString": "hello" }';

const PROGRESS = { '': '', set: 'Setting…', get: 'Getting…', restore: 'Restoring…', remove: 'Removing…' } as const;
type Busy = keyof typeof PROGRESS;

/** sessionStorage key of the `persist` cache; one per deployment. */
export function pendingCacheKey(deploymentId: string | undefined): string {
  return `gc-lab:pending-attributes:${deploymentId ?? 'unknown'}`;
}

/**
 * sessionStorage key of the NAMES (never the values) of the keys pending in this tab, so that
 * after a page load the panel can say which ones the load lost.
 */
export function pendingNamesKey(deploymentId: string | undefined): string {
  return `gc-lab:pending-names:${deploymentId ?? 'unknown'}`;
}

interface InboundMessage {
  direction?: string;
  channel?: { metadata?: { customAttributes?: unknown } };
}

/**
 * The lab's "Database Plugin" panel: sets custom attributes on the conversation with
 * `Database.set`, reads them back with `Database.get`, removes them with `Database.remove`,
 * and shows the lesson plainly (docs/messenger-sdk.md#when-custom-attributes-travel): every Set
 * MERGES into what the page holds;
 * the guest's next message carries the WHOLE set (pending → sent); later messages carry
 * nothing until something new is set, when the whole set is pending again; a page load
 * before a message loses it all, unless `persist` is on.
 *
 * The panel mirrors Messenger's own store: it follows `Database.updated` and
 * `Database.removed`, so attributes the page's own code sets show up too.
 *
 * @tag gc-database-plugin
 * @summary Custom attributes for the conversation, with their pending/sent status.
 *
 * @attr persist - Boolean. Keep pending attributes in sessionStorage and set them again after a page load, until a message carries them.
 * @cssstate empty - Nothing held in the page (`gc-database-plugin:state(empty)`).
 * @cssstate pending - Held in the page; the guest's next message carries the whole set.
 * @cssstate sent - A message carried the set; later messages carry nothing until a new Set.
 * @cssstate error - Messenger refused, or could not be reached; the alert says why.
 * @attr value - The JSON text in the field.
 *
 * @fires {GcAttributesSetEvent} gc-attributes-set - The user set attributes; the whole set is pending (also after a `persist` restore, with `restored: true`).
 * @fires {GcAttributesSentEvent} gc-attributes-sent - A message from the guest carried the pending attributes (the whole set).
 * @fires {GcAttributesRemovedEvent} gc-attributes-removed - The user removed attributes from the page (`Database.remove`); what a message already carried stays on the conversation.
 * @fires {GcErrorEvent} gc-error - Bad input (`invalid-input`), no messenger (`no-messenger`), a failed command (`command-failed`), attributes over the size limit (`size-exceeded`), or, with `persist`, storage that would not keep them (`persist-failed`).
 *
 * @csspart base - The panel around everything.
 * @csspart title - The panel's title, "Database Plugin".
 * @csspart label - The field's label, "JSON".
 * @csspart input - The JSON textarea.
 * @csspart field - The JSON textarea too (the same name as the messenger's fields).
 * @csspart hint - The hint under the field.
 * @csspart button - The Set, Get and Remove all buttons.
 * @csspart remove-button - The Remove button on each held attribute.
 * @csspart status - The line that says whether attributes are pending or sent.
 * @csspart error - The alert that says what went wrong.
 * @csspart pending - The table of attributes held in the page (Database plugin): pending, or already sent.
 * @csspart sent - The table of attributes that travelled with the guest's last carrying message.
 * @csspart current - The formatted result of Get.
 * @csspart notice - After a page load, the names of the keys it lost (pending, not yet carried by a message).
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
 * @cssprop --gc-lab-pending-color - The pending status's accent (default `light-dark(#b06000, #ffb870)`).
 * @cssprop --gc-lab-success-color - The sent status and the ready badge (default `light-dark(#1e6b30, #8fd19e)`).
 */
export class GcDatabasePlugin extends LitElement {
  static override styles = [sharedStyles, databasePluginStyles];

  static override properties: PropertyDeclarations = {
    persist: { type: Boolean, reflect: true },
    value: {},
    _sent: { state: true, attribute: false },
    sentAt: { state: true, attribute: false },
    restored: { state: true, attribute: false },
    removed: { state: true, attribute: false },
    inputError: { state: true, attribute: false },
    commandError: { state: true, attribute: false },
    busy: { state: true, attribute: false },
    current: { state: true, attribute: false },
    lostKeys: { state: true, attribute: false },
    reopened: { state: true, attribute: false },
    pageAlert: { state: true, attribute: false },
    persistFailed: { state: true, attribute: false },
  };

  /** Keep pending attributes for the browser tab and set them again after a page load. */
  persist = false;

  /** The JSON text in the field, kept exactly as typed. */
  value = '';

  /** A mirror of Messenger's store: what the page holds, and whether the next message carries it. */
  private readonly model = new CustomAttributesStore();
  private _sent: CustomAttributes = {};
  /** What messages of this page carried to the conversation (it ends when the conversation does). */
  private onConversation: CustomAttributes = {};
  private sentAt?: Date;
  private restored = false;
  /** The user removed attributes: none a message had carried (`new`), or some it had (`carried`). */
  private removed: '' | 'new' | 'carried' = '';
  private inputError = '';
  private commandError = '';
  private busy: Busy = '';
  private current?: string;
  /** Keys that were pending when the page was loaded again, and so were lost (names only). */
  private lostKeys: string[] = [];
  /** The set is pending again because the conversation ended (not because of a Set). */
  private reopened = false;
  /** An alert about something the page's own code did; it does not make the status `error`. */
  private pageAlert = '';
  /** This page sent a message whose echo has not come back yet. */
  private sending = false;
  /** With `persist`, the browser refused to store the pending attributes. */
  private persistFailed = false;
  /** The shown error was "no messenger (configured) yet": it goes once one is. */
  private clearsWhenReady = false;

  private restoreTried = false;
  /** The size-exceeded event already reported the Set that is about to be rejected. */
  private sizeRefused = false;
  /** Bumped whenever the mirror changes, so that a late `Database.get` cannot undo a newer change. */
  private generation = 0;
  private readonly link = new MessengerLink(this, (detail) => this.onMessengerState(detail));
  private readonly customStates = new CustomStates<AttributesStatus>(this, ['empty', 'pending', 'sent', 'error']);

  /** Read-only: `empty`, `pending`, `sent` or `error`. */
  get status(): AttributesStatus {
    return this.commandError ? 'error' : this.model.state;
  }

  /** Read-only: what the guest's next message will carry: the whole set held in the page, while pending. */
  get pendingAttributes(): CustomAttributes {
    return this.model.pending;
  }

  /** Read-only: every attribute the Database plugin holds in the page now, pending or already sent. */
  get heldAttributes(): CustomAttributes {
    return this.model.current;
  }

  /** Read-only: the attributes that travelled with the guest's last message that carried any. */
  get sentAttributes(): CustomAttributes {
    return copy(this._sent);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.listen(true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A message of this page is on its way: keep listening until its echo says whether it
    // carried the set, so that the panel is right when it is attached again (then stop).
    if (!this.sending) this.listen(false);
  }

  /** A message carried `key` with this value: the conversation has it. */
  private carriedAs(key: string, value: unknown): boolean {
    return hasOwn(this.onConversation, key) && String(this.onConversation[key]) === String(value);
  }

  private listening = false;
  private listen(on: boolean): void {
    if (on === this.listening) return;
    this.listening = on;
    if (on) {
      document.addEventListener(GcGenesysEvent.eventName, this.onGenesysEvent);
      document.addEventListener(GcSessionClearEvent.eventName, this.onSessionClear);
    } else {
      document.removeEventListener(GcGenesysEvent.eventName, this.onGenesysEvent);
      document.removeEventListener(GcSessionClearEvent.eventName, this.onSessionClear);
    }
  }

  protected override willUpdate(): void {
    this.customStates.set(this.status);
  }

  private get cacheKey(): string {
    return pendingCacheKey(this.link.messenger?.deploymentId);
  }

  private get namesKey(): string {
    return pendingNamesKey(this.link.messenger?.deploymentId);
  }

  /** Sets the field's attributes with `Database.set`, after checking them. */
  async set(): Promise<void> {
    const parsed = parseCustomAttributes(this.value);
    if (!parsed.ok) {
      this.inputError = parsed.error;
      this.fail('invalid-input', parsed.error);
      return;
    }
    // The merged set's size is Messenger's to check, against the session's own limit
    // (maxCustomDataBytes): over it, Messenger refuses the set and says so
    // (customAttributesSizeExceeded), and the panel shows that.
    this.inputError = '';
    await this.setPending(parsed.attributes, false);
  }

  /**
   * Runs a Database command (the bridge holds them until Database.ready), showing progress;
   * a failure is reported (alert, `gc-error`) and answered with `ok: false`.
   */
  private async run(busy: Exclude<Busy, ''>, name: string, options: unknown): Promise<{ ok: true; value: unknown } | { ok: false }> {
    this.busy = busy;
    try {
      const value = await this.link.command(name, options);
      this.commandError = '';
      this.pageAlert = '';
      return { ok: true, value };
    } catch (error) {
      this.commandFailed(error);
      return { ok: false };
    } finally {
      this.busy = '';
    }
  }

  /** `Database.set`, which merges: the whole set held is pending (and cached, with `persist`). */
  private async setPending(attributes: CustomAttributes, restored: boolean): Promise<void> {
    const done = await this.run(restored ? 'restore' : 'set', 'Database.set', { messaging: { customAttributes: attributes } });
    if (!done.ok) return;
    this.removed = '';
    this.reopened = false;
    // Mirror the SDK's shallow merge; no limit here, Messenger already accepted it.
    this.model.merge(attributes, Infinity);
    this.changed();
    this.restored = restored;
    this.dispatchEvent(new GcAttributesSetEvent(attributes, this.pendingAttributes, restored));
  }

  /**
   * Removes one attribute (`Database.remove` of `messaging.customAttributes.<key>`), or all of
   * them (`messaging.customAttributes`) when `key` is left out. It removes what the page holds;
   * what a message already carried stays on the conversation, and the agent still sees it.
   */
  async removeAttributes(key?: string): Promise<void> {
    if (key !== undefined && (key.includes('.') || !hasOwn(this.model.current, key))) {
      // A dotted path cannot name a key that itself holds a dot; such keys go with "Remove all".
      const error = key.includes('.')
        ? `"${key}" has a dot in it, so Database.remove cannot name it alone: use Remove all.`
        : `"${key}" is not held in the page.`;
      this.fail('invalid-input', error);
      this.commandError = error;
      return;
    }
    const name = key === undefined ? 'messaging.customAttributes' : `messaging.customAttributes.${key}`;
    if (!(await this.run('remove', 'Database.remove', { name })).ok) return;
    const before = this.model.current;
    this.model.remove(key);
    // Was any of it on the conversation already? Then the agent still sees that.
    this.removed = (key === undefined ? Object.keys(before) : [key]).some((k) => hasOwn(this.onConversation, k)) ? 'carried' : 'new';
    this.changed();
    const gone = key === undefined ? before : { [key]: before[key] };
    this.dispatchEvent(new GcAttributesRemovedEvent(copy(gone), this.heldAttributes));
  }

  /**
   * The mirror changed: render; an earlier Get result is out of date; keep (or drop) the
   * names of pending keys for the tab, and with `persist` the values too.
   */
  private changed(): void {
    this.generation++;
    this.current = undefined;
    this.lostKeys = [];
    this.requestUpdate();
    if (this.model.state === 'pending') {
      // Only what no message has carried yet (with this value) is lost on a page load: what
      // was carried is on the conversation already.
      const pending = this.model.pending;
      writeStorage(
        'sessionStorage',
        this.namesKey,
        JSON.stringify(Object.keys(pending).filter((key) => !this.carriedAs(key, pending[key]))),
      );
      if (this.persist && !writeStorage('sessionStorage', this.cacheKey, JSON.stringify(this.model.pending))) {
        // Never say "kept" when the browser did not keep them (storage full, off, or private mode).
        this.persistFailed = true;
        this.fail(
          'persist-failed',
          'This browser would not store the attributes (storage is full or turned off), so a page load will lose them.',
        );
      } else {
        this.persistFailed = false;
      }
    } else {
      removeStorage('sessionStorage', this.namesKey);
      removeStorage('sessionStorage', this.cacheKey);
    }
  }

  /**
   * Learns the set Messenger holds after a change the panel did not make itself (the page's
   * own code, or a remove). As docs/messenger-sdk.md#undocumented-by-genesys says, Genesys does
   * not document the payloads of `Database.updated`
   * and `Database.removed`, so the panel asks with `Database.get` instead of reading them.
   */
  private async refresh(): Promise<void> {
    const generation = this.generation;
    let value: unknown;
    try {
      value = await this.link.command('Database.get', { name: 'messaging.customAttributes' });
    } catch {
      return; // the panel keeps what it knew; a failed read is not the user's error
    }
    if (generation !== this.generation) return;
    const next = isCustomAttributes(value) ? value : {};
    if (this.model.replace(next)) this.changed();
  }

  /** Reads the conversation's attributes with `Database.get` and shows them as JSON. */
  async get(): Promise<void> {
    const done = await this.run('get', 'Database.get', { name: 'messaging.customAttributes' });
    if (done.ok) this.current = JSON.stringify(done.value ?? {}, null, 2);
  }

  private commandFailed(error: unknown): void {
    // Messenger refused a set over its limit and published customAttributesSizeExceeded,
    // which already said so: one alert, one gc-error.
    if (this.sizeRefused) {
      this.sizeRefused = false;
      return;
    }
    this.commandError = errorMessage(error);
    // By name, not instanceof: a second copy of the bundle has its own error classes.
    const name = error instanceof Error ? error.name : '';
    // It goes away when the messenger is usable (the panel's error clears then).
    this.clearsWhenReady = name === 'NoMessengerError';
    this.fail(this.clearsWhenReady ? 'no-messenger' : 'command-failed', this.commandError);
  }

  private fail(reason: GcErrorReason, message: string): void {
    this.dispatchEvent(new GcErrorEvent(reason, message));
  }

  /** With `persist`, sets the cached pending attributes again once the messenger is known. */
  /**
   * Once the messenger is known: an error whose cause was "no messenger yet" goes; with
   * `persist`, the cached pending attributes are set again; without, the keys a page load
   * lost are named.
   */
  private onMessengerState(detail: MessengerStateDetail): void {
    const usable = detail.state === 'loading' || detail.state === 'ready';
    if (usable && this.clearsWhenReady) {
      this.commandError = '';
      this.clearsWhenReady = false;
    }
    if (this.restoreTried || !detail.deploymentId || !usable) return;
    this.restoreTried = true;
    const lost = this.readNames();
    const cached = this.persist ? this.readCache() : undefined;
    if (cached) {
      void this.setPending(cached, true);
      return;
    }
    removeStorage('sessionStorage', this.cacheKey);
    removeStorage('sessionStorage', this.namesKey);
    this.lostKeys = lost;
  }

  private readCache(): CustomAttributes | undefined {
    const cached = parseStored(readStorage('sessionStorage', this.cacheKey));
    return isCustomAttributes(cached) && Object.keys(cached).length ? cached : undefined;
  }

  private readNames(): string[] {
    const names = parseStored(readStorage('sessionStorage', this.namesKey));
    return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
  }

  private readonly onGenesysEvent = (event: GcGenesysEvent) => {
    switch (event.eventName) {
      case 'MessagingService.messagesReceived': {
        const messages = (event.data as { messages?: InboundMessage[] } | undefined)?.messages ?? [];
        const inbound = messages.find((m) => m?.direction === WIRE.inbound);
        if (inbound) this.carried(inbound);
        break;
      }
      case 'MessagingService.customAttributesSizeExceeded': {
        const body = (event.data as { body?: unknown } | undefined)?.body;
        const why = typeof body === 'string' ? body : 'they are over its size limit';
        if (this.busy === 'set' || this.busy === 'restore') {
          // This panel's own Set was refused: an error of the user's action.
          this.commandError = `Messenger refused these custom attributes: ${why}. Nothing was added; what was held before is still held.`;
          this.sizeRefused = true;
          this.fail('size-exceeded', this.commandError);
        } else {
          // Someone else's (the page's own code): said, without hiding what the panel holds.
          this.pageAlert = `Messenger refused custom attributes set by this page: ${why}.`;
          this.fail('size-exceeded', this.pageAlert);
        }
        break;
      }
      case 'MessagingService.sendingMessage':
        // Only this page's own messages can carry what this page holds: another tab of the
        // same session gets the echo of its messages too.
        this.sending = true;
        break;
      case 'Database.updated':
      case 'Database.removed':
        void this.refresh();
        break;
      // A closed session makes the set pending again
      // (docs/messenger-sdk.md#when-custom-attributes-travel); inferred: an ended
      // (disconnected) or cleared conversation counts as one, as the runtime has it.
      case 'MessagingService.conversationDisconnected':
      case 'MessagingService.conversationCleared':
      case 'MessagingService.sessionCleared':
        this.sessionClosed();
        break;
      // Not handled: an expired session. The runtime makes the set pending again, but Messenger
      // publishes no event for an expiry (Genesys documents none:
      // docs/messenger-sdk.md#undocumented-by-genesys), and `started {newSession}`
      // could come after the first message's echo, which would wrongly reopen a set just sent.
    }
  };

  /** What was sent travels again with the next message: pending again (if anything was sent). */
  private sessionClosed(): void {
    // The next conversation has none of what this one got.
    this.onConversation = {};
    if (this.model.state === 'sent') {
      this.model.reopen();
      this.reopened = true;
    }
    this.changed();
  }

  /** A guest message went out: it carried the whole pending set. */
  private carried(message: InboundMessage): void {
    if (!this.sending) return;
    this.sending = false;
    if (!this.isConnected) this.listen(false);
    const pending = this.model.pending;
    // Where the SDK reports the message's attributes we show those; Genesys
    // (docs/messenger-sdk.md#undocumented-by-genesys) does not
    // promise it does, so otherwise we show what was pending, which the message took.
    const reported = message.channel?.metadata?.customAttributes;
    const hasReported = isCustomAttributes(reported) && Object.keys(reported).length > 0;
    if (!this.model.take() && !hasReported) return;
    this._sent = copy(hasReported ? reported : pending);
    this.onConversation = copy(this.onConversation, this._sent);
    this.sentAt = new Date();
    this.restored = false;
    this.removed = '';
    this.reopened = false;
    this.commandError = '';
    this.pageAlert = '';
    this.changed();
    this.dispatchEvent(new GcAttributesSentEvent(this.sentAttributes));
  }

  private readonly onSessionClear = (event: GcSessionClearEvent) => {
    const deploymentId = event.deploymentId ?? this.link.messenger?.deploymentId;
    removeStorage('sessionStorage', pendingCacheKey(deploymentId));
    removeStorage('sessionStorage', pendingNamesKey(deploymentId));
    this.model.clear();
    this.lostKeys = [];
    this._sent = this.onConversation = {};
    this.current = undefined;
    this.commandError = '';
    this.generation++;
    this.requestUpdate();
  };

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.set();
    }
  }

  private statusText() {
    // What a removal did to the conversation: the page's copy is gone either way.
    const removed =
      this.removed &&
      (this.removed === 'carried'
        ? html`Removed from the page; what a message already carried stays on the conversation, and the agent still sees
            it.`
        : html`Removed from the page before a message of this page carried it.`);
    switch (this.status) {
      case 'empty':
        return html`<strong>Empty.</strong> ${removed ||
          "Nothing held. Each Set adds to what this page holds; the guest's next message carries all of it."}`;
      case 'pending':
        if (removed) return html`<strong>Pending.</strong> ${removed} The rest is held; the guest's next message carries it.`;
        if (this.reopened) {
          return html`<strong>Pending again.</strong> The conversation or its session ended, so what is held travels again
            with the first message of the next one.`;
        }
        if (this.restored) {
          return html`<strong>Pending.</strong> Restored after the page load and set again: the guest's next message carries
            all of them.`;
        }
        return html`<strong>Pending.</strong> Held in this page; the guest's next message carries all of them.
          ${!this.persist
            ? html`<em>A page load now loses them.</em>`
            : this.persistFailed
              ? html`<em>This browser would not store them (storage is full or turned off): a page load now loses them.</em>`
              : 'Kept for this browser tab: a page load sets them again.'}`;
      case 'sent':
        return removed
          ? html`<strong>Sent.</strong> ${removed} Later messages carry nothing until you set something.`
          : html`<strong>Sent.</strong> Carried by the guest's message at ${this.sentAt?.toLocaleTimeString()}; the agent
              sees them as participant data. Later messages carry nothing until you set something; then the whole set
              travels again.`;
      case 'error':
        // Nothing was changed by the refused command: say so only where there is something to see.
        return html`<strong>Error.</strong> See the message above.
          ${Object.keys(this.model.current).length ? 'The attributes in the table below are still held, as they were.' : ''}`;
    }
  }

  private renderHeld() {
    const entries = Object.entries(this.model.current);
    if (!entries.length) return nothing;
    const caption =
      this.model.state === 'pending'
        ? 'Held in the page, pending: the next message carries all of these'
        : 'Held in the page, already sent: the next message carries them again only after a new Set';
    return html`<table part="pending">
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          ${HEADINGS}
          <th scope="col"><span class="visually-hidden">Action</span></th>
        </tr>
      </thead>
      <tbody>
        ${entries.map(
          ([key, value]) =>
            html`<tr>
              ${cells(key, JSON.stringify(value), String(value))}
              <td>
                ${key.includes('.')
                  ? html`<small class="hint">A dot reads as a path: only Remove all removes this key.</small>`
                  : html`<button
                      part="remove-button"
                      class="secondary small"
                      type="button"
                      aria-label=${`Remove ${key}`}
                      @click=${() => this.removeAttributes(key)}
                    >
                      Remove
                    </button>`}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderSent() {
    const entries = Object.entries(this._sent);
    if (!entries.length) return nothing;
    return html`<table part="sent">
      <caption>
        Sent with the guest's last message that carried attributes, as the agent gets them (text)
      </caption>
      <thead>
        <tr>
          ${HEADINGS}
        </tr>
      </thead>
      <tbody>
        ${entries.map(([key, value]) => html`<tr>${cells(key, String(value), String(value))}</tr>`)}
      </tbody>
    </table>`;
  }

  override render() {
    const alert = this.inputError || this.commandError || this.pageAlert;
    const progress = PROGRESS[this.busy];
    const held = Object.keys(this.model.current).length > 0;
    return html`
      <div class="panel" part="base" role="group" aria-label="Database Plugin">
        <p class="title" part="title">Database Plugin</p>
        <div>
          <label part="label" for="json">JSON</label>
          <textarea
            id="json"
            part="input field"
            spellcheck="false"
            placeholder=${PLACEHOLDER}
            aria-invalid=${this.inputError ? 'true' : 'false'}
            aria-describedby="hint"
            .value=${this.value}
            @input=${(e: Event) => (this.value = (e.target as HTMLTextAreaElement).value)}
            @keydown=${this.onKeydown}
          ></textarea>
          <p class="hint" part="hint" id="hint">
            Flat values only (text, numbers, true/false; the agent gets them all as text), ${LIMITS.maxCustomDataBytes}
            bytes at most in all. Each Set adds to what is held; a key set again takes its new value. Ctrl+Enter sets.
          </p>
        </div>
        <div class="actions">
          <button part="button" type="button" @click=${() => this.set()}>Set</button>
          <button part="button" class="secondary" type="button" @click=${() => this.get()}>Get</button>
          <button part="button" class="secondary" type="button" ?disabled=${!held} @click=${() => this.removeAttributes()}>
            Remove all
          </button>
        </div>
        <p class="alert" part="error" role="alert">${alert || nothing}</p>
        <p class="status-line ${this.status}" part="status" role="status">${progress || this.statusText()}</p>
        ${this.lostKeys.length
          ? html`<p class="notice" part="notice">
              <strong>Lost on the page load:</strong> ${this.lostKeys.join(', ')}. The page was loaded before a message
              carried them, and Messenger keeps them only in the page. Set them again, or turn on
              <code>persist</code> to have the page keep them.
            </p>`
          : nothing}
        ${this.renderHeld()} ${this.renderSent()}
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

const HEADINGS = html`<th scope="col">Key</th>
  <th scope="col">Value</th>`;

/** A key and its value as table cells, clipped when long, the full text in a tooltip. */
function cells(key: string, shown: string, full: string) {
  return html`<td><span class="clip" title=${key}>${key}</span></td>
    <td><span class="clip" title=${full}>${shown}</span></td>`;
}

/** JSON from storage, or undefined when it is missing or not JSON. */
function parseStored(raw: string | null): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

define('gc-database-plugin', GcDatabasePlugin);

declare global {
  interface HTMLElementTagNameMap {
    'gc-database-plugin': GcDatabasePlugin;
  }
}
