// @ts-check
/**
 * Tokens of the agent side: who may act as the agent, over what.
 * - The instructor's agent key opens everything (every deployment, the room's statistics).
 * - A student key opens one deployment: its conversations (read, reply, end), its stream and
 *   its own statistics. It is given once, to whoever claims a deployment nobody holds yet
 *   (the lab page does when a student generates their deployment), and never again.
 * - Stream tickets: EventSource sends no headers, so an agent view swaps its key for a
 *   short-lived, single-use ticket, which carries the same scope.
 * On a loopback bind no key is needed: a request without one is the instructor.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Who is asking: the instructor (everything) or a student (one deployment).
 * @typedef {{ role: 'instructor' } | { role: 'student', deploymentId: string, keyHash: string }} Principal
 */

/** @param {string} text */
const sha256 = (text) => createHash('sha256').update(text).digest();

export const INSTRUCTOR = Object.freeze({ role: /** @type {'instructor'} */ ('instructor') });

export class Access {
  /**
   * @param {object} options
   * @param {string} [options.agentKey] the instructor's key
   * @param {boolean} options.requireKey demand a key (off on loopback)
   * @param {() => number} options.now
   * @param {{ maxStudentKeys: number, maxKeysPerClient: number, ticketMs: number }} options.limits
   */
  constructor({ agentKey, requireKey, now, limits }) {
    if (requireKey && !agentKey) throw new RangeError('requireKey needs an agentKey.');
    /** @type {Buffer | undefined} hash of the instructor's key (compared in constant time) */
    this.agentKeyHash = agentKey ? sha256(agentKey) : undefined;
    this.requireKey = requireKey;
    this.now = now;
    this.limits = limits;
    /** @type {Map<string, string>} deploymentId → hex hash of its student key */
    this.keyOfDeployment = new Map();
    /** @type {Map<string, string>} hex hash of a student key → its deploymentId */
    this.deploymentOfKey = new Map();
    /** @type {Map<string, number>} client address → student keys it claimed */
    this.keysOfClient = new Map();
    /** Signs stream tickets; new for every process. */
    this.ticketSecret = randomBytes(32);
    /** @type {Map<string, number>} ticket nonce → expiry (each used once) */
    this.usedTickets = new Map();
  }

  /**
   * Sets the instructor's key (and demands a key from now on), or, with undefined, drops it
   * (no key needed: loopback). For a server made around an existing service, and the tests.
   * @param {string | undefined} agentKey
   */
  useKey(agentKey) {
    this.agentKeyHash = agentKey ? sha256(agentKey) : undefined;
    this.requireKey = Boolean(agentKey);
  }

  /**
   * The key in `Authorization: Bearer <key>` (any case of the scheme), or undefined.
   * @param {string | undefined} authorization
   */
  static bearer(authorization) {
    const match = /^bearer (\S{1,512})$/i.exec(authorization ?? '');
    return match?.[1];
  }

  /**
   * Who the request's key makes it: the instructor, a student of one deployment, or nobody
   * (undefined: 401). Without a key on a loopback bind, the instructor.
   * @param {string | undefined} authorization
   * @returns {Principal | undefined}
   */
  principal(authorization) {
    const key = Access.bearer(authorization);
    if (key !== undefined) {
      const hash = sha256(key);
      if (this.agentKeyHash && timingSafeEqual(hash, this.agentKeyHash)) return INSTRUCTOR;
      const hex = hash.toString('hex');
      const deploymentId = this.deploymentOfKey.get(hex);
      if (deploymentId) return { role: 'student', deploymentId, keyHash: hex };
    }
    return this.requireKey ? undefined : INSTRUCTOR;
  }

  /**
   * A student key for `deploymentId`, once: `{status: 201, key}`, or 409 when the deployment
   * already has one (it is never given twice), 503 when the room's store of keys is full.
   * @param {string} deploymentId a UUID, already checked
   * @param {string} address the claiming client's
   * @returns {{ status: number, key?: string, error?: string }}
   */
  claim(deploymentId, address) {
    const id = deploymentId.trim().toLowerCase();
    if (this.keyOfDeployment.has(id)) {
      return { status: 409, error: `Deployment ${id} already has a key. Use the key you were given when you generated it, or ask the instructor.` };
    }
    const claimed = this.keysOfClient.get(address) ?? 0;
    // Off a room (loopback, no key needed) one person is the whole room: no per-address cap.
    if (this.requireKey && claimed >= this.limits.maxKeysPerClient) {
      return { status: 429, error: `Your address holds ${this.limits.maxKeysPerClient} student keys already: use one of them, or ask the instructor.` };
    }
    if (this.keyOfDeployment.size >= this.limits.maxStudentKeys) {
      return { status: 503, error: `The room holds ${this.limits.maxStudentKeys} student keys already: ask the instructor.` };
    }
    const key = `s-${randomBytes(24).toString('base64url')}`;
    const hex = sha256(key).toString('hex');
    this.keyOfDeployment.set(id, hex);
    this.deploymentOfKey.set(hex, id);
    this.keysOfClient.set(address, claimed + 1);
    return { status: 201, key };
  }

  /**
   * May `principal` act on `deploymentId`?
   * @param {Principal} principal
   * @param {string} deploymentId
   */
  static opens(principal, deploymentId) {
    return principal.role === 'instructor' || principal.deploymentId === deploymentId.trim().toLowerCase();
  }

  /**
   * A short-lived, single-use ticket for the event stream, with the principal's scope.
   * @param {Principal} principal
   */
  issueTicket(principal) {
    const expiry = this.now() + this.limits.ticketMs;
    const scope = principal.role === 'student' ? principal.keyHash : '*';
    const body = `${expiry}.${randomBytes(16).toString('base64url')}.${scope}`;
    return {
      ticket: `${body}.${createHmac('sha256', this.ticketSecret).update(body).digest('base64url')}`,
      expiresIn: Math.round(this.limits.ticketMs / 1000),
      deploymentId: principal.role === 'student' ? principal.deploymentId : null,
    };
  }

  /**
   * The principal a ticket was issued to, once, before its expiry; otherwise undefined.
   * @param {string | null} ticket
   * @returns {Principal | undefined}
   */
  redeemTicket(ticket) {
    const match = /^(\d{1,16})\.([A-Za-z0-9_-]{22})\.(\*|[0-9a-f]{64})\.([A-Za-z0-9_-]{43})$/.exec(ticket ?? '');
    if (!match) return undefined;
    const [, expiry = '', nonce = '', scope = '', signature = ''] = match;
    const expected = createHmac('sha256', this.ticketSecret).update(`${expiry}.${nonce}.${scope}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    if (Number(expiry) <= this.now() || this.usedTickets.has(nonce)) return undefined;
    this.usedTickets.set(nonce, Number(expiry));
    if (scope === '*') return INSTRUCTOR;
    const deploymentId = this.deploymentOfKey.get(scope);
    return deploymentId ? { role: 'student', deploymentId, keyHash: scope } : undefined;
  }

  /** Forgets used tickets past their expiry (run by the service's sweep). */
  sweep() {
    const now = this.now();
    for (const [nonce, expiry] of this.usedTickets) if (expiry <= now) this.usedTickets.delete(nonce);
  }
}
