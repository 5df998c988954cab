// The guide's rule, checked: exactly one module in src/ touches window.Genesys.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ALLOWED = 'src/genesys/sdk.ts';
const root = new URL('..', import.meta.url).pathname;
const pattern = /\bGenesys\b\s*\(|window\s*(\.\s*Genesys\b|\[\s*['"]Genesys['"]\s*\])|_genesysJs/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|js)$/.test(path)) yield path;
  }
}

const offenders = [];
for (const file of files(join(root, 'src'))) {
  const rel = relative(root, file);
  if (rel === ALLOWED) continue;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '');
      if (pattern.test(code) && !/^\s*\*/.test(code)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
    });
}
if (offenders.length) {
  console.error(`Only ${ALLOWED} may touch window.Genesys; found:\n${offenders.join('\n')}`);
  process.exit(1);
}
