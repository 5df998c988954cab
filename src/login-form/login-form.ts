import { LitElement, css, html, nothing, type PropertyDeclarations } from 'lit';
import { GcErrorEvent } from '../events/error.js';
import { GcCommandSentEvent, GcLoginEvent } from '../events/journey.js';
import { GcSessionClearEvent } from '../events/session.js';
import { define } from '../internal/define.js';
import { JourneyLink } from '../internal/journey-link.js';
import { errorMessage } from '../internal/messenger-link.js';
import { sharedStyles } from '../internal/shared.styles.js';
import { CONFIG_KEYS, readStorage, removeStorage, writeStorage } from '../internal/storage.js';
import { hasOwn } from '../genesys/contract.js';
import { LOGIN_TRAITS, loginPageview, type LoginFields } from '../genesys/journey.js';

/** At most this many characters in a field (ours; Genesys documents no bound for a trait). */
export const MAX_FIELD = 254;

/** An address with a name, an @ and a domain with a dot, no spaces: what a person would call an email address. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

type Field = keyof LoginFields;

const LABELS: Record<Field, string> = { givenName: 'First name', familyName: 'Last name', email: 'Email' };
const ORDER: Field[] = ['givenName', 'familyName', 'email'];
const AUTOCOMPLETE: Record<Field, string> = { givenName: 'given-name', familyName: 'family-name', email: 'email' };

/** Why `value` cannot be the field's, in plain words, or '' when it can. */
export function fieldError(field: Field, value: string): string {
  const label = LABELS[field];
  if (!value) return `${label} is empty: fill it in.`;
  if (value.length > MAX_FIELD) return `${label} is too long: at most ${MAX_FIELD} characters.`;
  if (field === 'email' && !EMAIL.test(value)) return 'Email does not look like an email address (name@example.com).';
  return '';
}

