// Protocol tests of the emulated Web Messaging service, with a plain WebSocket client.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { GuestService, sessionTtlFromEnv } from '../../emulator/service/guest-service.mjs';
import { startServer } from '../../server/index.mjs';
import { ERROR_CODES, LIMITS, PATHS } from '../../src/genesys/contract.js';
import { journeyBody } from './support/journey.mjs';

const DEPLOYMENT = '5d1b8c2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f';
let server;
let base;

before(async () => {
  server = await startServer({ port: 0 });
  base = `127.0.0.1:${server.address().port}`;
});
/** Stops a server even when a failed test left sockets open (so a failure cannot hang the run). */
function stop(srv) {
  srv.service.close();
  srv.closeAllConnections();
  return new Promise((resolve) => srv.close(resolve));
}
after(() => stop(server));

/** A guest connection: `send` a frame, `next()` the next frame received, `closed` its close code. */
async function connect(deploymentId = DEPLOYMENT, at = base) {
  const ws = new WebSocket(`ws://${at}/v1?deploymentId=${deploymentId}&application=gc-lab-test`);
  const inbox = [];
  const waiting = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    const waiter = waiting.shift();
    if (waiter) waiter(frame);
    else inbox.push(frame);
  });
  const closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return {
    ws,
    closed,
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    next: (ms = 2000) =>
      inbox.length
        ? Promise.resolve(inbox.shift())
        : new Promise((resolve, reject) => {
            const waiter = (frame) => {
              clearTimeout(timer);
              resolve(frame);
            };
            const timer = setTimeout(() => {
              waiting.splice(waiting.indexOf(waiter), 1);
              reject(new Error(`no frame within ${ms} ms`));
            }, ms);
            waiting.push(waiter);
          }),
    /** Resolves true when no frame arrives within `ms`. */
    quiet: async (ms = 150) => {
      await new Promise((r) => setTimeout(r, ms));
      return inbox.length === 0;
    },
    close: () => ws.close(),
  };
}

/**
 * A configured session, on its own deployment id so its conversation is easy to find. Its
 * deployment has no inbound flow: these are the Guest API's tests, and the flow's answers to
 * the first message would come between the frames they expect (test/server/flows.test.mjs
 * has the flow's).
 */
async function session({ token = randomUUID(), deploymentId = randomUUID(), at = base } = {}) {
  const noFlow = await fetch(`http://${at}/api/deployments/${deploymentId}/flow`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ actions: [] }) });
  assert.equal(noFlow.status, 200);
  const guest = await connect(deploymentId, at);
  guest.send({ action: 'configureSession', token, deploymentId, startNew: false, tracingId: 'configure-1' });
  const response = await guest.next();
  return { guest, token, deploymentId, response };
}

const text = (token, value, customAttributes, tracingId) => ({
  action: 'onMessage',
  token,
  ...(tracingId ? { tracingId } : {}),
  message: { type: 'Text', text: value, ...(customAttributes ? { channel: { metadata: { customAttributes } } } : {}) },
});
const event = (token, e) => ({ action: 'onMessage', token, message: { type: 'Event', events: [e] } });

