// `npm start` as a newcomer runs it (without the build step, which `npm test` has done).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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

it('says what is wrong with a bad PORT', () => {
  const run = spawnSync(process.execPath, [start, '--no-build'], { env: { ...process.env, PORT: 'eighty' }, encoding: 'utf8' });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /PORT must be a port number \(0-65535\), not "eighty"/);
});
