// What publint and attw (also in `npm run check`) do not look at: dist/gc-lab.js, the file CMS
// authors host, must be self-contained (no bare imports), and so must the emulated runtime.
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const problems = [];
for (const file of ['dist/gc-lab.js', 'dist/emulator/genesys-runtime.js']) {
  const code = readFileSync(new URL(file, root), 'utf8');
  const bare = [...code.matchAll(/\bimport\s*(?:[^'"()]*?from\s*)?["']([^"'./][^"']*)["']/g)].map((m) => m[1]);
  if (bare.length) problems.push(`${file} imports ${bare.join(', ')}: it must be self-contained`);
}
if (problems.length) {
  console.error(`The package is not what it says:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
