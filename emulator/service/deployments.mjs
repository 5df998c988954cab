// @ts-check
/**
 * Deployments, as an admin sets them in Genesys Cloud: each deployment id has settings with
 * the lab's defaults, which the instructor can change (`PUT /api/deployments/<id>/settings`):
 * - allowedDomains: the page origins Messenger may run on. Genesys refuses any other page
 *   (the SDK publishes `GenesysJS.domainNotAllowed`). Default: this server's own origins and
 *   the loopback origins on any port, so a page on any local port can try the lab; a list
 *   replaces them all, this server's lab page included.
 * - autoStart: the conversation starts when Messenger opens (the pending attributes travel
 *   with the Join). Default off, as the lab's deployment.
 * - conversationDisconnect: what an ended conversation becomes: `ReadOnly` (the lab's) or
 *   `Send` (the guest's next message starts a new one; inferred).
 * - conversationClear: whether the guest may clear the conversation (Presence Clear).
 * - journeyEvents: Predictive Engagement on or off (config.json's `journeyEvents.enabled`; off,
 *   the runtime's Journey events are refused).
 * - geolocation: where the deployment's visitors seem to be (nothing can locate a visitor
 *   offline: every GPE session gets this one, marked `source: "emulated"`).
 * config.json reports them in the transport SDK's DeploymentConfig shape.
 */

/**
 * @typedef {object} DeploymentSettings
 * @property {string[] | null} allowedDomains origins (`http://host:port`, `https://host`; `:*` for any port); null: the defaults
 * @property {{ enabled: boolean }} autoStart
 * @property {{ enabled: boolean, type: 'ReadOnly' | 'Send' }} conversationDisconnect
 * @property {{ enabled: boolean }} conversationClear
 * @property {boolean} journeyEvents Predictive Engagement's events accepted
 * @property {Geolocation} geolocation the GPE sessions' (emulated)
 */

/**
 * The platform SDK's JourneyGeolocation fields a deployment sets (`source` is always "emulated").
 * @typedef {{ country: string, countryName: string, region: string, regionName: string, locality: string, postalCode: string }} Geolocation
 */

/** Where the lab's visitors seem to be by default: Genesys Cloud's home town (emulated). */
export const DEFAULT_GEOLOCATION = Object.freeze({
  country: 'US',
  countryName: 'United States',
  region: 'IN',
  regionName: 'Indiana',
  locality: 'Indianapolis',
  postalCode: '46204',
});
const GEOLOCATION_FIELDS = /** @type {const} */ (['country', 'countryName', 'region', 'regionName', 'locality', 'postalCode']);

/** The loopback origins every deployment allows by default (any port). */
export const LOOPBACK_ORIGINS = Object.freeze(['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*']);

/** @returns {DeploymentSettings} */
export const defaultSettings = () => ({
  allowedDomains: null,
  autoStart: { enabled: false },
  conversationDisconnect: { enabled: true, type: 'ReadOnly' },
  conversationClear: { enabled: true },
  journeyEvents: true,
  geolocation: { ...DEFAULT_GEOLOCATION },
});

/** An allowed-domain entry: a scheme, a host name or IP literal, and a port, a `*` port, or none. */
const DOMAIN = /^(https?):\/\/(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*)(:(\d{1,5}|\*))?$/;

