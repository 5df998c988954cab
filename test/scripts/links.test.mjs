// Every link in the project's own docs resolves: a file (and heading) inside the repository, or
// a public web address. They never send a reader to notes outside the repository.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCS = ['README.md', 'docs/cms-guide.md', 'docs/coverage.md', 'emulator/README.md', 'integrations/wordpress/README.md'];

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

function links(file) {
  // Code blocks and inline code hold examples, not links.
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

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
