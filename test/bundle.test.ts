/**
 * The built bundle, dist/gc-lab.js, as a CMS author pastes it: one <script type="module">
 * and the three tags. `npm test` builds it first.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { DEPLOYMENT_ID, EMULATOR, clearStorage, openPage, pressSet, sendAsGuest, type LabPage } from './support/pages.js';

const LAB = `
  <gc-database-plugin></gc-database-plugin>
  <gc-session-controls></gc-session-controls>
  <gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}"></gc-messenger>`;

async function runLab(page: LabPage) {
  await page.messengerIs('ready');
  const plugin = page.$<HTMLElement & { status: string }>('gc-database-plugin')!;
  pressSet(plugin, '{ "keyInt": 123, "keyString": "hello" }');
  await waitUntil(() => plugin.status === 'pending', 'not pending');
  const text = `hello from the bundle ${Math.random()}`;
  await sendAsGuest(page.win, text);
  await waitUntil(() => plugin.status === 'sent', 'not sent');
  // What reached the emulated cloud, as the agent sees it.
  const conversations: Array<{ messages: Array<{ text: string; customAttributes?: unknown }> }> = await (
    await fetch('/api/conversations')
  ).json();
  const message = conversations.flatMap((c) => c.messages).find((m) => m.text === text);
  // The service keeps participant data as strings, as Genesys does (docs/messenger-sdk.md#values-are-strings).
  expect(message?.customAttributes).to.deep.equal({ keyInt: '123', keyString: 'hello' });
}

describe('dist/gc-lab.js', () => {
  beforeEach(clearStorage);
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('reproduces the lab from one module and three tags', async () => {
    const page = await openPage(LAB, { bundles: ['/dist/gc-lab.js'] });
    await runLab(page);
    expect(page.win.__errors).to.deep.equal([]);
  });

  it('included twice under two URLs, registers once and never throws', async () => {
    const page = await openPage(LAB, { bundles: ['/dist/gc-lab.js', '/dist/gc-lab.js?copy=2'] });
    await runLab(page);
    expect(page.win.__errors).to.deep.equal([]);
    expect(page.doc.head.querySelectorAll(`script[src^="${EMULATOR}"]`)).to.have.length(1);
  });

  it('registers the elements one task apart, each rendered before the page is drawn', async () => {
    // In this test's own page: the tags first, then the bundle, as a CMS page has them.
    const root = document.createElement('div');
    root.innerHTML = LAB;
    document.body.append(root);
    const tags = ['gc-messenger', 'gc-database-plugin', 'gc-session-controls'];
    // At each frame, before the browser draws: no element may be defined yet empty (an empty
    // defined element would collapse and shift the page the :not(:defined) rule held still).
    const emptyWhenDrawn: string[] = [];
    let watching = true;
    const everyFrame = () => {
      for (const el of root.querySelectorAll(tags.join(','))) {
        if (el.matches(':defined') && !el.shadowRoot?.childElementCount) emptyWhenDrawn.push(el.localName);
      }
      if (watching) requestAnimationFrame(everyFrame);
    };
    requestAnimationFrame(everyFrame);
    // The order they are defined in, and what else was defined at that moment: when each
    // one's task ran alone, only the ones before it are.
    const order: string[] = [];
    const alone: boolean[] = [];
    for (const tag of tags) {
      void customElements.whenDefined(tag).then(() => {
        order.push(tag);
        alone.push(tags.filter((t) => customElements.get(t)).length === order.length);
      });
    }
    try {
      await import(new URL('/dist/gc-lab.js', location.href).href);
      expect(tags.map((tag) => customElements.get(tag))).to.deep.equal([undefined, undefined, undefined]);
      await Promise.all(tags.map((tag) => customElements.whenDefined(tag)));
      // The smallest first (it pays for Lit's first render), then the messenger, then the panel.
      expect(order).to.deep.equal(['gc-session-controls', 'gc-messenger', 'gc-database-plugin']);
      expect(alone).to.deep.equal([true, true, true]);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      expect(emptyWhenDrawn).to.deep.equal([]);
      for (const el of root.querySelectorAll(tags.join(','))) expect(el.shadowRoot?.childElementCount, el.localName).to.be.above(0);
    } finally {
      watching = false;
      root.remove();
    }
  });

  it('is a production build: no Lit dev-mode code', async () => {
    const source = await (await fetch('/dist/gc-lab.js')).text();
    expect(source).not.to.contain('Lit is in dev mode');
    expect(source).to.contain('gc-database-plugin');
  });

  it('a page with only the three Database-lesson elements fetches nothing more', async () => {
    const page = await openPage(LAB, { bundles: ['/dist/gc-lab.js'] });
    await page.messengerIs('ready');
    const fetched = page.win.performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
    expect(fetched.filter((path) => path.startsWith('/dist/'))).to.deep.equal(['/dist/gc-lab.js']);
    expect(page.win.customElements.get('gc-commands')).to.equal(undefined);
  });

  it('fetches the messenger\'s configuration form only where the form is shown', async () => {
    const page = await openPage(`<gc-messenger bootstrap-src="${EMULATOR}"></gc-messenger>`, { bundles: ['/dist/gc-lab.js'] });
    const messenger = page.$<HTMLElement>('gc-messenger')!;
    await waitUntil(() => messenger.shadowRoot?.querySelector('select'), 'the form did not come');
    const fetched = page.win.performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
    expect(fetched.filter((path) => path.startsWith('/dist/'))).to.deep.equal(['/dist/gc-lab.js', '/dist/gc-lab-form.js']);
    expect(page.win.__errors).to.deep.equal([]);
  });

  it('loads <gc-commands>, <gc-login-form> and <gc-event-log> from beside it where their tags are, also tags added later', async () => {
    const page = await openPage(LAB + '<gc-commands></gc-commands>', { bundles: ['/dist/gc-lab.js'] });
    await waitUntil(() => page.win.customElements.get('gc-commands'), '<gc-commands> was not loaded');
    expect(page.win.customElements.get('gc-login-form')).to.equal(undefined);
    expect(page.win.customElements.get('gc-event-log')).to.equal(undefined);
    // A framework renders a tag after the bundle ran.
    page.doc.getElementById('root')!.append(page.doc.createElement('gc-login-form'));
    await waitUntil(() => page.win.customElements.get('gc-login-form'), '<gc-login-form> was not loaded');
    page.doc.getElementById('root')!.append(page.doc.createElement('gc-event-log'));
    await waitUntil(() => page.win.customElements.get('gc-event-log'), '<gc-event-log> was not loaded');
    const fetched = page.win.performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
    expect(fetched).to.include.members(['/dist/gc-lab-commands.js', '/dist/gc-lab-login-form.js', '/dist/gc-lab-event-log.js']);
    // Both chunks share the bundle's Lit and events: one copy of gc-lab.js on the page.
    expect(fetched.filter((path) => path === '/dist/gc-lab.js')).to.have.length(1);
    await page.messengerIs('ready');
    const commands = page.$<HTMLElement & { updateComplete: Promise<boolean> }>('gc-commands')!;
    await waitUntil(() => commands.shadowRoot?.querySelector('button:not([disabled])'), 'no button became usable');
    // The event log, loaded last, records from then on: its page load, then what crossed the page.
    const log = page.$<HTMLElement & { entries: Array<{ name: string }> }>('gc-event-log')!;
    expect(log.entries[0].name).to.equal('Page loaded');
    commands.shadowRoot!.querySelector<HTMLButtonElement>('button:not([disabled])')!.click();
    await waitUntil(() => log.entries.some((e) => e.name === 'gc-command-sent'), 'the event log recorded no command');
    expect(page.win.__errors).to.deep.equal([]);
  });

  it('included twice under two URLs with the lazy tags, registers each once and never throws', async () => {
    const page = await openPage(LAB + '<gc-commands></gc-commands><gc-login-form></gc-login-form>', {
      bundles: ['/dist/gc-lab.js', '/dist/gc-lab.js?copy=2'],
    });
    await waitUntil(() => page.win.customElements.get('gc-commands') && page.win.customElements.get('gc-login-form'), 'not loaded');
    await page.messengerIs('ready');
    expect(page.win.__errors).to.deep.equal([]);
  });
});
