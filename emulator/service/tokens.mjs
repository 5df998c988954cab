// @ts-check
import { Sessions } from './sessions.mjs';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { HttpError } from './errors.mjs';
import { isObject, base64url } from './frames.mjs';

/**
 * The guest's JWT for the history endpoint: `getJwt` over the socket signs one (HS256, this
 * process's secret, the hash of the session token, never the token), `sessionOfJwt` reads it.
 */
export class Tokens extends Sessions {
  /** @param {Record<string, unknown>} payload */
  signJwt(payload) {
    const head = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(payload))}`;
    return `${head}.${createHmac('sha256', this.jwtSecret).update(head).digest('base64url')}`;
  }

  /**
   * The session a bearer JWT is for, or an HttpError 401 saying why not.
   * @param {string | undefined} authorization
   */
  sessionOfJwt(authorization) {
    // Any case of the scheme (RFC 7235): the transport SDK sends "bearer" (WebMessagingApi.kt).
    const match = /^bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/i.exec(authorization ?? '');
    if (!match) throw new HttpError(401, 'Missing or malformed Authorization header: expected "Bearer <jwt>".');
    const [, header = '', payload = '', signature = ''] = match;
    const expected = createHmac('sha256', this.jwtSecret).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new HttpError(401, 'Invalid token signature.');
    /** @type {unknown} */
    let claims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw new HttpError(401, 'Invalid token.');
    }
    if (!isObject(claims) || typeof claims.exp !== 'number' || typeof claims.sub !== 'string') throw new HttpError(401, 'Invalid token.');
    if (claims.exp <= this.now() / 1000) throw new HttpError(401, 'The token has expired: ask for a new one with getJwt.');
    const session = this.sessionsByHash.get(claims.sub);
    if (!session || !this.liveSession(session.token)) throw new HttpError(401, 'The token\'s session has ended.');
    return session;
  }
}
