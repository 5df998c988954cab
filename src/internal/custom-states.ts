/**
 * An element's current state as a CSS custom state (`gc-messenger:state(ready)`), through
 * ElementInternals, instead of a reflected attribute: an attribute the element adds by itself
 * makes frameworks that hydrate server-rendered markup (React) see a mismatch.
 */
export class CustomStates<S extends string> {
  private readonly states?: CustomStateSet;

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
    if (!this.states || this.states.has(current)) return;
    for (const state of this.all) if (state !== current) this.states.delete(state);
    this.states.add(current);
  }
}
