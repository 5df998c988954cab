// @ts-check
/**
 * The MessagingService plugin over the Guest API (docs/messenger-sdk.md#the-messagingservice-plugin,
 * docs/guest-api.md): the guest's session (its token kept in localStorage under
 * `_{deploymentId}:` keys, docs/messenger-sdk.md#storage), messages
 * out and in, the agent ending the conversation (read-only until resetConversation), history
 * after a page load (getJwt, then the history REST call with the JWT), and reconnecting
 * after an unexpected drop.
 */
import { ACTIONS, ERROR_CODES, FRAME_CLASSES, LIMITS, PATHS, WIRE, asParticipantData, sizeExceededPayload } from '../../src/genesys/contract.js';
import { errorText, FrameError, isErrorFrame, Transport } from './transport.js';
import { clone, messageOf, newId, storage } from './util.js';

/** @typedef {import('./bus.js').Bus} Bus */
/** @typedef {import('./database.js').DatabasePlugin} DatabasePlugin */
/** @typedef {import('./transport.js').Frame} Frame */
/** @typedef {import('../../src/genesys/contract.js').StructuredMessageBody} StructuredMessageBody */
/** @typedef {import('../../src/genesys/contract.js').GuestRequest} GuestRequest */

/** History page size asked for after a page load (the SDK's default is not documented; inferred). */
export const HISTORY_PAGE_SIZE = 25;
/** Reconnect delays: doubling from 500 ms up to 8 s, at most 8 tries (inferred; bounded). */
export const RECONNECT = Object.freeze({ firstDelayMs: 500, maxDelayMs: 8000, maxAttempts: 8 });

/**
 * @typedef {object} Session
 * @property {string} token
 * @property {boolean} configured a SessionResponse came on the current connection
 * @property {boolean} everConfigured
 * @property {boolean} readOnly the agent or flow ended the conversation
 * @property {boolean} offline the connection dropped and `offline` was published
 * @property {number | undefined} maxCustomDataBytes from the last SessionResponse
 * @property {Promise<void> | null} connecting
 */

/**
 * @typedef {object} Ui
 * @property {() => void} render
 * @property {(message: string) => void} error
 * @property {(message: StructuredMessageBody) => void} [received] a message came over the socket (not from history)
 */

/**
 * @param {{
 *   deploymentId: string,
 *   socketUrl: () => string,
 *   httpOrigin: () => string,
 *   bus: Bus,
 *   database: DatabasePlugin,
 *   journeyContext?: () => Promise<import('./journey.js').JourneyContext | undefined>,
 *   ui: () => Ui,
 *   state: { frames: unknown[], log: string[], transcript: StructuredMessageBody[], token?: string, readOnly?: boolean },
 *   isShutDown: () => boolean,
 * }} options
 */
