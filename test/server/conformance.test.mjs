// Conformance suite for the emulated Genesys Web Messaging Guest API (WebSocket), written
// from the project's notes (docs/guest-api.md, docs/messenger-sdk.md) and the shared contract
// (src/genesys/contract.js), not from the service's code. Each test names the section of the
// notes it checks. Run: node --test test/server/conformance.test.mjs
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ACTIONS, ERROR_CODES, FRAME_CLASSES, LIMITS, PATHS, utf8Bytes, customAttributesBytes } from '../../src/genesys/contract.js';
import { startServer } from '../../server/index.mjs';
import { closeAllClients, connect, isResponse, newToken, ofClass, WAIT_MS } from './support/guest-client.mjs';

/** The service moves to emulator/service/ (branch `service`); before that it lives in server/. */
async function loadGuestService() {
  try {
    return (await import('../../emulator/service/guest-service.mjs')).GuestService;
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('emulator/service/guest-service.mjs')) throw error;
    return (await import('../../server/guest-service.mjs')).GuestService;
  }
}
const GuestService = await loadGuestService();

/** The keys a real SessionResponse body may carry (docs/guest-api.md#sessionresponse). */
const SESSION_RESPONSE_KEYS = new Set([
  'connected',
  'newSession',
  'readOnly',
  'maxCustomDataBytes',
  'clearedExistingSession',
  'allowedMedia',
  'durationSeconds',
  'expirationDate',
]);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

// ------------------------------------------------------------------ one server for the suite

let server;
let origin;

async function start(options) {
  const s = await startServer({ port: 0, host: '127.0.0.1', service: new GuestService(options) });
  return { server: s, origin: `127.0.0.1:${s.address().port}` };
}

async function stop(s) {
  s.closeAllConnections?.();
  await new Promise((resolve) => s.close(() => resolve()));
}

before(async () => {
  ({ server, origin } = await start({}));
});
afterEach(() => closeAllClients());
after(async () => {
  closeAllClients();
  await stop(server);
});

// ------------------------------------------------------------------ helpers

async function http(path, init = {}, at = origin) {
  const res = await fetch(`http://${at}${path}`, init);
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * Open a socket and configure a session; returns the client and its SessionResponse. The
 * deployment has no inbound flow (an empty one): this suite is the Guest API's, and a flow's
 * answers to the first message are not (test/server/flows.test.mjs has them).
 */
async function session({ deploymentId = randomUUID(), token = newToken(), startNew, at = origin } = {}) {
  const noFlow = await http(`/api/deployments/${deploymentId}/flow`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ actions: [] }) }, at);
  assert.equal(noFlow.status, 200, 'the deployment\'s flow emptied');
  const guest = await connect(at, { deploymentId });
  const response = await guest.request({
    action: ACTIONS.configureSession,
    token,
    deploymentId,
    ...(startNew === undefined ? {} : { startNew }),
  });
  return { guest, response, token, deploymentId };
}

const textRequest = (token, text, extra = {}) => ({
  action: ACTIONS.onMessage,
  token,
  message: { type: 'Text', text, ...(extra.messageChannel ? { channel: extra.messageChannel } : {}) },
  ...(extra.frameChannel ? { channel: extra.frameChannel } : {}),
});

const isInboundEcho = (text) => (f) =>
  f.type === 'message' && f.class === FRAME_CLASSES.structuredMessage && f.body?.direction === 'Inbound' && f.body?.text === text;

const isError = (f) => f.class === FRAME_CLASSES.string || f.class === FRAME_CLASSES.tooManyRequests;

/** Send a Text message and wait for the guest's own echo (or an error frame, which fails). */
async function say(guest, token, text, extra) {
  const tracingId = randomUUID();
  guest.send({ ...textRequest(token, text, extra), tracingId });
  const frame = await guest.next((f) => isInboundEcho(text)(f) || (isError(f) && (f.tracingId === tracingId || !f.tracingId)), {
    what: `echo of "${text.slice(0, 40)}"`,
  });
  assert.equal(frame.class, FRAME_CLASSES.structuredMessage, `message "${text.slice(0, 40)}" refused: ${JSON.stringify(frame)}`);
  return frame;
}

/** The conversations the agent side lists for one deployment. */
async function conversationsOf(deploymentId, at = origin) {
  const { status, json } = await http(`/api/conversations?deploymentId=${encodeURIComponent(deploymentId)}`, {}, at);
  assert.equal(status, 200, 'GET /api/conversations answers 200');
  const list = Array.isArray(json) ? json : (json?.conversations ?? json?.entities ?? []);
  return list.filter((c) => c.deploymentId === undefined || c.deploymentId === deploymentId);
}

const messageText = (m) => m.text ?? m.body?.text;
const messageAttributes = (m) => m.customAttributes ?? m.channel?.metadata?.customAttributes ?? m.body?.channel?.metadata?.customAttributes;

