import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './static.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The local server of `npm start`: the demo lab page at `/`, the built bundle at
 * `/dist/`, and the offline Messenger runtime at `/emulator/`.
 */
export function startServer({ port = 8000, host = '127.0.0.1' } = {}) {
  const mounts = {
    '/dist/': `${root}dist`,
    '/emulator/': `${root}emulator`,
    '/demo/': `${root}demo`,
  };
  const server = createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end('Method not allowed');
        return;
      }
      const { pathname } = new URL(req.url, 'http://localhost');
      if (pathname === '/' || pathname === '/index.html') {
        req.url = '/demo/index.html';
      }
      if (!(await serveStatic(req, res, mounts))) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      }
    } catch (error) {
      console.error(error);
      if (!res.headersSent) res.writeHead(500).end('Server error');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
