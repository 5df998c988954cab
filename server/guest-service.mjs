/**
 * The emulated Web Messaging service: the Guest API of GENESYS.md §5 over a real WebSocket,
 * conversations in memory for the life of the process, and a small HTTP API for the agent
 * view and the tests.
 *
 * Where GENESYS.md names a frame's class but not its code or body, the choice made here is
 * marked "inferred" and kept close to HTTP's meaning (413 for too large, 429 for too many).
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { WebSocketServer } from 'ws';

import {
  LIMITS as GENESYS_LIMITS,
  customAttributesBytes,
  isCustomAttributes as isFlatObject,
  isDeploymentId,
  utf8Bytes,
} from '../src/genesys/contract.js';

export { customAttributesBytes };

export const LIMITS = Object.freeze({
  ...GENESYS_LIMITS,
  /** Largest frame accepted; the real service's is not documented (inferred). */
  maxFrameBytes: 64 * 1024,
  /** Largest HTTP request body the agent API reads. */
  maxBodyBytes: 16 * 1024,
});

const TOKEN = /^[A-Za-z0-9._:-]{8,128}$/;

const bytes = (text) => utf8Bytes(String(text));

class FrameError extends Error {
  constructor(code, body, className = 'string') {
    super(typeof body === 'string' ? body : JSON.stringify(body));
    this.code = code;
    this.body = body;
    this.className = className;
  }
}

