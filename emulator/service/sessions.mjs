// @ts-check
import { Streams } from './streams.mjs';
import { randomUUID } from 'node:crypto';
import { ERROR_CODES, FRAME_CLASSES } from '../../src/genesys/contract.js';
import { LIMITS } from './limits.mjs';
import { FrameError } from './errors.mjs';
import { structured, weight, hashToken } from './frames.mjs';
/** @typedef {import('./types.mjs').Connection} Connection */
/** @typedef {import('./types.mjs').Session} Session */
/** @typedef {import('./types.mjs').StoredMessage} StoredMessage */
/** @typedef {import('./types.mjs').Conversation} Conversation */

/**
 * Guest sessions and conversations: made, joined by connections (3 at most), expired,
 * evicted within the room's and each client's bounds, and the messages they keep; the
 * visitors' GPE sessions within the same bounds, and the links between the two.
 */
export class Sessions extends Streams {
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
      // A time of inactivity: every request of the session moves it (guest-actions.mjs touch()).
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
      this.unlinkJourney(c);
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
    // A conversation the guest starts later in the session joins the same visitor's journey.
    if (session.journeyContext) this.linkJourney(conversation, session.journeyContext);
    return conversation;
  }

  /**
   * Links a conversation to the visitor's GPE session its journeyContext names (configureSession:
   * docs/guest-api.md#requests names the transport SDK's JourneyContext.kt). The context is kept as
   * given; it links only a GPE session of the same deployment and customer (journeys.mjs linkable).
   * @param {Conversation} conversation
   * @param {import('./journey-input.mjs').JourneyContext} context
   */
  linkJourney(conversation, context) {
    conversation.journeyContext = context;
    const gpe = this.journeys.linkable(conversation.deploymentId, context);
    if (gpe?.id === conversation.journeySessionId) return;
    this.unlinkJourney(conversation);
    if (!gpe) return;
    conversation.journeySessionId = gpe.id;
    conversation.journeyCustomerId = gpe.customerId;
    gpe.conversationIds.push(conversation.id);
    this.journeyChanged(gpe.id);
  }

  /**
   * The conversation leaves the GPE session it was linked to (it is forgotten, or linked anew).
   * @param {Conversation} conversation
   */
  unlinkJourney(conversation) {
    const gpe = conversation.journeySessionId ? this.journeys.get(conversation.journeySessionId) : undefined;
    conversation.journeySessionId = undefined;
    conversation.journeyCustomerId = undefined;
    if (!gpe) return;
    gpe.conversationIds = gpe.conversationIds.filter((id) => id !== conversation.id);
    this.journeyChanged(gpe.id);
  }

  /**
   * Forgets a GPE session (and its visitor with its last one): its bytes are given back, the
   * agent views hear of it. Conversations linked to it keep its id (it is no longer kept).
   * @param {string} id
   */
  forgetJourneySession(id) {
    const gpe = this.journeys.forget(id);
    if (!gpe) return;
    this.clients.count(gpe.address, 'journeySessions', -1);
    this.chargeJourney(gpe.address, -gpe.bytes);
    this.dirtyJourneys.delete(id);
    this.removedJourneys.set(id, gpe.deploymentId);
    this.snapshots.clear();
    this.scheduleFlush();
  }

  /**
   * Counts `bytes` more (or fewer) stored for a GPE session of the client at `address`.
   * @param {string} address
   * @param {number} bytes
   */
  chargeJourney(address, bytes) {
    this.storedBytes += bytes;
    this.clients.count(address, 'bytes', bytes);
  }

  /**
   * Keeps at most `max` GPE sessions (or stored bytes, with `measure` 'bytes') of the client at
   * `address` (or, without it, GPE sessions in the room, taken from the client holding the
   * most): the least recently active go first; `spare` (the session being written) never goes.
   * @param {number} max
   * @param {string} [address]
   * @param {'count' | 'bytes'} [measure]
   * @param {string} [spare]
   */
  evictJourneySessions(max, address, measure = 'count', spare) {
    const count = () => (address === undefined ? this.journeys.sessions.size : this.clients.held(address, measure === 'bytes' ? 'bytes' : 'journeySessions'));
    if (count() <= max) return;
    const all = [...this.journeys.sessions.values()].filter((g) => g.id !== spare);
    const from = address ?? this.biggestHolder(all);
    let evicted = 0;
    for (const gpe of all) {
      if (count() <= max) return;
      if (gpe.address !== from) continue;
      this.stats.journeySessionsEvicted += 1;
      this.forgetJourneySession(gpe.id);
      evicted += 1;
    }
    if (evicted && count() > max && address === undefined) this.evictJourneySessions(max, undefined, measure, spare);
  }

  /**
   * The stored-bytes bounds after something was stored for `address`: first the client's own
   * (what the store was for goes first: its GPE sessions after a Journey event, its
   * conversations after a message; then the other), then the room's, taken from the client
   * holding the most, the same way. `spare`, the GPE session just written, stays.
   * @param {string} address
   * @param {'journeys' | 'conversations'} first
   * @param {string} [spare]
   */
  trimStored(address, first, spare) {
    /** @param {string} from @param {number} max */
    const trim = (from, max) => {
      const steps = [() => this.evictJourneySessions(max, from, 'bytes', spare), () => this.evictConversations(max, from, 'bytes')];
      for (const step of first === 'journeys' ? steps : steps.reverse()) step();
    };
    trim(address, this.limits.maxStoredBytesPerClient);
    while (this.storedBytes > this.limits.maxStoredBytes) {
      /** @type {Map<string, number>} */
      const held = new Map();
      for (const item of [...this.conversations.values(), ...this.journeys.sessions.values()]) held.set(item.address, (held.get(item.address) ?? 0) + item.bytes);
      const [from] = [...held].reduce((a, b) => (b[1] > a[1] ? b : a), ['', 0]);
      const before = this.storedBytes;
      trim(from, this.clients.held(from, 'bytes') - (this.storedBytes - this.limits.maxStoredBytes));
      if (this.storedBytes >= before) break;
    }
  }

  /** @param {Session} session */
  conversationOf(session) {
    return /** @type {Conversation} */ (this.conversations.get(session.conversationId));
  }

  /**
   * Joins a connection to a session. A 4th connection closes the OLDEST one with a
   * ConnectionClosedEvent (docs/guest-api.md#connections-of-one-session); it is not refused.
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
   * The session's time is up: its connections get SessionExpiredEvent and leave it; the
   * token answers 4006 from now on.
   * @param {Session} session
   */
  expire(session) {
    // A `response`, as Genesys's recorded frame has it (transport SDK Response.sessionExpiredEvent).
    for (const connection of session.connections) this.send(connection.ws, { type: 'response', class: FRAME_CLASSES.sessionExpired, code: 200, body: {} });
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
    // Least recently active first: the sweep stops at the first one still in use.
    for (const gpe of [...this.journeys.sessions.values()]) {
      if (now - gpe.lastAt < this.limits.journeySessionForgetMs) break;
      this.forgetJourneySession(gpe.id);
    }
    this.access.sweep();
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
    // conversations go first (then its GPE sessions), then the biggest holder's.
    this.trimStored(conversation.address, 'conversations');
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
}
