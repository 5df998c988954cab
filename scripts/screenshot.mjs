// Takes docs/screenshot.png of the demo (for the README): configured, attributes pending,
// the chat open. `npm run screenshot` (builds first).
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
} finally {
  await browser.close();
  server.close();
}
