// @ts-check
import { LIMITS, customAttributesBytes, hasOwn } from './contract.js';

/** @typedef {import('./contract.js').CustomAttributes} CustomAttributes */

/**
 * When custom attributes travel (docs/messenger-sdk.md#when-custom-attributes-travel, modelled
 * on the transport SDK's CustomAttributesStoreImpl): every add MERGES into the current set and makes the store
 * pending; the next guest message takes the WHOLE current set; then the store is sent and
 * later messages take nothing until something new is added, when the whole set (old keys
 * too) is pending again. A closed session makes it pending again. It lives in memory: a page
 * load empties it, which is the lab's lesson.
 *
 * The emulated runtime keeps its Database plugin's attributes in one of these; the
 * `<gc-database-plugin>` panel mirrors the runtime's with another, fed by SDK events.
 */
export class CustomAttributesStore {
  constructor() {
    /** @private @type {CustomAttributes} */
    this._current = {};
    /** @private @type {'empty' | 'pending' | 'sent'} */
    this._state = 'empty';
  }

  /** What is held now (a copy; `__proto__` and friends are ordinary keys). */
  get current() {
    return copy(this._current);
  }

  /** `empty` (nothing held), `pending` (the next message takes it all) or `sent`. */
  get state() {
    return this._state;
  }

  /** What the next guest message will carry: the whole set while pending, else nothing. */
  get pending() {
    return this._state === 'pending' ? this.current : copy({});
  }

  /**
   * Merges `attributes` in, unless the merged set would exceed `limit` bytes: then nothing
   * changes and the size it would have had is returned (the transport checks before taking).
   * @param {Readonly<CustomAttributes>} attributes
   * @param {number} [limit]
   * @returns {{ ok: true } | { ok: false, bytes: number, limit: number }}
   */
  merge(attributes, limit = LIMITS.maxCustomDataBytes) {
    // Nothing new: no keys, or exactly the whole set held (the same keys and values). The
    // transport SDK's add() refuses those two only (`isCustomAttributesValid`); what was sent
    // stays sent. Any other add, even of values already held, makes the whole set pending.
    if (!Object.keys(attributes).length || sameAttributes(copy(attributes), this._current)) return { ok: true };
    const merged = copy(this._current, attributes);
    const bytes = customAttributesBytes(merged);
    if (bytes > limit) return { ok: false, bytes, limit };
    this._current = merged;
    this._state = 'pending';
    return { ok: true };
  }

  /**
   * Makes `attributes` the whole current set (a mirror that learned the set from the SDK).
   * An unchanged set keeps its state; a changed one is pending.
   * @param {Readonly<CustomAttributes>} attributes
   */
  replace(attributes) {
    const next = copy(attributes);
    if (sameAttributes(next, this._current)) return false;
    this._current = next;
    this._state = Object.keys(next).length ? 'pending' : 'empty';
    return true;
  }

  /**
   * Removes one key, or every attribute when `key` is undefined. What a message already
   * carried stays on the conversation; only the page's copy goes. Removing is not something
   * new: the state stays (the transport SDK's store has no remove, and only an add makes it
   * pending), unless nothing is left.
   * @param {string} [key]
   */
  remove(key) {
    if (key === undefined) this._current = {};
    else delete this._current[key];
    if (!Object.keys(this._current).length) this._state = 'empty';
  }

  /** A guest message goes out: it takes the whole set if pending (else undefined). */
  take() {
    if (this._state !== 'pending') return undefined;
    this._state = 'sent';
    return this.current;
  }

  /**
   * The session closed (a closed session makes it pending again:
   * docs/messenger-sdk.md#when-custom-attributes-travel): what is held travels again with the
   * next message. Also used, inferred (docs/messenger-sdk.md#inferred-by-this-project), when a
   * message that carried the set was refused, and when the agent ended the conversation.
   */
  reopen() {
    if (Object.keys(this._current).length) this._state = 'pending';
  }

  /** Everything goes (a cleared session, a page load). */
  clear() {
    this._current = {};
    this._state = 'empty';
  }
}

/**
 * A plain-object copy of `sources` merged left to right. Keys are defined, not assigned, so
 * `__proto__` and friends stay own data properties and never reach a prototype.
 * @param {ReadonlyArray<Readonly<CustomAttributes>>} sources
 * @returns {CustomAttributes}
 */
export function copy(...sources) {
  /** @type {CustomAttributes} */
  const out = {};
  for (const source of sources) {
    for (const key of Object.keys(source)) {
      Object.defineProperty(out, key, { value: source[key], enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

/**
 * @param {Readonly<CustomAttributes>} a
 * @param {Readonly<CustomAttributes>} b
 */
export function sameAttributes(a, b) {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => hasOwn(b, k) && a[k] === b[k]);
}
