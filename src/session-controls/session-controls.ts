import { LitElement, css, html, nothing, type PropertyDeclarations } from 'lit';
import { GcErrorEvent } from '../events/error.js';
import { GcSessionClearEvent } from '../events/session.js';
import { define } from '../internal/define.js';
import { MessengerLink, errorMessage } from '../internal/messenger-link.js';
import { checkNavigationUrl } from '../internal/urls.js';
import { navigate, pageUrl } from '../internal/navigate.js';
import { sharedStyles } from '../internal/shared.styles.js';
import { removeStorage } from '../internal/storage.js';

/** The page-origin keys the lab removes (docs/messenger-sdk.md#clear-session, docs/messenger-sdk.md#storage). */
export function legacySessionKeys(deploymentId: string): string[] {
  return [`_${deploymentId}:gcmcopn`, `_${deploymentId}:gcmcsessionActive`];
}

/** How long Clear Session waits for `Messenger.clear` before reloading anyway. */
const CLEAR_TIMEOUT = 5_000;

/**
 * The lab's session buttons. "Clear Session" forgets the visitor's Predictive Engagement identity
 * (`Identifiers.purgeAll`), ends the guest's Messenger session (`Messenger.clear`, the legacy
 * page-origin keys, the `persist` cache, the login form's fields) and reloads the page,
 * keeping the region and deployment ID. "PageView Home" loads the home page, which is
 * also how you see pending attributes lost on a page load.
 *
 * @tag gc-session-controls
 * @summary Clear Session and PageView Home.
 *
 * @attr home-url - Where PageView Home goes: an http(s) page on this site: the same host, or one a subdomain of the other (`example.com` from `www.example.com`; not a sibling such as `shop.example.com`). Default: this page's URL without query or hash.
 *
 * @fires {GcSessionClearEvent} gc-session-clear - Clear Session started; elements drop what they cached for the session.
 * @fires {GcNavigateEvent} gc-navigate - Cancelable. Fired just before the page loads (`reason` `clear-session` or `page-view-home`).
 * @fires {GcErrorEvent} gc-error - Clear Session found no messenger on the page (`no-messenger`), or PageView Home was refused a `home-url` that is not a web page on this site (`invalid-config`).
 *
 * @csspart base - The row of buttons.
 * @csspart button - Both buttons (the same name as the other elements' buttons).
 * @csspart clear-button - The Clear Session button.
 * @csspart home-button - The PageView Home button.
 * @csspart status - Progress of Clear Session.
 * @csspart error - The alert that says what went wrong.
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
 */
export class GcSessionControls extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .panel {
        grid-template-columns: 1fr;
      }
      .status:empty {
        display: none;
      }
    `,
  ];

  static override properties: PropertyDeclarations = {
    homeUrl: { attribute: 'home-url' },
    progress: { state: true, attribute: false },
    error: { state: true, attribute: false },
  };

  /** Where PageView Home goes; by default this page's URL without query or hash. */
  homeUrl?: string;

  private progress = '';
  private error = '';

  private readonly link = new MessengerLink(this);

  /** Clears the Messenger session and reloads the page. */
  async clearSession(): Promise<void> {
    const deploymentId = this.link.messenger?.deploymentId;
    if (!deploymentId) {
      this.error = 'Messenger is not configured on this page yet, so there is no session to clear.';
      this.dispatchEvent(new GcErrorEvent('no-messenger', this.error));
      return;
    }
    this.error = '';
    this.progress = 'Clearing the session…';
    this.dispatchEvent(new GcSessionClearEvent(deploymentId));
    // As the lab: the visitor's Predictive Engagement identity is forgotten too
    // (`Identifiers.purgeAll`), before `Messenger.clear` shuts Messenger down.
    for (const name of ['Identifiers.purgeAll', 'Messenger.clear']) {
      try {
        await this.link.command(name, {}, CLEAR_TIMEOUT);
      } catch (error) {
        // The page-origin keys and the reload below still give a fresh session in most
        // cases, so a failed command is reported but does not stop the reload.
        console.warn(`gc-session-controls: ${errorMessage(error)}`);
      }
    }
    for (const key of legacySessionKeys(deploymentId)) removeStorage('localStorage', key);
    this.progress = 'Session cleared. Reloading…';
    if (!navigate(this, location.href, 'clear-session')) this.progress = 'Session cleared.';
  }

  /** Loads the home page (a full page load, as in the lab). */
  pageViewHome(): void {
    if (!this.homeUrl) {
      navigate(this, pageUrl(), 'page-view-home');
      return;
    }
    // home-url is hostile until checked: no javascript: or data:, no other site.
    const checked = checkNavigationUrl(this.homeUrl);
    if (!checked.ok) {
      this.error = `PageView Home cannot go there: ${checked.error}`;
      this.dispatchEvent(new GcErrorEvent('invalid-config', this.error));
      return;
    }
    this.error = '';
    navigate(this, checked.url.href, 'page-view-home');
  }

  override render() {
    return html`
      <div class="panel" part="base" role="group" aria-label="Session">
        <div class="actions">
          <button part="button clear-button" type="button" @click=${() => this.clearSession()}>Clear Session</button>
          <button part="button home-button" class="secondary" type="button" @click=${() => this.pageViewHome()}>
            PageView Home
          </button>
        </div>
        <p class="status" part="status" role="status">${this.progress || nothing}</p>
        <p class="alert" part="error" role="alert">${this.error || nothing}</p>
      </div>
    `;
  }
}

define('gc-session-controls', GcSessionControls);

declare global {
  interface HTMLElementTagNameMap {
    'gc-session-controls': GcSessionControls;
  }
}