function assertErrorFrame(frame, code, source) {
  assert.equal(frame.class, FRAME_CLASSES.string, `${source}: class "string", got ${JSON.stringify(frame)}`);
  assert.equal(frame.code, code, `${source}: code ${code}, got ${JSON.stringify(frame)}`);
  assert.equal(typeof frame.body, 'string', `${source}: a text body`);
}

function assertTooManyRequests(frame, source) {
  assert.equal(frame.class, FRAME_CLASSES.tooManyRequests, `${source}: got ${JSON.stringify(frame)}`);
  assert.equal(frame.code, 429, source);
  assert.equal(typeof frame.body?.retryAfter, 'number', `${source}: body.retryAfter is a number`);
  assert.equal(frame.body.errorCode, ERROR_CODES.requestRateTooHigh, `${source}: body.errorCode 4029`);
  assert.equal(typeof frame.body.errorMessage, 'string', `${source}: body.errorMessage`);
}

const base64url = (value) => Buffer.from(value).toString('base64url');

// ------------------------------------------------------------------ paths on one origin

describe('paths on one origin (docs/guest-api.md#around-the-socket)', () => {
  it('upgrades /v1?deploymentId=<uuid>&application=…', async () => {
    const guest = await connect(origin, { deploymentId: randomUUID(), application: 'gc-lab-conformance 1.0.0' });
    assert.equal(guest.isClosed, false);
    await guest.close();
  });

  it('refuses a socket whose deploymentId is not a UUID (or is missing)', async () => {
    for (const query of ['deploymentId=not-a-uuid&application=x', 'application=x', 'deploymentId=&application=x']) {
      await assert.rejects(connect(origin, { query }), (e) => e.refused === true, `upgrade with ?${query} must be refused`);
    }
  });

  // The recorded DeploymentConfig (transport SDK tests) has messagingEndpoint "wss://webmessaging.<domain>":
  // the origin only; the client adds /v1 (Urls.kt). So: this origin over ws:, and /v1 on it is the socket.
  it('GET config.json answers a DeploymentConfig whose messagingEndpoint is this origin over ws:, with the socket at /v1', async () => {
    const deploymentId = randomUUID();
    const { status, json, headers } = await http(PATHS.deploymentConfig(deploymentId));
    assert.equal(status, 200);
    assert.match(headers.get('content-type') ?? '', /json/);
    assert.equal(json.id, deploymentId, 'config.id is the deployment id');
    const endpoint = json.messenger?.apps?.conversations?.messagingEndpoint;
    assert.equal(typeof endpoint, 'string', 'messenger.apps.conversations.messagingEndpoint is a string');
    const url = new URL(endpoint);
    assert.equal(url.protocol, 'ws:');
    assert.equal(url.host, origin);
    assert.ok(['', '/'].includes(url.pathname), `messagingEndpoint is an origin (the client appends ${PATHS.socket}): ${endpoint}`);
    const guest = await connect(url.host, { deploymentId, path: `${url.pathname.replace(/\/$/, '')}${PATHS.socket}` });
    await guest.close();
  });

  it('config.json has every field the transport SDK\'s DeploymentConfig needs to decode (shyrka/receive/DeploymentConfig.kt)', async () => {
    const { json } = await http(PATHS.deploymentConfig(randomUUID()));
    for (const key of ['id', 'version', 'languages', 'defaultLanguage', 'apiEndpoint', 'messenger', 'journeyEvents', 'status', 'auth']) {
      assert.ok(key in json, `config.${key}`);
    }
    assert.deepEqual(json.auth, { enabled: false, allowSessionUpgrade: false }, 'auth has no default in the model');
    assert.equal(typeof json.journeyEvents.enabled, 'boolean');
    assert.ok(['Active', 'Inactive'].includes(json.status));
    const { enabled, apps, styles, launcherButton, fileUpload } = json.messenger;
    assert.equal(typeof enabled, 'boolean');
    assert.equal(typeof styles.primaryColor, 'string');
    assert.equal(typeof launcherButton.visibility, 'string');
    assert.ok(Array.isArray(fileUpload.modes));
    const conversations = apps.conversations;
    assert.deepEqual(conversations.conversationDisconnect, { enabled: true, type: 'ReadOnly' });
    assert.deepEqual(conversations.conversationClear, { enabled: true });
    assert.deepEqual(conversations.autoStart, { enabled: false });
  });

  it('GET /api/v2/webmessaging/messages needs a valid JWT (401 without, 401 forged or altered)', async () => {
    const path = `${PATHS.history}?pageSize=25&pageNumber=1`;
    assert.equal((await http(path)).status, 401, 'no Authorization');
    assert.equal((await http(path, { headers: { Authorization: 'Bearer not-a-jwt' } })).status, 401, 'garbage bearer');
    const none = `${base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url(JSON.stringify({ sub: newToken(), exp: 9999999999 }))}.`;
    assert.equal((await http(path, { headers: { Authorization: `Bearer ${none}` } })).status, 401, 'alg none');

    // A real JWT, altered: payload changed (signature kept), then signature changed.
    const { guest, token } = await session();
    const jwtFrame = await guest.request({ action: ACTIONS.getJwt, token });
    assert.equal(jwtFrame.class, FRAME_CLASSES.jwtResponse, `getJwt: ${JSON.stringify(jwtFrame)}`);
    const [h, p, s] = jwtFrame.body.jwt.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    for (const key of Object.keys(claims)) if (typeof claims[key] === 'string') claims[key] = `${claims[key]}x`;
    claims.exp = 9999999999;
    const alteredPayload = `${h}.${base64url(JSON.stringify(claims))}.${s}`;
    const alteredSignature = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
    assert.equal((await http(path, { headers: { Authorization: `Bearer ${alteredPayload}` } })).status, 401, 'altered payload');
    assert.equal((await http(path, { headers: { Authorization: `Bearer ${alteredSignature}` } })).status, 401, 'altered signature');
    assert.equal((await http(path, { headers: { Authorization: `Bearer ${jwtFrame.body.jwt}` } })).status, 200, 'the real one works');
    await guest.close();
  });
});

