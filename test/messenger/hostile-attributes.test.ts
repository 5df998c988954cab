/**
 * Attributes are hostile until checked: what a CMS author (or anyone who can write markup)
 * puts on the elements never loads script from a data:/blob:/javascript: URL, never waits
 * forever, and never navigates to javascript: or another site.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { GcMessenger } from '../../src/messenger/messenger.js';
import type { GcSessionControls } from '../../src/session-controls/session-controls.js';
import { DEPLOYMENT_ID, EMULATOR, button, clearStorage, once, text } from '../support/pages.js';

function scriptsLoaded(): string[] {
  return [...document.querySelectorAll('script[src]')].map((s) => (s as HTMLScriptElement).src).filter((src) => !src.includes('wtr') && !src.includes('.test.'));
}

describe('hostile attributes', () => {
  before(clearStorage);

  for (const src of [
    'data:text/javascript,alert(1)',
    'javascript:alert(1)',
    'blob:https://evil.example/1234',
    'http://evil.example/genesys.min.js',
    // Look like loopback, are not: bootstrap-src.test.ts has the rest.
    'http://localhost.evil.example/genesys.min.js',
    'http://localhost@evil.example/genesys.min.js',
  ]) {
    it(`bootstrap-src="${src}" is refused with a message; nothing is loaded`, async () => {
      const before = scriptsLoaded();
      const el = document.createElement('gc-messenger') as GcMessenger;
      el.setAttribute('environment', 'prod');
      el.setAttribute('deployment-id', DEPLOYMENT_ID);
      el.setAttribute('bootstrap-src', src);
      const error = once(el, 'gc-error');
      document.body.append(el);
      try {
        expect((await error).reason).to.equal('invalid-config');
        await waitUntil(() => el.state === 'error', 'not in the error state');
        await el.updateComplete;
        expect(text(el, '[role=alert]')).to.contain("only https:, this page's origin or http: on localhost");
        expect(scriptsLoaded()).to.deep.equal(before);
        await expect(el).to.be.accessible();
      } finally {
        el.remove();
      }
    });
  }

  for (const timeout of ['abc', '-5', '0', 'Infinity', '1e12']) {
    it(`ready-timeout="${timeout}" is a configuration error, not a wait forever`, async () => {
      const el = await fixture<GcMessenger>(
        html`<gc-messenger environment="prod" deployment-id=${DEPLOYMENT_ID} ready-timeout=${timeout} bootstrap-src="/never.js"></gc-messenger>`,
      );
      await waitUntil(() => el.state === 'error', 'not in the error state');
      await el.updateComplete;
      expect(text(el, '[role=alert]')).to.contain('ready-timeout must be a number of milliseconds');
    });
  }

  it('a ready-timeout corrected after the error loads Messenger', async () => {
    const el = await fixture<GcMessenger>(
      html`<gc-messenger environment="prod" deployment-id=${DEPLOYMENT_ID} ready-timeout="abc" bootstrap-src=${EMULATOR}></gc-messenger>`,
    );
    await waitUntil(() => el.state === 'error', 'not in the error state');
    el.setAttribute('ready-timeout', '5000');
    await waitUntil(() => el.state === 'ready', `not ready after the correction (${el.state})`, { timeout: 5000 });
    await el.updateComplete;
    expect(text(el, '[role=alert]')).to.equal('');
  });

  for (const env of ['constructor', '__proto__', 'toString']) {
    it(`environment="${env}" is an unknown environment`, async () => {
      const el = await fixture<GcMessenger>(html`<gc-messenger environment=${env} deployment-id=${DEPLOYMENT_ID}></gc-messenger>`);
      await waitUntil(() => el.state === 'error', 'not in the error state');
      await el.updateComplete;
      expect(text(el, '[role=alert]')).to.contain('is not a Genesys environment');
    });
  }

  for (const [url, why] of [
    ['javascript:alert(1)', 'not a web page address'],
    ['data:text/html,<h1>hi</h1>', 'not a web page address'],
    ['https://evil.example/phish', 'on another site'],
  ]) {
    it(`home-url="${url}" is refused: PageView Home does not go there`, async () => {
      const el = await fixture<GcSessionControls>(html`<gc-session-controls home-url=${url}></gc-session-controls>`);
      let navigated = false;
      const stop = (e: Event) => ((navigated = true), e.preventDefault());
      document.addEventListener('gc-navigate', stop);
      try {
        const error = once(el, 'gc-error');
        button(el, 'PageView Home').click();
        expect((await error).reason).to.equal('invalid-config');
        await el.updateComplete;
        expect(text(el, '[role=alert]')).to.contain(why);
        expect(navigated).to.equal(false);
        await expect(el).to.be.accessible();
      } finally {
        document.removeEventListener('gc-navigate', stop);
      }
    });
  }

  it('home-url on this site (a relative path) is followed', async () => {
    const el = await fixture<GcSessionControls>(html`<gc-session-controls home-url="/somewhere?x=1"></gc-session-controls>`);
    const navigation = new Promise<string>((resolve) =>
      document.addEventListener('gc-navigate', (e) => (e.preventDefault(), resolve(e.url)), { once: true }),
    );
    button(el, 'PageView Home').click();
    expect(await navigation).to.equal(new URL('/somewhere?x=1', location.href).href);
  });
});
