// What npm consumers and CMS authors get: every `exports` target exists after the build,
// each per-element module has its types, and dist/gc-lab.js is self-contained (no bare imports).
import { existsSync, readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const problems = [];

for (const [entry, target] of Object.entries(pkg.exports)) {
  const files = typeof target === 'string' ? [target] : Object.values(target);
  for (const file of files) {
    if (!existsSync(new URL(file, root))) problems.push(`exports["${entry}"] → ${file} does not exist`);
  }
}

const bundle = readFileSync(new URL('dist/gc-lab.js', root), 'utf8');
const bare = [...bundle.matchAll(/\bimport\s*(?:[^'"()]*?from\s*)?["']([^"'./][^"']*)["']/g)].map((m) => m[1]);
if (bare.length) problems.push(`dist/gc-lab.js imports ${bare.join(', ')}: it must be self-contained`);

if (problems.length) {
  console.error(`The package is not what it says:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
