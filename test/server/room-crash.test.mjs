// Nothing a client sends or does ends the process. The server runs in a child process here,
// so a crash shows as an exit: connections reset at every stage (refused upgrades of every
// kind, mid-frame, mid-body, mid-headers), nested data on every guest endpoint, and values
// whose string conversion throws. After each attack the server must still answer.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { startChildServer } from './support/child-server.mjs';
import { answerStatus, reset, tcp, textFrame, upgradeRequest } from '../../scripts/raw-socket.mjs';

/** @type {Awaited<ReturnType<typeof startChildServer>>} */
let server;
let died;
before(async () => {
  // A small per-client socket cap and room so that the 429 and 503 refusals are reachable.
  server = await startChildServer({ limits: { maxSocketsPerClient: 3, maxSockets: 6 } });
  died = undefined;
  server.exited.then((how) => (died = how));
});
after(() => server.stop());

/** The server answers a plain request, and has not exited. */
async function assertAlive(after) {
  await sleep(100); // an unhandled error ends the process on the next turn of its loop
  assert.equal(died, undefined, `the server exited after ${after}:\n${server.output}`);
  const res = await fetch(`http://127.0.0.1:${server.port}/api/stats`);
  assert.equal(res.status, 200, `the server does not answer after ${after}`);
}

const post = (path, body) =>
  fetch(`http://127.0.0.1:${server.port}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });

/** Opens guest sockets from `address` and keeps them open. */
async function openSockets(n, address) {
  const sockets = [];
  for (let i = 0; i < n; i++) {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/v1?deploymentId=${randomUUID()}`, { localAddress: address });
    ws.on('error', () => {});
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('unexpected-response', reject)));
    sockets.push(ws);
  }
  return sockets;
}

describe('a connection reset at any stage never ends the process', () => {
  const refusals = [
    ['a non-UUID deploymentId (400)', { path: '/v1?deploymentId=nope' }, 400],
    ['a foreign Origin (403)', { path: `/v1?deploymentId=${randomUUID()}`, origin: 'http://evil.example' }, 403],
    ['a foreign Host (403)', { path: `/v1?deploymentId=${randomUUID()}`, host: 'evil.example' }, 403],
    ['a malformed URL (400)', { path: '/v1?deploymentId=%zz%' }, 400],
  ];
  for (const [name, request, status] of refusals) {
    it(`a refused upgrade, ${name}, then a TCP reset`, async () => {
      const socket = await tcp(server.port);
      socket.write(upgradeRequest(server.port, request));
      assert.equal(await answerStatus(socket), status);
      reset(socket);
      await assertAlive(name);
    });
  }

  it('a refused upgrade because the client holds its cap (429), and the room is full (503), then resets', async () => {
    const mine = await openSockets(3, '127.0.0.21');
    let socket = await tcp(server.port, '127.0.0.21');
    socket.write(upgradeRequest(server.port, { path: `/v1?deploymentId=${randomUUID()}` }));
    assert.equal(await answerStatus(socket), 429, 'a 4th socket from one client');
    reset(socket);
    await assertAlive('a refused 4th socket of one client');
    const others = await openSockets(3, '127.0.0.22');
    socket = await tcp(server.port, '127.0.0.23');
    socket.write(upgradeRequest(server.port, { path: `/v1?deploymentId=${randomUUID()}` }));
    assert.equal(await answerStatus(socket), 503, 'the room is full');
    reset(socket);
    await assertAlive('a refused upgrade in a full room');
    for (const ws of [...mine, ...others]) ws.terminate();
  });

  it('a reset before the upgrade request ends, mid-frame, and mid-body', async () => {
    let socket = await tcp(server.port);
    socket.write(upgradeRequest(server.port, { path: `/v1?deploymentId=${randomUUID()}` }).slice(0, 40));
    await sleep(20);
    reset(socket);
    await assertAlive('a reset in the middle of the upgrade request');

    socket = await tcp(server.port);
    socket.write(upgradeRequest(server.port, { path: `/v1?deploymentId=${randomUUID()}` }));
    assert.equal(await answerStatus(socket), 101);
    socket.write(textFrame(JSON.stringify({ action: 'echo', token: 't', message: { type: 'Text', text: 'x'.repeat(500) } })).subarray(0, 100));
    await sleep(20);
    reset(socket);
    await assertAlive('a reset in the middle of a WebSocket frame');

    socket = await tcp(server.port);
    socket.write(`POST /api/journey HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"deploymentId":`);
    await sleep(20);
    reset(socket);
    await assertAlive('a reset in the middle of a POST body');
  });
});

