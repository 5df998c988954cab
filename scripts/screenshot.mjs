// Takes docs/screenshot.png of the demo (configured, attributes pending, the chat open) and
// docs/agent-view.png (what the cloud received), for the README. `npm run screenshot` (builds first).
import puppeteer from 'puppeteer-core';
import { startServer } from '../server/index.mjs';
import { CHROMIUM_ARGS, CHROMIUM_MISSING, chromiumPath } from './chromium-path.mjs';

const executablePath = chromiumPath();
if (!executablePath) {
  console.error(CHROMIUM_MISSING);
  process.exit(1);
}
const server = await startServer({ port: 0 });
const base = `http://localhost:${server.address().port}`;
const browser = await puppeteer.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 1000, deviceScaleFactor: 1 });
  await page.goto(`${base}/`);
  await page.select('gc-messenger >>> select', 'prod-euw1');
  await page.type('gc-messenger >>> input', '5d1b8c2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f');
  await page.click('gc-messenger >>> button[type=submit]');
  await page.waitForFunction(() => document.querySelector('gc-messenger').state === 'ready');
  await page.type('gc-database-plugin >>> textarea', '{ "keyInt": 123, "keyString": "hello" }');
  await page.click('gc-database-plugin >>> button');
  await page.waitForFunction(() => document.querySelector('gc-database-plugin').status === 'pending');
  await page.click('[data-genesys-emulator] >>> .launcher');
  await page.screenshot({ path: 'docs/screenshot.png', fullPage: true });
  console.log('Wrote docs/screenshot.png');

  // The other side: the guest sends a message, the agent view shows what arrived with it.
  await page.type('[data-genesys-emulator] >>> input', 'Hello, I have a question about my order');
  await page.click('[data-genesys-emulator] >>> button[type=submit]');
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
