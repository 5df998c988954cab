import { expect, waitUntil } from '@open-wc/testing';
import type { GcDatabasePlugin } from '../../src/database-plugin/database-plugin.js';
import {
  DEPLOYMENT_ID,
  EMULATOR,
  clearStorage,
  once,
  openPage,
  pressSet,
  sendAsGuest,
  shadow,
  text,
  type LabPage,
} from '../support/pages.js';

const messenger = (extra = '') =>
  `<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}${extra}"></gc-messenger>`;
const CACHE_KEY = `gc-lab:pending-attributes:${DEPLOYMENT_ID}`;

const plugin = (page: LabPage) => page.$<GcDatabasePlugin>('gc-database-plugin')!;

async function set(page: LabPage, json: string) {
  const el = plugin(page);
  await waitUntil(() => el.shadowRoot?.querySelector('textarea'), 'plugin not rendered');
  pressSet(el, json);
  await waitUntil(() => el.status === 'pending' || el.status === 'error', 'Set did not finish');
}

/** The guest sends `text`, and the panel says the message carried what it held. */
async function carry(page: LabPage, text: string) {
  const sent = once(plugin(page), 'gc-attributes-sent');
  await sendAsGuest(page.win, text);
  await sent;
}

async function reload(page: LabPage) {
  await page.reload();
  await page.messengerIs('ready');
}

function emulatorCalls(page: LabPage, name: string) {
  return page.win.__genesysEmulator!.calls.filter((c) => c.command === name);
}