export function createMessaging(options) {
  const { deploymentId, bus, database, state } = options;
  const transcript = state.transcript;
  const prefix = '_' + deploymentId + ':';
  // Which key holds what is Genesys's own business (docs/messenger-sdk.md#storage). The guest token
  // is under the emulator's own `gcmctoken` (no documented key holds it; `actmu` is Predictive
  // Engagement's visitor id: journey.js), reused only while `gcmcsessionActive` is set, so removing
  // the two keys the lab removes does end the session.
  const KEYS = { active: prefix + 'gcmcsessionActive', open: prefix + 'gcmcopn', token: prefix + 'gcmctoken' };

  /** @type {Session | null} */
  let session = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let reconnectTimer;
  let reconnectAttempt = 0;

  const transport = new Transport({
    url: options.socketUrl,
    record(frame) {
      state.frames.push(clone(frame));
      state.log.push('frame:' + frame.action);
    },
    onFrame: receive,
    onClose: closed,
  });

  const ui = () => options.ui();

  function storedToken() {
    return storage.get(KEYS.active) ? storage.get(KEYS.token) : null;
  }

  /** @param {string} token */
  function newSession(token) {
    /** @type {Session} */
    const created = { token, configured: false, everConfigured: false, readOnly: false, offline: false, maxCustomDataBytes: undefined, connecting: null };
    return created;
  }

  // ------------------------------------------------------------ session

  /**
   * Opens the socket and configures the session (the current one, or a new one).
   * @param {{ startNew?: boolean }} [how]
   * @returns {Promise<void>}
   */
  function configure(how = {}) {
    const current = session || (session = newSession(storedToken() || newId()));
    // The visitor's GPE session links the conversation to it (transport SDK JourneyContext.kt).
    const journey = options.journeyContext ? options.journeyContext().catch(() => undefined) : Promise.resolve(undefined);
    const attempt = Promise.all([transport.open(), journey])
      .then(([, journeyContext]) =>
        transport.request(
          /** @type {GuestRequest} */ ({
            action: ACTIONS.configureSession,
            token: current.token,
            deploymentId,
            ...(how.startNew ? { startNew: true } : {}),
            ...(journeyContext ? { journeyContext } : {}),
          }),
          FRAME_CLASSES.sessionResponse,
        ),
      )
      .then((frame) => {
        if (session !== current) throw new Error('The session ended while it was being configured.');
        configured(current, frame.body || {});
      })
      .catch((error) => {
        // Error frames were reported when they came; a connection that cannot be made is
        // reported here, once (not on every reconnect attempt).
        if (!(error instanceof FrameError) && session === current && !current.offline) reportError(messageOf(error));
        throw error;
      })
      .finally(() => {
        if (current.connecting === attempt) current.connecting = null;
      });
    current.connecting = attempt;
    return attempt;
  }

  /** Resolves once the session is configured on an open connection (configuring it if need be). */
  function ensureSession() {
    if (session && session.configured && transport.isOpen) return Promise.resolve();
    if (session && session.connecting) return session.connecting;
    return configure();
  }

  /**
   * A SessionResponse (docs/guest-api.md#sessionresponse): no conversation id; `readOnly` means disconnected.
   * @param {Session} current
   * @param {{ connected?: boolean, newSession?: boolean, readOnly?: boolean, maxCustomDataBytes?: number }} body
   */
  function configured(current, body) {
    if (body.connected === false) throw new Error('The messaging service did not connect the session.');
    const wasOffline = current.offline;
    const restoring = !current.everConfigured;
    current.configured = true;
    current.everConfigured = true;
    current.offline = false;
    current.readOnly = !!body.readOnly;
    if (typeof body.maxCustomDataBytes === 'number' && body.maxCustomDataBytes > 0) current.maxCustomDataBytes = body.maxCustomDataBytes;
    reconnectAttempt = 0;
    state.token = current.token;
    state.readOnly = current.readOnly;
    storage.set(KEYS.active, 'true');
    storage.set(KEYS.token, current.token);
    if (body.newSession) {
      transcript.length = 0;
      ui().render();
      bus.publish('MessagingService.started', { authenticated: false, newSession: true, readOnly: current.readOnly });
      bus.publish('Conversations.started', {});
    } else if (wasOffline) {
      ui().render();
      bus.publish('MessagingService.reconnected', {});
    } else if (restoring) {
      ui().render();
      loadHistory(current);
    } else {
      ui().render();
    }
  }

  /** The session is over on this page: forget it, and let held attributes travel again. */
  function endSession() {
    storage.remove(KEYS.active);
    storage.remove(KEYS.token);
    session = null;
    state.token = undefined;
    state.readOnly = false;
    stopReconnecting();
    database.reopen();
    transcript.length = 0;
    transport.close();
    ui().render();
  }

  // ------------------------------------------------------------ history

  /**
   * After a page load: `getJwt` over the socket, then the history REST call with the JWT.
   * Entities come newest first (inferred, as the REST API pages back in time); the chat shows
   * them oldest first. `restored` carries the page as the service sent it.
   * @param {Session} current
   */
  function loadHistory(current) {
    const url = options.httpOrigin() + PATHS.history + '?pageSize=' + HISTORY_PAGE_SIZE + '&pageNumber=1';
    transport
      .request(/** @type {GuestRequest} */ ({ action: ACTIONS.getJwt, token: current.token }), FRAME_CLASSES.jwtResponse)
      .then((frame) => {
        const jwt = frame.body && frame.body.jwt;
        if (typeof jwt !== 'string' || !jwt) throw new Error('getJwt answered without a JWT.');
        return fetch(url, { headers: { Authorization: 'Bearer ' + jwt } });
      })
      .then((res) => {
        if (!res.ok) throw new Error('history request answered ' + res.status);
        return res.json();
      })
      .then(
        (page) => {
          if (session !== current) return;
          const entities = Array.isArray(page && page.entities) ? page.entities : [];
          transcript.length = 0;
          transcript.push(...entities.slice().reverse());
          ui().render();
          bus.publish('MessagingService.restored', {
            messages: clone(entities),
            pageNumber: typeof page.pageNumber === 'number' ? page.pageNumber : 1,
            pageSize: typeof page.pageSize === 'number' ? page.pageSize : HISTORY_PAGE_SIZE,
          });
        },
        (error) => {
          if (session !== current) return;
          // Inferred: the conversation is back without its history; say so in the console.
          console.warn('Genesys emulator: could not fetch the conversation history: ' + messageOf(error));
          bus.publish('MessagingService.restored', { messages: [], pageNumber: 1, pageSize: HISTORY_PAGE_SIZE });
        },
      );
  }

  // ------------------------------------------------------------ frames in

  /**
   * @param {Frame} frame
   */
  function receive(frame) {
    const body = frame.body || {};
    switch (frame.class) {
      case FRAME_CLASSES.structuredMessage:
        if (frame.type === 'message') structuredMessage(body);
        return;
      case FRAME_CLASSES.sessionCleared:
        // Inferred: Presence Clear ends both the conversation and the session, so both events.
        endSession();
        bus.publish('MessagingService.conversationCleared', {});
        bus.publish('MessagingService.sessionCleared', {});
        return;
      case FRAME_CLASSES.sessionExpired:
        endSession();
        // Inferred: Genesys names no event for an expired session
        // (docs/messenger-sdk.md#undocumented-by-genesys); it is reported as an error.
        reportError('The session expired; the next message starts a new conversation.');
        return;
      case FRAME_CLASSES.connectionClosed:
        // The service closed this connection on purpose (another took over, or the session
        // was closed): no reconnect; a later message configures the session again (inferred).
        if (session) session.configured = false;
        transport.close();
        return;
      default:
        if (isErrorFrame(frame)) errorFrame(frame);
    }
  }

  /** @param {StructuredMessageBody} body */
  function structuredMessage(body) {
    if (body.type === WIRE.text) {
      transcript.push(clone(body));
      const view = ui();
      view.render();
      if (view.received) view.received(body);
      bus.publish('MessagingService.messagesReceived', { messages: [clone(body)] });
      return;
    }
    const events = Array.isArray(body.events) ? body.events : [];
    const disconnect = events.some(
      (event) => event && event.eventType === WIRE.presence && /** @type {any} */ (event).presence && /** @type {any} */ (event).presence.type === WIRE.disconnect,
    );
    if (body.type === WIRE.event && body.direction === WIRE.outbound && disconnect && session) {
      session.readOnly = true;
      state.readOnly = true;
      database.reopen();
      ui().render();
      bus.publish('MessagingService.conversationDisconnected', {});
    }
  }

  /** @param {Frame} frame */
  function errorFrame(frame) {
    const text = errorText(frame);
    // The service refused a message that carried the attributes: it did not carry them, so they
    // are pending again (the transport SDK's store on a message error: too long, too fast), or,
    // refused for their size (4013), dropped (its store's onError).
    const carried = Boolean(frame.tracingId && carrying.delete(frame.tracingId));
    if (frame.code === ERROR_CODES.customAttributesTooLarge) {
      if (carried) database.drop();
      bus.publish('MessagingService.customAttributesSizeExceeded', sizeExceededPayload(limit()));
    } else if (carried) {
      database.reopen();
    }
    reportError(text);
    // The token's session is over: the next message starts a new one with a new token.
    if (frame.code === ERROR_CODES.sessionExpired) endSession();
    // This connection has no session for the token: configure again before the next message (inferred).
    if (frame.code === ERROR_CODES.sessionNotFound && session) session.configured = false;
  }

  /** @param {string} text */
  function reportError(text) {
    ui().error(text);
    bus.publish('MessagingService.error', { error: text });
  }

  // ------------------------------------------------------------ offline, reconnected

  /** @param {{ intentional: boolean, wasOpen: boolean }} info */
  function closed(info) {
    const current = session;
    if (!current) return;
    const wasConfigured = current.configured;
    current.configured = false;
    if (info.intentional || options.isShutDown() || !wasConfigured) return;
    current.offline = true;
    bus.publish('MessagingService.offline', {});
    scheduleReconnect(current);
  }

  /** @param {Session} current */
  function scheduleReconnect(current) {
    stopReconnecting();
    if (reconnectAttempt >= RECONNECT.maxAttempts) {
      reportError('Lost the connection to the messaging service; send a message to try again.');
      reconnectAttempt = 0;
      return;
    }
    const delay = Math.min(RECONNECT.firstDelayMs * 2 ** reconnectAttempt, RECONNECT.maxDelayMs);
    reconnectAttempt += 1;
    reconnectTimer = setTimeout(() => {
      if (session !== current || options.isShutDown() || current.configured) return;
      // The same token, configured again; `configured()` publishes `reconnected`.
      ensureSession().catch(() => {
        if (session === current && !current.configured) scheduleReconnect(current);
      });
    }, delay);
  }

  function stopReconnecting() {
    if (reconnectTimer) clearTimeout(reconnectTimer);
    reconnectTimer = undefined;
  }

  // ------------------------------------------------------------ commands

  /** tracingIds of recent messages that carried custom attributes. */
  const carrying = new Set();
  /** An auto-start's Join is on its way (the deployment's autoStart). */
  let autoStarting = false;

  function limit() {
    return (session && session.maxCustomDataBytes) || LIMITS.maxCustomDataBytes;
  }

  const READ_ONLY = 'This conversation has ended; MessagingService.resetConversation starts a new one.';

  /**
   * Resolves once the frame is sent, not when the service answers (inferred: Genesys does not say
   * when sendMessage's callback runs: docs/messenger-sdk.md#undocumented-by-genesys); a refusal
   * comes as MessagingService.error.
   * @param {string} text
   */
  function sendMessage(text) {
    if (session && session.readOnly) return Promise.reject(new Error(READ_ONLY));
    return ensureSession().then(() => {
      const current = /** @type {Session} */ (session);
      if (current.readOnly) throw new Error(READ_ONLY);
      const tracingId = newId();
      bus.publish('MessagingService.sendingMessage', { message: { type: WIRE.text, tracingId, text } });
      const attributes = database.take();
      /** @type {any} */
      const message = { type: WIRE.text, text };
      // In the message's channel: since 2026-06-05 the only place Genesys reads them (the
      // frame's top-level channel is ignored). On the wire they are strings, as in the transport
      // SDK.
      if (attributes && Object.keys(attributes).length) {
        message.channel = { metadata: { customAttributes: asParticipantData(attributes) } };
        carrying.add(tracingId);
        // Bounded: only recent requests can still be answered with an error.
        if (carrying.size > 32) carrying.delete(/** @type {string} */ (carrying.values().next().value));
      }
      try {
        transport.send(/** @type {GuestRequest} */ ({ action: ACTIONS.onMessage, token: current.token, tracingId, message }));
      } catch (error) {
        if (attributes) database.reopen();
        throw error;
      }
    });
  }

  /** @param {unknown} event */
  function sendEvent(event) {
    const current = /** @type {Session} */ (session);
    transport.send(
      /** @type {GuestRequest} */ ({ action: ACTIONS.onMessage, token: current.token, message: { type: WIRE.event, events: [event] } }),
    );
  }

  function isActive() {
    return !!session && session.configured && transport.isOpen;
  }

  /** @type {Record<string, (options: any) => unknown>} */
  const commands = {
    'MessagingService.startConversation'() {
      // Rejects while a conversation is active (docs/messenger-sdk.md#the-messagingservice-plugin),
      // a restored one included.
      const existing = session ? ensureSession().then(() => true, () => false) : Promise.resolve(false);
      return existing.then((active) => {
        // Inferred (docs/messenger-sdk.md#undocumented-by-genesys): Genesys says startConversation
        // rejects while a conversation is active; a read-only one counts.
        if (active && session && session.readOnly) throw new Error('The conversation is read-only: use MessagingService.resetConversation.');
        if (active) throw new Error('A conversation is already active.');
        return ensureSession();
      });
    },
    'MessagingService.resetConversation'() {
      // Only on a read-only (disconnected) conversation; it starts a new one.
      if (!session || !session.readOnly) {
        return Promise.reject(new Error('resetConversation works only when the conversation was disconnected (read-only).'));
      }
      return ensureSession().then(() => configure({ startNew: true }));
    },
    'MessagingService.sendMessage'(opts) {
      const text = opts && typeof opts.message === 'string' ? opts.message : '';
      if (!text.trim()) throw new Error('sendMessage needs a non-empty "message".');
      return sendMessage(text);
    },
    'MessagingService.sendTyping'() {
      // Inferred: with no conversation on an open connection there is nobody to tell.
      if (!isActive() || (session && session.readOnly)) return undefined;
      sendEvent({ eventType: WIRE.typing, typing: { type: 'On' } });
      return undefined;
    },
    // Inferred: Genesys names fetchHistory without its answer
    // (docs/messenger-sdk.md#undocumented-by-genesys); this is what the chat shows.
    'MessagingService.fetchHistory'() {
      return clone(transcript);
    },
    'MessagingService.clearConversation'() {
      if (!isActive()) throw new Error('There is no conversation to clear.');
      sendEvent({ eventType: WIRE.presence, presence: { type: WIRE.clear } });
      return undefined;
    },
    'MessagingService.clearSession'() {
      closeSession();
      endSession();
      bus.publish('MessagingService.sessionCleared', {});
    },
  };

  /** `closeSession` with `closeAllConnections` (Messenger.clear, clearSession). */
  function closeSession() {
    if (!isActive()) return;
    const current = /** @type {Session} */ (session);
    try {
      transport.send(/** @type {GuestRequest} */ ({ action: ACTIONS.closeSession, token: current.token, closeAllConnections: true }));
    } catch {
      /* the connection went already */
    }
    database.reopen();
  }

  return {
    KEYS,
    commands,
    limit,
    /** After the ready events: a guest with an active session gets it back. */
    restore() {
      if (storedToken()) configure().catch(() => {});
    },
    /** Messenger.clear: closes the session on the service and drops the socket. */
    shutDown() {
      closeSession();
      stopReconnecting();
      session = null;
      transport.close();
    },
    /**
     * Auto-start (the deployment's `autoStart`, from config.json): when Messenger opens with no
     * conversation yet, start one with a Presence Join carrying the pending custom attributes,
     * as Genesys's transport SDK does (its MessagingClientCustomAttributesTest). A restored
     * conversation needs none.
     * @returns {Promise<void>}
     */
    autoStart() {
      // Once: a second open before the first Join is answered starts nothing more.
      if (storedToken() || autoStarting) return Promise.resolve();
      autoStarting = true;
      return ensureSession().then(() => {
        const current = /** @type {Session} */ (session);
        if (current.readOnly) return;
        const tracingId = newId();
        const attributes = database.take();
        /** @type {any} */
        const message = { type: WIRE.event, events: [{ eventType: WIRE.presence, presence: { type: WIRE.join } }] };
        if (attributes && Object.keys(attributes).length) {
          message.channel = { metadata: { customAttributes: asParticipantData(attributes) } };
          carrying.add(tracingId);
        }
        try {
          transport.send(/** @type {GuestRequest} */ ({ action: ACTIONS.onMessage, token: current.token, tracingId, message }));
        } catch (error) {
          if (attributes) database.reopen();
          throw error;
        }
      });
    },
    /** The message the chat window shows when a send fails. */
    reportError,
    isReadOnly: () => !!session && session.readOnly,
    token: () => (session ? session.token : storedToken()),
    /** Test hook: drop the socket as a network failure would. */
    dropConnection: () => transport.drop(),
  };
}

/** @typedef {ReturnType<typeof createMessaging>} Messaging */
