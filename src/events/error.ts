/**
 * Why something did not happen. `no-messenger`: the page has no messenger that can run the
 * command yet (none on the page, not configured, or it failed to load; the message says which),
 * as opposed to `command-failed`, where Messenger ran the command and refused it.
 * `domain-not-allowed`: Messenger published
 * `GenesysJS.domainNotAllowed`, the page's origin is not among the deployment's allowed domains
 * (the message names the origin to add); Messenger will not become ready on this page.
 */
export type GcErrorReason =
  | 'invalid-config'
  | 'script-error'
  | 'ready-timeout'
  | 'domain-not-allowed'
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
