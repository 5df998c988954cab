// @ts-check
/**
 * `Genesys("subscribe", …)` and the events the plugins publish
 * (docs/messenger-sdk.md#calling-the-sdk): a callback gets
 * `{ time, publisher, event, eventName, data }`; every `X.ready` is replayed to late subscribers;
 * there is no unsubscribe.
 */

/**
 * @typedef {object} Published
 * @property {number} time
 * @property {string} publisher
 * @property {string} event
 * @property {string} eventName
 * @property {unknown} data
 */

/** @typedef {(payload: Published) => void} Subscriber */

/**
 * @param {{ published: Published[], log: string[] }} state where tests read what happened
 */
export function createBus(state) {
  /** @type {Map<string, Subscriber[]>} */
  const subscribers = new Map();
  /** @type {Map<string, Published>} the `X.ready` events, for late subscribers */
  const ready = new Map();

  /**
   * @param {string} eventName `Plugin.event`
   * @param {unknown} [data]
   */
  function publish(eventName, data = {}) {
    const [publisher, event] = eventName.split('.');
    /** @type {Published} */
    const payload = { time: Date.now(), publisher, event, eventName, data };
    state.published.push(payload);
    state.log.push('publish:' + eventName);
    if (event === 'ready') ready.set(eventName, payload);
    for (const callback of (subscribers.get(eventName) || []).slice()) {
      try {
        callback(payload);
      } catch (error) {
        console.error('Genesys emulator: a subscriber to ' + eventName + ' threw', error);
      }
    }
  }

  /**
   * @param {string} eventName
   * @param {unknown} callback
   */
  function subscribe(eventName, callback) {
    if (typeof callback !== 'function') return;
    const list = subscribers.get(eventName) || [];
    list.push(/** @type {Subscriber} */ (callback));
    subscribers.set(eventName, list);
    const replay = ready.get(eventName);
    if (replay) setTimeout(() => /** @type {Subscriber} */ (callback)(replay));
  }

  /** @param {string} eventName */
  function wasPublished(eventName) {
    return ready.has(eventName);
  }

  return { publish, subscribe, wasPublished };
}

/** @typedef {ReturnType<typeof createBus>} Bus */
