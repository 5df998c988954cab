// @ts-check
/**
 * Clients: who is on the other end, by network address, and what each may take. A room's
 * students reach the server from different addresses, so per-client caps and rates keep one
 * laptop (a flood, a runaway script) from taking what the room shares: connections, sockets,
 * sessions, stored bytes, agent-view streams, the agent API and the Journey endpoint. Per-connection and per-session limits (Genesys's own)
 * stay where they are; these come on top. All bounds are the emulator's own (not Genesys
 * facts); their values are in LIMITS (limits.mjs).
 */

/**
 * The client's address, as one string per machine: an IPv4-mapped IPv6 address
 * (`::ffff:10.0.0.7`) is its IPv4 address.
 * @param {{ remoteAddress?: string } | undefined} socket
 */
export function clientAddress(socket) {
  const address = socket?.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * The rates a client is held to: at most `per` uses a minute, with bursts up to `per`
 * (a token bucket refilled evenly over the minute).
 * @typedef {'frames' | 'upgrades' | 'sessions' | 'journey' | 'claims' | 'api'} RateKind
 */

/**
 * @typedef {object} Client
 * @property {string} address
 * @property {number} connections open TCP connections (HTTP and WebSocket)
 * @property {number} sockets open WebSockets
 * @property {number} sessions guest sessions held
 * @property {number} conversations conversations kept that it started
 * @property {number} journeySessions Predictive Engagement (GPE) sessions kept that it created
 * @property {number} bytes bytes of messages and attributes kept in its conversations, and of its GPE sessions
 * @property {number} streams agent-view streams open
 * @property {number} answers large answers not yet sent in full
 * @property {Partial<Record<RateKind, { tokens: number, at: number }>>} buckets
 * @property {number} seen ms, last use
 */

export class ClientTable {
  /**
   * @param {object} options
   * @param {() => number} options.now
   * @param {Record<RateKind, number>} options.perMinute uses a minute per client, by kind
   * @param {number} options.maxClients clients remembered; beyond, the longest idle with nothing open are forgotten
   */
  constructor({ now, perMinute, maxClients }) {
    this.now = now;
    this.perMinute = perMinute;
    this.maxClients = maxClients;
    /** @type {Map<string, Client>} address → client, least recently seen first */
    this.clients = new Map();
  }

  /**
   * The client at `address` (made on first sight).
   * @param {string} address
   */
  get(address) {
    let client = this.clients.get(address);
    if (client) {
      this.clients.delete(address); // re-inserted below: the map stays in order of use
    } else {
      client = { address, connections: 0, sockets: 0, sessions: 0, conversations: 0, journeySessions: 0, bytes: 0, streams: 0, answers: 0, buckets: {}, seen: 0 };
      this.trim();
    }
    client.seen = this.now();
    this.clients.set(address, client);
    return client;
  }

  /** Forgets the least recently seen clients that hold nothing, down to maxClients - 1. */
  trim() {
    if (this.clients.size < this.maxClients) return;
    for (const [address, client] of this.clients) {
      if (this.clients.size < this.maxClients) return;
      if (!client.connections && !client.sockets && !client.sessions && !client.conversations && !client.journeySessions && !client.streams && !client.answers) this.clients.delete(address);
    }
  }

  /**
   * Takes one use of `kind` for the client at `address`: 0 when allowed, otherwise the
   * seconds until one is free again (the caller answers 429 with it).
   * @param {string} address
   * @param {RateKind} kind
   */
  take(address, kind) {
    const per = this.perMinute[kind];
    const client = this.get(address);
    const now = this.now();
    const bucket = client.buckets[kind] ?? { tokens: per, at: now };
    bucket.tokens = Math.min(per, bucket.tokens + ((now - bucket.at) * per) / 60_000);
    bucket.at = now;
    client.buckets[kind] = bucket;
    if (bucket.tokens < 1) return Math.max(1, Math.ceil(((1 - bucket.tokens) * 60_000) / per / 1000));
    bucket.tokens -= 1;
    return 0;
  }

  /**
   * Counts something the client holds (`sockets`, `sessions`, `conversations`, `journeySessions`, `streams`, …) up or down.
   * @param {string} address
   * @param {'connections' | 'sockets' | 'sessions' | 'conversations' | 'journeySessions' | 'bytes' | 'streams' | 'answers'} what
   * @param {number} by
   */
  count(address, what, by) {
    const client = this.get(address);
    client[what] = Math.max(0, client[what] + by);
    return client[what];
  }

  /**
   * How many of `what` the client at `address` holds now.
   * @param {string} address
   * @param {'connections' | 'sockets' | 'sessions' | 'conversations' | 'journeySessions' | 'bytes' | 'streams' | 'answers'} what
   */
  held(address, what) {
    return this.clients.get(address)?.[what] ?? 0;
  }

  get size() {
    return this.clients.size;
  }
}
