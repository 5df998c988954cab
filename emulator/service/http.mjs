// @ts-check
/**
 * HTTP plumbing shared by the guest and agent endpoints: JSON answers, bodies read within their
 * bound, query parameters checked, CORS for the pages' reads, refusing an upgrade on a raw socket.
 */
import { isDeploymentId } from '../../src/genesys/contract.js';
import { LIMITS } from './limits.mjs';
import { HttpError } from './errors.mjs';
/** @typedef {import('./types.mjs').Connection} Connection */

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
export function json(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<unknown>}
 */
export function readJson(req) {
  return new Promise((resolve, reject) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
      reject(new HttpError(415, 'Send the body as application/json.'));
      return;
    }
    if (Number(req.headers['content-length'] ?? 0) > LIMITS.maxBodyBytes) {
      reject(new HttpError(413, `The body is over ${LIMITS.maxBodyBytes} bytes.`));
      return;
    }
    let size = 0;
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (chunk) => {
      if (size > LIMITS.maxBodyBytes) return; // already refused; the rest is dropped
      size += chunk.length;
      if (size > LIMITS.maxBodyBytes) {
        chunks.length = 0;
        reject(new HttpError(413, `The body is over ${LIMITS.maxBodyBytes} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > LIMITS.maxBodyBytes) return;
      try {
        resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined);
      } catch {
        reject(new HttpError(400, 'The body is not valid JSON.'));
      }
    });
    // The client went away mid-body (a reset, a closed laptop): nothing to answer, nothing wrong here.
    req.on('error', () => reject(new HttpError(400, 'The request was aborted.')));
  });
}

/**
 * @param {string | null} value
 * @param {number} fallback
 * @param {string} name
 * @param {number} max
 */
export function pageParam(value, fallback, name, max) {
  if (value === null || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > max) {
    throw new HttpError(400, `${name} must be a whole number from 1 to ${max}.`);
  }
  return n;
}

/**
 * `?deploymentId=`: undefined when absent; 400 when not a UUID.
 * @param {URLSearchParams} params
 */
export function deploymentParam(params) {
  const value = params.get('deploymentId');
  if (value === null || value === '') return undefined;
  if (!isDeploymentId(value)) throw new HttpError(400, 'deploymentId must be a UUID.');
  return value.trim().toLowerCase();
}

/** @param {string | undefined} raw */
export function parseUrl(raw) {
  try {
    return new URL(raw ?? '/', 'http://localhost');
  } catch {
    return undefined;
  }
}

/** @param {string} text */
export function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The history and config are read cross-origin by pages (inferred: Genesys's are). */
export const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
  'Access-Control-Allow-Methods': 'GET, OPTIONS',
};

/** @param {import('node:http').ServerResponse} res */
export function preflight(res) {
  res.writeHead(204, { ...CORS, 'Access-Control-Max-Age': '600' }).end();
}

/**
 * A refused upgrade: an HTTP answer on the raw socket, then closed.
 * @param {import('node:stream').Duplex} socket
 * @param {string} status e.g. "400 Bad Request"
 * @param {string} reason
 * @param {number} [retryAfter] seconds
 */
export function refuseUpgrade(socket, status, reason, retryAfter) {
  const retry = retryAfter ? `Retry-After: ${retryAfter}\r\n` : '';
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\n${retry}Connection: close\r\n\r\n${reason}\n`);
}
