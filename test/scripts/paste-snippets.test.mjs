// The snippets a CMS author pastes first teach the lab's lesson (a page load loses what no
// message carried), and `persist`, which undoes it, comes after as the fix, said as such.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';

const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** The first ```html block after `heading` (or in the file), and the prose after it. */
function firstSnippet(markdown, heading) {
  const from = heading ? markdown.indexOf(heading) : 0;
  assert.ok(from >= 0, `no "${heading}"`);
  const match = /```html\n([\s\S]*?)```/.exec(markdown.slice(from));
  assert.ok(match, 'no html snippet');
  const after = markdown.slice(from + match.index + match[0].length);
  return { snippet: match[1], after: after.slice(0, after.search(/\n#{1,3} /) >>> 0) };
}

for (const [path, heading] of [
  ['README.md', '## Paste into a CMS'],
  ['docs/cms-guide.md', undefined],
]) {
  it(`${path}: the paste snippet shows the lab's behaviour (no persist), and persist after it as the fix`, () => {
    const { snippet, after } = firstSnippet(read(path), heading);
    assert.match(snippet, /<gc-database-plugin><\/gc-database-plugin>/);
    assert.doesNotMatch(snippet, /persist/);
    assert.match(after, /lost on a page load/i);
    assert.match(after, /<gc-database-plugin persist>/);
  });
}
