// Takes the README's pictures of the demo (configured, a product added and the visitor logged in
// on the journey, attributes pending, the chat open) and of the agent view (the journey beside the
// conversation: what the cloud received): docs/screenshot.webp and docs/agent-view.webp. WebP, and
// light only, to be small enough to ship in the package, so that the README shows them wherever
// it is read (dark mode is tested, not pictured).
// `npm run screenshot` (builds first).
import { startServer } from '../server/index.mjs';
import { configure, launchBrowser, sendAsGuest, setAttributes } from './demo-driver.mjs';

const server = await startServer({ port: 0 });
const base = `http://localhost:${server.address().port}`;
const browser = await launchBrowser();
const DEPLOYMENTS = { light: '5d1b8c2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f', dark: '7a2c9e41-8b3d-4f5a-9c6e-1d2f3a4b5c6d' };
try {
  for (const scheme of ['light']) {
    const suffix = scheme === 'dark' ? '-dark' : '';
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    // The lab page's first sections (the deployment, the Database Plugin) with the open chat,
    // fixed at the viewport's bottom right: a full-page capture drops it in some Chromium
    // versions, and the whole page would make the picture too big to ship.
    await page.setViewport({ width: 1280, height: 1500, deviceScaleFactor: 1 });
    await page.goto(`${base}/`);
    await configure(page, 'prod-euw1', DEPLOYMENTS[scheme]);
    // The journey first: a record and the login, on the visitor's session before any message.
    await page.waitForFunction(() => {
      const button = document.querySelector('gc-commands')?.shadowRoot?.querySelector('[part~=add-product-button]');
      return button && !button.disabled;
    });
    await page.click('gc-commands >>> [part~=add-product-button]');
    await page.waitForFunction(() => document.querySelector('gc-commands').shadowRoot.querySelector('[part=status]').textContent.includes('took it'));
    for (const [field, value] of [['#givenName', 'Ada'], ['#familyName', 'Lovelace'], ['#email', 'ada@example.com']]) {
      await page.type(`gc-login-form >>> ${field}`, value);
    }
    await page.click('gc-login-form >>> [part~=button]');
    await page.waitForFunction(() => document.querySelector('gc-login-form').shadowRoot.querySelector('[part=status]').textContent.startsWith('Logged in'));
    await setAttributes(page, '{ "keyInt": 123, "keyString": "hello" }');
    await page.click('[data-genesys-emulator] >>> .launcher');
    // From section 1 (the messenger, ready) down: the Database Plugin with its pending attributes.
    await page.evaluate(() => document.getElementById('deployment-title').scrollIntoView());
    if (process.env.SCREENSHOT_PNG) await page.screenshot({ path: '/tmp/screenshot.png' });
    await page.screenshot({ path: `docs/screenshot${suffix}.webp`, type: "webp", quality: 70 });
    console.log(`Wrote docs/screenshot${suffix}.webp`);

    // The other side: the guest sends a message, the agent view shows what arrived with it.
    await sendAsGuest(page, 'Hello, I have a question about my order');
    await page.waitForFunction(() => document.querySelector('gc-database-plugin').status === 'sent');
    const agent = await context.newPage();
    await agent.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    // The conversation and its journey (what the flow did, the Agent Script and the settings, below, are left out).
    await agent.setViewport({ width: 1440, height: 1500, deviceScaleFactor: 1 });
    await agent.goto(`${base}/agent/?deploymentId=${DEPLOYMENTS[scheme]}`);
    await agent.waitForSelector('#transcript li');
    await agent.type('#reply', 'Hi! I can see your details; let me check.');
    await agent.click('#reply-form button');
    await page.waitForFunction(
      () => document.querySelector('[data-genesys-emulator]').shadowRoot.querySelectorAll('li.Outbound').length > 0,
    );
    await agent.waitForSelector('#transcript li.Outbound');
    if (process.env.SCREENSHOT_PNG) await agent.screenshot({ path: '/tmp/agent-view.png' });
    await agent.screenshot({ path: `docs/agent-view${suffix}.webp`, type: "webp", quality: 70 });
    console.log(`Wrote docs/agent-view${suffix}.webp`);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
