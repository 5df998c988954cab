import type { GenesysEventPayload } from '../genesys/sdk.js';

export type MessengerState = 'unconfigured' | 'loading' | 'ready' | 'error' | 'duplicate';

export interface MessengerStateDetail {
  state: MessengerState;
  /** The documented environment code in use, e.g. `prod-euw1`. */
  environment?: string;
  deploymentId?: string;
  /** Why the state is `error`. */
  message?: string;
}

/** `gc-messenger-state`: the page's messenger changed state (or was asked to say it again). */
export class GcMessengerStateEvent extends Event {
  static readonly eventName = 'gc-messenger-state' as const;
  constructor(readonly detail: MessengerStateDetail) {
    super(GcMessengerStateEvent.eventName, { bubbles: true, composed: true });
  }
}

/**
 * `gc-genesys-event`: a Messenger SDK event re-fired into the DOM, so that elements never
 * subscribe to `window.Genesys` themselves. `eventName` is the SDK's (`Database.ready`,
 * `MessagingService.messagesReceived`, …) and `data` its payload's `data`.
 */
export class GcGenesysEvent<T = unknown> extends Event {
  static readonly eventName = 'gc-genesys-event' as const;
  constructor(
    readonly eventName: string,
    readonly data: T,
    /** The whole payload the SDK published: `{ time, publisher, event, eventName, data }`. */
    readonly payload: GenesysEventPayload<T>,
  ) {
    super(GcGenesysEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'gc-messenger-state': GcMessengerStateEvent;
    'gc-genesys-event': GcGenesysEvent;
  }
}
