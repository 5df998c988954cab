// The README check of check-package.mjs: a relative link or image in the README (the npm page)
// must point at a file the package ships.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { markdownLinks, unpackedLinks } from '../../scripts/package-links.mjs';

const PACKED = ['README.md', 'LICENSE', 'package.json', 'dist/gc-lab.js', 'docs/cms-guide.md', 'docs/messenger-sdk.md'];
const dead = (markdown) => unpackedLinks(markdown, PACKED).map(({ target, image, line }) => `${line} ${image ? 'image' : 'link'} ${target}`);

it('finds inline links and images, reference definitions and HTML links and images, with their lines', () => {
  const markdown = [
    '# Title',
    'See [the guide](docs/cms-guide.md "CMS") and ![a picture (light)](docs/shot.png).',
    '[![badge](img/badge.svg)](https://example.com/ci)',
    '<a href="notes/x.md">x</a> <img alt="y" src=\'docs/y.png\'>',
    '<picture><source srcset="docs/dark.png 1x, docs/dark@2x.png 2x"></picture>',
    '[ref]: <notes/ref.md>',
    '[spaced](<notes/a b.md>)',
  ].join('\n');
  assert.deepEqual(
    markdownLinks(markdown).map(({ target, image, line }) => `${line} ${image ? 'image' : 'link'} ${target}`),
    [
      '2 link docs/cms-guide.md',
      '2 image docs/shot.png',
      '3 image img/badge.svg',
      '3 link https://example.com/ci',
      '4 link notes/x.md',
      '4 image docs/y.png',
      '5 image docs/dark.png',
      '5 image docs/dark@2x.png',
      '6 link notes/ref.md',
      '7 link notes/a b.md',
    ],
  );
});

it('ignores links in fenced code, inline code and HTML comments, and keeps counting lines after them', () => {
  const markdown = [
    '```md',
    '[in a fence](emulator/README.md)',
    '```',
    '~~~~',
    '<img src="docs/fenced.png">',
    '~~~~',
    'Run `[x](emulator/README.md)` or ``a ` [y](z.md) `` here.',
    '<!-- [hidden](emulator/README.md) -->',
    '[real](emulator/README.md)',
  ].join('\n');
  assert.deepEqual(dead(markdown), ['9 link emulator/README.md']);
});

it('accepts shipped files (with a heading), the README\'s own headings, absolute URLs and shipped folders', () => {
  const markdown = [
    '[guide](docs/cms-guide.md#content-security-policy) [notes](./docs/messenger-sdk.md?plain=1#environments)',
    '[figures](#figures-npm-run-bench) [top](README.md#title) [root](/dist/gc-lab.js) [dist](dist/)',
    '[npm](https://www.npmjs.com/) [mail](mailto:someone@example.com) [cdn](//cdn.example.com/x.js) [http](HTTP://example.com)',
    '[license](LICENSE) [encoded](docs%2Fcms-guide.md)',
  ].join('\n');
  assert.deepEqual(dead(markdown), []);
});

it('reports links and images to files the package does not ship, and links out of the package', () => {
  const markdown = [
    '![The demo](docs/screenshot.png) [the emulator](emulator/README.md#endpoints)',
    '[coverage](docs/coverage.md) [wordpress](integrations/wordpress/README.md) [up](../elsewhere.md)',
    '[missing folder](emulator/) <img src="docs/agent-view.png">',
  ].join('\n');
  assert.deepEqual(dead(markdown), [
    '1 image docs/screenshot.png',
    '1 link emulator/README.md#endpoints',
    '2 link docs/coverage.md',
    '2 link integrations/wordpress/README.md',
    '2 link ../elsewhere.md',
    '3 link emulator/',
    '3 image docs/agent-view.png',
  ]);
});

it('resolves a link from a file in a folder against that folder', () => {
  const links = unpackedLinks('[sdk](messenger-sdk.md) [readme](../README.md) [wp](../integrations/wordpress/README.md)', PACKED, 'docs/cms-guide.md');
  assert.deepEqual(
    links.map(({ target }) => target),
    ['../integrations/wordpress/README.md'],
  );
});
