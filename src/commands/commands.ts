import { LitElement, css, html, nothing, type PropertyDeclarations } from 'lit';
import { GcErrorEvent } from '../events/error.js';
import { GcCommandSentEvent } from '../events/journey.js';
import { define } from '../internal/define.js';
import { JourneyLink } from '../internal/journey-link.js';
import { errorMessage } from '../internal/messenger-link.js';
import { sharedStyles } from '../internal/shared.styles.js';
import { EVENT_NAME, LAB_PRODUCT, LAB_RECORD, PRODUCT_EVENTS, pageviewUnix, productRecord, type Product } from '../genesys/journey.js';

/** At most this many characters in the product's code and name (ours; Genesys documents no bound here). */
export const MAX_TEXT = 255;

interface Command {
  /** The button's text and its part name. */
  label: string;
  part: string;
  command: string;
  /** Needs the Journey plugin (else only Messenger). */
  journey: boolean;
  /** The options, or why they cannot be made from the element's attributes. */
  options: () => { ok: true; options: unknown } | { ok: false; error: string };
}

const ok = (options: unknown) => ({ ok: true as const, options });

/**
 * The workshop lab's Commands. PageView Unix (`Journey.pageview` with the time as title and
 * location), Open Chat (`Messenger.open`), Close Chat (`Messenger.close`), Add Product and
 * Remove Product (`Journey.record` `product_added` / `product_removed` with the product), and
 * Journey Record (`Journey.record` `Test` with `{ TestObject: "test123" }`): the lab's exact
 * payloads unless the attributes say otherwise. A Journey command reaches the visitor's
 * Predictive Engagement session at once, with no conversation and no message (unlike custom
 * attributes). Buttons wait for Messenger, and the Journey ones for `Journey.ready`, and say why.
 *
 * @tag gc-commands
 * @summary The lab's Commands: Journey page views and records, Open and Close Chat.
 *
 * @attr product-code - The product's `code` in Add/Remove Product (default `CDE-123`; at most 255 characters).
 * @attr product-name - The product's `name` (default `Product`; at most 255 characters).
 * @attr product-price - The product's `price`, a number of 0 or more (default `15.99`).
 * @attr product-has-batteries - Boolean. The product's `hasBatteries` (default: absent, `false`).
 * @attr record-event-name - The event name of Journey Record (default `Test`): letters, digits and underscores, as Genesys requires.
 *
 * @fires {GcCommandSentEvent} gc-command-sent - Messenger took a command (`command`, `options` as sent).
 * @fires {GcErrorEvent} gc-error - A command failed (`command-failed`), no messenger answered (`no-messenger`), or an attribute is not valid (`invalid-config`).
 *
 * @csspart base - The panel around everything.
 * @csspart title - The panel's title, "Commands".
 * @csspart button - Every button (the same name as the other elements' buttons).
 * @csspart pageview-button - PageView Unix.
 * @csspart open-button - Open Chat.
 * @csspart close-button - Close Chat.
 * @csspart add-product-button - Add Product.
 * @csspart remove-product-button - Remove Product.
 * @csspart record-button - Journey Record.
 * @csspart status - What was sent last, or why the buttons wait (announced politely).
 * @csspart payload - The options of the command sent last, as JSON.
 * @csspart error - The alert that says what went wrong.
 *
 * @cssprop --gc-lab-accent-color - Buttons and accents (default `light-dark(#1f5fbf, #8ab4f8)`: follows the page's `color-scheme`).
 * @cssprop --gc-lab-on-accent-color - Text on accent-coloured buttons (default `light-dark(#ffffff, #0b1b36)`).
 * @cssprop --gc-lab-focus-color - The focus ring, 3px, one style everywhere (default `CanvasText`).
 * @cssprop --gc-lab-error-color - Errors (default `light-dark(#b3261e, #f2b8b5)`).
 * @cssprop --gc-lab-error-surface-color - The error alert's background (default `light-dark(#fdecea, #3c1412)`).
 * @cssprop --gc-lab-surface-color - The panel's background (default `transparent`).
 * @cssprop --gc-lab-border-color - Borders (default: the text colour at 55%).
 * @cssprop --gc-lab-text-color - Text (default: inherited from the host page).
 * @cssprop --gc-lab-radius - Corner radius (default `8px`).
 * @cssprop --gc-lab-spacing - The panel's padding (default `1rem`).
 * @cssprop --gc-lab-font-family - The font (default: inherited from the host page).
 * @cssprop --gc-lab-font-size - The base font size (default: inherited from the host page).
 * @cssprop --gc-lab-mono-font-family - The font of the payload (default: the system monospace font).
 */
