import { existsSync } from 'node:fs';

/**
 * Where a Chromium or Chrome is: $CHROME_PATH when set (and only there), otherwise the
 * usual install paths. Undefined when there is none.
 */
export function chromiumPath(env = process.env) {
  if (env.CHROME_PATH) return existsSync(env.CHROME_PATH) ? env.CHROME_PATH : undefined;
  const candidates = [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ];
  return candidates.find((path) => existsSync(path));
}

export const CHROMIUM_MISSING =
  'No Chromium or Chrome found: install one (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROME_PATH to its executable.';

/** Flags for headless Chromium on our machines (root needs --no-sandbox; the network is closed). */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
