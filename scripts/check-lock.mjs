// package-lock.json must let `npm ci` install on every laptop a workshop brings: rollup's and
// esbuild's native packages for macOS, Windows and Linux. An `npm install` over an existing
// node_modules can silently drop other platforms' entries; this catches it.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const REQUIRED = [
  '@rollup/rollup-darwin-arm64',
  '@rollup/rollup-darwin-x64',
  '@rollup/rollup-win32-x64-msvc',
  '@rollup/rollup-linux-x64-gnu',
  '@rollup/rollup-linux-arm64-gnu',
  '@esbuild/darwin-arm64',
  '@esbuild/darwin-x64',
  '@esbuild/win32-x64',
  '@esbuild/linux-x64',
  '@esbuild/linux-arm64',
];

// A path to check instead (the test's), as a file path on every platform.
const lockUrl = process.argv[2] ? pathToFileURL(process.argv[2]) : new URL('../package-lock.json', import.meta.url);
let lock;
try {
  lock = JSON.parse(readFileSync(lockUrl, 'utf8'));
} catch (error) {
  console.error(`package-lock.json cannot be read: ${error.message}`);
  process.exit(1);
}
const packages = lock.packages ?? {};
const missing = REQUIRED.filter((name) => !Object.hasOwn(packages, `node_modules/${name}`));
if (missing.length) {
  console.error(
    `package-lock.json lacks other platforms' packages: ${missing.join(', ')}.\n` +
      'Regenerate it from scratch: rm -rf node_modules package-lock.json && npm install (then npm ci must pass).',
  );
  process.exit(1);
}
