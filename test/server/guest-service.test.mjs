// Protocol tests of the emulated Web Messaging service, with a plain WebSocket client.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { startServer } from '../../server/index.mjs';

const DEPLOYMENT = '5d1b8c2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f';
let server;
let base;

before(async () => {
  server = await startServer({ port: 0 });
  base = `127.0.0.1:${server.address().port}`;
});
after(() => new Promise((resolve) => server.close(resolve)));

/** A guest connection: `send` a frame, `next()` the next frame received. */
async function connect(deploymentId = DEPLOYMENT) {
  const ws = new WebSocket(`ws://${base}/v1?deploymentId=${deploymentId}`);
  const inbox = [];
  const waiting = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    const waiter = waiting.shift();
    if (waiter) waiter(frame);
    else inbox.push(frame);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return {
    ws,
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    next: () =>
      inbox.length
        ? Promise.resolve(inbox.shift())
        : new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('no frame within 2 s')), 2000);
            waiting.push((frame) => {
              clearTimeout(timer);
              resolve(frame);
            });
          }),
    close: () => ws.close(),
  };
}

async function session(token = randomUUID()) {
  const guest = await connect();
  guest.send({ action: 'configureSession', token, deploymentId: DEPLOYMENT, startNew: false });
  const response = await guest.next();
  return { guest, token, response };
}

const text = (token, value, customAttributes) => ({
  action: 'onMessage',
  token,
  message: { type: 'Text', text: value, ...(customAttributes ? { channel: { metadata: { customAttributes } } } : {}) },
});

async function conversations() {
  const res = await fetch(`http://${base}/api/conversations`);
  assert.equal(res.status, 200);
  return res.json();
}

describe('configureSession', () => {
  it('answers with a SessionResponse for a new session', async () => {
    const { guest, response } = await session();
    assert.equal(response.type, 'response');
    assert.equal(response.class, 'SessionResponse');
    assert.equal(response.code, 200);
    assert.equal(response.body.connected, true);
    assert.equal(response.body.newSession, true);
    assert.equal(response.body.readOnly, false);
    assert.equal(response.body.maxCustomDataBytes, 2048);
    assert.match(response.tracingId, /^[0-9a-f-]{36}$/);
    guest.close();
  });

  it('resumes the same conversation for a known token, or starts anew with startNew', async () => {
    const first = await session();
    const again = await connect();
    again.send({ action: 'configureSession', token: first.token, deploymentId: DEPLOYMENT });
    const resumed = await again.next();
    assert.equal(resumed.body.newSession, false);
    assert.equal(resumed.body.conversationId, first.response.body.conversationId);
    again.send({ action: 'configureSession', token: first.token, deploymentId: DEPLOYMENT, startNew: true });
    const fresh = await again.next();
    assert.equal(fresh.body.newSession, true);
    assert.notEqual(fresh.body.conversationId, first.response.body.conversationId);
    first.guest.close();
    again.close();
  });

  it('refuses a missing token and a deploymentId that does not match the connection', async () => {
    const guest = await connect();
    guest.send({ action: 'configureSession', deploymentId: DEPLOYMENT });
    const noToken = await guest.next();
    assert.deepEqual([noToken.class, noToken.code], ['string', 400]);
    assert.match(noToken.body, /needs a "token"/);
    guest.send({ action: 'configureSession', token: randomUUID(), deploymentId: randomUUID() });
    const mismatch = await guest.next();
    assert.equal(mismatch.code, 400);
    assert.match(mismatch.body, /does not match/);
    guest.close();
  });

  it('refuses a connection without a valid deploymentId', async () => {
    await assert.rejects(connect('not-a-uuid'), /400/);
  });
});