export class GuestService extends EventEmitter {
  constructor({ now = () => Date.now() } = {}) {
    super();
    this.now = now;
    /** @type {Map<string, object>} conversation id → conversation */
    this.conversations = new Map();
    /** @type {Map<string, object>} guest token → session */
    this.sessions = new Map();
    /** Journey events (pageview, record), newest last. */
    this.journey = [];
    this.wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxFrameBytes });
  }

  // ---- WebSocket ----

  /** Takes the upgrade when it is for `/v1`; returns false otherwise, for other handlers. */
  handleUpgrade(req, socket, head) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/v1') return false;
    const deploymentId = url.searchParams.get('deploymentId') ?? '';
    if (!isDeploymentId(deploymentId)) {
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\ndeploymentId must be a UUID\n');
      return true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, deploymentId));
    return true;
  }

  accept(ws, deploymentId) {
    const connection = { ws, deploymentId, session: undefined, requests: [] };
    ws.on('message', (data, isBinary) => this.receive(connection, data, isBinary));
    ws.on('close', () => connection.session?.sockets.delete(ws));
    // A peer that breaks the protocol (oversized frame, bad close code) errors the socket; ws closes it.
    ws.on('error', () => connection.session?.sockets.delete(ws));
  }

  receive(connection, data, isBinary) {
    let frame;
    try {
      if (isBinary) throw new FrameError(400, 'Frames must be JSON text, not binary.');
      try {
        frame = JSON.parse(data.toString('utf8'));
      } catch {
        throw new FrameError(400, 'Invalid JSON: every frame must be one JSON object.');
      }
      if (frame === null || typeof frame !== 'object' || Array.isArray(frame)) {
        throw new FrameError(400, 'Every frame must be a JSON object with an "action".');
      }
      this.countRequest(connection);
      switch (frame.action) {
        case 'configureSession':
          return this.configureSession(connection, frame);
        case 'onMessage':
          return this.onMessage(connection, frame);
        case 'echo':
          return this.echo(connection, frame);
        case 'closeSession':
          return this.closeSession(connection, frame);
        default:
          throw new FrameError(400, `Unknown action ${JSON.stringify(String(frame.action ?? ''))}.`);
      }
    } catch (error) {
      if (error instanceof FrameError) {
        this.send(connection.ws, { type: 'response', class: error.className, code: error.code, body: error.body });
      } else {
        console.error('guest service: unexpected error', error);
        this.send(connection.ws, { type: 'response', class: 'string', code: 500, body: 'Internal error.' });
      }
    }
  }

  send(ws, frame) {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(JSON.stringify({ ...frame, tracingId: randomUUID() }));
  }

  configureSession(connection, frame) {
    const { token, deploymentId = connection.deploymentId, startNew = false } = frame;
    if (typeof token !== 'string' || !TOKEN.test(token)) {
      throw new FrameError(400, 'configureSession needs a "token": the guest\'s id, 8 to 128 characters.');
    }
    if (deploymentId !== connection.deploymentId) {
      throw new FrameError(400, 'The deploymentId does not match the one this connection was opened with.');
    }
    let session = this.sessions.get(token);
    if (session && session.deploymentId !== deploymentId) {
      throw new FrameError(403, 'This token belongs to another deployment.');
    }
    if (session && !session.sockets.has(connection.ws) && session.sockets.size >= LIMITS.connectionsPerSession) {
      // The limit is documented; its error's class and code are not (inferred).
      throw new FrameError(429, `A session has at most ${LIMITS.connectionsPerSession} connections at once.`);
    }
    let newSession = false;
    if (!session || startNew === true) {
      const conversation = this.createConversation(deploymentId, token);
      session = session ?? { token, deploymentId, sockets: new Set(), recent: [] };
      session.conversationId = conversation.id;
      this.sessions.set(token, session);
      newSession = true;
    }
    connection.session?.sockets.delete(connection.ws);
    connection.session = session;
    session.sockets.add(connection.ws);
    this.send(connection.ws, {
      type: 'response',
      class: 'SessionResponse',
      code: 200,
      body: {
        connected: true,
        newSession,
        readOnly: false,
        maxCustomDataBytes: LIMITS.maxCustomDataBytes,
        conversationId: session.conversationId,
      },
    });
    this.changed();
  }

  createConversation(deploymentId, token) {
    const conversation = {
      id: randomUUID(),
      deploymentId,
      token,
      createdAt: new Date(this.now()).toISOString(),
      messages: [],
      customAttributes: {},
      state: 'active',
    };
    this.conversations.set(conversation.id, conversation);
    return conversation;
  }

  sessionOf(connection, frame) {
    const session = connection.session;
    if (!session) throw new FrameError(400, 'No session on this connection: send configureSession first.');
    if (frame.token !== session.token) throw new FrameError(403, 'The token does not match this connection\'s session.');
    if (this.sessions.get(session.token) !== session) {
      throw new FrameError(400, 'This session was cleared: send configureSession to start a new one.');
    }
    return session;
  }

  /** Rate limit: 60 requests a minute per connection (GENESYS.md §5). */
  countRequest(connection) {
    const now = this.now();
    connection.requests = connection.requests.filter((t) => now - t < 60_000);
    if (connection.requests.length >= LIMITS.requestsPerMinute) {
      const retryAfter = Math.ceil((60_000 - (now - connection.requests[0])) / 1000);
      throw new FrameError(
        429,
        { retryAfter, errorCode: 4029, errorMessage: `More than ${LIMITS.requestsPerMinute} requests a minute on this connection.` },
        'TooManyRequestsErrorMessage',
      );
    }
    connection.requests.push(now);
  }

  /** Rate limit: 5 messages a second per session (GENESYS.md §5). */
  admit(session) {
    const now = this.now();
    session.recent = session.recent.filter((t) => now - t < 1000);
    if (session.recent.length >= LIMITS.messagesPerSecond) {
      throw new FrameError(
        429,
        { retryAfter: 1, errorCode: 4029, errorMessage: `More than ${LIMITS.messagesPerSecond} messages a second.` },
        'TooManyRequestsErrorMessage',
      );
    }
    session.recent.push(now);
  }

  onMessage(connection, frame) {
    const session = this.sessionOf(connection, frame);
    const message = frame.message;
    if (message === null || typeof message !== 'object' || Array.isArray(message)) {
      throw new FrameError(400, 'onMessage needs a "message" object.');
    }
    this.admit(session);
    const conversation = this.conversations.get(session.conversationId);
    if (message.type === 'Event') return this.onEvent(session, conversation, message);
    if (message.type !== 'Text') throw new FrameError(400, `Unsupported message type ${JSON.stringify(String(message.type ?? ''))}.`);
    if (typeof message.text !== 'string' || !message.text.trim()) throw new FrameError(400, 'A Text message needs "text".');
    if (bytes(message.text) > LIMITS.maxTextBytes) {
      throw new FrameError(413, `Message text is ${bytes(message.text)} bytes; the limit is ${LIMITS.maxTextBytes}.`);
    }
    const attributes = message.channel?.metadata?.customAttributes;
    if (attributes !== undefined) {
      if (!isFlatObject(attributes)) {
        throw new FrameError(400, 'customAttributes must be an object of string, number or boolean values.');
      }
      const size = customAttributesBytes(attributes);
      if (size > LIMITS.maxCustomDataBytes) {
        // The message fails as a whole (GENESYS.md §3); code 413 is inferred.
        throw new FrameError(413, `Custom attributes are ${size} bytes; the limit is ${LIMITS.maxCustomDataBytes}.`);
      }
    }
    const hasAttributes = attributes !== undefined && Object.keys(attributes).length > 0;
    const stored = {
      id: randomUUID(),
      direction: 'Inbound',
      type: 'Text',
      text: message.text,
      time: new Date(this.now()).toISOString(),
      ...(hasAttributes ? { customAttributes: { ...attributes } } : {}),
    };
    conversation.messages.push(stored);
    if (hasAttributes) Object.assign(conversation.customAttributes, attributes);
    this.broadcast(session, stored);
    this.changed();
  }

  onEvent(session, conversation, message) {
    const events = Array.isArray(message.events) ? message.events : [];
    const presence = events.find((e) => e?.eventType === 'Presence')?.presence?.type;
    if (presence === 'Join') {
      // Nothing to store; echoed as the real service does for events.
      this.broadcastFrame(session, { type: 'message', class: 'StructuredMessage', code: 200, body: { type: 'Event', direction: 'Inbound', events } });
      return;
    }
    if (presence === 'Clear') {
      // clearConversation: the conversation ends for good and the session with it.
      conversation.state = 'cleared';
      this.broadcastFrame(session, { type: 'message', class: 'SessionClearedEvent', code: 200, body: {} });
      this.sessions.delete(session.token);
      this.changed();
      return;
    }
    throw new FrameError(400, 'Unsupported event: only Presence Join and Clear are understood.');
  }

  broadcast(session, stored) {
    this.broadcastFrame(session, { type: 'message', class: 'StructuredMessage', code: 200, body: structured(stored) });
  }

  broadcastFrame(session, frame) {
    for (const ws of session.sockets) this.send(ws, frame);
  }

  echo(connection, frame) {
    const text = typeof frame.message?.text === 'string' ? frame.message.text : '';
    this.send(connection.ws, {
      type: 'response',
      class: 'StructuredMessage',
      code: 200,
      body: { type: 'Text', text, direction: 'Inbound' },
    });
  }

  closeSession(connection) {
    // Inferred: the connection ends; the session and its conversation stay resumable.
    this.send(connection.ws, { type: 'message', class: 'ConnectionClosedEvent', code: 200, body: {} });
    connection.session?.sockets.delete(connection.ws);
    connection.ws.close(1000, 'Session closed');
  }

  // ---- agent side ----

  /** The agent replies; the guest's open connections get it as an Outbound StructuredMessage. */
  reply(conversationId, text) {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return { status: 404, error: 'No such conversation.' };
    if (conversation.state !== 'active') return { status: 409, error: 'This conversation has ended.' };
    if (typeof text !== 'string' || !text.trim()) return { status: 400, error: 'A reply needs "text".' };
    if (bytes(text) > LIMITS.maxTextBytes) return { status: 413, error: `Replies are limited to ${LIMITS.maxTextBytes} bytes.` };
    const stored = { id: randomUUID(), direction: 'Outbound', type: 'Text', text, time: new Date(this.now()).toISOString() };
    conversation.messages.push(stored);
    const session = this.sessions.get(conversation.token);
    if (session?.conversationId === conversationId) this.broadcast(session, stored);
    this.changed();
    return { status: 201, message: stored };
  }

  recordJourney(event) {
    const { deploymentId, token, kind, data } = event ?? {};
    if (!isDeploymentId(deploymentId)) return { status: 400, error: 'deploymentId must be a UUID.' };
    if (kind !== 'pageview' && kind !== 'record') return { status: 400, error: 'kind must be "pageview" or "record".' };
    const session = typeof token === 'string' ? this.sessions.get(token) : undefined;
    const entry = {
      time: new Date(this.now()).toISOString(),
      deploymentId,
      kind,
      data: data ?? {},
      conversationId: session?.conversationId,
    };
    this.journey.push(entry);
    if (this.journey.length > 500) this.journey.shift();
    this.changed();
    return { status: 202, event: entry };
  }

  /** What `GET /api/conversations` returns. */
  list() {
    return [...this.conversations.values()].map((c) => ({
      id: c.id,
      deploymentId: c.deploymentId,
      state: c.state,
      createdAt: c.createdAt,
      messages: c.messages.map(({ direction, text, customAttributes, time }) => ({
        direction,
        text,
        ...(customAttributes ? { customAttributes } : {}),
        time,
      })),
      customAttributes: { ...c.customAttributes },
      journey: this.journey.filter((j) => j.conversationId === c.id),
    }));
  }

  history(token) {
    const session = this.sessions.get(token);
    const conversation = session && this.conversations.get(session.conversationId);
    return conversation ? conversation.messages.map(structured) : undefined;
  }

  changed() {
    this.emit('change');
  }

  // ---- HTTP ----

  /** Answers `/api/…`; returns false for any other path. */
  async handleHttp(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/api/')) return false;
    try {
      await this.route(req, res, url);
    } catch (error) {
      if (!res.headersSent) json(res, error.status ?? 500, { error: error.status ? error.message : 'Internal error.' });
      if (!error.status) console.error('guest service: unexpected error', error);
    }
    return true;
  }

  async route(req, res, url) {
    const path = url.pathname;
    if (path === '/api/conversations' && req.method === 'GET') return json(res, 200, this.list());
    const reply = /^\/api\/conversations\/([^/]+)\/messages$/.exec(path);
    if (reply && req.method === 'POST') {
      const body = await readJson(req);
      const result = this.reply(decodeURIComponent(reply[1]), body?.text);
      return json(res, result.status, result.error ? { error: result.error } : result.message);
    }
    if (path === '/api/journey' && req.method === 'POST') {
      const result = this.recordJourney(await readJson(req));
      return json(res, result.status, result.error ? { error: result.error } : result.event);
    }
    if (path === '/api/history' && req.method === 'GET') {
      const messages = this.history(url.searchParams.get('token') ?? '');
      return messages ? json(res, 200, { messages }) : json(res, 404, { error: 'No such session.' });
    }
    if (path === '/api/stream' && req.method === 'GET') return this.stream(req, res);
    if (['/api/conversations', '/api/journey', '/api/history', '/api/stream'].includes(path) || reply) {
      return json(res, 405, { error: `${req.method} is not allowed here.` });
    }
    return json(res, 404, { error: 'No such API.' });
  }

  /** Server-sent events: the whole list again whenever anything changes (the agent view). */
  stream(req, res) {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    let timer;
    const push = () => {
      clearTimeout(timer);
      // Coalesce bursts: one snapshot per 50 ms at most.
      timer = setTimeout(() => res.write(`event: conversations\ndata: ${JSON.stringify(this.list())}\n\n`), 50);
    };
    res.write(`event: conversations\ndata: ${JSON.stringify(this.list())}\n\n`);
    this.on('change', push);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearTimeout(timer);
      clearInterval(keepAlive);
      this.off('change', push);
    });
  }

  close() {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    this.removeAllListeners('change');
  }
}

/** A stored message as the Guest API's StructuredMessage body. */
function structured(stored) {
  return {
    id: stored.id,
    type: stored.type,
    text: stored.text,
    direction: stored.direction,
    originatingEntity: 'Human',
    channel: {
      time: stored.time,
      messageId: stored.id,
      ...(stored.customAttributes ? { metadata: { customAttributes: stored.customAttributes } } : {}),
    },
  };
}

function json(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > LIMITS.maxBodyBytes) {
        reject(Object.assign(new Error(`The body is over ${LIMITS.maxBodyBytes} bytes.`), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined);
      } catch {
        reject(Object.assign(new Error('The body is not valid JSON.'), { status: 400 }));
      }
    });
    req.on('error', reject);
  });
}
