// @ts-check
import { GuestHttp } from './guest-http.mjs';
import { isDeploymentId } from '../../src/genesys/contract.js';
import { Access } from './access.mjs';
import { HttpError, outOfScope } from './errors.mjs';
import { json, pageParam, safeDecode } from './http.mjs';
import { isObject } from './frames.mjs';
import { readJourneyPost } from './journey-input.mjs';
import { EVENT_TYPES, WEB_EVENT, eventShape, sessionShape } from './journeys.mjs';

/** Where the Journey API lives (the platform API's paths, on this origin). */
export const JOURNEY_API = '/api/v2/journey/';

/**
 * Predictive Engagement over HTTP: the visitor's events as the emulated runtime posts them
 * (`POST /api/journey`: a guest, no key) and the agent's reads of the Journey API
 * (`GET /api/v2/journey/sessions/<id>` and `…/events`, the platform SDK's JourneyApi
 * getJourneySession and getJourneySessionEvents: the agent's key). Anything else under
 * /api/v2/journey/ answers 501: not emulated.
 */
export class JourneyApi extends GuestHttp {
  /**
   * A Journey event from the emulated runtime, checked where it enters (the client's rate, the
   * deployment's journeyEvents, every field: refused whole, nothing kept), then kept on the
   * visitor's GPE session: the one given when it is still this customer's and active, else a
   * new one. The answer tells the runtime which session to name next time.
   * @param {unknown} body
   * @param {string} address the client's
   * @param {string | undefined} userAgent the request's User-Agent (the browser's: Session.userAgentString)
   * @returns {{ status: number, body: Record<string, unknown>, retryAfter?: number }}
   */
  recordJourney(body, address, userAgent) {
    const wait = this.clients.take(address, 'journey');
    if (wait) {
      this.stats.rateLimited += 1;
      return { status: 429, retryAfter: wait, body: { error: `More than ${this.limits.journeyPerMinutePerClient} Journey events a minute from your address.` } };
    }
    const named = isObject(body) ? body.deploymentId : undefined;
    if (isDeploymentId(named) && !this.deployments.journeyEventsOn(/** @type {string} */ (named))) {
      const id = /** @type {string} */ (named).trim().toLowerCase();
      return { status: 403, body: { error: `Predictive Engagement (journeyEvents) is off for this deployment (${id}): no Journey event is kept. The instructor turns it on in the agent view's deployment settings.` } };
    }
    const read = readJourneyPost(body, this.limits);
    if (!read.value) {
      this.stats.inputRefused += 1;
      return { status: 400, body: { error: read.error } };
    }
    const input = read.value;
    const now = this.now();
    const { session, visitor, newSession } = this.journeys.sessionFor({
      deploymentId: input.deploymentId,
      customerId: input.customerId,
      sessionId: input.sessionId,
      address,
      now,
      geolocation: this.deployments.settingsOf(input.deploymentId).geolocation,
    });
    if (newSession) {
      this.clients.count(address, 'journeySessions', 1);
      this.chargeJourney(address, session.bytes);
      // A client over its own cap makes room from its own sessions; a full room from the
      // client holding the most. Never the session being written.
      this.evictJourneySessions(this.limits.maxJourneySessionsPerClient, address, 'count', session.id);
      this.evictJourneySessions(this.limits.maxJourneySessions, undefined, 'count', session.id);
    }
    const { event, added } = this.journeys.record(session, visitor, { ...input, now, userAgent });
    this.chargeJourney(session.address, added);
    this.linkByToken(input.token, session);
    this.journeyChanged(session.id);
    this.trimStored(session.address, 'journeys', session.id);
    return { status: 202, body: { customerId: session.customerId, customerIdType: 'cookie', sessionId: session.id, eventId: event.id, newSession } };
  }

