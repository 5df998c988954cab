// What publint and attw (also in `npm run check`) do not look at: dist/gc-lab.js, the file CMS
// authors host, must be self-contained (no bare imports), and so must the emulated runtime; and
// every source map in the package must resolve (its sources inlined, or shipped beside it).
// And the package ships what its user needs and no more: not the offline runtime (dist/emulator/,
// run from a clone with `npm start`), a LICENSE, and every file the README links to or shows
// (the README is the npm page: a relative link to a file left out of the package is dead there).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { unpackedLinks } from './package-links.mjs';

const root = new URL('..', import.meta.url);
const problems = [];
for (const file of ['dist/gc-lab.js', 'dist/emulator/genesys-runtime.js']) {
  const code = readFileSync(new URL(file, root), 'utf8');
  const bare = [...code.matchAll(/\bimport\s*(?:[^'"()]*?from\s*)?["']([^"'./][^"']*)["']/g)].map((m) => m[1]);
  if (bare.length) problems.push(`${file} imports ${bare.join(', ')}: it must be self-contained`);
}

const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
  cwd: new URL('.', root),
  encoding: 'utf8',
  shell: process.platform === 'win32',
});
if (pack.status !== 0) {
  console.error(`npm pack --dry-run failed:\n${pack.stderr}`);
  process.exit(1);
}
const packed = new Set(JSON.parse(pack.stdout)[0].files.map((f) => f.path));
for (const file of [...packed].filter((f) => f.endsWith('.map'))) {
  const map = JSON.parse(readFileSync(new URL(file, root), 'utf8'));
  const missing = map.sources.filter(
    (source, i) => typeof map.sourcesContent?.[i] !== 'string' && !packed.has(posix.normalize(posix.join(posix.dirname(file), map.sourceRoot ?? '', source))),
  );
  if (missing.length) problems.push(`${file} maps to ${missing.join(', ')}, which the package neither inlines nor ships`);
}
if ([...packed].some((f) => f.startsWith('dist/emulator/'))) {
  problems.push('it ships dist/emulator/ (the offline runtime, for a clone\'s `npm start`): keep "!dist/emulator" in package.json "files"');
}
if (![...packed].some((f) => /^(LICENSE|LICENCE)(\.(md|txt))?$/i.test(f))) {
  problems.push(`it has no LICENSE file, though package.json says ${JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).license}`);
}
const dead = unpackedLinks(readFileSync(new URL('README.md', root), 'utf8'), packed);
if (dead.length) {
  problems.push(
    `README.md (the npm page) has ${dead.length} relative link(s) or image(s) to files the package does not ship, dead on npm and in node_modules:\n` +
      dead.map(({ line, image, target }) => `    README.md:${line}: ${image ? 'image' : 'link'} ${target}`).join('\n') +
      '\n    Ship the file (package.json "files", if a package user needs it and it is small), or drop the link or name the path in `code`.',
  );
}
if (problems.length) {
  console.error(`The package is not what it says:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
