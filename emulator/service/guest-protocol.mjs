// @ts-check
import { Tokens } from './tokens.mjs';
import { randomUUID } from 'node:crypto';
import { ACTIONS, ERROR_CODES, FRAME_CLASSES, PATHS, WIRE, asParticipantData, customAttributesBytes, isDeploymentId, utf8Bytes } from '../../src/genesys/contract.js';
import { clientAddress } from './clients.mjs';
import { depthOf } from './journeys.mjs';
import { LIMITS } from './limits.mjs';
import { FrameError, tooMany, attributesTooLarge, describeValue } from './errors.mjs';
import { parseUrl, refuseUpgrade } from './http.mjs';
import { structured, clientMetadata, readAttributes, isObject, hashToken, presenceMessage } from './frames.mjs';
/** @typedef {import('./types.mjs').Socket} Socket */
/** @typedef {import('./types.mjs').Connection} Connection */
/** @typedef {import('./types.mjs').Session} Session */
/** @typedef {import('./types.mjs').StoredMessage} StoredMessage */
/** @typedef {import('./types.mjs').Conversation} Conversation */
/** @typedef {import('./types.mjs').AnyFrame} AnyFrame */

/**
 * The guest protocol (GENESYS.md §5): the WebSocket at /v1, frames in and frames out. Each
 * request is bounded and checked where it enters (rates per connection, session and client;
 * size, depth, tracingId), then answered by its action.
 */
export class GuestProtocol extends Tokens {
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