describe('onMessage', () => {
  it('echoes the guest message as an Inbound StructuredMessage and stores its attributes', async () => {
    const { guest, token, response } = await session();
    guest.send(text(token, 'Hello', { keyInt: 123, keyString: 'hello' }));
    const echo = await guest.next();
    assert.equal(echo.type, 'message');
    assert.equal(echo.class, 'StructuredMessage');
    assert.equal(echo.body.direction, 'Inbound');
    assert.equal(echo.body.text, 'Hello');
    assert.deepEqual(echo.body.channel.metadata.customAttributes, { keyInt: 123, keyString: 'hello' });

    guest.send(text(token, 'Second, no attributes'));
    await guest.next();
    const conversation = (await conversations()).find((c) => c.id === response.body.conversationId);
    assert.equal(conversation.deploymentId, DEPLOYMENT);
    assert.deepEqual(
      conversation.messages.map(({ direction, text, customAttributes }) => ({ direction, text, customAttributes })),
      [
        { direction: 'Inbound', text: 'Hello', customAttributes: { keyInt: 123, keyString: 'hello' } },
        { direction: 'Inbound', text: 'Second, no attributes', customAttributes: undefined },
      ],
    );
    assert.deepEqual(conversation.customAttributes, { keyInt: 123, keyString: 'hello' });
    assert.ok(!Number.isNaN(Date.parse(conversation.messages[0].time)));
    guest.close();
  });

  it('refuses custom attributes over 2048 bytes and drops that message', async () => {
    const { guest, token, response } = await session();
    guest.send(text(token, 'too much', { big: 'x'.repeat(2046) })); // 3 + 2046 = 2049 bytes
    const refused = await guest.next();
    assert.deepEqual([refused.type, refused.class, refused.code], ['response', 'string', 413]);
    assert.match(refused.body, /2049 bytes; the limit is 2048/);
    guest.send(text(token, 'fits', { big: 'x'.repeat(2045) }));
    assert.equal((await guest.next()).class, 'StructuredMessage');
    const conversation = (await conversations()).find((c) => c.id === response.body.conversationId);
    assert.deepEqual(conversation.messages.map((m) => m.text), ['fits']);
    guest.close();
  });

  it('refuses text over 4096 bytes', async () => {
    const { guest, token } = await session();
    guest.send(text(token, 'é'.repeat(2049))); // 4098 bytes
    const refused = await guest.next();
    assert.equal(refused.code, 413);
    assert.match(refused.body, /4098 bytes; the limit is 4096/);
    guest.close();
  });

  it('allows 5 messages a second and refuses the 6th with TooManyRequestsErrorMessage', async () => {
    const { guest, token } = await session();
    for (let i = 1; i <= 6; i++) guest.send(text(token, `m${i}`));
    const frames = [];
    for (let i = 0; i < 6; i++) frames.push(await guest.next());
    assert.deepEqual(frames.slice(0, 5).map((f) => f.body.text), ['m1', 'm2', 'm3', 'm4', 'm5']);
    assert.equal(frames[5].class, 'TooManyRequestsErrorMessage');
    assert.equal(frames[5].code, 429);
    assert.equal(frames[5].body.retryAfter, 1);
    guest.close();
  });

  it('allows 60 requests a minute on a connection and refuses the 61st', async () => {
    const guest = await connect();
    for (let i = 1; i <= 61; i++) guest.send({ action: 'echo', token: randomUUID(), message: { type: 'Text', text: `ping ${i}` } });
    const frames = [];
    for (let i = 0; i < 61; i++) frames.push(await guest.next());
    assert.equal(frames[59].body.text, 'ping 60');
    assert.equal(frames[60].class, 'TooManyRequestsErrorMessage');
    assert.equal(frames[60].code, 429);
    assert.ok(frames[60].body.retryAfter > 0 && frames[60].body.retryAfter <= 60);
    // Another connection is counted on its own.
    const other = await connect();
    other.send({ action: 'echo', token: randomUUID(), message: { type: 'Text', text: 'fresh' } });
    assert.equal((await other.next()).body.text, 'fresh');
    guest.close();
    other.close();
  });

  it('allows 3 connections to a session and refuses a 4th', async () => {
    const first = await session();
    const joined = [first.guest];
    for (let i = 0; i < 2; i++) {
      const more = await connect();
      more.send({ action: 'configureSession', token: first.token, deploymentId: DEPLOYMENT });
      assert.equal((await more.next()).class, 'SessionResponse');
      joined.push(more);
    }
    const fourth = await connect();
    fourth.send({ action: 'configureSession', token: first.token, deploymentId: DEPLOYMENT });
    const refused = await fourth.next();
    assert.equal(refused.code, 429);
    assert.match(refused.body, /at most 3 connections/);
    // Every connection of the session gets the session's messages.
    first.guest.send(text(first.token, 'to all three'));
    for (const guest of joined) assert.equal((await guest.next()).body.text, 'to all three');
    joined[2].close();
    await new Promise((r) => setTimeout(r, 50));
    fourth.send({ action: 'configureSession', token: first.token, deploymentId: DEPLOYMENT });
    assert.equal((await fourth.next()).class, 'SessionResponse');
    [...joined, fourth].forEach((g) => g.close());
  });

  it('needs a configured session and the matching token', async () => {
    const guest = await connect();
    guest.send(text(randomUUID(), 'hi'));
    assert.match((await guest.next()).body, /send configureSession first/);
    const { guest: other, token } = await session();
    other.send(text(`${token}x`, 'hi'));
    assert.equal((await other.next()).code, 403);
    guest.close();
    other.close();
  });
});

describe('agent replies', () => {
  it('reach the guest as an Outbound StructuredMessage', async () => {
    const { guest, token, response } = await session();
    guest.send(text(token, 'Need help'));
    await guest.next();
    const res = await fetch(`http://${base}/api/conversations/${response.body.conversationId}/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'Hi, this is Alex' }),
    });
    assert.equal(res.status, 201);
    const reply = await guest.next();
    assert.equal(reply.class, 'StructuredMessage');
    assert.equal(reply.body.direction, 'Outbound');
    assert.equal(reply.body.text, 'Hi, this is Alex');
    guest.close();
  });

  it('are refused with a clear error for bad input', async () => {
    const post = (id, body) =>
      fetch(`http://${base}/api/conversations/${id}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    assert.equal((await post('nope', JSON.stringify({ text: 'x' }))).status, 404);
    const { response, guest } = await session();
    const bad = await post(response.body.conversationId, '{not json');
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error, /not valid JSON/);
    assert.equal((await post(response.body.conversationId, JSON.stringify({ text: '  ' }))).status, 400);
    guest.close();
  });
});

