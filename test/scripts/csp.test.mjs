// `npm run csp -- <environment>`: the sources a page's policy must allow for the elements and the
// real Messenger, built from the same contract as the demo's own policy.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEMO_CSP } from '../../server/static.mjs';
import { ENVIRONMENTS } from '../../src/genesys/contract.js';
import { strictPolicy } from '../../scripts/csp.mjs';

const script = fileURLToPath(new URL('../../scripts/csp.mjs', import.meta.url));
const run = (...args) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
const directive = (policy, name) =>
  policy.split(';').map((d) => d.trim().split(/\s+/)).find(([n]) => n === name)?.slice(1) ?? [];
const line = (stdout, name) => new RegExp(`^${name} +(.*?) +#`, 'm').exec(stdout)?.[1].split(' ');

it('prints, for prod-euw1, the sources by directive, what is inferred, and the preload tag', () => {
  const result = run('prod-euw1');
  assert.equal(result.status, 0, result.stderr);
  // The origins the notes give for mypurecloud.ie (docs/messenger-sdk.md#loading-messenger,
  // docs/guest-api.md#around-the-socket), written out here by hand.
  assert.deepEqual(line(result.stdout, 'script-src'), ['https://apps.mypurecloud.ie']);
  assert.deepEqual(line(result.stdout, 'connect-src'), [
    'https://api-cdn.mypurecloud.ie',
    'https://api.mypurecloud.ie',
    'wss://webmessaging.mypurecloud.ie',
  ]);
  assert.match(result.stdout, /^frame-src +https:\/\/apps\.mypurecloud\.ie +# inferred/m);
  assert.match(result.stdout, /^img-src +https:\/\/apps\.mypurecloud\.ie +# inferred/m);
  assert.match(result.stdout, /trusted-types lit-html gc-lab/);
  assert.match(
    result.stdout,
    /^<link rel="preload" as="script" href="https:\/\/apps\.mypurecloud\.ie\/genesys-bootstrap\/genesys\.min\.js">$/m,
  );
  const header = /^Content-Security-Policy: (.*)$/m.exec(result.stdout)[1];
  assert.ok(!header.includes("'unsafe-inline'") && !header.includes("'unsafe-eval'") && !header.includes('*'));
});

it("takes the lab's short codes, as the messenger does", () => {
  const result = run('euw1');
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^# Messenger in prod-euw1 \(mypurecloud\.ie\)/);
});

it('adds the whole URL the bundle is loaded from (not its CDN origin), and refuses one that is not https', () => {
  const url = 'https://cdn.jsdelivr.net/npm/gc-lab-elements@0.1.0/dist/gc-lab.js';
  const ok = run('prod', '--bundle-url', url);
  assert.equal(ok.status, 0, ok.stderr);
  assert.deepEqual(line(ok.stdout, 'script-src'), [url, 'https://apps.mypurecloud.com']);
  for (const [bad, why] of [
    ['http://cdn.example.com/gc-lab.js', /must be an https: URL/],
    ['cdn.example.com', /must be an https: URL/],
    ['javascript:alert(1)', /must be an https: URL/],
    ['https://cdn.example.com/', /not a folder/],
    ['https://cdn.example.com/gc-lab.js?ver=1', /no query/],
    ["https://cdn.example.com/a.js;img-src", /no query, fragment, quotes/],
    ["https://cdn.example.com/a.js'unsafe-inline'", /no query, fragment, quotes/],
  ]) {
    const refused = run('prod', '--bundle-url', bad);
    assert.equal(refused.status, 2, bad);
    assert.match(refused.stderr, why, bad);
    assert.equal(refused.stdout, '', bad);
  }
});

it('refuses an unknown environment or stray arguments, with the usage and the documented environments', () => {
  for (const args of [['nope'], ['constructor'], [], ['--help'], ['prod', 'extra'], ['prod', '--bundle-url']]) {
    const result = run(...args);
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, /Usage: npm run -s csp/);
    assert.match(result.stderr, /Environments: prod, prod-usw2/);
  }
});

it("the starting-point policy allows nothing the demo's own policy does not, for every environment", () => {
  for (const environment of Object.keys(ENVIRONMENTS)) {
    const policy = strictPolicy(environment);
    for (const part of policy.split(';')) {
      const [name, ...sources] = part.trim().split(/\s+/);
      for (const source of sources) assert.ok(directive(DEMO_CSP, name).includes(source), `${environment} ${name} ${source}`);
    }
  }
});