export class GcCommands extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .status:empty,
      .payload:empty {
        display: none;
      }
      .payload {
        margin: 0;
        font-size: 0.875em;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
    `,
  ];

  static override properties: PropertyDeclarations = {
    productCode: { attribute: 'product-code' },
    productName: { attribute: 'product-name' },
    productPrice: { attribute: 'product-price' },
    productHasBatteries: { attribute: 'product-has-batteries', type: Boolean },
    recordEventName: { attribute: 'record-event-name' },
    sent: { state: true, attribute: false },
    payload: { state: true, attribute: false },
    error: { state: true, attribute: false },
    busy: { state: true, attribute: false },
  };

  /** The product's `code` (attribute `product-code`). */
  productCode?: string;
  /** The product's `name` (attribute `product-name`). */
  productName?: string;
  /** The product's `price` as text (attribute `product-price`); checked when a product is sent. */
  productPrice?: string;
  /** The product's `hasBatteries` (attribute `product-has-batteries`). */
  productHasBatteries = false;
  /** Journey Record's event name (attribute `record-event-name`). */
  recordEventName?: string;

  private sent = '';
  private payload = '';
  private error = '';
  private busy = '';

  private readonly link = new JourneyLink(this);

  private readonly commands: Command[] = [
    { label: 'PageView Unix', part: 'pageview-button', command: 'Journey.pageview', journey: true, options: () => ok(pageviewUnix()) },
    { label: 'Open Chat', part: 'open-button', command: 'Messenger.open', journey: false, options: () => ok(undefined) },
    { label: 'Close Chat', part: 'close-button', command: 'Messenger.close', journey: false, options: () => ok(undefined) },
    { label: 'Add Product', part: 'add-product-button', command: 'Journey.record', journey: true, options: () => this.product(PRODUCT_EVENTS.add) },
    { label: 'Remove Product', part: 'remove-product-button', command: 'Journey.record', journey: true, options: () => this.product(PRODUCT_EVENTS.remove) },
    { label: 'Journey Record', part: 'record-button', command: 'Journey.record', journey: true, options: () => this.record() },
  ];

  /** The product from the attributes (hostile until checked), as Add/Remove Product send it. */
  product(eventName: string) {
    const text = (name: string, value: string | undefined, fallback: string) => {
      if (value === undefined || value === null) return { value: fallback };
      const trimmed = String(value).trim();
      if (!trimmed || trimmed.length > MAX_TEXT) return { error: `${name} must be 1 to ${MAX_TEXT} characters.` };
      return { value: trimmed };
    };
    const code = text('product-code', this.productCode, LAB_PRODUCT.code);
    const name = text('product-name', this.productName, LAB_PRODUCT.name);
    let price = LAB_PRODUCT.price;
    let priceError: string | undefined;
    if (this.productPrice !== undefined && this.productPrice !== null) {
      const raw = String(this.productPrice).trim();
      price = raw === '' ? NaN : Number(raw);
      if (!Number.isFinite(price) || price < 0) priceError = `product-price must be a number of 0 or more, not "${raw.slice(0, 40)}".`;
    }
    const error = code.error ?? name.error ?? priceError;
    if (error) return { ok: false as const, error };
    const product: Product = { price, code: code.value!, name: name.value!, hasBatteries: this.productHasBatteries === true };
    return ok(productRecord(eventName, product));
  }

  /** Journey Record's options: the lab's, with the event name from the attribute when valid. */
  record() {
    const name = this.recordEventName ?? LAB_RECORD.eventName;
    if (typeof name !== 'string' || !EVENT_NAME.test(name)) {
      return { ok: false as const, error: `record-event-name must be letters, digits and underscores (at most 100), as Genesys requires.` };
    }
    return ok({ eventName: name, customAttributes: { ...LAB_RECORD.customAttributes } });
  }

  /** Sends one of the lab's commands by its button's label, e.g. `send('Add Product')`. */
  async send(label: string): Promise<void> {
    const item = this.commands.find((c) => c.label === label);
    if (!item) throw new Error(`There is no "${label}" command.`);
    const made = item.options();
    if (!made.ok) {
      this.fail('invalid-config', `${item.label} was not sent: ${made.error}`);
      return;
    }
    this.error = '';
    this.busy = item.label;
    this.sent = `Sending ${item.command}…`;
    try {
      await this.link.command(item.command, made.options);
      const what = item.command === 'Journey.record' ? `${item.command} ${(made.options as { eventName: string }).eventName}` : item.command;
      this.sent = item.journey
        ? `Sent ${what}: Messenger took it, and it is on the visitor's journey now, with no message needed.`
        : `Sent ${what}: Messenger took it.`;
      this.payload = made.options === undefined ? '' : JSON.stringify(made.options, null, 2);
      this.dispatchEvent(new GcCommandSentEvent(item.command, made.options));
    } catch (error) {
      this.sent = '';
      this.payload = '';
      const noMessenger = error instanceof Error && error.name === 'NoMessengerError';
      this.fail(noMessenger ? 'no-messenger' : 'command-failed', `${item.label} failed: ${errorMessage(error)}`);
    } finally {
      this.busy = '';
    }
  }

  private fail(reason: 'invalid-config' | 'command-failed' | 'no-messenger', message: string): void {
    this.error = message;
    this.dispatchEvent(new GcErrorEvent(reason, message));
  }

  override render() {
    const waitingForMessenger = this.link.waiting(false);
    const waitingForJourney = this.link.waiting(true);
    return html`
      <div class="panel" part="base" role="group" aria-labelledby="title">
        <p class="title" part="title" id="title">Commands</p>
        <div class="actions">
          ${this.commands.map(
            (c) => html`<button
              part="button ${c.part}"
              type="button"
              class=${c.journey ? '' : 'secondary'}
              ?disabled=${!!(c.journey ? waitingForJourney : waitingForMessenger) || this.busy === c.label}
              @click=${() => this.send(c.label)}
            >
              ${c.label}
            </button>`,
          )}
        </div>
        <p class="status" part="status" role="status">${this.sent || waitingForJourney || nothing}</p>
        <pre class="payload" part="payload">${this.payload || nothing}</pre>
        <p class="alert" part="error" role="alert">${this.error || nothing}</p>
      </div>
    `;
  }
}

define('gc-commands', GcCommands);

declare global {
  interface HTMLElementTagNameMap {
    'gc-commands': GcCommands;
  }
}
