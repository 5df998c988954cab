// `npm start` as a newcomer runs it (without the build step, which `npm test` has done; its
// build step with stand-in builds that print chatter).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runBuild } from '../../scripts/start-build.mjs';
import { spawnStart } from '../../scripts/spawn-start.mjs';

const start = fileURLToPath(new URL('../../scripts/start.mjs', import.meta.url));
const startBuild = new URL('../../scripts/start-build.mjs', import.meta.url).href;

/** The lines only `--verbose` prints. */
const VERBOSE_ONLY = ['Conversations:', 'Messaging:', 'Runtime:', 'Guest sessions:', 'Loopback only'];

it('starts one server, prints what a student needs (lab page, agent view, how to stop), and serves the lab page, the agent view and the API', async () => {
  const { child, port, output } = await spawnStart();
  try {
    assert.match(output, new RegExp(`Lab page:\\s+http://localhost:${port}/\n`));
    assert.match(output, new RegExp(`Agent view:\\s+http://localhost:${port}/agent/\n`));
    assert.match(output, /Ctrl\+C stops it\./);
    assert.match(output, /npm start -- --verbose/, 'it says how to see the rest');
    for (const label of VERBOSE_ONLY) assert.ok(!output.includes(label), `${label} is printed without --verbose`);
    const url = `http://127.0.0.1:${port}`;
    assert.equal((await fetch(`${url}/`)).status, 200);
    assert.equal((await fetch(`${url}/agent/`)).status, 200);
    assert.deepEqual(await (await fetch(`${url}/api/conversations`)).json(), []);
  } finally {
    child.kill();
  }
});

it('with --verbose also prints the APIs, the runtime and the session TTL', async () => {
  const { child, port, output } = await spawnStart({ args: ['--verbose'], env: { SESSION_TTL: '90' } });
  try {
    for (const label of ['Lab page:', 'Agent view:', 'Ctrl+C stops it.', ...VERBOSE_ONLY]) assert.ok(output.includes(label), label);
    assert.match(output, new RegExp(`Conversations:\\s+http://localhost:${port}/api/conversations\n`));
    assert.match(output, new RegExp(`Messaging:\\s+ws://localhost:${port}/v1\\?deploymentId=<id>\n`));
    assert.match(output, /Guest sessions:\s+end after 90 s without activity \(SESSION_TTL\)/);
    assert.ok(!output.includes('npm start -- --verbose'), 'no hint to use the flag it was given');
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
    assert.match(output, /Ctrl\+C stops it\./);
    for (const label of VERBOSE_ONLY) assert.ok(!output.includes(label), `${label} is printed without --verbose`);
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

// The build step. A real build takes ~15 s, so these run stand-ins that print chatter on stdout
// and stderr: through npm start itself (a temporary directory whose package.json has a `build`
// script, as `npm run -s build` finds it there), and through the module start.mjs runs it with.

const CHATTER = "console.log('chatter on stdout from the build'); console.error('chatter on stderr from the build')";

/** A directory whose package.json's `build` runs `code` with node; removed by `done`. */
function standInBuild(/** @type {string} */ code) {
  const dir = mkdtempSync(join(tmpdir(), 'gc-lab-start-build-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'stand-in', private: true, scripts: { build: `node -e ${JSON.stringify(code)}` } }));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `buildStep(options)` in its own node process: what it prints there, and its exit status. */
function runBuildStep(/** @type {string} */ options) {
  const code = `import { buildStep } from ${JSON.stringify(startBuild)}; process.exitCode = await buildStep(${options});`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 20_000, maxBuffer: 64 * 1024 * 1024 });
}

it("npm start does not print the build's own output: one line while it builds, one when it is built", async () => {
  const build = standInBuild(CHATTER);
  try {
    const { child, output, errors } = await spawnStart({ build: true, cwd: build.dir });
    child.kill();
    assert.ok(!output.includes('chatter') && !errors.includes('chatter'), `the build's output was printed:\n${output}${errors}`);
    assert.match(output, /^Building dist\/gc-lab\.js…\nBuilt dist\/gc-lab\.js in \d+\.\d s\.\n\nThe lab is running/);
  } finally {
    build.done();
  }
});

it("npm start -- --verbose prints the build's own output as it comes", async () => {
  const build = standInBuild(CHATTER);
  try {
    const { child, output, errors } = await spawnStart({ build: true, cwd: build.dir, args: ['--verbose'] });
    child.kill();
    assert.match(output, /chatter on stdout from the build/);
    assert.match(errors, /chatter on stderr from the build/);
  } finally {
    build.done();
  }
});

it('when the build fails npm start prints its output (stdout and stderr) and exits with its status, serving nothing', () => {
  const build = standInBuild(`${CHATTER}; process.exit(3)`);
  try {
    const run = spawnSync(process.execPath, [start], { cwd: build.dir, env: { ...process.env, PORT: '0' }, encoding: 'utf8', timeout: 20_000 });
    assert.equal(run.status, 3);
    // Both (two pipes: which comes first is not certain), then what went wrong.
    assert.match(run.stderr, /^chatter on stdout from the build$/m);
    assert.match(run.stderr, /^chatter on stderr from the build$/m);
    assert.match(run.stderr, /\nThe build failed; see above\.\n$/);
    assert.ok(!run.stdout.includes('chatter') && !run.stdout.includes('The lab is running'), run.stdout);
  } finally {
    build.done();
  }
});

it("buildStep: quiet by default; on failure all of the build's output, however long", () => {
  const quiet = runBuildStep(`{ command: process.execPath, args: ['-e', ${JSON.stringify(CHATTER)}] }`);
  assert.equal(quiet.status, 0);
  assert.match(quiet.stdout, /^Building dist\/gc-lab\.js…\nBuilt dist\/gc-lab\.js in \d+\.\d s\.\n$/);
  assert.equal(quiet.stderr, '');

  // 3 MB on stdout (more than spawnSync's default maxBuffer of 1 MB), then a line on stderr.
  const long = "console.log('first'); process.stdout.write('x'.repeat(3e6) + '\\n', () => { console.error('on stderr'); process.exit(2) })";
  const failed = runBuildStep(`{ command: process.execPath, args: ['-e', ${JSON.stringify(long)}] }`);
  assert.equal(failed.status, 2);
  assert.ok(failed.stderr.includes(`first\n${'x'.repeat(3e6)}\n`), 'not all of its stdout, or not in order');
  assert.match(failed.stderr, /^on stderr$/m);
  assert.ok(failed.stderr.endsWith('\nThe build failed; see above.\n'));
  assert.equal(failed.stdout, 'Building dist/gc-lab.js…\n');
});

it("buildStep with verbose: the build's output goes to the terminal as it comes", () => {
  const run = runBuildStep(`{ command: process.execPath, args: ['-e', ${JSON.stringify(CHATTER)}], verbose: true }`);
  assert.equal(run.status, 0);
  assert.match(run.stdout, /^Building dist\/gc-lab\.js…\nchatter on stdout from the build\nBuilt dist\/gc-lab\.js in/);
  assert.equal(run.stderr, 'chatter on stderr from the build\n');
});

it('runBuild: a build command that cannot start fails and says why', async () => {
  const result = await runBuild('gc-lab-no-such-command', []);
  assert.equal(result.ok, false);
  assert.equal(result.status, 1);
  assert.match(result.output, /ENOENT|not found|not recognized/);
});
