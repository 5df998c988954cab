/**
 * Under a strict Content-Security-Policy (script-src 'self', style-src 'self', no
 * 'unsafe-inline', no 'unsafe-eval'): the elements work and cause no violation.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { DEPLOYMENT_ID, EMULATOR, button, clearStorage, openPage, pressSet, shadow, typeInto } from './support/pages.js';

describe('strict CSP', () => {
  beforeEach(clearStorage);
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('the bundle, the form and the Database plugin work with no violation', async () => {
    const page = await openPage(
      `<gc-messenger bootstrap-src="${EMULATOR}"></gc-messenger><gc-database-plugin></gc-database-plugin><gc-session-controls></gc-session-controls>`,
      { bundles: ['/dist/gc-lab.js'], strictCsp: true },
    );
    const messenger = page.$<HTMLElement & { state: string }>('gc-messenger')!;
    await waitUntil(() => messenger.shadowRoot?.querySelector('select'), 'no form');
    const select = shadow(messenger).querySelector('select')!;
    select.value = 'prod';
    select.dispatchEvent(new Event('change'));
    typeInto(messenger, 'input', DEPLOYMENT_ID);
    button(messenger, 'Save').click();
    await waitUntil(() => messenger.state === 'ready', 'not ready under CSP', { timeout: 5000 });

    const plugin = page.$<HTMLElement & { status: string }>('gc-database-plugin')!;
    pressSet(plugin, '{ "a": "1" }');
    await waitUntil(() => plugin.status === 'pending', 'not pending');
    expect(page.win.__violations).to.deep.equal([]);
    expect(page.win.__errors).to.deep.equal([]);
  });

  /** The lab with a preload tag for the emulated Messenger script; how often that script was fetched. */
  async function preloaded(attributes: string) {
    const page = await openPage(
      `<link rel="preload" as="script" ${attributes} href="${EMULATOR}">` +
        `<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}"></gc-messenger>`,
      { bundles: ['/dist/gc-lab.js'], strictCsp: true },
    );
    await page.messengerIs('ready');
    const entries = page.win.performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const fetched = entries.filter((entry) => new URL(entry.name).pathname === EMULATOR);
    const bundle = entries.find((entry) => new URL(entry.name).pathname === '/dist/gc-lab.js')!;
    return { page, fetched, bundle };
  }

  it('the preload tag of the docs (no crossorigin) serves the script the messenger injects: one fetch', async () => {
    const { page, fetched, bundle } = await preloaded('');
    expect(fetched).to.have.length(1);
    // By the preload: it started before the bundle had arrived, so before any element could ask.
    expect(fetched[0].startTime).to.be.below(bundle.responseEnd);
    expect(page.win.__violations).to.deep.equal([]);
    expect(page.win.__errors).to.deep.equal([]);
  });

  it('a preload tag with crossorigin does not match the injected script: fetched twice (why the docs say none)', async () => {
    const { fetched } = await preloaded('crossorigin');
    expect(fetched).to.have.length(2);
  });

  it('without bootstrap-src, asks for genesys.min.js on the regional Genesys CDN (blocked here by the policy)', async () => {
    const page = await openPage(`<gc-messenger environment="euw1" deployment-id="${DEPLOYMENT_ID}"></gc-messenger>`, {
      bundles: ['/dist/gc-lab.js'],
      strictCsp: true,
    });
    const messenger = page.$<HTMLElement & { state: string }>('gc-messenger')!;
    await waitUntil(() => messenger.state === 'error', 'no error', { timeout: 5000 });
    const src = 'https://apps.mypurecloud.ie/genesys-bootstrap/genesys.min.js';
    expect([...page.doc.head.querySelectorAll('script[src^="https:"]')].map((s) => s.getAttribute('src'))).to.deep.equal([src]);
    expect(shadow(messenger).querySelector('[role=alert]')!.textContent).to.contain(`Could not load the Messenger script from ${src}`);
    expect(page.win.__violations).to.deep.equal([{ directive: 'script-src-elem', blocked: src }]);
  });
});

