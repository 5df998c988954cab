// The size check (npm run check) holds dist/gc-lab.js to its ceiling: a bundle that grows past
// it fails the check, saying by how much and where the ceiling is written.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CEILING_GZIP_BYTES, GOAL_GZIP_BYTES, describe, measure } from '../../scripts/bundle-size.mjs';

const script = fileURLToPath(new URL('../../scripts/bundle-size.mjs', import.meta.url));
const run = (path) => spawnSync(process.execPath, [script, path], { encoding: 'utf8' });
const file = (name, contents) => {
  const path = join(mkdtempSync(join(tmpdir(), 'gc-size-')), name);
  writeFileSync(path, contents);
  return path;
};

it('fails a bundle over the ceiling, naming its size and where the ceiling is', () => {
  // Random bytes do not compress: gzipped, they stay over the ceiling.
  const result = run(file('big.js', randomBytes(CEILING_GZIP_BYTES + 500)));
  assert.equal(result.status, 1);
  assert.match(result.stderr, /over its ceiling of \d+ \(scripts\/bundle-size\.mjs\)/);
});

it('passes a bundle under the ceiling, and says how it stands against the goal', () => {
  const result = run(file('small.js', 'export const a = 1;\n'.repeat(50)));
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /goal 13\.0 kB gzipped: within/);
});

it('fails, saying so, when there is no bundle to measure (a missing file, a folder)', () => {
  for (const path of [join(tmpdir(), 'gc-size-none', 'gc-lab.js'), tmpdir()]) {
    const result = run(path);
    assert.equal(result.status, 1, path);
    assert.match(result.stderr, /is not a file \(npm run build/);
  }
});

it('answers an option or extra arguments with its usage', () => {
  for (const args of [['--help'], ['a.js', 'b.js']]) {
    const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, /^Usage: node scripts\/bundle-size\.mjs \[file\]/);
  }
});

it('says how far over the goal a bundle is, naming the file it measured', () => {
  const line = describe({ bytes: 60_000, gzip: GOAL_GZIP_BYTES + 1_500, brotli: 14_000 }, 'other.js');
  assert.match(line, /^other\.js: 60\.0 kB, 14\.5 kB gzipped/);
  assert.match(line, /goal 13\.0 kB gzipped: 1\.5 kB over/);
});

it('measures gzip as level 9 (what the ceiling is set in)', () => {
  const source = Buffer.from('export const a = 1;\n'.repeat(500));
  assert.equal(measure(source).gzip, gzipSync(source, { level: 9 }).length);
});
