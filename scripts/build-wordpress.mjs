// The WordPress plugin: integrations/wordpress/ + dist/gc-lab.js and the chunks it loads from
// beside it (gc-lab-commands.js…) → dist/wordpress/gc-lab/ (a folder to copy into
// wp-content/plugins/) and dist/gc-lab-wordpress.zip (for Plugins › Add New › Upload). Node only:
// the zip is written here (deflate from node:zlib).
//
// The bundle's files go together in bundle/<version>-<hash>/, the hash over all of them: the
// plugin loads gc-lab.js by that URL with no `?ver=` (the chunks import "./gc-lab.js", and a query
// would make it a second copy), so the folder's name is what changes with a new build (see
// gc_lab_bundle_url() in gc-lab.php).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import { ENVIRONMENTS, bootstrapScriptUrl, environmentShortCodes } from '../src/genesys/contract.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = join(root, 'integrations', 'wordpress');
const bundle = join(root, 'dist', 'gc-lab.js');
const out = join(root, 'dist', 'wordpress', 'gc-lab');
const zipPath = join(root, 'dist', 'gc-lab-wordpress.zip');

if (!existsSync(bundle)) {
  console.error('build-wordpress: dist/gc-lab.js is missing: run `npm run build` first.');
  process.exit(1);
}

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/**
 * gc-lab.js and every chunk it loads, found by following their imports of `./gc-lab-….js` (not
 * by listing dist/: a chunk left there by an older build is not shipped), with each one's map
 * when it has one; sorted by name.
 */
function bundleFiles() {
  const found = new Set(['gc-lab.js']);
  for (const name of found) {
    const path = join(root, 'dist', name);
    if (!existsSync(path)) {
      console.error(`build-wordpress: dist/${name}, which the bundle imports, is missing: run \`npm run build\`.`);
      process.exit(1);
    }
    for (const [, chunk] of readFileSync(path, 'utf8').matchAll(/["'`]\.\/(gc-lab-[A-Za-z0-9_-]+\.js)["'`]/g)) found.add(chunk);
  }
  const names = [...found].flatMap((name) => (existsSync(join(root, 'dist', `${name}.map`)) ? [name, `${name}.map`] : [name]));
  return names.sort().map((name) => [name, readFileSync(join(root, 'dist', name))]);
}
const bundled = bundleFiles();
const hashing = createHash('sha256');
for (const [name, contents] of bundled) hashing.update(`${name}\0${contents.length}\0`).update(contents);
const hash = hashing.digest('hex').slice(0, 12);
const bundleFolder = `bundle/${version}-${hash}`;

/** Files of a folder, recursively, as paths relative to it (sorted: the zip is reproducible). */
function walk(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? walk(path, base) : [relative(base, path).split(sep).join('/')];
    });
}

/** The plugin's files: name → contents. */
const files = new Map();
for (const name of walk(source)) {
  let contents = readFileSync(join(source, name));
  if (name === 'gc-lab.php') {
    let php = contents.toString('utf8');
    const stamp = [
      [/^( \* Version:\s+)\S+$/m, `$1${version}`],
      [/define\( 'GC_LAB_VERSION', '[^']*' \);/, `define( 'GC_LAB_VERSION', '${version}' );`],
      [/define\( 'GC_LAB_BUNDLE_HASH', '[^']*' \);/, `define( 'GC_LAB_BUNDLE_HASH', '${hash}' );`],
    ];
    for (const [pattern, replacement] of stamp) {
      if (!pattern.test(php)) {
        console.error(`build-wordpress: gc-lab.php has no ${pattern}: the version cannot be set.`);
        process.exit(1);
      }
      php = php.replace(pattern, replacement);
    }
    contents = Buffer.from(php, 'utf8');
  }
  if (name === 'README.md') {
    // The zip has no docs/ folder: a link into the project becomes its path, in words.
    const readme = contents.toString('utf8').replace(/\[([^\]]+)\]\(\.\.\/\.\.\/([^)#]+)(#[^)]*)?\)/g, '$1 (`$2` in the gc-lab-elements project)');
    contents = Buffer.from(readme, 'utf8');
  }
  files.set(name, contents);
}
for (const [name, contents] of bundled) files.set(`${bundleFolder}/${name}`, contents);
// Messenger's bootstrap script for each environment code and lab short code, from the contract
// (one fact, one place): the plugin preloads it on pages whose messenger is configured.
const urls = Object.entries(ENVIRONMENTS).map(([code, domain]) => [code, bootstrapScriptUrl(domain)]);
for (const [short, code] of Object.entries(environmentShortCodes())) urls.push([short, bootstrapScriptUrl(ENVIRONMENTS[code])]);
files.set(
  'environments.php',
  Buffer.from(
    [
      '<?php',
      '/**',
      " * Messenger's bootstrap script for each Genesys environment code and lab short code.",
      ' * Written by scripts/build-wordpress.mjs from src/genesys/contract.js: do not edit.',
      ' *',
      ' * @package GcLab',
      ' */',
      '',
      "if ( ! defined( 'ABSPATH' ) ) {",
      '\texit;',
      '}',
      '',
      'return array(',
      ...urls.map(([code, url]) => `\t'${code}' => '${url}',`),
      ');',
      '',
    ].join('\n'),
    'utf8',
  ),
);

rmSync(join(root, 'dist', 'wordpress'), { recursive: true, force: true });
for (const [name, contents] of files) {
  const path = join(out, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, contents);
}

writeFileSync(zipPath, zip([...files].map(([name, contents]) => [`gc-lab/${name}`, contents])));

const size = (path) => `${(statSync(path).size / 1024).toFixed(0)} KiB`;
console.log(
  `build-wordpress: dist/wordpress/gc-lab/ (${files.size} files, version ${version}, ${bundleFolder}/: ${bundled.map(([name]) => name).join(', ')}), dist/gc-lab-wordpress.zip (${size(zipPath)})`,
);

/**
 * A zip (PKWARE APPNOTE 6.3: local headers, central directory, end record) of [name, data]
 * pairs, with directory entries, deflated unless that does not help. A fixed date keeps the
 * zip the same for the same files.
 */
function zip(entries) {
  const DOS_TIME = 0; // 00:00:00
  const DOS_DATE = (2020 - 1980) << 9 | 1 << 5 | 1; // 2020-01-01
  const dirs = new Set();
  for (const [name] of entries) {
    const parts = name.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) dirs.add(`${parts.slice(0, i).join('/')}/`);
  }
  const all = [...[...dirs].sort().map((name) => [name, Buffer.alloc(0)]), ...entries];

  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data] of all) {
    const nameBytes = Buffer.from(name, 'utf8');
    const isDir = name.endsWith('/');
    const deflated = isDir ? data : deflateRawSync(data, { level: 9 });
    const method = !isDir && deflated.length < data.length ? 8 : 0;
    const body = method === 8 ? deflated : data;
    const crc = crc32(data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBytes, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(3 << 8 | 20, 4); // made by: Unix, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE(((isDir ? 0o40755 : 0o100644) << 16 | (isDir ? 0x10 : 0)) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);

    offset += local.length + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(all.length, 8);
  end.writeUInt16LE(all.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