// ------------------------------------------------------------------ configureSession

describe('configureSession (docs/guest-api.md#sessionresponse)', () => {
  it('answers SessionResponse 200 {connected, newSession: true, readOnly: false, maxCustomDataBytes: 2048} and no other key', async () => {
    const { guest, response } = await session();
    assert.equal(response.type, 'response');
    assert.equal(response.class, FRAME_CLASSES.sessionResponse);
    assert.equal(response.code, 200);
    assert.equal(response.body.connected, true);
    assert.equal(response.body.newSession, true);
    assert.equal(response.body.readOnly, false);
    assert.equal(response.body.maxCustomDataBytes, LIMITS.maxCustomDataBytes);
    const extra = Object.keys(response.body).filter((k) => !SESSION_RESPONSE_KEYS.has(k));
    assert.deepEqual(extra, [], `SessionResponse body keys the real one lacks (e.g. a conversation id): ${extra.join(', ')}`);
    await guest.close();
  });

  it('the same token on a new socket: newSession false, same conversation', async () => {
    const deploymentId = randomUUID();
    const first = await session({ deploymentId });
    await say(first.guest, first.token, 'one');
    const second = await session({ deploymentId, token: first.token });
    assert.equal(second.response.class, FRAME_CLASSES.sessionResponse);
    assert.equal(second.response.body.connected, true);
    assert.equal(second.response.body.newSession, false);
    await say(second.guest, first.token, 'two');
    const conversations = await conversationsOf(deploymentId);
    assert.equal(conversations.length, 1, 'one conversation for the session');
    assert.deepEqual(conversations[0].messages.map(messageText), ['one', 'two']);
  });

  // `startNew` on a still-active conversation is not asserted: Genesys lists the field without
  // saying what it does then (docs/guest-api.md#what-is-inferred), and Genesys's transport SDK only
  // sends it from the read-only state (its startNewChat() checks that first). That case is covered
  // by the agent-disconnect test below.

  it('accepts any token string: spaces, unicode, 2048 characters', async () => {
    const tokens = [' a guest token · with spaces · ünïcødé 🙂 ', 'é'.repeat(LIMITS.maxTokenLength)];
    assert.equal(tokens[1].length, 2048);
    for (const token of tokens) {
      const { guest, response } = await session({ token });
      assert.equal(response.class, FRAME_CLASSES.sessionResponse, `token ${JSON.stringify(token.slice(0, 30))}: ${JSON.stringify(response)}`);
      assert.equal(response.body.connected, true);
      await say(guest, token, 'hello with an odd token');
      await guest.close();
    }
  });

  it('a missing token → class "string", code 4020', async () => {
    const guest = await connect(origin, { deploymentId: randomUUID() });
    const response = await guest.request({ action: ACTIONS.configureSession, deploymentId: randomUUID() });
    assertErrorFrame(response, ERROR_CODES.missingParameter, 'docs/guest-api.md#errors: 4020 missing parameter');
    await guest.close();
  });
});

// ------------------------------------------------------------------ tracingId

describe('tracingId (docs/guest-api.md#connecting: the answer to a request repeats its tracingId)', () => {
  it('every response repeats the request\'s tracingId', async () => {
    const { guest, response, token } = await session();
    assert.equal(response.tracingId, response.sentTracingId, 'configureSession');

    const tooLong = await guest.request(textRequest(token, 'x'.repeat(LIMITS.maxTextBytes + 1)));
    assert.equal(tooLong.class, FRAME_CLASSES.string);
    assert.equal(tooLong.tracingId, tooLong.sentTracingId, 'onMessage error (4011)');

    const echo = await guest.request({ action: ACTIONS.echo, token, message: { type: 'Text', text: 'ping' } });
    assert.equal(echo.tracingId, echo.sentTracingId, 'echo');

    const jwt = await guest.request({ action: ACTIONS.getJwt, token });
    assert.equal(jwt.tracingId, jwt.sentTracingId, 'getJwt');

    const missing = await guest.request({ action: ACTIONS.echo, message: { type: 'Text', text: 'ping' } });
    assert.equal(missing.class, FRAME_CLASSES.string);
    assert.equal(missing.tracingId, missing.sentTracingId, 'error frame (missing token)');

    const unknown = await guest.request({ action: ACTIONS.onMessage, token: newToken(), message: { type: 'Text', text: 'x' } });
    assert.equal(unknown.tracingId, unknown.sentTracingId, 'error frame (unknown session)');

    const closed = await guest.request({ action: ACTIONS.closeSession, token, closeAllConnections: true });
    assert.equal(closed.tracingId, closed.sentTracingId, 'closeSession');

    for (const frame of guest.frames.filter((f) => f.type === 'response')) {
      assert.equal(typeof frame.tracingId, 'string', `a response without tracingId: ${JSON.stringify(frame)}`);
    }
  });
});

