// @ts-check
import { FlowApi } from './flow-api.mjs';
import { LIMITS, sessionTtlFromEnv } from './limits.mjs';
import { customAttributesBytes } from '../../src/genesys/contract.js';

export { LIMITS, sessionTtlFromEnv, customAttributesBytes };

/**
 * The emulated Web Messaging service: the Guest API (docs/guest-api.md) over a real WebSocket,
 * the deployment's config.json and the guest's history (JWT) on the same origin,
 * conversations in memory for the life of the process, and a small HTTP API for the agent
 * view and the tests. Built in parts, each a file of its own:
 *   limits.mjs          the bounds in force (Genesys's and the emulator's)
 *   state.mjs           the state, and frames out to a guest socket
 *   streams.mjs         the agent views' event stream
 *   sessions.mjs        guest sessions and conversations, within their bounds
 *   tokens.mjs          the guest's JWT (history)
 *   guest-actions.mjs   the guest's requests, one method an action
 *   guest-protocol.mjs  the WebSocket: connections admitted, frames bounded and parsed
 *   guest-http.mjs      HTTP for guests: config.json, history
 *   journey-api.mjs     Predictive Engagement over HTTP: the runtime's events, the Journey API's sessions
 *   agent-api.mjs       HTTP: the routes, student keys, deployment settings, the agent's API
 *   flow-api.mjs        where the data is used: the inbound flow run at the first message, the Agent Script, their HTTP
 *   flows.mjs           Architect's inbound message flow: actions checked, the lab's default, the runner
 *   agent-script.mjs    the Agent Script: template, inputs filled, outputs written back
 *   journeys.mjs        Predictive Engagement: visitors, GPE sessions, events, their platform shapes
 *   journey-input.mjs   what a client sends about Predictive Engagement, checked where it enters
 *   access.mjs, clients.mjs, safety.mjs, frames.mjs, errors.mjs, http.mjs
 * This class only adds the timers (sweeps, pings, keep-alives) and `close`.
 *
 * The facts (limits, codes, classes, paths, frame shapes) come from src/genesys/contract.js.
 * Where Genesys is silent, the choice made here says "inferred" (docs/guest-api.md#what-is-inferred).
 */
export class GuestService extends FlowApi {
  /**
   * @param {object} [options]
   * @param {() => number} [options.now] the clock, ms since the epoch (tests)
   * @param {number} [options.sessionTtlMs] how long a session may stay inactive (durationSeconds); default LIMITS.sessionTtlSeconds (72 h)
   * @param {number} [options.sweepMs] how often expired sessions are looked for; default a tenth of the TTL, 100 ms to 60 s
   * @param {string} [options.agentKey] the agent key (Bearer) that reads conversations and answers as the agent
   * @param {boolean} [options.requireKey] demand the agent key (off on loopback); needs agentKey
   * @param {Partial<typeof LIMITS>} [options.limits] the emulator's own bounds (tests, the bench); Genesys facts stay
   * @param {{ warn: (message: string) => void, error: (message: string, error: unknown) => void }} [options.log] where notices and errors go (console)
   */
  constructor(options = {}) {
    super(options);
    const { sweepMs } = options;
    const sessionTtlMs = this.sessionTtlMs;
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
