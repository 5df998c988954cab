// Host-page cost of the elements (part of `npm run bench`), in headless Chromium under 4× CPU
// slowdown, repeated, medians printed:
//   - the longest task from the module's start until all three elements have rendered (every
//     task, from a Chromium trace, and the browser's own long tasks of 50 ms or more);
//   - layout shift when the elements upgrade, without and with the documented :not(:defined) rule;
// each beside a page with one minimal Lit element (the floor any Lit-based element pays).
// Pages are served from memory on loopback; nothing is timed in a test.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { launchBrowser } from './demo-driver.mjs';

const RUNS = Math.max(3, Number(process.env.BENCH_PAGE_RUNS || 11));
const SLOWDOWN = 4;
const bundle = readFileSync(new URL('../dist/gc-lab.js', import.meta.url));
const minimal = (
  await build({
    stdin: {
      contents: `import { LitElement, html } from 'lit';
        customElements.define('min-element', class extends LitElement { render() { return html\`<p>Minimal Lit element</p>\`; } });`,
      resolveDir: new URL('..', import.meta.url).pathname,
    },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
  })
).outputFiles[0].contents;

// The rule from docs/cms-guide.md, word for word.
const guide = readFileSync(new URL('../docs/cms-guide.md', import.meta.url), 'utf8');
const rule = /```css\n([\s\S]*?)```/.exec(guide.slice(guide.indexOf(':not(:defined)')))[1];

const OBSERVE = `<script>
  window.__longest = 0; window.__cls = 0;
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.startTime >= (window.__start ?? 0)) window.__longest = Math.max(window.__longest, e.duration); }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; }).observe({ type: 'layout-shift', buffered: true });
</script>`;
const page = (body, module, tags, css = '') => `<!doctype html><html><head><meta charset="utf-8"><title>bench</title>
<style>body{font:16px system-ui;margin:2rem} p{margin:.5rem 0} ${css}</style>${OBSERVE}</head>
<body><p>Text above the elements.</p>${body}<p>Text below the elements: it moves if the elements shift it.</p>
<script type="module">window.__start = performance.now(); performance.mark('bench-start'); await import('${module}');
  for (const tag of ${JSON.stringify(tags)}) { await customElements.whenDefined(tag); await document.querySelector(tag).updateComplete; }
  performance.mark('bench-rendered'); window.__rendered = performance.now() - window.__start;</script></body></html>`;