  /**
   * Inferred (the emulator's, not Genesys's): an event that names the guest's messaging token
   * links that guest's current conversation to this GPE session when configureSession gave it
   * no journeyContext (the runtime may configure Messenger before its first Journey answer).
   * A conversation with a journeyContext keeps what that context linked.
   * @param {string | undefined} token
   * @param {import('./journeys.mjs').JourneySession} gpe
   */
  linkByToken(token, gpe) {
    const guest = token ? this.sessions.get(token) : undefined;
    if (!guest || guest.deploymentId.trim().toLowerCase() !== gpe.deploymentId) return;
    const conversation = this.conversations.get(guest.conversationId);
    if (!conversation || conversation.journeyContext || conversation.journeySessionId) return;
    conversation.journeySessionId = gpe.id;
    conversation.journeyCustomerId = gpe.customerId;
    gpe.conversationIds.push(conversation.id);
    this.changed(conversation.id);
  }

  /**
   * `/api/v2/journey/…` for the agent (the instructor's key, or a student's for their own
   * deployment): a session, its events; anything else 501.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {URL} url
   */
  journeyRoute(req, res, url) {
    const match = /^\/api\/v2\/journey\/sessions\/([^/]+)(\/events)?$/.exec(url.pathname);
    if (!match || req.method !== 'GET') {
      throw new HttpError(501, 'This Journey API is not emulated by the offline Genesys: it answers GET /api/v2/journey/sessions/{sessionId} and GET /api/v2/journey/sessions/{sessionId}/events only.');
    }
    const principal = this.access.principal(req.headers.authorization);
    if (!principal) throw new HttpError(401, 'The agent key is needed: send "Authorization: Bearer <key>" (the instructor\'s key, or your own from the lab page).');
    const id = safeDecode(match[1] ?? '') ?? '';
    const session = this.journeys.get(id.trim().toLowerCase());
    if (!session) throw new HttpError(404, 'No such Predictive Engagement session: unknown, or no longer kept (a session is forgotten a day after its last event).');
    if (!Access.opens(principal, session.deploymentId)) throw outOfScope(/** @type {{ deploymentId: string }} */ (principal).deploymentId);
    if (!match[2]) return json(res, 200, sessionShape(session, this.now(), this.limits.journeyIdleMs));
    return json(res, 200, this.eventListing(session, url.searchParams));
  }

  /**
   * The session's events as an EventListing, oldest first (inferred: the docs give no order),
   * `pageSize` at most 200 (default 100, inferred), `after` the id of the last event of the
   * previous page (the cursor), `eventType` a comma-separated list of the documented types.
   * @param {import('./journeys.mjs').JourneySession} session
   * @param {URLSearchParams} params
   */
  eventListing(session, params) {
    const pageSize = pageParam(params.get('pageSize'), 100, 'pageSize', 200);
    const types = (params.get('eventType') ?? '').split(',').map((t) => t.trim()).filter(Boolean);
    const unknown = types.find((t) => !EVENT_TYPES.includes(t));
    if (unknown) throw new HttpError(400, `eventType must be among ${EVENT_TYPES.join(', ')}.`);
    // Only web events are emulated: asking for other types alone gives none.
    const events = types.length && !types.includes(WEB_EVENT) ? [] : session.events;
    const after = params.get('after');
    let start = 0;
    if (after) {
      const i = events.findIndex((e) => e.id === after);
      if (i < 0) throw new HttpError(400, 'after is not a cursor of this session (or its event is no longer kept): start again without it.');
      start = i + 1;
    }
    const page = events.slice(start, start + pageSize);
    const self = `/api/v2/journey/sessions/${session.id}/events`;
    const query = (/** @type {Record<string, string>} */ extra) => `${self}?${new URLSearchParams({ pageSize: String(pageSize), ...(types.length ? { eventType: types.join(',') } : {}), ...extra })}`;
    const last = page[page.length - 1];
    return {
      entities: page.map((e) => eventShape(session, e)),
      selfUri: query(after ? { after } : {}),
      ...(last && start + pageSize < events.length ? { nextUri: query({ after: last.id }) } : {}),
    };
  }
}
