// The README is the package's page on npm and what a user opens in node_modules: a relative
// link or image there works only if its target ships in the package. Used by check-package.mjs.
import { posix } from 'node:path';

/**
 * Blanks what Markdown does not render as links (fenced code, inline code, HTML comments),
 * keeping every line break so that line numbers still count.
 * @param {string} text
 */
function withoutCode(text) {
  let fence = '';
  const lines = text.split('\n').map((line) => {
    if (fence) {
      if (new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(line)) fence = '';
      return '';
    }
    fence = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1] ?? '';
    return fence ? '' : line;
  });
  const blank = (s) => s.replace(/[^\n]/g, ' ');
  return lines
    .join('\n')
    .replace(/<!--[\s\S]*?-->/g, blank)
    .replace(/(`+)(?!`)(?:(?!\n[ \t]*\n)[\s\S])*?[^`]\1(?!`)/g, blank);
}

/** 1-based line of `index` in `text`. */
const lineOf = (text, index) => text.slice(0, index).split('\n').length;

/**
 * Every link and image target in Markdown (inline `[..](..)` and `![..](..)`, reference
 * definitions `[x]: ..`, HTML `<a href>` and `<img src>`), outside code.
 * @param {string} markdown
 * @returns {{ target: string, image: boolean, line: number }[]}
 */
export function markdownLinks(markdown) {
  const text = withoutCode(markdown);
  const found = [];
  for (const m of text.matchAll(/\]\(\s*(?:<([^>\n]*)>|([^)\s]+))(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?\s*\)/g)) {
    // The `[` that opens this label: is it an image (`![`)?
    let depth = 0;
    let open = -1;
    for (let i = m.index; i >= 0; i--) {
      if (text[i] === ']') depth++;
      else if (text[i] === '[' && --depth === 0) {
        open = i;
        break;
      }
    }
    found.push({ target: m[1] ?? m[2], image: open > 0 && text[open - 1] === '!', line: lineOf(text, m.index) });
  }
  for (const m of text.matchAll(/^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)>?/gm)) {
    found.push({ target: m[1], image: false, line: lineOf(text, m.index) });
  }
  for (const m of text.matchAll(/<(a|img|source)\b[^>]*?\s(href|src|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    const value = (m[3] ?? m[4]).trim();
    // srcset: "a.png 1x, b.png 2x"
    const targets = m[2].toLowerCase() === 'srcset' ? value.split(',').map((part) => part.trim().split(/\s+/)[0]) : [value];
    for (const target of targets.filter(Boolean)) {
      found.push({ target, image: m[1].toLowerCase() !== 'a', line: lineOf(text, m.index) });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

/**
 * The links and images of a Markdown file (at `from`, a path in the package) whose relative
 * target the package does not ship: they break on the npm page and in node_modules. Absolute
 * URLs (`https:`, `mailto:`, `//host`) and links to the file's own headings (`#…`) are fine; a
 * link to a folder is fine when the package ships something in it.
 * @param {string} markdown
 * @param {Iterable<string>} packed the package's files, as `npm pack --json` lists them
 * @param {string} [from]
 * @returns {{ target: string, image: boolean, line: number }[]}
 */
export function unpackedLinks(markdown, packed, from = 'README.md') {
  const files = new Set(packed);
  const shipped = (path) => files.has(path) || [...files].some((file) => file.startsWith(`${path.replace(/\/$/, '')}/`));
  return markdownLinks(markdown).filter(({ target }) => {
    if (/^([a-z][a-z0-9+.-]*:|\/\/|#)/i.test(target)) return false;
    let path = target.replace(/[?#].*$/, '');
    try {
      path = decodeURIComponent(path);
    } catch {
      // A malformed escape: look for it as written.
    }
    // `/x` is the repository's root on GitHub, the package's root here.
    const resolved = posix.normalize(path.startsWith('/') ? path.slice(1) : posix.join(posix.dirname(from), path));
    if (resolved === '.' || resolved === './') return false;
    return resolved.startsWith('../') || !shipped(resolved.replace(/^\.\//, ''));
  });
}
