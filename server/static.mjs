import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { ENVIRONMENTS, genesysOrigins } from '../src/genesys/contract.js';

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

/**
 * The demo's policy: no inline script or style, no eval, and, for "Messenger from: Genesys
 * Cloud", the real Genesys origins of every environment (src/genesys/contract.js):
 *   script-src, connect-src, frame-src and img-src: genesysOrigins() of each (what Genesys
 *   documents, and what is inferred, is written there: docs/messenger-sdk.md#what-is-inferred)
 * Everything else stays 'self' (or 'none').
 */
export function demoCsp(environments = ENVIRONMENTS) {
  const domains = [...new Set(Object.values(environments))];
  const origins = domains.map((domain) => genesysOrigins(domain));
  const all = (kind) => origins.flatMap((o) => o[kind]).join(' ');
  return [
    "default-src 'self'",
    `script-src 'self' ${all('script')}`,
    "style-src 'self'",
    `connect-src 'self' ws: wss: ${all('connect')}`,
    `img-src 'self' data: ${all('img')}`,
    `frame-src 'self' ${all('frame')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/** The strict policy the demo runs under (see demoCsp). */
export const DEMO_CSP = demoCsp();

/** The agent view's policy: its own files and its own origin only. */
export const AGENT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

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
      /** @type {Record<string, string | number>} */
      const headers = { 'Content-Type': type, 'Content-Length': info.size, 'Cache-Control': 'no-cache' };
      if (type.startsWith('text/html')) headers['Content-Security-Policy'] = prefix.includes('agent') ? AGENT_CSP : DEMO_CSP;
      // The bundle and the runtime are public scripts a page of any origin may load (a module
      // script from another origin needs CORS): an author's own local page uses npm start's.
      if (prefix === '/dist/' && /\.m?js$/.test(file)) headers['Access-Control-Allow-Origin'] = '*';
      res.writeHead(200, headers);
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    } catch {
      // The path is not echoed: a 404 page that repeats the URL is a reflection vector.
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    }
    return true;
  }
  return false;
}
