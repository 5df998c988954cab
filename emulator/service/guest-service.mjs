// @ts-check
/**
 * The emulated Web Messaging service: the Guest API of GENESYS.md §5 over a real WebSocket,
 * the deployment's config.json and the guest's history (JWT) on the same origin,
 * conversations in memory for the life of the process, and a small HTTP API for the agent
 * view and the tests.
 *
 * The facts (limits, codes, classes, paths, frame shapes) come from src/genesys/contract.js.
 * Where GENESYS.md is silent, the choice made here says "inferred".
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** The event-loop delay histogram's sampling period (GET /api/stats). */
const LOOP_RESOLUTION_MS = 10;
// The @types/ws in the tree today (a transitive one) describes ws 7, which has no named
// WebSocketServer export; ws 8 (installed) has. The server is typed locally below.
// @ts-ignore
import { WebSocketServer } from 'ws';

import {
  ACTIONS,
  ERROR_CODES,
  FRAME_CLASSES,
  LIMITS as GENESYS_LIMITS,
  PATHS,
  WIRE,
  asParticipantData,
  customAttributesBytes,
  isCustomAttributes,
  isDeploymentId,
  utf8Bytes,
} from '../../src/genesys/contract.js';
import { Access } from './access.mjs';
import { ClientTable, clientAddress } from './clients.mjs';
import { Journeys, depthOf, journeyDataError } from './journeys.mjs';
import { Safety } from './safety.mjs';

export { customAttributesBytes };

/** The contract's limits, plus the emulator's own (not Genesys facts). */
export const LIMITS = Object.freeze({
  ...GENESYS_LIMITS,
  /** Largest frame accepted; the real service's is not documented (inferred). */
  maxFrameBytes: 64 * 1024,
  /** Largest HTTP request body the agent API reads. */
  maxBodyBytes: 16 * 1024,
  /** A JWT from getJwt lives this long, or less if the session ends sooner (inferred). */
  jwtSeconds: 60 * 60,
  /** History pages: default and largest pageSize (inferred). */
  defaultPageSize: 25,
  maxPageSize: 100,
  /** Tokens of expired sessions remembered (as hashes) so they get 4006, not 4007. */
  expiredTokensKept: 10_000,
  /** Journey events kept of visitors with no conversation yet. */
  journeyKept: 500,
  /** The agent's nickname, at most this many characters. */
  maxNicknameLength: 64,
  // ---- Bounds for a room (40 students × a day, with room to spare); see emulator/README.md.
  /** Conversations kept; beyond, the oldest ended ones go first, then the oldest idle ones. */
  maxConversations: 5000,
  /** Guest sessions kept; beyond, the oldest without a connection go first. */
  maxSessions: 5000,
  /** A conversation with no activity for this long is forgotten (24 h: a workshop day). */
  conversationIdleMs: 24 * 60 * 60 * 1000,
  /** Messages kept per conversation; beyond, the oldest are dropped (a workshop sends ~20). */
  maxMessagesPerConversation: 200,
  /** Open WebSockets; beyond, upgrades get 503. */
  maxSockets: 5000,
  /** WebSocket ping every this many ms; a socket that missed the previous pong is terminated. */
  pingIntervalMs: 30_000,
  /** Agent views streaming at once (40 students + instructors); beyond, 503. */
  maxStreamClients: 100,
  /** An event-stream client with more than this many bytes unsent is dropped (it reconnects). */
  streamMaxBufferedBytes: 1024 * 1024,
  /** What one flush may add to a stream's unsent bytes (many conversations changing at once); beyond, the client is dropped. */
  streamMaxFlushBytes: 4 * 1024 * 1024,
  /** Changes within this many ms go out as one message per changed conversation. */
  streamCoalesceMs: 50,
  /** Conversations in a stream's first snapshot, and a page's default and largest size. */
  snapshotLimit: 200,
  defaultListLimit: 100,
  maxListLimit: 500,
  /** A stream ticket (for EventSource, which cannot send headers) lives this long, once. */
  ticketMs: 30_000,
  // ---- Bounds on what one client can send or hold (see clients.mjs and emulator/README.md).
  /** A request's tracingId, which every answer repeats: at most this many characters (400 beyond). */
  maxTracingIdLength: 256,
  /** How deep a frame or an HTTP body may nest (400 beyond); Genesys's frames nest 5 at most. */
  maxInputDepth: 16,
  /** A socket with more than this many bytes queued unsent (it stopped reading) is dropped. */
  maxSocketBufferedBytes: 64 * 1024,
  /** Open WebSockets per client address; beyond, upgrades get 429. */
  maxSocketsPerClient: 100,
  /** Guest sessions per client address; beyond, that client's own oldest go first. */
  maxSessionsPerClient: 200,
  /** Conversations per client address; beyond, that client's own oldest go first. */
  maxConversationsPerClient: 400,
  /** Bytes of messages and attributes kept, per client address and in all; beyond, the oldest conversations go (the client's own, or the biggest holder's). */
  maxStoredBytesPerClient: 8 * 1024 * 1024,
  maxStoredBytes: 256 * 1024 * 1024,
  /** Per client address, per minute (bursts up to the same number): frames, upgrades, new sessions, Journey events, student keys claimed. */
  framesPerMinutePerClient: 1200,
  upgradesPerMinutePerClient: 300,
  sessionsPerMinutePerClient: 120,
  journeyPerMinutePerClient: 120,
  claimsPerMinutePerClient: 10,
  /** Client addresses remembered (for their rates); the longest idle holding nothing go first. */
  maxClients: 10_000,
  /** A Journey event's data: nesting depth and size as JSON (inferred; the lab's deepest is 3). */
  maxJourneyDepth: 4,
  maxJourneyBytes: 4096,
  /** Journey events shown (and re-sent) with one conversation: the newest this many. */
  journeyPerConversation: 50,
  /** Student keys (one per deployment) the room holds. */
  maxStudentKeys: 5000,
  /** Agent-view streams per student key, and student streams per client address; a further one closes that key's (or address's) oldest. */
  maxStreamsPerKey: 3,
  maxStudentStreamsPerClient: 4,
  /** Student keys one client address may claim. */
  maxKeysPerClient: 5,
  /** HTTP connections (WebSockets included) per client address; beyond, new ones are closed at once. */
  maxConnectionsPerClient: 200,
  /** Requests to /api/… per client address, per minute. */
  apiPerMinutePerClient: 1200,
  /** A page of GET /api/conversations stops adding conversations past this many bytes (Link rel=next goes on). */
  pageMaxBytes: 1024 * 1024,
  /** Large answers (pages of conversations or history) not yet sent in full, per client address and in all; beyond, 429 / 503. */
  unreadAnswersPerClient: 4,
  unreadAnswers: 64,
  /** Messages of a conversation in an agent-view update (the newest); GET /api/conversations has them all. */
  streamMessages: 50,
  /** A stream's first snapshot stops adding conversations past this many bytes (`more: true`). */
  snapshotMaxBytes: 512 * 1024,
  /** Stream slots only the instructor's key can take (the instructor always gets in). */
  instructorStreams: 10,
  /** A stream ends after this long; a live agent view reconnects at once with a new ticket. */
  streamLifeMs: 15 * 60 * 1000,
});

/**
 * The few socket members used here, typed locally (see the import of ws).
 * @typedef {object} Socket
 * @property {number} readyState
 * @property {number} OPEN
 * @property {(data: string) => void} send
 * @property {(code?: number, reason?: string) => void} close
 * @property {(event: string, listener: (...args: any[]) => void) => unknown} on
 * @property {() => void} [ping]
 * @property {() => void} [terminate]
 * @property {boolean} [isAlive]
 * @property {number} [bufferedAmount]
 */

/**
 * @typedef {object} Connection
 * @property {Socket} ws
 * @property {string} deploymentId
 * @property {string} application
 * @property {Session | undefined} session
 * @property {number[]} requests
 * @property {string} address the client's address
 */

/**
 * @typedef {object} Session
 * @property {string} token
 * @property {string} tokenHash
 * @property {string} deploymentId
 * @property {Connection[]} connections oldest first
 * @property {number[]} recent
 * @property {string} conversationId
 * @property {string[]} conversationIds every conversation of the session, oldest first
 * @property {number} createdAt ms
 * @property {number} expiresAt ms
 * @property {string} address the client's address that created it
 */

/**
 * @typedef {object} StoredMessage
 * @property {string} id
 * @property {'Inbound' | 'Outbound'} direction
 * @property {'Text' | 'Event'} type
 * @property {string} [text]
 * @property {Array<Record<string, unknown>>} [events]
 * @property {string} time ISO
 * @property {string} correlationId
 * @property {Record<string, string>} [customAttributes]
 * @property {Record<string, string>} [clientMetadata]
 * @property {string} [nickname]
 * @property {'Human' | 'Bot'} [originatingEntity]
 */

