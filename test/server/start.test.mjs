// `npm start` as a newcomer runs it (without the build step, which `npm test` has done).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { spawnStart } from '../../scripts/spawn-start.mjs';

const start = fileURLToPath(new URL('../../scripts/start.mjs', import.meta.url));

it('starts one server, prints its URLs, and serves the lab page, the agent view and the API', async () => {
  const { child, port, output } = await spawnStart();
  try {
    for (const label of ['Agent view:', 'Conversations:', 'Messaging:']) assert.ok(output.includes(label), label);
    const url = `http://127.0.0.1:${port}`;
    assert.equal((await fetch(`${url}/`)).status, 200);
    assert.equal((await fetch(`${url}/agent/`)).status, 200);
    assert.deepEqual(await (await fetch(`${url}/api/conversations`)).json(), []);
  } finally {
    child.kill();
  }
});

it('a port in use is said at once, before building anything', async () => {
  const busy = createServer();
  await new Promise((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (busy.address());
  try {
    // Without --no-build: the check must come before the build (which would print "Building").
    const run = spawnSync(process.execPath, [start], { env: { ...process.env, PORT: String(port) }, encoding: 'utf8', timeout: 20_000 });
    assert.equal(run.status, 1);
    assert.match(run.stderr, new RegExp(`Port ${port} is in use: set PORT to another one, e.g. PORT=8000 npm start`));
    assert.ok(!run.stdout.includes('Building'), 'it built before checking the port');
  } finally {
    busy.close();
  }
});

it('says what is wrong with a bad PORT', () => {
  const run = spawnSync(process.execPath, [start, '--no-build'], { env: { ...process.env, PORT: 'eighty' }, encoding: 'utf8' });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /PORT must be a port number \(0-65535\), not "eighty"/);
});

it('for a room (HOST=0.0.0.0) prints the LAN URLs students open, not localhost, and the agent key for the instructor', async () => {
  const lan = Object.values(networkInterfaces()).flat().filter((a) => a.family === 'IPv4' && !a.internal).map((a) => a.address);
  const { child, port, output } = await spawnStart({ env: { HOST: '0.0.0.0', AGENT_KEY: 'instructor-key-for-the-start-test' } });
  try {
    const pages = [...output.matchAll(/Lab page:\s+(\S+)/g)].map((m) => m[1]);
    if (lan.length) assert.deepEqual(pages, lan.map((ip) => `http://${ip}:${port}/`));
    else assert.match(output, /no LAN address found/);
    assert.ok(!/Lab page:\s+http:\/\/localhost/.test(output), 'no localhost URL for the room');
    assert.match(output, /agent key \(AGENT_KEY\): instructor-key-for-the-start-test/);
    assert.match(output, /Students need no key from you/);
    assert.match(output, new RegExp(`/agent/\\?key=instructor-key-for-the-start-test`));
    // The room's server demands the key for conversations, and takes it.
    const url = `http://127.0.0.1:${port}/api/conversations`;
    assert.equal((await fetch(url)).status, 401);
    assert.equal((await fetch(url, { headers: { Authorization: 'Bearer instructor-key-for-the-start-test' } })).status, 200);
  } finally {
    child.kill();
  }
});

it('says what is wrong with a short AGENT_KEY', () => {
  const run = spawnSync(process.execPath, [start, '--no-build'], { env: { ...process.env, PORT: '0', AGENT_KEY: 'short' }, encoding: 'utf8' });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /AGENT_KEY must be 16 to 512 printable characters/);
});
