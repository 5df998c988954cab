// A server in its own process, so that a test can see the process die: the crash tests
// attack it and then check it still answers. `limits` reach the service (GuestService limits).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const serverModule = new URL('../../../server/index.mjs', import.meta.url).href;

/** Starts `startServer({ port: 0, limits, ...options })` in a child; resolves `{ port, child, exited, output }`. */
export function startChildServer({ limits = {}, options = {} } = {}) {
  const script = `
    const { startServer } = await import(${JSON.stringify(serverModule)});
    const server = await startServer({ port: 0, limits: ${JSON.stringify(limits)}, ...${JSON.stringify(options)} });
    console.log('PORT ' + server.address().port);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the child server printed no port:\n${output}`)), 10_000);
    child.stdout.on('data', () => {
      const match = /PORT (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ port: Number(match[1]), child, exited, get output() { return output; }, stop: () => child.kill() });
      }
    });
    exited.then(({ code }) => reject(new Error(`the child server exited (${code}):\n${output}`)));
  });
}
