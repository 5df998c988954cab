import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { GcDatabasePlugin } from '../../src/database-plugin/database-plugin.js';
import { GcEventLog, MAX_DATA, EVENT_LOG_KEY, type EventLogEntry } from '../../src/event-log/event-log.js';
import { GcAttributesRemovedEvent, GcAttributesSentEvent, GcAttributesSetEvent } from '../../src/events/attributes.js';
import { GcCommandEvent } from '../../src/events/command.js';
import { GcErrorEvent } from '../../src/events/error.js';
import { GcGenesysEvent } from '../../src/events/messenger.js';
import { GcNavigateEvent, GcSessionClearEvent } from '../../src/events/session.js';
import { GcLoginEvent } from '../../src/events/journey.js';
import { FakeMessenger } from '../support/fake-messenger.js';
import { DEPLOYMENT_ID, EMULATOR, button, clearStorage, once, openPage, pressSet, sendAsGuest, shadow, text } from '../support/pages.js';

const names = (el: GcEventLog) => el.entries.map((e) => e.name);
const shownNames = (el: GcEventLog) => [...shadow(el).querySelectorAll('[part=entry] [part=name]')].map((n) => n.textContent!.trim());
const entry = (el: GcEventLog, name: string) => el.entries.find((e) => e.name === name);

async function log(markup = html`<gc-event-log></gc-event-log>`) {
  const el = await fixture<GcEventLog>(markup);
  await el.updateComplete;
  return el;
}

/** Sends a command as the elements do (a `gc-command` from inside the page), and waits for its answer. */
async function command(name: string, options?: unknown) {
  const event = new GcCommandEvent(name, options);
  document.body.dispatchEvent(event);
  await event.result.catch(() => undefined);
  // The log reads the answer a microtask after the dispatch.
  await new Promise((r) => setTimeout(r));
}

function sdk(eventName: string, data: unknown, payload: object = { eventName, data }) {
  document.body.dispatchEvent(new GcGenesysEvent(eventName, data, payload));
}

/** A clipboard the test controls: what was written, or a refusal. */
function stubClipboard(writeText: (text: string) => Promise<void>) {
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
}

