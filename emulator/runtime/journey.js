// @ts-check
/**
 * The Journey plugin (Predictive Engagement, docs/messenger-sdk.md#journey-predictive-engagement):
 * the page's visitor has a GPE session. The visitor is a customer id kept in the browser like
 * Genesys's `_actmu` cookie; the session is the one the service last answered with. Every event
 * (`Journey.pageview`, `Journey.record`, and the automatic page view at load) is posted to the
 * service at once, with no conversation and no message, carrying what Genesys collects with no code
 * from the author (page, browser, device); the service says which session it joined, and whether
 * that session is new. `Identifiers.purgeAll` forgets the visitor. The deployment's
 * `journeyEvents.enabled` (config.json) turns the plugin on or off.
 *
 * The messaging side links a conversation to the session through `configureSession`'s
 * `journeyContext` (`context()` below).
 */
import { isObject, messageOf, newId, storage } from './util.js';

/** @typedef {import('./bus.js').Bus} Bus */

/** Where the runtime posts Journey events (the emulated service's own endpoint). */
export const JOURNEY_PATH = '/api/journey';
/** How long an event may take before it is given up (inferred; bounded so nothing waits forever). */
const EVENT_TIMEOUT_MS = 10000;
/** How long configureSession waits for the GPE session being created (inferred). */
const CONTEXT_WAIT_MS = 2000;
/** The longest page URL or referrer, page title, and other text sent (the emulated service's bounds). */
const MAX_URL = 2048;
const MAX_TITLE = 512;
const MAX_TEXT = 256;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Answers kept in `state.journey.answers` for tests and the curious. */
const KEPT_ANSWERS = 20;

/**
 * How Genesys fails a Journey command when the deployment has Predictive Engagement off is not
 * documented (inferred): the command rejects with this reason.
 */
const OFF = 'Predictive Engagement is off for this deployment (its journeyEvents setting is disabled): Journey commands are not available.';

/**
 * @typedef {object} JourneyContext
 * The shape of the transport SDK's `shyrka/send/JourneyContext.kt` (JourneyCustomer,
 * JourneyCustomerSession), without `triggeringAction` (no action maps here).
 * @property {{ id: string, idType: string }} customer
 * @property {{ id: string, type: string }} customerSession
 */

/**
 * @typedef {object} JourneyState what tests read at `__genesysEmulator.journey`
 * @property {boolean | undefined} enabled undefined until the deployment's configuration is known
 * @property {'Auto' | 'Once' | 'Off'} pageviewConfig
 * @property {string | null} customerId
 * @property {string | null} sessionId
 * @property {unknown[]} answers the service's answers, newest last (bounded)
 */

/**
 * What the page says about itself, collected with no code from the author (workshop
 * chapter 030/10: browser family, version, language, viewport; device category, OS, screen).
 * Read from `navigator.userAgentData` when the browser has it, else from the user-agent string;
 * simple and tolerant: an unknown browser is "Other".
 * @param {{ url?: unknown, title?: unknown }} [page] overrides (Journey.pageview's pageLocation, pageTitle)
 */
export function pageContext(page = {}) {
  /** @type {any} */
  const nav = navigator;
  const ua = String(nav.userAgent || '');
  const data = nav.userAgentData && typeof nav.userAgentData === 'object' ? nav.userAgentData : undefined;
  const { family, version } = browserOf(ua, data);
  const isMobile = data && typeof data.mobile === 'boolean' ? data.mobile : /Mobi|iPhone|iPod|Android.*Mobile/i.test(ua);
  const tablet = /iPad|Tablet|PlayBook|Silk/i.test(ua) || (/Android/i.test(ua) && !/Mobile/i.test(ua)) || (/Macintosh/.test(ua) && nav.maxTouchPoints > 1);
  /** @type {{ url: string, title: string, referrer?: string }} */
  const where = {
    url: cut(typeof page.url === 'string' ? page.url : location.href, MAX_URL),
    title: cut(typeof page.title === 'string' ? page.title : document.title, MAX_TITLE),
  };
  if (document.referrer) where.referrer = cut(document.referrer, MAX_URL);
  return {
    page: where,
    browser: { family, version: cut(version, MAX_TEXT), lang: cut(String(nav.language || ''), 64), viewHeight: window.innerHeight, viewWidth: window.innerWidth },
    device: {
      category: tablet ? 'tablet' : isMobile ? 'mobile' : 'desktop',
      osFamily: cut(osOf(ua, data), MAX_TEXT),
      screenHeight: screen.height,
      screenWidth: screen.width,
      isMobile: !!isMobile && !tablet,
    },
  };
}

