// @ts-check
import { journeyCors } from './guest-http.mjs';
import { JourneyApi, JOURNEY_API } from './journey-api.mjs';
import { randomUUID } from 'node:crypto';
import { PATHS, WIRE, isDeploymentId, utf8Bytes } from '../../src/genesys/contract.js';
import { Access } from './access.mjs';
import { clientAddress } from './clients.mjs';
import { depthOf } from './journey-input.mjs';
import { LIMITS, LOOP_RESOLUTION_MS } from './limits.mjs';
import { HttpError, outOfScope, originRefused } from './errors.mjs';
import { json, readJson, preflight, CORS, parseUrl, safeDecode, pageParam, deploymentParam } from './http.mjs';
import { structured, isObject, presenceMessage } from './frames.mjs';
/** @typedef {import('./types.mjs').Connection} Connection */
/** @typedef {import('./types.mjs').StoredMessage} StoredMessage */

/**
 * The HTTP routes: every `/api/…` path and config.json reach `handleHttp`, which answers the
 * guest's ones through guest-http.mjs, Predictive Engagement through journey-api.mjs and, here, student keys, deployment settings and the
 * agent's API (conversations, replies, ending, the stream, statistics) behind the instructor's
 * or a student's key.
 */
export class AgentApi extends JourneyApi {
  /** Whether the agent's API demands a key (off on a loopback bind); see access.mjs. */
  get requireKey() {
    return this.access.requireKey;
  }

