import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/** The strict policy the demo runs under: no inline script or style, no eval. */
export const DEMO_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

/**
 * Serves files from `mounts` ({ '/dist/': '/abs/dist' , ... }); a path outside a mount's
 * folder is refused. Returns false when no mount matched, so the caller can go on.
 */
export async function serveStatic(req, res, mounts) {
  const url = new URL(req.url, 'http://localhost');
  let pathname;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    res.writeHead(400).end('Bad path');
    return true;
  }
  for (const [prefix, folder] of Object.entries(mounts)) {
    if (!pathname.startsWith(prefix)) continue;
    let file = normalize(join(folder, pathname.slice(prefix.length)));
    if (file !== folder && !file.startsWith(folder + sep)) {
      res.writeHead(403).end('Forbidden');
      return true;
    }
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file);
      }
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const headers = { 'Content-Type': type, 'Content-Length': info.size, 'Cache-Control': 'no-cache' };
      if (type.startsWith('text/html')) headers['Content-Security-Policy'] = DEMO_CSP;
      res.writeHead(200, headers);
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Not found: ${pathname}`);
    }
    return true;
  }
  return false;
}
