// @ts-check
import { hasOwn, randomUuid } from '../../src/genesys/contract.js';
/**
 * Small helpers shared by the runtime's modules. Everything that walks or merges objects
 * given by the page uses OWN properties only and DEFINES keys instead of assigning them, so
 * `__proto__`, `constructor` and friends stay data and never reach a prototype.
 */

/** @typedef {Record<string, unknown>} Dict */

/**
 * True when `object` has `key` as its own property.
 * @param {unknown} object
 * @param {string} key
 */
export function own(object, key) {
  return object !== null && typeof object === 'object' && hasOwn(object, key);
}

/**
 * A plain object (not null, not an array).
 * @param {unknown} value
 * @returns {value is Dict}
 */
export function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Sets `key` on `target` as an own data property (never the `__proto__` setter).
 * @param {Dict} target
 * @param {string} key
 * @param {unknown} value
 */
export function define(target, key, value) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A deep copy through JSON (JSON.parse defines `__proto__` as an own key: safe).
 * @template T
 * @param {T} value
 * @returns {T}
 */
export function clone(value) {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

/**
 * Merges `source` into `target` deeply: objects into objects, anything else replaces.
 * Own keys only, defined not assigned (prototype-safe).
 * @param {Dict} target
 * @param {Dict} source
 * @returns {Dict}
 */
export function deepMerge(target, source) {
  for (const key of Object.keys(source)) {
    const value = source[key];
    const current = own(target, key) ? target[key] : undefined;
    if (isObject(value) && isObject(current)) deepMerge(current, value);
    else define(target, key, clone(value));
  }
  return target;
}

/**
 * The value at a dotted path (`messaging.customAttributes.keyInt`), own properties only;
 * no path: `root` itself.
 * @param {unknown} root
 * @param {string | undefined} path
 */
export function lookup(root, path) {
  if (!path) return root;
  /** @type {unknown} */
  let node = root;
  for (const key of path.split('.')) {
    if (!own(node, key)) return undefined;
    node = /** @type {Dict} */ (node)[key];
  }
  return node;
}

/** A client-chosen id (tracingId, guest token): a random UUID, in secure contexts or not. */
export function newId() {
  return randomUuid();
}

/** localStorage, forgiving when storage is off (then nothing survives a reload). */
export const storage = {
  /** @param {string} key */
  get(key) {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  /** @param {string} key @param {string} value */
  set(key, value) {
    try {
      localStorage.setItem(key, value);
    } catch {
      /* storage off */
    }
  },
  /** @param {string} key */
  remove(key) {
    try {
      localStorage.removeItem(key);
    } catch {
      /* storage off */
    }
  },
  /** Every key starting with `prefix`. @param {string} prefix */
  keys(prefix) {
    try {
      return Object.keys(localStorage).filter((key) => key.indexOf(prefix) === 0);
    } catch {
      return [];
    }
  },
};

/**
 * An Error's message, or the value as text (Genesys rejects with strings).
 * @param {unknown} error
 */
export function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