  /**
   * Answers `/api/…` and the deployment's config.json; returns false for any other path.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async handleHttp(req, res) {
    const url = parseUrl(req.url);
    if (!url) {
      json(res, 400, { error: 'Bad request URL.' });
      return true;
    }
    const config = PATHS.deploymentConfigPattern.exec(url.pathname);
    if (!url.pathname.startsWith('/api/') && !config) return false;
    try {
      if (config) this.deploymentConfig(req, res, config[1] ?? '');
      else await this.route(req, res, url);
    } catch (error) {
      if (error instanceof HttpError) {
        if (!res.headersSent) {
          /** @type {Record<string, string>} */
          const headers = error.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : error.status === 413 || error.status === 415 ? { Connection: 'close' } : {};
          json(res, error.status, { error: error.message }, headers);
        }
      } else {
        this.safety.report(`answering ${req.method} ${url.pathname.slice(0, 100)}`, error);
        if (!res.headersSent) json(res, 500, { error: 'Internal error.' });
      }
    }
    return true;
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {URL} url
   */
  async route(req, res, url) {
    const path = url.pathname;
    const address = clientAddress(req.socket);
    const wait = this.clients.take(address, 'api');
    if (wait) {
      this.stats.rateLimited += 1;
      return json(res, 429, { error: `More than ${this.limits.apiPerMinutePerClient} API requests a minute from your address.` }, { 'Retry-After': String(wait) });
    }
    if (path === PATHS.history) {
      if (req.method === 'OPTIONS') return preflight(res);
      if (req.method !== 'GET') throw new HttpError(405, `${req.method} is not allowed here.`);
      const page = this.history(req.headers.authorization, url.searchParams);
      return this.heavy(res, clientAddress(req.socket), () => JSON.stringify(page), CORS);
    }
    // Guests need no key (as with Genesys): the Journey events are theirs.
    // The runtime posts from the page, which may be another origin the deployment allows.
    if (path === '/api/journey' && req.method === 'OPTIONS') {
      res.writeHead(204, { ...journeyCors(req.headers.origin), 'Access-Control-Max-Age': '600' }).end();
      return;
    }
    if (path === '/api/journey' && req.method === 'POST') {
      const body = await this.readBody(req);
      const deploymentId = isObject(body) && typeof body.deploymentId === 'string' ? body.deploymentId : '';
      const origin = req.headers.origin;
      if (isDeploymentId(deploymentId) && !this.deployments.allows(deploymentId, origin, req.headers.host ?? '')) {
        return json(res, 403, originRefused(origin, deploymentId), journeyCors(origin));
      }
      const userAgent = typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : undefined;
      const result = this.recordJourney(body, address, userAgent);
      const headers = { ...journeyCors(origin), ...(result.retryAfter ? { 'Retry-After': String(result.retryAfter) } : {}) };
      return json(res, result.status, result.body, headers);
    }
    // The platform API's Journey sessions, for the agent (journey-api.mjs); the rest: 501.
    if (path.startsWith(JOURNEY_API) || path === JOURNEY_API.slice(0, -1)) return this.journeyRoute(req, res, url);
    // A student claims the key of a deployment nobody holds yet (no key needed).
    const claim = /^\/api\/deployments\/([^/]+)\/key$/.exec(path);
    if (claim && req.method === 'POST') {
      await this.readBody(req);
      const id = safeDecode(claim[1] ?? '');
      if (!isDeploymentId(id)) throw new HttpError(400, 'deploymentId must be a UUID.');
      const wait = this.clients.take(address, 'claims');
      if (wait) {
        this.stats.rateLimited += 1;
        return json(res, 429, { error: `More than ${this.limits.claimsPerMinutePerClient} keys a minute from your address.` }, { 'Retry-After': String(wait) });
      }
      // A deployment in use from another address is somebody's: its key is not for the asking.
      const lower = /** @type {string} */ (id).trim().toLowerCase();
      for (const c of this.conversations.values()) {
        if (c.deploymentId.toLowerCase() === lower && c.address !== address) {
          return json(res, 409, { error: `Deployment ${lower} is in use from another address: its key is its owner's. Generate a deployment ID of your own.` });
        }
      }
      const result = this.access.claim(lower, address);
      return json(res, result.status, result.key ? { deploymentId: /** @type {string} */ (id).trim().toLowerCase(), key: result.key } : { error: result.error });
    }
    const action = /^\/api\/conversations\/([^/]+)\/(messages|disconnect|script|participant-data)$/.exec(path);
    // A deployment's settings, its inbound message flow and its Agent Script (flow-api.mjs).
    const settings = /^\/api\/deployments\/([^/]+)\/(settings|flow|script)$/.exec(path);
    const known = ['/api/conversations', '/api/journey', '/api/stream', '/api/stream/ticket', '/api/stats'].includes(path) || action || claim || settings;
    if (!known) throw new HttpError(404, 'No such API.');
    const allowed = (path === '/api/stream' && req.method === 'GET') || (path === '/api/stream/ticket' && req.method === 'POST') ||
      (['/api/conversations', '/api/stats'].includes(path) && req.method === 'GET') || (action && req.method === (action[2] === 'script' ? 'GET' : 'POST')) ||
      (settings && ['GET', 'PUT', 'DELETE'].includes(req.method ?? ''));
    if (!allowed) throw new HttpError(405, `${req.method} is not allowed here.`);
    // Everything below is the agent's: the instructor's key, or a student's for their own
    // deployment (no key on loopback). The stream also takes a ticket (EventSource cannot
    // send an Authorization header).
    const ticket = path === '/api/stream' && url.searchParams.has('ticket') ? this.access.redeemTicket(url.searchParams.get('ticket')) : undefined;
    const principal = ticket ?? this.access.principal(req.headers.authorization);
    if (!principal) throw new HttpError(401, 'The agent key is needed: send "Authorization: Bearer <key>" (the instructor\'s key, or your own from the lab page).');
    /** The deployment a request names (`?deploymentId=`), or, for a student, theirs; 403 outside the key's scope. */
    const scoped = () => {
      const named = deploymentParam(url.searchParams);
      if (principal.role === 'instructor') return named;
      if (named !== undefined && !Access.opens(principal, named)) throw outOfScope(principal.deploymentId);
      return principal.deploymentId;
    };
    if (settings) {
      const id = safeDecode(settings[1] ?? '');
      if (!isDeploymentId(id)) throw new HttpError(400, 'deploymentId must be a UUID.');
      if (!Access.opens(principal, /** @type {string} */ (id))) throw outOfScope(/** @type {{ deploymentId: string }} */ (principal).deploymentId);
      if (settings[2] !== 'settings') return this.designRoute(req, res, { kind: /** @type {'flow' | 'script'} */ (settings[2]), id: /** @type {string} */ (id) });
      if (req.method === 'GET') return json(res, 200, this.deployments.settingsOf(/** @type {string} */ (id)));
      // Changing a deployment is an admin's act: the instructor's.
      if (principal.role !== 'instructor') throw new HttpError(403, 'Only the instructor\'s key changes a deployment\'s settings.');
      if (req.method === 'DELETE') return json(res, 200, this.deployments.reset(/** @type {string} */ (id)));
      const result = this.deployments.update(/** @type {string} */ (id), await this.readBody(req));
      return json(res, result.status, result.settings ?? { error: result.error });
    }
    if (path === '/api/stream') return this.stream(req, res, scoped(), principal, address);
    if (path === '/api/stream/ticket') {
      await this.readBody(req);
      return json(res, 201, this.access.issueTicket(principal));
    }
    if (path === '/api/stats') return json(res, 200, principal.role === 'instructor' ? this.statistics() : this.deploymentStatistics(principal.deploymentId));
    if (path === '/api/conversations') {
      const deploymentId = scoped();
      const limit = pageParam(url.searchParams.get('limit'), this.limits.defaultListLimit, 'limit', this.limits.maxListLimit);
      const before = pageParam(url.searchParams.get('before'), Number.MAX_SAFE_INTEGER, 'before', Number.MAX_SAFE_INTEGER);
      // Within the page's byte budget; the rest is the next page.
      const { kept, json: body, more } = this.fitted(this.page(deploymentId, limit, before), this.limits.pageMaxBytes);
      /** @type {Record<string, string>} */
      const headers = {};
      const oldest = kept[0];
      if (more && oldest) {
        const next = new URLSearchParams({ ...(deploymentId ? { deploymentId } : {}), limit: String(limit), before: String(oldest.seq) });
        headers.Link = `</api/conversations?${next}>; rel="next"`;
      }
      return this.heavy(res, address, () => body, headers);
    }
    const id = safeDecode(action?.[1] ?? '') ?? '';
    const conversation = this.conversations.get(id);
    if (conversation && !Access.opens(principal, conversation.deploymentId)) {
      throw outOfScope(/** @type {{ deploymentId: string }} */ (principal).deploymentId);
    }
    if (action?.[2] === 'script' || action?.[2] === 'participant-data') {
      return this.designRoute(req, res, { kind: action[2] === 'script' ? 'conversationScript' : 'participantData', id });
    }
    if (action?.[2] === 'messages') {
      const result = this.reply(id, await this.readBody(req));
      return json(res, result.status, result.error ? { error: result.error } : result.message);
    }
    await this.readBody(req); // a body, if any, is read (and limited) but not needed
    const result = this.disconnect(id);
    return json(res, result.status, result.error ? { error: result.error } : result.conversation);
  }

  /**
   * A large answer (a page of conversations or of history): at most `unreadAnswersPerClient`
   * of them still unsent to one address, and `unreadAnswers` in all, so that clients that ask
   * and never read cannot pile answers up in memory; beyond, 429 or 503 with the reason.
   * @param {import('node:http').ServerResponse} res
   * @param {string} address
   * @param {() => string} body the JSON text, made only when it is sent
   * @param {Record<string, string>} headers
   */
  heavy(res, address, body, headers) {
    if (this.clients.held(address, 'answers') >= this.limits.unreadAnswersPerClient) {
      this.stats.rateLimited += 1;
      return json(res, 429, { error: `Your address has ${this.limits.unreadAnswersPerClient} large answers it has not read yet: read them first.` }, { 'Retry-After': '5', ...headers });
    }
    if (this.unreadAnswers >= this.limits.unreadAnswers) {
      this.stats.rateLimited += 1;
      return json(res, 503, { error: 'The server is sending many large answers: try again shortly.' }, { 'Retry-After': '5', ...headers });
    }
    this.unreadAnswers += 1;
    this.clients.count(address, 'answers', 1);
    res.once('close', () => {
      this.unreadAnswers -= 1;
      this.clients.count(address, 'answers', -1);
    });
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
    res.end(body());
  }

  /**
   * A request's JSON body, read within maxBodyBytes and checked for depth (400 beyond).
   * @param {import('node:http').IncomingMessage} req
   * @param {number} [maxDepth] deeper than the other bodies for a flow (its decisions nest)
   */
  async readBody(req, maxDepth = this.limits.maxInputDepth) {
    const body = await readJson(req);
    if (depthOf(body, maxDepth) > maxDepth) {
      this.stats.inputRefused += 1;
      throw new HttpError(400, `The body nests more than ${maxDepth} levels deep.`);
    }
    return body;
  }

  /**
   * A deployment's flow or Agent Script (`kind` flow, script: the deployment's id, its scope
   * checked), or a conversation's script or participant data (`conversationScript`,
   * `participantData`: the conversation's id, its scope checked when it exists). Answered by
   * flow-api.mjs, which overrides this; nothing below it does.
   * @param {import('node:http').IncomingMessage} _req
   * @param {import('node:http').ServerResponse} _res
   * @param {{ kind: 'flow' | 'script' | 'conversationScript' | 'participantData', id: string }} _route
   * @returns {Promise<void> | void}
   */
  designRoute(_req, _res, _route) {
    throw new HttpError(404, 'No such API.');
  }

  /**
   * The agent (or a bot) replies; the guest's open connections get it as an Outbound
   * StructuredMessage.
   * @param {string} conversationId
   * @param {unknown} body `{text, nickname?, originatingEntity?}`
   */
  reply(conversationId, body) {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return { status: 404, error: 'No such conversation.' };
    if (conversation.state !== 'active') return { status: 409, error: `This conversation has ended (${conversation.state}).` };
    if (conversation.sessionExpired) return { status: 409, error: 'The guest\'s session has expired.' };
    if (conversation.guestLeft) {
      return { status: 409, error: `The guest left this conversation (their session was cleared at ${conversation.guestLeft}, e.g. by Clear Session): nobody would read this reply.` };
    }
    const { text, nickname = 'Agent', originatingEntity = WIRE.human } = isObject(body) ? body : {};
    if (typeof text !== 'string' || !text.trim()) return { status: 400, error: 'A reply needs "text".' };
    if (utf8Bytes(text) > LIMITS.maxTextBytes) return { status: 413, error: `Replies are limited to ${LIMITS.maxTextBytes} bytes.` };
    if (typeof nickname !== 'string' || !nickname.trim() || nickname.length > LIMITS.maxNicknameLength) {
      return { status: 400, error: `"nickname" must be text of 1 to ${LIMITS.maxNicknameLength} characters.` };
    }
    if (originatingEntity !== 'Human' && originatingEntity !== 'Bot') return { status: 400, error: '"originatingEntity" must be "Human" or "Bot".' };
    /** @type {StoredMessage} */
    const stored = {
      id: randomUUID(),
      direction: WIRE.outbound,
      type: WIRE.text,
      text,
      time: new Date(this.now()).toISOString(),
      correlationId: randomUUID(),
      nickname: nickname.trim(),
      originatingEntity,
    };
    this.deliver(conversation, stored);
    return { status: 201, message: structured(stored) };
  }

  /**
   * The agent ends the conversation: the guest gets an Outbound Presence Disconnect event;
   * the conversation is `disconnected` and the session read-only. A flow's Disconnect action
   * ends it the same way, as the bot (`by`).
   * @param {string} conversationId
   * @param {{ nickname: string, originatingEntity: 'Human' | 'Bot' }} [by]
   */
  disconnect(conversationId, by = { nickname: 'Agent', originatingEntity: WIRE.human }) {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return { status: 404, error: 'No such conversation.' };
    if (conversation.state !== 'active') return { status: 409, error: `This conversation has already ended (${conversation.state}).` };
    // Read-only when the deployment says so (conversationDisconnect type ReadOnly, the lab's).
    const readOnly = this.deployments.readOnlyAfterDisconnect(conversation.deploymentId);
    const stored = presenceMessage(WIRE.outbound, WIRE.disconnect, this.now(), { ...by, ...(readOnly ? { readOnly } : {}) });
    conversation.state = 'disconnected';
    this.deliver(conversation, stored);
    return { status: 200, conversation: this.summary(conversation) };
  }

  /**
   * A student's statistics: their deployment's counts only.
   * @param {string} deploymentId
   */
  deploymentStatistics(deploymentId) {
    const mine = (/** @type {{ deploymentId: string }} */ c) => c.deploymentId.toLowerCase() === deploymentId;
    return {
      deploymentId,
      sessions: [...this.sessions.values()].filter(mine).length,
      conversations: [...this.conversations.values()].filter(mine).length,
      ...this.journeys.counts(deploymentId),
      streamClients: [...this.streams].filter((s) => s.principal.role === 'student' && s.principal.deploymentId === deploymentId).length,
    };
  }

  /**
   * What the server holds now (the agent's `GET /api/stats`; the bench reads it): memory, CPU
   * time used so far, and the event loop's delay since the previous read (which restarts it).
   */
  statistics() {
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const loop = this.loopDelay;
    // The histogram holds the sampling period too; the delay is what comes on top of it.
    const delayMs = (/** @type {number} */ ns) => (loop.count ? Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS) : 0);
    const delay = { p50Ms: delayMs(loop.percentile(50)), p99Ms: delayMs(loop.percentile(99)), maxMs: delayMs(loop.max) };
    loop.reset();
    return {
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      cpuMs: (cpu.user + cpu.system) / 1000,
      eventLoopDelay: delay,
      sockets: this.wss.clients.size,
      sessions: this.sessions.size,
      conversations: this.conversations.size,
      ...this.journeys.counts(),
      storedBytes: this.storedBytes,
      streamClients: this.streams.size,
      clients: this.clients.size,
      studentKeys: this.access.keyOfDeployment.size,
      unexpectedErrors: this.safety.errors,
      ...this.stats,
    };
  }

}
