// @ts-check
import { GuestActions } from './guest-actions.mjs';
import { ACTIONS, ERROR_CODES, FRAME_CLASSES, PATHS, isDeploymentId } from '../../src/genesys/contract.js';
import { clientAddress } from './clients.mjs';
import { depthOf } from './journey-input.mjs';
import { LIMITS } from './limits.mjs';
import { FrameError, tooMany, describeValue, originRefused } from './errors.mjs';
import { parseUrl, refuseUpgrade } from './http.mjs';
import { isObject } from './frames.mjs';
/** @typedef {import('./types.mjs').Socket} Socket */
/** @typedef {import('./types.mjs').Connection} Connection */
/** @typedef {import('./types.mjs').Session} Session */
/** @typedef {import('./types.mjs').StoredMessage} StoredMessage */
/** @typedef {import('./types.mjs').Conversation} Conversation */
/** @typedef {import('./types.mjs').AnyFrame} AnyFrame */

/**
 * The guest protocol (docs/guest-api.md): the WebSocket at /v1. Connections are admitted per
 * client, and each frame is bounded and checked where it enters (rates per connection and per
 * client; size, depth, tracingId), then handed to its action (guest-actions.mjs).
 */
export class GuestProtocol extends GuestActions {
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
    // A page the deployment does not allow is refused, as Genesys refuses it (the SDK then
    // publishes GenesysJS.domainNotAllowed). The status and text are inferred.
    const origin = req.headers.origin;
    if (!this.deployments.allows(deploymentId, origin, req.headers.host ?? '')) {
      refuseUpgrade(socket, '403 Forbidden', originRefused(origin, deploymentId).error);
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
   * Rate limit: 60 requests a minute per connection (docs/guest-api.md#limits).
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

}
