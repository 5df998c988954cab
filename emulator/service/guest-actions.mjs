// @ts-check

import { Tokens } from './tokens.mjs';
import { randomUUID } from 'node:crypto';
import { ERROR_CODES, FRAME_CLASSES, WIRE, asParticipantData, customAttributesBytes, utf8Bytes } from '../../src/genesys/contract.js';
import { LIMITS } from './limits.mjs';
import { FrameError, tooMany, attributesTooLarge, describeValue } from './errors.mjs';
import { structured, clientMetadata, readAttributes, isObject, hashToken, presenceMessage, dataWeight } from './frames.mjs';
import { readJourneyContext } from './journey-input.mjs';
/** @typedef {import('./types.mjs').Connection} Connection */
/** @typedef {import('./types.mjs').Session} Session */
/** @typedef {import('./types.mjs').StoredMessage} StoredMessage */
/** @typedef {import('./types.mjs').Conversation} Conversation */
/** @typedef {import('./types.mjs').AnyFrame} AnyFrame */

/**
 * The guest's requests, one method an action (docs/guest-api.md#requests): configureSession,
 * onMessage (Text, and Typing and Presence events), echo, closeSession, getJwt; with the checks
 * each needs (the token, the session on this connection, 5 messages a second per session). Frames
 * reach them through guest-protocol.mjs, which bounds and parses them first.
 */
/** What the service logs, once per session, when attributes come at the frame's top level. */
export const IGNORED_ATTRIBUTES = 'attributes sent in channel.metadata were ignored: Genesys reads only message.channel.metadata since 2026-06-05';

/**
 * The ButtonResponse a quick-reply answer or a postback carries, or undefined.
 * @param {Record<string, any>} message
 * @returns {{ text: string, payload: string, type: string } | undefined}
 */
