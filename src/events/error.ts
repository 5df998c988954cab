export type GcErrorReason =
  | 'invalid-config'
  | 'script-error'
  | 'ready-timeout'
  | 'duplicate'
  | 'invalid-input'
  | 'command-failed'
  | 'no-messenger'
  | 'size-exceeded'
  | 'persist-failed';

/** `gc-error`: something the user asked for did not happen; `message` says why, in words. */
export class GcErrorEvent extends Event {
  static readonly eventName = 'gc-error' as const;
  constructor(
    readonly reason: GcErrorReason,
    readonly message: string,
  ) {
    super(GcErrorEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'gc-error': GcErrorEvent;
  }
}
