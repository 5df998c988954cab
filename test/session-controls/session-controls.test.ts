import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { GcSessionControls } from '../../src/session-controls/session-controls.js';
import { DEPLOYMENT_ID, EMULATOR, button, clearStorage, openPage, shadow, text, type LabPage, once } from '../support/pages.js';

const messenger = `<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}"></gc-messenger>`;
const CACHE_KEY = `gc-lab:pending-attributes:${DEPLOYMENT_ID}`;

const controls = (page: LabPage) => page.$<GcSessionControls>('gc-session-controls')!;

async function ready(page: LabPage) {
  await page.messengerIs('ready');
  await controls(page).updateComplete;
}

describe('<gc-session-controls>', () => {
  beforeEach(clearStorage);
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('is accessible, with the two buttons of the lab', async () => {
    const el = await fixture<GcSessionControls>(html`<gc-session-controls></gc-session-controls>`);
    expect(button(el, 'Clear Session')).to.exist;
    expect(button(el, 'PageView Home')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('Clear Session without a messenger says so and reloads nothing', async () => {
    const el = await fixture<GcSessionControls>(html`<gc-session-controls></gc-session-controls>`);
    let navigated = false;
    document.addEventListener('gc-navigate', (e) => ((navigated = true), e.preventDefault()), { once: true });
    setTimeout(() => button(el, 'Clear Session').click());
    const error = await once(el, 'gc-error');
    expect(error.reason).to.equal('no-messenger');
    await el.updateComplete;
    expect(text(el, '[role=alert]')).to.contain('Messenger is not configured on this page yet');
    expect(text(el, '[role=alert]')).not.to.contain('<gc-');
    expect(navigated).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('Clear Session forgets the visitor (Identifiers.purgeAll), clears Messenger, the page-origin keys and the persist cache, keeps the configuration, and reloads', async () => {
    sessionStorage.setItem('gc-lab:environment', 'prod');
    sessionStorage.setItem('gc-lab:deployment-id', DEPLOYMENT_ID);
    const page = await openPage(
      `<gc-messenger bootstrap-src="${EMULATOR}"></gc-messenger><gc-database-plugin persist></gc-database-plugin><gc-session-controls></gc-session-controls>`,
    );
    await ready(page);
    localStorage.setItem(`_${DEPLOYMENT_ID}:gcmcopn`, 'true');
    localStorage.setItem(`_${DEPLOYMENT_ID}:gcmcsessionActive`, 'true');
    localStorage.setItem('unrelated', 'kept');
    sessionStorage.setItem(CACHE_KEY, JSON.stringify({ keyInt: 123 }));
    const emulator = page.win.__genesysEmulator!;

    const reloaded = page.nextLoad();
    // This page's events: the reload may come before the checks below, and starts a new list.
    const events = page.win.__events;
    button(controls(page), 'Clear Session').click();
    await waitUntil(() => emulator.calls.some((c) => c.command === 'Messenger.clear'), 'Messenger.clear was not sent');
    // As the lab: the visitor's journey identity goes first, then Messenger shuts down.
    const sent = emulator.calls.map((c) => c.command);
    expect(sent.indexOf('Identifiers.purgeAll'), 'Identifiers.purgeAll was not sent').to.be.above(-1);
    expect(sent.indexOf('Identifiers.purgeAll')).to.be.below(sent.indexOf('Messenger.clear'));
    await waitUntil(() => events.some((e) => e.type === 'gc-navigate'), 'no gc-navigate');
    expect(events.map((e) => e.type)).to.include('gc-session-clear');
    await reloaded;

    expect(localStorage.getItem(`_${DEPLOYMENT_ID}:gcmcopn`)).to.equal(null);
    expect(localStorage.getItem(`_${DEPLOYMENT_ID}:gcmcsessionActive`)).to.equal(null);
    expect(localStorage.getItem('unrelated')).to.equal('kept');
    expect(sessionStorage.getItem(CACHE_KEY)).to.equal(null);
    expect(sessionStorage.getItem('gc-lab:environment')).to.equal('prod');
    expect(sessionStorage.getItem('gc-lab:deployment-id')).to.equal(DEPLOYMENT_ID);
    // After the reload the page configures itself again, with no restored attributes.
    await page.ready();
    await ready(page);
    expect(page.$<HTMLElement & { status: string }>('gc-database-plugin')!.status).to.equal('empty');
  });

  it('a page can cancel the reload (single-page apps), and is told the session is cleared', async () => {
    const page = await openPage(messenger + '<gc-session-controls></gc-session-controls>');
    await ready(page);
    page.doc.addEventListener('gc-navigate', (e) => e.preventDefault());
    button(controls(page), 'Clear Session').click();
    await waitUntil(() => text(controls(page), '[part=status]') === 'Session cleared.', 'no cleared status');
    expect(page.win.__labReady).to.equal(true); // same document: no reload happened
  });

  it('PageView Home loads this page without query or hash', async () => {
    const page = await openPage(messenger + '<gc-session-controls></gc-session-controls>');
    await ready(page);
    page.win.location.hash = 'section';
    const loaded = page.nextLoad();
    button(controls(page), 'PageView Home').click();
    await loaded;
    expect(page.win.location.pathname).to.equal('/test/fixtures/lab.html');
    expect(page.win.location.search).to.equal('');
    expect(page.win.location.hash).to.equal('');
  });

  it('PageView Home goes to home-url when given', async () => {
    const page = await openPage(messenger + '<gc-session-controls home-url="/test/fixtures/lab.html?home=1"></gc-session-controls>');
    await ready(page);
    const events: Array<{ url: string; reason: string }> = [];
    page.doc.addEventListener('gc-navigate', (e) => events.push({ url: e.url, reason: e.reason }));
    const loaded = page.nextLoad();
    button(controls(page), 'PageView Home').click();
    await loaded;
    expect(page.win.location.search).to.equal('?home=1');
    expect(events).to.deep.equal([{ url: `${location.origin}/test/fixtures/lab.html?home=1`, reason: 'page-view-home' }]);
  });

  it('the buttons work from the keyboard', async () => {
    const el = await fixture<GcSessionControls>(html`<gc-session-controls></gc-session-controls>`);
    const stop = (e: Event) => e.preventDefault();
    document.addEventListener('gc-navigate', stop);
    try {
      button(el, 'Clear Session').focus();
      await sendKeys({ press: 'Tab' });
      expect(shadow(el).activeElement).to.equal(button(el, 'PageView Home'));
      const navigation = once(el, 'gc-navigate');
      await sendKeys({ press: 'Enter' });
      expect((await navigation).reason).to.equal('page-view-home');
    } finally {
      document.removeEventListener('gc-navigate', stop);
    }
  });
});