function buttonResponseOf(message) {
  const content = Array.isArray(message.content) ? message.content : [];
  const first = content[0];
  if (!isObject(first) || first.contentType !== 'ButtonResponse' || !isObject(first.buttonResponse)) {
    if (message.type === WIRE.structured) throw new FrameError(ERROR_CODES.badRequest, 'A Structured message needs a ButtonResponse in "content".');
    return undefined;
  }
  const { text, payload, type } = first.buttonResponse;
  if (typeof text !== 'string' || typeof payload !== 'string' || typeof type !== 'string') {
    throw new FrameError(ERROR_CODES.badRequest, 'A ButtonResponse needs "text", "payload" and "type" strings.');
  }
  if (text.length > 1024 || payload.length > 1024 || type.length > 64) throw new FrameError(ERROR_CODES.badRequest, 'A ButtonResponse\'s text and payload are at most 1024 characters.');
  return { text, payload, type };
}

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
    this.touch(session);
    return session;
  }

  /**
   * A session in use does not expire: `durationSeconds` is a time of inactivity
   * (docs/guest-api.md#session-expiry, the transport SDK's SessionDurationHandler), so every
   * request moves the expiry forward.
   * @param {Session} session
   */
  touch(session) {
    session.expiresAt = this.now() + this.sessionTtlMs;
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
    // The visitor's Predictive Engagement session (transport SDK shyrka/send/JourneyContext.kt).
    const journey = readJourneyContext(frame.journeyContext);
    if (journey.error) throw new FrameError(ERROR_CODES.badRequest, journey.error);
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
    if (journey.value) {
      // Kept for the conversations the session starts from now on; linked now to the current one.
      session.journeyContext = journey.value;
      this.linkJourney(this.conversationOf(session), journey.value);
    }
    this.attach(connection, session);
    this.touch(session);
    // Back on the same token: the conversation has its guest again.
    delete this.conversationOf(session).guestLeft;
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
      readOnly: this.conversationOf(session).state === 'disconnected' && this.deployments.readOnlyAfterDisconnect(session.deploymentId),
      maxCustomDataBytes: LIMITS.maxCustomDataBytes,
      clearedExistingSession: false,
      durationSeconds: Math.round(this.sessionTtlMs / 1000),
      // Inferred: seconds since the epoch, as `exp` in a JWT.
      expirationDate: Math.floor(session.expiresAt / 1000),
    };
  }

  /**
   * Rate limit: 5 messages a second per session (docs/guest-api.md#limits).
   * @param {Session} session
   */
  admit(session) {
    const now = this.now();
    session.recent = session.recent.filter((t) => now - t < 1000);
    if (session.recent.length >= LIMITS.messagesPerSecond) {
      this.stats.rateLimited += 1;
      // The body as Genesys's recorded frame has it (transport SDK Response.tooManyRequests).
      throw tooMany(3, 'Message rate too high for this session');
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
    let conversation = this.conversationOf(session);
    if (message.type === WIRE.event) return this.onEvent(session, conversation, message, frame);
    if (message.type !== WIRE.text && message.type !== WIRE.structured) {
      throw new FrameError(ERROR_CODES.badRequest, `Unsupported message type ${describeValue(message.type)}.`);
    }
    // A quick-reply answer (Text, empty text) or a card's postback (Structured) carries its
    // button; the text shown is the button's (transport SDK MessageStore.prepareMessageWith,
    // preparePostbackMessage).
    const button = buttonResponseOf(message);
    const text = button ? button.text : message.text;
    if (typeof text !== 'string' || !text.trim()) {
      throw new FrameError(ERROR_CODES.badRequest, message.type === WIRE.structured ? 'A Structured message needs a ButtonResponse in "content".' : 'A Text message needs "text".');
    }
    if (utf8Bytes(text) > LIMITS.maxTextBytes) throw new FrameError(ERROR_CODES.messageTooLong, 'message too long');
    // Since 2026-06-05 Genesys reads custom attributes only from message.channel.metadata; the
    // frame's top-level channel.metadata is ignored, with no error
    // (docs/guest-api.md#where-custom-attributes-go).
    const attributes = readAttributes(message.channel);
    const ignored = this.ignoredAttributes(session, frame);
    if (conversation.state === 'disconnected' && !this.deployments.readOnlyAfterDisconnect(session.deploymentId)) {
      // Inferred: where an ended conversation is not read-only ("Send", or no disconnect
      // setting), the guest's next message starts a new one.
      session.conversationId = this.createConversation(session).id;
      conversation = this.conversationOf(session);
    }
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
      type: message.type === WIRE.structured ? WIRE.structured : WIRE.text,
      text,
      time: new Date(this.now()).toISOString(),
      correlationId: randomUUID(),
      ...(button ? { buttonResponse: button } : {}),
      ...(hasAttributes ? { customAttributes: participantData } : {}),
      ...(ignored ? { ignoredAttributes: ignored } : {}),
      ...clientMetadata(message.metadata),
    };
    this.keep(session, conversation, stored, participantData, frame);
  }

  /**
   * Stores a guest's message with the attributes it carried, and echoes it to every connection
   * of the session, carrying the request's tracingId (transport SDK Response.onMessage: the
   * SDK matches its pending message by it).
   * @param {Session} session
   * @param {Conversation} conversation
   * @param {StoredMessage} stored
   * @param {Record<string, string>} participantData
   * @param {AnyFrame} frame
   */
  keep(session, conversation, stored, participantData, frame) {
    this.append(conversation, stored);
    // Defined, not assigned: a key such as "__proto__" is data, never a prototype.
    for (const key of Object.keys(participantData)) {
      Object.defineProperty(conversation.customAttributes, key, { value: participantData[key], enumerable: true, writable: true, configurable: true });
      // The guest's value replaces one a flow or the script set: the last write wins.
      const data = conversation.participantData;
      if (data && Object.hasOwn(data, key)) {
        this.store(conversation, -dataWeight(key, /** @type {{ value: string }} */ (data[key]).value));
        delete data[key];
      }
    }
    this.echoToGuest(session, stored, frame);
    // The inbound message flow runs at the first guest message, once it is stored
    // (docs/messenger-sdk.md#the-inbound-message-flow).
    if (stored.type === WIRE.text && !conversation.flowStarted) {
      conversation.flowStarted = true;
      this.firstMessage(session, conversation, stored);
    }
    this.changed(conversation.id);
  }

  /** The first guest message is stored: flow-api.mjs overrides this to run the flow. @param {Session} _s @param {Conversation} _c @param {StoredMessage} _m */
  firstMessage(_s, _c, _m) {}

  /**
   * The guest's own message back to every connection of its session, carrying the request's
   * tracingId (transport SDK Response.onMessage: the SDK matches its pending message by it).
   * @param {Session} session
   * @param {StoredMessage} stored
   * @param {AnyFrame} frame
   */
  echoToGuest(session, stored, frame) {
    const tracingId = typeof frame.tracingId === 'string' ? { tracingId: frame.tracingId } : {};
    this.push(session, { class: FRAME_CLASSES.structuredMessage, body: structured(stored), ...tracingId });
  }

  /**
   * Custom attributes at the frame's top level (`channel.metadata`), which Genesys ignores since
   * 2026-06-05: their keys, so that the conversation shows they were sent and lost, or
   * undefined. Logged once per session: a trap real integrations fall into.
   * @param {Session} session
   * @param {AnyFrame} frame
   */
  ignoredAttributes(session, frame) {
    const top = frame.channel;
    const attributes = isObject(top) && isObject(top.metadata) && isObject(top.metadata.customAttributes) ? top.metadata.customAttributes : undefined;
    if (!attributes || Object.keys(attributes).length === 0) return undefined;
    const keys = Object.keys(attributes).slice(0, 50).map((k) => k.slice(0, 64));
    if (!session.warnedTopLevel) {
      session.warnedTopLevel = true;
      this.log.warn(`guest service: deployment ${session.deploymentId}: ${IGNORED_ATTRIBUTES}`);
    }
    return keys;
  }

  /**
   * @param {Session} session
   * @param {Conversation} conversation
   * @param {Record<string, any>} message
   * @param {AnyFrame} frame
   */
  onEvent(session, conversation, message, frame) {
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
        // The pending attributes travel with the auto-start Join and are read and size-checked
        // as for a Text message (transport SDK MessagingClientCustomAttributesTest). Inferred:
        // the Join is echoed Inbound, and stored only when it carries attributes.
        const attributes = readAttributes(message.channel);
        const ignored = this.ignoredAttributes(session, frame);
        const participantData = asParticipantData(attributes);
        const carries = Object.keys(participantData).length > 0;
        const joined = presenceMessage(WIRE.inbound, WIRE.join, this.now(), {
          ...(carries ? { customAttributes: participantData } : {}),
          ...(ignored ? { ignoredAttributes: ignored } : {}),
        });
        if (carries || ignored) return this.keep(session, conversation, joined, participantData, frame);
        this.echoToGuest(session, joined, frame);
        return;
      }
      if (event.presence.type === WIRE.clear) {
        if (!this.deployments.settingsOf(session.deploymentId).conversationClear.enabled) {
          // As Genesys answers it (transport SDK fixture Response.clearConversationForbidden).
          throw new FrameError(ERROR_CODES.forbidden, 'Presence events Conversation Clear are not supported');
        }
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
    if (utf8Bytes(text) > LIMITS.maxTextBytes) throw new FrameError(ERROR_CODES.messageTooLong, 'message too long');
    // The session's duration and expiry, as strings (transport SDK
    // Response.healthCheckResponseWithSessionDuration), when this connection has a session.
    const session = connection.session && connection.session.token === frame.token ? connection.session : undefined;
    if (session) this.touch(session); // a health check is activity too
    const duration = session ? { metadata: { durationSeconds: String(Math.round(this.sessionTtlMs / 1000)), expirationDate: String(Math.floor(session.expiresAt / 1000)) } } : {};
    this.respond(connection, frame, {
      class: FRAME_CLASSES.structuredMessage,
      code: 200,
      body: { id: randomUUID(), type: WIRE.text, text, direction: WIRE.inbound, channel: { time: new Date(this.now()).toISOString() }, ...duration },
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
      // The guest left (Messenger.clear, the lab's Clear Session): the agent view says so, and a
      // reply is refused rather than sent to nobody (the emulator's choice; inferred).
      const conversation = this.conversations.get(session.conversationId);
      if (conversation) conversation.guestLeft = new Date(this.now()).toISOString();
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