/** The fields kept for the browser session, when they are there and well formed. */
function storedFields(): LoginFields | undefined {
  try {
    const value: unknown = JSON.parse(readStorage('sessionStorage', CONFIG_KEYS.login) ?? 'null');
    if (!value || typeof value !== 'object') return undefined;
    const own = (key: Field) => {
      const v = hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
      return typeof v === 'string' && !fieldError(key, v) ? v : undefined;
    };
    const fields = { givenName: own('givenName'), familyName: own('familyName'), email: own('email') };
    return fields.givenName && fields.familyName && fields.email ? (fields as LoginFields) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The workshop lab's User Login Form: first name, last name and email; **Login** sends
 * `Journey.pageview` with them as `customAttributes` (`email`, `givenName`, `familyName`) and a
 * `traitsMapper` naming all three, which makes Predictive Engagement identify the visitor by
 * them. The fields are kept for the browser session (sessionStorage), as the lab keeps them; the
 * messenger's Reset and Clear Session forget them.
 *
 * @tag gc-login-form
 * @summary The lab's User Login Form: identifies the visitor to Predictive Engagement.
 *
 * @fires {GcLoginEvent} gc-login - Messenger took the Login: the visitor is identified by `fields`.
 * @fires {GcCommandSentEvent} gc-command-sent - Messenger took the Login's `Journey.pageview` (`options` as sent).
 * @fires {GcErrorEvent} gc-error - A field is not valid (`invalid-input`), the command failed (`command-failed`) or no messenger answered (`no-messenger`).
 *
 * @csspart base - The form.
 * @csspart title - The form's title, "User Login Form".
 * @csspart label - Each field's label.
 * @csspart field - Each field.
 * @csspart field-error - The words under a field that is not valid.
 * @csspart button - The Login button (the same name as the other elements' buttons).
 * @csspart status - Who is logged in, or why Login waits (announced politely).
 * @csspart error - The alert that says what went wrong.
 *
 * @cssprop --gc-lab-accent-color - Buttons and accents (default `light-dark(#1f5fbf, #8ab4f8)`: follows the page's `color-scheme`).
 * @cssprop --gc-lab-on-accent-color - Text on accent-coloured buttons (default `light-dark(#ffffff, #0b1b36)`).
 * @cssprop --gc-lab-focus-color - The focus ring, 3px, one style everywhere (default `CanvasText`).
 * @cssprop --gc-lab-error-color - Errors and invalid fields (default `light-dark(#b3261e, #f2b8b5)`).
 * @cssprop --gc-lab-error-surface-color - The error alert's background (default `light-dark(#fdecea, #3c1412)`).
 * @cssprop --gc-lab-surface-color - The panel's background (default `transparent`).
 * @cssprop --gc-lab-input-color - Fields' background (default `Field`).
 * @cssprop --gc-lab-border-color - Borders of the panel and fields (default: the text colour at 55%).
 * @cssprop --gc-lab-text-color - Text (default: inherited from the host page).
 * @cssprop --gc-lab-radius - Corner radius (default `8px`).
 * @cssprop --gc-lab-spacing - The panel's padding (default `1rem`).
 * @cssprop --gc-lab-font-family - The font (default: inherited from the host page).
 * @cssprop --gc-lab-font-size - The base font size (default: inherited from the host page).
 */
export class GcLoginForm extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .status:empty {
        display: none;
      }
      .field-error {
        margin: 0.25rem 0 0;
        color: var(--_error);
      }
    `,
  ];

  static override properties: PropertyDeclarations = {
    values: { state: true, attribute: false },
    errors: { state: true, attribute: false },
    loggedIn: { state: true, attribute: false },
    status: { state: true, attribute: false },
    error: { state: true, attribute: false },
    busy: { state: true, attribute: false },
  };

  private values: LoginFields = storedFields() ?? { givenName: '', familyName: '', email: '' };
  private errors: Partial<Record<Field, string>> = {};
  private loggedIn = storedFields() !== undefined;
  private status = '';
  private error = '';
  private busy = false;

  private readonly link = new JourneyLink(this);

  /** The fields as they are now (a copy). */
  get fields(): LoginFields {
    return { ...this.values };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener(GcSessionClearEvent.eventName, this.forget);
    document.addEventListener('gc-messenger-state', this.onMessengerReset);
    document.addEventListener('gc-navigate', this.onMessengerReset);
  }

  override disconnectedCallback(): void {
    document.removeEventListener(GcSessionClearEvent.eventName, this.forget);
    document.removeEventListener('gc-messenger-state', this.onMessengerReset);
    document.removeEventListener('gc-navigate', this.onMessengerReset);
    super.disconnectedCallback();
  }

  /** Checks the fields and sends the Login; resolves when Messenger answered. */
  async login(): Promise<void> {
    const fields = { givenName: this.values.givenName.trim(), familyName: this.values.familyName.trim(), email: this.values.email.trim() };
    const errors: Partial<Record<Field, string>> = {};
    for (const field of ORDER) {
      const problem = fieldError(field, fields[field]);
      if (problem) errors[field] = problem;
    }
    this.errors = errors;
    const invalid = ORDER.filter((f) => errors[f]);
    if (invalid.length) {
      this.fail('invalid-input', invalid.length === 1 ? errors[invalid[0]]! : `${invalid.length} fields need fixing: ${invalid.map((f) => LABELS[f]).join(', ')}.`);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`#${invalid[0]}`)?.focus();
      return;
    }
    const options = loginPageview(fields);
    this.error = '';
    this.busy = true;
    this.status = 'Logging in…';
    try {
      await this.link.command('Journey.pageview', options);
      this.values = fields;
      this.loggedIn = true;
      writeStorage('sessionStorage', CONFIG_KEYS.login, JSON.stringify(fields));
      this.status = `Logged in as ${fields.givenName} ${fields.familyName} (${fields.email}): Journey.pageview sent with a traitsMapper of ${LOGIN_TRAITS.join(', ')}, so Predictive Engagement identifies the visitor by them.`;
      this.dispatchEvent(new GcCommandSentEvent('Journey.pageview', options));
      this.dispatchEvent(new GcLoginEvent(fields));
    } catch (error) {
      this.status = '';
      const noMessenger = error instanceof Error && error.name === 'NoMessengerError';
      this.fail(noMessenger ? 'no-messenger' : 'command-failed', `Login failed: ${errorMessage(error)}`);
    } finally {
      this.busy = false;
    }
  }

  private fail(reason: 'invalid-input' | 'command-failed' | 'no-messenger', message: string): void {
    this.error = message;
    this.dispatchEvent(new GcErrorEvent(reason, message));
  }

  /** Clear Session (or the messenger's Reset) forgets the fields, as the lab does. */
  private readonly forget = () => {
    removeStorage('sessionStorage', CONFIG_KEYS.login);
    this.values = { givenName: '', familyName: '', email: '' };
    this.errors = {};
    this.loggedIn = false;
    this.status = '';
  };

  // The messenger's Reset forgets the login key, then reloads (gc-navigate, which a single-page
  // app may cancel) or goes back to unconfigured: a form showing the login it kept follows.
  private readonly onMessengerReset = () => {
    if (this.loggedIn && readStorage('sessionStorage', CONFIG_KEYS.login) === null) this.forget();
  };

  private onInput(field: Field, event: Event): void {
    this.values = { ...this.values, [field]: (event.target as HTMLInputElement).value };
    if (this.errors[field]) this.errors = { ...this.errors, [field]: '' };
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this.login();
  }

  override render() {
    const waiting = this.link.waiting(true);
    return html`
      <form class="panel" part="base" novalidate aria-labelledby="title" @submit=${this.onSubmit}>
        <p class="title" part="title" id="title">User Login Form</p>
        ${ORDER.map(
          (field) => html`<div>
            <label part="label" for=${field}>${LABELS[field]}</label>
            <input
              id=${field}
              part="field"
              name=${field}
              type=${field === 'email' ? 'email' : 'text'}
              autocomplete=${AUTOCOMPLETE[field]}
              maxlength=${MAX_FIELD}
              required
              aria-invalid=${this.errors[field] ? 'true' : 'false'}
              aria-describedby=${this.errors[field] ? `${field}-error` : nothing}
              .value=${this.values[field]}
              @input=${(e: Event) => this.onInput(field, e)}
            />
            ${this.errors[field] ? html`<p class="field-error" part="field-error" id="${field}-error">${this.errors[field]}</p>` : nothing}
          </div>`,
        )}
        <div class="actions">
          <button part="button" type="submit" ?disabled=${!!waiting || this.busy}>Login</button>
        </div>
        <p class="status" part="status" role="status">${this.status || (this.loggedIn ? `Logged in as ${this.values.givenName} ${this.values.familyName} (${this.values.email}).` : '') || waiting || nothing}</p>
        <p class="alert" part="error" role="alert">${this.error || nothing}</p>
      </form>
    `;
  }
}

define('gc-login-form', GcLoginForm);

declare global {
  interface HTMLElementTagNameMap {
    'gc-login-form': GcLoginForm;
  }
}
