// @ts-check
/**
 * Journeys: the visitor's Predictive Engagement events (`Journey.pageview`, `Journey.record`)
 * as the emulated runtime posts them to `POST /api/journey`, checked where they enter and
 * kept, bounded, for the agent view. Genesys documents no size or depth for a Journey event's
 * data: the bounds here are the emulator's own (inferred), wide enough for the lab's payloads
 * (the login form's `traitsMapper`, three levels deep, is the deepest) and narrow enough that
 * no guest can make the server's memory or the agent views' traffic grow without bound.
 */

/**
 * How deep `value` nests (a primitive is 0, `{}` is 1, `{a: {}}` is 2), counted without
 * recursion and without going further than `max + 1`: data nested 10,000 levels costs no
 * more to refuse than data nested `max + 1`.
 * @param {unknown} value
 * @param {number} max
 */
export function depthOf(value, max) {
  /** @type {Array<[unknown, number]>} */
  const stack = [[value, 0]];
  let deepest = 0;
  while (stack.length) {
    const [item, depth] = /** @type {[unknown, number]} */ (stack.pop());
    if (item === null || typeof item !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > max) return deepest;
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, level]);
  }
  return deepest;
}

/** A Journey event as kept: what the agent view shows. */
/**
 * @typedef {object} JourneyEvent
 * @property {string} time ISO
 * @property {string} deploymentId
 * @property {'pageview' | 'record'} kind
 * @property {Record<string, unknown>} data
 * @property {string | undefined} conversationId
 */

/**
 * Why `data` cannot be a Journey event's data, or undefined when it can.
 * @param {unknown} data
 * @param {{ maxJourneyDepth: number, maxJourneyBytes: number }} limits
 */
export function journeyDataError(data, limits) {
  if (data === undefined || data === null) return undefined;
  if (typeof data !== 'object' || Array.isArray(data)) return 'data must be an object (the options of Journey.pageview or Journey.record).';
  const depth = depthOf(data, limits.maxJourneyDepth);
  if (depth > limits.maxJourneyDepth) return `data nests more than ${limits.maxJourneyDepth} levels deep.`;
  const bytes = Buffer.byteLength(JSON.stringify(data), 'utf8');
  if (bytes > limits.maxJourneyBytes) return `data is ${bytes} bytes as JSON; at most ${limits.maxJourneyBytes} are kept.`;
  return undefined;
}

/** What a kept event weighs for the stored-bytes bounds: its data as JSON plus an allowance. */
export const journeyWeight = (/** @type {JourneyEvent} */ event) => 256 + Buffer.byteLength(JSON.stringify(event.data), 'utf8');

/**
 * The events kept: each conversation's newest `journeyPerConversation` (what one agent-view
 * update carries, and charged to the conversation, so one visitor's flood pushes out only its
 * own), and the newest `journeyKept` events of visitors with no conversation yet.
 */
export class Journeys {
  /**
   * @param {{ journeyKept: number, journeyPerConversation: number }} limits
   */
  constructor(limits) {
    this.limits = limits;
    /** @type {Map<string, JourneyEvent[]>} conversation id → its events, newest last */
    this.byConversation = new Map();
    /** @type {JourneyEvent[]} events of visitors with no conversation yet, newest last */
    this.unlinked = [];
  }

  /**
   * Keeps an event; returns what it and any event it pushed out of its conversation weigh
   * (the caller charges the difference to the conversation).
   * @param {JourneyEvent} event
   */
  add(event) {
    if (!event.conversationId) {
      this.unlinked.push(event);
      if (this.unlinked.length > this.limits.journeyKept) this.unlinked.shift();
      return { added: 0, dropped: 0 };
    }
    const list = this.byConversation.get(event.conversationId) ?? [];
    list.push(event);
    this.byConversation.set(event.conversationId, list);
    let dropped = 0;
    while (list.length > this.limits.journeyPerConversation) dropped += journeyWeight(/** @type {JourneyEvent} */ (list.shift()));
    return { added: journeyWeight(event), dropped };
  }

  /** @param {string} conversationId */
  of(conversationId) {
    return [...(this.byConversation.get(conversationId) ?? [])];
  }

  /** @param {string} conversationId */
  forget(conversationId) {
    this.byConversation.delete(conversationId);
  }

  /** Events kept, all told. */
  get count() {
    let n = this.unlinked.length;
    for (const list of this.byConversation.values()) n += list.length;
    return n;
  }
}
