// Importing the package on a server (a Next.js client component is still rendered there, as is
// any module of a Vite or Nuxt SSR build) must be harmless: every published entry point loads in
// plain Node, with no DOM, and nothing touches `window`, `document` or `HTMLElement` until an
// element is used in a browser. Each import runs in a fresh Node process, by the package's own
// name (Node resolves a package's `exports` from inside it), as an app would import it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('package.json', `file://${root}`), 'utf8'));

/** Every export whose target is JavaScript (not types, JSON or editor data). */
const entries = Object.entries(pkg.exports)
  .filter(([, target]) => {
    const paths = typeof target === 'string' ? [target] : Object.entries(target).filter(([c]) => c !== 'types').map(([, p]) => p);
    return paths.some((p) => p.endsWith('.js'));
  })
  .map(([subpath]) => (subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`));

function importInNode(specifier) {
  const script = `
    const before = ['window', 'document', 'HTMLElement'].filter((n) => n in globalThis);
    const mod = await import(${JSON.stringify(specifier)});
    const after = ['window', 'document'].filter((n) => n in globalThis);
    console.log(JSON.stringify({ exports: Object.keys(mod).length, before, after }));`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 30_000 });
}

describe('every published entry point imports on a server (plain Node, no DOM)', () => {
  it('the list covers the package, each element, the events and gc-lab.js', () => {
    for (const expected of ['gc-lab-elements', 'gc-lab-elements/messenger.js', 'gc-lab-elements/database-plugin.js', 'gc-lab-elements/events.js', 'gc-lab-elements/gc-lab.js']) {
      assert.ok(entries.includes(expected), `${expected} is not exported as JavaScript`);
    }
  });

  for (const specifier of entries) {
    it(`import '${specifier}'`, () => {
      const run = importInNode(specifier);
      assert.equal(run.status, 0, `import '${specifier}' failed in Node:\n${run.stderr}`);
      const result = JSON.parse(run.stdout.trim().split('\n').pop());
      assert.deepEqual(result.before, [], 'this Node has a DOM: the test proves nothing');
      // Nothing pretends to be a browser for the app's other code.
      assert.deepEqual(result.after, [], `import '${specifier}' defined browser globals`);
    });
  }
});
