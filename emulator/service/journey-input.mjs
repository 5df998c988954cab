// @ts-check
/**
 * What a client sends about Predictive Engagement, checked where it enters: the runtime's
 * `POST /api/journey` (a visitor's page view or record, with the page's context) and the
 * `journeyContext` of `configureSession`. Everything is bounded in size and depth, and refused
 * whole with the reason (nothing kept) when it does not fit. Genesys documents no such bounds:
 * they are the emulator's own (inferred), wide enough for the lab's payloads.
 */
import { isDeploymentId } from '../../src/genesys/contract.js';

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

/** @param {unknown} value @returns {value is Record<string, any>} */
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * @typedef {object} JourneyLimits
 * @property {number} maxJourneyDepth
 * @property {number} maxJourneyBytes
 * @property {number} maxJourneyUrlLength
 * @property {number} maxJourneyTitleLength
 * @property {number} maxJourneyTextLength
 * @property {number} maxTokenLength
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

/** Thrown inside the readers below; the caller answers 400 with its message. */
class InputError extends Error {}

/**
 * A string of at most `max` characters, or undefined when absent and `optional`.
 * @param {unknown} value
 * @param {string} name
 * @param {number} max
 * @param {boolean} [optional]
 */
function text(value, name, max, optional = true) {
  if (value === undefined || value === null) {
    if (optional) return undefined;
    throw new InputError(`${name} is required: a string of at most ${max} characters.`);
  }
  if (typeof value !== 'string' || value.length > max) throw new InputError(`${name} must be a string of at most ${max} characters.`);
  return value;
}

/**
 * A whole number from 0 to 100,000 (a size in pixels), or undefined when absent.
 * @param {unknown} value
 * @param {string} name
 */
function size(value, name) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100_000) {
    throw new InputError(`${name} must be a number from 0 to 100000.`);
  }
  return Math.round(value);
}

/**
 * @param {unknown} value
 * @param {string} name
 */
function flag(value, name) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new InputError(`${name} must be true or false.`);
  return value;
}

/** Drops the keys whose value is undefined. @template {Record<string, unknown>} T @param {T} record @returns {T} */
const defined = (record) => /** @type {T} */ (Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)));

/** The Device model's categories (platform SDK Device.md). */
const DEVICE_CATEGORIES = ['desktop', 'mobile', 'tablet', 'other'];

/**
 * The page's context as the runtime reads it out of the box (the platform SDK's Browser and
 * Device models, and the page): only the known fields are kept.
 * @param {unknown} context
 * @param {JourneyLimits} l
 */
function readContext(context, l) {
  if (!isObject(context)) throw new InputError('context must be an object: {page, browser, device}.');
  const { page, browser, device } = context;
  if (!isObject(page)) throw new InputError('context.page must be an object: {url, title, referrer?}.');
  const url = /** @type {string} */ (text(page.url, 'context.page.url', l.maxJourneyUrlLength, false));
  const read = {
    page: defined({ url, title: text(page.title, 'context.page.title', l.maxJourneyTitleLength), referrer: text(page.referrer, 'context.page.referrer', l.maxJourneyUrlLength) || undefined }),
    /** @type {Record<string, string | number | boolean | undefined> | undefined} */
    browser: undefined,
    /** @type {Record<string, string | number | boolean | undefined> | undefined} */
    device: undefined,
  };
  const t = l.maxJourneyTextLength;
  if (browser !== undefined && browser !== null) {
    if (!isObject(browser)) throw new InputError('context.browser must be an object: {family, version, lang, viewHeight, viewWidth}.');
    read.browser = defined({
      family: text(browser.family, 'context.browser.family', t),
      version: text(browser.version, 'context.browser.version', t),
      lang: text(browser.lang, 'context.browser.lang', 64),
      viewHeight: size(browser.viewHeight, 'context.browser.viewHeight'),
      viewWidth: size(browser.viewWidth, 'context.browser.viewWidth'),
    });
  }
  if (device !== undefined && device !== null) {
    if (!isObject(device)) throw new InputError('context.device must be an object: {category, osFamily, screenHeight, screenWidth, isMobile}.');
    const category = text(device.category, 'context.device.category', 16);
    if (category !== undefined && !DEVICE_CATEGORIES.includes(category)) throw new InputError(`context.device.category must be one of ${DEVICE_CATEGORIES.join(', ')}.`);
    read.device = defined({
      category,
      osFamily: text(device.osFamily, 'context.device.osFamily', t),
      screenHeight: size(device.screenHeight, 'context.device.screenHeight'),
      screenWidth: size(device.screenWidth, 'context.device.screenWidth'),
      isMobile: flag(device.isMobile, 'context.device.isMobile'),
    });
  }
  return read;
}

