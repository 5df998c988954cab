// Every link in the project's own docs resolves: a file (and heading) inside the repository, or
// a public web address. Every `docs/<file>.md#<section>` the code names is a real heading. No
// file of the repository sends a reader to notes outside it.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { markdownLinks } from '../../scripts/package-links.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
  'emulator/README.md',
  'integrations/wordpress/README.md',
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[^\p{Letter}\p{Number}\s_-]/gu, '')
    .replace(/\s/g, '-');

function anchors(file) {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1])));
}

/** Every link and image target of a Markdown file, outside code (the package check's reader). */
const links = (file) => markdownLinks(readFileSync(file, 'utf8')).map((link) => link.target);

it('every link in the docs resolves inside the repository or to a public web address', () => {
  const problems = [];
  for (const doc of DOCS) {
    const file = join(ROOT, doc);
    for (const target of links(file)) {
      if (/^https:\/\//.test(target)) {
        if (/^https:\/\/(localhost|127\.|\[::1\])/.test(target)) problems.push(`${doc}: ${target} is not public`);
        continue;
      }
      if (/^(mailto:|http:)/.test(target)) {
        problems.push(`${doc}: ${target}: use https`);
        continue;
      }
      const [path, anchor] = target.split('#');
      const resolved = path ? join(dirname(file), decodeURIComponent(path)) : file;
      const inside = !relative(ROOT, resolved).startsWith('..');
      if (!inside) problems.push(`${doc}: ${target} points outside the repository`);
      else if (!existsSync(resolved)) problems.push(`${doc}: ${target} does not exist`);
      else if (anchor && statSync(resolved).isFile() && resolved.endsWith('.md') && !anchors(resolved).has(anchor)) {
        problems.push(`${doc}: ${target}: no such heading`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

it('the docs never send a reader to notes outside the repository', () => {
  const mentions = DOCS.filter((doc) => /GENESYS\.md|\.\.\/shared\//.test(readFileSync(join(ROOT, doc), 'utf8')));
  assert.deepEqual(mentions, []);
});

/** Where the repository's own files are: everything but installed packages, builds and git. */
const SKIPPED = new Set(['node_modules', 'dist', '.git']);

function repositoryFiles(dir = ROOT) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...repositoryFiles(path));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** Text files only: a NUL byte marks a binary (an image). */
function textOf(path) {
  const bytes = readFileSync(path);
  return bytes.includes(0) ? undefined : bytes.toString('utf8');
}

it('no file of the repository (code, tests, scripts, docs, the manifest) cites notes outside it', () => {
  // Written so that this file does not match itself.
  const outside = [/GENESYS\.md/i, /(?:\.\.|\/work)\/shared\b/];
  const mentions = [];
  for (const path of repositoryFiles()) {
    const text = textOf(path);
    if (text === undefined) continue;
    text.split('\n').forEach((line, i) => {
      if (outside.some((pattern) => pattern.test(line))) mentions.push(`${relative(ROOT, path)}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(mentions, []);
});

it('every docs/<file>.md#<section> the code names is a file of docs/ with that heading', () => {
  // A path from the repository's root, not part of a longer path (`../docs/…`, `x/docs/…`).
  const reference = /(?<![\w./-])docs\/([\w-]+)\.md(?:#([\w-]+))?/g;
  const problems = [];
  let seen = 0;
  for (const path of repositoryFiles()) {
    if (path.endsWith('.md')) continue; // the docs' own links: the first test
    const text = textOf(path);
    if (text === undefined) continue;
    for (const [match, name, anchor] of text.matchAll(reference)) {
      seen += 1;
      const target = join(ROOT, 'docs', `${name}.md`);
      const where = `${relative(ROOT, path)}: ${match}`;
      if (!existsSync(target)) problems.push(`${where}: no such file`);
      else if (anchor && !anchors(target).has(anchor)) problems.push(`${where}: no such heading`);
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(seen > 0, 'the code names no section of the notes: is the pattern right?');
});
