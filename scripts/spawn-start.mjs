// Runs `npm start`'s script (without its build step) in a child process on a free port and
// resolves once it has printed its URLs (the lab page, the agent view, "Ctrl+C stops it", which
// it prints with or without --verbose): for the bench and for the test of `npm start`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const start = fileURLToPath(new URL('./start.mjs', import.meta.url));

/**
 * Resolves `{ child, port, output, errors }` (`errors`: its stderr so far, when piped); rejects if
 * the server exits or prints nothing in 10 s.
 * `args` go to start.mjs after `--no-build` (e.g. `--verbose`); `build: true` leaves `--no-build`
 * out, for a test whose `cwd` holds a package.json with a stand-in `build` script.
 * @param {{ stderr?: 'pipe' | 'inherit' | 'ignore', env?: NodeJS.ProcessEnv, args?: string[], build?: boolean, cwd?: string }} [options]
 */
export function spawnStart({ stderr = 'pipe', env = {}, args = [], build = false, cwd } = {}) {
  const child = spawn(process.execPath, [start, ...(build ? [] : ['--no-build']), ...args], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', stderr],
    cwd,
  });
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    child.stderr?.on('data', (chunk) => (errors += chunk));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the server printed no URLs within 10 s:\n${output}${errors}`));
    }, 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}):\n${output}${errors}`));
    });
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /Agent view:\s+http:\/\/[^/\s]+:(\d+)\//.exec(output);
      if (match && output.includes('Ctrl+C')) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]), output, errors });
      }
    });
  });
}
