// @ts-check
/**
 * A lab default that a deployment may replace with its own (the inbound message flow, the Agent
 * Script): the deployments' own values, by deployment id in lower case, at most `max` of them in
 * the room (a further one is a 503 that says how to make room).
 * @template T
 */
export class Overrides {
  /**
   * @param {number} max
   * @param {string} things what they are, plural, for the 503 ("flows", "scripts")
   */
  constructor(max, things) {
    this.max = max;
    this.things = things;
    /** @type {Map<string, T>} */
    this.custom = new Map();
  }

  /** The deployment's own value, or undefined when it runs the default. @param {string} deploymentId */
  own(deploymentId) {
    return this.custom.get(deploymentId.trim().toLowerCase());
  }

  /**
   * Keeps `value` as the deployment's own; the 503 answer when the room holds `max` already.
   * @param {string} deploymentId
   * @param {T} value
   * @returns {{ status: number, body: Record<string, unknown> } | undefined}
   */
  keep(deploymentId, value) {
    const id = deploymentId.trim().toLowerCase();
    if (!this.custom.has(id) && this.custom.size >= this.max) {
      return { status: 503, body: { error: `${this.max} deployments have ${this.things} of their own already: restore some to the default.`, path: '' } };
    }
    this.custom.set(id, value);
    return undefined;
  }

  /** Back to the default. @param {string} deploymentId */
  forget(deploymentId) {
    this.custom.delete(deploymentId.trim().toLowerCase());
  }
}