async function conversations(deploymentId, at = base) {
  const res = await fetch(`http://${at}/api/conversations${deploymentId ? `?deploymentId=${deploymentId}` : ''}`);
  assert.equal(res.status, 200);
  return res.json();
}
const conversationOf = async (deploymentId, at = base) => {
  const list = await conversations(deploymentId, at);
  return list[list.length - 1];
};
const post = (path, body, at = base) =>
  fetch(`http://${at}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('configureSession', () => {
  it('answers with a SessionResponse with exactly the real fields and the request\'s tracingId', async () => {
    const { guest, response } = await session();
    assert.equal(response.type, 'response');
    assert.equal(response.class, 'SessionResponse');
    assert.equal(response.code, 200);
    assert.equal(response.tracingId, 'configure-1');
    assert.deepEqual(Object.keys(response.body).sort(), [
      'clearedExistingSession', 'connected', 'durationSeconds', 'expirationDate', 'maxCustomDataBytes', 'newSession', 'readOnly',
    ]);
    assert.equal(response.body.connected, true);
    assert.equal(response.body.newSession, true);
    assert.equal(response.body.readOnly, false);
    assert.equal(response.body.maxCustomDataBytes, LIMITS.maxCustomDataBytes);
    assert.equal(response.body.durationSeconds, LIMITS.sessionTtlSeconds);
    assert.ok(Math.abs(response.body.expirationDate - (Date.now() / 1000 + LIMITS.sessionTtlSeconds)) < 5);
    assert.equal('conversationId' in response.body, false);
    guest.close();
  });

  it('resumes the same conversation for a known token', async () => {
    const first = await session();
    const again = await connect(first.deploymentId);
    again.send({ action: 'configureSession', token: first.token, deploymentId: first.deploymentId });
    const resumed = await again.next();
    assert.equal(resumed.body.newSession, false);
    assert.equal('tracingId' in resumed, false); // the request had none
    assert.equal((await conversations(first.deploymentId)).length, 1);
    // startNew on a conversation that is not read-only resumes it (inferred).
    again.send({ action: 'configureSession', token: first.token, deploymentId: first.deploymentId, startNew: true });
    assert.equal((await again.next()).body.newSession, false);
    assert.equal((await conversations(first.deploymentId)).length, 1);
    first.guest.close();
    again.close();
  });

  it('takes any token string up to 2048 characters, and answers a missing one with 4020', async () => {
    const odd = await session({ token: 'ä é / not a uuid {}' });
    assert.equal(odd.response.class, 'SessionResponse');
    odd.guest.close();
    const long = await session({ token: 'x'.repeat(LIMITS.maxTokenLength) });
    assert.equal(long.response.class, 'SessionResponse');
    long.guest.close();
    const guest = await connect();
    guest.send({ action: 'configureSession', deploymentId: DEPLOYMENT, tracingId: 't1' });
    const missing = await guest.next();
    assert.deepEqual([missing.type, missing.class, missing.code, missing.tracingId], ['response', 'string', 4020, 't1']);
    assert.match(missing.body, /token/);
    guest.send({ action: 'configureSession', token: 'x'.repeat(LIMITS.maxTokenLength + 1), deploymentId: DEPLOYMENT });
    assert.deepEqual([(await guest.next()).code], [400]);
    guest.send({ action: 'configureSession', token: { a: 1 }, deploymentId: DEPLOYMENT });
    assert.match((await guest.next()).body, /token must be a string/);
    guest.send({ action: 'configureSession', token: randomUUID() });
    assert.equal((await guest.next()).code, 4020);
    guest.send({ action: 'configureSession', token: randomUUID(), deploymentId: randomUUID() });
    const mismatch = await guest.next();
    assert.equal(mismatch.code, 400);
    assert.match(mismatch.body, /does not match/);
    guest.close();
  });

  it('refuses a connection without a valid deploymentId', async () => {
    await assert.rejects(connect('not-a-uuid'), /400/);
  });

  it('a 4th connection closes the OLDEST with ConnectionClosedEvent', async () => {
    const first = await session();
    const joined = [first.guest];
    for (let i = 0; i < 3; i++) {
      const more = await connect(first.deploymentId);
      more.send({ action: 'configureSession', token: first.token, deploymentId: first.deploymentId });
      assert.equal((await more.next()).class, 'SessionResponse');
      joined.push(more);
    }
    const closedEvent = await first.guest.next();
    assert.deepEqual([closedEvent.type, closedEvent.class], ['message', 'ConnectionClosedEvent']);
    assert.equal(await first.guest.closed, 1000);
    // The three newest get the session's messages.
    joined[3].send(text(first.token, 'to the three newest'));
    for (const guest of joined.slice(1)) assert.equal((await guest.next()).body.text, 'to the three newest');
    joined.forEach((g) => g.close());
  });
});

describe('onMessage', () => {
  it('echoes the guest message Inbound (no originatingEntity) and keeps participant data as strings', async () => {
    const { guest, token, deploymentId } = await session();
    guest.send(text(token, 'Hello', { keyInt: 123, keyString: 'hello', ok: true }, 'msg-1'));
    const echo = await guest.next();
    assert.equal(echo.type, 'message');
    assert.equal(echo.class, 'StructuredMessage');
    assert.equal(echo.body.direction, 'Inbound');
    assert.equal(echo.body.type, 'Text');
    assert.equal(echo.body.text, 'Hello');
    assert.match(echo.body.id, /^[0-9a-f-]{36}$/);
    assert.equal(echo.body.channel.messageId, echo.body.id);
    assert.ok(!Number.isNaN(Date.parse(echo.body.channel.time)));
    assert.match(echo.body.metadata.correlationId, /^[0-9a-f-]{36}$/);
    assert.equal('originatingEntity' in echo.body, false);

    guest.send(text(token, 'Second, no attributes'));
    await guest.next();
    const conversation = await conversationOf(deploymentId);
    assert.equal(conversation.deploymentId, deploymentId);
    assert.equal(conversation.state, 'active');
    assert.deepEqual(
      conversation.messages.map(({ direction, text, customAttributes }) => ({ direction, text, customAttributes })),
      [
        { direction: 'Inbound', text: 'Hello', customAttributes: { keyInt: '123', keyString: 'hello', ok: 'true' } },
        { direction: 'Inbound', text: 'Second, no attributes', customAttributes: undefined },
      ],
    );
    assert.deepEqual(conversation.customAttributes, { keyInt: '123', keyString: 'hello', ok: 'true' });
    guest.close();
  });

  it('a guest\'s own message.metadata cannot make its echo say readOnly; an empty top-level customAttributes is no loss to mark', async () => {
    const { guest, token, deploymentId } = await session();
    guest.send({ action: 'onMessage', token, channel: { metadata: { customAttributes: {} } }, message: { type: 'Text', text: 'sneaky', metadata: { readOnly: 'true', customMessageId: 'm1' } } });
    const echo = await guest.next();
    assert.equal(echo.body.metadata.readOnly, undefined);
    assert.equal(echo.body.metadata.customMessageId, 'm1', 'the client\'s own keys come back');
    const [message] = (await conversationOf(deploymentId)).messages;
    assert.equal(message.ignoredAttributes, undefined);
    guest.close();
  });

  it('ignores custom attributes at the frame\'s top level, as Genesys does since 2026-06-05, and marks the message', async () => {
    const { guest, token, deploymentId } = await session();
    guest.send({ action: 'onMessage', token, channel: { metadata: { customAttributes: { top: 1 } } }, message: { type: 'Text', text: 'top' } });
    await guest.next();
    guest.send({
      action: 'onMessage',
      token,
      channel: { metadata: { customAttributes: { a: 'top', b: 'top' } } },
      message: { type: 'Text', text: 'both', channel: { metadata: { customAttributes: { b: 'message' } } } },
    });
    await guest.next();
    const conversation = await conversationOf(deploymentId);
    assert.deepEqual(conversation.messages.map((m) => m.customAttributes), [undefined, { b: 'message' }]);
    assert.deepEqual(conversation.messages.map((m) => m.ignoredAttributes), [['top'], ['a', 'b']]);
    assert.deepEqual(conversation.customAttributes, { b: 'message' });
    guest.close();
  });

  for (const [place, build] of [
    ['message.channel', (token, attrs) => text(token, 'too much', attrs, 'big')],
    ['a Presence Join\'s message.channel', (token, attrs) => ({ action: 'onMessage', token, tracingId: 'big', message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Join' } }], text: 'too much', channel: { metadata: { customAttributes: attrs } } } })],
  ]) {
    it(`refuses custom attributes over 2048 bytes in ${place} with 4013 and drops that message`, async () => {
      const { guest, token, deploymentId } = await session();
      guest.send(build(token, { big: 'x'.repeat(2046) })); // 3 + 2046 = 2049 bytes
      const refused = await guest.next();
      assert.deepEqual([refused.type, refused.class, refused.code, refused.tracingId], ['response', 'string', 4013, 'big']);
      assert.equal(refused.body, 'Custom Attributes in channel metadata is larger than 2048 bytes');
      guest.send(build(token, { big: 'x'.repeat(2045) }));
      assert.equal((await guest.next()).class, 'StructuredMessage');
      const kept = (await conversationOf(deploymentId)).messages;
      assert.equal(kept.length, 1, 'only the message that fits is kept');
      assert.equal(kept[0].customAttributes.big.length, 2045);
      guest.close();
    });
  }

  it('refuses text over 4096 bytes with 4011', async () => {
    const { guest, token } = await session();
    guest.send(text(token, 'é'.repeat(2049), undefined, 'long')); // 4098 bytes
    const refused = await guest.next();
    assert.deepEqual([refused.class, refused.code, refused.tracingId], ['string', 4011, 'long']);
    assert.equal(refused.body, 'message too long', 'the text of Genesys\'s recorded frame');
    guest.send(text(token, 'é'.repeat(2048))); // 4096 bytes: fits
    assert.equal((await guest.next()).class, 'StructuredMessage');
    guest.close();
  });

  it('allows 5 messages a second and refuses the 6th with TooManyRequestsErrorMessage', async () => {
    const { guest, token } = await session();
    for (let i = 1; i <= 6; i++) guest.send(text(token, `m${i}`, undefined, `t${i}`));
    const frames = [];
    for (let i = 0; i < 6; i++) frames.push(await guest.next());
    assert.deepEqual(frames.slice(0, 5).map((f) => f.body.text), ['m1', 'm2', 'm3', 'm4', 'm5']);
    assert.deepEqual([frames[5].type, frames[5].class, frames[5].code, frames[5].tracingId], ['response', 'TooManyRequestsErrorMessage', 429, 't6']);
    // The body of Genesys's recorded frame (transport SDK Response.tooManyRequests).
    assert.deepEqual(frames[5].body, { retryAfter: 3, errorCode: 4029, errorMessage: 'Message rate too high for this session' });
    guest.close();
  });

  it('allows 60 requests a minute on a connection and refuses the 61st', async () => {
    const guest = await connect();
    for (let i = 1; i <= 61; i++) guest.send({ action: 'echo', token: 't', tracingId: `e${i}`, message: { type: 'Text', text: `ping ${i}` } });
    const frames = [];
    for (let i = 0; i < 61; i++) frames.push(await guest.next());
    assert.equal(frames[59].body.text, 'ping 60');
    assert.equal(frames[60].class, 'TooManyRequestsErrorMessage');
    assert.equal(frames[60].code, 429);
    assert.equal(frames[60].tracingId, 'e61');
    assert.ok(frames[60].body.retryAfter > 0 && frames[60].body.retryAfter <= 60);
    // Another connection is counted on its own.
    const other = await connect();
    other.send({ action: 'echo', token: 't', message: { type: 'Text', text: 'fresh' } });
    assert.equal((await other.next()).body.text, 'fresh');
    guest.close();
    other.close();
  });

  it('answers 4007 for a token without a session (or not configured on this connection)', async () => {
    const guest = await connect();
    guest.send(text(randomUUID(), 'hi', undefined, 'no-session'));
    const notFound = await guest.next();
    assert.deepEqual([notFound.class, notFound.code, notFound.tracingId], ['string', 4007, 'no-session']);
    const { guest: other, token } = await session();
    other.send(text(`${token}x`, 'hi'));
    assert.equal((await other.next()).code, 4007);
    guest.send(text(token, 'hi from a connection that never configured'));
    assert.equal((await guest.next()).code, 4007);
    other.send({ action: 'onMessage', token });
    assert.equal((await other.next()).code, 4020);
    guest.close();
    other.close();
  });

  it('accepts Typing events silently', async () => {
    const { guest, token, deploymentId } = await session();
    guest.send(event(token, { eventType: 'Typing', typing: { type: 'On' } }));
    assert.ok(await guest.quiet());
    assert.deepEqual((await conversationOf(deploymentId)).messages, []);
    guest.close();
  });
});

describe('agent replies', () => {
  it('reach the guest Outbound, Private, from the agent, Human or Bot', async () => {
    const { guest, token, deploymentId } = await session();
    guest.send(text(token, 'Need help'));
    await guest.next();
    const { id } = await conversationOf(deploymentId);
    const res = await post(`/api/conversations/${id}/messages`, { text: 'Hi, this is Alex', nickname: 'Alex' });
    assert.equal(res.status, 201);
    const reply = await guest.next();
    assert.deepEqual([reply.type, reply.class, 'tracingId' in reply], ['message', 'StructuredMessage', false]);
    assert.equal(reply.body.direction, 'Outbound');
    assert.equal(reply.body.text, 'Hi, this is Alex');
    assert.equal(reply.body.originatingEntity, 'Human');
    assert.deepEqual([reply.body.channel.type, reply.body.channel.from], ['Private', { nickname: 'Alex' }]);
    assert.ok(reply.body.id && reply.body.channel.messageId && reply.body.metadata.correlationId);
    assert.equal((await post(`/api/conversations/${id}/messages`, { text: 'beep', originatingEntity: 'Bot' })).status, 201);
    assert.equal((await guest.next()).body.originatingEntity, 'Bot');
    guest.close();
  });

  it('after the guest left (closeSession with closeAllConnections, as Clear Session sends): marked, a reply refused 409 with why; the same token back: open again', async () => {
    const { guest, token, deploymentId } = await session();
    guest.send(text(token, 'Bye soon'));
    await guest.next();
    guest.send({ action: 'closeSession', token, closeAllConnections: true, tracingId: 'close-1' });
    assert.equal((await guest.next()).body.connected, false);
    const left = await conversationOf(deploymentId);
    assert.match(left.guestLeft, /^\d{4}-\d{2}-\d{2}T/);
    assert.equal(left.state, 'active');
    const refused = await post(`/api/conversations/${left.id}/messages`, { text: 'Still there?' });
    assert.equal(refused.status, 409);
    assert.match((await refused.json()).error, /The guest left this conversation \(their session was cleared at .+\): nobody would read this reply/);
    guest.close();

    // A client that keeps its token and configures again is back in the conversation.
    const again = await connect(deploymentId);
    again.send({ action: 'configureSession', token, deploymentId, tracingId: 'configure-2' });
    await again.next();
    assert.equal((await conversationOf(deploymentId)).guestLeft, undefined);
    assert.equal((await post(`/api/conversations/${left.id}/messages`, { text: 'Welcome back' })).status, 201);
    again.close();
  });

  it('are refused with a clear error for bad input', async () => {
    assert.equal((await post('/api/conversations/nope/messages', { text: 'x' })).status, 404);
    // A malformed percent-escape is a bad request URL (400), never a 500.
    assert.equal((await post('/api/conversations/%E0%A4%A/messages', { text: 'x' })).status, 400);
    const { guest, deploymentId } = await session();
    const { id } = await conversationOf(deploymentId);
    const bad = await post(`/api/conversations/${id}/messages`, '{not json');
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error, /not valid JSON/);
    assert.equal((await post(`/api/conversations/${id}/messages`, { text: '  ' })).status, 400);
    assert.equal((await post(`/api/conversations/${id}/messages`, { text: 'x', originatingEntity: 'Robot' })).status, 400);
    assert.equal((await post(`/api/conversations/${id}/messages`, `{"text":"${'x'.repeat(20_000)}"}`)).status, 413);
    guest.close();
  });
});

describe('the agent ends a conversation', () => {
  it('disconnect → Presence Disconnect to the guest → read-only → startNew starts a new conversation', async () => {
    const { guest, token, deploymentId } = await session();
    guest.send(text(token, 'Hello'));
    await guest.next();
    const { id } = await conversationOf(deploymentId);
    const res = await post(`/api/conversations/${id}/disconnect`, {});
    assert.equal(res.status, 200);
    assert.equal((await res.json()).state, 'disconnected');
    const ended = await guest.next();
    assert.deepEqual([ended.type, ended.class], ['message', 'StructuredMessage']);
    assert.equal(ended.body.type, 'Event');
    assert.equal(ended.body.direction, 'Outbound');
    assert.deepEqual(ended.body.events, [{ eventType: 'Presence', presence: { type: 'Disconnect' } }]);
    assert.equal((await conversationOf(deploymentId)).state, 'disconnected');

    // Read-only: text is refused, the agent cannot reply, the SessionResponse says so.
    guest.send(text(token, 'anyone there?', undefined, 'ro'));
    const refused = await guest.next();
    assert.deepEqual([refused.class, refused.code, refused.tracingId], ['string', 403, 'ro']);
    assert.match(refused.body, /read-only/);
    assert.equal((await post(`/api/conversations/${id}/messages`, { text: 'late' })).status, 409);
    assert.equal((await post(`/api/conversations/${id}/disconnect`, {})).status, 409);
    guest.send({ action: 'configureSession', token, deploymentId });
    const resumed = await guest.next();
    assert.deepEqual([resumed.body.readOnly, resumed.body.newSession], [true, false]);

    guest.send({ action: 'configureSession', token, deploymentId, startNew: true });
    const fresh = await guest.next();
    assert.deepEqual([fresh.body.readOnly, fresh.body.newSession, fresh.body.connected], [false, true, true]);
    guest.send(text(token, 'new start'));
    assert.equal((await guest.next()).body.text, 'new start');
    const list = await conversations(deploymentId);
    assert.deepEqual(list.map((c) => [c.state, c.messages.filter((m) => m.type === 'Text').map((m) => m.text)]), [
      ['disconnected', ['Hello']],
      ['active', ['new start']],
    ]);
    assert.equal((await post('/api/conversations/nope/disconnect', {})).status, 404);
    guest.close();
  });
});

describe('other actions', () => {
  it('answers echo with a StructuredMessage response that has an id and the tracingId', async () => {
    const guest = await connect();
    guest.send({ action: 'echo', token: 'anything', tracingId: 'ping-1', message: { type: 'Text', text: 'ping' } });
    const pong = await guest.next();
    assert.deepEqual([pong.type, pong.class, pong.code, pong.tracingId], ['response', 'StructuredMessage', 200, 'ping-1']);
    assert.deepEqual([pong.body.text, pong.body.type, pong.body.direction], ['ping', 'Text', 'Inbound']);
    assert.match(pong.body.id, /^[0-9a-f-]{36}$/);
    guest.send({ action: 'echo', message: { type: 'Text', text: 'no token' } });
    assert.equal((await guest.next()).code, 4020);
    guest.close();
  });

  it('closeSession answers the requester with connected: false; the session stays resumable', async () => {
    const { guest, token, deploymentId } = await session();
    const other = await connect(deploymentId);
    other.send({ action: 'configureSession', token, deploymentId });
    await other.next();
    guest.send({ action: 'closeSession', token, tracingId: 'close-1' });
    const closed = await guest.next();
    assert.deepEqual([closed.type, closed.class, closed.tracingId, closed.body.connected], ['response', 'SessionResponse', 'close-1', false]);
    // Without closeAllConnections, the other connection is untouched.
    assert.ok(await other.quiet());
    other.send(text(token, 'still in'));
    assert.equal((await other.next()).body.text, 'still in');
    assert.ok(await guest.quiet()); // the requester left the session
    guest.send(text(token, 'after close'));
    assert.equal((await guest.next()).code, 4007);
    guest.send({ action: 'configureSession', token, deploymentId });
    assert.equal((await guest.next()).body.newSession, false);
    guest.close();
    other.close();
  });

  it('closeSession with closeAllConnections closes the session\'s OTHER connections', async () => {
    const { guest, token, deploymentId } = await session();
    const others = [];
    for (let i = 0; i < 2; i++) {
      const more = await connect(deploymentId);
      more.send({ action: 'configureSession', token, deploymentId });
      await more.next();
      others.push(more);
    }
    guest.send({ action: 'closeSession', token, closeAllConnections: true, tracingId: 'close-all' });
    const answer = await guest.next();
    assert.deepEqual([answer.class, answer.body.connected, answer.tracingId], ['SessionResponse', false, 'close-all']);
    for (const other of others) {
      const frame = await other.next();
      assert.deepEqual([frame.type, frame.class], ['message', 'ConnectionClosedEvent']);
      assert.equal(await other.closed, 1000);
    }
    guest.close();
  });

  it('a Presence Clear event: SessionClearedEvent, then ConnectionClosedEvent; the session is gone', async () => {
    const { guest, token, deploymentId } = await session();
    const other = await connect(deploymentId);
    other.send({ action: 'configureSession', token, deploymentId });
    await other.next();
    guest.send(event(token, { eventType: 'Presence', presence: { type: 'Clear' } }));
    for (const g of [guest, other]) {
      assert.equal((await g.next()).class, 'SessionClearedEvent');
      assert.equal((await g.next()).class, 'ConnectionClosedEvent');
      assert.equal(await g.closed, 1000);
    }
    assert.equal((await conversationOf(deploymentId)).state, 'cleared');
    const again = await connect(deploymentId);
    again.send(text(token, 'after clear'));
    assert.equal((await again.next()).code, 4007);
    again.send({ action: 'configureSession', token, deploymentId });
    assert.equal((await again.next()).body.newSession, true);
    again.close();
  });
});

describe('getJwt and the history', () => {
  const history = (query, jwt, at = base) =>
    fetch(`http://${at}${PATHS.history}${query}`, jwt === undefined ? {} : { headers: { Authorization: `Bearer ${jwt}` } });

  it('getJwt answers a signed JWT that reads the session\'s history, newest first, paged', async () => {
    const { guest, token, deploymentId } = await session();
    for (const t of ['one', 'two', 'three']) {
      guest.send(text(token, t));
      await guest.next();
    }
    const { id } = await conversationOf(deploymentId);
    await post(`/api/conversations/${id}/messages`, { text: 'four (agent)' });
    await guest.next();
    guest.send({ action: 'getJwt', token, tracingId: 'jwt-1' });
    const answer = await guest.next();
    assert.deepEqual([answer.type, answer.class, answer.code, answer.tracingId], ['response', 'JwtResponse', 200, 'jwt-1']);
    const { jwt, exp } = answer.body;
    assert.ok(Number.isInteger(exp) && exp > Date.now() / 1000 && exp < Date.now() / 1000 + 2 * 3600);
    const [, payload] = jwt.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    assert.equal(claims.exp, exp);
    assert.equal(jwt.includes(token) || JSON.stringify(claims).includes(token), false);

    const res = await history('?pageSize=3&pageNumber=1', jwt);
    assert.equal(res.status, 200);
    const page = await res.json();
    assert.deepEqual([page.pageSize, page.pageNumber, page.total, page.pageCount], [3, 1, 4, 2]);
    assert.deepEqual(page.entities.map((m) => m.text), ['four (agent)', 'three', 'two']);
    assert.equal(page.entities[0].direction, 'Outbound');
    assert.ok(page.entities.every((m) => m.id && m.channel.time));
    const second = await (await history('?pageSize=3&pageNumber=2', jwt)).json();
    assert.deepEqual(second.entities.map((m) => m.text), ['one']);
    assert.equal((await history('?pageSize=0', jwt)).status, 400);
    assert.equal((await history('?pageNumber=abc', jwt)).status, 400);
    guest.close();
  });

  it('refuses a missing, forged or tampered JWT with 401 and a JSON reason', async () => {
    const { guest, token } = await session();
    guest.send({ action: 'getJwt', token });
    const { jwt } = (await guest.next()).body;
    const [head, payload, signature] = jwt.split('.');
    const forgedClaims = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url')), exp: 9_999_999_999 })).toString('base64url');
    for (const bad of [undefined, 'nonsense', `${head}.${forgedClaims}.${signature}`, `${head}.${payload}.${signature.slice(0, -2)}xx`]) {
      const res = await history('', bad);
      assert.equal(res.status, 401, String(bad));
      assert.match(res.headers.get('content-type'), /application\/json/);
      assert.equal(typeof (await res.json()).error, 'string');
    }
    guest.send({ action: 'getJwt', token: randomUUID() });
    assert.equal((await guest.next()).code, 4007);
    guest.close();
  });

  it('the old open /api/history is gone', async () => {
    assert.equal((await fetch(`http://${base}/api/history?token=x`)).status, 404);
  });
});

