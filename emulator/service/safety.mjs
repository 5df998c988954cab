// @ts-check
/**
 * Nothing a client sends or does ends the process: work that runs outside a request's own
 * try/catch (timers, socket events) runs through `guard`, which logs an unexpected error
 * once per kind, with what was being done, counts it, and lets the server go on.
 */

export class Safety {
  /** @param {(message: string, error: unknown) => void} [log] */
  constructor(log = (message, error) => console.error(message, error)) {
    this.log = log;
    /** Unexpected errors caught so far (GET /api/stats). */
    this.errors = 0;
    /** @type {Set<string>} what was being done + the error's message, already logged; bounded */
    this.logged = new Set();
  }

  /**
   * Reports an unexpected error: counted always, logged once per (doing, message).
   * @param {string} doing what the server was doing, e.g. "sending agent-view updates"
   * @param {unknown} error
   */
  report(doing, error) {
    this.errors += 1;
    const signature = `${doing}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300);
    // After 1000 kinds, only counted: the log is no outlet for a flood either.
    if (this.logged.has(signature) || this.logged.size >= 1000) return;
    this.logged.add(signature);
    this.log(`guest service: unexpected error while ${doing} (logged once; the server goes on)`, error);
  }

  /**
   * `fn` wrapped so that an error it throws is reported, never thrown.
   * @template {unknown[]} A
   * @param {string} doing
   * @param {(...args: A) => void} fn
   * @returns {(...args: A) => void}
   */
  guard(doing, fn) {
    return (...args) => {
      try {
        fn(...args);
      } catch (error) {
        this.report(doing, error);
      }
    };
  }
}
