// @ts-check
// The @types/ws in the tree today (a transitive one) describes ws 7, which has no named
// WebSocketServer export; ws 8 (installed) has. The server is typed locally (types.mjs).
// @ts-ignore
import { WebSocketServer } from 'ws';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Access } from './access.mjs';
import { ClientTable } from './clients.mjs';
import { Journeys } from './journeys.mjs';
import { Deployments } from './deployments.mjs';
import { Safety } from './safety.mjs';
import { LIMITS, LOOP_RESOLUTION_MS } from './limits.mjs';
/** @typedef {import('./types.mjs').Socket} Socket */
/** @typedef {import('./types.mjs').Connection} Connection */
/** @typedef {import('./types.mjs').Session} Session */
/** @typedef {import('./types.mjs').Conversation} Conversation */
/** @typedef {import('./types.mjs').StreamClient} StreamClient */
/** @typedef {import('./types.mjs').AnyFrame} AnyFrame */

/**
 * The service's state, and what it sends on a guest socket. Everything the other parts read
 * and change lives here: sessions and conversations, streams, clients, keys, counters.
 * Frames go out through `send` (which drops a client that stopped reading), `respond` (a
 * request's answer, with its tracingId) and `push` (to every connection of a session).
 */
export class ServiceState extends EventEmitter {
  /**
   * @param {object} [options]
   * @param {() => number} [options.now] the clock, ms since the epoch (tests)
   * @param {number} [options.sessionTtlMs] how long a session may stay inactive (durationSeconds); default LIMITS.sessionTtlSeconds (72 h)
   * @param {string} [options.agentKey] the agent key (Bearer) that reads conversations and answers as the agent
   * @param {boolean} [options.requireKey] demand the agent key (off on loopback); needs agentKey
   * @param {Partial<typeof LIMITS>} [options.limits] the emulator's own bounds (tests, the bench); Genesys facts stay
   * @param {{ warn: (message: string) => void, error: (message: string, error: unknown) => void }} [options.log] where notices and errors go (console)
   */
  constructor({ now = () => Date.now(), sessionTtlMs = LIMITS.sessionTtlSeconds * 1000, agentKey, requireKey = false, limits = {}, log = console } = {}) {
    super();
    if (!Number.isFinite(sessionTtlMs) || sessionTtlMs <= 0) throw new RangeError('sessionTtlMs must be a positive number.');
    this.now = now;
    this.sessionTtlMs = sessionTtlMs;
    /** The bounds in force: LIMITS, with the emulator's own ones overridable. */
    this.limits = { ...LIMITS, ...limits };
    /** Who may act as the agent: the instructor's key, student keys, stream tickets. */
    this.access = new Access({ agentKey, requireKey, now, limits: this.limits });
    const l = this.limits;
    /** Each client address's holdings and rates. */
    this.clients = new ClientTable({
      now,
      maxClients: l.maxClients,
      perMinute: {
        frames: l.framesPerMinutePerClient,
        upgrades: l.upgradesPerMinutePerClient,
        sessions: l.sessionsPerMinutePerClient,
        journey: l.journeyPerMinutePerClient,
        claims: l.claimsPerMinutePerClient,
        api: l.apiPerMinutePerClient,
      },
    });
    /** Unexpected errors: logged once, counted, never fatal. */
    /** Notices (e.g. attributes a client sent where Genesys ignores them) and errors. */
    this.log = log;
    this.safety = new Safety((message, error) => log.error(message, error));
    /** @type {Map<string, Conversation>} conversation id → conversation, oldest first */
    this.conversations = new Map();
    this.conversationSeq = 0;
    /** Bytes of messages and attributes kept in all conversations. */
    this.storedBytes = 0;
    /** Large answers not yet sent in full (see heavy()). */
    this.unreadAnswers = 0;
    /** @type {Map<string, Session>} guest token → session, oldest first */
    this.sessions = new Map();
    /** @type {Map<string, Session>} token hash → session (JWTs carry the hash, never the token) */
    this.sessionsByHash = new Map();
    /** @type {Set<string>} hashes of expired sessions' tokens, oldest first, bounded */
    this.expiredTokens = new Set();
    /** Each deployment's settings (allowed domains, auto-start, what an ended conversation becomes). */
    this.deployments = new Deployments(this.limits);
    /** Predictive Engagement: visitors, their GPE sessions and events (journeys.mjs). */
    this.journeys = new Journeys(this.limits);
    /** Signs the JWTs; new for every process. */
    this.jwtSecret = randomBytes(32);
    /** @type {Set<StreamClient>} agent views' event streams */
    this.streams = new Set();
    /** @type {Set<string>} conversations changed since the last stream flush */
    this.dirty = new Set();
    /** @type {Map<string, string>} conversations removed since the last stream flush → their deploymentId */
    this.removed = new Map();
    /** @type {Set<string>} GPE sessions changed since the last stream flush */
    this.dirtyJourneys = new Set();
    /** @type {Map<string, string>} GPE sessions forgotten since the last stream flush → their deploymentId */
    this.removedJourneys = new Map();
    /** @type {NodeJS.Timeout | undefined} */
    this.flushTimer = undefined;
    /** @type {Map<string, string>} snapshot message by filter ('' = all), until the next change */
    this.snapshots = new Map();
    /** The event loop's delay, for GET /api/stats (the bench prints it beside the client's). */
    this.loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    this.loopDelay.enable();
    /** Counters (GET /api/stats, the bench, the tests). */
    this.stats = {
      streamDropped: 0, streamRefused: 0, streamExpired: 0, rateLimited: 0, socketsTerminated: 0, socketsRefused: 0,
      socketsDropped: 0, conversationsEvicted: 0, sessionsEvicted: 0, journeySessionsEvicted: 0, inputRefused: 0,
    };
    /** @type {{ clients: Set<Socket & { terminate(): void, ping(): void }>, close(): void, handleUpgrade(req: import('node:http').IncomingMessage, socket: import('node:stream').Duplex, head: Buffer, done: (ws: Socket) => void): void }} */
    this.wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxFrameBytes });
  }

  /**
   * Sends a frame to one socket (if it is still open).
   * @param {Socket} ws
   * @param {Record<string, unknown>} frame
   */
  send(ws, frame) {
    if (ws.readyState !== ws.OPEN) return;
    // A client that stopped reading: what is queued for it is bounded, then it is dropped
    // (its Messenger reconnects and resumes, as after a network change).
    if ((ws.bufferedAmount ?? 0) > this.limits.maxSocketBufferedBytes) {
      this.stats.socketsDropped += 1;
      ws.terminate?.();
      return;
    }
    ws.send(JSON.stringify(frame));
  }

  /**
   * A `response` to a request: it repeats the request's tracingId when it had one.
   * @param {Connection} connection
   * @param {AnyFrame | undefined} request
   * @param {{ class: string, code: number, body: unknown }} frame
   */
  respond(connection, request, frame) {
    const tracingId = typeof request?.tracingId === 'string' ? request.tracingId : undefined;
    this.send(connection.ws, { type: 'response', ...frame, ...(tracingId !== undefined ? { tracingId } : {}) });
  }

  /**
   * A pushed frame (`type: "message"`) to every connection of a session; only the echo of a
   * guest's own message carries the request's tracingId.
   * @param {Session} session
   * @param {{ class: string, code?: number, body: unknown }} frame
   */
  push(session, frame) {
    for (const connection of session.connections) this.send(connection.ws, { type: 'message', code: 200, ...frame });
  }
}
