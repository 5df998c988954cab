// `npm publish` stops until package.json names the project's public repository, homepage and
// bug tracker (the npm page resolves the README's links against `repository`); nothing invents them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { missingPublishMetadata } from '../../scripts/check-publish-metadata.mjs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

it('npm publish runs the metadata check first', () => {
  assert.equal(pkg.scripts.prepublishOnly, 'node scripts/check-publish-metadata.mjs');
});

it('names each missing field and why; complete metadata passes', () => {
  assert.deepEqual(
    missingPublishMetadata({ name: 'x' }).map((line) => line.split(':')[0]),
    ['repository', 'homepage', 'bugs'],
  );
  assert.deepEqual(
    missingPublishMetadata({
      repository: { type: 'git', url: 'git+https://example.org/x.git' },
      homepage: 'https://example.org/x#readme',
      bugs: { url: 'https://example.org/x/issues' },
    }),
    [],
  );
  assert.deepEqual(missingPublishMetadata({ repository: 'https://example.org/x', homepage: '', bugs: 'https://example.org/x/issues' }), [
    'homepage: where the npm page sends a reader',
  ]);
});

it('as npm runs it, on this package.json: exits 1 and says what to set while the fields are missing', () => {
  const run = spawnSync(process.execPath, [fileURLToPath(new URL('../../scripts/check-publish-metadata.mjs', import.meta.url))], { encoding: 'utf8' });
  if (missingPublishMetadata(pkg).length === 0) {
    assert.equal(run.status, 0);
    return;
  }
  assert.equal(run.status, 1);
  assert.match(run.stderr, /^Not publishing gc-lab-elements: package.json lacks/);
  assert.match(run.stderr, /Set them to the project's public repository/);
});
