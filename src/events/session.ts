/** `gc-session-clear`: the user asked to clear the Messenger session; listeners drop what they cached. */
export class GcSessionClearEvent extends Event {
  static readonly eventName = 'gc-session-clear' as const;
  constructor(readonly deploymentId: string | undefined) {
    super(GcSessionClearEvent.eventName, { bubbles: true, composed: true });
  }
}

export type NavigationReason = 'clear-session' | 'page-view-home' | 'reconfigure';

/**
 * `gc-navigate`: an element is about to load a page (Clear Session reloads, PageView Home
 * navigates). Cancelable: a single-page app may `preventDefault()` and route itself.
 */
export class GcNavigateEvent extends Event {
  static readonly eventName = 'gc-navigate' as const;
  constructor(
    readonly url: string,
    readonly reason: NavigationReason,
  ) {
    super(GcNavigateEvent.eventName, { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'gc-session-clear': GcSessionClearEvent;
    'gc-navigate': GcNavigateEvent;
  }
}