describe('<gc-event-log>', () => {
  let fake: FakeMessenger | undefined;
  beforeEach(clearStorage);
  afterEach(() => {
    fake?.remove();
    fake = undefined;
    delete (navigator as { clipboard?: unknown }).clipboard;
    document.querySelectorAll('iframe').forEach((f) => f.remove());
  });

  it('starts with the page load, then records in order: a command with Messenger\'s answer, gc- events, SDK events', async () => {
    fake = new FakeMessenger();
    fake.answer = () => Promise.resolve({ messaging: { customAttributes: { keyInt: 123 } } });
    const el = await log();
    expect(el.entries[0]).to.include({ kind: 'load', source: 'page', name: 'Page loaded', text: `Page loaded: ${location.href}` });

    await command('Database.get', { names: ['messaging.customAttributes'] });
    document.body.dispatchEvent(new GcAttributesSetEvent({ keyInt: 123 }, { keyInt: 123 }));
    sdk('Database.updated', { messaging: { customAttributes: { keyInt: 123 } } });
    document.body.dispatchEvent(new GcAttributesSentEvent({ keyInt: 123 }));
    document.body.dispatchEvent(new GcAttributesRemovedEvent({ keyInt: 123 }, {}));
    document.body.dispatchEvent(new GcLoginEvent({ givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.com' }));
    document.body.dispatchEvent(new GcNavigateEvent('https://example.com/home', 'page-view-home'));
    document.body.dispatchEvent(new GcErrorEvent('size-exceeded', 'Messenger refused these custom attributes.'));
    expect(names(el)).to.deep.equal([
      'Page loaded',
      'Database.get',
      'gc-attributes-set',
      'Database.updated',
      'gc-attributes-sent',
      'gc-attributes-removed',
      'gc-login',
      'gc-navigate',
      'gc-error',
    ]);
    const get = entry(el, 'Database.get')!;
    expect(get).to.include({ kind: 'command', source: 'Database', outcome: 'resolved', data: '{"names":["messaging.customAttributes"]}' });
    expect(get.text).to.match(/^Messenger took it \(\d+ ms\)\.$/);
    expect(get.result).to.equal('{"messaging":{"customAttributes":{"keyInt":123}}}');
    expect(entry(el, 'gc-attributes-set')).to.include({ source: 'Database', text: 'Set keyInt; pending now: keyInt.' });
    expect(entry(el, 'gc-attributes-sent')!.text).to.equal('A guest message carried the custom attributes: keyInt.');
    expect(entry(el, 'gc-attributes-removed')!.text).to.equal('Removed keyInt; still held: nothing.');
    expect(entry(el, 'gc-login')).to.include({ source: 'Journey', text: 'Logged in as Ada Lovelace (ada@example.com).' });
    expect(entry(el, 'gc-error')).to.include({ source: 'page', text: 'size-exceeded: Messenger refused these custom attributes.' });

    await el.updateComplete;
    expect(shownNames(el)).to.deep.equal(names(el));
    // Local time with milliseconds, the exact instant in the datetime attribute.
    const time = shadow(el).querySelector('[part=time]')!;
    expect(time.textContent).to.match(/^\d\d:\d\d:\d\d\.\d{3}$/);
    const at = new Date(el.entries[0].time);
    expect(time.textContent).to.equal(
      `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}:${String(at.getSeconds()).padStart(2, '0')}.${String(at.getMilliseconds()).padStart(3, '0')}`,
    );
    expect(time.getAttribute('datetime')).to.equal(at.toISOString());
    expect(text(el, '[part=summary]')).to.contain('9 entries, oldest first.');
  });

  it('a command Messenger refused shows its reason; one nobody answered says there is no messenger', async () => {
    fake = new FakeMessenger();
    fake.answer = () => Promise.reject(new Error('Predictive Engagement (journeyEvents) is off for this deployment.'));
    const el = await log();
    await command('Journey.record', { eventName: 'Test' });
    const refused = entry(el, 'Journey.record')!;
    expect(refused).to.include({ outcome: 'refused', source: 'Journey', result: 'Predictive Engagement (journeyEvents) is off for this deployment.' });
    expect(refused.text).to.match(/^Refused \(\d+ ms\)\.$/);
    await el.updateComplete;
    expect(text(el, '[part=entry]:last-child [part=result]')).to.equal('Reason: Predictive Engagement (journeyEvents) is off for this deployment.');

    fake.remove();
    fake = undefined;
    await command('Messenger.open');
    expect(entry(el, 'Messenger.open')).to.include({ outcome: 'refused', source: 'Messenger' });
    expect(entry(el, 'Messenger.open')!.result).to.contain('Messenger is not on this page');
    // A command entry waits for the answer in place, at the time it was sent.
    const waiting = new Promise<void>(() => {});
    fake = new FakeMessenger();
    fake.answer = () => waiting;
    document.body.dispatchEvent(new GcCommandEvent('Identifiers.purgeAll'));
    await new Promise((r) => setTimeout(r));
    expect(entry(el, 'Identifiers.purgeAll')).to.include({ outcome: 'waiting', source: 'Messenger' });
  });

  it('records <gc-commands>\' commands and events, with the plugin each belongs to', async () => {
    fake = new FakeMessenger();
    fake.journeyReady = true;
    const wrapper = await fixture<HTMLDivElement>(html`<div><gc-event-log></gc-event-log><gc-commands></gc-commands></div>`);
    const el = wrapper.querySelector('gc-event-log')!;
    const commands = wrapper.querySelector('gc-commands')!;
    await commands.updateComplete;
    const sent = once(commands, 'gc-command-sent');
    button(commands, 'Add Product').click();
    await sent;
    await waitUntil(() => entry(el, 'Journey.record')?.outcome === 'resolved', 'the command was not settled');
    const record = el.entries.findIndex((e) => e.name === 'Journey.record');
    const sentEntry = el.entries.findIndex((e) => e.name === 'gc-command-sent');
    expect(record).to.be.below(sentEntry);
    expect(el.entries[sentEntry]).to.include({ source: 'Journey', text: 'Journey.record: Messenger took it.' });
    expect(JSON.parse(el.entries[record].data!)).to.deep.equal({
      eventName: 'product_added',
      customAttributes: { price: 15.99, code: 'CDE-123', name: 'Product', hasBatteries: false },
    });
    // The messenger's state, announced again to every element that asks, is recorded once.
    fake.announce('ready');
    expect(el.entries.filter((e) => e.name === 'gc-messenger-state')).to.have.length(1);
    expect(entry(el, 'gc-messenger-state')!.text).to.equal(`Messenger is ready (prod, ${DEPLOYMENT_ID}).`);
  });

  it('SDK events: a guest message with the attributes it carried; the bridge\'s replayed ready events once', async () => {
    const el = await log();
    const ready = { eventName: 'Journey.ready', data: {} };
    sdk('Journey.ready', {}, ready);
    sdk('Journey.ready', {}, ready);
    sdk('MessagingService.messagesReceived', {
      messages: [{ direction: 'Inbound', text: 'hello', channel: { metadata: { customAttributes: { keyInt: '123', keyString: 'hello' } } } }],
    });
    sdk('MessagingService.messagesReceived', { messages: [{ direction: 'Inbound', text: 'again' }] });
    sdk('MessagingService.messagesReceived', { messages: [{ direction: 'Outbound', text: 'Hi, how can I help?' }] });
    sdk('GenesysJS.domainNotAllowed', { origin: 'https://example.com' });
    expect(names(el)).to.deep.equal([
      'Page loaded',
      'Journey.ready',
      'MessagingService.messagesReceived',
      'MessagingService.messagesReceived',
      'MessagingService.messagesReceived',
      'GenesysJS.domainNotAllowed',
    ]);
    const [, , carried, nothingCarried, agent, other] = el.entries;
    expect(carried.source).to.equal('MessagingService');
    expect(carried.text).to.equal('Guest message "hello", carrying the custom attributes {"keyInt":"123","keyString":"hello"}.');
    expect(nothingCarried.text).to.equal('Guest message "again"; the event names no custom attributes (gc-attributes-sent says what a message carried).');
    expect(agent.text).to.equal('Message from the agent or a bot "Hi, how can I help?".');
    expect(other).to.include({ source: 'Messenger', data: '{"origin":"https://example.com"}' });
  });

  it('filters by plugin, with the page loads on every filter; the filter attribute picks the first', async () => {
    const el = await log(html`<gc-event-log filter="Database"></gc-event-log>`);
    document.body.dispatchEvent(new GcAttributesSetEvent({ a: 1 }, { a: 1 }));
    sdk('MessagingService.started', {});
    sdk('Journey.ready', {});
    sdk('Messenger.opened', {});
    document.body.dispatchEvent(new GcErrorEvent('no-messenger', 'No messenger.'));
    await el.updateComplete;
    const select = shadow(el).querySelector('select')!;
    expect(select.value).to.equal('Database');
    expect(shownNames(el)).to.deep.equal(['Page loaded', 'gc-attributes-set']);
    expect(text(el, '[part=summary]')).to.contain('2 entries of 6');
    const show = async (value: string) => {
      select.value = value;
      select.dispatchEvent(new Event('change'));
      await el.updateComplete;
      return shownNames(el);
    };
    expect(await show('MessagingService')).to.deep.equal(['Page loaded', 'MessagingService.started']);
    expect(await show('Journey')).to.deep.equal(['Page loaded', 'Journey.ready']);
    expect(await show('Messenger')).to.deep.equal(['Page loaded', 'Messenger.opened']);
    expect(await show('page')).to.deep.equal(['Page loaded', 'gc-error']);
    expect(await show('all')).to.have.length(6);
    // The select is labelled.
    expect(shadow(el).querySelector(`label[for=${select.id}]`)!.textContent).to.equal('Show');
  });

  it('Copy as JSON copies the entries shown; a refused clipboard shows the JSON to copy by hand', async () => {
    let copied = '';
    stubClipboard(async (t) => {
      copied = t;
    });
    const el = await log();
    document.body.dispatchEvent(new GcAttributesSetEvent({ keyInt: 123 }, { keyInt: 123 }));
    sdk('Messenger.opened', {});
    await el.updateComplete;
    button(el, 'Copy as JSON').click();
    await waitUntil(() => copied, 'nothing was copied');
    const json: Array<Record<string, unknown>> = JSON.parse(copied);
    expect(json.map((e) => e.name)).to.deep.equal(['Page loaded', 'gc-attributes-set', 'Messenger.opened']);
    expect(json[1]).to.include({ source: 'Database', kind: 'element', time: new Date(el.entries[1].time).toISOString() });
    await el.updateComplete;
    expect(text(el, '[part=status]')).to.equal('Copied 3 entries as JSON.');

    // Only what the filter shows.
    el.filter = 'Messenger';
    await el.updateComplete;
    copied = '';
    expect(await el.copy()).to.equal(true);
    expect(JSON.parse(copied).map((e: EventLogEntry) => e.name)).to.deep.equal(['Page loaded', 'Messenger.opened']);

    stubClipboard(() => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')));
    expect(await el.copy()).to.equal(false);
    await el.updateComplete;
    expect(text(el, '[role=alert]')).to.contain('The browser did not allow copying to the clipboard');
    const fallback = shadow(el).querySelector<HTMLTextAreaElement>('[part=fallback]')!;
    expect(JSON.parse(fallback.value).map((e: EventLogEntry) => e.name)).to.deep.equal(['Page loaded', 'Messenger.opened']);
    await expect(el).to.be.accessible();

    // No clipboard at all (an insecure page): the same fallback.
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    expect(await el.copy()).to.equal(false);
  });

  it('Clear empties the log and what the tab keeps; Clear Session clears it too, and says so', async () => {
    const el = await log();
    sdk('Messenger.opened', {});
    await waitUntil(() => sessionStorage.getItem(EVENT_LOG_KEY), 'the log was not kept');
    button(el, 'Clear').click();
    await el.updateComplete;
    expect(el.entries).to.deep.equal([]);
    expect(sessionStorage.getItem(EVENT_LOG_KEY)).to.equal(null);
    expect(text(el, '[part=status]')).to.equal('Cleared the log.');
    expect(text(el, '[role=log]')).to.equal('Nothing recorded yet.');

    sdk('Messenger.opened', {});
    sdk('Database.ready', {});
    document.body.dispatchEvent(new GcSessionClearEvent(DEPLOYMENT_ID));
    expect(el.entries.map((e) => [e.name, e.text])).to.deep.equal([['gc-session-clear', 'Clear Session: the log was cleared.']]);
    // Then what Clear Session sends is on the new timeline.
    await command('Identifiers.purgeAll');
    expect(names(el)).to.deep.equal(['gc-session-clear', 'Identifiers.purgeAll']);
  });

  it('keeps the newest max-entries, says older ones were dropped, and bounds each entry', async () => {
    const el = await log(html`<gc-event-log max-entries="10"></gc-event-log>`);
    for (let i = 0; i < 25; i++) sdk('Database.updated', { i });
    await el.updateComplete;
    expect(el.entries).to.have.length(10);
    expect(el.entries.map((e) => JSON.parse(e.data!).i)).to.deep.equal([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    expect(text(el, '[part=summary]')).to.contain('Older entries dropped (16): the log keeps the newest 10.');
    expect(shadow(el).querySelectorAll('[part=entry]')).to.have.length(10);

    // A huge payload is summarised to about 2 KB; cycles and errors never throw.
    const cyclic: Record<string, unknown> = { big: 'x'.repeat(100_000), error: new Error('boom') };
    cyclic.self = cyclic;
    sdk('MessagingService.error', cyclic);
    const last = el.entries[el.entries.length - 1];
    expect(last.data!.length).to.equal(MAX_DATA);
    expect(last.data!.endsWith('…')).to.equal(true);
    sdk('MessagingService.error', { error: new Error('boom'), self: cyclic });
    expect(el.entries[el.entries.length - 1].data).to.contain('"error":{"name":"Error","message":"boom"}');
    expect(el.entries[el.entries.length - 1].text).to.equal('');

    // Fewer allowed later: the oldest go.
    el.maxEntries = 12;
    await el.updateComplete;
    expect(el.entries).to.have.length(10);
    el.setAttribute('max-entries', '10');
    for (let i = 0; i < 3; i++) sdk('Database.updated', { i });
    await el.updateComplete;
    expect(el.entries).to.have.length(10);
  });

  for (const value of ['abc', '5', '1001', '-20', '20.5', '1e3', '0x20', '', 'Infinity']) {
    it(`max-entries="${value}" is refused with a message and a gc-error; the log keeps 300`, async () => {
      const errors: GcErrorEvent[] = [];
      const onError = (e: GcErrorEvent) => errors.push(e);
      document.addEventListener('gc-error', onError);
      try {
        const el = await log(html`<gc-event-log max-entries=${value}></gc-event-log>`);
        expect(errors.map((e) => e.reason)).to.deep.equal(['invalid-config']);
        expect(text(el, '[role=alert]')).to.contain('max-entries must be a whole number from 10 to 1000');
        for (let i = 0; i < 320; i++) sdk('Database.updated', { i });
        expect(el.entries).to.have.length(300);
      } finally {
        document.removeEventListener('gc-error', onError);
      }
    });
  }

  it('hostile input is text, never markup: a filter attribute, event data, a stored log', async () => {
    sessionStorage.setItem(
      EVENT_LOG_KEY,
      JSON.stringify({
        dropped: 'many',
        entries: [
          { time: 1, source: 'Database', kind: 'sdk', name: '<img src=x onerror="window.__xss=1">', text: '<b>hi</b>' },
          { time: 'now', source: 'Database', kind: 'sdk', name: 'bad time' },
          { time: 2, source: 'Evil', kind: 'sdk', name: 'bad source' },
          null,
          'text',
        ],
      }),
    );
    const el = await log(html`<gc-event-log filter="<img src=x onerror=alert(1)>"></gc-event-log>`);
    sdk('<svg onload=alert(1)>', { html: '<script>alert(1)</script>' });
    await el.updateComplete;
    expect(names(el)).to.deep.equal(['<img src=x onerror="window.__xss=1">', 'Page loaded', 'gc-error', '<svg onload=alert(1)>']);
    expect(shadow(el).querySelector('img, svg, script, b')).to.equal(null);
    expect(text(el, '[role=alert]')).to.contain('filter must be one of all, Database, MessagingService, Journey, Messenger, page');
    expect(shadow(el).querySelector('select')!.value).to.equal('all');
    expect(text(el, '[part=summary]')).not.to.contain('dropped');

    // Not JSON at all: an empty log, and the page load.
    sessionStorage.setItem(EVENT_LOG_KEY, '{not json');
    const again = await log();
    expect(names(again)).to.deep.equal(['Page loaded']);
    // Events without the fields their class has.
    document.body.dispatchEvent(new Event('gc-command', { bubbles: true }));
    document.body.dispatchEvent(new Event('gc-attributes-set', { bubbles: true }));
    document.body.dispatchEvent(new Event('gc-login', { bubbles: true }));
    await new Promise((r) => setTimeout(r));
    expect(entry(again, 'undefined')).to.include({ kind: 'command', outcome: 'unanswered' });
    expect(entry(again, 'gc-attributes-set')!.text).to.equal('Set nothing; pending now: nothing.');
  });

  it('announces at most one summary a second in a status region of its own; the log region is not live', async () => {
    const el = await log();
    const region = shadow(el).querySelector('[role=log]')!;
    expect(region.getAttribute('aria-live')).to.equal('off');
    expect(region.getAttribute('aria-labelledby')).to.equal('title');
    const announcer = shadow(el).querySelector('.visually-hidden[role=status]')!;
    // The page load was announced first; what follows waits a second after it.
    await waitUntil(() => announcer.textContent!.includes('the last: Page loaded'), 'the page load was not announced');
    const heard: string[] = [];
    const observer = new MutationObserver(() => {
      if (announcer.textContent!.trim()) heard.push(announcer.textContent!.trim());
    });
    observer.observe(announcer, { childList: true, characterData: true, subtree: true });
    try {
      for (let i = 0; i < 5; i++) sdk('Database.updated', { i });
      // Up to a second after the page load's announcement (the default wait of 1 s is too tight).
      await waitUntil(() => heard.length === 1, 'the burst was not announced', { timeout: 3000 });
      const first = performance.now();
      expect(heard[0]).to.equal('5 new entries, the last: Database.updated.');
      sdk('Messenger.opened', {});
      sdk('Messenger.closed', {});
      await waitUntil(() => heard.length === 2, 'the next entries were not announced', { timeout: 3000 });
      expect(performance.now() - first).to.be.at.least(900);
      expect(heard[1]).to.equal('2 new entries, the last: Messenger.closed.');
    } finally {
      observer.disconnect();
    }
  });

  it('is accessible, light and dark, with entries of every kind', async () => {
    fake = new FakeMessenger();
    fake.answer = (c) => (c.command === 'Journey.record' ? Promise.reject(new Error('off')) : Promise.resolve(undefined));
    for (const [scheme, background, color] of [
      ['light', 'rgb(255, 255, 255)', 'rgb(20, 20, 20)'],
      ['dark', 'rgb(18, 18, 18)', 'rgb(235, 235, 235)'],
    ]) {
      clearStorage();
      const wrapper = await fixture<HTMLDivElement>(html`<div><gc-event-log></gc-event-log></div>`);
      Object.assign(wrapper.style, { colorScheme: scheme, background, color });
      const el = wrapper.querySelector('gc-event-log')!;
      await command('Database.set', { messaging: { customAttributes: { a: 1 } } });
      await command('Journey.record', { eventName: 'Test' });
      document.body.dispatchEvent(new GcErrorEvent('command-failed', 'It failed.'));
      sdk('MessagingService.messagesReceived', { messages: [{ direction: 'Inbound', text: 'hi' }] });
      await el.updateComplete;
      await expect(el).to.be.accessible();
    }
  });

  it('works from the keyboard: the filter with the arrow keys, Tab to the buttons, Enter clears', async () => {
    const el = await log();
    sdk('Database.ready', {});
    sdk('Messenger.opened', {});
    await el.updateComplete;
    const select = shadow(el).querySelector('select')!;
    select.focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(el.filter).to.equal('Database');
    expect(shownNames(el)).to.deep.equal(['Page loaded', 'Database.ready']);
    await sendKeys({ press: 'Tab' });
    expect(shadow(el).activeElement?.textContent).to.equal('Copy as JSON');
    await sendKeys({ press: 'Tab' });
    expect(shadow(el).activeElement?.textContent).to.equal('Clear');
    // The scrolling log is reachable too, to read it with the arrow keys.
    await sendKeys({ press: 'Tab' });
    expect(shadow(el).activeElement?.getAttribute('role')).to.equal('log');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(shadow(el).activeElement?.textContent).to.equal('Clear');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.entries).to.deep.equal([]);
  });

  it('is kept for the tab across page loads, and names the pending keys a load lost (the real emulator)', async () => {
    const lab =
      `<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}"></gc-messenger>` +
      '<gc-database-plugin></gc-database-plugin><gc-event-log></gc-event-log>';
    const page = await openPage(lab);
    await page.messengerIs('ready');
    const firstUrl = page.win.location.href;
    const plugin = page.$<GcDatabasePlugin>('gc-database-plugin')!;
    pressSet(plugin, '{ "keyInt": 123, "keyString": "hello" }');
    await waitUntil(() => plugin.status === 'pending', 'not pending');
    const before = page.$<GcEventLog>('gc-event-log')!;
    await waitUntil(() => before.entries.some((e) => e.name === 'Database.set' && e.outcome === 'resolved'), 'Database.set not settled');
    expect(before.entries[0]).to.include({ name: 'Page loaded', text: `Page loaded: ${firstUrl}` });

    await page.reload();
    await page.messengerIs('ready');
    const after = page.$<GcEventLog>('gc-event-log')!;
    const entries = after.entries;
    const loads = entries.map((e, i) => (e.kind === 'load' ? i : -1)).filter((i) => i >= 0);
    expect(loads).to.have.length(2);
    // The first page's timeline is still there: its Set, and Messenger's answer to it.
    const earlier = entries.slice(0, loads[1]);
    expect(earlier.map((e) => e.name)).to.include.members(['Messenger.ready', 'Database.ready', 'Database.set', 'gc-attributes-set']);
    expect(earlier.find((e) => e.name === 'Database.set')!.outcome).to.equal('resolved');
    // Then this load, and what it lost, computed from the log itself.
    expect(entries[loads[1] + 1]).to.include({
      kind: 'lost',
      source: 'Database',
      text: 'This page load lost the pending keys: keyInt, keyString',
    });
    await after.updateComplete;
    expect(text(after, '[part=list]')).to.contain('This page load lost the pending keys: keyInt, keyString');

    // A message carries what is set after; the next load loses nothing.
    pressSet(page.$('gc-database-plugin'), '{ "keyInt": 7 }');
    await waitUntil(() => page.$<GcDatabasePlugin>('gc-database-plugin')!.status === 'pending', 'not pending');
    await sendAsGuest(page.win, 'hello from the event log test');
    await waitUntil(() => after.entries.some((e) => e.name === 'gc-attributes-sent'), 'gc-attributes-sent not logged');
    // The message, and what it carried (the Database panel's gc-attributes-sent).
    const message = after.entries.findIndex((e) => e.name === 'MessagingService.messagesReceived' && e.text.startsWith('Guest message'));
    expect(after.entries[message].text).to.contain('Guest message "hello from the event log test"');
    const carried = after.entries.findIndex((e) => e.name === 'gc-attributes-sent');
    expect(carried).to.be.above(message);
    expect(after.entries[carried]).to.include({ text: 'A guest message carried the custom attributes: keyInt.', data: '{"keyInt":7}' });
    await page.reload();
    await page.messengerIs('ready');
    const last = page.$<GcEventLog>('gc-event-log')!.entries;
    expect(last.filter((e) => e.kind === 'load')).to.have.length(3);
    expect(last.filter((e) => e.kind === 'lost')).to.have.length(1);
    expect(page.win.__errors).to.deep.equal([]);
  });
});