describe('page loads and the persist attribute', () => {
  beforeEach(clearStorage);
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('without persist, a page load loses pending attributes (the lesson)', async () => {
    const page = await openPage(messenger() + '<gc-database-plugin></gc-database-plugin>');
    await set(page, '{ "keyInt": 123 }');
    expect(sessionStorage.getItem(CACHE_KEY)).to.equal(null);
    await reload(page);
    await new Promise((r) => setTimeout(r, 100));
    expect(plugin(page).status).to.equal('empty');
    expect(emulatorCalls(page, 'Database.set')).to.deep.equal([]);
    expect(page.win.__genesysEmulator!.database.messaging!.customAttributes).to.deep.equal({});
  });

  it('after a page load that lost pending attributes, the panel names the lost keys and why (never their values)', async () => {
    const page = await openPage(messenger() + '<gc-database-plugin></gc-database-plugin>');
    await set(page, '{ "keyInt": 123, "keyString": "secret-value" }');
    // Only the names are kept for the tab.
    const stored = JSON.stringify({ ...sessionStorage });
    expect(stored).to.contain('keyString');
    expect(stored).not.to.contain('secret-value');

    await reload(page);
    const el = plugin(page);
    await waitUntil(() => text(el, '[part=notice]') !== '', 'no notice of the lost keys');
    expect(text(el, '[part=notice]')).to.contain('Lost on the page load: keyInt, keyString');
    expect(text(el, '[part=notice]')).to.contain('The page was loaded before a message carried them');
    expect(el.status).to.equal('empty');

    // Said once: the next load, with nothing pending, says nothing.
    await reload(page);
    await new Promise((r) => setTimeout(r, 100));
    expect(text(plugin(page), '[part=notice]')).to.equal('');
  });

  it('the lost-keys notice names only what no message carried: a key already delivered is on the conversation', async () => {
    const page = await openPage(messenger() + '<gc-database-plugin></gc-database-plugin>');
    await set(page, '{ "count": 2 }');
    await carry(page, 'Hello');
    // The whole set is pending again (count too), but count = 2 is on the conversation already.
    await set(page, '{ "f5": "pending" }');
    expect(Object.keys(plugin(page).pendingAttributes)).to.have.members(['count', 'f5']);

    await reload(page);
    const el = plugin(page);
    await waitUntil(() => text(el, '[part=notice]') !== '', 'no notice of the lost keys');
    expect(text(el, '[part=notice]')).to.contain('Lost on the page load: f5.');

    // A key set again with another value was not carried with that value: it is lost.
    await set(page, '{ "count": 3 }');
    await reload(page);
    await waitUntil(() => text(plugin(page), '[part=notice]') !== '', 'no notice of the lost keys');
    expect(text(plugin(page), '[part=notice]')).to.contain('Lost on the page load: count.');
  });

  it('with persist, storage that will not keep the attributes is said plainly (never "kept")', async () => {
    const page = await openPage(messenger() + '<gc-database-plugin persist></gc-database-plugin>');
    // A full (or disabled) sessionStorage, as in some private modes.
    (page.win as unknown as typeof window).Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    const el = plugin(page);
    await waitUntil(() => el.shadowRoot?.querySelector('textarea'), 'plugin not rendered');
    const error = once(el, 'gc-error');
    pressSet(el, '{ "keyInt": 123 }');
    const event = await error;
    expect(event.reason).to.equal('persist-failed');
    await el.updateComplete;
    expect(el.status).to.equal('pending');
    expect(text(el, '[part=status]')).to.contain('would not store them');
    expect(text(el, '[part=status]')).to.contain('a page load now loses them');
    expect(text(el, '[part=status]')).not.to.contain('Kept for this browser tab');
  });

  it('no lost-keys notice once a message carried them', async () => {
    const page = await openPage(messenger() + '<gc-database-plugin></gc-database-plugin>');
    await set(page, '{ "carried": "yes" }');
    await carry(page, 'carrying them');
    await reload(page);
    await new Promise((r) => setTimeout(r, 100));
    expect(text(plugin(page), '[part=notice]')).to.equal('');
  });

  it('with persist, pending attributes are set again after a page load, once Database is ready', async () => {
    const page = await openPage(messenger('?database-delay=200') + '<gc-database-plugin persist></gc-database-plugin>');
    await set(page, '{ "keyInt": 123, "keyString": "hello" }');
    expect(JSON.parse(sessionStorage.getItem(CACHE_KEY)!)).to.deep.equal({ keyInt: 123, keyString: 'hello' });

    await reload(page);
    const el = plugin(page);
    await waitUntil(() => el.status === 'pending', 'attributes were not restored', { timeout: 5000 });
    await el.updateComplete;
    // Set again only after Database.ready (published 200 ms late by the emulator).
    const log = (page.win.__genesysEmulator as unknown as { log: string[] }).log;
    expect(log.indexOf('command:Database.set')).to.be.greaterThan(log.indexOf('publish:Database.ready'));
    const calls = emulatorCalls(page, 'Database.set');
    expect(calls).to.deep.equal([
      { command: 'Database.set', options: { messaging: { customAttributes: { keyInt: 123, keyString: 'hello' } } } },
    ]);
    expect(el.pendingAttributes).to.deep.equal({ keyInt: 123, keyString: 'hello' });
    expect(text(el, '[part=status]')).to.contain('Restored after the page load');
    expect(page.win.__events.some((e) => e.type === 'gc-attributes-set')).to.equal(true);

    // A message carries them: the cache is gone, and the next load restores nothing.
    await sendAsGuest(page.win, 'hello');
    await waitUntil(() => el.status === 'sent', 'not sent');
    expect(sessionStorage.getItem(CACHE_KEY)).to.equal(null);
    await reload(page);
    await new Promise((r) => setTimeout(r, 100));
    expect(plugin(page).status).to.equal('empty');
    expect(emulatorCalls(page, 'Database.set')).to.deep.equal([]);
  });

  it('with persist, restores whatever the page order', async () => {
    sessionStorage.setItem(CACHE_KEY, JSON.stringify({ order: 'plugin first' }));
    const page = await openPage('<gc-database-plugin persist></gc-database-plugin>' + messenger(), { before: true });
    await waitUntil(() => plugin(page).status === 'pending', 'not restored', { timeout: 5000 });
    expect(plugin(page).pendingAttributes).to.deep.equal({ order: 'plugin first' });
  });

  it('ignores a damaged cache instead of sending it', async () => {
    sessionStorage.setItem(CACHE_KEY, '{"nested": {"no": 1}}');
    const page = await openPage(messenger() + '<gc-database-plugin persist></gc-database-plugin>');
    await page.messengerIs('ready');
    await new Promise((r) => setTimeout(r, 100));
    expect(plugin(page).status).to.equal('empty');
    expect(emulatorCalls(page, 'Database.set')).to.deep.equal([]);
    expect(sessionStorage.getItem(CACHE_KEY)).to.equal(null);
  });

  it('shows Messenger refusing a command as an error, keeping the text', async () => {
    const page = await openPage(messenger('?reject=Database.set') + '<gc-database-plugin></gc-database-plugin>');
    await set(page, '{ "a": "1" }');
    const el = plugin(page);
    expect(el.status).to.equal('error');
    expect(text(el, '[role=alert]')).to.contain('Database.set failed: Database.set rejected by the emulator');
    expect(shadow(el).querySelector('textarea')!.value).to.equal('{ "a": "1" }');
    expect(page.win.__events.find((e) => e.type === 'gc-error')!.reason).to.equal('command-failed');
  });

  it('holds Database commands until Database.ready', async () => {
    const page = await openPage(messenger('?database-delay=400') + '<gc-database-plugin></gc-database-plugin>');
    const el = plugin(page);
    await waitUntil(() => el.shadowRoot?.querySelector('textarea'), 'plugin not rendered');
    const set = once(el, 'gc-attributes-set');
    pressSet(el, '{ "early": "bird" }');
    await set;
    const log = (page.win.__genesysEmulator as unknown as { log: string[] }).log;
    const ready = log.indexOf('publish:Database.ready');
    expect(ready).to.be.greaterThan(-1);
    expect(log.indexOf('command:Database.set')).to.be.greaterThan(ready);
    expect(log.filter((entry) => entry === 'command:Database.set')).to.have.length(1);
  });
});
