/**
 * React 19: a client-rendered app passes attributes and gets `ongc-…` events; a server-rendered
 * page (react-dom/server) hydrates with no hydration warning (the elements add no attributes of
 * their own: their state is a CSS custom state). Fixtures: test/frameworks/react/, built by esbuild.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { GcDatabasePlugin } from '../../src/database-plugin/database-plugin.js';
import { DEPLOYMENT_ID, EMULATOR, clearStorage, openFrame, openPage, pressSet, button } from '../support/pages.js';

interface ReactWindow extends Window {
  __react: { events: string[]; errors: string[]; hydrated?: boolean; upgradedFirst?: boolean };
  __violations?: unknown[];
  __errors?: string[];
}

const frame = (src: string) => openFrame(src, { width: 900, height: 700 });

describe('React 19', () => {
  beforeEach(clearStorage);
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('a React app that imports the bundle renders the elements with camelCase properties and gets their events through ongc- handlers', async () => {
    const page = await openPage('<div id="app"></div>', { bundles: [`/dist/test/react-client.js?deploymentId=${DEPLOYMENT_ID}`] });
    // The client bundle reads its props from the page's own URL.
    const url = new URL(page.win.location.href);
    url.searchParams.set('deploymentId', DEPLOYMENT_ID);
    url.searchParams.set('emulator', EMULATOR);
    page.win.history.replaceState(null, '', url);
    await page.reload();
    const win = page.win as unknown as ReactWindow;
    await page.messengerIs('ready');
    await waitUntil(() => win.__react.events.includes('state:ready'), 'no ongc-messenger-state event reached React');
    // Properties, not attributes: a number stays a number, and no lowercase attribute appears.
    const messenger = page.$<HTMLElement & { readyTimeout: number }>('gc-messenger')!;
    expect(messenger.readyTimeout).to.equal(10_000);
    expect(messenger.hasAttribute('deploymentid')).to.equal(false);

    const plugin = page.$<GcDatabasePlugin>('gc-database-plugin')!;
    expect(plugin.persist).to.equal(true);
    await waitUntil(() => plugin.shadowRoot?.querySelector('textarea'), 'plugin not rendered');
    pressSet(plugin, '{ "fromReact": "yes" }');
    await waitUntil(() => win.__react.events.includes('set:{"fromReact":"yes"}'), 'no ongc-attributes-set event');

    button(page.$('gc-session-controls'), 'PageView Home').click();
    // homeUrl="/" reached the element as a property (an attribute "homeurl" would be ignored).
    await waitUntil(() => win.__react.events.includes('navigate:page-view-home:/'), 'no ongc-navigate event to /');
    expect(win.__react.errors).to.deep.equal([]);
  });

  for (const order of ['', 'after-upgrade']) {
    it(`a server-rendered page (react-dom/server) hydrates${order ? ' after the elements upgraded' : ''} with no hydration warning, and then works (with one re-render: react/react#35446)`, async () => {
      const iframe = await frame(`/dist/test/react-ssr.html${order ? `?hydrate=${order}` : ''}`);
      const win = iframe.contentWindow as unknown as ReactWindow;
      await waitUntil(() => win.__react?.hydrated, 'did not hydrate', { timeout: 5000 });
      // The order this test is about: the elements had rendered (and set their state) first.
      if (order) expect(win.__react.upgradedFirst).to.equal(true);
      const doc = iframe.contentDocument!;
      const messenger = doc.querySelector('gc-messenger') as HTMLElement & { state: string };
      await waitUntil(() => messenger.state === 'ready', 'messenger not ready after hydration', { timeout: 5000 });
      const plugin = doc.querySelector('gc-database-plugin') as GcDatabasePlugin;
      await waitUntil(() => plugin.shadowRoot?.querySelector('textarea'), 'plugin not rendered');
      pressSet(plugin, '{ "hydrated": "yes" }');
      await waitUntil(() => win.__react.events.includes('set:{"hydrated":"yes"}'), 'handlers not attached by hydration');
      // No hydration warning, no recoverable error, nothing thrown.
      expect(win.__react.errors).to.deep.equal([]);
      expect(win.__errors).to.deep.equal([]);
    });
  }
});
