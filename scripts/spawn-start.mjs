// Runs `npm start`'s script (without its build step) in a child process on a free port and
// resolves once it has printed its URLs: for the bench and for the test of `npm start`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const start = fileURLToPath(new URL('./start.mjs', import.meta.url));

/** Resolves `{ child, port, output }`; rejects if the server exits or prints nothing in 10 s. */
export function spawnStart({ stderr = 'pipe', env = {} } = {}) {
  const child = spawn(process.execPath, [start, '--no-build'], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', stderr],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the server printed no URLs within 10 s:\n${output}`));
    }, 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}):\n${output}`));
    });
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /Agent view:\s+http:\/\/[^/\s]+:(\d+)\//.exec(output);
      if (match && output.includes('Ctrl+C')) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]), output });
      }
    });
  });
}
