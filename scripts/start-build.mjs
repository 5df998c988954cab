// `npm start`'s build step: one line while it builds and one when it is done; the build's own
// output (rollup, the manifest analyzer, the editor data, the WordPress zip…) only if it fails,
// or as it comes with `npm start -- --verbose`.
import { spawn } from 'node:child_process';

/**
 * Runs `command args`. Quiet (the default): its stdout and stderr are captured together, in the
 * order they came, and not printed. Verbose: they go to this terminal as they come (`output` is '').
 * A command that cannot start is a failure whose output says why.
 * @param {string} command
 * @param {string[]} args
 * @param {{ verbose?: boolean }} [options]
 * @returns {Promise<{ ok: boolean, status: number, output: string, ms: number }>}
 */
export function runBuild(command, args, { verbose = false } = {}) {
  const started = performance.now();
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = [];
    /** @type {Error | undefined} */
    let failure;
    const child = spawn(command, args, {
      stdio: verbose ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    child.stdout?.on('data', (chunk) => chunks.push(chunk));
    child.stderr?.on('data', (chunk) => chunks.push(chunk));
    child.once('error', (error) => (failure = error));
    // 'close' comes after 'error' too (a command not found), and once both streams have ended.
    child.once('close', (code, signal) => {
      let output = Buffer.concat(chunks).toString('utf8');
      if (failure) output += `${output && !output.endsWith('\n') ? '\n' : ''}${failure.message}\n`;
      else if (signal) output += `${output && !output.endsWith('\n') ? '\n' : ''}(stopped by ${signal})\n`;
      const ok = !failure && code === 0;
      resolve({ ok, status: ok ? 0 : typeof code === 'number' && code > 0 ? code : 1, output, ms: performance.now() - started });
    });
  });
}

/**
 * The build as `npm start` runs it: says "Building…", runs it (quiet unless `verbose`), then says
 * how long it took, or prints the captured output and that it failed. Resolves the exit status
 * (0: built).
 * @param {{ command?: string, args?: string[], verbose?: boolean }} [options]
 */
export async function buildStep({ command = 'npm', args = ['run', '-s', 'build'], verbose = false } = {}) {
  console.log('Building dist/gc-lab.js…');
  const { ok, status, output, ms } = await runBuild(command, args, { verbose });
  if (!ok) {
    // All of it before the caller exits, also where writes to a pipe are asynchronous (macOS).
    if (output) await new Promise((resolve) => process.stderr.write(output.endsWith('\n') ? output : `${output}\n`, resolve));
    console.error('The build failed; see above.');
    return status;
  }
  console.log(`Built dist/gc-lab.js in ${(ms / 1000).toFixed(1)} s.`);
  return 0;
}
