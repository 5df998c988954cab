// `npm start`: build the bundle, then serve the demo lab page with the offline Messenger.
import { spawnSync } from 'node:child_process';
import { LIMITS, sessionTtlFromEnv } from '../emulator/service/guest-service.mjs';
import { startServer } from '../server/index.mjs';

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

if (!process.argv.includes('--no-build')) {
  console.log('Building dist/gc-lab.js…');
  const build = spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) {
    console.error('The build failed; see above.');
    process.exit(build.status ?? 1);
  }
}

try {
  const server = await startServer({ port, host: process.env.HOST || '127.0.0.1', sessionTtlMs });
  const { port: actual } = server.address();
  const base = `http://localhost:${actual}`;
  console.log(
    [
      '',
      'The lab is running on an offline Genesys (emulator):',
      `  Lab page:        ${base}/`,
      `  Agent view:      ${base}/agent/`,
      `  Conversations:   ${base}/api/conversations`,
      `  Messaging:       ${base.replace('http', 'ws')}/v1?deploymentId=<id>`,
      `  Runtime:         ${base}/emulator/genesys-runtime.js`,
      `  Guest sessions:  live ${sessionTtlMs ? sessionTtlMs / 1000 : LIMITS.sessionTtlSeconds} s (SESSION_TTL)`,
      '',
      'Ctrl+C stops it.',
    ].join('\n'),
  );
} catch (error) {
  if (error.code === 'EADDRINUSE') console.error(`Port ${port} is in use: set PORT to another one, e.g. PORT=8001 npm start`);
  else console.error(error.message);
  process.exit(1);
}