/** @param {string} value @param {number} max */
function cut(value, max) {
  return value.length > max ? value.slice(0, max) : value;
}

/**
 * @param {string} ua
 * @param {any} data navigator.userAgentData
 * @returns {{ family: string, version: string }}
 */
function browserOf(ua, data) {
  const brands = data && Array.isArray(data.brands) ? data.brands : [];
  // Brands list the engine and a deliberately odd "Not A Brand": the product wins, then the engine.
  const names = [
    ['Microsoft Edge', 'Edge'],
    ['Opera', 'Opera'],
    ['Google Chrome', 'Chrome'],
    ['Chromium', 'Chromium'],
  ];
  for (const [brand, family] of names) {
    const found = brands.find((/** @type {any} */ b) => b && b.brand === brand);
    if (found) return { family, version: String(found.version || '') };
  }
  const patterns = /** @type {Array<[RegExp, string]>} */ ([
    [/Edg(?:e|A|iOS)?\/([\d.]+)/, 'Edge'],
    [/OPR\/([\d.]+)/, 'Opera'],
    [/(?:Firefox|FxiOS)\/([\d.]+)/, 'Firefox'],
    [/(?:Chrome|CriOS)\/([\d.]+)/, 'Chrome'],
    [/Version\/([\d.]+).*Safari\//, 'Safari'],
  ]);
  for (const [pattern, family] of patterns) {
    const match = pattern.exec(ua);
    if (match) return { family, version: match[1].split('.')[0] };
  }
  return { family: 'Other', version: '' };
}

/**
 * @param {string} ua
 * @param {any} data navigator.userAgentData
 */
function osOf(ua, data) {
  if (data && typeof data.platform === 'string' && data.platform) return data.platform;
  if (/Windows/.test(ua)) return 'Windows';
  if (/iPhone|iPad|iPod/.test(ua)) return 'iOS';
  if (/Android/.test(ua)) return 'Android';
  if (/CrOS/.test(ua)) return 'Chrome OS';
  if (/Mac OS X|Macintosh/.test(ua)) return 'macOS';
  if (/Linux/.test(ua)) return 'Linux';
  return 'Other';
}

/**
 * @param {{
 *   deploymentId: string,
 *   httpOrigin: () => string,
 *   bus: Bus,
 *   token: () => string | null | undefined,
 *   state: { journey?: JourneyState },
 * }} options
 */
export function createJourney(options) {
  const { deploymentId, bus } = options;
  const prefix = '_' + deploymentId + ':';
  // Genesys documents `_actmu` as the older Journey SDK's visitor-id cookie (its "Cookies" page,
  // about web chat), and Messenger keeps `actmu` under the deployment's prefix
  // (docs/messenger-sdk.md#storage): that this key holds the GPE customer id is inferred. `actms`
  // for the session is inferred too.
  const KEYS = { customer: prefix + 'actmu', session: prefix + 'actms' };

  /** @type {JourneyState} */
  const journeyState = { enabled: undefined, pageviewConfig: 'Auto', customerId: null, sessionId: null, answers: [] };
  options.state.journey = journeyState;
  Object.defineProperty(journeyState, 'customerId', { get: () => storage.get(KEYS.customer), enumerable: true });
  Object.defineProperty(journeyState, 'sessionId', { get: () => storage.get(KEYS.session), enumerable: true });

  /** @type {(reason: string | null) => void} */
  let decide = () => {};
  /** Settles once the deployment's configuration is known: null when on, else why it is off. */
  const decided = new Promise((resolve) => (decide = resolve));
  /** @type {string | null | undefined} null: on; a string: off, and why */
  let offReason;
  /** The event that is creating the visitor's session (no session id yet): later ones wait for it. */
  /** @type {Promise<unknown> | null} */
  let creating = null;
  let lastUrl = '';
  /** Messenger was cleared, or never started: no more automatic page views. */
  let stopped = false;
  /** Counts Identifiers.purgeAll: an answer to an event sent before one names a forgotten visitor. */
  let visitor = 0;

  /** The stored customer id, created once (a UUID, like the cookie's random value). */
  function customerId() {
    let id = storage.get(KEYS.customer);
    if (!id || !UUID.test(id)) {
      id = newId();
      storage.set(KEYS.customer, id);
    }
    return id;
  }

  /**
   * Posts one event; resolves with nothing once the service has taken it (what Genesys's
   * callback gets is not documented). Events wait for the one creating the session, so that
   * they join it rather than each starting one; once a session id is known they go at once.
   * `keepalive`: a page load does not cancel one already sent.
   * @param {'pageview' | 'record'} kind
   * @param {Record<string, unknown>} data
   * @param {{ url?: unknown, title?: unknown }} [page]
   */
  function send(kind, data, page) {
    const waitFor = creating ? creating.catch(() => {}) : Promise.resolve();
    const sent = waitFor.then(() => post(kind, data, page));
    if (!storage.get(KEYS.session)) {
      creating = sent;
      const clear = () => {
        if (creating === sent) creating = null;
      };
      sent.then(clear, clear);
    }
    return sent;
  }

  /**
   * @param {'pageview' | 'record'} kind
   * @param {Record<string, unknown>} data
   * @param {{ url?: unknown, title?: unknown }} [page]
   */
  function post(kind, data, page) {
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
    const timer = setTimeout(() => controller && controller.abort(), EVENT_TIMEOUT_MS);
    const sessionId = storage.get(KEYS.session);
    const sentFor = visitor;
    const body = {
      deploymentId,
      customerId: customerId(),
      ...(sessionId ? { sessionId } : {}),
      // No conversation yet: no token (the service takes a string or nothing, not null).
      ...(options.token() ? { token: options.token() } : {}),
      kind,
      data,
      context: pageContext(page),
    };
    return fetch(options.httpOrigin() + JOURNEY_PATH, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      keepalive: true,
      signal: controller && controller.signal,
    })
      .then(
        (res) =>
          res.json().then(
            (answer) => ({ res, answer }),
            () => ({ res, answer: undefined }),
          ),
        (error) => {
          const why = controller && controller.signal.aborted ? 'no answer within ' + EVENT_TIMEOUT_MS / 1000 + ' s' : messageOf(error);
          throw new Error('Journey ' + kind + ' could not reach the service: ' + why);
        },
      )
      .then(({ res, answer }) => {
        if (!res.ok) {
          const reason = isObject(answer) && typeof answer.error === 'string' && answer.error ? answer.error : 'Journey ' + kind + ' was refused (' + res.status + ').';
          throw new Error(reason);
        }
        if (sentFor === visitor) remember(answer);
      })
      .finally(() => clearTimeout(timer));
  }

  /**
   * The service's answer names the visitor and the session it joined; the runtime keeps both
   * (the service decides when a session is new).
   * @param {unknown} answer
   */
  function remember(answer) {
    if (!isObject(answer)) return;
    if (typeof answer.customerId === 'string' && UUID.test(answer.customerId)) storage.set(KEYS.customer, answer.customerId);
    if (typeof answer.sessionId === 'string' && answer.sessionId && answer.sessionId.length <= 64) storage.set(KEYS.session, answer.sessionId);
    journeyState.answers.push(answer);
    if (journeyState.answers.length > KEPT_ANSWERS) journeyState.answers.shift();
  }

  /** Resolves when the plugin is on; rejects with the reason when it is off. */
  function whenOn() {
    return decided.then((reason) => {
      if (reason) throw new Error(reason);
    });
  }

  /** The automatic page view (the deployment's pageviewConfig): at load, and for Auto on URL changes. */
  function pageviewAtLoad() {
    if (journeyState.pageviewConfig === 'Off') return;
    const track = () => {
      if (stopped || location.href === lastUrl) return;
      lastUrl = location.href;
      send('pageview', {}).catch((error) => console.warn('Genesys emulator: the automatic page view failed: ' + messageOf(error)));
    };
    track();
    // Auto: "each URL change" is a page view (Genesys's web-tracking FAQ). The changes a page
    // can see without wrapping `history.pushState`: back/forward and the fragment.
    if (journeyState.pageviewConfig === 'Auto') {
      window.addEventListener('popstate', track);
      window.addEventListener('hashchange', track);
    }
  }

  /** @type {Record<string, (options: any) => unknown>} */
  const commands = {
    'Journey.pageview'(opts) {
      const given = opts === undefined ? {} : opts;
      if (!isObject(given)) return Promise.reject(new Error('Journey.pageview takes an options object ({pageTitle?, pageLocation?, customAttributes?, traitsMapper?}).'));
      return whenOn().then(() => send('pageview', given, { url: given.pageLocation, title: given.pageTitle }));
    },
    'Journey.record'(opts) {
      if (!isObject(opts)) return Promise.reject(new Error('Journey.record takes an options object ({eventName, customAttributes?, traitsMapper?}).'));
      if (typeof opts.eventName !== 'string' || !opts.eventName) return Promise.reject(new Error('Journey.record needs an "eventName" (a string).'));
      return whenOn().then(() => send('record', opts));
    },
    // Forgets the visitor (the lab's Clear Session sends it): the next event makes a new
    // customer id and a new session. Part of the Journey plugin here, so off with it (inferred).
    'Identifiers.purgeAll'() {
      return whenOn().then(() => {
        storage.remove(KEYS.customer);
        storage.remove(KEYS.session);
        creating = null;
        visitor += 1;
      });
    },
  };

  return {
    KEYS,
    commands,
    /**
     * The deployment's configuration is known (or could not be fetched: `undefined`, and the
     * plugin stays on, as the emulator's deployments have it on; inferred). On: Journey.ready,
     * then the automatic page view.
     * @param {any} deployment config.json
     */
    start(deployment) {
      if (stopped || offReason !== undefined) return;
      const settings = deployment && isObject(deployment.journeyEvents) ? deployment.journeyEvents : undefined;
      const on = deployment === undefined || !!(settings && settings.enabled === true);
      const pageview = settings && settings.pageviewConfig;
      // The platform API's JourneyEventsSettings.pageviewConfig; anything else: Auto (inferred).
      journeyState.pageviewConfig = pageview === 'Once' || pageview === 'Off' ? pageview : 'Auto';
      offReason = on ? null : OFF;
      journeyState.enabled = on;
      decide(offReason);
      if (!on) return;
      bus.publish('Journey.ready', {});
      pageviewAtLoad();
    },
    /**
     * The deployment refused this page, or Messenger was cleared: no more automatic page views,
     * and commands still waiting for the configuration reject.
     * @param {string} reason
     */
    stop(reason) {
      stopped = true;
      if (offReason !== undefined) return;
      offReason = reason;
      journeyState.enabled = false;
      decide(reason);
    },
    /**
     * `configureSession`'s `journeyContext` when the visitor has a GPE session (waiting a little
     * for the one being created at load), else undefined.
     * @returns {Promise<JourneyContext | undefined>}
     */
    context() {
      const wait = decided.then(() => (creating ? creating.catch(() => {}) : undefined));
      const timeout = new Promise((resolve) => setTimeout(resolve, CONTEXT_WAIT_MS));
      return Promise.race([wait, timeout]).then(() => {
        const customer = storage.get(KEYS.customer);
        const session = storage.get(KEYS.session);
        if (offReason !== null || !customer || !session) return undefined;
        return { customer: { id: customer, idType: 'cookie' }, customerSession: { id: session, type: 'web' } };
      });
    },
  };
}

/** @typedef {ReturnType<typeof createJourney>} JourneyPlugin */