/**
 * @typedef {object} Conversation
 * @property {string} id
 * @property {string} deploymentId
 * @property {string} tokenHash
 * @property {string} createdAt ISO
 * @property {StoredMessage[]} messages
 * @property {Record<string, string>} customAttributes
 * @property {'active' | 'disconnected' | 'cleared'} state
 * @property {boolean} sessionExpired
 * @property {number} seq creation order (the paging cursor)
 * @property {number} lastActivity ms
 * @property {number} droppedMessages oldest messages dropped over maxMessagesPerConversation
 * @property {string} address the client's address that created it
 * @property {number} bytes what its messages and attributes weigh (the stored-bytes bounds)
 */

/**
 * An agent view's event stream.
 * @typedef {object} StreamClient
 * @property {import('node:http').ServerResponse} res
 * @property {string | undefined} deploymentId only this deployment's conversations
 * @property {import('./access.mjs').Principal} principal whose key opened it
 * @property {string} address the client's address
 * @property {NodeJS.Timeout} [timer] ends it after streamLifeMs
 */

/** @typedef {Record<string, any>} AnyFrame a parsed request: anything a client may send */

class FrameError extends Error {
  /**
   * @param {number} code
   * @param {string | Record<string, unknown>} body
   * @param {string} [className]
   */
  constructor(code, body, className = FRAME_CLASSES.string) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
    this.code = code;
    this.body = body;
    this.className = className;
  }
}

class HttpError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** @param {string} token */
const hashToken = (token) => createHash('sha256').update(token).digest('hex');
/** @param {Buffer | string} data */
const base64url = (data) => Buffer.from(data).toString('base64url');
/** @param {unknown} value @returns {value is Record<string, any>} */
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Reads `SESSION_TTL` (seconds) as `sessionTtlMs`; undefined when unset. A bad value throws
 * an Error whose message says what is wrong (the server refuses to start).
 * @param {string | undefined} value
 */
export function sessionTtlFromEnv(value) {
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(seconds) || seconds < 1) {
    throw new Error(`SESSION_TTL must be a whole number of seconds (1 or more), not "${value}".`);
  }
  return seconds * 1000;
}

