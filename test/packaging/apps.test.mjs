// The packed package in real apps, as a web developer meets it: `npm pack`, then a Vue 3 app
// and a React 19 app, each written as the README says (`import 'gc-lab-elements'`; for Vue
// also `import 'gc-lab-elements/vue'` and `isCustomElement` for the `gc-` tags; for React the
// tags with `ongc-…` handlers), built by `vite build` and opened in headless Chromium.
//
// Offline: the tarball is unpacked into each app's node_modules, as `npm install` would put it,
// beside links to this repository's copies of the packages it depends on (its `dependencies`)
// and of the app's own (vue or react, vite and its plugin). Needs the build (`npm test` builds
// first): the tarball is packed from dist/.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchBrowser, waitFor } from '../../scripts/demo-driver.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const windows = process.platform === 'win32';

/** The README's React 19 typing of the tags (types only: the build does not type-check). */
const REACT_TYPES = `import type { CustomElements } from 'gc-lab-elements/jsx';
declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
}
`;

const APPS = {
  vue: {
    packages: ['vue', 'vite', '@vitejs/plugin-vue'],
    json: '{ "framework": "vue" }',
    files: {
      'index.html': '<!doctype html>\n<html lang="en">\n<title>Vue app</title>\n<div id="app"></div>\n<script type="module" src="/src/main.ts"></script>\n</html>\n',
      'vite.config.ts': `import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('gc-') } } })],
});
`,
      'src/main.ts': `import { createApp } from 'vue';
import 'gc-lab-elements';
import 'gc-lab-elements/vue';
import App from './App.vue';

createApp(App).mount('#app');
`,
      'src/App.vue': `<script setup lang="ts">
import { ref } from 'vue';
import type { GcAttributesSetEvent } from 'gc-lab-elements/events.js';

const json = ref('{ "framework": "vue" }');
const set = ref<string[]>([]);
function onSet(event: GcAttributesSetEvent) {
  set.value.push(JSON.stringify(event.attributes));
}
</script>

<template>
  <gc-database-plugin :persist="true" :value="json" @gc-attributes-set="onSet"></gc-database-plugin>
  <output id="set">{{ set.join(' ') }}</output>
</template>
`,
    },
  },
  react: {
    packages: ['react', 'react-dom', 'vite', '@vitejs/plugin-react'],
    json: '{ "framework": "react" }',
    files: {
      'index.html': '<!doctype html>\n<html lang="en">\n<title>React app</title>\n<div id="root"></div>\n<script type="module" src="/src/main.tsx"></script>\n</html>\n',
      'vite.config.ts': `import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({ plugins: [react()] });
`,
      'src/custom-elements.d.ts': REACT_TYPES,
      'src/main.tsx': `import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'gc-lab-elements';
import type { GcAttributesSetEvent } from 'gc-lab-elements/events.js';

function App() {
  const [set, setSet] = useState<string[]>([]);
  return (
    <>
      <gc-database-plugin
        persist
        value='{ "framework": "react" }'
        ongc-attributes-set={(event: GcAttributesSetEvent) => setSet((all) => [...all, JSON.stringify(event.attributes)])}
      />
      <output id="set">{set.join(' ')}</output>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
`,
    },
  },
};

let work;
let browser;
const builds = {};
const servers = [];

/** `node_modules/<name>` in `app`, a link to this repository's copy (a junction on Windows). */
function link(app, name) {
  const target = join(ROOT, 'node_modules', name);
  assert.ok(existsSync(target), `node_modules/${name} is missing: run npm install`);
  const path = join(app, 'node_modules', name);
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path, 'junction');
}

/** Runs a command; resolves its exit code and everything it printed. */
function run(command, args, cwd) {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };

