// @ts-check
/**
 * Predictive Engagement (GPE), as the offline Genesys keeps it: visitors (a customer id, kept
 * by the runtime as Genesys keeps its cookie, per deployment), their GPE sessions (a web visit:
 * the context out of the box, attributes and traits projected from its events, the
 * conversations linked to it) and the events of each session (page views and records). The
 * shapes are the platform SDK's models (Session, Event, WebEvent, JourneyPage, Browser, Device,
 * JourneyGeolocation, CustomEventAttribute: MyPureCloud/platform-client-sdk-java build/docs).
 * This file holds the data and its shapes; where events come in, what is evicted and who may
 * read are the service's (journey-api.mjs, sessions.mjs).
 */
import { randomInt, randomUUID } from 'node:crypto';
import { journeyPage } from './journey-input.mjs';

/** @typedef {import('./journey-input.mjs').CustomEventAttribute} CustomEventAttribute */

/**
 * An event as kept.
 * @typedef {object} JourneyEvent
 * @property {string} id
 * @property {string} correlationId
 * @property {string} createdDate ISO
 * @property {'pageview' | 'record'} kind
 * @property {string} eventName `page_viewed` for a page view (the platform SDK's WebEvent example), else the record's name
 * @property {Record<string, unknown>} page JourneyPage
 * @property {Array<[string, CustomEventAttribute]>} attributes
 * @property {Array<[string, CustomEventAttribute]>} traits
 * @property {Record<string, unknown> | undefined} browser the session's at that moment
 * @property {Record<string, unknown> | undefined} device
 * @property {Record<string, unknown>} geolocation
 * @property {string | undefined} userAgentString
 * @property {number} totalEventCount the visitor's, across all sessions
 * @property {number} totalPageviewCount
 * @property {number} weight bytes charged for it
 */

/**
 * A GPE session as kept.
 * @typedef {object} JourneySession
 * @property {string} id
 * @property {string} shortId
 * @property {string} deploymentId lower case
 * @property {string} customerId lower case
 * @property {string} address the client's that created it
 * @property {number} createdAt ms
 * @property {number} lastAt ms of its newest event
 * @property {number} eventCount every event, kept or not
 * @property {number} pageviewCount
 * @property {number} droppedEvents oldest events no longer kept
 * @property {JourneyEvent[]} events the newest, oldest first
 * @property {Map<string, CustomEventAttribute>} attributes oldest set first
 * @property {Map<string, CustomEventAttribute>} traits the visitor's identity (traitsMapper)
 * @property {Record<string, unknown> | undefined} browser
 * @property {Record<string, unknown> | undefined} device
 * @property {Record<string, unknown>} geolocation
 * @property {Record<string, unknown> | undefined} lastPage
 * @property {Record<string, unknown> | undefined} referrer
 * @property {string | undefined} userAgentString
 * @property {string[]} conversationIds linked conversations, oldest first
 * @property {number} bytes what it weighs for the stored-bytes bounds
 */

/**
 * @typedef {object} Visitor
 * @property {string} customerId
 * @property {string} deploymentId
 * @property {string[]} sessionIds oldest first
 * @property {number} totalEventCount
 * @property {number} totalPageviewCount
 */

/** The session's own weight on top of its events: its context and bookkeeping. */
const SESSION_WEIGHT = 1024;
/** @param {Map<string, CustomEventAttribute>} map */
const mapWeight = (map) => [...map].reduce((n, [k, a]) => n + 64 + k.length + a.value.length, 0);
/** @param {Iterable<[string, CustomEventAttribute]>} entries */
const asObject = (entries) => Object.fromEntries([...entries].map(([k, a]) => [k, { ...a }]));
const iso = (/** @type {number} */ ms) => new Date(ms).toISOString();