describe('config.json', () => {
  it('serves a DeploymentConfig whose endpoints point at this origin', async () => {
    const res = await fetch(`http://${base}${PATHS.deploymentConfig(DEPLOYMENT)}`);
    assert.equal(res.status, 200);
    const config = await res.json();
    assert.equal(config.id, DEPLOYMENT);
    assert.equal(config.status, 'Active');
    assert.equal(config.apiEndpoint, `http://${base}`);
    assert.equal(config.messenger.apps.conversations.messagingEndpoint, `ws://${base}`);
    assert.deepEqual(config.messenger.apps.conversations.autoStart, { enabled: false });
    assert.deepEqual(config.messenger.launcherButton, { visibility: 'On' });
    assert.deepEqual(config.messenger.fileUpload, { modes: [] });
    assert.equal(typeof config.journeyEvents.enabled, 'boolean');
    assert.ok(config.languages.includes(config.defaultLanguage));
    const missing = await fetch(`http://${base}${PATHS.deploymentConfig('not-a-uuid')}`);
    assert.equal(missing.status, 404);
    assert.match((await missing.json()).error, /UUID/);
  });
});

describe('session expiry', () => {
  it('with a fake clock: SessionExpiredEvent on the sweep, then 4006 for the token', async () => {
    let clock = Date.now();
    const service = new GuestService({ now: () => clock, sessionTtlMs: 60_000, sweepMs: 3_600_000 });
    const local = await startServer({ port: 0, service });
    const at = `127.0.0.1:${local.address().port}`;
    try {
      const { guest, token, deploymentId, response } = await session({ at });
      assert.equal(response.body.durationSeconds, 60);
      const lazy = await session({ at });
      clock += 59_000;
      service.sweep();
      assert.ok(await guest.quiet());
      clock += 1_000;
      service.sweep();
      const expired = await guest.next();
      assert.deepEqual([expired.type, expired.class, expired.code, expired.body], ['response', 'SessionExpiredEvent', 200, {}]);
      guest.send(text(token, 'too late', undefined, 'late'));
      const refused = await guest.next();
      assert.deepEqual([refused.class, refused.code, refused.tracingId], ['string', 4006, 'late']);
      guest.send({ action: 'configureSession', token, deploymentId });
      assert.equal((await guest.next()).code, 4006);
      // Without a sweep, the next request finds out (the sweep above already expired it too).
      assert.equal((await lazy.guest.next()).class, 'SessionExpiredEvent');
      lazy.guest.send(text(lazy.token, 'late'));
      assert.equal((await lazy.guest.next()).code, 4006);
      assert.equal((await post(`/api/conversations/${(await conversationOf(deploymentId, at)).id}/messages`, { text: 'x' }, at)).status, 409);
      guest.close();
      lazy.guest.close();
    } finally {
      await stop(local);
    }
  });

  it('a request after the time is up expires the session even before a sweep', async () => {
    let clock = Date.now();
    const service = new GuestService({ now: () => clock, sessionTtlMs: 1_000, sweepMs: 3_600_000 });
    const local = await startServer({ port: 0, service });
    try {
      const { guest, token } = await session({ at: `127.0.0.1:${local.address().port}` });
      clock += 1_000;
      guest.send({ action: 'getJwt', token });
      assert.equal((await guest.next()).class, 'SessionExpiredEvent');
      assert.equal((await guest.next()).code, ERROR_CODES.sessionExpired);
      guest.close();
    } finally {
      await stop(local);
    }
  });

  it('with a real timer (sessionTtlMs: 300)', async () => {
    const local = await startServer({ port: 0, sessionTtlMs: 300 });
    try {
      const { guest } = await session({ at: `127.0.0.1:${local.address().port}` });
      assert.equal((await guest.next(2000)).class, 'SessionExpiredEvent');
      guest.close();
    } finally {
      await stop(local);
    }
  });

  it('SESSION_TTL: seconds, validated', () => {
    assert.equal(sessionTtlFromEnv(undefined), undefined);
    assert.equal(sessionTtlFromEnv('90'), 90_000);
    for (const bad of ['0', '-5', '1.5', 'soon', '1e3']) assert.throws(() => sessionTtlFromEnv(bad), /SESSION_TTL must be a whole number/);
    const start = fileURLToPath(new URL('../../scripts/start.mjs', import.meta.url));
    const run = spawnSync(process.execPath, [start, '--no-build'], { env: { ...process.env, SESSION_TTL: 'soon', PORT: '0' }, encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /SESSION_TTL must be a whole number of seconds \(1 or more\), not "soon"/);
  });
});

describe('bad frames never crash the server', () => {
  let deep = '{"action":"onMessage","token":"t","message":';
  for (let i = 0; i < 5000; i++) deep += '[';
  const bad = [
    ['not JSON', () => '{oops', 400, /Invalid JSON/],
    ['an array', () => '[1,2]', 400, /JSON object/],
    ['null', () => 'null', 400, /JSON object/],
    ['no action', () => '{}', 4020, /action/],
    ['an unknown action', () => '{"action":"launchRockets"}', 400, /Unknown action "launchRockets"/],
    ['an object as action', (token) => ({ action: { a: 1 }, token }), 400, /Unknown action/],
    ['deeply nested JSON (unterminated)', () => deep, 400, /Invalid JSON/],
    ['deep nesting where a message belongs', (token) => `{"action":"onMessage","token":${JSON.stringify(token)},"message":${'['.repeat(3000)}${']'.repeat(3000)}}`, 400, /nests more than 16 levels/],
    ['a message that is not an object', (token) => ({ action: 'onMessage', token, message: 'hi' }), 400, /needs a "message" object/],
    ['an unsupported message type', (token) => ({ action: 'onMessage', token, message: { type: 'Video' } }), 400, /Unsupported message type "Video"/],
    ['an object as text', (token) => ({ action: 'onMessage', token, message: { type: 'Text', text: { a: 1 } } }), 400, /needs "text"/],
    ['nested attributes', (token) => text(token, 'x', { a: { b: 1 } }), 400, /customAttributes must be an object/],
    ['an unknown event', (token) => event(token, { eventType: 'Dance' }), 400, /Unsupported event/],
    ['events that are not an array', (token) => ({ action: 'onMessage', token, message: { type: 'Event', events: 'x' } }), 400, /events/],
    ['a non-boolean startNew', (token) => ({ action: 'configureSession', token, deploymentId: DEPLOYMENT, startNew: 'yes' }), 400, /startNew/],
    ['a non-boolean closeAllConnections', (token) => ({ action: 'closeSession', token, closeAllConnections: 1 }), 400, /closeAllConnections/],
  ];
  for (const [name, build, code, pattern] of bad) {
    it(`answers ${name} with an error frame`, async () => {
      const guest = await connect();
      const token = randomUUID();
      guest.send({ action: 'configureSession', token, deploymentId: DEPLOYMENT });
      await guest.next();
      guest.send(build(token));
      const error = await guest.next();
      assert.equal(error.type, 'response');
      assert.equal(error.class, 'string');
      assert.equal(error.code, code);
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
    const binary = await guest.next();
    assert.deepEqual([binary.class, binary.code], ['string', 400]);
    assert.match(binary.body, /binary/);
    guest.ws.send('x'.repeat(70 * 1024));
    assert.equal(await guest.closed, 1009); // "message too big"
    const after = await session();
    assert.equal(after.response.class, 'SessionResponse');
    after.guest.close();
  });
});

describe('HTTP API', () => {
  it('lists conversations as JSON, filtered by deploymentId, and refuses other methods', async () => {
    const { guest, deploymentId } = await session();
    const list = await conversations(deploymentId);
    assert.equal(list.length, 1);
    assert.equal(list[0].deploymentId, deploymentId);
    assert.ok((await conversations()).length > 1);
    const res = await fetch(`http://${base}/api/conversations`, { method: 'DELETE' });
    assert.equal(res.status, 405);
    assert.equal((await fetch(`http://${base}/api/conversations/x/disconnect`)).status, 405);
    assert.equal((await fetch(`http://${base}/api/nothing`)).status, 404);
    guest.close();
  });

  it('records Journey events and refuses bad ones', async () => {
    assert.equal((await post('/api/journey', journeyBody(DEPLOYMENT, { data: { pageTitle: 'Home' } }))).status, 202);
    assert.equal((await post('/api/journey', { ...journeyBody(DEPLOYMENT), kind: 'explode' })).status, 400);
    assert.equal((await post('/api/journey', journeyBody('x', { kind: 'record', data: { eventName: 'e' } }))).status, 400);
    assert.equal((await post('/api/journey', 'null')).status, 400);
  });

  it('serves the lab page, the agent view and the runtime, but not the service\'s source', async () => {
    for (const [path, type] of [
      ['/', 'text/html'],
      ['/agent/', 'text/html'],
      ['/emulator/agent/index.html', 'text/html'],
      ['/emulator/genesys-runtime.js', 'text/javascript'],
    ]) {
      const res = await fetch(`http://${base}${path}`);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type'), new RegExp(type));
    }
    assert.equal((await fetch(`http://${base}/emulator/service/guest-service.mjs`)).status, 404);
    assert.equal((await fetch(`http://${base}/emulator/../package.json`)).status, 404);
  });
});
