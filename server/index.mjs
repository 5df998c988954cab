import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { GuestService } from '../emulator/service/guest-service.mjs';
import { SECURITY_HEADERS, createGuard, generateAgentKey, isLoopbackBind } from './security.mjs';
import { serveStatic } from './static.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Where pages load the emulated runtime from, as they would load genesys.min.js. */
export const RUNTIME_PATH = '/emulator/genesys-runtime.js';

/**
 * The local server of `npm start`, the offline Genesys:
 *   /                     the demo lab page
 *   /agent/               the agent view
 *   /dist/                the bundle; /emulator/genesys-runtime.js the emulated Messenger runtime
 *   /emulator/agent/      the agent view's files
 *   /v1?deploymentId=…    the emulated Web Messaging service (WebSocket)
 *   /webdeployments/v1/deployments/<id>/config.json   the deployment's configuration
 *   /api/v2/webmessaging/messages                     the guest's history (Bearer JWT)
 *   /api/…                conversations as the "cloud" sees them (JSON), agent replies
 * `sessionTtlMs` (or `service`) sets how long guest sessions live.
 *
 * Access: off loopback (`host` other than 127.0.0.1, localhost, ::1), or with
 * `requireKey: true`, the agent's API needs `agentKey` (generated when not given; it is
 * `server.agentKey`). Whatever the bind, foreign Host names and cross-origin POSTs and
 * WebSocket upgrades are refused (403); see server/security.mjs.
 * @param {object} [options]
 * @param {number} [options.port]
 * @param {string} [options.host]
 * @param {number} [options.sessionTtlMs]
 * @param {string} [options.agentKey]
 * @param {boolean} [options.requireKey]
 * @param {string[]} [options.allowedHosts] more host names to answer to (ALLOWED_HOSTS)
 * @param {Record<string, number>} [options.limits] the service's own bounds (tests)
 * @param {GuestService} [options.service]
 */
export async function startServer({
  port = 8000,
  host = '127.0.0.1',
  sessionTtlMs = undefined,
  agentKey = undefined,
  requireKey = !isLoopbackBind(host),
  allowedHosts = [],
  limits = undefined,
  service = undefined,
} = {}) {
  const key = agentKey ?? (requireKey ? generateAgentKey() : undefined);
  service ??= new GuestService({ sessionTtlMs, agentKey: key, requireKey, limits });
  // A service made by the caller takes the server's access rule.
  if (!service.requireKey && requireKey) service.access.useKey(key);
  const mounts = {
    '/dist/': `${root}dist`,
    // Only the agent view: the service's source under emulator/ is not served.
    '/emulator/agent/': `${root}emulator/agent`,
    '/agent/': `${root}emulator/agent`,
    '/demo/': `${root}demo`,
  };
  /** @type {import('node:http').Server} */
  let server;
  const guard = createGuard({ bound: host, port: () => /** @type {import('node:net').AddressInfo} */ (server.address()).port, allowedHosts });
  server = createServer(async (req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    try {
      // The guest endpoints a page of another origin may call (the deployment decides).
      const guest = (req.url ?? '').split('?')[0] === '/api/journey';
      const refusal = guard.check(req, { guest });
      if (refusal) {
        res.writeHead(refusal.status, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end(`${refusal.message}\n`);
        return;
      }
      if (await service.handleHttp(req, res)) return;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end('Method not allowed');
        return;
      }
      const { pathname } = new URL(req.url ?? '/', 'http://localhost');
      if (pathname === '/' || pathname === '/index.html') req.url = '/demo/index.html';
      // The runtime is built (dist/emulator/) from emulator/runtime/ and the shared contract.
      if (pathname.startsWith(RUNTIME_PATH)) req.url = `/dist/emulator/${pathname.slice('/emulator/'.length)}`;
      if (pathname === '/favicon.ico') {
        res.writeHead(204).end();
        return;
      }
      if (pathname === '/agent') {
        res.writeHead(301, { Location: '/agent/' }).end();
        return;
      }
      if (!(await serveStatic(req, res, mounts))) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      }
    } catch (error) {
      service.safety.report(`serving ${req.method} ${String(req.url).slice(0, 100)}`, error);
      if (!res.headersSent) res.writeHead(500).end('Server error');
    }
  });
  // Every connection has an error listener from the moment the server sees it: a peer that
  // resets (a laptop leaving the Wi-Fi, a refused upgrade) must never end the process. Node
  // removes its own listener from a socket before 'upgrade'; this one stays. Connections are
  // also capped per client address there.
  server.on('connection', (socket) => service.admitConnection(socket));
  server.on('upgrade', (req, socket, head) => {
    try {
      const guest = (req.url ?? '').split('?')[0] === '/v1';
      const refusal = guard.check(req, { upgrade: true, guest });
      if (refusal) {
        socket.end(`HTTP/1.1 ${refusal.status} ${refusal.status === 403 ? 'Forbidden' : 'Bad Request'}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${refusal.message}\n`);
        return;
      }
      if (!service.handleUpgrade(req, socket, head)) socket.destroy();
    } catch (error) {
      service.safety.report('upgrading a connection', error);
      socket.destroy();
    }
  });
  // A malformed request line or oversized headers: 400 (or 431), never a crash.
  server.on('clientError', (error, socket) => {
    if (!socket.writable) return socket.destroy();
    const status = /** @type {{ code?: string }} */ (error).code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  server.on('close', () => service.close());
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  return Object.assign(server, { service, agentKey: key, requireKey });
}
