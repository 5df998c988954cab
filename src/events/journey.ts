import type { LoginFields } from '../genesys/journey.js';

/**
 * `gc-command-sent`: a button of `<gc-commands>` or `<gc-login-form>` sent a command and
 * Messenger took it (the command's callback resolved). A Journey command is then on its way to
 * the visitor's Predictive Engagement session at once, with no conversation needed.
 */
export class GcCommandSentEvent extends Event {
  static readonly eventName = 'gc-command-sent' as const;
  constructor(
    /** The Messenger command, e.g. `Journey.record`. */
    readonly command: string,
    /** Its options, exactly as sent. */
    readonly options: unknown,
  ) {
    super(GcCommandSentEvent.eventName, { bubbles: true, composed: true });
  }
}

/** `gc-login`: the User Login Form's Login was taken: the visitor is identified by these fields. */
export class GcLoginEvent extends Event {
  static readonly eventName = 'gc-login' as const;
  constructor(readonly fields: Readonly<LoginFields>) {
    super(GcLoginEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'gc-command-sent': GcCommandSentEvent;
    'gc-login': GcLoginEvent;
  }
}
