// A room's limits: what one client (one address; tests use 127.0.0.2 and up) can send and
// hold, so that it cannot take what the room shares; clients that stop reading; Journey
// floods; and a key per student that opens only their own deployment.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { startServer } from '../../server/index.mjs';
import { tcp, textFrame, upgradeRequest, answerStatus } from '../../scripts/raw-socket.mjs';
import { journeyBody } from './support/journey.mjs';

const KEY = 'the-instructors-room-key-0123456789';
const servers = [];
const sockets = new Set();
async function serve(options = {}) {
  const server = await startServer({ port: 0, ...options });
  servers.push(server);
  const port = server.address().port;
  return { server, port, service: server.service, base: `http://127.0.0.1:${port}` };
}
after(async () => {
  for (const ws of sockets) ws.terminate();
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

/** A guest socket from `address`, configured; `say` sends a text and waits for its echo. */
async function guest(port, { address = '127.0.0.1', deploymentId = randomUUID(), token = randomUUID() } = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/v1?deploymentId=${deploymentId}`, { localAddress: address });
  sockets.add(ws);
  const frames = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data))));
  ws.on('error', () => {});
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('unexpected-response', (_q, res) => reject(Object.assign(new Error('refused'), { status: res.statusCode })))));
  const next = async (test, ms = 2000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const i = frames.findIndex(test);
      if (i >= 0) return frames.splice(i, 1)[0];
      await sleep(5);
    }
    throw new Error(`no such frame; got ${JSON.stringify(frames).slice(0, 500)}`);
  };
  const g = {
    ws,
    token,
    deploymentId,
    frames,
    next,
    send: (frame) => ws.send(JSON.stringify(frame)),
    async configure() {
      g.send({ action: 'configureSession', token, deploymentId, tracingId: 'c' });
      return next((f) => f.tracingId === 'c');
    },
    async say(text, customAttributes) {
      g.send({ action: 'onMessage', token, message: { type: 'Text', text, ...(customAttributes ? { channel: { metadata: { customAttributes } } } : {}) } });
      return next((f) => f.class === 'StructuredMessage' && f.body.text === text);
    },
  };
  return g;
}

function call(base, path, { method = 'GET', key, body } = {}) {
  return fetch(`${base}${path}`, {
    method,
    headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Claims a student key from `address` (the lab page does, from the student's laptop). */
function claim(port, deploymentId, address = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, localAddress: address, method: 'POST', path: `/api/deployments/${deploymentId}/key` }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c)).on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens an agent-view stream; resolves the response (status, and a `text` that grows). */
function stream(port, path, key, address = '127.0.0.1') {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, localAddress: address, headers: key ? { Authorization: `Bearer ${key}` } : {} }, (res) => {
      res.text = '';
      res.ended = new Promise((r) => res.on('end', r).on('close', r));
      res.on('data', (c) => (res.text += c));
      resolve(res);
    });
    req.end();
  });
}

describe('what every answer repeats is bounded', () => {
  it('a tracingId over 256 characters is refused with the reason and not repeated; 256 is repeated', async () => {
    const { port } = await serve();
    const g = await guest(port);
    await g.configure();
    g.send({ action: 'echo', token: g.token, tracingId: 'x'.repeat(257), message: { type: 'Text', text: 'long' } });
    const refused = await g.next((f) => f.class === 'string');
    assert.equal(refused.code, 400);
    assert.match(refused.body, /tracingId is longer than 256 characters/);
    assert.equal(refused.tracingId, undefined, 'the refused tracingId is not sent back');
    g.send({ action: 'echo', token: g.token, tracingId: 'y'.repeat(256), message: { type: 'Text', text: 'fits' } });
    assert.equal((await g.next((f) => f.body?.text === 'fits')).tracingId, 'y'.repeat(256));
    g.ws.close();
  });

  it('clients that never read are dropped once their queue passes the bound; the server\'s memory stays put', async () => {
    const { port, base, service } = await serve();
    const before = await (await call(base, '/api/stats')).json();
    const frame = textFrame(JSON.stringify({ action: 'echo', token: 't', tracingId: 'x'.repeat(256), message: { type: 'Text', text: 'y'.repeat(3000) } }));
    const sockets = [];
    for (let i = 0; i < 4; i++) {
      const socket = await tcp(port, `127.0.0.${30 + i}`);
      socket.on('error', () => {});
      socket.write(upgradeRequest(port, { path: `/v1?deploymentId=${randomUUID()}` }));
      assert.equal(await answerStatus(socket), 101);
      socket.pause(); // never reads again
      sockets.push(socket);
    }
    for (let round = 0; round < 150 && service.stats.socketsDropped < 4; round++) {
      for (const socket of sockets) for (let i = 0; i < 100; i++) socket.write(frame);
      await sleep(5);
    }
    const stats = await (await call(base, '/api/stats')).json();
    assert.equal(stats.socketsDropped - before.socketsDropped, 4, 'each non-reading client was dropped');
    assert.ok(stats.heapUsedBytes - before.heapUsedBytes < 64 * 1024 * 1024, `heap grew ${stats.heapUsedBytes - before.heapUsedBytes} bytes`);
    for (const socket of sockets) socket.destroy();
  });
});

describe('Journey events: checked where they enter, bounded in rate and in what they cost the agent views', () => {
  const post = (base, body) => call(base, '/api/journey', { method: 'POST', body });

  it('data over the documented size or depth is refused with the reason; nothing is kept', async () => {
    const { base, service } = await serve();
    const deploymentId = randomUUID();
    const big = await post(base, journeyBody(deploymentId, { kind: 'record', data: { eventName: 'big', customAttributes: { text: 'x'.repeat(5000) } } }));
    assert.equal(big.status, 400);
    assert.match((await big.json()).error, /at most 4096 are kept/);
    const deep = await post(base, journeyBody(deploymentId, { kind: 'record', data: { a: { b: { c: { d: {} } } } } }));
    assert.equal(deep.status, 400);
    assert.match((await deep.json()).error, /nests more than 4 levels/);
    const notObject = await post(base, journeyBody(deploymentId, { kind: 'record', data: 'text' }));
    assert.equal(notObject.status, 400);
    assert.equal(service.journeys.eventCount, 0, 'nothing kept');
    assert.equal(service.journeys.sessions.size, 0, 'no session made');
    // The lab's own payloads fit: the login form's traitsMapper is the deepest.
    const login = await post(base, journeyBody(deploymentId, {
      data: { customAttributes: { email: 'a@b.example', givenName: 'A', familyName: 'B' }, traitsMapper: [{ fieldName: 'email' }, { fieldName: 'givenName' }, { fieldName: 'familyName' }] },
    }));
    assert.equal(login.status, 202);
  });

  it('one client gets 429 past its rate; another client is not slowed; an agent-view update carries a session\'s newest 50 events', async () => {
    const { port, base, service } = await serve({ limits: { journeyPerMinutePerClient: 60 } });
    const deploymentId = randomUUID();
    const customerId = randomUUID();
    let sessionId;
    const statuses = [];
    for (let i = 0; i < 61; i++) {
      const res = await post(base, journeyBody(deploymentId, { customerId, sessionId, kind: 'record', data: { eventName: `e${i}` } }));
      statuses.push(res.status);
      if (res.status === 202) sessionId = (await res.json()).sessionId;
      if (res.status === 429) assert.ok(Number(res.headers.get('retry-after')) >= 1);
    }
    assert.equal(statuses.filter((s) => s === 202).length, 60);
    assert.equal(statuses.at(-1), 429);
    const summary = service.journeySummary(service.journeys.get(sessionId));
    assert.equal(summary.eventCount, 60);
    assert.equal(summary.events.length, 50, 'the newest 50 in an update');
    assert.equal(summary.omittedEvents, 10);
    assert.equal(summary.events.at(-1).webEvent.eventName, 'e59');
    // Another client (another guest on its own laptop) still echoes at once.
    const other = await guest(port, { address: '127.0.0.41' });
    await other.configure();
    await other.say('still quick');
    other.ws.close();
  });
});

describe('one client cannot take the room: per-client sockets and sessions', () => {
  it('a client\'s sockets are capped (429 with the reason); another client still connects', async () => {
    const { port } = await serve({ limits: { maxSocketsPerClient: 5 } });
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push(await guest(port, { address: '127.0.0.50' }));
    await assert.rejects(guest(port, { address: '127.0.0.50' }), (e) => e.status === 429);
    const other = await guest(port, { address: '127.0.0.51' });
    await other.configure();
    // A closed socket frees its slot.
    mine[0].ws.close();
    await sleep(50);
    (await guest(port, { address: '127.0.0.50' })).ws.close();
    for (const g of [...mine, other]) g.ws.close();
  });

  it('a session flood evicts only the flooder\'s own sessions; a student\'s conversation survives a full room', async () => {
    const { port, base, service } = await serve({ limits: { maxSessionsPerClient: 20, maxSessions: 45, maxConversations: 45, sessionsPerMinutePerClient: 1000 } });
    const student = await guest(port, { address: '127.0.0.60' });
    await student.configure();
    await student.say('my work', { keyString: 'hello' });
    student.ws.close(); // the student's laptop is idle: no connection
    // Two flooders, each opening sessions on one socket with ever new tokens.
    for (const address of ['127.0.0.61', '127.0.0.62', '127.0.0.63']) {
      const flood = await guest(port, { address });
      for (let i = 0; i < 40; i++) {
        flood.send({ action: 'configureSession', token: randomUUID(), deploymentId: flood.deploymentId, tracingId: `f${i}` });
        await flood.next((f) => f.tracingId === `f${i}`);
      }
      flood.ws.close();
    }
    const stats = await (await call(base, '/api/stats')).json();
    assert.ok(stats.sessions <= 45 && stats.conversations <= 45, JSON.stringify(stats));
    assert.ok(stats.sessionsEvicted > 0);
    const mine = service.list(student.deploymentId);
    assert.equal(mine.length, 1, 'the student\'s conversation is kept');
    assert.equal(mine[0].customAttributes.keyString, 'hello');
    // And the student's session still resumes (not 4006).
    const back = await guest(port, { address: '127.0.0.60', deploymentId: student.deploymentId, token: student.token });
    const session = await back.configure();
    assert.equal(session.class, 'SessionResponse');
    assert.equal(session.body.newSession, false);
    back.ws.close();
  });

  it('what one client stores is bounded in bytes: its own oldest conversations go, another client\'s stay', async () => {
    const { port, base, service } = await serve({ limits: { maxStoredBytesPerClient: 40 * 1024 } });
    const student = await guest(port, { address: '127.0.0.65' });
    await student.configure();
    await student.say('my work', { keyString: 'hello' });
    const big = 'x'.repeat(4000);
    for (let n = 0; n < 6; n++) {
      const flood = await guest(port, { address: '127.0.0.66' });
      await flood.configure();
      for (let i = 0; i < 3; i++) await flood.say(`${n}-${i} ${big}`);
      flood.ws.close();
    }
    const stats = await (await call(base, '/api/stats')).json();
    assert.ok(service.clients.held('127.0.0.66', 'bytes') <= 40 * 1024, `${service.clients.held('127.0.0.66', 'bytes')} bytes held`);
    assert.ok(stats.conversationsEvicted >= 2, JSON.stringify(stats));
    assert.equal(service.list(student.deploymentId).length, 1, 'the other client\'s conversation is kept');
    student.ws.close();
  });

  it('new sessions are rate limited per client (429), other clients unaffected; /api/stats counts every 429', async () => {
    const { port, base } = await serve({ limits: { sessionsPerMinutePerClient: 3 } });
    const before = (await (await call(base, '/api/stats')).json()).rateLimited;
    const flood = await guest(port, { address: '127.0.0.70' });
    const answers = [];
    for (let i = 0; i < 4; i++) {
      flood.send({ action: 'configureSession', token: randomUUID(), deploymentId: flood.deploymentId, tracingId: `s${i}` });
      answers.push(await flood.next((f) => f.tracingId === `s${i}`));
    }
    assert.deepEqual(answers.map((a) => a.class), ['SessionResponse', 'SessionResponse', 'SessionResponse', 'TooManyRequestsErrorMessage']);
    assert.equal(answers[3].code, 429);
    const other = await guest(port, { address: '127.0.0.71' });
    assert.equal((await other.configure()).class, 'SessionResponse');
    // Six messages in a second on one session: the sixth is the per-session 429.
    for (let i = 0; i < 6; i++) other.send({ action: 'onMessage', token: other.token, tracingId: `m${i}`, message: { type: 'Text', text: `m${i}` } });
    assert.equal((await other.next((f) => f.tracingId === 'm5')).code, 429);
    const after = (await (await call(base, '/api/stats')).json()).rateLimited;
    assert.equal(after - before, 2, 'the session-creation 429 and the per-session 429 are both counted');
    flood.ws.close();
    other.ws.close();
  });
});

describe('a key per student', () => {
  async function room() {
    const s = await serve({ agentKey: KEY, requireKey: true });
    const mine = await guest(s.port, { address: '127.0.0.80' });
    await mine.configure();
    await mine.say('mine');
    const theirs = await guest(s.port, { address: '127.0.0.81' });
    await theirs.configure();
    await theirs.say('theirs');
    const claimed = await claim(s.port, mine.deploymentId, '127.0.0.80');
    assert.equal(claimed.status, 201);
    const { key, deploymentId } = claimed.body;
    assert.equal(deploymentId, mine.deploymentId);
    return { ...s, mine, theirs, key };
  }

  it('is given once per deployment, never for a deployment someone already holds or uses', async () => {
    const { base, port, mine, theirs } = await room();
    const again = await claim(port, mine.deploymentId, '127.0.0.80');
    assert.equal(again.status, 409);
    assert.match(again.body.error, /already has a key/);
    assert.equal(again.body.key, undefined);
    // A deployment in use from another laptop is not for the asking, even without a key yet.
    const squat = await claim(port, theirs.deploymentId, '127.0.0.80');
    assert.equal(squat.status, 409);
    assert.match(squat.body.error, /in use from another address/);
    assert.equal((await claim(port, theirs.deploymentId, '127.0.0.81')).status, 201, 'its own laptop gets it');
    assert.equal((await call(base, '/api/deployments/not-a-uuid/key', { method: 'POST' })).status, 400);
    // One laptop holds at most 5 keys.
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await claim(port, randomUUID(), '127.0.0.82')).status);
    assert.deepEqual(statuses, [201, 201, 201, 201, 201]);
    const sixth = await claim(port, randomUUID(), '127.0.0.82');
    assert.equal(sixth.status, 429);
    assert.match(sixth.body.error, /holds 5 student keys/);
  });

  it('opens its own deployment: list, reply, end, stats of its own', async () => {
    const { base, mine, key } = await room();
    const list = await (await call(base, '/api/conversations', { key })).json();
    assert.deepEqual(list.map((c) => c.messages[0].text), ['mine'], 'without ?deploymentId, its own only');
    const id = list[0].id;
    assert.equal((await call(base, `/api/conversations/${id}/messages`, { method: 'POST', key, body: { text: 'hi from the student' } })).status, 201);
    await mine.next((f) => f.body?.text === 'hi from the student');
    const stats = await (await call(base, '/api/stats', { key })).json();
    assert.deepEqual(Object.keys(stats).sort(), ['conversations', 'deploymentId', 'journeyEvents', 'journeySessions', 'sessions', 'streamClients', 'visitors']);
    assert.equal(stats.conversations, 1);
    assert.equal((await call(base, `/api/conversations/${id}/disconnect`, { method: 'POST', key })).status, 200);
  });

  it('is refused on another deployment (403) and on nothing else it does not own', async () => {
    const { base, port, theirs, key } = await room();
    const other = await call(base, `/api/conversations?deploymentId=${theirs.deploymentId}`, { key });
    assert.equal(other.status, 403);
    assert.match((await other.json()).error, /This key opens deployment .* only/);
    const [theirConversation] = await (await call(base, `/api/conversations?deploymentId=${theirs.deploymentId}`, { key: KEY })).json();
    assert.equal((await call(base, `/api/conversations/${theirConversation.id}/messages`, { method: 'POST', key, body: { text: 'x' } })).status, 403);
    assert.equal((await call(base, `/api/conversations/${theirConversation.id}/disconnect`, { method: 'POST', key })).status, 403);
    const s = await stream(port, `/api/stream?deploymentId=${theirs.deploymentId}`, key);
    assert.equal(s.statusCode, 403);
    // A ticket carries the key's scope: it does not open the whole room either.
    const { ticket, deploymentId } = await (await call(base, '/api/stream/ticket', { method: 'POST', key })).json();
    assert.ok(deploymentId);
    const viaTicket = await stream(port, `/api/stream?ticket=${encodeURIComponent(ticket)}&deploymentId=${theirs.deploymentId}`);
    assert.equal(viaTicket.statusCode, 403);
    // A made-up key opens nothing.
    assert.equal((await call(base, '/api/conversations', { key: 's-made-up' })).status, 401);
    // The instructor still sees both.
    assert.equal((await (await call(base, '/api/conversations', { key: KEY })).json()).length, 2);
  });

  it('stream slots: capped per key and per laptop (a further one closes the oldest), students never take the instructor\'s, idle streams end', async () => {
    const { port, service } = await serve({ agentKey: KEY, requireKey: true, limits: { maxStreamClients: 6, instructorStreams: 2, streamLifeMs: 300 } });
    const keys = [];
    for (let i = 0; i < 3; i++) keys.push((await claim(port, randomUUID(), `127.0.0.${90 + i}`)).body.key);
    const first = [];
    for (let i = 0; i < 3; i++) first.push(await stream(port, '/api/stream', keys[0], '127.0.0.90'));
    assert.ok(first.every((s) => s.statusCode === 200));
    const fourth = await stream(port, '/api/stream', keys[0], '127.0.0.90');
    assert.equal(fourth.statusCode, 200);
    await first[0].ended;
    assert.equal(service.streams.size, 3, 'the key\'s oldest gave way');
    // One laptop with several keys still holds at most 4 student streams.
    const another = await stream(port, '/api/stream', keys[1], '127.0.0.90');
    assert.equal(another.statusCode, 200);
    assert.equal((await stream(port, '/api/stream', keys[1], '127.0.0.90')).statusCode, 200);
    await first[1].ended;
    assert.equal(service.clients.held('127.0.0.90', 'streams'), 4);
    // Students fill their share (6 - 2 = 4): another student's stream is refused.
    const refused = await stream(port, '/api/stream', keys[2], '127.0.0.92');
    assert.equal(refused.statusCode, 503);
    // The instructor always gets in.
    assert.equal((await stream(port, '/api/stream', KEY)).statusCode, 200);
    assert.equal((await stream(port, '/api/stream', KEY)).statusCode, 200);
    assert.equal((await stream(port, '/api/stream', KEY)).statusCode, 200, 'even past the cap: the oldest student stream gives way');
    // Idle streams end after their life (a live view reconnects with a new ticket).
    await sleep(500);
    assert.equal(service.streams.size, 0);
    assert.ok(service.stats.streamExpired >= 6);
  });
});

describe('the Origin check includes the scheme', () => {
  it('an https: Origin with this server\'s host and port is refused on an http server', async () => {
    const { port } = await serve();
    const socket = await tcp(port);
    socket.write(upgradeRequest(port, { path: `/v1?deploymentId=${randomUUID()}`, origin: `https://127.0.0.1:${port}` }));
    assert.equal(await answerStatus(socket), 403);
    socket.destroy();
    const same = await tcp(port);
    same.write(upgradeRequest(port, { path: `/v1?deploymentId=${randomUUID()}`, origin: `http://127.0.0.1:${port}` }));
    assert.equal(await answerStatus(same), 101);
    same.destroy();
  });
});