describe('other actions', () => {
  it('answers echo', async () => {
    const guest = await connect();
    guest.send({ action: 'echo', token: randomUUID(), message: { type: 'Text', text: 'ping' } });
    const pong = await guest.next();
    assert.deepEqual([pong.type, pong.class, pong.body.text], ['response', 'StructuredMessage', 'ping']);
    guest.close();
  });

  it('closeSession ends the connection but not the conversation', async () => {
    const { guest, token, response } = await session();
    const closed = new Promise((resolve) => guest.ws.once('close', (code) => resolve(code)));
    guest.send({ action: 'closeSession', token });
    assert.equal((await guest.next()).class, 'ConnectionClosedEvent');
    assert.equal(await closed, 1000);
    const again = await connect();
    again.send({ action: 'configureSession', token, deploymentId: DEPLOYMENT });
    const resumed = await again.next();
    assert.equal(resumed.body.conversationId, response.body.conversationId);
    again.close();
  });

  it('a Presence Clear event clears the conversation and the session', async () => {
    const { guest, token, response } = await session();
    guest.send({ action: 'onMessage', token, message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Clear' } }] } });
    assert.equal((await guest.next()).class, 'SessionClearedEvent');
    const conversation = (await conversations()).find((c) => c.id === response.body.conversationId);
    assert.equal(conversation.state, 'cleared');
    guest.send(text(token, 'after clear'));
    assert.match((await guest.next()).body, /This session was cleared/);
    guest.close();
  });
});

describe('bad frames never crash the server', () => {
  const bad = [
    ['not JSON', '{oops', /Invalid JSON/],
    ['an array', '[1,2]', /JSON object/],
    ['null', 'null', /JSON object/],
    ['no action', '{}', /Unknown action ""/],
    ['an unknown action', '{"action":"launchRockets"}', /Unknown action "launchRockets"/],
    ['a message that is not an object', null, /needs a "message" object/],
    ['an unsupported message type', null, /Unsupported message type "Video"/],
    ['nested attributes', null, /customAttributes must be an object/],
  ];
  for (const [name, frame, pattern] of bad) {
    it(`answers ${name} with an error frame`, async () => {
      const { guest, token } = await session();
      const frames = {
        'a message that is not an object': { action: 'onMessage', token, message: 'hi' },
        'an unsupported message type': { action: 'onMessage', token, message: { type: 'Video' } },
        'nested attributes': text(token, 'x', { a: { b: 1 } }),
      };
      guest.send(frame ?? frames[name]);
      const error = await guest.next();
      assert.equal(error.type, 'response');
      assert.equal(error.class, 'string');
      assert.ok(error.code >= 400 && error.code < 500);
      assert.match(error.body, pattern);
      // The connection and the server still work.
      guest.send({ action: 'echo', token, message: { type: 'Text', text: 'still here' } });
      assert.equal((await guest.next()).body.text, 'still here');
      guest.close();
    });
  }

  it('answers a binary frame and survives an oversized one', async () => {
    const guest = await connect();
    guest.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    assert.match((await guest.next()).body, /binary/);
    const closed = new Promise((resolve) => guest.ws.once('close', (code) => resolve(code)));
    guest.ws.send('x'.repeat(70 * 1024));
    assert.equal(await closed, 1009); // "message too big"
    const after = await session();
    assert.equal(after.response.class, 'SessionResponse');
    after.guest.close();
  });
});

describe('HTTP API', () => {
  it('lists conversations as JSON and refuses other methods', async () => {
    const list = await conversations();
    assert.ok(Array.isArray(list));
    const res = await fetch(`http://${base}/api/conversations`, { method: 'DELETE' });
    assert.equal(res.status, 405);
    assert.equal((await fetch(`http://${base}/api/nothing`)).status, 404);
  });

  it('records Journey events and refuses bad ones', async () => {
    const post = (body) =>
      fetch(`http://${base}/api/journey`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal((await post({ deploymentId: DEPLOYMENT, kind: 'pageview', data: { pageTitle: 'Home' } })).status, 202);
    assert.equal((await post({ deploymentId: DEPLOYMENT, kind: 'explode' })).status, 400);
    assert.equal((await post({ deploymentId: 'x', kind: 'record' })).status, 400);
  });

  it('serves the lab page, the agent view and the runtime', async () => {
    for (const [path, type] of [
      ['/', 'text/html'],
      ['/agent/', 'text/html'],
      ['/emulator/genesys-runtime.js', 'text/javascript'],
    ]) {
      const res = await fetch(`http://${base}${path}`);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type'), new RegExp(type));
    }
    assert.equal((await fetch(`http://${base}/emulator/../package.json`)).status, 404);
  });
});