export const WEB_EVENT = 'com.genesys.journey.WebEvent';
export const EVENT_TYPES = ['com.genesys.journey.OutcomeAchievedEvent', 'com.genesys.journey.SegmentAssignmentEvent', 'com.genesys.journey.WebActionEvent', WEB_EVENT, 'com.genesys.journey.AppEvent'];

export class Journeys {
  /**
   * @param {{ journeyIdleMs: number, journeyEventsPerSession: number, journeyAttributesPerSession: number, journeyTraitsPerSession: number }} limits
   */
  constructor(limits) {
    this.limits = limits;
    /** @type {Map<string, JourneySession>} id → session, least recently active first */
    this.sessions = new Map();
    /** @type {Map<string, Visitor>} `${deploymentId} ${customerId}` → visitor */
    this.visitors = new Map();
    /** Events kept, all told. */
    this.eventCount = 0;
  }

  /** @param {string} id */
  get(id) {
    return this.sessions.get(id);
  }

  /**
   * The session an event continues, or a new one: the given `sessionId` when it is this
   * customer's on this deployment and had an event within the idle window; otherwise a new
   * session, created now (inferred: Genesys creates it at a visit's first event).
   * @param {{ deploymentId: string, customerId: string, sessionId?: string, address: string, now: number, geolocation: Record<string, unknown> }} at
   */
  sessionFor({ deploymentId, customerId, sessionId, address, now, geolocation }) {
    const key = `${deploymentId} ${customerId}`;
    let visitor = this.visitors.get(key);
    if (!visitor) {
      visitor = { customerId, deploymentId, sessionIds: [], totalEventCount: 0, totalPageviewCount: 0 };
      this.visitors.set(key, visitor);
    }
    const given = sessionId ? this.sessions.get(sessionId) : undefined;
    if (given && given.deploymentId === deploymentId && given.customerId === customerId && now - given.lastAt < this.limits.journeyIdleMs) {
      return { session: given, visitor, newSession: false };
    }
    /** @type {JourneySession} */
    const session = {
      id: randomUUID(),
      shortId: String(randomInt(1000, 1_000_000)),
      deploymentId,
      customerId,
      address,
      createdAt: now,
      lastAt: now,
      eventCount: 0,
      pageviewCount: 0,
      droppedEvents: 0,
      events: [],
      attributes: new Map(),
      traits: new Map(),
      browser: undefined,
      device: undefined,
      geolocation: { ...geolocation, source: 'emulated' },
      lastPage: undefined,
      referrer: undefined,
      userAgentString: undefined,
      conversationIds: [],
      bytes: SESSION_WEIGHT,
    };
    this.sessions.set(session.id, session);
    visitor.sessionIds.push(session.id);
    return { session, visitor, newSession: true };
  }

