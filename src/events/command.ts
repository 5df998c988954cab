/** The answer to a `gc-command` nobody answered: the page has no `<gc-messenger>`. */
export class NoMessengerError extends Error {
  override readonly name = 'NoMessengerError';
  constructor() {
    // Students read this: it names no tag (the page's author knows what to add).
    super('Messenger is not on this page, so nothing was sent. The page needs its Messenger element.');
  }
}

/**
 * `gc-command`: an element asks the page's `<gc-messenger>` to run a Messenger command.
 * The messenger answers by calling `respondWith()` while the event is dispatched; an
 * event nobody answered (`answered === false` after dispatch) means there is no messenger.
 */
export class GcCommandEvent<T = unknown> extends Event {
  static readonly eventName = 'gc-command' as const;
  private _result?: Promise<T>;

  constructor(
    /** A Messenger command such as `Database.set`. */
    readonly command: string,
    /** The command's options, as the SDK takes them. */
    readonly options?: unknown,
    /** How long the caller is willing to wait for an answer, in ms. */
    readonly timeout?: number,
  ) {
    super(GcCommandEvent.eventName, { bubbles: true, composed: true });
  }

  respondWith(result: Promise<T>): void {
    if (this._result) throw new Error(`${this.command} was already answered.`);
    this._result = result;
  }

  get answered(): boolean {
    return this._result !== undefined;
  }

  /** The messenger's answer; rejects when no messenger answered the event. */
  get result(): Promise<T> {
    return this._result ?? Promise.reject(new NoMessengerError());
  }
}

/** `gc-messenger-query`: an element asks the page's `<gc-messenger>` to announce its state again. */
export class GcMessengerQueryEvent extends Event {
  static readonly eventName = 'gc-messenger-query' as const;
  constructor() {
    super(GcMessengerQueryEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'gc-command': GcCommandEvent;
    'gc-messenger-query': GcMessengerQueryEvent;
  }
}
