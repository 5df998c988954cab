// @ts-check
/**
 * The Database plugin (docs/messenger-sdk.md#the-database-plugin-and-custom-attributes). The custom
 * attributes live in a CustomAttributesStore (the transport SDK's model): every set/update MERGES
 * into the current set and makes it pending; the next guest message takes the WHOLE set; later
 * messages take nothing until the next set/update; a closed session makes it pending again; a page
 * load empties it (memory only, the lab's lesson). Other root keys of the database are kept here as
 * given.
 */
import { isCustomAttributes, LIMITS, sizeExceededPayload } from '../../src/genesys/contract.js';
import { CustomAttributesStore } from '../../src/genesys/custom-attributes-store.js';
import { clone, deepMerge, define, isObject, lookup, own } from './util.js';

/** @typedef {import('./bus.js').Bus} Bus */
/** @typedef {import('./util.js').Dict} Dict */
/** @typedef {{ messaging: Dict & { customAttributes: Dict } } & Dict} DatabaseRoot */

const ATTRIBUTES_PATH = 'messaging.customAttributes';

export const READY_WARNING =
  'Genesys emulator: a Database command arrived before Database.ready. The Genesys docs recommend subscribing to ' +
  'Database.ready before using Database commands; the emulator queues them and runs them, in order, once it is ready.';

/**
 * @param {{ bus: Bus, log: string[], database: DatabaseRoot, limit: () => number | undefined }} options
 *   `database` is the live object tests read (`__genesysEmulator.database`); `limit` is
 *   `maxCustomDataBytes` from the last SessionResponse, if any.
 */