  /**
   * Adds an event to its session: the context, attributes and traits it brings land on the
   * session; the oldest events beyond journeyEventsPerSession go (eventCount counts them all).
   * Returns the event and how many bytes the session weighs more (or less) now.
   * @param {JourneySession} session
   * @param {Visitor} visitor
   * @param {import('./journey-input.mjs').JourneyPost & { now: number, userAgent: string | undefined }} input
   */
  record(session, visitor, input) {
    const l = this.limits;
    const before = session.bytes;
    const { context } = input;
    // The context out of the box is the newest the page reported (a resized window shows).
    if (context.browser) session.browser = context.browser;
    if (context.device) session.device = context.device;
    if (input.userAgent) session.userAgentString = input.userAgent.slice(0, 512);
    const page = journeyPage(input.pageLocation ?? context.page.url, context.page.url, input.pageTitle ?? context.page.title);
    if (context.page.referrer && !session.referrer) session.referrer = referrerOf(context.page.referrer, String(page.hostname ?? ''));
    session.lastPage = page;
    session.eventCount += 1;
    visitor.totalEventCount += 1;
    if (input.kind === 'pageview') {
      session.pageviewCount += 1;
      visitor.totalPageviewCount += 1;
    }
    /** @type {JourneyEvent} */
    const event = {
      id: randomUUID(),
      correlationId: randomUUID(),
      createdDate: iso(input.now),
      kind: input.kind,
      eventName: input.eventName,
      page,
      attributes: input.attributes,
      traits: input.traits,
      browser: session.browser,
      device: session.device,
      geolocation: session.geolocation,
      userAgentString: session.userAgentString,
      totalEventCount: visitor.totalEventCount,
      totalPageviewCount: visitor.totalPageviewCount,
      weight: 256 + Buffer.byteLength(JSON.stringify([page, input.eventName, input.attributes, input.traits]), 'utf8'),
    };
    session.events.push(event);
    this.eventCount += 1;
    while (session.events.length > l.journeyEventsPerSession) {
      session.events.shift();
      session.droppedEvents += 1;
      this.eventCount -= 1;
    }
    // A key set again moves to the newest; beyond the bound the oldest-set keys go.
    keep(session.attributes, input.attributes, l.journeyAttributesPerSession);
    keep(session.traits, input.traits, l.journeyTraitsPerSession);
    session.lastAt = input.now;
    // Least recently active first: the eviction order.
    this.sessions.delete(session.id);
    this.sessions.set(session.id, session);
    session.bytes = SESSION_WEIGHT + session.events.reduce((n, e) => n + e.weight, 0) + mapWeight(session.attributes) + mapWeight(session.traits);
    return { event, added: session.bytes - before };
  }

  /**
   * Forgets a session (and its visitor with its last session); returns it, or undefined.
   * @param {string} id
   */
  forget(id) {
    const session = this.sessions.get(id);
    if (!session) return undefined;
    this.sessions.delete(id);
    this.eventCount -= session.events.length;
    const key = `${session.deploymentId} ${session.customerId}`;
    const visitor = this.visitors.get(key);
    if (visitor) {
      visitor.sessionIds = visitor.sessionIds.filter((s) => s !== id);
      if (!visitor.sessionIds.length) this.visitors.delete(key);
    }
    return session;
  }

  /**
   * The GPE session a configureSession's journeyContext names, when it is one of this
   * deployment and of the customer the context names; otherwise undefined (the context is
   * kept as given, and links nothing: inferred, Genesys would not refuse it).
   * @param {string} deploymentId
   * @param {import('./journey-input.mjs').JourneyContext} context
   */
  linkable(deploymentId, context) {
    const session = context.customerSession ? this.sessions.get(context.customerSession.id) : undefined;
    const deployment = deploymentId.trim().toLowerCase();
    if (!session || session.deploymentId !== deployment || session.customerId !== context.customer.id.trim().toLowerCase()) return undefined;
    return session;
  }

  /** Counts for /api/stats. @param {string} [deploymentId] only this deployment's */
  counts(deploymentId) {
    if (!deploymentId) return { visitors: this.visitors.size, journeySessions: this.sessions.size, journeyEvents: this.eventCount };
    const mine = [...this.sessions.values()].filter((s) => s.deploymentId === deploymentId);
    return { visitors: new Set(mine.map((s) => s.customerId)).size, journeySessions: mine.length, journeyEvents: mine.reduce((n, s) => n + s.events.length, 0) };
  }
}

/**
 * Sets `entries` in `map`, a key set again moving to the newest; keeps the newest `max` keys.
 * @param {Map<string, CustomEventAttribute>} map
 * @param {Array<[string, CustomEventAttribute]>} entries
 * @param {number} max
 */
function keep(map, entries, max) {
  for (const [key, value] of entries) {
    map.delete(key);
    map.set(key, value);
  }
  for (const key of map.keys()) {
    if (map.size <= max) break;
    map.delete(key);
  }
}

/**
 * The platform SDK's Referrer for the page's referrer; `medium` is `internal` when it is the
 * same host, otherwise `unknown` (inferred: no search or social lists offline).
 * @param {string} referrer
 * @param {string} host the page's
 */
