// @ts-check
/**
 * The WebSocket to the Web Messaging Guest API (docs/guest-api.md#connecting). Every request
 * carries a client-chosen `tracingId`; the service answers with the same one, and a pending request
 * is settled by it. Every frame that settles no request (messages, events, errors) goes to
 * `onFrame`; error frames go there too even when they also reject a request, so that the messaging
 * layer publishes each error once.
 */
import { FRAME_CLASSES } from '../../src/genesys/contract.js';
import { newId } from './util.js';

/** @typedef {import('../../src/genesys/contract.js').GuestRequest} GuestRequest */
/** @typedef {{ type?: string, class?: string, code?: number, body?: any, tracingId?: string }} Frame */

/** How long a request waits for its answer (inferred; the SDK's own timeouts are not documented). */
const REQUEST_TIMEOUT_MS = 10000;
/** Requests remembered so that their error frames are recognised (fire-and-forget sends too). */
const MAX_REMEMBERED = 64;

/** @param {Frame} frame */
export function isErrorFrame(frame) {
  return frame.class === FRAME_CLASSES.string || frame.class === FRAME_CLASSES.tooManyRequests;
}

/** The text of an error frame. @param {Frame} frame */
export function errorText(frame) {
  if (typeof frame.body === 'string') return frame.body;
  if (frame.body && typeof frame.body.errorMessage === 'string') return frame.body.errorMessage;
  return 'Error ' + frame.code;
}

export class FrameError extends Error {
  /** @param {Frame} frame */
  constructor(frame) {
    super(errorText(frame));
    this.frame = frame;
  }
}

/**
 * @typedef {object} Pending
 * @property {string} action
 * @property {string | null} expect the answer's class, or null for a send that waits for none
 * @property {(frame: Frame) => void} [resolve]
 * @property {(error: Error) => void} [reject]
 * @property {ReturnType<typeof setTimeout>} [timer]
 */

export class Transport {
  /**
   * @param {{
   *   url: () => string,
   *   onFrame: (frame: Frame, request: Pending | undefined) => void,
   *   onClose: (info: { intentional: boolean, wasOpen: boolean }) => void,
   *   record: (frame: GuestRequest) => void,
   * }} options
   */
  constructor(options) {
    this.options = options;
    /** @type {WebSocket | null} */
    this.socket = null;
    /** @type {Promise<void> | null} */
    this.opening = null;
    /** @type {Map<string, Pending>} by tracingId, oldest first */
    this.pending = new Map();
    this.intentional = false;
  }

  get isOpen() {
    return !!this.socket && this.socket.readyState === WebSocket.OPEN;
  }

  /** Opens the socket (once); resolves when it is open. */
  open() {
    if (this.isOpen) return Promise.resolve();
    if (this.opening) return this.opening;
    const url = this.options.url();
    this.intentional = false;
    this.opening = new Promise((resolve, reject) => {
      /** @type {WebSocket} */
      let socket;
      try {
        socket = new WebSocket(url);
      } catch (error) {
        this.opening = null;
        reject(new Error('Cannot reach the messaging service at ' + url + '.'));
        return;
      }
      this.socket = socket;
      let wasOpen = false;
      socket.addEventListener('open', () => {
        wasOpen = true;
        this.opening = null;
        resolve();
      });
      socket.addEventListener('message', (event) => {
        /** @type {Frame} */
        let frame;
        try {
          frame = JSON.parse(String(event.data));
        } catch {
          return;
        }
        if (frame && typeof frame === 'object') this.receive(frame);
      });
      socket.addEventListener('close', () => {
        if (this.socket !== socket) return;
        this.socket = null;
        this.opening = null;
        const reason = wasOpen ? 'The messaging service closed the connection.' : 'Cannot reach the messaging service at ' + url + '.';
        if (!wasOpen) reject(new Error(reason));
        this.failPending(reason);
        const intentional = this.intentional;
        this.intentional = false;
        this.options.onClose({ intentional, wasOpen });
      });
    });
    return this.opening;
  }

  /**
   * Sends a request and resolves with the answer of class `expect` carrying its tracingId.
   * @param {GuestRequest} frame
   * @param {string} expect
   * @returns {Promise<Frame>}
   */
  request(frame, expect) {
    return new Promise((resolve, reject) => {
      const tracingId = this.sendFrame(frame, { action: frame.action, expect, resolve, reject });
      const entry = this.pending.get(tracingId);
      if (entry) {
        entry.timer = setTimeout(() => {
          this.pending.delete(tracingId);
          reject(new Error(frame.action + ' got no answer from the messaging service.'));
        }, REQUEST_TIMEOUT_MS);
      }
    });
  }

  /**
   * Sends a request that waits for no answer; returns its tracingId.
   * @param {GuestRequest} frame
   */
  send(frame) {
    return this.sendFrame(frame, { action: frame.action, expect: null });
  }

  /**
   * @param {GuestRequest} frame
   * @param {Pending} pending
   */
  sendFrame(frame, pending) {
    if (!this.socket || !this.isOpen) throw new Error('Not connected to the messaging service.');
    const tracingId = frame.tracingId || newId();
    const out = /** @type {GuestRequest} */ (Object.assign({}, frame, { tracingId }));
    this.pending.set(tracingId, pending);
    this.forget();
    this.options.record(out);
    this.socket.send(JSON.stringify(out));
    return tracingId;
  }

  /** Keeps the map small: fire-and-forget entries are dropped oldest first. */
  forget() {
    if (this.pending.size <= MAX_REMEMBERED) return;
    for (const [id, entry] of this.pending) {
      if (this.pending.size <= MAX_REMEMBERED) break;
      if (!entry.resolve) this.pending.delete(id);
    }
  }

  /** @param {Frame} frame */
  receive(frame) {
    let id = frame.tracingId && this.pending.has(frame.tracingId) ? frame.tracingId : undefined;
    // A response without a tracingId (inferred fallback): it settles the oldest request
    // waiting for its class, an error response the oldest waiting request. A response with
    // a tracingId this client never sent settles nothing.
    if (!id && !frame.tracingId && frame.type === 'response') {
      for (const [key, entry] of this.pending) {
        if (entry.resolve && (entry.expect === frame.class || isErrorFrame(frame))) {
          id = key;
          break;
        }
      }
    }
    const entry = id ? this.pending.get(id) : undefined;
    if (id && entry) {
      if (isErrorFrame(frame)) {
        this.settle(id, entry);
        if (entry.reject) entry.reject(new FrameError(frame));
      } else if (entry.expect === frame.class && frame.type === 'response') {
        this.settle(id, entry);
        if (entry.resolve) entry.resolve(frame);
        return; // consumed by its request
      } else if (!entry.resolve) {
        this.pending.delete(id); // a send's echo: nothing waits for it
      }
    }
    this.options.onFrame(frame, entry);
  }

  /**
   * @param {string} id
   * @param {Pending} entry
   */
  settle(id, entry) {
    this.pending.delete(id);
    if (entry.timer) clearTimeout(entry.timer);
  }

  /** @param {string} reason */
  failPending(reason) {
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) {
      if (entry.timer) clearTimeout(entry.timer);
      if (entry.reject) entry.reject(new Error(reason));
    }
  }

  /** Closes the socket on purpose (no reconnect). */
  close() {
    if (!this.socket) return;
    this.intentional = true;
    try {
      this.socket.close(1000);
    } catch {
      /* already closing */
    }
  }

  /** Test hook: drops the socket as a network failure would (the runtime reconnects). */
  drop() {
    if (!this.socket) return false;
    this.intentional = false;
    this.socket.close(4000, 'simulated network failure');
    return true;
  }
}
