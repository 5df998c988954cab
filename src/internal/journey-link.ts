import type { ReactiveController } from 'lit';
import { GcGenesysEvent, type MessengerStateDetail } from '../events/messenger.js';
import { MessengerLink } from './messenger-link.js';


type Host = ConstructorParameters<typeof MessengerLink>[0];

/**
 * A Journey element's link to the page's `<gc-messenger>`: the messenger's state (through
 * `MessengerLink`) and whether the Journey plugin published `Journey.ready` (re-fired by the
 * messenger's bridge as a `gc-genesys-event`, and again when an element loaded later asks).
 * `waiting(needsJourney)` says, in words, why a button cannot be used yet.
 */
export class JourneyLink implements ReactiveController {
  /** How long after Messenger is ready (ms) the Journey plugin may take before the element says it is not coming. */
  static patience = 10_000;
  journeyReady = false;
  /** Messenger has been ready for a while and the Journey plugin still has not said it is. */
  journeyLate = false;
  private timer?: ReturnType<typeof setTimeout>;
  /** Commands go through it; it keeps the messenger's last announced state. */
  readonly messengerLink: MessengerLink;

  constructor(private readonly element: Host) {
    // Registered first, so that the Journey.ready the bridge re-fires on the messenger link's
    // query (on connect) finds this listener in place.
    element.addController(this);
    this.messengerLink = new MessengerLink(element, (detail) => this.onMessenger(detail));
  }

  hostConnected(): void {
    document.addEventListener(GcGenesysEvent.eventName, this.onGenesys);
  }

  hostDisconnected(): void {
    document.removeEventListener(GcGenesysEvent.eventName, this.onGenesys);
    clearTimeout(this.timer);
  }

  command<T = unknown>(name: string, options?: unknown, timeout?: number): Promise<T> {
    return this.messengerLink.command<T>(name, options, timeout);
  }

  /** Why the element's buttons must wait, or '' when they can be used. */
  waiting(needsJourney: boolean): string {
    const messenger = this.messengerLink.messenger;
    if (!messenger) return 'Waiting for Messenger: this page has no Messenger element yet.';
    switch (messenger.state) {
      case 'unconfigured':
        return 'Waiting for Messenger: choose the region and deployment ID, then Save.';
      case 'loading':
        return 'Waiting for Messenger to load…';
      case 'error':
        return `Messenger could not start${messenger.message ? `: ${messenger.message}` : '.'}`;
    }
    if (!needsJourney || this.journeyReady) return '';
    return this.journeyLate
      ? 'The Journey plugin is not ready (no Journey.ready): Predictive Engagement may be off for this deployment.'
      : 'Waiting for the Journey plugin (Journey.ready)…';
  }

  private onMessenger(detail: MessengerStateDetail): void {
    clearTimeout(this.timer);
    if (detail.state === 'ready' && !this.journeyReady) {
      this.timer = setTimeout(() => {
        this.journeyLate = true;
        this.element.requestUpdate();
      }, JourneyLink.patience);
    }
  }

  private readonly onGenesys = (event: GcGenesysEvent) => {
    if (event.eventName !== 'Journey.ready' || this.journeyReady) return;
    this.journeyReady = true;
    this.journeyLate = false;
    clearTimeout(this.timer);
    this.element.requestUpdate();
  };
}