/**
 * A custom attribute (platform SDK CustomEventAttribute: `{dataType, value}`, the value as a
 * string). The data type names are inferred.
 * @typedef {{ dataType: 'String' | 'Number' | 'Boolean', value: string }} CustomEventAttribute
 */

/**
 * `customAttributes` as CustomEventAttributes, in order; `traitsMapper` as the traits it
 * names (`{fieldName, traitName?}`: the trait takes the attribute's value, under `traitName`
 * when given, inferred).
 * @param {Record<string, any>} data
 * @param {JourneyLimits} l
 */
function readAttributes(data, l) {
  /** @type {Array<[string, CustomEventAttribute]>} */
  const attributes = [];
  const { customAttributes, traitsMapper } = data;
  if (customAttributes !== undefined && customAttributes !== null) {
    if (!isObject(customAttributes)) throw new InputError('customAttributes must be an object of names and values.');
    for (const [key, value] of Object.entries(customAttributes)) {
      if (!key || key.length > 64) throw new InputError('A custom attribute\'s name must be 1 to 64 characters.');
      if (typeof value === 'string') {
        if (value.length > l.maxJourneyTitleLength) throw new InputError(`The custom attribute ${JSON.stringify(key)} is longer than ${l.maxJourneyTitleLength} characters.`);
        attributes.push([key, { dataType: 'String', value }]);
      } else if (typeof value === 'number' && Number.isFinite(value)) attributes.push([key, { dataType: 'Number', value: String(value) }]);
      else if (typeof value === 'boolean') attributes.push([key, { dataType: 'Boolean', value: String(value) }]);
      else throw new InputError(`The custom attribute ${JSON.stringify(key)} must be text, a number or true/false.`);
    }
  }
  /** @type {Array<[string, CustomEventAttribute]>} */
  const traits = [];
  if (traitsMapper !== undefined && traitsMapper !== null) {
    if (!Array.isArray(traitsMapper) || traitsMapper.length > 20) throw new InputError('traitsMapper must be a list of at most 20 {fieldName} objects.');
    for (const entry of traitsMapper) {
      if (!isObject(entry)) throw new InputError('Each traitsMapper entry must be an object: {fieldName}.');
      const fieldName = /** @type {string} */ (text(entry.fieldName, 'traitsMapper[].fieldName', 64, false));
      const traitName = text(entry.traitName, 'traitsMapper[].traitName', 64) ?? fieldName;
      const found = attributes.find(([key]) => key === fieldName);
      if (found && traitName) traits.push([traitName, found[1]]);
    }
  }
  return { attributes, traits };
}

/** A Journey event's fields as kept (readJourneyPost's `value`). @typedef {NonNullable<ReturnType<typeof readJourneyPost>['value']>} JourneyPost */

/**
 * The body of `POST /api/journey`, checked whole: `{deploymentId, customerId, sessionId?,
 * token?, kind, data, context}`. `{error}` (a 400's reason), or the fields as kept.
 * @param {unknown} body
 * @param {JourneyLimits} l
 */
export function readJourneyPost(body, l) {
  try {
    const { deploymentId, customerId, sessionId, token, kind, data, context } = isObject(body) ? body : {};
    if (!isDeploymentId(deploymentId)) throw new InputError('deploymentId must be a UUID.');
    if (!isDeploymentId(customerId)) throw new InputError('customerId must be a UUID (the visitor\'s, as the runtime keeps it).');
    if (kind !== 'pageview' && kind !== 'record') throw new InputError('kind must be "pageview" or "record".');
    text(sessionId, 'sessionId', 64);
    text(token, 'token', l.maxTokenLength);
    const dataError = journeyDataError(data, l);
    if (dataError) throw new InputError(dataError);
    /** @type {Record<string, any>} */
    const options = data ?? {};
    const read = readContext(context, l);
    const { attributes, traits } = readAttributes(options, l);
    const eventName = kind === 'record' ? text(options.eventName, 'data.eventName', l.maxJourneyTextLength, false) : 'page_viewed';
    if (!eventName) throw new InputError('data.eventName must not be empty.');
    return {
      value: {
        deploymentId: /** @type {string} */ (deploymentId).trim().toLowerCase(),
        customerId: /** @type {string} */ (customerId).trim().toLowerCase(),
        sessionId: /** @type {string | undefined} */ (sessionId),
        token: /** @type {string | undefined} */ (token),
        kind: /** @type {'pageview' | 'record'} */ (kind),
        eventName,
        // Journey.pageview's pageTitle and pageLocation stand for the document's own.
        pageTitle: kind === 'pageview' ? text(options.pageTitle, 'data.pageTitle', l.maxJourneyTitleLength) : undefined,
        pageLocation: kind === 'pageview' ? text(options.pageLocation, 'data.pageLocation', l.maxJourneyUrlLength) : undefined,
        attributes,
        traits,
        context: read,
      },
    };
  } catch (error) {
    if (error instanceof InputError) return { error: error.message };
    throw error;
  }
}