/** @param {unknown} value @returns {value is Record<string, any>} */
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Does `origin` (a browser's Origin header) match the allowed-domain `entry`?
 * @param {string} origin
 * @param {string} entry
 */
function matches(origin, entry) {
  if (entry.endsWith(':*')) {
    const base = entry.slice(0, -2);
    return origin === base || (origin.startsWith(`${base}:`) && /^\d{1,5}$/.test(origin.slice(base.length + 1)));
  }
  return origin === entry;
}

/**
 * Why `value` is not a geolocation setting, or undefined: an object with exactly the six
 * fields, each text without control characters, at most 100 characters; `country` an ISO
 * 3166-1 alpha-2 code (two capital letters), as JourneyGeolocation's is.
 * @param {unknown} value
 */
function geolocationError(value) {
  const shape = `geolocation must be {${GEOLOCATION_FIELDS.join(', ')}}, each text`;
  if (!isObject(value)) return `${shape}.`;
  const extra = Object.keys(value).filter((k) => !(/** @type {readonly string[]} */ (GEOLOCATION_FIELDS)).includes(k));
  if (extra.length) return `${shape}; ${JSON.stringify(String(extra[0]).slice(0, 64))} is not one of them.`;
  for (const field of GEOLOCATION_FIELDS) {
    const v = value[field];
    // eslint-disable-next-line no-control-regex
    if (typeof v !== 'string' || v.length > 100 || /[\u0000-\u001f\u007f]/.test(v)) return `${shape} of at most 100 characters: ${field} is not.`;
  }
  if (!/^[A-Z]{2}$/.test(value.country.trim())) return 'geolocation.country must be a two-letter country code in capitals (ISO 3166-1 alpha-2), such as US or FR.';
  return undefined;
}

export class Deployments {
  /** @param {{ maxDeploymentSettings: number, maxAllowedDomains: number }} limits */
  constructor(limits) {
    this.limits = limits;
    /** @type {Map<string, DeploymentSettings>} deployment id (lower case) → settings changed from the defaults */
    this.settings = new Map();
  }

  /** @param {string} deploymentId */
  settingsOf(deploymentId) {
    return this.settings.get(deploymentId.trim().toLowerCase()) ?? defaultSettings();
  }

  /**
   * May a page of `origin` use `deploymentId`? No Origin (Node, curl) is always accepted. By
   * default, this server's own origin and the loopback origins are; a list the instructor sets
   * replaces them all, this server's lab page included (as a Genesys deployment's list is all
   * there is), so the refusal can be seen on the lab page itself. Genesys's mobile transport SDK
   * sends the endpoint's bare host as its Origin (PlatformSocket.kt): read as `http://<host>`.
   * @param {string} deploymentId
   * @param {string | undefined} origin
   * @param {string} host this server's host as the request reached it (its Host header)
   * @param {boolean} [secure] reached over TLS
   */
  allows(deploymentId, origin, host, secure = false) {
    if (origin === undefined) return true;
    const lower = origin.toLowerCase();
    const o = lower.includes('://') ? lower : `${secure ? 'https' : 'http'}://${lower}`;
    const list = this.settingsOf(deploymentId).allowedDomains;
    if (list) return list.some((entry) => matches(o, entry));
    return o === `${secure ? 'https' : 'http'}://${host.toLowerCase()}` || LOOPBACK_ORIGINS.some((entry) => matches(o, entry));
  }

  /**
   * Changes a deployment's settings from a request body: only the fields given; every field
   * checked first, so that a bad body changes nothing (400 with the reason).
   * @param {string} deploymentId
   * @param {unknown} body
   * @returns {{ status: number, settings?: DeploymentSettings, error?: string }}
   */
  update(deploymentId, body) {
    if (!isObject(body)) return { status: 400, error: 'Send the settings as a JSON object.' };
    const known = ['allowedDomains', 'autoStart', 'conversationDisconnect', 'conversationClear', 'journeyEvents', 'geolocation'];
    const unknown = Object.keys(body).filter((k) => !known.includes(k));
    if (unknown.length) return { status: 400, error: `Unknown setting ${JSON.stringify(unknown[0].slice(0, 64))}: the settings are ${known.join(', ')}.` };
    const next = structuredClone(this.settingsOf(deploymentId));
    if ('allowedDomains' in body) {
      const list = body.allowedDomains;
      if (list !== null && (!Array.isArray(list) || list.length > this.limits.maxAllowedDomains)) {
        return { status: 400, error: `allowedDomains must be a list of at most ${this.limits.maxAllowedDomains} origins, or null for the defaults.` };
      }
      if (list) {
        const domains = [];
        for (const entry of list) {
          // Browsers leave a scheme's default port out of the Origin: so does the entry.
          const value = typeof entry === 'string' ? entry.trim().toLowerCase().replace(/\/$/, '').replace(/^(http:\/\/[^/]+):80$|^(https:\/\/[^/]+):443$/, '$1$2') : '';
          const port = /:(\d+)$/.exec(value)?.[1];
          if (!DOMAIN.test(value) || value.length > 300 || (port !== undefined && Number(port) > 65535)) {
            return { status: 400, error: `${JSON.stringify(String(entry).slice(0, 100))} is not an origin: write it as https://example.com, http://localhost:8080 or http://localhost:* (any port).` };
          }
          domains.push(value);
        }
        next.allowedDomains = [...new Set(domains)];
      } else {
        next.allowedDomains = null;
      }
    }
    for (const name of /** @type {const} */ (['autoStart', 'conversationClear'])) {
      if (!(name in body)) continue;
      const value = body[name];
      if (!isObject(value) || typeof value.enabled !== 'boolean' || Object.keys(value).length !== 1) {
        return { status: 400, error: `${name} must be {"enabled": true} or {"enabled": false}.` };
      }
      next[name] = { enabled: value.enabled };
    }
    if ('conversationDisconnect' in body) {
      const value = body.conversationDisconnect;
      if (!isObject(value) || typeof value.enabled !== 'boolean' || !['ReadOnly', 'Send'].includes(value.type) || Object.keys(value).length !== 2) {
        return { status: 400, error: 'conversationDisconnect must be {"enabled": true|false, "type": "ReadOnly"|"Send"}.' };
      }
      next.conversationDisconnect = { enabled: value.enabled, type: value.type };
    }
    if ('journeyEvents' in body) {
      if (typeof body.journeyEvents !== 'boolean') return { status: 400, error: 'journeyEvents must be true or false.' };
      next.journeyEvents = body.journeyEvents;
    }
    if ('geolocation' in body) {
      const error = geolocationError(body.geolocation);
      if (error) return { status: 400, error };
      const value = /** @type {Record<string, string>} */ (body.geolocation);
      next.geolocation = /** @type {Geolocation} */ (Object.fromEntries(GEOLOCATION_FIELDS.map((k) => [k, value[k].trim()])));
    }
    const id = deploymentId.trim().toLowerCase();
    if (!this.settings.has(id) && this.settings.size >= this.limits.maxDeploymentSettings) {
      return { status: 503, error: `${this.limits.maxDeploymentSettings} deployments have settings of their own already: restore some to their defaults.` };
    }
    this.settings.set(id, next);
    return { status: 200, settings: next };
  }

  /**
   * Does an ended conversation of this deployment stay read-only (conversationDisconnect
   * enabled, type ReadOnly: the lab's)? Otherwise the guest's next message starts a new one.
   * @param {string} deploymentId
   */
  readOnlyAfterDisconnect(deploymentId) {
    const { conversationDisconnect } = this.settingsOf(deploymentId);
    return conversationDisconnect.enabled && conversationDisconnect.type === 'ReadOnly';
  }

  /**
   * Does the deployment accept Predictive Engagement's events (journeyEvents on: the lab's)?
   * @param {string} deploymentId
   */
  journeyEventsOn(deploymentId) {
    return this.settingsOf(deploymentId).journeyEvents;
  }

  /**
   * Back to the lab's defaults.
   * @param {string} deploymentId
   */
  reset(deploymentId) {
    this.settings.delete(deploymentId.trim().toLowerCase());
    return defaultSettings();
  }
}
