// @ts-check

import { Tokens } from './tokens.mjs';
import { randomUUID } from 'node:crypto';
import { ERROR_CODES, FRAME_CLASSES, WIRE, asParticipantData, customAttributesBytes, utf8Bytes } from '../../src/genesys/contract.js';
import { LIMITS } from './limits.mjs';
import { FrameError, tooMany, attributesTooLarge, describeValue } from './errors.mjs';
import { structured, clientMetadata, readAttributes, isObject, hashToken, presenceMessage } from './frames.mjs';
/** @typedef {import('./types.mjs').Connection} Connection */
/** @typedef {import('./types.mjs').Session} Session */
/** @typedef {import('./types.mjs').StoredMessage} StoredMessage */
/** @typedef {import('./types.mjs').Conversation} Conversation */
/** @typedef {import('./types.mjs').AnyFrame} AnyFrame */

/**
 * The guest's requests, one method an action (GENESYS.md §5): configureSession, onMessage (Text,
 * and Typing and Presence events), echo, closeSession, getJwt; with the checks each needs (the
 * token, the session on this connection, 5 messages a second per session). Frames reach them
 * through guest-protocol.mjs, which bounds and parses them first.
 */
export class GuestActions extends Tokens {
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
        const joined = presenceMessage(WIRE.inbound, WIRE.join, this.now());
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
}
