// The lock check (npm run check) fails when package-lock.json loses another platform's
// native packages: the regression that once made `npm ci` fail on macOS and Windows laptops.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/check-lock.mjs', import.meta.url));
const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8'));
const run = (path) => spawnSync(process.execPath, [script, ...(path ? [path] : [])], { encoding: 'utf8' });

it('passes on the committed lock', () => {
  const result = run();
  assert.equal(result.status, 0, result.stderr);
});

it('fails, naming what is missing and how to regenerate, when macOS and Windows packages are gone', () => {
  const linuxOnly = structuredClone(lock);
  for (const key of Object.keys(linuxOnly.packages)) {
    if (/node_modules\/@(rollup|esbuild)\/(rollup-)?(darwin|win32)/.test(key)) delete linuxOnly.packages[key];
  }
  const path = join(mkdtempSync(join(tmpdir(), 'gc-lock-')), 'package-lock.json');
  writeFileSync(path, JSON.stringify(linuxOnly));
  const result = run(path);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /@rollup\/rollup-darwin-arm64/);
  assert.match(result.stderr, /@esbuild\/win32-x64/);
  assert.match(result.stderr, /rm -rf node_modules package-lock.json && npm install/);
});
