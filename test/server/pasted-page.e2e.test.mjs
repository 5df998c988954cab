// End to end, as the CMS guide's "Try it before you have a deployment" says: `npm start` (the
// offline Genesys) on one port, and an author's own page on another loopback port with the tags
// pasted in, loading gc-lab.js and the offline runtime from the offline Genesys's origin. In
// headless Chromium the messenger becomes ready, attributes set in the panel reach the "cloud"
// with the guest's message; then, once the deployment allows only another domain, the same page
// is refused and the messenger names the origin to add.
//
// What it needs from the service (emulator/service, server/):
//   part 1: a page on another loopback origin may load /dist/gc-lab.js as a module (CORS),
//           upgrade the WebSocket, read config.json and POST /api/journey (CORS);
//   part 2: PUT /api/deployments/<id>/settings {"allowedDomains": [...]} (instructor; no key on
//           loopback), and a refused origin gets 403 on config.json and on the WebSocket.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import { after, before, it } from 'node:test';
import { startServer } from '../../server/index.mjs';
import { launchBrowser, sendAsGuest, setAttributes, waitFor } from '../../scripts/demo-driver.mjs';

const FIXTURE = new URL('../fixtures/pasted/index.html', import.meta.url);
const DEPLOYMENT = randomUUID();

/** The offline Genesys (`npm start`). */
let offline;
/** The author's own page server: a plain node:http server on another port. */
let site;
let browser;
/** Origins as the page and the author write them. */
let offlineOrigin;
let pageOrigin;
/** The offline Genesys's API, as a script on this machine calls it (no Origin header). */
let api;

/** The author's page's own policy: its origin, and the offline Genesys for scripts and connections. */
const pagePolicy = () =>
  [
    "default-src 'self'",
    `script-src 'self' ${offlineOrigin}`,
    `connect-src 'self' ${offlineOrigin} ${offlineOrigin.replace(/^http/, 'ws')}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

before(async () => {
  offline = await startServer({ port: 0 });
  offlineOrigin = `http://localhost:${offline.address().port}`;
  api = `http://127.0.0.1:${offline.address().port}`;
  const template = await readFile(FIXTURE, 'utf8');
  site = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' || (pathname !== '/' && pathname !== '/index.html')) {
      res.writeHead(pathname === '/favicon.ico' ? 204 : 404).end();
      return;
    }
    const page = template.replaceAll('OFFLINE_GENESYS', offlineOrigin).replaceAll('DEPLOYMENT_ID', DEPLOYMENT);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': pagePolicy(), 'Cache-Control': 'no-store' });
    res.end(page);
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://localhost:${site.address().port}`;
  assert.notEqual(pageOrigin, offlineOrigin);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => site?.close(resolve));
  await new Promise((resolve) => offline?.close(resolve));
});