describe('what the agent side costs is bounded per client and per stream', () => {
  it('HTTP connections per address are capped (the next is closed at once); another address still connects', async () => {
    const { port, base } = await serve({ limits: { maxConnectionsPerClient: 5 } });
    const held = [];
    for (let i = 0; i < 5; i++) held.push(await tcp(port, '127.0.0.100'));
    const extra = await tcp(port, '127.0.0.100');
    const closed = await new Promise((resolve) => {
      extra.on('close', () => resolve(true));
      extra.on('error', () => {});
      setTimeout(() => resolve(false), 1000);
    });
    assert.ok(closed, 'the 6th connection from one address is closed');
    assert.equal((await fetch(`${base}/api/stats`)).status, 200, 'other addresses are served');
    held.forEach((s) => s.destroy());
  });

  it('API requests per address are rate limited (429 with Retry-After)', async () => {
    const { base } = await serve({ limits: { apiPerMinutePerClient: 5 } });
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${base}/api/conversations`);
      statuses.push(res.status);
      if (res.status === 429) assert.ok(Number(res.headers.get('retry-after')) >= 1);
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
  });

  it('agent-view updates carry a conversation\'s newest messages only, and say how many they leave out', async () => {
    const { port, base, service } = await serve({ limits: { streamMessages: 3, streamCoalesceMs: 5 } });
    const g = await guest(port);
    // No inbound flow: the guest's messages alone (the flow's answers would be counted too).
    service.flows.set(g.deploymentId, { actions: [] });
    await g.configure();
    for (let i = 0; i < 5; i++) {
      await g.say(`m${i}`);
      await sleep(210); // under 5 messages a second
    }
    const s = await stream(port, `/api/stream?deploymentId=${g.deploymentId}`);
    await sleep(50);
    const snapshot = JSON.parse(/^event: snapshot\ndata: (.*)$/m.exec(s.text)[1]);
    assert.deepEqual(snapshot.conversations[0].messages.map((m) => m.text), ['m2', 'm3', 'm4']);
    assert.equal(snapshot.conversations[0].omittedMessages, 2);
    await g.say('m5');
    await sleep(50);
    const update = JSON.parse([...s.text.matchAll(/^event: conversation\ndata: (.*)$/gm)].at(-1)[1]);
    assert.deepEqual(update.messages.map((m) => m.text), ['m3', 'm4', 'm5']);
    // The API still has them all.
    const [full] = await (await fetch(`${base}/api/conversations?deploymentId=${g.deploymentId}`)).json();
    assert.equal(full.messages.length, 6);
    s.destroy();
  });

  it('a stream\'s first snapshot stops at its byte budget (more: true)', async () => {
    const { port } = await serve({ limits: { snapshotMaxBytes: 20 * 1024 } });
    const deploymentId = randomUUID();
    for (let i = 0; i < 6; i++) {
      const g = await guest(port, { deploymentId, address: `127.0.0.${110 + i}` });
      await g.configure();
      await g.say(`${i} ${'x'.repeat(4000)}`);
      g.ws.close();
    }
    const s = await stream(port, `/api/stream?deploymentId=${deploymentId}`);
    await sleep(50);
    const snapshot = JSON.parse(/^event: snapshot\ndata: (.*)$/m.exec(s.text)[1]);
    assert.ok(snapshot.conversations.length >= 1 && snapshot.conversations.length < 6, `${snapshot.conversations.length} conversations`);
    assert.equal(snapshot.more, true);
    assert.match(snapshot.conversations.at(-1).messages[0].text, /^5 /, 'the newest are the ones sent');
    s.destroy();
  });

  it('one visitor\'s Journey flood pushes out only its own events', async () => {
    const { base, service } = await serve();
    const deploymentId = randomUUID();
    const send = async (customerId, sessionId, i) => (await call(base, '/api/journey', { method: 'POST', body: journeyBody(deploymentId, { customerId, sessionId, kind: 'record', data: { eventName: `e${i}` } }) })).json();
    const quiet = await send(randomUUID(), undefined, 0);
    const loud = await send(randomUUID(), undefined, 0);
    for (let i = 1; i < 110; i++) await send(loud.customerId, loud.sessionId, i);
    assert.deepEqual(service.journeys.get(quiet.sessionId).events.map((e) => e.eventName), ['e0']);
    const flooded = service.journeys.get(loud.sessionId);
    assert.equal(flooded.events.length, 100, 'the newest 100 kept');
    assert.equal(flooded.eventCount, 110, 'eventCount counts them all');
    assert.equal(flooded.events[0].eventName, 'e10');
  });
});

describe('large answers are bounded in size and in how many wait unread', () => {
  /** Fills the store through the service itself (the protocol's rates would take minutes). */
  function fill(service, count, deploymentId, address = '127.0.0.9') {
    for (let i = 0; i < count; i++) {
      const conversation = service.conversationOf(service.createSession(`fill-${address}-${i}`, deploymentId, address));
      for (const n of [1, 2]) {
        service.append(conversation, { id: `${i}-${n}`, direction: 'Inbound', type: 'Text', text: `${i} ${'y'.repeat(4000)}`, time: new Date().toISOString(), correlationId: 'c' });
      }
    }
  }
  const roomy = { maxSessionsPerClient: 5000, maxConversationsPerClient: 5000, maxStoredBytesPerClient: 1e9 };

  it('a page of conversations stops at its byte budget; Link rel="next" gives the rest', async () => {
    const { base, service } = await serve({ limits: { ...roomy, pageMaxBytes: 40 * 1024 } });
    const deploymentId = randomUUID();
    fill(service, 12, deploymentId);
    const seen = [];
    let path = `/api/conversations?deploymentId=${deploymentId}`;
    let pages = 0;
    while (path && pages < 20) {
      const res = await fetch(`${base}${path}`);
      const page = await res.json();
      assert.ok(JSON.stringify(page).length <= 40 * 1024 + 10 * 1024, 'about the budget (one conversation may overrun it)');
      seen.push(...page.map((c) => c.messages[0].text.split(' ')[0]));
      path = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
      pages += 1;
    }
    assert.ok(pages > 1, `${pages} pages`);
    assert.deepEqual(seen.map(Number).sort((a, b) => a - b), Array.from({ length: 12 }, (_, i) => i));
  });

  it('a client that asks for large answers and never reads them holds at most 4 at once (429 beyond)', async () => {
    const { port, service } = await serve({ limits: { ...roomy, maxListLimit: 5000, pageMaxBytes: 64 * 1024 * 1024 } });
    fill(service, 3000, randomUUID());
    const sockets = [];
    const held = [];
    for (let i = 0; i < 6; i++) {
      const socket = await tcp(port, '127.0.0.130');
      socket.on('error', () => {});
      socket.write(`GET /api/conversations?limit=5000 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      socket.pause(); // never reads
      sockets.push(socket);
      await sleep(150);
      held.push(service.clients.held('127.0.0.130', 'answers'));
    }
    assert.equal(Math.max(...held), 4, `unread answers held: ${held}`);
    assert.ok(service.stats.rateLimited >= 1);
    // Another address is still answered.
    assert.equal((await fetch(`http://127.0.0.1:${port}/api/stats`)).status, 200);
    sockets.forEach((s) => s.destroy());
    await sleep(100);
    assert.equal(service.clients.held('127.0.0.130', 'answers'), 0, 'closed connections free their answers');
  });
});
