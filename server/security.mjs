// The guard in front of every request of `npm start`'s server: the names it answers to (DNS
// rebinding), same-origin WebSockets and POSTs (cross-site requests), sane URLs, and the
// headers every response carries. The agent key itself is checked by the service.
import { randomBytes } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';

/** Headers on every response. */
export const SECURITY_HEADERS = Object.freeze({
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'SAMEORIGIN',
  // HTML pages replace this with their own policy (which keeps frame-ancestors 'self').
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'self'",
});

/** Longest request target accepted (the path and query); longer is a 400. */
export const MAX_URL_LENGTH = 4096;

/** Binds on which no agent key is needed: this machine only. */
export const isLoopbackBind = (host) => ['127.0.0.1', 'localhost', '::1'].includes(String(host).toLowerCase());

/** A new agent key: 24 random bytes, base64url (32 characters). */
export const generateAgentKey = () => randomBytes(24).toString('base64url');

/** The machine's non-internal IPv4 addresses: what students on the LAN can open. */
export function lanAddresses() {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);
}

/**
 * The host names the server answers to: loopback names, this machine's name and addresses,
 * the bound address, and `extra` (ALLOWED_HOSTS). Lower case; IPv6 in brackets.
 * @param {string} bound
 * @param {string[]} [extra]
 */
export function ownHostNames(bound, extra = []) {
  const names = new Set(['localhost', '127.0.0.1', '[::1]']);
  const name = hostname().toLowerCase();
  names.add(name);
  names.add(`${name}.local`);
  for (const a of Object.values(networkInterfaces()).flat()) {
    if (a) names.add(a.family === 'IPv6' ? `[${a.address.toLowerCase()}]` : a.address);
  }
  const b = String(bound).toLowerCase();
  if (b && b !== '0.0.0.0' && b !== '::') names.add(b.includes(':') ? `[${b}]` : b);
  for (const e of extra) if (e.trim()) names.add(e.trim().toLowerCase());
  return names;
}

/**
 * Splits a Host header (`name:port`, `[v6]:port`); undefined when malformed.
 * @param {string | undefined} host
 */
export function parseHost(host) {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]{1,253})(?::(\d{1,5}))?$/i.exec(host ?? '');
  if (!match) return undefined;
  return { name: /** @type {string} */ (match[1]).toLowerCase(), port: match[2] === undefined ? 80 : Number(match[2]) };
}

/**
 * Builds the guard for a server bound to `bound`; `port()` is the port it listens on.
 * @param {{ bound: string, port: () => number, allowedHosts?: string[] }} options
 */
export function createGuard({ bound, port, allowedHosts = [] }) {
  let names = ownHostNames(bound, allowedHosts);
  let refreshed = Date.now();
  /** Addresses change (Wi-Fi); look again at most every 30 s. */
  const known = (name) => {
    if (names.has(name)) return true;
    if (Date.now() - refreshed > 30_000) {
      names = ownHostNames(bound, allowedHosts);
      refreshed = Date.now();
    }
    return names.has(name);
  };

  /**
   * Why a request must be refused, or undefined when it may go on.
   * @param {import('node:http').IncomingMessage} req
   * @param {{ upgrade?: boolean, guest?: boolean }} [options] `guest`: a guest endpoint, whose
   *   Origin the service checks against the deployment's allowed domains
   * @returns {{ status: number, message: string } | undefined}
   */
  function check(req, { upgrade = false, guest = false } = {}) {
    const target = req.url ?? '';
    if (target.length > MAX_URL_LENGTH) return { status: 400, message: 'The URL is too long.' };
    if (!target.startsWith('/') || target.startsWith('//') || /[\0\s]/.test(target)) return { status: 400, message: 'Bad request URL.' };
    const path = target.split('?')[0] ?? '';
    try {
      if (decodeURIComponent(path).includes('\0')) return { status: 400, message: 'Bad request URL.' };
      new URL(target, 'http://localhost');
    } catch {
      return { status: 400, message: 'Bad request URL.' };
    }
    const host = parseHost(req.headers.host);
    if (!host) return { status: 400, message: 'A valid Host header is needed.' };
    // DNS rebinding: a page on evil.example whose name now points here still says evil.example.
    if (!known(host.name) || host.port !== port()) return { status: 403, message: 'This server does not answer to that host name.' };
    const stateChanging = upgrade || !['GET', 'HEAD', 'OPTIONS'].includes(req.method ?? 'GET');
    const origin = req.headers.origin;
    if (stateChanging && origin !== undefined && !guest) {
      // Same origin only (browsers); clients that send no Origin (Node, curl) are let through.
      let same = false;
      try {
        const o = new URL(origin);
        const originPort = o.port ? Number(o.port) : o.protocol === 'https:' ? 443 : 80;
        // The scheme too: this server speaks plain http (https only behind a TLS socket).
        const scheme = /** @type {{ encrypted?: boolean }} */ (req.socket)?.encrypted ? 'https:' : 'http:';
        same = o.protocol === scheme && o.hostname.toLowerCase() === host.name && originPort === host.port;
      } catch {
        same = false;
      }
      if (!same) return { status: 403, message: 'Cross-origin requests are refused.' };
    }
    return undefined;
  }
  return { check };
}
