// `npm start`: build the bundle, then serve the demo lab page with the offline Messenger.
// It prints what a student needs (the URLs, the instructor's key for a room, how to stop); with
// `npm start -- --verbose` also the build's own output and the APIs, the runtime and the session TTL.
import { createServer } from 'node:net';
import { LIMITS, sessionTtlFromEnv } from '../emulator/service/guest-service.mjs';
import { startServer } from '../server/index.mjs';
import { isLoopbackBind, lanAddresses } from '../server/security.mjs';
import { buildStep } from './start-build.mjs';

const port = Number(process.env.PORT || 8000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number (0-65535), not "${process.env.PORT}".`);
  process.exit(1);
}

let sessionTtlMs;
try {
  sessionTtlMs = sessionTtlFromEnv(process.env.SESSION_TTL);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

const agentKey = process.env.AGENT_KEY || undefined;
if (agentKey !== undefined && !/^[\x21-\x7e]{16,512}$/.test(agentKey)) {
  console.error('AGENT_KEY must be 16 to 512 printable characters without spaces (or unset: one is generated).');
  process.exit(1);
}
const allowedHosts = (process.env.ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean);

const host = process.env.HOST || '127.0.0.1';
const inUse = (/** @type {number} */ p) => `Port ${p} is in use: set PORT to another one, e.g. PORT=${p === 8000 ? 8001 : 8000} npm start`;

// The port first: a port in use is said at once, not after the build.
if (port !== 0) {
  const problem = await new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error) => resolve(error));
    probe.listen(port, host, () => probe.close(() => resolve(undefined)));
  });
  if (problem) {
    console.error(problem.code === 'EADDRINUSE' ? inUse(port) : `Cannot listen on ${host}:${port}: ${problem.message}`);
    process.exit(1);
  }
}

const verbose = process.argv.includes('--verbose');

if (!process.argv.includes('--no-build')) {
  const status = await buildStep({ verbose });
  if (status !== 0) process.exit(status);
}

try {
  const server = await startServer({ port, host, sessionTtlMs, agentKey, allowedHosts });
  const { port: actual } = server.address();
  const everywhere = host === '0.0.0.0' || host === '::';
  // Bound to every interface: the URLs students can open are this machine's LAN addresses.
  const hosts = everywhere ? lanAddresses() : [isLoopbackBind(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host];
  const bases = hosts.map((h) => `http://${h}:${actual}`);
  const base = bases[0] ?? `http://localhost:${actual}`;
  const keyQuery = server.requireKey ? `?key=${encodeURIComponent(server.agentKey)}` : '';
  console.log(
    [
      '',
      'The lab is running on an offline Genesys (emulator):',
      ...(bases.length ? bases.map((b) => `  Lab page:        ${b}/${everywhere ? '   (give students this one)' : ''}`) : [`  Lab page:        (no LAN address found: use this machine's address, port ${actual})`]),
      `  Agent view:      ${base}/agent/`,
      ...(verbose
        ? [
            `  Conversations:   ${base}/api/conversations${server.requireKey ? '  (JSON API: send the agent key as "Authorization: Bearer <key>")' : ''}`,
            `  Messaging:       ${base.replace('http', 'ws')}/v1?deploymentId=<id>`,
            `  Runtime:         ${base}/emulator/genesys-runtime.js`,
            `  Guest sessions:  end after ${sessionTtlMs ? sessionTtlMs / 1000 : LIMITS.sessionTtlSeconds} s without activity (SESSION_TTL)`,
          ]
        : []),
      ...(server.requireKey
        ? [
            '',
            `Instructor's agent key (${agentKey ? 'AGENT_KEY' : 'generated; set AGENT_KEY to choose one'}): ${server.agentKey}`,
            `  Instructor's agent view (every deployment): ${base}/agent/${keyQuery}`,
            '  Keep this key to yourself (and this terminal off the projector): it opens every conversation in the room.',
            '  Students need no key from you: the lab page gives each one a key to their own deployment',
            '  when they generate it, and its "agent view" link opens only their conversations.',
          ]
        : verbose
          ? ['', 'Loopback only: no agent key is needed. HOST=0.0.0.0 npm start serves a room (with an agent key).']
          : []),
      ...(verbose ? [] : ['', `More (the APIs, the runtime, the session TTL${server.requireKey ? '' : ', serving a room'}): npm start -- --verbose`]),
      '',
      'Ctrl+C stops it.',
    ].join('\n'),
  );
} catch (error) {
  if (error.code === 'EADDRINUSE') console.error(inUse(port));
  else console.error(error.message);
  process.exit(1);
}