export class GuestService extends EventEmitter {
  /**
   * @param {object} [options]
   * @param {() => number} [options.now] the clock, ms since the epoch (tests)
   * @param {number} [options.sessionTtlMs] a session's life; default LIMITS.sessionTtlSeconds (72 h)
   * @param {number} [options.sweepMs] how often expired sessions are looked for; default a tenth of the TTL, 100 ms to 60 s
   * @param {string} [options.agentKey] the agent key (Bearer) that reads conversations and answers as the agent
   * @param {boolean} [options.requireKey] demand the agent key (off on loopback); needs agentKey
   * @param {Partial<typeof LIMITS>} [options.limits] the emulator's own bounds (tests, the bench); Genesys facts stay
   */
  constructor({ now = () => Date.now(), sessionTtlMs = LIMITS.sessionTtlSeconds * 1000, sweepMs, agentKey, requireKey = false, limits = {} } = {}) {
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
    this.safety = new Safety();
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
    /** Journey events (pageview, record). */
    this.journeys = new Journeys(this.limits);
    /** Signs the JWTs; new for every process. */
    this.jwtSecret = randomBytes(32);
    /** @type {Set<StreamClient>} agent views' event streams */
    this.streams = new Set();
    /** @type {Set<string>} conversations changed since the last stream flush */
    this.dirty = new Set();
    /** @type {Map<string, string>} conversations removed since the last stream flush → their deploymentId */
    this.removed = new Map();
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
      socketsDropped: 0, conversationsEvicted: 0, sessionsEvicted: 0, inputRefused: 0,
    };
    /** @type {{ clients: Set<Socket & { terminate(): void, ping(): void }>, close(): void, handleUpgrade(req: import('node:http').IncomingMessage, socket: import('node:stream').Duplex, head: Buffer, done: (ws: Socket) => void): void }} */
    this.wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxFrameBytes });
    const every = sweepMs ?? Math.min(60_000, Math.max(100, Math.floor(sessionTtlMs / 10)));
    this.sweeper = setInterval(this.safety.guard('forgetting expired sessions', () => this.sweep()), every);
    this.sweeper.unref();
    // Dead sockets (a laptop lid closed, Wi-Fi gone) are found by ping/pong and terminated,
    // which frees their session's connection slots.
    this.pinger = setInterval(this.safety.guard('pinging sockets', () => this.pingAll()), this.limits.pingIntervalMs);
    this.pinger.unref();
    // Event streams: a comment now and then keeps proxies and browsers from timing out.
    this.keepAlive = setInterval(this.safety.guard('keeping agent views alive', () => this.broadcast(': keep-alive\n\n', () => true)), 15_000);
    this.keepAlive.unref();
  }

  // ------------------------------------------------------------------ WebSocket

  /**
   * A new TCP connection (HTTP or, later, WebSocket): counted for its client address, and
   * closed at once past maxConnectionsPerClient. It always has an error listener: a peer that
   * resets (a refused upgrade, a laptop leaving the Wi-Fi) never ends the process.
   * @param {import('node:net').Socket} socket
   */
  admitConnection(socket) {
    socket.on('error', () => socket.destroy());
    const address = clientAddress(socket);
    if (this.clients.held(address, 'connections') >= this.limits.maxConnectionsPerClient) {
      this.stats.socketsRefused += 1;
      socket.destroy();
      return;
    }
    this.clients.count(address, 'connections', 1);
    socket.once('close', () => this.clients.count(address, 'connections', -1));
  }

  /**
   * Takes the upgrade when it is for `/v1`; returns false otherwise, for other handlers.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:stream').Duplex} socket
   * @param {Buffer} head
   */
  handleUpgrade(req, socket, head) {
    const url = parseUrl(req.url);
    if (!url || url.pathname !== PATHS.socket) return false;
    // A peer may reset the connection at any moment, refused or not: never an unhandled error.
    socket.on('error', () => socket.destroy());
    const deploymentId = url.searchParams.get('deploymentId') ?? '';
    if (!isDeploymentId(deploymentId)) {
      refuseUpgrade(socket, '400 Bad Request', 'deploymentId must be a UUID');
      return true;
    }
    // `application` names the client (e.g. "transport-sdk-1.0"); informational only.
    const application = (url.searchParams.get('application') ?? '').slice(0, 200);
    const address = clientAddress(req.socket);
    const wait = this.clients.take(address, 'upgrades');
    if (wait) {
      this.stats.socketsRefused += 1;
      refuseUpgrade(socket, '429 Too Many Requests', `More than ${this.limits.upgradesPerMinutePerClient} connections a minute from your address; try again in ${wait} s.`, wait);
      return true;
    }
    if (this.clients.held(address, 'sockets') >= this.limits.maxSocketsPerClient) {
      this.stats.socketsRefused += 1;
      refuseUpgrade(socket, '429 Too Many Requests', `Your address has ${this.limits.maxSocketsPerClient} connections open already: close some first.`, 10);
      return true;
    }
    if (this.wss.clients.size >= this.limits.maxSockets) {
      this.stats.socketsRefused += 1;
      refuseUpgrade(socket, '503 Service Unavailable', 'Too many open connections; try again shortly.', 10);
      return true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, deploymentId.trim(), application, address));
    return true;
  }

  /**
   * @param {Socket} ws
   * @param {string} deploymentId
   * @param {string} application
   * @param {string} address
   */
  accept(ws, deploymentId, application, address) {
    /** @type {Connection} */
    const connection = { ws, deploymentId, application, session: undefined, requests: [], address };
    this.clients.count(address, 'sockets', 1);
    ws.isAlive = true;
    ws.on('pong', () => {
      ws.isAlive = true;
    });
    ws.on('message', this.safety.guard('answering a frame', (/** @type {Buffer} */ data, /** @type {boolean} */ isBinary) => this.receive(connection, data, isBinary)));
    let closed = false;
    ws.on('close', this.safety.guard('closing a socket', () => {
      if (!closed) this.clients.count(address, 'sockets', -1);
      closed = true;
      this.detach(connection);
    }));
    // A peer that breaks the protocol (oversized frame, bad close code) errors the socket; ws closes it.
    ws.on('error', this.safety.guard('closing a broken socket', () => this.detach(connection)));
  }

  /**
   * @param {Connection} connection
   * @param {Buffer} data
   * @param {boolean} isBinary
   */
  receive(connection, data, isBinary) {
    /** @type {AnyFrame | undefined} */
    let frame;
    try {
      // Every frame counts toward the rate limit, the invalid and binary ones too: a flood
      // of garbage costs the sender its minute like any other. (The 429 repeats the
      // tracingId when the frame has one, so it is parsed first.)
      /** @type {unknown} */
      let limited;
      try {
        this.countRequest(connection);
        const wait = this.clients.take(connection.address, 'frames');
        if (wait) {
          this.stats.rateLimited += 1;
          throw tooMany(wait, `More than ${this.limits.framesPerMinutePerClient} requests a minute from your address.`);
        }
      } catch (error) {
        limited = error;
      }
      if (isBinary) throw limited ?? new FrameError(ERROR_CODES.badRequest, 'Frames must be JSON text, not binary.');
      // Over the rate, a big frame is not even parsed (its tracingId is not repeated): the
      // limit bounds the CPU a client costs, not only what it gets done.
      if (limited && data.length > 4096) throw limited;
      /** @type {unknown} */
      let parsed;
      try {
        parsed = JSON.parse(data.toString('utf8'));
      } catch {
        throw limited ?? new FrameError(ERROR_CODES.badRequest, 'Invalid JSON: every frame must be one JSON object.');
      }
      if (isObject(parsed)) frame = parsed;
      if (frame && typeof frame.tracingId === 'string' && frame.tracingId.length > this.limits.maxTracingIdLength) {
        // Not repeated: every answer would carry it back.
        frame = undefined;
        throw limited ?? this.refused(`tracingId is longer than ${this.limits.maxTracingIdLength} characters.`);
      }
      if (limited) throw limited;
      if (!frame) throw new FrameError(ERROR_CODES.badRequest, 'Every frame must be a JSON object with an "action".');
      if (depthOf(frame, this.limits.maxInputDepth) > this.limits.maxInputDepth) {
        throw this.refused(`The frame nests more than ${this.limits.maxInputDepth} levels deep.`);
      }
      switch (frame.action) {
        case ACTIONS.configureSession:
          return this.configureSession(connection, frame);
        case ACTIONS.onMessage:
          return this.onMessage(connection, frame);
        case ACTIONS.echo:
          return this.echo(connection, frame);
        case ACTIONS.closeSession:
          return this.closeSession(connection, frame);
        case ACTIONS.getJwt:
          return this.getJwt(connection, frame);
        case undefined:
          throw new FrameError(ERROR_CODES.missingParameter, 'Missing parameter: action.');
        default:
          throw new FrameError(ERROR_CODES.badRequest, `Unknown action ${describeValue(frame.action)}.`);
      }
    } catch (error) {
      if (error instanceof FrameError) {
        this.respond(connection, frame, { class: error.className, code: error.code, body: error.body });
      } else {
        this.safety.report('answering a frame', error);
        this.respond(connection, frame, { class: FRAME_CLASSES.string, code: ERROR_CODES.unexpected, body: 'Unexpected error.' });
      }
    }
  }

  /**
   * A 400 for input refused at the door (counted in `inputRefused`).
   * @param {string} reason
   */
  refused(reason) {
    this.stats.inputRefused += 1;
    return new FrameError(ERROR_CODES.badRequest, reason);
  }

  /** Terminates sockets that did not answer the previous ping; pings the others. */
  pingAll() {
    for (const ws of this.wss.clients) {
      if (ws.isAlive === false) {
        this.stats.socketsTerminated += 1;
        ws.terminate(); // 'close' follows: the connection leaves its session
        continue;
      }
      ws.isAlive = false;
      try {
        ws.ping();
      } catch {
        ws.terminate();
      }
    }
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
   * A pushed frame (`type: "message"`, no tracingId) to every connection of a session.
   * @param {Session} session
   * @param {{ class: string, code?: number, body: unknown }} frame
   */
  push(session, frame) {
    for (const connection of session.connections) this.send(connection.ws, { type: 'message', code: 200, ...frame });
  }

  /**
   * The request's token: 4020 when missing, 400 when not a string up to maxTokenLength
   * characters. Genesys checks no format.
   * @param {AnyFrame} frame
   */
  tokenOf(frame) {
    const { token } = frame;
    if (token === undefined || token === null || token === '') throw new FrameError(ERROR_CODES.missingParameter, 'Missing parameter: token.');
    if (typeof token !== 'string') throw new FrameError(ERROR_CODES.badRequest, 'token must be a string.');
    if (token.length > LIMITS.maxTokenLength) {
      throw new FrameError(ERROR_CODES.badRequest, `token is longer than ${LIMITS.maxTokenLength} characters.`);
    }
    return token;
  }

  /**
   * @param {Connection} connection
   * @param {AnyFrame} frame
   */
  configureSession(connection, frame) {
    const token = this.tokenOf(frame);
    const { deploymentId, startNew = false } = frame;
    if (deploymentId === undefined || deploymentId === null || deploymentId === '') {
      throw new FrameError(ERROR_CODES.missingParameter, 'Missing parameter: deploymentId.');
    }
    if (typeof deploymentId !== 'string' || deploymentId.trim() !== connection.deploymentId) {
      throw new FrameError(ERROR_CODES.badRequest, 'The deploymentId does not match the one this connection was opened with.');
    }
    if (typeof startNew !== 'boolean') throw new FrameError(ERROR_CODES.badRequest, 'startNew must be a boolean.');
    let session = this.liveSession(token);
    // Inferred: an expired session's token stays expired; the client must pick a new token.
    if (!session && this.expiredTokens.has(hashToken(token))) throw this.expiredError();
    if (session && session.deploymentId !== connection.deploymentId) {
      // Inferred (code and text): a token is one deployment's.
      throw new FrameError(ERROR_CODES.forbidden, 'This token belongs to another deployment.');
    }
    let newSession = false;
    if (!session) {
      const wait = this.clients.take(connection.address, 'sessions');
      if (wait) {
        this.stats.rateLimited += 1;
        throw tooMany(wait, `More than ${this.limits.sessionsPerMinutePerClient} new sessions a minute from your address.`);
      }
      session = this.createSession(token, connection.deploymentId, connection.address);
      newSession = true;
    } else if (startNew && this.conversationOf(session).state === 'disconnected') {
      // Inferred: startNew starts a new conversation only once the old one is read-only
      // (disconnected), as MessagingService.resetConversation does; otherwise the guest resumes.
      session.conversationId = this.createConversation(session).id;
      newSession = true;
    }
    this.attach(connection, session);
    this.respond(connection, frame, { class: FRAME_CLASSES.sessionResponse, code: 200, body: this.sessionBody(session, true, newSession) });
    this.changed(session.conversationId);
  }

  /**
   * @param {Session} session
   * @param {boolean} connected
   * @param {boolean} newSession
   * @returns {import('../../src/genesys/contract.js').SessionResponseBody}
   */
  sessionBody(session, connected, newSession) {
    return {
      connected,
      newSession,
      readOnly: this.conversationOf(session).state === 'disconnected',
      maxCustomDataBytes: LIMITS.maxCustomDataBytes,
      clearedExistingSession: false,
      durationSeconds: Math.round(this.sessionTtlMs / 1000),
      // Inferred: seconds since the epoch, as `exp` in a JWT.
      expirationDate: Math.floor(session.expiresAt / 1000),
    };
  }

  /**
   * @param {string} token
   * @param {string} deploymentId
   * @param {string} address the client's
   * @returns {Session}
   */
  createSession(token, deploymentId, address) {
    const now = this.now();
    /** @type {Session} */
    const session = {
      token,
      tokenHash: hashToken(token),
      deploymentId,
      connections: [],
      recent: [],
      conversationId: '',
      conversationIds: [],
      createdAt: now,
      // Inferred: a session's time counts from its creation, not from its last use.
      expiresAt: now + this.sessionTtlMs,
      address,
    };
    // A client over its own cap makes room from its own sessions; a full room from the
    // client holding the most. Never another student's to make room for a flood.
    this.evictSessions(this.limits.maxSessionsPerClient - 1, address);
    this.evictSessions(this.limits.maxSessions - 1);
    this.sessions.set(token, session);
    this.clients.count(address, 'sessions', 1);
    this.sessionsByHash.set(session.tokenHash, session);
    session.conversationId = this.createConversation(session).id;
    return session;
  }

  /**
   * Keeps at most `max` sessions of the client at `address` (or, without it, of the whole
   * room, taken from the client holding the most): the oldest without a connection go first,
   * then the oldest. An evicted session ends as an expired one does (its token answers 4006).
   * @param {number} max
   * @param {string} [address]
   */
  evictSessions(max, address) {
    const count = () => (address === undefined ? this.sessions.size : this.clients.held(address, 'sessions'));
    if (count() <= max) return;
    const from = address ?? this.biggestHolder([...this.sessions.values()]);
    if (!this.sessions.size) return;
    let evicted = 0;
    for (const idleOnly of [true, false]) {
      for (const session of this.sessions.values()) {
        if (count() <= max) return;
        if (session.address !== from || (idleOnly && session.connections.length)) continue;
        this.stats.sessionsEvicted += 1;
        this.expire(session);
        evicted += 1;
      }
    }
    if (evicted && count() > max && address === undefined) this.evictSessions(max); // the next biggest
  }

  /**
   * The address that created the most of `items` (each weighing 1, or `weight`).
   * @template {{ address: string }} T
   * @param {T[]} items
   * @param {(item: T) => number} [weight]
   */
  biggestHolder(items, weight = () => 1) {
    /** @type {Map<string, number>} */
    const counts = new Map();
    let best = '';
    let most = 0;
    for (const item of items) {
      const { address } = item;
      const n = (counts.get(address) ?? 0) + weight(item);
      counts.set(address, n);
      if (n > most) [best, most] = [address, n];
    }
    return best;
  }

  /**
   * Keeps at most `max` conversations of the client at `address` (or, without it, of the
   * whole room, taken from the client holding the most): its oldest ended ones go first, then
   * the oldest whose guest is not connected, then the oldest.
   * @param {number} max
   * @param {string} [address]
   */
  evictConversations(max, address, measure = /** @type {'conversations' | 'bytes'} */ ('conversations')) {
    const room = () => (measure === 'bytes' ? this.storedBytes : this.conversations.size);
    const count = () => (address === undefined ? room() : this.clients.held(address, measure));
    if (count() <= max) return;
    const from = address ?? this.biggestHolder([...this.conversations.values()], measure === 'bytes' ? (c) => c.bytes : undefined);
    if (!this.conversations.size) return;
    let evicted = 0;
    /** @param {Conversation} c */
    const ended = (c) => c.state !== 'active' || c.sessionExpired;
    /** @param {Conversation} c */
    const idle = (c) => {
      const session = this.sessionsByHash.get(c.tokenHash);
      return !session || session.conversationId !== c.id || session.connections.length === 0;
    };
    for (const test of [ended, idle, () => true]) {
      for (const c of this.conversations.values()) {
        if (count() <= max) return;
        if (c.address === from && test(c)) {
          this.stats.conversationsEvicted += 1;
          this.removeConversation(c);
          evicted += 1;
        }
      }
    }
    if (evicted && count() > max && address === undefined) this.evictConversations(max, undefined, measure);
  }

  /**
   * Forgets a conversation. When it is its session's current one, the session ends too (as
   * an expired one: the guest starts again with a new token).
   * @param {Conversation} c
   */
  removeConversation(c) {
    if (this.conversations.delete(c.id)) {
      this.clients.count(c.address, 'conversations', -1);
      this.store(c, -c.bytes);
      this.journeys.forget(c.id);
    }
    const session = this.sessionsByHash.get(c.tokenHash);
    if (session) {
      session.conversationIds = session.conversationIds.filter((id) => id !== c.id);
      if (session.conversationId === c.id) this.expire(session);
    }
    this.dirty.delete(c.id);
    this.removed.set(c.id, c.deploymentId);
    this.scheduleFlush();
  }

  /** @param {Session} session */
  createConversation(session) {
    /** @type {Conversation} */
    const conversation = {
      id: randomUUID(),
      deploymentId: session.deploymentId,
      tokenHash: session.tokenHash,
      createdAt: new Date(this.now()).toISOString(),
      messages: [],
      customAttributes: {},
      state: 'active',
      sessionExpired: false,
      seq: ++this.conversationSeq,
      lastActivity: this.now(),
      droppedMessages: 0,
      address: session.address,
      bytes: 0,
    };
    this.evictConversations(this.limits.maxConversationsPerClient - 1, session.address);
    this.evictConversations(this.limits.maxConversations - 1);
    this.conversations.set(conversation.id, conversation);
    this.clients.count(conversation.address, 'conversations', 1);
    session.conversationIds.push(conversation.id);
    return conversation;
  }

  /** @param {Session} session */
  conversationOf(session) {
    return /** @type {Conversation} */ (this.conversations.get(session.conversationId));
  }

  /**
   * Joins a connection to a session. A 4th connection closes the OLDEST one with a
   * ConnectionClosedEvent (GENESYS.md §5); it is not refused.
   * @param {Connection} connection
   * @param {Session} session
   */
  attach(connection, session) {
    if (connection.session === session) return;
    this.detach(connection);
    while (session.connections.length >= LIMITS.connectionsPerSession) {
      const oldest = /** @type {Connection} */ (session.connections[0]);
      this.closeConnection(oldest, 'Too many connections for this session');
    }
    connection.session = session;
    session.connections.push(connection);
  }

  /** @param {Connection} connection */
  detach(connection) {
    const session = connection.session;
    if (!session) return;
    session.connections = session.connections.filter((c) => c !== connection);
    connection.session = undefined;
  }

  /**
   * Sends ConnectionClosedEvent, leaves the session and closes the socket (inferred: the
   * service closes it, code 1000).
   * @param {Connection} connection
   * @param {string} reason
   */
  closeConnection(connection, reason) {
    this.send(connection.ws, { type: 'message', class: FRAME_CLASSES.connectionClosed, code: 200, body: {} });
    this.detach(connection);
    if (connection.ws.readyState === connection.ws.OPEN) connection.ws.close(1000, reason);
  }

  /**
   * The session of `token` unless its time is up (then it expires now).
   * @param {string} token
   */
  liveSession(token) {
    const session = this.sessions.get(token);
    if (session && this.now() >= session.expiresAt) {
      this.expire(session);
      return undefined;
    }
    return session;
  }

  expiredError() {
    return new FrameError(ERROR_CODES.sessionExpired, 'Session expired: start a new session with a new token.');
  }

  /**
   * The session a request (other than configureSession) is for: 4006 when it expired, 4007
   * when there is none, or when this connection has not configured it (inferred).
   * @param {Connection} connection
   * @param {AnyFrame} frame
   */
  requireSession(connection, frame) {
    const token = this.tokenOf(frame);
    const session = this.liveSession(token);
    if (!session) {
      if (this.expiredTokens.has(hashToken(token))) throw this.expiredError();
      throw new FrameError(ERROR_CODES.sessionNotFound, 'Session not found: send configureSession first.');
    }
    if (connection.session !== session) {
      throw new FrameError(ERROR_CODES.sessionNotFound, 'Session not found on this connection: send configureSession first.');
    }
    return session;
  }

  /**
   * The session's time is up: its connections get SessionExpiredEvent and leave it; the
   * token answers 4006 from now on.
   * @param {Session} session
   */
  expire(session) {
    this.push(session, { class: FRAME_CLASSES.sessionExpired, body: {} });
    for (const connection of [...session.connections]) this.detach(connection);
    this.forget(session);
    this.expiredTokens.add(session.tokenHash);
    if (this.expiredTokens.size > LIMITS.expiredTokensKept) {
      this.expiredTokens.delete(/** @type {string} */ (this.expiredTokens.values().next().value));
    }
    for (const id of session.conversationIds) {
      const conversation = this.conversations.get(id);
      if (conversation) {
        conversation.sessionExpired = true;
        this.changed(id);
      }
    }
  }

  /** @param {Session} session */
  forget(session) {
    if (this.sessions.get(session.token) === session) this.clients.count(session.address, 'sessions', -1);
    this.sessions.delete(session.token);
    this.sessionsByHash.delete(session.tokenHash);
  }

  /** Expires every session whose time is up (also run by a timer). */
  sweep() {
    const now = this.now();
    for (const session of [...this.sessions.values()]) if (now >= session.expiresAt) this.expire(session);
    for (const c of [...this.conversations.values()]) if (now - c.lastActivity >= this.limits.conversationIdleMs) this.removeConversation(c);
    this.access.sweep();
  }

  /**
   * Rate limit: 60 requests a minute per connection (GENESYS.md §5).
   * @param {Connection} connection
   */
  countRequest(connection) {
    const now = this.now();
    connection.requests = connection.requests.filter((t) => now - t < 60_000);
    if (connection.requests.length >= LIMITS.requestsPerMinute) {
      this.stats.rateLimited += 1;
      const retryAfter = Math.max(1, Math.ceil((60_000 - (now - /** @type {number} */ (connection.requests[0]))) / 1000));
      throw tooMany(retryAfter, `More than ${LIMITS.requestsPerMinute} requests a minute on this connection.`);
    }
    connection.requests.push(now);
  }

  /**
   * Rate limit: 5 messages a second per session (GENESYS.md §5).
   * @param {Session} session
   */
  admit(session) {
    const now = this.now();
    session.recent = session.recent.filter((t) => now - t < 1000);
    if (session.recent.length >= LIMITS.messagesPerSecond) {
      this.stats.rateLimited += 1;
      throw tooMany(1, `More than ${LIMITS.messagesPerSecond} messages a second.`);
    }
    session.recent.push(now);
  }

  /**
   * @param {Connection} connection
   * @param {AnyFrame} frame
   */
  onMessage(connection, frame) {
    const session = this.requireSession(connection, frame);
    const message = frame.message;
    if (message === undefined || message === null) throw new FrameError(ERROR_CODES.missingParameter, 'Missing parameter: message.');
    if (!isObject(message)) throw new FrameError(ERROR_CODES.badRequest, 'onMessage needs a "message" object.');
    this.admit(session);
    const conversation = this.conversationOf(session);
    if (message.type === WIRE.event) return this.onEvent(session, conversation, message);
    if (message.type !== WIRE.text) {
      throw new FrameError(ERROR_CODES.badRequest, `Unsupported message type ${describeValue(message.type)}.`);
    }
    if (typeof message.text !== 'string' || !message.text.trim()) throw new FrameError(ERROR_CODES.badRequest, 'A Text message needs "text".');
    const size = utf8Bytes(message.text);
    if (size > LIMITS.maxTextBytes) {
      throw new FrameError(ERROR_CODES.messageTooLong, `Message text is larger than ${LIMITS.maxTextBytes} bytes (${size} bytes).`);
    }
    // The attributes may sit in either documented place (GENESYS.md §5): both are read and
    // size-checked; when both are there, they are merged, the message's winning (inferred).
    const attributes = { ...readAttributes(frame.channel), ...readAttributes(message.channel) };
    if (customAttributesBytes(attributes) > LIMITS.maxCustomDataBytes) throw attributesTooLarge();
    if (conversation.state === 'disconnected') {
      // Inferred (code and text): a read-only conversation refuses text with 403 (the
      // contract's "forbidden"), until configureSession with startNew: true.
      throw new FrameError(
        ERROR_CODES.forbidden,
        'The conversation was disconnected and is read-only: send configureSession with startNew: true to start a new one.',
      );
    }
    const hasAttributes = Object.keys(attributes).length > 0;
    const participantData = asParticipantData(attributes);
    /** @type {StoredMessage} */
    const stored = {
      id: randomUUID(),
      direction: WIRE.inbound,
      type: WIRE.text,
      text: message.text,
      time: new Date(this.now()).toISOString(),
      correlationId: randomUUID(),
      ...(hasAttributes ? { customAttributes: participantData } : {}),
      ...clientMetadata(message.metadata),
    };
    this.append(conversation, stored);
    // Defined, not assigned: a key such as "__proto__" is data, never a prototype.
    if (hasAttributes) {
      for (const key of Object.keys(participantData)) {
        Object.defineProperty(conversation.customAttributes, key, { value: participantData[key], enumerable: true, writable: true, configurable: true });
      }
    }
    this.push(session, { class: FRAME_CLASSES.structuredMessage, body: structured(stored) });
    this.changed(conversation.id);
  }

  /**
   * @param {Session} session
   * @param {Conversation} conversation
   * @param {Record<string, any>} message
   */
  onEvent(session, conversation, message) {
    if (!Array.isArray(message.events) || message.events.length === 0) {
      throw new FrameError(ERROR_CODES.badRequest, 'An Event message needs "events": a non-empty array.');
    }
    const events = /** @type {unknown[]} */ (message.events);
    const event = events[0];
    if (events.length !== 1 || !isObject(event)) throw new FrameError(ERROR_CODES.badRequest, 'An Event message carries one event object.');
    if (event.eventType === WIRE.typing) {
      // Accepted silently (inferred: the guest's typing reaches the agent, not the guest).
      if (!isObject(event.typing) || typeof event.typing.type !== 'string') {
        throw new FrameError(ERROR_CODES.badRequest, 'A Typing event needs "typing": {type}.');
      }
      return;
    }
    if (event.eventType === WIRE.presence && isObject(event.presence)) {
      if (event.presence.type === WIRE.join) {
        // Inferred: the Join is echoed Inbound, like a guest's text, and not stored.
        /** @type {StoredMessage} */
        const joined = {
          id: randomUUID(),
          direction: WIRE.inbound,
          type: WIRE.event,
          events: [{ eventType: WIRE.presence, presence: { type: WIRE.join } }],
          time: new Date(this.now()).toISOString(),
          correlationId: randomUUID(),
        };
        this.push(session, { class: FRAME_CLASSES.structuredMessage, body: structured(joined) });
        return;
      }
      if (event.presence.type === WIRE.clear) {
        // clearConversation: the conversation ends for good and the session with it.
        conversation.state = 'cleared';
        this.push(session, { class: FRAME_CLASSES.sessionCleared, body: {} });
        for (const c of [...session.connections]) this.closeConnection(c, 'Session cleared');
        this.forget(session);
        this.changed(conversation.id);
        return;
      }
    }
    throw new FrameError(ERROR_CODES.badRequest, 'Unsupported event: Typing, and Presence Join or Clear, are understood.');
  }

  /**
   * A health check: no session needed (inferred), but the token is, as on every request.
   * @param {Connection} connection
   * @param {AnyFrame} frame
   */
  echo(connection, frame) {
    this.tokenOf(frame);
    const message = frame.message;
    if (message === undefined || message === null) throw new FrameError(ERROR_CODES.missingParameter, 'Missing parameter: message.');
    const text = isObject(message) && typeof message.text === 'string' ? message.text : '';
    if (utf8Bytes(text) > LIMITS.maxTextBytes) {
      throw new FrameError(ERROR_CODES.messageTooLong, `Message text is larger than ${LIMITS.maxTextBytes} bytes.`);
    }
    this.respond(connection, frame, {
      class: FRAME_CLASSES.structuredMessage,
      code: 200,
      body: { id: randomUUID(), type: WIRE.text, text, direction: WIRE.inbound, channel: { time: new Date(this.now()).toISOString() } },
    });
  }

  /**
   * `closeAllConnections: true`: the session's OTHER connections get ConnectionClosedEvent
   * (and are closed). Either way the requester leaves the session and gets
   * `SessionResponse {connected: false}`; its socket stays open for the client to close
   * (inferred). The session and its conversation stay resumable (inferred).
   * @param {Connection} connection
   * @param {AnyFrame} frame
   */
  closeSession(connection, frame) {
    const session = this.requireSession(connection, frame);
    const { closeAllConnections = false } = frame;
    if (typeof closeAllConnections !== 'boolean') throw new FrameError(ERROR_CODES.badRequest, 'closeAllConnections must be a boolean.');
    if (closeAllConnections) {
      for (const other of session.connections.filter((c) => c !== connection)) this.closeConnection(other, 'Session closed');
    }
    this.detach(connection);
    this.respond(connection, frame, { class: FRAME_CLASSES.sessionResponse, code: 200, body: this.sessionBody(session, false, false) });
    this.changed(session.conversationId);
  }

  /**
   * A JWT for the history endpoint: HS256, signed with this process's secret, carrying the
   * hash of the session token (never the token) and `exp`.
   * @param {Connection} connection
   * @param {AnyFrame} frame
   */
  getJwt(connection, frame) {
    const session = this.requireSession(connection, frame);
    const now = Math.floor(this.now() / 1000);
    const exp = Math.min(now + LIMITS.jwtSeconds, Math.floor(session.expiresAt / 1000));
    const jwt = this.signJwt({ sub: session.tokenHash, iat: now, exp, jti: randomUUID() });
    this.respond(connection, frame, { class: FRAME_CLASSES.jwtResponse, code: 200, body: { jwt, exp } });
  }

  /** @param {Record<string, unknown>} payload */
  signJwt(payload) {
    const head = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(payload))}`;
    return `${head}.${createHmac('sha256', this.jwtSecret).update(head).digest('base64url')}`;
  }

  /**
   * The session a bearer JWT is for, or an HttpError 401 saying why not.
   * @param {string | undefined} authorization
   */
  sessionOfJwt(authorization) {
    const match = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
    if (!match) throw new HttpError(401, 'Missing or malformed Authorization header: expected "Bearer <jwt>".');
    const [, header = '', payload = '', signature = ''] = match;
    const expected = createHmac('sha256', this.jwtSecret).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new HttpError(401, 'Invalid token signature.');
    /** @type {unknown} */
    let claims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw new HttpError(401, 'Invalid token.');
    }
    if (!isObject(claims) || typeof claims.exp !== 'number' || typeof claims.sub !== 'string') throw new HttpError(401, 'Invalid token.');
    if (claims.exp <= this.now() / 1000) throw new HttpError(401, 'The token has expired: ask for a new one with getJwt.');
    const session = this.sessionsByHash.get(claims.sub);
    if (!session || !this.liveSession(session.token)) throw new HttpError(401, 'The token\'s session has ended.');
    return session;
  }

  // ------------------------------------------------------------------ agent side

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
   * the conversation is `disconnected` and the session read-only.
   * @param {string} conversationId
   */
  disconnect(conversationId) {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return { status: 404, error: 'No such conversation.' };
    if (conversation.state !== 'active') return { status: 409, error: `This conversation has already ended (${conversation.state}).` };
    /** @type {StoredMessage} */
    const stored = {
      id: randomUUID(),
      direction: WIRE.outbound,
      type: WIRE.event,
      events: [{ eventType: WIRE.presence, presence: { type: WIRE.disconnect } }],
      time: new Date(this.now()).toISOString(),
      correlationId: randomUUID(),
      nickname: 'Agent',
      originatingEntity: WIRE.human,
    };
    conversation.state = 'disconnected';
    this.deliver(conversation, stored);
    return { status: 200, conversation: this.summary(conversation) };
  }

  /**
   * @param {Conversation} conversation
   * @param {StoredMessage} stored
   */
  deliver(conversation, stored) {
    this.append(conversation, stored);
    const session = this.sessionsByHash.get(conversation.tokenHash);
    if (session?.conversationId === conversation.id) this.push(session, { class: FRAME_CLASSES.structuredMessage, body: structured(stored) });
    this.changed(conversation.id);
  }

  /**
   * Stores a message; beyond maxMessagesPerConversation the oldest are dropped (counted).
   * @param {Conversation} conversation
   * @param {StoredMessage} stored
   */
  append(conversation, stored) {
    conversation.messages.push(stored);
    this.store(conversation, weight(stored));
    const over = conversation.messages.length - this.limits.maxMessagesPerConversation;
    if (over > 0) {
      for (const dropped of conversation.messages.splice(0, over)) this.store(conversation, -weight(dropped));
      conversation.droppedMessages += over;
    }
    // What one client keeps is bounded, and so is the room's: the client's own oldest
    // conversations go first, then the biggest holder's.
    this.evictConversations(this.limits.maxStoredBytesPerClient, conversation.address, 'bytes');
    this.evictConversations(this.limits.maxStoredBytes, undefined, 'bytes');
  }

  /**
   * Counts `bytes` more (or fewer) stored for a conversation, its client and the room.
   * @param {Conversation} conversation
   * @param {number} bytes
   */
  store(conversation, bytes) {
    conversation.bytes += bytes;
    this.storedBytes += bytes;
    this.clients.count(conversation.address, 'bytes', bytes);
  }

  /**
   * A Journey event from the emulated runtime (a guest: no key). Checked where it enters:
   * the client's rate, the fields, the data's depth and size; refused whole, nothing kept.
   * @param {unknown} event
   * @param {string} address the client's
   * @returns {{ status: number, error?: string, retryAfter?: number, event?: import('./journeys.mjs').JourneyEvent }}
   */
  recordJourney(event, address) {
    const wait = this.clients.take(address, 'journey');
    if (wait) {
      this.stats.rateLimited += 1;
      return { status: 429, retryAfter: wait, error: `More than ${this.limits.journeyPerMinutePerClient} Journey events a minute from your address.` };
    }
    const { deploymentId, token, kind, data } = isObject(event) ? event : {};
    if (!isDeploymentId(deploymentId)) return { status: 400, error: 'deploymentId must be a UUID.' };
    if (kind !== 'pageview' && kind !== 'record') return { status: 400, error: 'kind must be "pageview" or "record".' };
    if (token !== undefined && (typeof token !== 'string' || token.length > LIMITS.maxTokenLength)) {
      return { status: 400, error: `token must be a string of at most ${LIMITS.maxTokenLength} characters.` };
    }
    const dataError = journeyDataError(data, this.limits);
    if (dataError) {
      this.stats.inputRefused += 1;
      return { status: 400, error: dataError };
    }
    const session = typeof token === 'string' ? this.sessions.get(token) : undefined;
    /** @type {import('./journeys.mjs').JourneyEvent} */
    const entry = {
      time: new Date(this.now()).toISOString(),
      deploymentId: deploymentId.trim(),
      kind,
      data: data ?? {},
      // A session of another deployment is not this visitor's conversation.
      conversationId: session && session.deploymentId.toLowerCase() === deploymentId.trim().toLowerCase() ? session.conversationId : undefined,
    };
    const { added, dropped } = this.journeys.add(entry);
    const conversation = entry.conversationId ? this.conversations.get(entry.conversationId) : undefined;
    if (conversation) {
      this.store(conversation, added - dropped);
      this.changed(conversation.id);
      this.evictConversations(this.limits.maxStoredBytesPerClient, conversation.address, 'bytes');
      this.evictConversations(this.limits.maxStoredBytes, undefined, 'bytes');
    }
    return { status: 202, event: entry };
  }

  /**
   * A conversation as the agent's API and views see it; `newest` keeps only that many of the
   * newest messages (agent-view updates), saying how many were left out.
   * @param {Conversation} c
   * @param {number} [newest]
   */
  summary(c, newest = Infinity) {
    const shown = c.messages.length > newest ? c.messages.slice(-newest) : c.messages;
    return {
      id: c.id,
      deploymentId: c.deploymentId,
      state: c.state,
      sessionExpired: c.sessionExpired,
      createdAt: c.createdAt,
      updatedAt: new Date(c.lastActivity).toISOString(),
      ...(c.droppedMessages ? { droppedMessages: c.droppedMessages } : {}),
      ...(shown.length < c.messages.length ? { omittedMessages: c.messages.length - shown.length } : {}),
      messages: shown.map((m) => ({
        id: m.id,
        direction: m.direction,
        type: m.type,
        ...(m.text !== undefined ? { text: m.text } : {}),
        ...(m.events ? { events: m.events } : {}),
        ...(m.customAttributes ? { customAttributes: { ...m.customAttributes } } : {}),
        ...(m.originatingEntity ? { originatingEntity: m.originatingEntity, nickname: m.nickname } : {}),
        time: m.time,
      })),
      customAttributes: { ...c.customAttributes },
      journey: this.journeys.of(c.id),
    };
  }

  /**
   * One page of conversations, oldest first: the newest `limit` of `deploymentId` (or all)
   * created before the conversation numbered `before`; `more` when older ones remain.
   * @param {string | undefined} deploymentId
   * @param {number} limit
   * @param {number} [before]
   */
  page(deploymentId, limit, before = Infinity) {
    /** @type {Conversation[]} */
    const items = [];
    const all = [...this.conversations.values()];
    let i = all.length - 1;
    for (; i >= 0 && items.length < limit; i--) {
      const c = /** @type {Conversation} */ (all[i]);
      if (c.seq < before && (!deploymentId || c.deploymentId.toLowerCase() === deploymentId)) items.push(c);
    }
    let more = false;
    for (; i >= 0 && !more; i--) {
      const c = /** @type {Conversation} */ (all[i]);
      more = c.seq < before && (!deploymentId || c.deploymentId.toLowerCase() === deploymentId);
    }
    return { items: items.reverse(), more };
  }

  /**
   * What `GET /api/conversations[?deploymentId=]` returns by default: the newest page, oldest first.
   * @param {string | null} [deploymentId]
   */
  list(deploymentId) {
    return this.page(deploymentId ? deploymentId.trim().toLowerCase() : undefined, this.limits.defaultListLimit).items.map((c) => this.summary(c));
  }

  /**
   * Something about a conversation changed: agent views hear of it (coalesced).
   * @param {string} [conversationId]
   */
  changed(conversationId) {
    if (conversationId) {
      const c = this.conversations.get(conversationId);
      if (c) {
        c.lastActivity = this.now();
        this.dirty.add(conversationId);
      }
    }
    this.snapshots.clear();
    this.scheduleFlush();
    this.emit('change', conversationId);
  }

  scheduleFlush() {
    if (this.flushTimer || !this.streams.size) {
      if (!this.streams.size) {
        this.dirty.clear();
        this.removed.clear();
      }
      return;
    }
    this.flushTimer = setTimeout(this.safety.guard('sending agent-view updates', () => this.flush()), this.limits.streamCoalesceMs);
  }

  /** One message per changed (or removed) conversation, built once, written to every matching stream. */
  flush() {
    this.flushTimer = undefined;
    this.snapshots.clear();
    /** @type {Array<{ text: string, deploymentId: string }>} */
    const messages = [];
    for (const [id, deploymentId] of this.removed) {
      messages.push({ text: `event: removed\ndata: ${JSON.stringify({ id, deploymentId })}\n\n`, deploymentId });
    }
    for (const id of this.dirty) {
      const c = this.conversations.get(id);
      if (c) messages.push({ text: `event: conversation\ndata: ${JSON.stringify(this.summary(c, this.limits.streamMessages))}\n\n`, deploymentId: c.deploymentId });
    }
    this.removed.clear();
    this.dirty.clear();
    for (const client of this.streams) {
      for (const m of messages) {
        if (client.deploymentId && client.deploymentId !== m.deploymentId.toLowerCase()) continue;
        // Checked before every write too, against a wider bound: a reader drains between
        // flushes, but one flush's own output cannot pile up without end either.
        if (!this.keepsUp(client, this.limits.streamMaxBufferedBytes + this.limits.streamMaxFlushBytes)) break;
        client.res.write(m.text);
      }
    }
  }

  /**
   * @param {string} message
   * @param {(client: StreamClient) => boolean} matches
   */
  broadcast(message, matches) {
    for (const client of this.streams) if (matches(client)) this.write(client, message);
  }

  /**
   * Backpressure: a client still holding more than streamMaxBufferedBytes unsent since the
   * last write (it stopped reading; a reading one drains between flushes) is dropped; its
   * browser reconnects and gets a fresh snapshot. False when dropped (or gone).
   * @param {StreamClient} client
   * @param {number} [bound]
   */
  keepsUp(client, bound = this.limits.streamMaxBufferedBytes) {
    const { res } = client;
    if (res.destroyed || res.writableEnded) {
      this.forgetStream(client);
      return false;
    }
    if (res.writableLength > bound) {
      this.stats.streamDropped += 1;
      this.forgetStream(client);
      res.destroy();
      return false;
    }
    return true;
  }

  /**
   * Writes to one stream if it keeps up.
   * @param {StreamClient} client
   * @param {string} message
   */
  write(client, message) {
    if (this.keepsUp(client)) client.res.write(message);
  }

  /**
   * The first message of a stream: the newest conversations of its filter, built once per
   * filter until the next change.
   * @param {string | undefined} deploymentId
   */
  snapshot(deploymentId) {
    const key = deploymentId ?? '';
    let message = this.snapshots.get(key);
    if (!message) {
      const { items, more } = this.page(deploymentId, this.limits.snapshotLimit);
      // The newest first, until the byte budget: a stream's first write stays small.
      const parts = [];
      let bytes = 0;
      for (const c of [...items].reverse()) {
        const part = JSON.stringify(this.summary(c, this.limits.streamMessages));
        if (parts.length && bytes + part.length > this.limits.snapshotMaxBytes) break;
        parts.unshift(part);
        bytes += part.length;
      }
      const cut = more || parts.length < items.length;
      message = `event: snapshot\ndata: {"deploymentId":${JSON.stringify(deploymentId ?? null)},"more":${cut},"conversations":[${parts.join(',')}]}\n\n`;
      this.snapshots.set(key, message);
    }
    return message;
  }

  // ------------------------------------------------------------------ agent access

  /** Whether the agent's API demands a key (off on a loopback bind); see access.mjs. */
  get requireKey() {
    return this.access.requireKey;
  }

  // ------------------------------------------------------------------ HTTP

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
   * `GET /webdeployments/v1/deployments/<id>/config.json`: a small DeploymentConfig like the
   * transport SDK's model, its endpoints on this origin (from the request's Host).
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} rawId
   */
  deploymentConfig(req, res, rawId) {
    if (req.method === 'OPTIONS') return preflight(res);
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, `${req.method} is not allowed here.`);
    const id = safeDecode(rawId);
    if (!isDeploymentId(id)) throw new HttpError(404, 'No such deployment: a deployment id is a UUID.');
    const host = req.headers.host ?? '';
    if (!/^[A-Za-z0-9.\-[\]:]{1,255}$/.test(host)) throw new HttpError(400, 'A valid Host header is needed.');
    const secure = /** @type {{ encrypted?: boolean }} */ (req.socket).encrypted === true;
    json(
      res,
      200,
      {
        id: /** @type {string} */ (id).trim().toLowerCase(),
        version: '1',
        languages: ['en-us'],
        defaultLanguage: 'en-us',
        apiEndpoint: `${secure ? 'https' : 'http'}://${host}`,
        messenger: {
          enabled: true,
          apps: {
            conversations: {
              messagingEndpoint: `${secure ? 'wss' : 'ws'}://${host}`,
              showAgentTypingIndicator: true,
              showUserTypingIndicator: true,
              autoStart: { enabled: false },
            },
          },
          styles: { primaryColor: '#ff4f1f' },
          launcherButton: { visibility: 'On' },
          fileUpload: { modes: [] },
        },
        journeyEvents: { enabled: true },
        status: 'Active',
      },
      CORS,
    );
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
    if (path === '/api/journey' && req.method === 'POST') {
      const result = this.recordJourney(await this.readBody(req), address);
      return json(res, result.status, result.error ? { error: result.error } : result.event, result.retryAfter ? { 'Retry-After': String(result.retryAfter) } : {});
    }
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
    const action = /^\/api\/conversations\/([^/]+)\/(messages|disconnect)$/.exec(path);
    const known = ['/api/conversations', '/api/journey', '/api/stream', '/api/stream/ticket', '/api/stats'].includes(path) || action || claim;
    if (!known) throw new HttpError(404, 'No such API.');
    const allowed = (path === '/api/stream' && req.method === 'GET') || (path === '/api/stream/ticket' && req.method === 'POST') ||
      (['/api/conversations', '/api/stats'].includes(path) && req.method === 'GET') || (action && req.method === 'POST');
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
      const page = this.page(deploymentId, limit, before);
      // The newest first, until the page's byte budget; the rest is the next page.
      /** @type {Array<{ c: Conversation, part: string }>} */
      const parts = [];
      let bytes = 0;
      for (const c of [...page.items].reverse()) {
        const part = JSON.stringify(this.summary(c));
        if (parts.length && bytes + part.length > this.limits.pageMaxBytes) break;
        parts.unshift({ c, part });
        bytes += part.length;
      }
      const more = page.more || parts.length < page.items.length;
      /** @type {Record<string, string>} */
      const headers = {};
      const oldest = parts[0]?.c;
      if (more && oldest) {
        const next = new URLSearchParams({ ...(deploymentId ? { deploymentId } : {}), limit: String(limit), before: String(oldest.seq) });
        headers.Link = `</api/conversations?${next}>; rel="next"`;
      }
      return this.heavy(res, address, () => `[${parts.map((p) => p.part).join(',')}]`, headers);
    }
    const id = safeDecode(action?.[1] ?? '') ?? '';
    const conversation = this.conversations.get(id);
    if (conversation && !Access.opens(principal, conversation.deploymentId)) {
      throw outOfScope(/** @type {{ deploymentId: string }} */ (principal).deploymentId);
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
   */
  async readBody(req) {
    const body = await readJson(req);
    if (depthOf(body, this.limits.maxInputDepth) > this.limits.maxInputDepth) {
      this.stats.inputRefused += 1;
      throw new HttpError(400, `The body nests more than ${this.limits.maxInputDepth} levels deep.`);
    }
    return body;
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
      storedBytes: this.storedBytes,
      streamClients: this.streams.size,
      clients: this.clients.size,
      studentKeys: this.access.keyOfDeployment.size,
      unexpectedErrors: this.safety.errors,
      ...this.stats,
    };
  }

  /**
   * `GET /api/v2/webmessaging/messages`: the session's current conversation as a
   * MessageEntityList, newest first (inferred, as Genesys pages history backwards).
   * @param {string | undefined} authorization
   * @param {URLSearchParams} params
   * @returns {import('../../src/genesys/contract.js').MessageEntityList}
   */
  history(authorization, params) {
    const session = this.sessionOfJwt(authorization);
    const pageSize = pageParam(params.get('pageSize'), LIMITS.defaultPageSize, 'pageSize', LIMITS.maxPageSize);
    const pageNumber = pageParam(params.get('pageNumber'), 1, 'pageNumber', Number.MAX_SAFE_INTEGER);
    const messages = this.conversationOf(session).messages;
    const newestFirst = messages.slice().reverse();
    const start = (pageNumber - 1) * pageSize;
    return {
      entities: newestFirst.slice(start, start + pageSize).map(structured),
      pageSize,
      pageNumber,
      total: messages.length,
      pageCount: Math.ceil(messages.length / pageSize),
    };
  }

  /**
   * Server-sent events for the agent view: a `snapshot` (the newest conversations), then one
   * `conversation` event per changed conversation (the whole conversation) and `removed`
   * when one is forgotten. `deploymentId` keeps to one deployment. Slots: at most
   * maxStreamClients at once, of which students take all but instructorStreams, each student
   * key at most maxStreamsPerKey (a further one closes that key's oldest); the instructor
   * always gets in (the oldest student stream, or the instructor's own oldest, gives way).
   * Every stream ends after streamLifeMs; a live view reconnects with a new ticket.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string | undefined} deploymentId
   * @param {import('./access.mjs').Principal} principal
   * @param {string} address
   */
  stream(req, res, deploymentId, principal, address) {
    const l = this.limits;
    const students = [...this.streams].filter((c) => c.principal.role === 'student');
    if (principal.role === 'student') {
      const mine = students.filter((c) => c.principal.role === 'student' && c.principal.keyHash === principal.keyHash);
      const here = students.filter((c) => c.address === address);
      if (mine.length >= l.maxStreamsPerKey) this.endStream(/** @type {StreamClient} */ (mine[0]));
      else if (here.length >= l.maxStudentStreamsPerClient) this.endStream(/** @type {StreamClient} */ (here[0]));
      else if (students.length >= l.maxStreamClients - l.instructorStreams || this.streams.size >= l.maxStreamClients) {
        this.stats.streamRefused += 1;
        json(res, 503, { error: `Too many agent views are open (${this.streams.size}): close one, or try again shortly.` }, { 'Retry-After': '10' });
        return;
      }
    } else if (this.streams.size >= l.maxStreamClients) {
      const oldest = students[0] ?? this.streams.values().next().value;
      if (oldest) this.endStream(oldest);
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    /** @type {StreamClient} */
    const client = { res, deploymentId, principal, address };
    client.timer = setTimeout(this.safety.guard('ending an agent view\'s stream', () => {
      this.stats.streamExpired += 1;
      this.endStream(client);
    }), l.streamLifeMs);
    client.timer.unref?.();
    this.streams.add(client);
    this.clients.count(address, 'streams', 1);
    res.write('retry: 2000\n\n');
    this.write(client, this.snapshot(deploymentId));
    const done = () => this.forgetStream(client);
    req.on('close', done);
    res.on('close', done);
    res.on('error', done);
  }

  /**
   * Ends a stream from this side (its view reconnects).
   * @param {StreamClient} client
   */
  endStream(client) {
    this.forgetStream(client);
    client.res.end();
  }

  /** @param {StreamClient} client */
  forgetStream(client) {
    clearTimeout(client.timer);
    if (this.streams.delete(client)) this.clients.count(client.address, 'streams', -1);
  }

  close() {
    this.loopDelay.disable();
    clearInterval(this.pinger);
    clearInterval(this.keepAlive);
    clearTimeout(this.flushTimer);
    for (const client of this.streams) {
      clearTimeout(client.timer);
      client.res.destroy();
    }
    this.streams.clear();
    clearInterval(this.sweeper);
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    this.removeAllListeners('change');
  }
}