/** A page that records what went wrong (console errors, failed requests, gc-error events). */
async function openAuthorPage() {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (req) => problems.push(`failed: ${req.method()} ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`${res.status()} ${res.request().method()} ${res.url()}`);
  });
  await page.evaluateOnNewDocument(() => {
    window.__gcErrors = [];
    document.addEventListener('gc-error', (e) => window.__gcErrors.push({ reason: e.reason, message: e.message }));
  });
  return { page, problems };
}

/** The messenger's state and its alert, for messages. */
const messengerNow = (page) =>
  page.evaluate(() => {
    const el = document.querySelector('gc-messenger');
    return {
      defined: !!customElements.get('gc-messenger'),
      state: el?.state,
      alert: el?.shadowRoot?.querySelector('[role=alert]')?.textContent?.trim() ?? '',
      gcErrors: window.__gcErrors,
    };
  });

async function messengerBecomes(page, problems, state) {
  try {
    await page.waitForFunction((s) => document.querySelector('gc-messenger')?.state === s, { timeout: 10_000 }, state);
  } catch {
    const now = await messengerNow(page);
    assert.fail(`the messenger never became ${state}: ${JSON.stringify(now)}; problems: ${JSON.stringify(problems, null, 1)}`);
  }
}

/** A WebSocket upgrade to the offline Genesys from `origin`: the status it answers. */
function upgradeStatus(origin) {
  return new Promise((resolve, reject) => {
    const req = request(`${api}/v1?deploymentId=${DEPLOYMENT}&application=pasted-page-test`, {
      headers: {
        Host: new URL(offlineOrigin).host,
        Origin: origin,
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.from(randomUUID().slice(0, 16)).toString('base64'),
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', reject);
    req.end();
  });
}

it('a page pasted on another loopback port runs the lab against the offline Genesys', async () => {
  const { page, problems } = await openAuthorPage();
  await page.goto(`${pageOrigin}/`);
  await messengerBecomes(page, problems, 'ready');

  await setAttributes(page, '{ "keyString": "pasted" }');
  await sendAsGuest(page, 'Hello from my own page');
  await page.waitForFunction(() => document.querySelector('gc-database-plugin').status === 'sent', { timeout: 10_000 });

  const url = `${api}/api/conversations?deploymentId=${DEPLOYMENT}`;
  const [conversation] = await waitFor(async () => {
    const list = await (await fetch(url)).json();
    return Array.isArray(list) && list[0]?.messages?.length ? list : undefined;
  }, `the message to reach the cloud (GET ${url})`);
  assert.equal(conversation.deploymentId, DEPLOYMENT);
  assert.deepEqual(
    conversation.messages.filter((m) => m.direction === 'Inbound').map((m) => [m.direction, m.text, m.customAttributes]),
    [['Inbound', 'Hello from my own page', { keyString: 'pasted' }]],
  );
  // The inbound flow answered the first message, naming what it carried.
  assert.match(conversation.messages[1]?.text ?? '', /keyString = pasted/);
  // The journey: <gc-commands>, fetched from beside gc-lab.js on the other origin, sends Add
  // Product, and the visitor's session has it with no further message.
  await page.waitForFunction(() => {
    const button = document.querySelector('gc-commands')?.shadowRoot?.querySelector('[part~=add-product-button]');
    return button && !button.disabled;
  }, { timeout: 10_000 });
  await page.click('gc-commands >>> [part~=add-product-button]');
  await page.waitForFunction(() => document.querySelector('gc-commands').shadowRoot.querySelector('[part=status]').textContent.includes('took it'), { timeout: 10_000 });
  const sessionId = await page.evaluate(() => window.__genesysEmulator.journey.sessionId);
  const events = await waitFor(async () => {
    const listing = await (await fetch(`${api}/api/v2/journey/sessions/${sessionId}/events`)).json();
    return listing.entities?.some((e) => e.webEvent?.eventName === 'product_added') ? listing.entities : undefined;
  }, 'product_added on the visitor\'s session');
  assert.ok(events.length >= 2, 'the page view at load and the record');

  assert.deepEqual(await page.evaluate(() => window.__gcErrors), []);
  // Nothing refused on the way: the module and its lazy parts from the other origin (CORS), the
  // runtime, config.json, the WebSocket, Journey.
  assert.deepEqual(problems, []);
  await page.close();
});

// Needs PUT /api/deployments/<id>/settings (allowed domains per deployment) in the service.
it('the same page, once the deployment allows only another domain: the messenger names the origin to add', async () => {
  const settings = await fetch(`${api}/api/deployments/${DEPLOYMENT}/settings`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ allowedDomains: ['http://example.test'] }),
  });
  assert.notEqual(settings.status, 404, 'PUT /api/deployments/<id>/settings is not in the service yet (404)');
  assert.equal(settings.status, 200, await settings.clone().text());
  assert.deepEqual((await settings.json()).allowedDomains, ['http://example.test']);

  // The service refuses the page's origin on the WebSocket and on config.json, with 403.
  assert.equal(await upgradeStatus(pageOrigin), 403, 'the WebSocket upgrade from a refused origin');
  const config = await fetch(`${api}/webdeployments/v1/deployments/${DEPLOYMENT}/config.json`, {
    headers: { Origin: pageOrigin },
  });
  assert.equal(config.status, 403, 'config.json for a refused origin');
  // The list replaces the defaults, the server's own lab page included (as a Genesys list is all there is).
  assert.equal(await upgradeStatus(offlineOrigin), 403, 'the WebSocket upgrade from its own origin, not in the list');

  const { page, problems } = await openAuthorPage();
  await page.goto(`${pageOrigin}/`);
  await messengerBecomes(page, problems, 'error');
  const now = await messengerNow(page);
  const expected = `This page's origin, ${pageOrigin}, is not allowed by the deployment: add it to the deployment's allowed domains.`;
  assert.equal(now.alert, expected);
  assert.deepEqual(now.gcErrors, [{ reason: 'domain-not-allowed', message: expected }]);
  // The refusal is config.json's 403; no chat was offered.
  assert.ok(
    problems.some((p) => p.startsWith('403 GET') && p.includes(`/webdeployments/v1/deployments/${DEPLOYMENT}/config.json`)),
    JSON.stringify(problems),
  );
  assert.equal(await page.$('[data-genesys-emulator]'), null);
  // Nothing reached the cloud from the refused page.
  const list = await (await fetch(`${api}/api/conversations?deploymentId=${DEPLOYMENT}`)).json();
  assert.equal(list.length, 1);
  await page.close();
});
