// @arethetypeswrong/cli over the packed package (ESM-only: we ship no CommonJS), quiet when
// all is well, its full table when it is not.
import { spawnSync } from 'node:child_process';

const args = ['attw', '--pack', '.', '--profile', 'esm-only'];
const quiet = spawnSync('npx', [...args, '--quiet'], { stdio: 'inherit', shell: process.platform === 'win32' });
if (quiet.status !== 0) {
  spawnSync('npx', args, { stdio: 'inherit', shell: process.platform === 'win32' });
  console.error('The published types are wrong for some consumers (table above).');
  process.exit(1);
}