export function createDatabase({ bus, log, database, limit }) {
  const store = new CustomAttributesStore();
  let ready = false;
  let warned = false;
  /** @type {Array<{ name: string, options: unknown, resolve: (value: unknown) => void, reject: (error: unknown) => void }>} */
  let queue = [];

  /** Keeps `database.messaging.customAttributes` the store's current set. */
  function sync() {
    if (!isObject(database.messaging)) define(database, 'messaging', {});
    define(database.messaging, 'customAttributes', store.current);
  }
  sync();

  function currentLimit() {
    return limit() || LIMITS.maxCustomDataBytes;
  }

  /**
   * The custom attributes in a set/update's options, checked (undefined: none given).
   * @param {Dict} options
   */
  function attributesIn(options) {
    if (!own(options, 'messaging')) return undefined;
    const messaging = options.messaging;
    // Inferred: Genesys only documents `messaging` as an object holding customAttributes
    // (docs/messenger-sdk.md#undocumented-by-genesys).
    if (!isObject(messaging)) throw new Error('"messaging" must be an object.');
    if (!own(messaging, 'customAttributes')) return undefined;
    const attributes = messaging.customAttributes;
    // Inferred: the Guest API carries string values (numbers and booleans as their string
    // form); nested objects or arrays cannot travel, so they are refused when set.
    if (!isCustomAttributes(attributes)) {
      throw new Error('messaging.customAttributes must be an object of string, number or boolean values.');
    }
    return attributes;
  }

  /**
   * Merges into the store, or refuses the whole command when the merged set is too large.
   * @param {Dict | undefined} attributes
   */
  function mergeAttributes(attributes) {
    if (!attributes) return;
    const max = currentLimit();
    const result = store.merge(/** @type {import('../../src/genesys/contract.js').CustomAttributes} */ (attributes), max);
    if (!result.ok) {
      const payload = sizeExceededPayload(max);
      bus.publish('MessagingService.customAttributesSizeExceeded', payload);
      // Inferred: whether the real Database.set rejects is undocumented; the emulator
      // rejects with the event's text so a caller learns that nothing was held.
      throw new Error(payload.body);
    }
  }

  /** @param {unknown} options */
  function asOptions(options) {
    // A copy made in this realm: objects from another window (tests) pass the checks too.
    const copy = clone(options === undefined ? {} : options);
    if (!isObject(copy)) throw new Error('Database commands take an object.');
    return copy;
  }

  /**
   * Genesys does not document Database.updated's payload; it carries the whole database
   * (inferred: docs/messenger-sdk.md#undocumented-by-genesys).
   */
  function updated() {
    sync();
    bus.publish('Database.updated', clone(database));
    return clone(database);
  }

  /** @type {Record<string, (options: unknown) => unknown>} */
  const commands = {
    // customAttributes MERGE into what is held (shallow:
    // docs/messenger-sdk.md#the-database-plugin-and-custom-attributes); other root keys are set
    // shallowly, as are other keys of `messaging` (inferred).
    'Database.set'(raw) {
      const options = asOptions(raw);
      mergeAttributes(attributesIn(options));
      for (const key of Object.keys(options)) {
        if (key !== 'messaging') {
          define(database, key, options[key]);
          continue;
        }
        const messaging = /** @type {Dict} */ (options.messaging);
        for (const inner of Object.keys(messaging)) {
          if (inner !== 'customAttributes') define(database.messaging, inner, messaging[inner]);
        }
      }
      return updated();
    },
    // Deep merge; for flat custom attributes the same as set.
    'Database.update'(raw) {
      const options = asOptions(raw);
      mergeAttributes(attributesIn(options));
      const rest = clone(options);
      if (isObject(rest.messaging)) delete rest.messaging.customAttributes;
      deepMerge(database, rest);
      return updated();
    },
    'Database.get'(raw) {
      const options = asOptions(raw);
      const name = typeof options.name === 'string' ? options.name : undefined;
      sync();
      return clone(lookup(database, name));
    },
    // Deletes from the page's copy only: what a message carried stays on the conversation.
    'Database.remove'(raw) {
      const options = asOptions(raw);
      const name = options.name;
      if (typeof name !== 'string' || !name) throw new Error('Database.remove needs a "name".');
      if (name === 'messaging' || name === ATTRIBUTES_PATH) {
        store.remove();
        if (name === 'messaging') define(database, 'messaging', {});
      } else if (name.indexOf(ATTRIBUTES_PATH + '.') === 0) {
        const key = name.slice(ATTRIBUTES_PATH.length + 1);
        if (own(store.current, key)) store.remove(key);
      } else {
        const keys = name.split('.');
        const last = /** @type {string} */ (keys.pop());
        const parent = lookup(database, keys.join('.'));
        if (own(parent, last)) delete /** @type {Dict} */ (parent)[last];
      }
      sync();
      // Inferred payload: the name removed and the database after the removal.
      bus.publish('Database.removed', { name, database: clone(database) });
      return clone(database);
    },
  };

  /**
   * Runs one Database command now.
   * @param {string} name
   * @param {unknown} options
   */
  function execute(name, options) {
    log.push('command:' + name);
    const handler = commands[name];
    if (!handler) throw new Error(name + ' is not a Database command.');
    return handler(options);
  }

  /**
   * A Database command from the page. Before Database.ready it is accepted and queued (one
   * warning), then run in order; the docs leave this case undocumented (inferred).
   * @param {string} name
   * @param {unknown} options
   * @returns {Promise<unknown>}
   */
  function command(name, options) {
    if (!ready) {
      if (!warned) {
        warned = true;
        console.warn(READY_WARNING);
      }
      log.push('queued:' + name);
      return new Promise((resolve, reject) => queue.push({ name, options, resolve, reject }));
    }
    return new Promise((resolve) => resolve(execute(name, options)));
  }

  /**
   * Database.ready: published first; commands that came before it (and any a Database.ready
   * subscriber sends at once) then run in the order they came.
   */
  function markReady() {
    if (ready) return;
    const early = queue;
    queue = [];
    /** @type {typeof queue} */
    const during = [];
    queue = during;
    warned = true; // a subscriber to Database.ready uses the Database as the docs advise
    bus.publish('Database.ready', {});
    ready = true;
    for (const item of early.concat(during)) {
      try {
        item.resolve(execute(item.name, item.options));
      } catch (error) {
        item.reject(error);
      }
    }
    queue = [];
  }

  return {
    command,
    markReady,
    isReady: () => ready,
    /** What the next guest message carries (the whole set if pending), marking it sent. */
    take: () => store.take(),
    /** A session closed: what is held travels again with the next message. */
    reopen: () => store.reopen(),
    /**
     * The service refused the attributes a message carried (4013): they are dropped, as the
     * transport SDK's store does (`onError`, docs/messenger-sdk.md#when-custom-attributes-travel;
     * inferred for the JavaScript Messenger), and the page learns it from `Database.removed`.
     */
    drop() {
      store.remove();
      sync();
      bus.publish('Database.removed', { name: ATTRIBUTES_PATH, database: clone(database) });
    },
    get store() {
      return store;
    },
  };
}

/** @typedef {ReturnType<typeof createDatabase>} DatabasePlugin */
