// Takes docs/screenshot.png of the demo (configured, attributes pending, the chat open) and
// docs/agent-view.png (what the cloud received), for the README. `npm run screenshot` (builds first).
import { startServer } from '../server/index.mjs';
import { configure, launchBrowser, sendAsGuest, setAttributes } from './demo-driver.mjs';

const server = await startServer({ port: 0 });
const base = `http://localhost:${server.address().port}`;
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 1000, deviceScaleFactor: 1 });
  await page.goto(`${base}/`);
  await configure(page, 'prod-euw1', '5d1b8c2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f');
  await setAttributes(page, '{ "keyInt": 123, "keyString": "hello" }');
  await page.click('[data-genesys-emulator] >>> .launcher');
  await page.screenshot({ path: 'docs/screenshot.png', fullPage: true });
  console.log('Wrote docs/screenshot.png');

  // The other side: the guest sends a message, the agent view shows what arrived with it.
  await sendAsGuest(page, 'Hello, I have a question about my order');
  await page.waitForFunction(() => document.querySelector('gc-database-plugin').status === 'sent');
  const agent = await browser.newPage();
  await agent.setViewport({ width: 1280, height: 720, deviceScaleFactor: 1 });
  await agent.goto(`${base}/agent/`);
  await agent.waitForSelector('#transcript li');
  await agent.type('#reply', 'Hi! I can see your details; let me check.');
  await agent.click('#reply-form button');
  await page.waitForFunction(
    () => document.querySelector('[data-genesys-emulator]').shadowRoot.querySelectorAll('li.Outbound').length > 0,
  );
  await agent.waitForSelector('#transcript li.Outbound');
  await agent.screenshot({ path: 'docs/agent-view.png', fullPage: true });
  console.log('Wrote docs/agent-view.png');
} finally {
  await browser.close();
  server.close();
}
