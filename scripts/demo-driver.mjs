// Drives the demo lab page in a real browser (puppeteer-core, Debian's Chromium), as a
// person would: used by `npm run screenshot` and by the end-to-end test of `npm start`.
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_MISSING, chromiumPath } from './chromium-path.mjs';

export async function launchBrowser() {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(CHROMIUM_MISSING);
  return puppeteer.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/** Fills the Region / Deployment ID form, saves, and waits for Messenger to be ready. */
export async function configure(page, environment, deploymentId) {
  await page.select('gc-messenger >>> select', environment);
  await page.type('gc-messenger >>> input', deploymentId);
  await page.click('gc-messenger >>> button[type=submit]');
  await page.waitForFunction(() => document.querySelector('gc-messenger').state === 'ready');
}

/** Types JSON into the Database Plugin panel, presses Set, waits for `pending`. */
export async function setAttributes(page, json) {
  await page.$eval('gc-database-plugin >>> textarea', (textarea) => (textarea.value = ''));
  await page.type('gc-database-plugin >>> textarea', json);
  await page.click('gc-database-plugin >>> button');
  await page.waitForFunction(() => document.querySelector('gc-database-plugin').status === 'pending');
}

/** Opens the emulated chat if needed and sends a message as the guest. */
export async function sendAsGuest(page, text) {
  const expanded = await page.$eval('[data-genesys-emulator] >>> .launcher', (b) => b.getAttribute('aria-expanded'));
  if (expanded !== 'true') await page.click('[data-genesys-emulator] >>> .launcher');
  await page.type('[data-genesys-emulator] >>> input', text);
  await page.click('[data-genesys-emulator] >>> button[type=submit]');
}

/**
 * Polls `check` (a value, or a promise of one) every 50 ms until it is truthy; resolves that
 * value, or rejects after `timeout` ms naming `what` was awaited.
 * @template T
 * @param {() => T | Promise<T>} check
 * @param {string} what
 * @param {number} [timeout]
 */
export async function waitFor(check, what, timeout = 5000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
