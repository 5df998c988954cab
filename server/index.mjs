import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { GuestService } from '../emulator/service/guest-service.mjs';
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
 */
export async function startServer({ port = 8000, host = '127.0.0.1', sessionTtlMs = undefined, service = new GuestService({ sessionTtlMs }) } = {}) {
  const mounts = {
    '/dist/': `${root}dist`,
    // Only the agent view: the service's source under emulator/ is not served.
    '/emulator/agent/': `${root}emulator/agent`,
    '/agent/': `${root}emulator/agent`,
    '/demo/': `${root}demo`,
  };
  const server = createServer(async (req, res) => {
    try {
      if (await service.handleHttp(req, res)) return;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end('Method not allowed');
        return;
      }
      const { pathname } = new URL(req.url, 'http://localhost');
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
      console.error(error);
      if (!res.headersSent) res.writeHead(500).end('Server error');
    }
  });
  server.on('upgrade', (req, socket, head) => {
    if (!service.handleUpgrade(req, socket, head)) socket.destroy();
  });
  server.on('close', () => service.close());
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return Object.assign(server, { service });
}
