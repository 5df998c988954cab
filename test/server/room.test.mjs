// The server as a room of ~40 students uses it (HOST=0.0.0.0): the agent key, same-origin
// and own-host rules, safe HTTP answers, bounded event streams and stores, paging, the
// deployment filter, dead sockets, rate limits for garbage, and prototype keys as data.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { startServer } from '../../server/index.mjs';
import { DEMO_CSP } from '../../server/static.mjs';
import { ENVIRONMENTS } from '../../src/genesys/contract.js';
import { journeyBody } from './support/journey.mjs';

const KEY = 'a-room-key-for-the-tests-0123456789';
const servers = [];

/** A server; `requireKey` forces the room's key mode on loopback. */
async function serve(options = {}) {
  const server = await startServer({ port: 0, ...options });
  servers.push(server);
  return { server, at: `127.0.0.1:${server.address().port}`, service: server.service };
}
after(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

/** A raw HTTP request (any Host, any path, no fetch normalisation). */
function raw(at, { method = 'GET', path = '/', headers = {}, body } = {}) {
  const [host, port] = at.split(':');
  return new Promise((resolve, reject) => {
    const req = request({ host, port: Number(port), method, path, headers: { Host: at, ...headers } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

async function guest(at, deploymentId = randomUUID(), options = {}) {
  const ws = new WebSocket(`ws://${at}/v1?deploymentId=${deploymentId}`, options);
  const frames = [];
  const waiters = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data));
    frames.push(frame);
    for (const w of [...waiters]) if (w.test(frame)) waiters.splice(waiters.indexOf(w), 1) && w.resolve(frame);
  });
  ws.on('error', () => {});
  const closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const token = randomUUID();
  const next = (test, ms = 3000) =>
    new Promise((resolve, reject) => {
      const seen = frames.find(test);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error('no such frame')), ms);
      waiters.push({ test, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  return {
    ws,
    token,
    deploymentId,
    frames,
    closed,
    next,
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    async configure() {
      ws.send(JSON.stringify({ action: 'configureSession', token, deploymentId }));
      return next((f) => f.class === 'SessionResponse');
    },
    async say(text, customAttributes) {
      ws.send(JSON.stringify({ action: 'onMessage', token, message: { type: 'Text', text, ...(customAttributes ? { channel: { metadata: { customAttributes } } } : {}) } }));
      return next((f) => f.class === 'StructuredMessage' && f.body.text === text);
    },
  };
}

describe('access: the agent key off loopback', () => {
  let at;
  before(async () => ({ at } = await serve({ agentKey: KEY, requireKey: true })));
  const bearer = { Authorization: `Bearer ${KEY}` };

  it('reading conversations, the stream and answering as the agent need the key; guests need none', async () => {
    const g = await guest(at);
    await g.configure();
    await g.say('hello');
    assert.equal((await raw(at, { path: '/api/conversations' })).status, 401);
    assert.equal((await raw(at, { path: '/api/conversations', headers: { Authorization: 'Bearer wrong-key' } })).status, 401);
    assert.equal((await raw(at, { path: '/api/stream' })).status, 401);
    assert.equal((await raw(at, { path: `/api/stream?key=${KEY}` })).status, 401, 'the key in a URL is not accepted');
    const list = JSON.parse((await raw(at, { path: `/api/conversations?deploymentId=${g.deploymentId}`, headers: bearer })).text);
    assert.equal(list.length, 1);
    const reply = (headers) =>
      raw(at, { method: 'POST', path: `/api/conversations/${list[0].id}/messages`, headers: { 'Content-Type': 'application/json', ...headers }, body: '{"text":"hi"}' });
    assert.equal((await reply({})).status, 401);
    assert.equal((await reply(bearer)).status, 201);
    // Guests: config, Journey and the socket stay open.
    assert.equal((await raw(at, { path: `/webdeployments/v1/deployments/${g.deploymentId}/config.json` })).status, 200);
    const journey = await raw(at, { method: 'POST', path: '/api/journey', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(journeyBody(g.deploymentId)) });
    assert.equal(journey.status, 202);
    g.ws.close();
  });

  it('the stream takes a single-use ticket from an authenticated POST (EventSource sends no headers)', async () => {
    assert.equal((await raw(at, { method: 'POST', path: '/api/stream/ticket' })).status, 401);
    const { ticket } = JSON.parse((await raw(at, { method: 'POST', path: '/api/stream/ticket', headers: bearer })).text);
    const stream = await new Promise((resolve) => {
      const req = request({ host: '127.0.0.1', port: Number(at.split(':')[1]), path: `/api/stream?ticket=${encodeURIComponent(ticket)}` }, resolve);
      req.end();
    });
    assert.equal(stream.statusCode, 200);
    const first = await new Promise((resolve) => stream.once('data', (c) => resolve(String(c))));
    assert.match(first, /retry: 2000|event: snapshot/);
    stream.destroy();
    assert.equal((await raw(at, { path: `/api/stream?ticket=${encodeURIComponent(ticket)}` })).status, 401, 'a ticket works once');
  });

  it('a generated key is long and random when none is given', async () => {
    const { server } = await serve({ requireKey: true });
    assert.match(server.agentKey, /^[A-Za-z0-9_-]{32}$/);
    const { server: other } = await serve({ requireKey: true });
    assert.notEqual(server.agentKey, other.agentKey);
  });

  it('on loopback (the default bind) no key is needed', async () => {
    const { at: local, server } = await serve();
    assert.equal(server.requireKey, false);
    assert.equal((await raw(local, { path: '/api/conversations' })).status, 200);
  });
});

describe('requests a room server refuses', () => {
  let at;
  before(async () => ({ at } = await serve()));

  it('WebSocket upgrades and POSTs from a foreign Origin: 403; same origin and no Origin pass', async () => {
    const id = randomUUID();
    const refused = await new Promise((resolve) => {
      const ws = new WebSocket(`ws://${at}/v1?deploymentId=${id}`, { origin: 'http://evil.example' });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.on('open', () => resolve('open'));
      ws.on('error', () => {});
    });
    assert.equal(refused, 403);
    const same = new WebSocket(`ws://${at}/v1?deploymentId=${id}`, { origin: `http://${at}` });
    await new Promise((resolve, reject) => (same.once('open', resolve), same.once('error', reject)));
    same.close();
    const post = (headers) => raw(at, { method: 'POST', path: '/api/journey', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(journeyBody(id, { kind: 'record', data: { eventName: 'Test' } })) });
    assert.equal((await post({ Origin: 'http://evil.example' })).status, 403);
    assert.equal((await post({ Origin: 'null' })).status, 403);
    assert.equal((await post({ Origin: `http://${at}` })).status, 202);
    assert.equal((await post({})).status, 202);
  });

  it('a Host that is not one of the server\'s names (DNS rebinding), or the wrong port: 403', async () => {
    const port = at.split(':')[1];
    assert.equal((await raw(at, { path: '/api/conversations', headers: { Host: `evil.example:${port}` } })).status, 403);
    assert.equal((await raw(at, { path: '/', headers: { Host: `localhost:${Number(port) + 1}` } })).status, 403);
    assert.equal((await raw(at, { path: '/', headers: { Host: `localhost:${port}` } })).status, 200);
    const upgrade = await new Promise((resolve) => {
      const ws = new WebSocket(`ws://${at}/v1?deploymentId=${randomUUID()}`, { headers: { Host: `evil.example:${port}` } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.on('open', () => resolve('open'));
      ws.on('error', () => {});
    });
    assert.equal(upgrade, 403);
  });

  it('POST bodies: application/json only (415), over the limit 413', async () => {
    const id = randomUUID();
    const form = await raw(at, { method: 'POST', path: '/api/journey', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=b' });
    assert.equal(form.status, 415);
    const plain = await raw(at, { method: 'POST', path: '/api/journey', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ deploymentId: id, kind: 'record' }) });
    assert.equal(plain.status, 415);
    const big = await raw(at, { method: 'POST', path: '/api/journey', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ deploymentId: id, kind: 'record', data: 'x'.repeat(20_000) }) });
    assert.equal(big.status, 413);
  });

  it('every response carries nosniff, a Referrer-Policy and a frame-ancestors rule; a 404 does not echo the path', async () => {
    for (const path of ['/', '/agent/', '/api/conversations', '/nope-<script>alert(1)</script>', '/dist/nothing-<b>here</b>.js']) {
      const res = await raw(at, { path });
      assert.equal(res.headers['x-content-type-options'], 'nosniff', path);
      assert.equal(res.headers['referrer-policy'], 'no-referrer', path);
      assert.match(res.headers['content-security-policy'] ?? '', /frame-ancestors 'self'/, path);
      assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN', path);
      if (res.status === 404) assert.ok(!res.text.includes('script') && !res.text.includes('<b>'), `404 echoes the path: ${res.text}`);
    }
  });

  it('malformed URLs get 400, never 500', async () => {
    for (const path of ['/%E0%A4%A', '/api/conversations/%E0%A4%A/messages', '//', '//evil.example/x', `/${'a'.repeat(5000)}`, '/dist/%00.js']) {
      const res = await raw(at, { path, method: path.includes('messages') ? 'POST' : 'GET' });
      assert.equal(res.status, 400, path.slice(0, 40));
    }
  });
});

describe('the demo\'s CSP allows the real Genesys Cloud', () => {
  it('script-src every apps.<domain>, connect-src its API and socket origins, frame-src apps.<domain>; the rest strict', async () => {
    const { at } = await serve();
    const res = await raw(at, { path: '/' });
    const csp = res.headers['content-security-policy'];
    assert.equal(csp, DEMO_CSP);
    const directive = (name) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';
    for (const domain of Object.values(ENVIRONMENTS)) {
      assert.ok(directive('script-src').split(' ').includes(`https://apps.${domain}`), domain);
      for (const origin of [`https://api-cdn.${domain}`, `https://api.${domain}`, `wss://webmessaging.${domain}`]) {
        assert.ok(directive('connect-src').split(' ').includes(origin), origin);
      }
      assert.ok(directive('frame-src').split(' ').includes(`https://apps.${domain}`), domain);
    }
    assert.ok(directive('script-src').includes('https://apps.mypurecloud.ie'), 'the genesys.min.js of prod-euw1 may load');
    assert.ok(!csp.includes("'unsafe-inline'") && !csp.includes("'unsafe-eval'") && !csp.includes('*'));
    assert.equal(directive('object-src'), "object-src 'none'");
  });
});

describe('bounded event streams', () => {
  it('a client that stops reading is dropped once it falls behind; the others keep theirs', async () => {
    const { at, service } = await serve({ limits: { streamMaxBufferedBytes: 64 * 1024, streamCoalesceMs: 5 } });
    const port = Number(at.split(':')[1]);
    // A slow reader: a raw socket that sends the request and never reads.
    const slow = tcpConnect({ host: '127.0.0.1', port });
    slow.pause();
    slow.setRecvBufferSize?.(4096);
    await new Promise((resolve) => slow.once('connect', resolve));
    slow.write(`GET /api/stream HTTP/1.1\r\nHost: ${at}\r\n\r\n`);
    // A reader that keeps up.
    let got = 0;
    const good = await new Promise((resolve) => request({ host: '127.0.0.1', port, path: '/api/stream' }, resolve).end());
    good.on('data', (c) => (got += c.length));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(service.streams.size, 2);
    // Load: guests with 4 KB messages, each change re-sending the conversation.
    const guests = await Promise.all(Array.from({ length: 10 }, () => guest(at)));
    await Promise.all(guests.map((g) => g.configure()));
    const text = 'x'.repeat(4000);
    for (let round = 0; round < 30 && service.stats.streamDropped === 0; round++) {
      await Promise.all(guests.map((g) => g.say(`${text} ${round}`)));
      await new Promise((r) => setTimeout(r, 220)); // 5 messages a second per session at most
    }
    assert.equal(service.stats.streamDropped, 1, 'the slow reader was dropped');
    assert.equal(service.streams.size, 1, 'the reading client is still streaming');
    assert.ok(got > 1_000_000, `the reading client got the changes (${got} bytes)`);
    good.destroy();
    slow.destroy();
    guests.forEach((g) => g.ws.close());
  });

  it('sends one snapshot, then only the changed conversation; the instructor always gets a stream (the oldest gives way)', async () => {
    const { at, service } = await serve({ limits: { maxStreamClients: 2, streamCoalesceMs: 5 } });
    const port = Number(at.split(':')[1]);
    const a = await guest(at);
    await a.configure();
    const b = await guest(at);
    await b.configure();
    await b.say('b was here');
    const open = () => new Promise((resolve) => request({ host: '127.0.0.1', port, path: '/api/stream' }, resolve).end());
    const first = await open();
    let text = '';
    first.on('data', (c) => (text += c));
    const second = await open();
    let secondText = '';
    second.on('data', (c) => (secondText += c));
    // Over the cap, the instructor's (here: loopback, no key) newest stream takes the oldest's slot.
    const firstEnded = new Promise((resolve) => first.on('end', resolve));
    const third = await open();
    assert.equal(third.statusCode, 200);
    third.resume();
    await firstEnded;
    assert.equal(service.streams.size, 2);
    assert.match(text, /^event: snapshot$/m);
    await new Promise((r) => setTimeout(r, 50));
    const before = secondText.length;
    await a.say('a changed');
    await new Promise((r) => setTimeout(r, 100));
    const after = secondText.slice(before);
    const events = [...after.matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map(([, name, data]) => [name, JSON.parse(data)]);
    assert.deepEqual(events.map(([name, data]) => [name, data.id]), [['conversation', (await service.list(a.deploymentId))[0].id]]);
    assert.ok(!after.includes('b was here'), 'the unchanged conversation is not sent again');
    assert.match(secondText, /^event: snapshot$/m);
    second.destroy();
    third.destroy();
    a.ws.close();
    b.ws.close();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(service.streams.size, 0, 'closed streams are forgotten');
  });
});

describe('conversations: paging, the deployment filter, bounds', () => {
  it('pages with ?limit=&before= (Link rel=next), newest page first, oldest first within a page; a bare request still lists', async () => {
    const { at } = await serve();
    const deploymentId = randomUUID();
    for (let i = 0; i < 5; i++) {
      const g = await guest(at, deploymentId);
      await g.configure();
      await g.say(`conversation ${i}`);
      g.ws.close();
    }
    const texts = (list) => list.map((c) => c.messages[0].text);
    const bare = JSON.parse((await raw(at, { path: `/api/conversations?deploymentId=${deploymentId}` })).text);
    assert.deepEqual(texts(bare), [0, 1, 2, 3, 4].map((i) => `conversation ${i}`));
    const page1 = await raw(at, { path: `/api/conversations?deploymentId=${deploymentId}&limit=2` });
    assert.deepEqual(texts(JSON.parse(page1.text)), ['conversation 3', 'conversation 4']);
    const next = /<([^>]+)>; rel="next"/.exec(page1.headers.link)[1];
    const page2 = await raw(at, { path: next });
    assert.deepEqual(texts(JSON.parse(page2.text)), ['conversation 1', 'conversation 2']);
    const page3 = await raw(at, { path: /<([^>]+)>/.exec(page2.headers.link)[1] });
    assert.deepEqual(texts(JSON.parse(page3.text)), ['conversation 0']);
    assert.equal(page3.headers.link, undefined, 'no next page after the oldest');
    assert.equal((await raw(at, { path: '/api/conversations?limit=0' })).status, 400);
    assert.equal((await raw(at, { path: '/api/conversations?limit=100000' })).status, 400);
    assert.equal((await raw(at, { path: '/api/conversations?deploymentId=not-a-uuid' })).status, 400);
  });

  it('?deploymentId= keeps to one deployment, on the list and on the stream; without it, all', async () => {
    const { at } = await serve({ limits: { streamCoalesceMs: 5 } });
    const port = Number(at.split(':')[1]);
    const mine = await guest(at);
    const other = await guest(at);
    await mine.configure();
    await other.configure();
    const ids = (text) => JSON.parse(text).map((c) => c.deploymentId);
    assert.deepEqual(ids((await raw(at, { path: `/api/conversations?deploymentId=${mine.deploymentId}` })).text), [mine.deploymentId]);
    assert.deepEqual(new Set(ids((await raw(at, { path: '/api/conversations' })).text)), new Set([mine.deploymentId, other.deploymentId]));
    const stream = await new Promise((resolve) => request({ host: '127.0.0.1', port, path: `/api/stream?deploymentId=${mine.deploymentId}` }, resolve).end());
    let text = '';
    stream.on('data', (c) => (text += c));
    await other.say('not for this view');
    await mine.say('for this view');
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(text.includes('for this view'));
    assert.ok(!text.includes('not for this view'));
    assert.ok(!text.includes(other.deploymentId));
    stream.destroy();
    mine.ws.close();
    other.ws.close();
  });

  it('keeps at most maxConversations: the oldest ended ones go first', async () => {
    const { at, service } = await serve({ limits: { maxConversations: 3 } });
    const deploymentId = randomUUID();
    const made = [];
    for (let i = 0; i < 3; i++) {
      const g = await guest(at, deploymentId);
      await g.configure();
      await g.say(`c${i}`);
      made.push(g);
    }
    const [c0, c1] = JSON.parse((await raw(at, { path: `/api/conversations?deploymentId=${deploymentId}` })).text);
    // End the second one; a fourth conversation evicts it (ended), not the older active one.
    await raw(at, { method: 'POST', path: `/api/conversations/${c1.id}/disconnect` });
    const g = await guest(at, deploymentId);
    await g.configure();
    const left = JSON.parse((await raw(at, { path: `/api/conversations?deploymentId=${deploymentId}` })).text).map((c) => c.id);
    assert.equal(left.length, 3);
    assert.ok(left.includes(c0.id) && !left.includes(c1.id));
    assert.equal(service.stats.conversationsEvicted, 1);
    [...made, g].forEach((x) => x.ws.close());
  });
});

describe('WebSockets: dead sockets, garbage, prototype keys', () => {
  it('a socket that stops answering pings is terminated, freeing its session slot', async () => {
    const { at, service } = await serve({ limits: { pingIntervalMs: 100 } });
    const deploymentId = randomUUID();
    const a = await guest(at, deploymentId);
    await a.configure();
    // The dead one: joins the same session, then never answers a ping.
    const dead = await guest(at, deploymentId, { autoPong: false });
    dead.token = a.token;
    await dead.configure();
    const b = await guest(at, deploymentId);
    b.token = a.token;
    await b.configure();
    await dead.closed; // terminated by the server (1006 on this side)
    assert.ok(service.stats.socketsTerminated >= 1);
    // Its slot is free: a new connection no longer pushes out the oldest live one (a).
    const c = await guest(at, deploymentId);
    c.token = a.token;
    await c.configure();
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(a.frames.some((f) => f.class === 'ConnectionClosedEvent'), false, 'the live oldest connection kept its place');
    assert.equal(a.ws.readyState, WebSocket.OPEN);
    [a, b, c].forEach((x) => x.ws.close());
  });

  it('invalid and binary frames count toward the 60 a minute limit', async () => {
    const { at, service } = await serve();
    const g = await guest(at);
    for (let i = 0; i < 30; i++) g.send('not json');
    for (let i = 0; i < 30; i++) g.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await g.next((f) => g.frames.length >= 60);
    assert.ok(g.frames.slice(0, 60).every((f) => f.code === 400), 'the first 60 are answered 400');
    g.send({ action: 'echo', token: 't', tracingId: 'after-garbage', message: { type: 'Text', text: 'ping' } });
    const limited = await g.next((f) => f.tracingId === 'after-garbage');
    assert.equal(limited.class, 'TooManyRequestsErrorMessage');
    assert.equal(limited.code, 429);
    g.send('still not json');
    assert.equal((await g.next((f, i) => g.frames.length >= 62)).class !== undefined, true);
    assert.equal(g.frames[61].code, 429, 'garbage over the limit is rate limited too');
    assert.ok(service.stats.rateLimited >= 2);
    g.ws.close();
  });

  it('"__proto__", "constructor" and "prototype" are data: kept as attributes, never merged into prototypes', async () => {
    const { at } = await serve();
    const g = await guest(at);
    await g.configure();
    const frame = `{"action":"onMessage","token":"${g.token}","__proto__":{"polluted":"frame"},"message":{"type":"Text","text":"proto","channel":{"metadata":{"customAttributes":{"__proto__":"p","constructor":"c","prototype":"x","plain":"ok"}}}}}`;
    g.send(frame);
    await g.next((f) => f.class === 'StructuredMessage' && f.body.text === 'proto');
    const [conversation] = JSON.parse((await raw(at, { path: `/api/conversations?deploymentId=${g.deploymentId}` })).text);
    const own = (o) => Object.fromEntries(Object.getOwnPropertyNames(o).map((k) => [k, o[k]]));
    assert.deepEqual(own(conversation.customAttributes), { ['__proto__']: 'p', constructor: 'c', prototype: 'x', plain: 'ok' });
    assert.deepEqual(own(conversation.messages[0].customAttributes), { ['__proto__']: 'p', constructor: 'c', prototype: 'x', plain: 'ok' });
    assert.equal({}.polluted, undefined);
    assert.equal(Object.prototype.polluted, undefined);
    // An object value for __proto__ is refused (400), not merged.
    g.send(`{"action":"onMessage","token":"${g.token}","tracingId":"obj","message":{"type":"Text","text":"x","channel":{"metadata":{"customAttributes":{"__proto__":{"polluted":"yes"}}}}}}`);
    assert.equal((await g.next((f) => f.tracingId === 'obj')).code, 400);
    assert.equal({}.polluted, undefined);
    g.ws.close();
  });
});
