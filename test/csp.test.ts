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
