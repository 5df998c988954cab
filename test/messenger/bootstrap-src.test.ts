/**
 * `bootstrap-src` on loopback: a CMS author's own page, on any local port, may load the
 * offline Genesys of `npm start` (http://localhost:8000/…). Loopback is `localhost`,
 * `127.0.0.1` and `[::1]` exactly, as the URL parser reads the host; every other `http:` host,
 * and every other scheme, stays refused.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { checkScriptUrl } from '../../src/internal/urls.js';
import { DEPLOYMENT_ID, EMULATOR, clearStorage, openPage, shadow, type LabPage } from '../support/pages.js';

const PAGE = 'http://localhost:4321/my/page.html';

describe('bootstrap-src: which script URLs are accepted', () => {
  for (const [url, base] of [
    ['http://localhost:8000/emulator/genesys-runtime.js', PAGE],
    ['http://127.0.0.1:8000/emulator/genesys-runtime.js', PAGE],
    ['http://[::1]:8000/emulator/genesys-runtime.js', PAGE],
    ['http://LOCALHOST:8000/x.js', PAGE],
    ['http://localhost/x.js', PAGE],
    // Loopback from a page that is not itself on loopback (a site under construction elsewhere).
    ['http://localhost:8000/emulator/genesys-runtime.js', 'https://cms.example.com/draft'],
    // The URL parser normalises these to 127.0.0.1 and [::1].
    ['http://127.1:8000/x.js', PAGE],
    ['http://[0:0:0:0:0:0:0:1]:8000/x.js', PAGE],
    // What was accepted before still is.
    ['https://apps.mypurecloud.ie/genesys-bootstrap/genesys.min.js', PAGE],
    ['/emulator/genesys-runtime.js', 'http://192.168.1.20:8000/'],
    ['http://192.168.1.20:8000/emulator/genesys-runtime.js', 'http://192.168.1.20:8000/'],
  ]) {
    it(`${url} from ${base}: accepted`, () => {
      const checked = checkScriptUrl(url, base);
      expect(checked.ok, checked.ok ? '' : checked.error).to.equal(true);
    });
  }

  for (const url of [
    'http://evil.example/genesys.min.js',
    'http://192.168.1.20:8000/emulator/genesys-runtime.js',
    'http://localhost.evil.com/x.js',
    'http://localhost.:8000/x.js',
    'http://sub.localhost:8000/x.js',
    'http://localhost@evil.com/x.js',
    'http://localhost:8000@evil.com/x.js',
    'http://127.0.0.1@evil.com/x.js',
    'http://127.0.0.1.nip.io/x.js',
    'http://127.0.0.2:8000/x.js',
    'http://[::2]:8000/x.js',
    'http://0.0.0.0:8000/x.js',
    'ws://localhost:8000/x.js',
    'ftp://localhost/x.js',
    'file:///etc/x.js',
    'javascript:alert(1)',
    'data:text/javascript,alert(1)',
    'blob:http://localhost:8000/1234',
  ]) {
    it(`${url}: refused`, () => {
      const checked = checkScriptUrl(url, PAGE);
      expect(checked.ok).to.equal(false);
      expect(!checked.ok && checked.error).to.contain("only https:, this page's origin or http: on localhost");
    });
  }
});

describe('bootstrap-src on loopback, in a page', () => {
  beforeEach(clearStorage);
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  const reasons = (page: LabPage) => page.win.__events.filter((e) => e.type === 'gc-error').map((e) => e.reason);
  const injected = (page: LabPage) =>
    [...page.doc.head.querySelectorAll('script[src]')].map((s) => s.getAttribute('src')).filter((s) => !s?.startsWith('/test/fixtures/'));

  it("loads the runtime from another loopback origin (another host name for this server)", async () => {
    // The test server answers on both names: localhost and 127.0.0.1 are two origins.
    const other = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
    const src = `http://${other}:${location.port}${EMULATOR}?ready=never`;
    expect(new URL(src).origin).not.to.equal(location.origin);
    const page = await openPage(`<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${src}"></gc-messenger>`);
    await page.messengerIs('loading');
    await waitUntil(() => page.win.__genesysEmulator, 'the runtime from the other origin did not run', { timeout: 5000 });
    expect(injected(page)).to.deep.equal([src]);
    expect(page.win.__genesysEmulator!.config).to.deep.equal({ environment: 'prod', deploymentId: DEPLOYMENT_ID });
    expect(reasons(page)).to.deep.equal([]);
  });

  for (const src of ['http://127.0.0.1:9/genesys.min.js', 'http://[::1]:9/genesys.min.js', 'http://localhost:9/genesys.min.js']) {
    it(`${src} is tried (nothing listens there: a script error, not a refusal)`, async () => {
      const page = await openPage(`<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${src}"></gc-messenger>`);
      await page.messengerIs('error');
      expect(injected(page)).to.deep.equal([src]);
      expect(reasons(page)).to.deep.equal(['script-error']);
      expect(shadow(page.$('gc-messenger')).querySelector('[role=alert]')!.textContent).to.contain(`Could not load the Messenger script from ${src}`);
    });
  }

  for (const src of ['http://localhost.evil.com/genesys.min.js', 'http://localhost@evil.com/genesys.min.js', 'http://127.0.0.1.nip.io/genesys.min.js']) {
    it(`${src} is refused: nothing is loaded`, async () => {
      const page = await openPage(`<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${src}"></gc-messenger>`);
      await page.messengerIs('error');
      expect(injected(page)).to.deep.equal([]);
      expect(page.win.Genesys).to.equal(undefined);
      expect(reasons(page)).to.deep.equal(['invalid-config']);
      expect(shadow(page.$('gc-messenger')).querySelector('[role=alert]')!.textContent).to.contain('cannot be loaded as Messenger');
    });
  }
});