/** A static server of `dir` on a free port of 127.0.0.1 (the built app, as any host serves it). */
async function serve(dir) {
  const server = createServer((req, res) => {
    let file = join(dir, decodeURIComponent(new URL(req.url, 'http://localhost').pathname));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(dir + sep) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  servers.push(server);
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  return `http://127.0.0.1:${server.address().port}/`;
}

before(
  async () => {
    for (const file of ['dist/lib/index.js', 'dist/types/vue.js', 'dist/types/jsx.js']) {
      assert.ok(existsSync(join(ROOT, file)), `${file} is missing: run npm run build first`);
    }
    work = mkdtempSync(join(tmpdir(), 'gc-apps-'));
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: ROOT,
      encoding: 'utf8',
      shell: windows,
    });
    assert.equal(pack.status, 0, `npm pack failed:\n${pack.stderr}`);
    const tarball = join(work, JSON.parse(pack.stdout)[0].filename);

    for (const [name, app] of Object.entries(APPS)) {
      const dir = join(work, name);
      for (const [file, text] of Object.entries(app.files)) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), text);
      }
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `${name}-app`, private: true, type: 'module' }, null, 2));
      // `npm install gc-lab-elements`: the package's files, and the packages it depends on.
      const installed = join(dir, 'node_modules', 'gc-lab-elements');
      mkdirSync(installed, { recursive: true });
      const untar = spawnSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'], { encoding: 'utf8' });
      assert.equal(untar.status, 0, `tar failed:\n${untar.stderr}`);
      const { dependencies = {} } = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
      for (const dependency of [...Object.keys(dependencies), ...app.packages]) link(dir, dependency);
      // `vite build`, both apps at once; each test awaits its own.
      builds[name] = run(process.execPath, [join(dir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], dir);
    }
    browser = await launchBrowser();
  },
  { timeout: 60_000 },
);

after(async () => {
  await browser?.close();
  for (const server of servers) await new Promise((closed) => server.close(closed));
  // Each build's promise settled (a test awaited it), so nothing writes under `work` any more.
  await Promise.allSettled(Object.values(builds));
  if (work) rmSync(work, { recursive: true, force: true });
});

/**
 * Builds `name`'s app, serves it and opens it: the panel is registered and rendered, the app's
 * values reached it as properties, and a Set (answered as the page's messenger would) reaches
 * the app's own `gc-attributes-set` handler, which renders what it got.
 */
async function checkApp(name) {
  const { code, output } = await builds[name];
  assert.equal(code, 0, `vite build of the ${name} app failed:\n${output}`);
  const dir = join(work, name, 'dist');
  assert.ok(existsSync(join(dir, 'index.html')), `vite build wrote no ${name}/dist/index.html:\n${output}`);

  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // A failed load is reported below, with its URL.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) errors.push(`${response.status()} ${response.url()}`);
  });
  /** waitFor, saying on a timeout what went wrong in the page. */
  const waitInPage = (check, what) =>
    waitFor(check, what, 10_000).catch((error) => {
      throw new Error(`${error.message} in the ${name} app; the page's errors: ${errors.join('; ') || 'none'}`);
    });
  try {
    await page.goto(await serve(resolve(dir)));
    await waitInPage(
      () =>
        page.evaluate(
          () => !!customElements.get('gc-database-plugin') && !!document.querySelector('gc-database-plugin')?.shadowRoot?.querySelector('textarea'),
        ),
      'gc-database-plugin to be registered and rendered (does `import \'gc-lab-elements\'` survive tree-shaking? package.json sideEffects)',
    );
    const state = await page.evaluate(() => {
      const panel = document.querySelector('gc-database-plugin');
      const field = panel.shadowRoot.querySelector('textarea').value;
      // As properties, not attributes: `value` is not reflected, and `persist` reflects as "" (an
      // attribute set by Vue would read "true").
      const attributes = panel.getAttributeNames().map((attribute) => `${attribute}=${panel.getAttribute(attribute)}`);
      return { persist: panel.persist, value: panel.value, field, attributes, status: panel.status };
    });
    const json = APPS[name].json;
    assert.deepEqual(state, { persist: true, value: json, field: json, attributes: ['persist='], status: 'empty' });

    // No Genesys here: the page answers the panel's Database.set as <gc-messenger> would.
    await page.evaluate(() => {
      document.addEventListener('gc-command', (event) => {
        if (event.command === 'Database.set') event.respondWith(Promise.resolve(undefined));
      });
    });
    await page.click('gc-database-plugin >>> button');
    const framework = JSON.parse(APPS[name].json).framework;
    await waitInPage(() => page.$eval('#set', (output) => output.textContent), "the app's gc-attributes-set handler");
    assert.equal(await page.$eval('#set', (output) => output.textContent), JSON.stringify({ framework }));
    assert.equal(await page.$eval('gc-database-plugin', (panel) => panel.status), 'pending');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
}

it('a Vue 3 app built by Vite from the tarball, as the README says: the panel takes its props and Vue hears its events', { timeout: 90_000 }, () =>
  checkApp('vue'),
);

it('a React 19 app built by Vite from the tarball, as the README says: the panel takes its props and ongc- handlers fire', { timeout: 90_000 }, () =>
  checkApp('react'),
);
