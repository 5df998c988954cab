// @ts-check
/**
 * The Genesys Messenger contract, written ONCE (docs/messenger-sdk.md, docs/guest-api.md): limits,
 * byte counting, the deployment-id rule, the Guest API's paths, frame classes, error codes and
 * frame shapes. The elements (TypeScript imports it with these JSDoc types), the emulated runtime
 * (bundled from it by rollup) and the emulated service (Node imports it as it is) all use this
 * module; none of them writes these facts again.
 *
 * Plain JavaScript with JSDoc types, checked by `tsc` (`npm run check`), so that Node runs it
 * without a build step.
 */

/**
 * The Genesys Cloud environments Messenger can run in (docs/messenger-sdk.md#environments): the
 * code goes into the snippet's config; the domain names the regional CDN and the API hosts.
 */
export const ENVIRONMENTS = Object.freeze({
  prod: 'mypurecloud.com',
  'prod-usw2': 'usw2.pure.cloud',
  'prod-cac1': 'cac1.pure.cloud',
  'prod-euw1': 'mypurecloud.ie',
  'prod-euw2': 'euw2.pure.cloud',
  'prod-euc1': 'mypurecloud.de',
  'prod-euc2': 'euc2.pure.cloud',
  'prod-aps1': 'aps1.pure.cloud',
  'prod-apne1': 'mypurecloud.jp',
  'prod-apne2': 'apne2.pure.cloud',
  'prod-apne3': 'apne3.pure.cloud',
  'prod-apse2': 'mypurecloud.com.au',
  'prod-sae1': 'sae1.pure.cloud',
  'prod-mec1': 'mec1.pure.cloud',
  'fedramp-use2-core': 'use2.us-gov-pure.cloud',
  // Known to the SDK, and listed as such (docs/messenger-sdk.md#environments).
  'prod-apse1': 'apse1.pure.cloud',
  'prod-mxc1': 'mxc1.pure.cloud',
});

/** @typedef {keyof typeof ENVIRONMENTS} EnvironmentCode */

/**
 * The lab's short codes (use1, euw1, …). The SDK maps them itself, but that mapping is
 * undocumented, so we map them to the documented codes before they reach the snippet: a `prod-`
 * code's suffix (euw1 → prod-euw1), and the two that are not (use1, use2).
 * @type {Record<string, EnvironmentCode>}
 */
const SHORT_CODES = { use1: 'prod', use2: 'fedramp-use2-core' };
for (const code of /** @type {EnvironmentCode[]} */ (Object.keys(ENVIRONMENTS))) {
  if (code.startsWith('prod-')) SHORT_CODES[code.slice('prod-'.length)] = code;
}

/**
 * The lab's short codes and the documented codes they stand for (a copy).
 * @returns {Record<string, EnvironmentCode>}
 */
export function environmentShortCodes() {
  return { ...SHORT_CODES };
}

/**
 * Is `key` an own property of `object`? (Attributes and settings are hostile: "__proto__",
 * "constructor" or "toString" are not theirs unless they say so.)
 * @param {object} object
 * @param {PropertyKey} key
 */
export const hasOwn = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

/**
 * The documented environment code for a code or a lab short code, in any case and with spaces
 * around it; undefined for anything else. Own properties only: "constructor", "__proto__" or
 * "toString" are not environments.
 * @param {string | null | undefined} input
 * @returns {EnvironmentCode | undefined}
 */
export function normalizeEnvironment(input) {
  const code = (input ?? '').trim().toLowerCase();
  if (hasOwn(ENVIRONMENTS, code)) return /** @type {EnvironmentCode} */ (code);
  return hasOwn(SHORT_CODES, code) ? SHORT_CODES[code] : undefined;
}

/**
 * The origins a page talking to the real Genesys Cloud in one environment must allow in its
 * CSP, by what they are for:
 * - `script`: the bootstrap script's CDN (docs/messenger-sdk.md#loading-messenger);
 * - `connect`: the deployment config, the API (history) and the socket (docs/guest-api.md#around-the-socket);
 * - `frame`: inferred. Genesys says Messenger keeps its storage in the Genesys Cloud origin,
 *   in its own iframe, without naming the origin (docs/messenger-sdk.md#storage); we take the
 *   CDN's;
 * - `img`: inferred, Messenger's own images from the same CDN.
 * Genesys says nothing of styles (docs/messenger-sdk.md#inferred-by-this-project).
 * @param {string} domain e.g. `mypurecloud.ie`
 */
