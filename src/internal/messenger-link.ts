import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { GcCommandEvent, GcMessengerQueryEvent } from '../events/command.js';
import { GcMessengerStateEvent, type MessengerStateDetail } from '../events/messenger.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * An element's link to the page's `<gc-messenger>`, through events on `document` only:
 * it keeps the messenger's last announced state (asking for it on connect, so page order
 * does not matter) and sends commands as `gc-command` requests.
 */
export class MessengerLink implements ReactiveController {
  /** The messenger's last announced state; undefined until a messenger has spoken. */
  messenger?: MessengerStateDetail;

  constructor(
    private readonly host: Host,
    private readonly onState?: (detail: MessengerStateDetail) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener(GcMessengerStateEvent.eventName, this.onStateEvent);
    this.host.dispatchEvent(new GcMessengerQueryEvent());
  }

  hostDisconnected(): void {
    document.removeEventListener(GcMessengerStateEvent.eventName, this.onStateEvent);
  }

  /** Runs a Messenger command through the page's messenger; rejects when there is none. */
  command<T = unknown>(name: string, options?: unknown, timeout?: number): Promise<T> {
    const event = new GcCommandEvent<T>(name, options, timeout);
    this.host.dispatchEvent(event);
    return event.result;
  }

  private readonly onStateEvent = (event: GcMessengerStateEvent) => {
    // A duplicate messenger announces itself too; it does not speak for the page.
    if (event.detail.state === 'duplicate') return;
    this.messenger = event.detail;
    this.onState?.(event.detail);
    this.host.requestUpdate();
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