/**
 * @typedef {object} JourneyContext configureSession's, as kept (transport SDK shyrka/send/JourneyContext.kt)
 * @property {{ id: string, idType: string }} customer
 * @property {{ id: string, type: string }} [customerSession]
 * @property {{ id: string, actionMap: { id: string, version: number } }} [triggeringAction]
 */

/**
 * configureSession's `journeyContext`: `{customer: {id, idType}, customerSession?: {id, type},
 * triggeringAction?: {id, actionMap: {id, version}}}` (the transport SDK's model). `{error}`
 * or the context as kept; undefined when absent.
 * @param {unknown} value
 * @returns {{ error?: string, value?: JourneyContext }}
 */
export function readJourneyContext(value) {
  if (value === undefined || value === null) return {};
  try {
    if (!isObject(value)) throw new InputError('journeyContext must be an object: {customer: {id, idType}, customerSession?: {id, type}}.');
    const { customer, customerSession, triggeringAction } = value;
    if (!isObject(customer)) throw new InputError('journeyContext.customer must be an object: {id, idType}.');
    /** @type {JourneyContext} */
    const read = {
      customer: {
        id: /** @type {string} */ (text(customer.id, 'journeyContext.customer.id', 64, false)),
        idType: /** @type {string} */ (text(customer.idType, 'journeyContext.customer.idType', 32, false)),
      },
    };
    if (customerSession !== undefined && customerSession !== null) {
      if (!isObject(customerSession)) throw new InputError('journeyContext.customerSession must be an object: {id, type}.');
      read.customerSession = {
        id: /** @type {string} */ (text(customerSession.id, 'journeyContext.customerSession.id', 64, false)),
        type: /** @type {string} */ (text(customerSession.type, 'journeyContext.customerSession.type', 32, false)),
      };
    }
    if (triggeringAction !== undefined && triggeringAction !== null) {
      const map = isObject(triggeringAction) ? triggeringAction.actionMap : undefined;
      if (!isObject(triggeringAction) || !isObject(map) || typeof map.version !== 'number' || !Number.isFinite(map.version)) {
        throw new InputError('journeyContext.triggeringAction must be {id, actionMap: {id, version}}.');
      }
      read.triggeringAction = {
        id: /** @type {string} */ (text(triggeringAction.id, 'journeyContext.triggeringAction.id', 64, false)),
        actionMap: { id: /** @type {string} */ (text(map.id, 'journeyContext.triggeringAction.actionMap.id', 64, false)), version: map.version },
      };
    }
    return { value: read };
  } catch (error) {
    if (error instanceof InputError) return { error: error.message };
    throw error;
  }
}

/**
 * The page's URL split as the platform SDK's JourneyPage has it (`domain` is the hostname:
 * inferred, there is no public-suffix list offline). A location that is not a URL (the lab's
 * "PageView Unix" sends a timestamp) is read relative to the page's own URL, as a browser would.
 * @param {string} location
 * @param {string} base the page's URL
 * @param {string | undefined} title
 * @returns {Record<string, string | undefined>}
 */
export function journeyPage(location, base, title) {
  /** @type {URL | undefined} */
  let url;
  try {
    url = new URL(location, /^https?:\/\//i.test(base) ? base : undefined);
  } catch {
    url = undefined;
  }
  if (!url) return defined({ url: location, title });
  return defined({
    url: url.href.slice(0, 4096),
    title,
    domain: url.hostname,
    hostname: url.hostname,
    pathname: url.pathname,
    queryString: url.search ? url.search.slice(1) : undefined,
    fragment: url.hash ? url.hash.slice(1) : undefined,
  });
}