const ELEMENTS = `<gc-messenger environment="prod" deployment-id="5d1b8c2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f" bootstrap-src="/never.js"></gc-messenger><gc-database-plugin></gc-database-plugin><gc-session-controls></gc-session-controls>`;
// All three, in any order: the bundle registers them one task apart.
const LAB_TAGS = ['gc-messenger', 'gc-database-plugin', 'gc-session-controls'];
const PAGES = {
  '/lab.html': page(ELEMENTS, '/gc-lab.js', LAB_TAGS),
  '/lab-rule.html': page(ELEMENTS, '/gc-lab.js', LAB_TAGS, rule),
  '/minimal.html': page('<min-element></min-element>', '/min.js', ['min-element']),
  '/lab-unconfigured.html': page(`${ELEMENTS}<gc-messenger></gc-messenger>`, '/gc-lab.js', LAB_TAGS),
};
// Messenger's script behind a network round trip (each /slow/ response LATENCY ms late, as from a
// CDN): when it runs, counted from navigation, without and with the preload tag of the CMS guide.
const LATENCY = 100;
const slowPage = (preload) => `<!doctype html><html><head><meta charset="utf-8"><title>bench</title>
${preload ? '<link rel="preload" as="script" href="/slow/sdk.js">' : ''}</head>
<body>${ELEMENTS.replace('/never.js', '/slow/sdk.js')}<script type="module">import('/slow/gc-lab.js');</script></body></html>`;
PAGES['/sdk.html'] = slowPage(false);
PAGES['/sdk-preload.html'] = slowPage(true);
const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (path.startsWith('/slow/')) {
    const body = path === '/slow/sdk.js' ? 'window.__sdkRan = performance.now();' : bundle;
    setTimeout(() => res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(body), LATENCY);
    return;
  }
  if (PAGES[path]) return res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGES[path]);
  if (path === '/gc-lab.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(bundle);
  if (path === '/min.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(minimal);
  // Messenger's script, standing in: it loads and does nothing, so the messenger stays `loading`
  // (a state change would move the page too, and that is not the upgrade's doing).
  if (path === '/never.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end('');
  res.writeHead(404).end();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const browser = await launchBrowser();

/**
 * Loads `path` in a fresh context at SLOWDOWN× CPU (and `viewport`, if given); resolves to what
 * `read` returns.
 */
async function throttledLoad(path, read, viewport, trace = false) {
  const context = await browser.createBrowserContext();
  try {
    const tab = await context.newPage();
    const cdp = await tab.createCDPSession();
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOWDOWN });
    if (viewport) await tab.setViewport(viewport);
    if (trace) await tab.tracing.start({ categories: ['toplevel', 'blink.user_timing', '__metadata'] });
    await tab.goto(`${base}${path}`);
    const result = await read(tab);
    if (trace) result.longestTraced = longestTask(JSON.parse(new TextDecoder().decode(await tab.tracing.stop())).traceEvents);
    return result;
  } finally {
    await context.close();
  }
}

/**
 * The longest task of the page's main thread between the marks `bench-start` and
 * `bench-rendered`, in ms, from a Chromium trace: every task, not only those of 50 ms or more
 * that the longtask observer reports.
 */
function longestTask(events) {
  const mark = (name) => events.find((e) => e.name === name && e.cat.includes('blink.user_timing'));
  const [start, end] = [mark('bench-start'), mark('bench-rendered')];
  if (!start || !end) throw new Error('bench-page: the trace has no bench-start or bench-rendered mark');
  // The marks are made on the page's main thread; its tasks are the scheduler's RunTask slices.
  const tasks = events.filter(
    (e) =>
      e.ph === 'X' &&
      e.name === 'ThreadControllerImpl::RunTask' &&
      e.pid === start.pid &&
      e.tid === start.tid &&
      e.ts + e.dur >= start.ts &&
      e.ts <= end.ts,
  );
  if (!tasks.length) throw new Error('bench-page: the trace has no task of the page between its marks');
  return Math.max(0, ...tasks.map((e) => e.dur / 1000));
}

try {
  const results = {};
  for (const [name, path] of [
    ['minimal Lit element', '/minimal.html'],
    ['the three elements', '/lab.html'],
    ['the three elements, with the :not(:defined) rule', '/lab-rule.html'],
  ]) {
    const longest = [];
    const traced = [];
    const cls = [];
    const rendered = [];
    const read = async (tab) => {
      await tab.waitForFunction(() => window.__rendered !== undefined);
      await new Promise((r) => setTimeout(r, 300)); // let the observers deliver
      return tab.evaluate(() => ({ longest: window.__longest, cls: window.__cls, rendered: window.__rendered }));
    };
    for (let run = 0; run < RUNS; run++) {
      const m = await throttledLoad(path, read, { width: 1280, height: 900 });
      longest.push(m.longest);
      cls.push(m.cls);
      rendered.push(m.rendered);
      // Traced loads of their own: tracing slows the page, and the figures above stay comparable.
      traced.push((await throttledLoad(path, read, { width: 1280, height: 900 }, true)).longestTraced);
    }
    results[name] = {
      longest: median(longest),
      worst: Math.max(...longest),
      calm: longest.filter((d) => !d).length,
      traced: median(traced),
      tracedWorst: Math.max(...traced),
      cls: median(cls),
      rendered: median(rendered),
    };
  }
  const floor = results['minimal Lit element'];
  console.log(`Host page cost, headless Chromium, ${SLOWDOWN}× CPU slowdown, median of ${RUNS} loads:`);
  console.log(
    '  page                                               module start → rendered (vs minimal)   longest task, traced: median (vs minimal), worst   long tasks (≥ 50 ms): median, worst, loads with none   layout shift',
  );
  for (const [name, r] of Object.entries(results)) {
    const ms = (d) => (d ? `${d.toFixed(0)} ms` : 'none');
    const traced = `${r.traced.toFixed(0)} ms (${(r.traced / floor.traced).toFixed(1)}×), ${r.tracedWorst.toFixed(0)} ms`;
    const longest = `${ms(r.longest)}, ${ms(r.worst)}, ${r.calm} of ${RUNS}`;
    console.log(
      `  ${name.padEnd(50)} ${`${r.rendered.toFixed(0)} ms`.padStart(10)} (${(r.rendered / floor.rendered).toFixed(1)}×)${''.padStart(14)} ${traced.padStart(30)}${''.padStart(18)} ${longest.padStart(30)}${''.padStart(22)} ${r.cls.toFixed(3).padStart(8)}`,
    );
  }
  console.log(
    `  (traced: every task of the page\'s main thread from the module\'s start to all rendered, from a Chromium trace of ${RUNS} more loads; long tasks: the browser\'s\n` +
      '   longtask entries, 50 ms or more, "none" when every task was shorter. Layout shift has no ratio: the minimal page\'s is about 0.)',
  );

  const ran = {};
  for (const path of ['/sdk.html', '/sdk-preload.html']) {
    ran[path] = [];
    for (let run = 0; run < RUNS; run++) {
      ran[path].push(
        await throttledLoad(path, async (tab) => {
          await tab.waitForFunction(() => window.__sdkRan !== undefined);
          return tab.evaluate(() => window.__sdkRan);
        }),
      );
    }
  }
  const [without, withPreload] = [median(ran['/sdk.html']), median(ran['/sdk-preload.html'])];
  console.log(
    `  Messenger's script runs ${without.toFixed(0)} ms after navigation without the preload tag, ` +
      `${withPreload.toFixed(0)} ms with it: ${(without - withPreload).toFixed(0)} ms sooner ` +
      `(each response ${LATENCY} ms late, as from a CDN; median of ${RUNS} loads)`,
  );

  // The heights the elements take once upgraded: what the :not(:defined) rule should reserve.
  const tab = await browser.newPage();
  for (const width of [1280, 390]) {
    await tab.setViewport({ width, height: 900 });
    await tab.goto(`${base}/lab-unconfigured.html`);
    await tab.waitForFunction(() => document.querySelector('gc-session-controls')?.shadowRoot?.childElementCount > 0);
    await new Promise((r) => setTimeout(r, 500));
    const heights = await tab.evaluate(() =>
      [...document.querySelectorAll('gc-messenger, gc-database-plugin, gc-session-controls')].map(
        (e) => `${e.localName}${e.hasAttribute('environment') ? ' (configured)' : e.localName === 'gc-messenger' ? ' (form)' : ''} ${(e.getBoundingClientRect().height / 16).toFixed(1)}rem`,
      ),
    );
    console.log(`  heights at ${width}px: ${heights.join(', ')}`);
  }
} finally {
  await browser.close();
  server.close();
}