export function genesysOrigins(domain) {
  const apps = appsOrigin(domain);
  return {
    script: [apps],
    connect: [`https://api-cdn.${domain}`, `https://api.${domain}`, `wss://webmessaging.${domain}`],
    frame: [apps],
    img: [apps],
  };
}

/**
 * Messenger's bootstrap script on the CDN of `domain` (docs/messenger-sdk.md#loading-messenger).
 * @param {string} domain e.g. `mypurecloud.ie`
 */
export function bootstrapScriptUrl(domain) {
  // Not through genesysOrigins or PATHS: the elements' bundle then carries neither.
  return `${appsOrigin(domain)}${BOOTSTRAP_PATH}`;
}

/**
 * Genesys's CDN in `domain`, where the bootstrap script comes from (docs/messenger-sdk.md#loading-messenger).
 * @param {string} domain
 */
function appsOrigin(domain) {
  return `https://apps.${domain}`;
}

/**
 * Limits the Guest API documents (docs/guest-api.md#limits). Read-only by type (`const`), not frozen: a
 * plain object lets the bundle keep only the members the elements read (rollup drops the rest).
 */
export const LIMITS = /** @type {const} */ ({
  /** `SessionResponse.body.maxCustomDataBytes` as the service reports it: custom attributes, UTF-8 bytes of keys and values. */
  maxCustomDataBytes: 2048,
  /** Inbound text, UTF-8 bytes; longer is refused with 4011. */
  maxTextBytes: 4096,
  /** Messages a second per session. Sources say 5, or 2 after a 2023 notice (docs/guest-api.md#limits); we take 5. */
  messagesPerSecond: 5,
  /** Requests a minute per connection. */
  requestsPerMinute: 60,
  /** Connections per session; a further one closes the oldest. */
  connectionsPerSession: 3,
  /** The guest's session token: any string up to this many characters (Genesys checks no format). */
  maxTokenLength: 2048,
  /** How long a session may stay inactive by default (durationSeconds): 72 hours (configurable by the deployment); activity moves the expiry. */
  sessionTtlSeconds: 72 * 60 * 60,
});

/** Error codes the service sends in a `string` frame's `code` (the transport SDK's ErrorCode.kt). */
export const ERROR_CODES = Object.freeze({
  /** A generic bad request. Not in Genesys's docs: taken from the transport SDK's recorded test frames ("Request failed."; docs/guest-api.md#errors). */
  badRequest: 400,
  /** A feature turned off for the deployment. Not in Genesys's docs: from the same recorded frames (docs/guest-api.md#errors). */
  forbidden: 403,
  featureUnavailable: 4000,
  sessionExpired: 4006,
  sessionNotFound: 4007,
  messageTooLong: 4011,
  customAttributesTooLarge: 4013,
  missingParameter: 4020,
  /** In a `TooManyRequestsErrorMessage` body's `errorCode`; the frame's own code is 429. */
  requestRateTooHigh: 4029,
  unexpected: 5000,
});

/** The `class` of frames the service sends (the transport SDK's MessageClassName.kt). */
export const FRAME_CLASSES = Object.freeze({
  string: 'string',
  sessionResponse: 'SessionResponse',
  structuredMessage: 'StructuredMessage',
  jwtResponse: 'JwtResponse',
  sessionExpired: 'SessionExpiredEvent',
  tooManyRequests: 'TooManyRequestsErrorMessage',
  connectionClosed: 'ConnectionClosedEvent',
  sessionCleared: 'SessionClearedEvent',
});

/** Values that appear on the wire (docs/guest-api.md#frames-the-service-sends): message directions, types, event types, presence types. Read-only by type, as LIMITS. */
export const WIRE = /** @type {const} */ ({
  inbound: 'Inbound',
  outbound: 'Outbound',
  text: 'Text',
  event: 'Event',
  structured: 'Structured',
  presence: 'Presence',
  typing: 'Typing',
  join: 'Join',
  clear: 'Clear',
  disconnect: 'Disconnect',
  private: 'Private',
  human: 'Human',
  bot: 'Bot',
});

