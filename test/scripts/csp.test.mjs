// `npm run csp -- <environment>`: the policy a page needs for the elements and the real
// Messenger, built from the same contract as the demo's own policy.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEMO_CSP } from '../../server/static.mjs';
import { ENVIRONMENTS } from '../../src/genesys/contract.js';
import { pagePolicy } from '../../scripts/csp.mjs';

const script = fileURLToPath(new URL('../../scripts/csp.mjs', import.meta.url));
const run = (...args) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
const directive = (policy, name) =>
  policy.split(';').map((d) => d.trim().split(/\s+/)).find(([n]) => n === name)?.slice(1) ?? [];

it('prints the policy for prod-euw1: its script, API, socket and frame origins, and the preload tag', () => {
  const result = run('prod-euw1');
  assert.equal(result.status, 0, result.stderr);
  const header = /^Content-Security-Policy: (.*)$/m.exec(result.stdout)[1];
  assert.deepEqual(directive(header, 'script-src'), ["'self'", 'https://apps.mypurecloud.ie']);
  assert.deepEqual(directive(header, 'connect-src'), [
    "'self'",
    'https://api-cdn.mypurecloud.ie',
    'https://api.mypurecloud.ie',
    'wss://webmessaging.mypurecloud.ie',
  ]);
  assert.deepEqual(directive(header, 'frame-src'), ['https://apps.mypurecloud.ie']);
  assert.ok(!header.includes("'unsafe-inline'") && !header.includes("'unsafe-eval'") && !header.includes('*'));
  assert.match(result.stdout, /trusted-types lit-html gc-lab/);
  assert.match(
    result.stdout,
    /^<link rel="preload" as="script" href="https:\/\/apps\.mypurecloud\.ie\/genesys-bootstrap\/genesys\.min\.js">$/m,
  );
  // Said plainly: which parts GENESYS.md documents and which are inferred.
  assert.match(result.stdout, /frame-src and img-src are inferred/);
});

it('adds the origin the bundle is loaded from, and refuses one that is not https', () => {
  const ok = run('prod', '--bundle-origin', 'https://cdn.jsdelivr.net/npm/gc-lab-elements/dist/gc-lab.js');
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /script-src 'self' https:\/\/cdn\.jsdelivr\.net https:\/\/apps\.mypurecloud\.com;/);
  const plain = run('prod', '--bundle-origin', 'http://cdn.example.com');
  assert.equal(plain.status, 2);
  assert.match(plain.stderr, /must be an https: URL/);
});

it('refuses an unknown environment, listing the documented ones', () => {
  for (const args of [['nope'], ['constructor'], []]) {
    const result = run(...args);
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, /Environments: prod, prod-usw2/);
  }
});

it("every environment's policy allows nothing the demo's own policy does not (one contract)", () => {
  for (const environment of Object.keys(ENVIRONMENTS)) {
    for (const [name, sources] of pagePolicy(environment)) {
      const demo = directive(DEMO_CSP, name);
      for (const source of sources) assert.ok(demo.includes(source), `${environment} ${name} ${source}`);
    }
  }
});