// ------------------------------------------------------------------ onMessage

describe('onMessage (docs/guest-api.md#structuredmessage)', () => {
  it('a Text message is echoed, Inbound, to every connection of the session', async () => {
    const deploymentId = randomUUID();
    const a = await session({ deploymentId });
    const b = await session({ deploymentId, token: a.token });
    a.guest.send({ ...textRequest(a.token, 'hello agent'), tracingId: randomUUID() });
    for (const [name, guest] of [['sender', a.guest], ['other connection', b.guest]]) {
      const frame = await guest.next(isInboundEcho('hello agent'), { what: `echo on the ${name}` });
      assert.equal(frame.code, 200);
      const { body } = frame;
      assert.equal(typeof body.id, 'string');
      assert.ok(body.id.length > 0);
      assert.equal(body.type, 'Text');
      assert.equal(body.direction, 'Inbound');
      assert.match(body.channel?.time ?? '', ISO_TIME, 'channel.time is ISO 8601');
      assert.ok(Math.abs(Date.parse(body.channel.time) - Date.now()) < 60_000, 'channel.time is now');
      assert.equal(typeof body.channel.messageId, 'string', 'channel.messageId');
      assert.equal(typeof body.metadata?.correlationId, 'string', 'metadata.correlationId');
      assert.notEqual(body.originatingEntity, 'Human', 'the guest\'s own echo has no originatingEntity Human');
      assert.ok(!body.originatingEntity, 'originatingEntity empty or absent on the echo');
    }
    assert.deepEqual(a.guest.peek(isError), [], 'no error frame');
  });

  for (const [where, extra] of [
    ['message.channel.metadata.customAttributes', (ca) => ({ messageChannel: { metadata: { customAttributes: ca } } })],
  ]) {
    it(`custom attributes in ${where} reach the conversation, as strings (docs/guest-api.md#where-custom-attributes-go, docs/messenger-sdk.md#values-are-strings)`, async () => {
      const { guest, token, deploymentId } = await session();
      await say(guest, token, 'with attributes', extra({ keyInt: 123, keyString: 'hello', flag: true }));
      const [conversation] = await conversationsOf(deploymentId);
      assert.ok(conversation, 'the conversation is listed');
      const expected = { keyInt: '123', keyString: 'hello', flag: 'true' };
      assert.deepEqual({ ...conversation.customAttributes }, expected, 'conversation.customAttributes');
      const message = conversation.messages.find((m) => messageText(m) === 'with attributes');
      assert.ok(message, 'the message is stored');
      assert.deepEqual({ ...messageAttributes(message) }, expected, 'the message\'s customAttributes');
    });

    it(`custom attributes over maxCustomDataBytes in ${where} → class "string", 4013, nothing stored`, async () => {
      const { guest, token, deploymentId } = await session();
      await say(guest, token, 'before', extra({ small: 'yes' }));
      // Fewer than 2048 characters, more than 2048 UTF-8 bytes: the limit is in bytes.
      const big = { big: 'é'.repeat(1100) };
      assert.ok(customAttributesBytes(big) > LIMITS.maxCustomDataBytes && JSON.stringify(big).length < LIMITS.maxCustomDataBytes);
      const response = await guest.request(textRequest(token, 'too much data', extra(big)));
      assertErrorFrame(response, ERROR_CODES.customAttributesTooLarge, 'docs/guest-api.md#errors: 4013 custom attributes larger than maxCustomDataBytes');
      await sleep(100);
      assert.deepEqual(guest.peek(isInboundEcho('too much data')), [], 'the refused message is not echoed');
      const [conversation] = await conversationsOf(deploymentId);
      assert.ok(!conversation.messages.some((m) => messageText(m) === 'too much data'), 'the refused message is not stored');
      assert.deepEqual({ ...conversation.customAttributes }, { small: 'yes' }, 'the refused attributes are not stored');
    });
  }

  it('custom attributes at the frame\'s top level are ignored since 2026-06-05 (docs/guest-api.md#where-custom-attributes-go, SHYRKA-3385): the message is kept, without them, and marked', async () => {
    const { guest, token, deploymentId } = await session();
    await say(guest, token, 'attributes in the wrong place', { frameChannel: { metadata: { customAttributes: { lost: 'yes' } } } });
    // Even over the size limit: Genesys does not read them, so it does not refuse them either.
    await say(guest, token, 'too many in the wrong place', { frameChannel: { metadata: { customAttributes: { big: 'x'.repeat(3000) } } } });
    const [conversation] = await conversationsOf(deploymentId);
    assert.deepEqual({ ...conversation.customAttributes }, {}, 'nothing reached the conversation');
    const [first, second] = conversation.messages;
    assert.equal(first.customAttributes, undefined);
    assert.deepEqual(first.ignoredAttributes, ['lost'], 'the message says which attributes were ignored');
    assert.deepEqual(second.ignoredAttributes, ['big']);
  });

  it('the echo of a guest\'s Text carries the request\'s tracingId (transport SDK Response.onMessage)', async () => {
    const { guest, token } = await session();
    const tracingId = 'some_custom_message_id';
    guest.send({ ...textRequest(token, 'match me'), tracingId });
    const echo = await guest.next(isInboundEcho('match me'), { what: 'the echo' });
    assert.equal(echo.type, 'message');
    assert.equal(echo.tracingId, tracingId);
  });

  it('a quick-reply answer (Text, empty text, ButtonResponse) and a card postback (Structured) are accepted and kept (transport SDK MessageStore)', async () => {
    const { guest, token, deploymentId } = await session();
    const quick = { text: 'Yes', payload: 'yes-payload', type: 'QuickReply' };
    guest.send({ action: ACTIONS.onMessage, token, tracingId: 'qr', message: { type: 'Text', text: '', content: [{ contentType: 'ButtonResponse', buttonResponse: quick }] } });
    const quickEcho = await guest.next((f) => f.tracingId === 'qr', { what: 'the quick reply\'s echo' });
    assert.equal(quickEcho.class, FRAME_CLASSES.structuredMessage, JSON.stringify(quickEcho));
    assert.equal(quickEcho.body.text, 'Yes');
    const postback = { text: 'Postback button text', payload: 'some_payload_value', type: 'Postback' };
    guest.send({ action: ACTIONS.onMessage, token, tracingId: 'pb', message: { type: 'Structured', text: postback.text, metadata: { customMessageId: 'card-123' }, content: [{ contentType: 'ButtonResponse', buttonResponse: postback }] } });
    const postbackEcho = await guest.next((f) => f.tracingId === 'pb', { what: 'the postback\'s echo' });
    assert.equal(postbackEcho.class, FRAME_CLASSES.structuredMessage, JSON.stringify(postbackEcho));
    assert.equal(postbackEcho.body.type, 'Structured');
    const [conversation] = await conversationsOf(deploymentId);
    assert.deepEqual(conversation.messages.map((m) => [m.type, m.text, m.buttonResponse?.payload]), [['Text', 'Yes', 'yes-payload'], ['Structured', 'Postback button text', 'some_payload_value']]);
  });

  it('a Presence Join carries the pending custom attributes to the conversation (transport SDK MessagingClientCustomAttributesTest)', async () => {
    const { guest, token, deploymentId } = await session();
    guest.send({ action: ACTIONS.onMessage, token, tracingId: 'join', message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Join' } }], channel: { metadata: { customAttributes: { keyString: 'hello' } } } } });
    const echo = await guest.next((f) => f.tracingId === 'join', { what: 'the Join\'s echo' });
    assert.equal(echo.class, FRAME_CLASSES.structuredMessage, JSON.stringify(echo));
    const [conversation] = await conversationsOf(deploymentId);
    assert.deepEqual({ ...conversation.customAttributes }, { keyString: 'hello' });
  });

  it('text over 4096 UTF-8 bytes → 4011; exactly 4096 bytes is accepted', async () => {
    const { guest, token } = await session();
    const atLimit = 'é'.repeat(LIMITS.maxTextBytes / 2);
    const over = `${atLimit}a`;
    assert.equal(utf8Bytes(over), LIMITS.maxTextBytes + 1);
    const response = await guest.request(textRequest(token, over));
    assertErrorFrame(response, ERROR_CODES.messageTooLong, 'docs/guest-api.md#errors: 4011 message too long (text over 4096)');
    await say(guest, token, atLimit);
  });

  it('an unknown session token → 4007', async () => {
    const guest = await connect(origin, { deploymentId: randomUUID() });
    const response = await guest.request(textRequest(newToken(), 'who am I'));
    assertErrorFrame(response, ERROR_CODES.sessionNotFound, 'docs/guest-api.md#errors: 4007 session not found');
  });

  it(`${LIMITS.messagesPerSecond + 1} messages within a second → TooManyRequestsErrorMessage 429 {retryAfter, errorCode: 4029, errorMessage}`, async () => {
    const { guest, token } = await session();
    const sent = [];
    for (let i = 0; i <= LIMITS.messagesPerSecond; i++) {
      const tracingId = randomUUID();
      sent.push(tracingId);
      guest.send({ ...textRequest(token, `burst ${i}`), tracingId });
    }
    const limited = await guest.next(ofClass(FRAME_CLASSES.tooManyRequests), { what: 'TooManyRequestsErrorMessage' });
    assertTooManyRequests(limited, 'docs/guest-api.md#errors: 429 too many requests');
    assert.equal(limited.type, 'response');
    for (let i = 0; i < LIMITS.messagesPerSecond; i++) {
      await guest.next(isInboundEcho(`burst ${i}`), { what: `echo of burst ${i} (within the ${LIMITS.messagesPerSecond}/s limit)` });
    }
    assert.equal(limited.tracingId, sent[LIMITS.messagesPerSecond], 'the 429 repeats the refused request\'s tracingId');
  });

  it(`more than ${LIMITS.requestsPerMinute} requests a minute on one connection → TooManyRequestsErrorMessage`, async () => {
    const { guest, token, response } = await session();
    assert.equal(response.class, FRAME_CLASSES.sessionResponse);
    // Request 1 was configureSession; requests 2..60 are getJwt (not messages, so the per-second message limit does not apply).
    for (let n = 2; n <= LIMITS.requestsPerMinute; n++) {
      const r = await guest.request({ action: ACTIONS.getJwt, token });
      assert.equal(r.class, FRAME_CLASSES.jwtResponse, `request ${n} of ${LIMITS.requestsPerMinute} is answered: ${JSON.stringify(r)}`);
    }
    const over = await guest.request({ action: ACTIONS.getJwt, token });
    assertTooManyRequests(over, `docs/guest-api.md#limits: 60 requests a minute per connection (request ${LIMITS.requestsPerMinute + 1})`);
  });

  it('echo {message: {type: "Text", text: "ping"}} → response StructuredMessage with id and the text', async () => {
    const { guest, token } = await session();
    const response = await guest.request({ action: ACTIONS.echo, token, message: { type: 'Text', text: 'ping' } });
    assert.equal(response.type, 'response');
    assert.equal(response.class, FRAME_CLASSES.structuredMessage, JSON.stringify(response));
    assert.equal(response.code, 200);
    assert.equal(typeof response.body.id, 'string');
    assert.equal(response.body.text, 'ping');
    // With a session: its duration and expiry, as strings (Response.healthCheckResponseWithSessionDuration).
    assert.equal(response.body.metadata?.durationSeconds, String(LIMITS.sessionTtlSeconds));
    assert.match(response.body.metadata?.expirationDate ?? '', /^\d{10}$/, 'expirationDate: seconds since the epoch, as a string');
  });

  it('a Typing event is accepted: no error frame', async () => {
    const { guest, token } = await session();
    guest.send({
      action: ACTIONS.onMessage,
      token,
      tracingId: randomUUID(),
      message: { type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] },
    });
    const echo = await guest.request({ action: ACTIONS.echo, token, message: { type: 'Text', text: 'after typing' } });
    assert.equal(echo.class, FRAME_CLASSES.structuredMessage, `the request after the Typing event: ${JSON.stringify(echo)}`);
    await sleep(150);
    assert.deepEqual(guest.frames.filter(isError), [], 'no error frame for a Typing event');
  });
});

// ------------------------------------------------------------------ JWT and history

describe('getJwt and the history (docs/guest-api.md#around-the-socket)', () => {
  it('getJwt → JwtResponse {jwt, exp}; the history with it lists the session\'s messages', async () => {
    const deploymentId = randomUUID();
    const { guest, token } = await session({ deploymentId });
    await say(guest, token, 'first for history');
    await say(guest, token, 'second for history');
    const other = await session({ deploymentId });
    await say(other.guest, other.token, 'another guest\'s message');

    const response = await guest.request({ action: ACTIONS.getJwt, token });
    assert.equal(response.type, 'response');
    assert.equal(response.class, FRAME_CLASSES.jwtResponse, JSON.stringify(response));
    assert.equal(typeof response.body.jwt, 'string');
    assert.equal(response.body.jwt.split('.').length, 3, 'a JWT has three parts');
    assert.equal(typeof response.body.exp, 'number');
    const nowSeconds = Date.now() / 1000;
    assert.ok(response.body.exp > nowSeconds, 'exp is in the future');
    assert.ok(response.body.exp < nowSeconds + 10 * 365 * 24 * 3600, 'exp is in seconds, not milliseconds');

    // The transport SDK sends the scheme in lower case (WebMessagingApi.kt); schemes are case-insensitive.
    const { status, json } = await http(`${PATHS.history}?pageSize=25&pageNumber=1`, {
      headers: { Authorization: `bearer ${response.body.jwt}` },
    });
    assert.equal(status, 200);
    assert.ok(Array.isArray(json.entities), 'entities');
    assert.equal(json.pageSize, 25);
    assert.equal(json.pageNumber, 1);
    assert.equal(typeof json.total, 'number');
    assert.equal(typeof json.pageCount, 'number');
    const texts = json.entities.map((m) => m.text);
    assert.ok(texts.includes('first for history') && texts.includes('second for history'), `entities hold the session's messages: ${texts}`);
    assert.ok(!texts.includes('another guest\'s message'), 'and not another session\'s');
    for (const m of json.entities) {
      assert.equal(typeof m.id, 'string', 'entity.id');
      assert.ok(['Text', 'Event', 'Structured'].includes(m.type), 'entity.type');
      assert.ok(['Inbound', 'Outbound'].includes(m.direction), 'entity.direction');
      assert.match(m.channel?.time ?? '', ISO_TIME, 'entity.channel.time');
    }
    assert.ok(json.total >= 2);
  });
});

// ------------------------------------------------------------------ agent disconnect

describe('the agent ends the conversation (docs/guest-api.md#the-conversation-ends)', () => {
  it('Presence Disconnect reaches the guest; read-only until startNew', async () => {
    const { guest, token, deploymentId } = await session();
    await say(guest, token, 'before the end');
    const [conversation] = await conversationsOf(deploymentId);
    assert.ok(conversation, 'the conversation is listed');
    assert.equal(conversation.state, 'active');

    const res = await http(`/api/conversations/${encodeURIComponent(conversation.id)}/disconnect`, { method: 'POST' });
    assert.ok(res.status >= 200 && res.status < 300, `POST …/disconnect: ${res.status} ${res.text}`);

    const event = await guest.next((f) => f.class === FRAME_CLASSES.structuredMessage && f.body?.type === 'Event', {
      what: 'an Event StructuredMessage (Presence Disconnect)',
    });
    assert.equal(event.type, 'message');
    assert.equal(event.body.direction, 'Outbound');
    // The transport SDK goes read-only only on this flag (MessagingClientConversationDisconnectTest).
    assert.equal(event.body.metadata?.readOnly, 'true', 'metadata.readOnly "true"');
    assert.deepEqual(
      event.body.events.map((e) => ({ eventType: e.eventType, presence: { type: e.presence?.type } })),
      [{ eventType: 'Presence', presence: { type: 'Disconnect' } }],
    );
    const after = (await conversationsOf(deploymentId)).find((c) => c.id === conversation.id);
    assert.notEqual(after.state, 'active', 'the conversation is no longer active');

    const again = await session({ deploymentId, token });
    assert.equal(again.response.class, FRAME_CLASSES.sessionResponse);
    assert.equal(again.response.body.readOnly, true, 'readOnly: true on the next SessionResponse');
    const refused = await again.guest.request(textRequest(token, 'after the end'));
    assert.equal(refused.class, FRAME_CLASSES.string, `a Text on a read-only conversation is refused: ${JSON.stringify(refused)}`);

    const fresh = await session({ deploymentId, token, startNew: true });
    assert.equal(fresh.response.body.newSession, true, 'startNew: newSession true');
    assert.equal(fresh.response.body.readOnly, false, 'startNew: readOnly false');
    await say(fresh.guest, token, 'a new start');
  });
});

// ------------------------------------------------------------------ connections

describe('connections of one session (docs/guest-api.md#connections-of-one-session)', () => {
  it('closeSession {closeAllConnections: true}: the others get ConnectionClosedEvent, the requester SessionResponse {connected: false}', async () => {
    const deploymentId = randomUUID();
    const a = await session({ deploymentId });
    const b = await session({ deploymentId, token: a.token });
    const response = await a.guest.request({ action: ACTIONS.closeSession, token: a.token, closeAllConnections: true });
    assert.equal(response.class, FRAME_CLASSES.sessionResponse, JSON.stringify(response));
    assert.equal(response.body.connected, false);
    await b.guest.next(ofClass(FRAME_CLASSES.connectionClosed), { what: 'ConnectionClosedEvent on the other connection' });
  });

  it(`a ${LIMITS.connectionsPerSession + 1}th connection closes the OLDEST with ConnectionClosedEvent and is accepted`, async () => {
    const deploymentId = randomUUID();
    const token = newToken();
    const clients = [];
    for (let i = 0; i < LIMITS.connectionsPerSession; i++) {
      const s = await session({ deploymentId, token });
      assert.equal(s.response.body.connected, true, `connection ${i + 1}`);
      clients.push(s.guest);
    }
    const last = await session({ deploymentId, token });
    assert.equal(last.response.class, FRAME_CLASSES.sessionResponse, `the 4th is accepted: ${JSON.stringify(last.response)}`);
    assert.equal(last.response.body.connected, true);
    await clients[0].next(ofClass(FRAME_CLASSES.connectionClosed), { what: 'ConnectionClosedEvent on the oldest connection' });
    await sleep(150);
    for (const [i, c] of clients.slice(1).entries()) {
      assert.deepEqual(c.peek(ofClass(FRAME_CLASSES.connectionClosed)), [], `connection ${i + 2} stays open`);
    }
    await say(last.guest, token, 'from the fourth');
  });

  it('Presence Clear → SessionClearedEvent, then ConnectionClosedEvent', async () => {
    const { guest, token } = await session();
    guest.send({
      action: ACTIONS.onMessage,
      token,
      tracingId: randomUUID(),
      message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Clear' } }] },
    });
    const cleared = await guest.next(ofClass(FRAME_CLASSES.sessionCleared), { what: 'SessionClearedEvent' });
    const closed = await guest.next(ofClass(FRAME_CLASSES.connectionClosed), { what: 'ConnectionClosedEvent' });
    assert.ok(guest.frames.indexOf(cleared) < guest.frames.indexOf(closed), 'SessionClearedEvent comes first');
  });
});

// ------------------------------------------------------------------ expiry

describe('session expiry (docs/guest-api.md#session-expiry)', () => {
  let ttlServer;
  let ttlOrigin;
  before(async () => {
    ({ server: ttlServer, origin: ttlOrigin } = await start({ sessionTtlMs: 300 }));
  });
  after(async () => {
    closeAllClients();
    await stop(ttlServer);
  });

  it('a connected guest gets SessionExpiredEvent after the TTL; the token then answers 4006', async () => {
    const deploymentId = randomUUID();
    const { guest, token, response } = await session({ deploymentId, at: ttlOrigin });
    assert.equal(response.class, FRAME_CLASSES.sessionResponse);
    const expired = await guest.next(ofClass(FRAME_CLASSES.sessionExpired), { what: 'SessionExpiredEvent', timeout: WAIT_MS });
    assert.equal(expired.type, 'response', 'a response (transport SDK Response.sessionExpiredEvent)');
    if (!guest.isClosed) {
      const onOld = await guest.request(textRequest(token, 'too late'));
      assertErrorFrame(onOld, ERROR_CODES.sessionExpired, 'docs/guest-api.md#errors: 4006 session expired (same socket)');
    }
    const fresh = await connect(ttlOrigin, { deploymentId });
    const onNew = await fresh.request({ action: ACTIONS.configureSession, token, deploymentId });
    assertErrorFrame(onNew, ERROR_CODES.sessionExpired, 'docs/guest-api.md#errors: 4006 session expired (configureSession on a new socket)');
  });

  it('durationSeconds is a time of inactivity: a session in use does not expire (transport SDK SessionDurationHandler)', async () => {
    const { guest, token } = await session({ at: ttlOrigin });
    // Four times the session's 300 ms life, with a request every 100 ms.
    for (let i = 0; i < 12; i++) {
      await sleep(100);
      const answer = await guest.request({ action: ACTIONS.echo, token, message: { type: 'Text', text: `still here ${i}` } });
      assert.equal(answer.class, FRAME_CLASSES.structuredMessage, `request ${i}: ${JSON.stringify(answer)}`);
    }
    assert.deepEqual(guest.peek(ofClass(FRAME_CLASSES.sessionExpired)), [], 'no SessionExpiredEvent while in use');
  });
});

// ------------------------------------------------------------------ robustness

describe('robustness: bad frames get an error frame (400-class or 4xxx, never 5xx) and the server keeps serving', () => {
  const deep = (n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
  const cases = [
    ['invalid JSON', () => '{"action": "onMessage", '],
    ['a JSON array', () => '[1, 2, 3]'],
    ['JSON null', () => 'null'],
    ['a JSON string', () => '"configureSession"'],
    ['a binary frame', () => Buffer.from([0xff, 0x00, 0xfe, 0x7b])],
    ['deep nesting', (token) => `{"action":"onMessage","token":${JSON.stringify(token)},"message":${deep(10_000)}}`],
    ['an unknown action', (token) => ({ action: 'selfDestruct', token })],
    ['a numeric action', (token) => ({ action: 42, token })],
    ['text: {}', (token) => ({ action: ACTIONS.onMessage, token, message: { type: 'Text', text: {} } })],
    ['message: "text"', (token) => ({ action: ACTIONS.onMessage, token, message: 'hello' })],
    ['events: {}', (token) => ({ action: ACTIONS.onMessage, token, message: { type: 'Event', events: {} } })],
    ['customAttributes: []', (token) => textRequest(token, 'x', { messageChannel: { metadata: { customAttributes: [] } } })],
    ['token: []', (_token, deploymentId) => ({ action: ACTIONS.configureSession, token: [], deploymentId })],
    ['deploymentId: {}', (token) => ({ action: ACTIONS.configureSession, token, deploymentId: {} })],
  ];
  for (const [name, make] of cases) {
    it(name, async () => {
      const { guest, token, deploymentId } = await session();
      const frame = make(token, deploymentId);
      guest.send(frame, Buffer.isBuffer(frame) ? { binary: true } : undefined);
      const error = await guest.next(isResponse, { what: `an error frame for ${name}` });
      assert.ok(
        (error.code >= 400 && error.code < 500) || (error.code >= 4000 && error.code < 5000),
        `an error frame with a 400-class or 4xxx code, got ${JSON.stringify(error).slice(0, 300)}`,
      );
      assert.ok(isError(error), `class "string" (or a rate limit), got ${error.class}`);
      // The socket and the server keep serving.
      const echo = await guest.request({ action: ACTIONS.echo, token, message: { type: 'Text', text: 'still here' } });
      assert.equal(echo.class, FRAME_CLASSES.structuredMessage, `after ${name}, echo: ${JSON.stringify(echo)}`);
      const other = await session();
      assert.equal(other.response.class, FRAME_CLASSES.sessionResponse, 'a new connection is still served');
    });
  }
});