function referrerOf(referrer, host) {
  const page = journeyPage(referrer, referrer, undefined);
  return { ...page, medium: page.hostname && page.hostname === host ? 'internal' : 'unknown' };
}

/**
 * The session as `GET /api/v2/journey/sessions/<id>` answers it: the platform SDK's Session,
 * with what the emulator can fill honestly. `traits` (the visitor's identity from the
 * traitsMapper, CustomEventAttributes) is the emulator's own field (inferred: the Session model
 * links an external contact instead, which the emulator does not keep).
 * @param {JourneySession} s
 * @param {number} now
 * @param {number} idleMs the idle window (LIMITS.journeyIdleMs)
 */
export function sessionShape(s, now, idleMs) {
  const last = s.events[s.events.length - 1];
  const linked = s.conversationIds[s.conversationIds.length - 1];
  // Inferred: the emulator sees no activity but events, so the visitor is away and idle once
  // the idle window has passed with none, and the session has ended then.
  const idle = s.lastAt + idleMs;
  return {
    id: s.id,
    customerId: s.customerId,
    customerIdType: 'cookie',
    type: 'web',
    shortId: s.shortId,
    attributes: asObject(s.attributes),
    attributeLists: {},
    traits: asObject(s.traits),
    ...(s.browser ? { browser: { ...s.browser } } : {}),
    ...(s.device ? { device: { ...s.device } } : {}),
    geolocation: { ...s.geolocation },
    ...(s.lastPage ? { lastPage: { ...s.lastPage } } : {}),
    ...(s.referrer ? { referrer: { ...s.referrer } } : {}),
    ...(s.userAgentString ? { userAgentString: s.userAgentString } : {}),
    durationInSeconds: Math.round((s.lastAt - s.createdAt) / 1000),
    eventCount: s.eventCount,
    pageviewCount: s.pageviewCount,
    ...(last ? { lastEvent: { id: last.id, eventName: last.eventName, createdDate: last.createdDate } } : {}),
    authenticated: false,
    createdDate: iso(s.createdAt),
    awayDate: iso(idle),
    idleDate: iso(idle),
    ...(now >= idle ? { endedDate: iso(idle) } : {}),
    ...(linked ? { conversation: { id: linked, selfUri: `/api/v2/conversations/${linked}` } } : {}),
    selfUri: `/api/v2/journey/sessions/${s.id}`,
  };
}

/**
 * An event as `GET /api/v2/journey/sessions/<id>/events` answers it: the platform SDK's Event
 * with a WebEvent. `brief` (the agent views' stream) leaves out what is the session's anyway
 * (browser, device, geolocation, user agent).
 * @param {JourneySession} s
 * @param {JourneyEvent} e
 * @param {boolean} [brief]
 */
export function eventShape(s, e, brief = false) {
  const context = brief
    ? {}
    : {
        ...(e.userAgentString ? { userAgentString: e.userAgentString } : {}),
        ...(e.browser ? { browser: { ...e.browser } } : {}),
        ...(e.device ? { device: { ...e.device } } : {}),
        geolocation: { ...e.geolocation },
        ...(s.referrer ? { referrer: { ...s.referrer } } : {}),
      };
  return {
    id: e.id,
    correlationId: e.correlationId,
    customerId: s.customerId,
    customerIdType: 'cookie',
    session: { id: s.id, type: 'web', selfUri: `/api/v2/journey/sessions/${s.id}` },
    eventType: WEB_EVENT,
    webEvent: {
      eventName: e.eventName,
      totalEventCount: e.totalEventCount,
      totalPageviewCount: e.totalPageviewCount,
      page: { ...e.page },
      ...context,
      attributes: asObject(e.attributes),
      traits: asObject(e.traits),
      authenticated: false,
    },
    createdDate: e.createdDate,
  };
}
