import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The usual places of Chromium, Chrome and Edge (Chromium-based) on Linux, macOS and Windows
 * (students' laptops are mostly macOS and Windows).
 */
export function chromiumCandidates(env = process.env, platform = process.platform) {
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(Boolean);
    return roots.flatMap((root) => [
      join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      join(root, 'Chromium', 'Application', 'chrome.exe'),
      join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
    ]);
  }
  if (platform === 'darwin') {
    const apps = ['/Applications', join(homedir(), 'Applications')];
    return apps.flatMap((dir) => [
      join(dir, 'Google Chrome.app', 'Contents', 'MacOS', 'Google Chrome'),
      join(dir, 'Chromium.app', 'Contents', 'MacOS', 'Chromium'),
      join(dir, 'Microsoft Edge.app', 'Contents', 'MacOS', 'Microsoft Edge'),
    ]);
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
    '/usr/bin/microsoft-edge',
  ];
}

/**
 * Where a Chromium or Chrome is: $CHROME_PATH when set (and only there), otherwise the
 * usual install paths. Undefined when there is none.
 */
export function chromiumPath(env = process.env, platform = process.platform) {
  if (env.CHROME_PATH) return existsSync(env.CHROME_PATH) ? env.CHROME_PATH : undefined;
  return chromiumCandidates(env, platform).find((path) => existsSync(path));
}

export const CHROMIUM_MISSING =
  'No Chromium or Chrome found: install one (Debian/Ubuntu: sudo apt-get install -y chromium; macOS and Windows: Google Chrome) or set CHROME_PATH to its executable.';

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