describe('stricter pages: nonce-only script-src and Trusted Types', () => {
  beforeEach(clearStorage);
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  const LAB = (messengerAttrs = '') =>
    `<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}" ${messengerAttrs}></gc-messenger>` +
    `<gc-database-plugin></gc-database-plugin><gc-commands></gc-commands><gc-login-form></gc-login-form><gc-session-controls></gc-session-controls>`;

  async function labWorks(page: Awaited<ReturnType<typeof openPage>>) {
    await page.messengerIs('ready');
    // The elements the bundle loads from beside it (import() inherits the bundle's nonce), and
    // a Journey command through them.
    await waitUntil(() => page.win.customElements.get('gc-commands') && page.win.customElements.get('gc-login-form'), 'lazy elements not loaded');
    const commands = page.$('gc-commands')!;
    await waitUntil(() => !button(commands, 'Add Product').disabled, 'Add Product never usable');
    button(commands, 'Add Product').click();
    await waitUntil(() => shadow(commands).querySelector('[role=status]')?.textContent?.includes('Messenger took it'), 'Add Product not taken');
    const plugin = page.$<HTMLElement & { status: string }>('gc-database-plugin')!;
    await waitUntil(() => plugin.shadowRoot?.querySelector('textarea'), 'plugin not rendered');
    pressSet(plugin, '{ "a": "1" }');
    await waitUntil(() => plugin.status === 'pending', 'not pending');
    // The emulated Messenger's own chat window rendered too.
    await waitUntil(() => page.doc.querySelector('[data-genesys-emulator]'), 'no chat window');
  }

  it('nonce-only script-src: <gc-messenger nonce> gives the nonce to the Messenger script it injects', async () => {
    const page = await openPage(LAB('nonce="NONCE"'), { policy: 'nonce' });
    await labWorks(page);
    const injected = page.doc.head.querySelector<HTMLScriptElement>(`script[src*="genesys-runtime"]`)!;
    // The page's nonce (hidden from the element's attribute; read through its property).
    expect(injected.nonce).to.equal(page.doc.querySelector<HTMLScriptElement>('script[src="/dist/gc-lab.js"]')!.nonce);
    expect(injected.nonce).to.have.length.greaterThan(10);
    expect(page.win.__violations).to.deep.equal([]);
    expect(page.win.__errors).to.deep.equal([]);
  });

  it('nonce-only script-src without the nonce: the script is blocked and the messenger says so', async () => {
    const page = await openPage(LAB(), { policy: 'nonce' });
    await page.messengerIs('error');
    const messenger = page.$('gc-messenger')!;
    expect(shadow(messenger).querySelector('[role=alert]')!.textContent).to.contain('Could not load the Messenger script');
    expect(page.win.__violations.map((v) => v.directive)).to.include('script-src-elem');
  });

  it("'strict-dynamic' with a nonce: the script the bundle injects is trusted through it, no nonce on the messenger", async () => {
    const page = await openPage(LAB(), { policy: 'strict-dynamic' });
    await labWorks(page);
    expect(page.doc.head.querySelector<HTMLScriptElement>(`script[src*="genesys-runtime"]`)!.nonce).to.equal('');
    expect(page.win.__violations).to.deep.equal([]);
    expect(page.win.__errors).to.deep.equal([]);
  });

  it('Trusted Types enforced, with the lit-html and gc-lab policies allowed: the lab works, no violation', async () => {
    const page = await openPage(LAB(), { policy: 'trusted-types' });
    await labWorks(page);
    expect(page.win.__violations).to.deep.equal([]);
    expect(page.win.__errors).to.deep.equal([]);
  });

  it('Trusted Types enforced without gc-lab: a clear error, never an uncaught exception', async () => {
    const page = await openPage(LAB(), { policy: 'trusted-types-refused' });
    await page.messengerIs('error');
    const messenger = page.$('gc-messenger')!;
    expect(shadow(messenger).querySelector('[role=alert]')!.textContent).to.contain(
      'does not allow the "gc-lab" policy',
    );
    expect(page.win.__events.filter((e) => e.type === 'gc-error').map((e) => e.reason)).to.deep.equal(['script-error']);
    expect(page.win.__errors).to.deep.equal([]);
    expect(page.doc.querySelector('script[src*="genesys-runtime"]')).to.equal(null);
  });

  it('Trusted Types, gc-lab allowed but already taken by another script: a clear error that says so', async () => {
    const page = await openPage(`<script src="/test/fixtures/take-policy.js"></script>${LAB()}`, { policy: 'trusted-types' });
    await page.messengerIs('error');
    const messenger = page.$('gc-messenger')!;
    expect(shadow(messenger).querySelector('[role=alert]')!.textContent).to.contain(
      "another script on the page already made a policy of that name, add 'allow-duplicates'",
    );
    expect(page.win.__events.filter((e) => e.type === 'gc-error').map((e) => e.reason)).to.deep.equal(['script-error']);
    expect(page.win.__errors).to.deep.equal([]);
    expect(page.doc.querySelector('script[src*="genesys-runtime"]')).to.equal(null);
  });
});
