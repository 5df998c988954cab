// `npm test` without a browser fails at once, with one line that says how to get one.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/find-chromium.mjs', import.meta.url));

it('fails with one line naming the install command when no browser is found', () => {
  const run = spawnSync(process.execPath, [script], {
    env: { ...process.env, CHROME_PATH: '/nonexistent/chromium' },
    encoding: 'utf8',
  });
  assert.equal(run.status, 1);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1);
  assert.match(lines[0], /No Chromium or Chrome found: install one \(.*apt-get install -y chromium.*Google Chrome\) or set CHROME_PATH/);
});

it('passes quietly when CHROME_PATH names a file that exists', () => {
  const run = spawnSync(process.execPath, [script], { env: { ...process.env, CHROME_PATH: process.execPath }, encoding: 'utf8' });
  assert.equal(run.status, 0);
  assert.equal(run.stderr, '');
});

it('knows the usual places on Windows and macOS', async () => {
  const { chromiumCandidates } = await import('../../scripts/chromium-path.mjs');
  const windows = chromiumCandidates({ PROGRAMFILES: 'C:\\Program Files', LOCALAPPDATA: 'C:\\Users\\s\\AppData\\Local' }, 'win32');
  assert.ok(windows.some((p) => p.endsWith('Google/Chrome/Application/chrome.exe') || p.endsWith('Google\\Chrome\\Application\\chrome.exe')));
  assert.ok(windows.some((p) => /Edge.Application.msedge\.exe$/.test(p)));
  const mac = chromiumCandidates({}, 'darwin');
  assert.ok(mac.includes('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'));
});

it('npm test says "no browser" before it builds anything', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  assert.match(pkg.scripts.pretest, /^node scripts\/find-chromium\.mjs && /);
});