/** A guest socket that has sent configureSession; `frames` collects every frame it gets. */
async function configuredGuest(deploymentId) {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/v1?deploymentId=${deploymentId}`);
  const frames = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data))));
  await new Promise((resolve) => ws.once('open', resolve));
  const token = randomUUID();
  ws.send(JSON.stringify({ action: 'configureSession', token, deploymentId }));
  return { ws, frames, token };
}

describe('nested data on every guest endpoint: a 4xx with the reason, nothing kept', () => {
  const deploymentId = randomUUID();
  const deep = (n) => `${'['.repeat(n)}${']'.repeat(n)}`;

  it('Journey data nested 8,000 levels: 400, not kept; the agent\'s list still answers', async () => {
    const body = `{"deploymentId":"${deploymentId}","kind":"pageview","data":{"a":${deep(8000)}}}`;
    assert.ok(body.length < 16 * 1024);
    const res = await post('/api/journey', body);
    assert.equal(res.status, 400);
    assert.match((await res.json()).error, /nests more than/);
    await assertAlive('nested Journey data');
    const list = await fetch(`http://127.0.0.1:${server.port}/api/conversations`);
    assert.equal(list.status, 200);
  });

  it('the agent\'s reply and a key claim with nested bodies: 400', async () => {
    const claim = await post(`/api/deployments/${randomUUID()}/key`, `{"a":${deep(5000)}}`);
    assert.equal(claim.status, 400);
    const reply = await post(`/api/conversations/${randomUUID()}/messages`, `{"text":${deep(5000)}}`);
    assert.equal(reply.status, 400);
    await assertAlive('nested bodies');
  });

  it('frames nested where a message, its channel, a Journey context or a tracingId belongs: 400 each, the socket goes on', async () => {
    const { ws, frames, token } = await configuredGuest(deploymentId);
    const attacks = [
      `{"action":"configureSession","token":"${token}","deploymentId":"${deploymentId}","journeyContext":${deep(3000)}}`,
      `{"action":"onMessage","token":"${token}","message":{"type":"Text","text":"hi","channel":{"metadata":{"customAttributes":${deep(3000)}}}}}`,
      `{"action":"onMessage","token":"${token}","channel":{"metadata":${deep(3000)}},"message":{"type":"Text","text":"hi"}}`,
      `{"action":"echo","token":"${token}","message":${deep(3000)}}`,
      `{"action":"onMessage","token":"${token}","tracingId":${deep(3000)},"message":{"type":"Text","text":"hi"}}`,
    ];
    for (const attack of attacks) ws.send(attack);
    await sleep(300);
    const errors = frames.filter((f) => f.class === 'string');
    assert.equal(errors.length, attacks.length, JSON.stringify(frames));
    for (const e of errors) assert.ok(e.code === 400 && /nests more than/.test(e.body), JSON.stringify(e));
    ws.close();
    await assertAlive('nested frames');
  });

  it('an action or a message type whose string conversion would throw: 400 with the reason, not 5000', async () => {
    const { ws, frames, token } = await configuredGuest(deploymentId);
    ws.send(JSON.stringify({ action: { toString: 1, valueOf: 2 }, token }));
    ws.send(JSON.stringify({ action: 'onMessage', token, message: { type: { toString: 1 }, text: 'x' } }));
    await sleep(300);
    const errors = frames.filter((f) => f.class === 'string');
    assert.deepEqual(errors.map((e) => e.code), [400, 400], JSON.stringify(frames));
    assert.match(errors[0].body, /Unknown action of type object/);
    assert.match(errors[1].body, /Unsupported message type of type object/);
    assert.doesNotMatch(server.output, /unexpected error/, 'nothing logged as a bug');
    ws.close();
    await assertAlive('values whose conversion throws');
  });
});
