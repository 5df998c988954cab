// Deployments as an admin sets them: allowed domains (who may connect: the WebSocket, config.json,
// the Journey endpoint), auto-start, what an ended conversation becomes, whether the guest may
// clear it; config.json reports them in the transport SDK's DeploymentConfig shape
// (shyrka/receive/DeploymentConfig.kt). Changing them is the instructor's.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer } from '../../server/index.mjs';
import { answerStatus, tcp, upgradeRequest } from '../../scripts/raw-socket.mjs';
import { connect } from './support/guest-client.mjs';
import { journeyBody } from './support/journey.mjs';

const KEY = 'instructor-key-for-the-deployment-tests';
const servers = [];
async function serve(options = {}) {
  const server = await startServer({ port: 0, ...options });
  servers.push(server);
  const port = server.address().port;
  return { server, port, at: `127.0.0.1:${port}`, base: `http://127.0.0.1:${port}`, service: server.service };
}
after(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

/** The status of a WebSocket upgrade for `deploymentId` from a page of `origin`. */
async function upgradeFrom(port, deploymentId, origin) {
  const socket = await tcp(port);
  socket.write(upgradeRequest(port, { path: `/v1?deploymentId=${deploymentId}`, origin }));
  const status = await answerStatus(socket);
  socket.destroy();
  return status;
}

const configFrom = (base, deploymentId, origin) =>
  fetch(`${base}/webdeployments/v1/deployments/${deploymentId}/config.json`, { headers: origin ? { Origin: origin } : {} });

const settings = (base, deploymentId, method, body, key) =>
  fetch(`${base}/api/deployments/${deploymentId}/settings`, {
    method,
    headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...(key ? { Authorization: `Bearer ${key}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });

/**
 * A deployment with `conversationDisconnect`, a guest who said "first", and the agent's
 * Disconnect as the guest received it.
 */
async function endedByTheAgent(conversationDisconnect) {
  const served = await serve();
  const { base, at, service } = served;
  const deploymentId = randomUUID();
  await settings(base, deploymentId, 'PUT', { conversationDisconnect });
  const guest = await connect(at, { deploymentId });
  const token = randomUUID();
  await guest.request({ action: 'configureSession', token, deploymentId });
  await guest.request({ action: 'onMessage', token, message: { type: 'Text', text: 'first' } });
  await fetch(`${base}/api/conversations/${service.list(deploymentId)[0].id}/disconnect`, { method: 'POST' });
  const ended = await guest.next((f) => f.body?.type === 'Event');
  return { ...served, deploymentId, guest, token, ended };
}

describe('allowed domains', () => {
  it('by default: this server\'s own origin and loopback pages on any port; no Origin (Node, native apps) too; other origins refused', async () => {
    const { port, base } = await serve();
    const id = randomUUID();
    // `127.0.0.1:<port>`: Genesys's mobile transport SDK sends the endpoint's host as its Origin (PlatformSocket.kt).
    for (const origin of [`http://127.0.0.1:${port}`, `127.0.0.1:${port}`, 'http://localhost:8080', 'http://127.0.0.1:5173', 'http://[::1]:3000', undefined]) {
      assert.equal(await upgradeFrom(port, id, origin), 101, `the socket from ${origin}`);
      assert.equal((await configFrom(base, id, origin)).status, 200, `config.json from ${origin}`);
    }
    for (const origin of ['http://evil.example', 'https://localhost:8080', 'http://localhost.evil.example:80']) {
      assert.equal(await upgradeFrom(port, id, origin), 403, `the socket from ${origin}`);
      const res = await configFrom(base, id, origin);
      assert.equal(res.status, 403, `config.json from ${origin}`);
      const body = await res.json();
      assert.equal(body.origin, origin, 'the refusal names the origin (the runtime shows it)');
      assert.match(body.error, /not allowed by deployment .*allowed domains/);
      assert.equal(res.headers.get('access-control-allow-origin'), '*', 'the page can read why');
    }
  });

  it('the instructor sets them: only those origins get in, the lab page\'s own too; restoring the defaults lets loopback back', async () => {
    const { port, base } = await serve({ agentKey: KEY, requireKey: true });
    const id = randomUUID();
    const put = await settings(base, id, 'PUT', { allowedDomains: ['https://www.example.com', 'http://example.test:*'] }, KEY);
    assert.equal(put.status, 200);
    assert.deepEqual((await put.json()).allowedDomains, ['https://www.example.com', 'http://example.test:*']);
    assert.equal(await upgradeFrom(port, id, 'https://www.example.com'), 101);
    assert.equal(await upgradeFrom(port, id, 'http://example.test:8081'), 101);
    assert.equal(await upgradeFrom(port, id, 'http://localhost:8080'), 403, 'loopback is no longer allowed');
    assert.equal(await upgradeFrom(port, id, `http://127.0.0.1:${port}`), 403, 'the list replaces the defaults: the lab page too, so the refusal shows there');
    assert.equal(await upgradeFrom(port, id, undefined), 101, 'no Origin (Node, curl) still gets in');
    assert.equal(await upgradeFrom(port, randomUUID(), 'http://localhost:8080'), 101, 'another deployment keeps its defaults');
    const reset = await settings(base, id, 'DELETE', undefined, KEY);
    assert.equal((await reset.json()).allowedDomains, null);
    assert.equal(await upgradeFrom(port, id, 'http://localhost:8080'), 101);
  });

  it('the Journey endpoint answers pages of allowed origins with CORS, and refuses the others', async () => {
    const { base } = await serve();
    const id = randomUUID();
    const preflight = await fetch(`${base}/api/journey`, { method: 'OPTIONS', headers: { Origin: 'http://localhost:8080', 'Access-Control-Request-Method': 'POST' } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://localhost:8080');
    const post = (origin) =>
      fetch(`${base}/api/journey`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin }, body: JSON.stringify(journeyBody(id)) });
    const allowed = await post('http://localhost:8080');
    assert.equal(allowed.status, 202);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://localhost:8080');
    const refused = await post('http://evil.example');
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('access-control-allow-origin'), 'http://evil.example', 'the page can read why');
  });
});

