// A small Guest API client for the conformance suite: a plain `ws` socket, every frame
// received kept in order, and waits for "the next frame that matches" with a timeout.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { FRAME_CLASSES, PATHS } from '../../../src/genesys/contract.js';

/** Per wait; well under the test runner's patience. */
export const WAIT_MS = 2000;

/** Every socket opened, so a suite can close what a failing test left open. */
const open = new Set();

export function closeAllClients() {
  for (const client of open) client.terminate();
  open.clear();
}

/** A frame the service sends in answer to a request (including errors and rate limits). */
export const isResponse = (f) =>
  f.type === 'response' || f.class === FRAME_CLASSES.string || f.class === FRAME_CLASSES.tooManyRequests;

export const ofClass = (cls) => (f) => f.class === cls;

export class GuestClient {
  /** @param {WebSocket} ws */
  constructor(ws) {
    this.ws = ws;
    /** Every frame received, in order (`{ raw }` for one that is not JSON). */
    this.frames = [];
    /** Frames not yet taken by `next`. */
    this.unread = [];
    /** Every tracingId this client sent. */
    this.sentTracingIds = new Set();
    /** @type {Array<{ predicate: (f: any) => boolean, resolve: (f: any) => void }>} */
    this.waiters = [];
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
    this.isClosed = false;
    // A socket error after opening shows as a close; never an unhandled 'error' event.
    ws.on('error', () => {});
    ws.once('close', () => {
      this.isClosed = true;
      open.delete(this);
    });
    ws.on('message', (data, isBinary) => {
      let frame;
      try {
        frame = JSON.parse(String(data));
      } catch {
        frame = { raw: String(data), isBinary };
      }
      this.frames.push(frame);
      const i = this.waiters.findIndex((w) => w.predicate(frame));
      if (i >= 0) this.waiters.splice(i, 1)[0].resolve(frame);
      else this.unread.push(frame);
    });
  }

  /** Send a frame (an object is JSON-encoded; a string or Buffer goes as it is). */
  send(frame, options) {
    if (frame && typeof frame === 'object' && !Buffer.isBuffer(frame) && typeof frame.tracingId === 'string') {
      this.sentTracingIds.add(frame.tracingId);
    }
    this.ws.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame), options ?? {});
  }

  /**
   * The first unread frame matching `predicate` (taken out of the unread list), or a
   * rejection after `timeout` ms naming what was awaited and what did arrive.
   */
  next(predicate = () => true, { timeout = WAIT_MS, what = 'a frame' } = {}) {
    const i = this.unread.findIndex(predicate);
    if (i >= 0) return Promise.resolve(this.unread.splice(i, 1)[0]);
    return new Promise((resolve, reject) => {
      const waiter = {
        predicate,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        const seen = this.frames.map((f) => JSON.stringify(f).slice(0, 200)).join('\n    ');
        reject(new Error(`no ${what} within ${timeout} ms; frames received:\n    ${seen || '(none)'}`));
      }, timeout);
      this.waiters.push(waiter);
    });
  }

  /** Send a request with a fresh `tracingId` (unless it has one) and wait for its response. */
  async request(frame, { timeout } = {}) {
    const tracingId = frame.tracingId ?? randomUUID();
    this.send({ ...frame, tracingId });
    this.sentTracingIds.add(tracingId);
    // Ours: the same tracingId, or (from a service that drops or rewrites it) a response whose
    // tracingId is none of the other requests' on this socket. The tracingId test checks it exactly.
    const ours = (f) => f.tracingId === tracingId || (isResponse(f) && !this.sentTracingIds.has(f.tracingId));
    const response = await this.next(ours, {
      timeout,
      what: `response to ${frame.action} (tracingId ${tracingId})`,
    });
    return Object.assign(response, { sentTracingId: tracingId });
  }

  /** Frames received so far that nobody took yet, without taking them. */
  peek(predicate = () => true) {
    return this.unread.filter(predicate);
  }

  close() {
    this.ws.close();
    return this.closed;
  }

  terminate() {
    this.ws.terminate();
  }
}

/**
 * Open a guest socket on `origin` (`127.0.0.1:port`). Resolves once open; rejects with
 * `{ refused: true, status }` when the upgrade is refused.
 */
export function connect(origin, { deploymentId, application = 'gc-lab-conformance-1.0.0', path = PATHS.socket, query } = {}) {
  const search = query ?? `deploymentId=${encodeURIComponent(deploymentId)}&application=${encodeURIComponent(application)}`;
  const ws = new WebSocket(`ws://${origin}${path}?${search}`);
  const client = new GuestClient(ws);
  open.add(client);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(Object.assign(new Error('socket did not open'), { refused: false, timeout: true }));
    }, WAIT_MS);
    ws.once('open', () => {
      clearTimeout(timer);
      resolve(client);
    });
    ws.once('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      res.resume();
      ws.terminate();
      reject(Object.assign(new Error(`upgrade refused: HTTP ${res.statusCode}`), { refused: true, status: res.statusCode }));
    });
    ws.once('error', (error) => {
      clearTimeout(timer);
      reject(Object.assign(error, { refused: true }));
    });
  });
}

/** A random guest session token, as the SDK makes them. */
export const newToken = () => randomUUID();
