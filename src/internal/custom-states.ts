/**
 * An element's current state as a CSS custom state (`gc-messenger:state(ready)`), through
 * ElementInternals, instead of a reflected attribute: an attribute the element adds by itself
 * makes frameworks that hydrate server-rendered markup (React) see a mismatch.
 *
 * Chromium before 125 (Chrome and Edge 90–124) took only dashed names (`--ready`, matched by
 * `:--ready`) and threw on plain ones. There the states are set in that form; a browser that
 * takes neither form gets none, and the `state`/`status` property still tells. Never throws:
 * a throw here would stop the element rendering.
 */
export class CustomStates<S extends string> {
  private states?: CustomStateSet;
  private prefix = '';

  constructor(
    host: HTMLElement,
    private readonly all: readonly S[],
  ) {
    try {
      this.states = host.attachInternals().states;
    } catch {
      // No ElementInternals (very old browsers): the `state`/`status` property still tells.
    }
  }

  /** Makes `current` the one state that matches. */
  set(current: S): void {
    const states = this.states;
    if (!states) return;
    try {
      if (states.has(this.prefix + current)) return;
      for (const state of this.all) if (state !== current) states.delete(this.prefix + state);
      states.add(this.prefix + current);
    } catch {
      if (this.prefix) {
        this.states = undefined;
        return;
      }
      this.prefix = '--';
      this.set(current);
    }
  }
}