/** The `action` of frames the guest sends (docs/guest-api.md#requests). */
export const ACTIONS = Object.freeze({
  configureSession: 'configureSession',
  onMessage: 'onMessage',
  echo: 'echo',
  closeSession: 'closeSession',
  getJwt: 'getJwt',
});

/** Messenger's bootstrap script, on `https://apps.<domain>` (docs/messenger-sdk.md#loading-messenger). */
const BOOTSTRAP_PATH = '/genesys-bootstrap/genesys.min.js';

/**
 * Paths on one origin, as a Genesys client with a custom endpoint uses them
 * (docs/guest-api.md#around-the-socket, the transport SDK's Urls.kt): the socket, the deployment's
 * configuration, the history.
 */
export const PATHS = Object.freeze({
  bootstrap: BOOTSTRAP_PATH,
  socket: '/v1',
  /** @param {string} deploymentId */
  deploymentConfig: (deploymentId) => `/webdeployments/v1/deployments/${encodeURIComponent(deploymentId)}/config.json`,
  /** A RegExp matching `deploymentConfig` paths; group 1 is the deployment id. */
  deploymentConfigPattern: /^\/webdeployments\/v1\/deployments\/([^/]+)\/config\.json$/,
  history: '/api/v2/webmessaging/messages',
});

/**
 * What `MessagingService.customAttributesSizeExceeded` carries. Third parties quote this
 * payload; the project could not verify it (docs/messenger-sdk.md#the-size-limit).
 * @param {number} limit
 */
export function sizeExceededPayload(limit) {
  return {
    body: `customAttributes object is larger than allowed limit: ${limit} bytes`,
    errorKey: 'customAttributesSizeExceeded',
  };
}

const encoder = new TextEncoder();

/** UTF-8 bytes of `text`. @param {string} text */
export function utf8Bytes(text) {
  return encoder.encode(text).length;
}

/**
 * The size Genesys checks custom attributes against: the UTF-8 bytes of every key and value.
 * Numbers and booleans count as their string form ("123"), which is what the service keeps.
 * @param {Readonly<Record<string, unknown>>} attributes
 */
export function customAttributesBytes(attributes) {
  let bytes = 0;
  for (const key of Object.keys(attributes)) bytes += utf8Bytes(key) + utf8Bytes(String(attributes[key]));
  return bytes;
}

/** A flat value a client may pass; the service keeps its string form (docs/messenger-sdk.md#values-are-strings). */
/** @typedef {string | number | boolean} AttributeValue */
/** @typedef {Record<string, AttributeValue>} CustomAttributes */

/**
 * True for a plain object whose values are all strings, finite numbers or booleans.
 * @param {unknown} value
 * @returns {value is CustomAttributes}
 */
export function isCustomAttributes(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value).every(
    (v) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)),
  );
}

/**
 * Participant data as the agent sees it: every value as a string (docs/messenger-sdk.md#values-are-strings).
 * Keys are defined, not assigned, so `__proto__` and friends stay data.
 * @param {Readonly<Record<string, unknown>>} attributes
 * @returns {Record<string, string>}
 */