describe('settings: checked, reported, and the instructor\'s', () => {
  it('a bad value is refused with the reason and changes nothing', async () => {
    const { base } = await serve();
    const id = randomUUID();
    const bad = [
      [{ allowedDomains: ['not an origin'] }, /is not an origin/],
      [{ allowedDomains: ['https://example.com/path'] }, /is not an origin/],
      [{ allowedDomains: 'https://example.com' }, /must be a list/],
      [{ autoStart: true }, /autoStart must be/],
      [{ conversationDisconnect: { enabled: true, type: 'Maybe' } }, /conversationDisconnect must be/],
      [{ colour: 'red' }, /Unknown setting "colour"/],
      [{ autoStart: { enabled: true }, allowedDomains: [42] }, /is not an origin/],
      [{ allowedDomains: ['http://localhost:99999'] }, /is not an origin/],
    ];
    for (const [body, reason] of bad) {
      const res = await settings(base, id, 'PUT', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match((await res.json()).error, reason);
    }
    const now = await (await settings(base, id, 'GET')).json();
    assert.deepEqual(now.autoStart, { enabled: false }, 'the refused body changed nothing, not even its valid part');
    // A scheme's default port is left out, as browsers leave it out of the Origin.
    const saved = await (await settings(base, id, 'PUT', { allowedDomains: ['https://www.example.com:443', 'HTTP://Example.test:80/'] })).json();
    assert.deepEqual(saved.allowedDomains, ['https://www.example.com', 'http://example.test']);
  });

  it('config.json reports them; a student key reads its own deployment\'s settings but cannot change them', async () => {
    const { base, port } = await serve({ agentKey: KEY, requireKey: true });
    const id = randomUUID();
    const put = await settings(base, id, 'PUT', { autoStart: { enabled: true }, conversationDisconnect: { enabled: true, type: 'Send' }, conversationClear: { enabled: false } }, KEY);
    assert.equal(put.status, 200);
    const config = await (await configFrom(base, id)).json();
    assert.deepEqual(config.messenger.apps.conversations.autoStart, { enabled: true });
    assert.deepEqual(config.messenger.apps.conversations.conversationDisconnect, { enabled: true, type: 'Send' });
    assert.deepEqual(config.messenger.apps.conversations.conversationClear, { enabled: false });
    const claim = await fetch(`${base}/api/deployments/${id}/key`, { method: 'POST' });
    const { key } = await claim.json();
    assert.equal((await settings(base, id, 'GET', undefined, key)).status, 200);
    const refused = await settings(base, id, 'PUT', { autoStart: { enabled: false } }, key);
    assert.equal(refused.status, 403);
    assert.match((await refused.json()).error, /Only the instructor/);
    assert.equal((await settings(base, randomUUID(), 'GET', undefined, key)).status, 403, 'another deployment\'s');
    assert.equal((await settings(base, id, 'PUT', { autoStart: { enabled: false } })).status, 401, 'no key');
    assert.ok(port);
  });

  it('conversationDisconnect "Send": the Disconnect is not read-only, and the guest\'s next message starts a new conversation', async () => {
    const { at, service, deploymentId, guest, token, ended } = await endedByTheAgent({ enabled: true, type: 'Send' });
    assert.equal(ended.body.metadata.readOnly, undefined, 'no readOnly flag');
    // A reconnect (a page load) before the next message: the session is not read-only.
    const again = await connect(at, { deploymentId });
    const resumed = await again.request({ action: 'configureSession', token, deploymentId });
    assert.equal(resumed.body.readOnly, false, 'SessionResponse.readOnly false: the guest may write');
    await again.request({ action: 'onMessage', token, message: { type: 'Text', text: 'again' } });
    const list = service.list(deploymentId);
    assert.equal(list.length, 2, 'a new conversation');
    assert.deepEqual(list.map((c) => c.messages.find((m) => m.type === 'Text')?.text), ['first', 'again']);
    guest.close();
    again.close();
  });

  it('conversationDisconnect off: no read-only flag and no read-only session either; the next message starts a new conversation', async () => {
    const { service, deploymentId, guest, token, ended } = await endedByTheAgent({ enabled: false, type: 'ReadOnly' });
    assert.equal(ended.body.metadata.readOnly, undefined);
    const next = await guest.request({ action: 'onMessage', token, message: { type: 'Text', text: 'next' } });
    assert.equal(next.class, 'StructuredMessage', JSON.stringify(next));
    assert.equal(service.list(deploymentId).length, 2);
    guest.close();
  });

  it('conversationClear off: Presence Clear is refused as Genesys refuses it (403, transport SDK Response.clearConversationForbidden) and the session stays', async () => {
    const { base, at } = await serve();
    const deploymentId = randomUUID();
    await settings(base, deploymentId, 'PUT', { conversationClear: { enabled: false } });
    const guest = await connect(at, { deploymentId });
    const token = randomUUID();
    await guest.request({ action: 'configureSession', token, deploymentId });
    const refused = await guest.request({ action: 'onMessage', token, message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Clear' } }] } });
    assert.equal(refused.code, 403);
    assert.equal(refused.body, 'Presence events Conversation Clear are not supported');
    await sleep(50);
    const still = await guest.request({ action: 'onMessage', token, message: { type: 'Text', text: 'still here' } });
    assert.equal(still.class, 'StructuredMessage');
    guest.close();
  });
});
