// Builds the React fixtures with esbuild (React ships CommonJS; esbuild bundles it, so the test
// runner needs no CommonJS adapter): a client-rendered app, and a server-rendered page that
// hydrates. Output in dist/test/ (needs dist/gc-lab.js: run after the build).
import { mkdirSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const here = new URL('.', import.meta.url);
const out = new URL('../../../dist/test/', import.meta.url);
mkdirSync(out, { recursive: true });
const common = {
  bundle: true,
  format: 'esm',
  jsx: 'automatic',
  logLevel: 'warning',
  // React's development build: it is the one that reports hydration mismatches.
  define: { 'process.env.NODE_ENV': '"development"' },
};

export async function buildReactFixtures() {
  await build({
    ...common,
    entryPoints: { 'react-client': new URL('client.tsx', here).pathname, 'react-hydrate': new URL('hydrate.tsx', here).pathname },
    outdir: out.pathname,
    platform: 'browser',
  });
  await build({
    ...common,
    entryPoints: { 'react-server': new URL('server.tsx', here).pathname },
    outdir: out.pathname,
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    packages: 'external',
  });
  const { render } = await import(new URL(`react-server.mjs?${Date.now()}`, out).href);
  writeFileSync(
    new URL('react-ssr.html', out),
    `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>server-rendered React lab</title>
    <script src="/test/fixtures/watch.js"></script>
    <script type="module" src="/dist/test/react-hydrate.js"></script>
  </head>
  <body><div id="app">${render()}</div></body>
</html>
`,
  );
}