export function asParticipantData(attributes) {
  /** @type {Record<string, string>} */
  const data = {};
  for (const key of Object.keys(attributes)) {
    Object.defineProperty(data, key, { value: String(attributes[key]), enumerable: true, writable: true, configurable: true });
  }
  return data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Deployment ids are UUIDs. Inferred (docs/messenger-sdk.md#undocumented-by-genesys): Genesys
 * shows `deploymentId` only as an id, but issues them as UUIDs, and the lab and the emulator
 * accept nothing else.
 * @param {unknown} value
 */
export function isDeploymentId(value) {
  return typeof value === 'string' && UUID.test(value.trim());
}

/**
 * A random (version 4) UUID, made from `crypto.getRandomValues` everywhere: `crypto.randomUUID`
 * exists only in secure contexts, and a workshop room opens the lab over plain
 * `http://<LAN address>` (one way for both keeps the bundle smaller).
 */
export function randomUuid() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ------------------------------------------------------------------ frame shapes
// Requests (guest → service). Every one carries `action` and `token`, and usually a
// client-chosen `tracingId` that the response repeats.

/**
 * @typedef {object} ConfigureSessionRequest
 * @property {'configureSession'} action
 * @property {string} token
 * @property {string} deploymentId
 * @property {boolean} [startNew]
 * @property {unknown} [journeyContext]
 * @property {string} [tracingId]
 */

/**
 * @typedef {object} MessageChannel
 * @property {{ customAttributes?: Record<string, unknown> }} [metadata]
 */

/**
 * @typedef {object} PresenceEvent
 * @property {'Presence'} eventType
 * @property {{ type: 'Join' | 'Clear' | 'Disconnect' | string }} presence
 */

/**
 * @typedef {object} TypingEvent
 * @property {'Typing'} eventType
 * @property {{ type: 'On' | 'Off' | string, duration?: number }} typing
 */

/** @typedef {PresenceEvent | TypingEvent} MessageEvent */

/**
 * @typedef {object} OnMessageRequest
 * @property {'onMessage'} action
 * @property {string} token
 * @property {{ type: 'Text', text: string, channel?: MessageChannel } | { type: 'Event', events: MessageEvent[] }} message
 * @property {MessageChannel} [channel] Where the Java SDK and the ovotech client put the attributes; ignored by Genesys since 2026-06-05 (only message.channel counts).
 * @property {string} [tracingId]
 */

/**
 * @typedef {object} EchoRequest
 * @property {'echo'} action
 * @property {string} token
 * @property {{ type: 'Text', text: string }} message
 * @property {string} [tracingId]
 */

/**
 * @typedef {object} CloseSessionRequest
 * @property {'closeSession'} action
 * @property {string} token
 * @property {boolean} [closeAllConnections]
 * @property {string} [tracingId]
 */

/**
 * @typedef {object} GetJwtRequest
 * @property {'getJwt'} action
 * @property {string} token
 * @property {string} [tracingId]
 */

/** @typedef {ConfigureSessionRequest | OnMessageRequest | EchoRequest | CloseSessionRequest | GetJwtRequest} GuestRequest */

// Frames in (service → guest): `{ type: 'response' | 'message', class, code, body, tracingId? }`.

/**
 * @typedef {object} SessionResponseBody
 * @property {boolean} connected
 * @property {boolean} newSession
 * @property {boolean} readOnly
 * @property {number} maxCustomDataBytes
 * @property {boolean} [clearedExistingSession]
 * @property {string[]} [allowedMedia]
 * @property {number} [durationSeconds]
 * @property {number} [expirationDate]
 */

/**
 * @typedef {object} StructuredMessageBody
 * @property {string} id
 * @property {'Text' | 'Event' | 'Structured'} type
 * @property {string} [text]
 * @property {MessageEvent[] | Array<{ eventType: string, [key: string]: unknown }>} [events]
 * @property {'Inbound' | 'Outbound'} direction
 * @property {{ time: string, messageId?: string, type?: 'Private', from?: { nickname: string, image?: string }, metadata?: { customAttributes?: Record<string, unknown> } }} channel
 * @property {{ correlationId?: string, [key: string]: string | undefined }} [metadata]
 * @property {'Human' | 'Bot'} [originatingEntity]
 */

/**
 * @typedef {object} JwtResponseBody
 * @property {string} jwt
 * @property {number} exp Seconds since the epoch.
 */

/**
 * @typedef {object} TooManyRequestsBody
 * @property {number} retryAfter Seconds.
 * @property {number} errorCode 4029.
 * @property {string} errorMessage
 */

/**
 * @template {string} C
 * @template B
 * @typedef {{ type: 'response' | 'message', class: C, code: number, body: B, tracingId?: string }} Frame
 */

/**
 * @typedef {Frame<'SessionResponse', SessionResponseBody>
 *   | Frame<'StructuredMessage', StructuredMessageBody>
 *   | Frame<'JwtResponse', JwtResponseBody>
 *   | Frame<'TooManyRequestsErrorMessage', TooManyRequestsBody>
 *   | Frame<'string', string>
 *   | Frame<'SessionExpiredEvent' | 'ConnectionClosedEvent' | 'SessionClearedEvent', Record<string, never>>} ServiceFrame
 */

/**
 * `GET /api/v2/webmessaging/messages` (the transport SDK's MessageEntityList).
 * @typedef {object} MessageEntityList
 * @property {StructuredMessageBody[]} entities
 * @property {number} pageSize
 * @property {number} pageNumber
 * @property {number} total
 * @property {number} pageCount
 */