/**
 * What a stored message weighs for the stored-bytes bounds: its text and attributes as UTF-8,
 * plus a fixed allowance for ids, times and the object itself.
 * @param {StoredMessage} stored
 */
function weight(stored) {
  const attributes = stored.customAttributes ? customAttributesBytes(stored.customAttributes) : 0;
  return 256 + (stored.text ? utf8Bytes(stored.text) : 0) + attributes;
}

/**
 * A refused upgrade: an HTTP answer on the raw socket, then closed.
 * @param {import('node:stream').Duplex} socket
 * @param {string} status e.g. "400 Bad Request"
 * @param {string} reason
 * @param {number} [retryAfter] seconds
 */
function refuseUpgrade(socket, status, reason, retryAfter) {
  const retry = retryAfter ? `Retry-After: ${retryAfter}\r\n` : '';
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\n${retry}Connection: close\r\n\r\n${reason}\n`);
}

/**
 * A value a client sent, for an error message: strings quoted and cut short, anything else
 * by its type (never converted: an object's own toString may throw).
 * @param {unknown} value
 */
function describeValue(value) {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 100)) : `of type ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`;
}

/** @param {string} deploymentId the key's */
function outOfScope(deploymentId) {
  return new HttpError(403, `This key opens deployment ${deploymentId} only.`);
}

/**
 * @param {number} retryAfter seconds
 * @param {string} errorMessage
 */
function tooMany(retryAfter, errorMessage) {
  return new FrameError(429, { retryAfter, errorCode: ERROR_CODES.requestRateTooHigh, errorMessage }, FRAME_CLASSES.tooManyRequests);
}

function attributesTooLarge() {
  return new FrameError(
    ERROR_CODES.customAttributesTooLarge,
    `Custom Attributes in channel metadata is larger than ${LIMITS.maxCustomDataBytes} bytes`,
  );
}

/**
 * `channel.metadata.customAttributes` of a frame or a message: {} when absent; 400 when
 * not flat; 4013 when over the limit.
 * @param {unknown} channel
 * @returns {Record<string, string | number | boolean>}
 */
function readAttributes(channel) {
  if (!isObject(channel) || !isObject(channel.metadata) || channel.metadata.customAttributes === undefined) return {};
  const attributes = channel.metadata.customAttributes;
  if (!isCustomAttributes(attributes)) {
    throw new FrameError(ERROR_CODES.badRequest, 'customAttributes must be an object of string, number or boolean values.');
  }
  if (customAttributesBytes(attributes) > LIMITS.maxCustomDataBytes) throw attributesTooLarge();
  return attributes;
}

/**
 * The client's own `message.metadata` string values (e.g. `customMessageId`), handed back on
 * the echo (inferred: the transport SDK matches its messages by them). At most 10 short ones.
 * @param {unknown} metadata
 * @returns {{ clientMetadata?: Record<string, string> }}
 */
function clientMetadata(metadata) {
  if (!isObject(metadata)) return {};
  const entries = Object.entries(metadata)
    .filter(([key, value]) => key !== 'correlationId' && typeof value === 'string' && key.length <= 64 && value.length <= 256)
    .slice(0, 10);
  return entries.length ? { clientMetadata: asParticipantData(Object.fromEntries(entries)) } : {};
}

/**
 * A stored message as the Guest API's StructuredMessage body. The guest's Inbound echo has
 * no `originatingEntity`; Outbound has `channel.type: "Private"`, `channel.from` and
 * `originatingEntity`. The guest's custom attributes are not echoed (GENESYS.md: not
 * documented either way; inferred).
 * @param {StoredMessage} stored
 * @returns {import('../../src/genesys/contract.js').StructuredMessageBody}
 */
function structured(stored) {
  const outbound = stored.direction === WIRE.outbound;
  return {
    id: stored.id,
    type: stored.type,
    ...(stored.text !== undefined ? { text: stored.text } : {}),
    ...(stored.events ? { events: /** @type {any} */ (stored.events) } : {}),
    direction: stored.direction,
    channel: {
      time: stored.time,
      messageId: stored.id,
      ...(outbound ? { type: /** @type {'Private'} */ ('Private'), from: { nickname: stored.nickname ?? 'Agent' } } : {}),
    },
    metadata: { ...stored.clientMetadata, correlationId: stored.correlationId },
    ...(outbound ? { originatingEntity: stored.originatingEntity ?? WIRE.human } : {}),
  };
}

/**
 * @param {string | null} value
 * @param {number} fallback
 * @param {string} name
 * @param {number} max
 */
function pageParam(value, fallback, name, max) {
  if (value === null || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > max) {
    throw new HttpError(400, `${name} must be a whole number from 1 to ${max}.`);
  }
  return n;
}

/**
 * `?deploymentId=`: undefined when absent; 400 when not a UUID.
 * @param {URLSearchParams} params
 */
function deploymentParam(params) {
  const value = params.get('deploymentId');
  if (value === null || value === '') return undefined;
  if (!isDeploymentId(value)) throw new HttpError(400, 'deploymentId must be a UUID.');
  return value.trim().toLowerCase();
}

/** @param {string | undefined} raw */
function parseUrl(raw) {
  try {
    return new URL(raw ?? '/', 'http://localhost');
  } catch {
    return undefined;
  }
}

/** @param {string} text */
function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The history and config are read cross-origin by pages (inferred: Genesys's are). */
const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
  'Access-Control-Allow-Methods': 'GET, OPTIONS',
};

/** @param {import('node:http').ServerResponse} res */
function preflight(res) {
  res.writeHead(204, { ...CORS, 'Access-Control-Max-Age': '600' }).end();
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
function json(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<unknown>}
 */
function readJson(req) {
  return new Promise((resolve, reject) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
      reject(new HttpError(415, 'Send the body as application/json.'));
      return;
    }
    if (Number(req.headers['content-length'] ?? 0) > LIMITS.maxBodyBytes) {
      reject(new HttpError(413, `The body is over ${LIMITS.maxBodyBytes} bytes.`));
      return;
    }
    let size = 0;
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (chunk) => {
      if (size > LIMITS.maxBodyBytes) return; // already refused; the rest is dropped
      size += chunk.length;
      if (size > LIMITS.maxBodyBytes) {
        chunks.length = 0;
        reject(new HttpError(413, `The body is over ${LIMITS.maxBodyBytes} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > LIMITS.maxBodyBytes) return;
      try {
        resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined);
      } catch {
        reject(new HttpError(400, 'The body is not valid JSON.'));
      }
    });
    // The client went away mid-body (a reset, a closed laptop): nothing to answer, nothing wrong here.
    req.on('error', () => reject(new HttpError(400, 'The request was aborted.')));
  });
}
