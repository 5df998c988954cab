import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import '../../src/index.js';
import { GcGenesysEvent } from '../../src/events/messenger.js';
import type { GcDatabasePlugin } from '../../src/database-plugin/database-plugin.js';
import type { GcMessenger } from '../../src/messenger/messenger.js';
import {
  DEPLOYMENT_ID,
  EMULATOR,
  button,
  clearStorage,
  once,
  sendAsGuest,
  shadow,
  text,
  typeInto,
  type LabWindow,
} from '../support/pages.js';

const lab = window as unknown as LabWindow;
const calls = (name: string) => lab.__genesysEmulator!.calls.filter((c) => c.command === name);

function field(el: GcDatabasePlugin) {
  return shadow(el).querySelector('textarea')!;
}

function type(el: GcDatabasePlugin, value: string) {
  typeInto(el, 'textarea', value);
}

function rows(el: GcDatabasePlugin, part: string): string[][] {
  return [...shadow(el).querySelectorAll(`[part=${part}] tbody tr`)].map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()),
  );
}

/** Empties the Database plugin's store the way a page's own script would, between tests. */
function removeAllAttributes() {
  lab.Genesys!('command', 'Database.remove', { name: 'messaging.customAttributes' });
}

async function setAttributes(el: GcDatabasePlugin, json: string) {
  type(el, json);
  setTimeout(() => button(el, 'Set').click());
  await once(el, 'gc-attributes-set');
  await el.updateComplete;
}

describe('<gc-database-plugin>', () => {
  let messenger: GcMessenger;

  before(async () => {
    clearStorage();
    // A messenger outside every fixture: the elements find it through document only.
    messenger = document.createElement('gc-messenger');
    messenger.setAttribute('environment', 'prod');
    messenger.setAttribute('deployment-id', DEPLOYMENT_ID);
    messenger.setAttribute('bootstrap-src', EMULATOR);
    document.body.append(messenger);
    await waitUntil(() => messenger.state === 'ready', 'messenger not ready', { timeout: 5000 });
  });

  after(() => messenger.remove());
  beforeEach(removeAllAttributes);

  it('a ready messenger is accessible', async () => {
    await messenger.updateComplete;
    await expect(messenger).to.be.accessible();
  });

  it('starts empty, with the labelled JSON field of the lab', async () => {
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    expect(el.status).to.equal('empty');
    expect(el.matches(':state(empty)')).to.equal(true);
    // A custom state, not an attribute the element adds by itself (React hydration).
    expect(el.hasAttribute('status')).to.equal(false);
    expect(shadow(el).querySelector('label[for=json]')!.textContent).to.equal('JSON');
    expect(field(el).placeholder).to.equal('{ "keyInt": 123, "keyString": "hello" }');
    expect(text(el, '[part=status]')).to.match(/^Empty\./);
    await expect(el).to.be.accessible();
  });

  it('Set sends Database.set and shows the attributes as pending', async () => {
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    const before = calls('Database.set').length;
    type(el, '{ "keyInt": 123, "keyString": "hello" }');
    setTimeout(() => button(el, 'Set').click());
    const event = await once(el, 'gc-attributes-set');
    expect(event.attributes).to.deep.equal({ keyInt: 123, keyString: 'hello' });
    expect(event.restored).to.equal(false);
    await el.updateComplete;
    expect(calls('Database.set').slice(before)).to.deep.equal([
      { command: 'Database.set', options: { messaging: { customAttributes: { keyInt: 123, keyString: 'hello' } } } },
    ]);
    expect(el.status).to.equal('pending');
    expect(el.matches(':state(pending)')).to.equal(true);
    expect(el.matches(':state(empty)')).to.equal(false);
    expect(el.pendingAttributes).to.deep.equal({ keyInt: 123, keyString: 'hello' });
    expect(rows(el, 'pending')).to.deep.equal([
      ['keyInt', '123', 'Remove'],
      ['keyString', '"hello"', 'Remove'],
    ]);
    expect(text(el, '[part=status]')).to.contain('A page load now loses them');
    await expect(el).to.be.accessible();
  });

  it('Get shows the attributes as formatted JSON, not [object Object]', async () => {
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    await setAttributes(el, '{ "keyInt": 123, "keyString": "hello" }');
    button(el, 'Get').click();
    await waitUntil(() => shadow(el).querySelector('[part=current] pre'), 'no Get result');
    const shown = shadow(el).querySelector('[part=current] pre')!.textContent!;
    expect(shown).to.equal(JSON.stringify({ keyInt: 123, keyString: 'hello' }, null, 2));
    expect(calls('Database.get').slice(-1)[0].options).to.deep.equal({ name: 'messaging.customAttributes' });
    await expect(el).to.be.accessible();
  });

  it('a new Set clears an earlier Get result, which would be out of date', async () => {
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    await setAttributes(el, '{ "first": "1" }');
    button(el, 'Get').click();
    await waitUntil(() => shadow(el).querySelector('[part=current] pre'), 'no Get result');
    await setAttributes(el, '{ "second": "2" }');
    expect(shadow(el).querySelector('[part=current]')).to.equal(null);
  });

  it('refuses bad input: sends nothing, keeps the text, marks the field and says why', async () => {
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    const before = calls('Database.set').length;
    const cases: Array<[string, RegExp]> = [
      ['{ "keyInt": 123, ', /not valid JSON/],
      ['[1, 2, 3]', /must be a JSON object/],
      ['{ "nested": { "a": 1 } }', /"nested" \(an object\)/],
      [JSON.stringify({ big: 'x'.repeat(3000) }), /Too large: 3003 bytes/],
    ];
    for (const [input, message] of cases) {
      type(el, input);
      setTimeout(() => button(el, 'Set').click());
      const error = await once(el, 'gc-error');
      expect(error.reason).to.equal('invalid-input');
      await el.updateComplete;
      expect(field(el).getAttribute('aria-invalid'), input).to.equal('true');
      expect(text(el, '[role=alert]'), input).to.match(message);
      expect(field(el).value).to.equal(input);
      expect(el.value).to.equal(input);
    }
    expect(calls('Database.set').length).to.equal(before);
    expect(el.status).to.equal('empty');
    await expect(el).to.be.accessible();

    await setAttributes(el, '{ "ok": "yes" }');
    expect(field(el).getAttribute('aria-invalid')).to.equal('false');
    expect(text(el, '[role=alert]')).to.equal('');
  });

  it('refuses a 10 MB paste at once, by its length, before reading it as JSON: nothing is sent', async () => {
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    const before = calls('Database.set').length;
    const pasted = JSON.stringify({ big: 'x'.repeat(10 * 1024 * 1024) });
    type(el, pasted);
    setTimeout(() => button(el, 'Set').click());
    const error = await once(el, 'gc-error');
    expect(error.reason).to.equal('invalid-input');
    await el.updateComplete;
    expect(text(el, '[role=alert]')).to.equal(
      `This is ${pasted.length} characters: custom attributes are at most 2048 bytes, so it cannot be set. Nothing was changed.`,
    );
    expect(field(el).getAttribute('aria-invalid')).to.equal('true');
    expect(calls('Database.set').length).to.equal(before);
    expect(el.status).to.equal('empty');
    type(el, '');
  });

  it('a guest message carries the pending attributes: they show as sent', async () => {
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    await setAttributes(el, '{ "keyInt": 123, "keyString": "hello" }');
    const sent = once(el, 'gc-attributes-sent');
    await sendAsGuest(window, 'Hello, I need help');
    expect((await sent).attributes).to.deep.equal({ keyInt: 123, keyString: 'hello' });
    await el.updateComplete;
    expect(el.status).to.equal('sent');
    expect(el.pendingAttributes).to.deep.equal({});
    // Still held in the page, but the next message carries nothing until something new is set.
    expect(el.heldAttributes).to.deep.equal({ keyInt: 123, keyString: 'hello' });
    expect(text(el, '[part=pending] caption')).to.contain('already sent');
    // As the agent gets them: text.
    expect(rows(el, 'sent')).to.deep.equal([
      ['keyInt', '123'],
      ['keyString', 'hello'],
    ]);
    expect(text(el, '[part=status]')).to.match(/^Sent\. Carried by the guest's message at/);
    await expect(el).to.be.accessible();
  });

  it('MessagingService.started {newSession} right after a message carried the set does not make it pending again', async () => {
    // Genesys does not say when Messenger publishes started
    // (docs/messenger-sdk.md#undocumented-by-genesys); if it came after the first
    // message's echo, treating it as a closed session would show a false "Pending again".
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    await setAttributes(el, '{ "carried": "1" }');
    // What the bridge forwards, without a real message (the tests of this file share one
    // session, and Messenger allows 5 messages a second).
    const forward = (eventName: string, data: unknown) => document.dispatchEvent(new GcGenesysEvent(eventName, data, {}));
    forward('MessagingService.sendingMessage', { message: { type: 'Text', text: 'first message' } });
    forward('MessagingService.messagesReceived', { messages: [{ type: 'Text', direction: 'Inbound', text: 'first message' }] });
    forward('MessagingService.started', { authenticated: false, newSession: true, readOnly: false });
    await el.updateComplete;
    expect(el.status).to.equal('sent');
    expect(el.pendingAttributes).to.deep.equal({});
  });

  it('each Set merges into what is held; a key set again takes its new value (docs/messenger-sdk.md#the-database-plugin-and-custom-attributes)', async () => {
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    await setAttributes(el, '{ "a": "1" }');
    const second = once(el, 'gc-attributes-set');
    type(el, '{ "b": "2" }');
    button(el, 'Set').click();
    expect((await second).pending).to.deep.equal({ a: '1', b: '2' });
    await setAttributes(el, '{ "a": "one" }');
    expect(el.pendingAttributes).to.deep.equal({ a: 'one', b: '2' });
    expect(lab.__genesysEmulator!.database.messaging!.customAttributes).to.deep.equal({ a: 'one', b: '2' });
    expect(text(el, '#hint')).to.contain('Each Set adds to what is held');
    expect(text(el, '#hint')).not.to.contain('replaces');
  });

  it('after a message, a new Set makes the WHOLE set pending again, old keys too', async () => {
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    await setAttributes(el, '{ "a": "1", "b": "2" }');
    const sent = once(el, 'gc-attributes-sent');
    await sendAsGuest(window, 'first');
    await sent;
    await setAttributes(el, '{ "c": "3" }');
    expect(el.status).to.equal('pending');
    expect(el.pendingAttributes).to.deep.equal({ a: '1', b: '2', c: '3' });
    // What the last message carried stays shown as such.
    expect(el.sentAttributes).to.deep.equal({ a: '1', b: '2' });
    const again = once(el, 'gc-attributes-sent');
    await sendAsGuest(window, 'second');
    expect((await again).attributes).to.deep.equal({ a: '1', b: '2', c: '3' });
  });

  it('shows attributes the page’s own code sets (Database.updated), and their removal (Database.removed)', async () => {
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    lab.Genesys!('command', 'Database.set', { messaging: { customAttributes: { fromPage: 'yes' } } });
    await waitUntil(() => el.pendingAttributes.fromPage === 'yes', 'the panel did not follow Database.updated');
    expect(el.status).to.equal('pending');
    lab.Genesys!('command', 'Database.remove', { name: 'messaging.customAttributes' });
    await waitUntil(() => el.status === 'empty', 'the panel did not follow Database.removed');
    expect(el.heldAttributes).to.deep.equal({});
  });

  it('Remove takes one key (or all) out of the page; it says what stays on the conversation', async () => {
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    await setAttributes(el, '{ "keep": "1", "drop": "2" }');
    const removed = once(el, 'gc-attributes-removed');
    shadow(el).querySelector<HTMLButtonElement>('button[aria-label="Remove drop"]')!.click();
    const event = await removed;
    expect(event.attributes).to.deep.equal({ drop: '2' });
    expect(event.held).to.deep.equal({ keep: '1' });
    expect(calls('Database.remove').slice(-1)[0].options).to.deep.equal({ name: 'messaging.customAttributes.drop' });
    expect(lab.__genesysEmulator!.database.messaging!.customAttributes).to.deep.equal({ keep: '1' });
    await el.updateComplete;
    expect(rows(el, 'pending')).to.deep.equal([['keep', '"1"', 'Remove']]);

    const all = once(el, 'gc-attributes-removed');
    button(el, 'Remove all').click();
    await all;
    await el.updateComplete;
    expect(el.status).to.equal('empty');
    // Never sent from this page: the panel does not claim the agent still sees it.
    expect(text(el, '[part=status]')).to.equal('Empty. Removed from the page before a message of this page carried it.');
    expect(button(el, 'Remove all').disabled).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('a key with a dot says beside its row why it has no Remove button', async () => {
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    await setAttributes(el, '{ "a.b": "1", "plain": "2" }');
    expect(rows(el, 'pending')).to.deep.equal([
      ['a.b', '"1"', 'A dot reads as a path: only Remove all removes this key.'],
      ['plain', '"2"', 'Remove'],
    ]);
    await expect(el).to.be.accessible();
  });

  it('a Set whose merge with what is held passes the limit: Messenger refuses it (against the session limit), once, and keeps what it held', async () => {
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    await setAttributes(el, JSON.stringify({ first: 'x'.repeat(1500) }));
    type(el, JSON.stringify({ second: 'y'.repeat(1000) }));
    const errors: string[] = [];
    const record = (e: Event) => errors.push((e as GlobalEventHandlersEventMap['gc-error']).reason);
    el.addEventListener('gc-error', record);
    setTimeout(() => button(el, 'Set').click());
    const error = await once(el, 'gc-error');
    expect(error.reason).to.equal('size-exceeded');
    expect(error.message).to.contain('larger than allowed limit: 2048 bytes');
    await new Promise((r) => setTimeout(r, 100));
    el.removeEventListener('gc-error', record);
    expect(errors).to.deep.equal(['size-exceeded']);
    await el.updateComplete;
    expect(el.status).to.equal('error');
    expect(text(el, '[role=alert]')).to.contain('Nothing was added; what was held before is still held');
    expect(text(el, '[part=status]')).to.equal('Error. See the message above. The attributes in the table below are still held, as they were.');
    expect(el.heldAttributes).to.deep.equal({ first: 'x'.repeat(1500) });
    expect(lab.__genesysEmulator!.database.messaging!.customAttributes).to.deep.equal({ first: 'x'.repeat(1500) });
  });

  it('setting the whole set held again, same values, is nothing new: what was sent stays sent', async () => {
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    await setAttributes(el, '{ "same": "1" }');
    const sent = once(el, 'gc-attributes-sent');
    await sendAsGuest(window, 'carrying same');
    await sent;
    await setAttributes(el, '{ "same": "1" }');
    expect(el.status).to.equal('sent');
    expect(el.pendingAttributes).to.deep.equal({});
  });

  it('a panel detached while a message goes out still says sent when it comes back', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><gc-database-plugin></gc-database-plugin></div>`);
    const el = wrapper.querySelector<GcDatabasePlugin>('gc-database-plugin')!;
    await el.updateComplete;
    await setAttributes(el, '{ "travelling": "yes" }');
    // A framework re-renders the panel away just as the message goes out.
    const detach = (event: Event) => {
      if ((event as GlobalEventHandlersEventMap['gc-genesys-event']).eventName === 'MessagingService.sendingMessage') el.remove();
    };
    document.addEventListener('gc-genesys-event', detach);
    await sendAsGuest(window, 'while detached');
    await waitUntil(() => !el.isConnected, 'not detached');
    document.removeEventListener('gc-genesys-event', detach);
    await waitUntil(() => lab.__genesysEmulator!.published.some((p) => p.eventName === 'MessagingService.messagesReceived' && JSON.stringify(p.data).includes('while detached')), 'no echo');
    wrapper.append(el);
    await el.updateComplete;
    expect(el.status).to.equal('sent');
    expect(el.sentAttributes).to.deep.equal({ travelling: 'yes' });
  });

  it('Ctrl+Enter in the field sets', async () => {
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    type(el, '{ "via": "keyboard" }');
    field(el).focus();
    setTimeout(() =>
      field(el).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, composed: true })),
    );
    const event = await once(el, 'gc-attributes-set');
    expect(event.attributes).to.deep.equal({ via: 'keyboard' });
  });

  it('works from inside another component’s shadow root, placed anywhere', async () => {
    class Wrapper extends LitElement {
      override render() {
        return html`<section><gc-database-plugin></gc-database-plugin></section>`;
      }
    }
    if (!customElements.get('test-wrapper')) customElements.define('test-wrapper', Wrapper);
    const wrapper = await fixture<Wrapper>(html`<test-wrapper></test-wrapper>`);
    const el = wrapper.shadowRoot!.querySelector('gc-database-plugin')!;
    await el.updateComplete;
    const sets = once(document, 'gc-attributes-set');
    type(el, '{ "nested": "yes" }');
    button(el, 'Set').click();
    const event = await sets;
    expect(event.composed && event.bubbles).to.equal(true);
    expect(el.status).to.equal('pending');
  });

  it('says so when Messenger refuses attributes over its size limit (customAttributesSizeExceeded)', async () => {
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    await setAttributes(el, '{ "small": "1" }');
    // Another script on the page tries to put too much in the database, past our checks:
    // Messenger refuses it when set, and keeps what it held.
    const error = once(el, 'gc-error');
    lab.Genesys!('command', 'Database.set', { messaging: { customAttributes: { big: 'x'.repeat(3000) } } });
    const event = await error;
    expect(event.reason).to.equal('size-exceeded');
    expect(event.message).to.contain('larger than allowed limit: 2048 bytes');
    await el.updateComplete;
    // Said, without hiding that what the panel holds is still pending.
    expect(text(el, '[role=alert]')).to.contain('Messenger refused custom attributes set by this page');
    expect(el.status).to.equal('pending');
    expect(lab.__genesysEmulator!.database.messaging!.customAttributes).to.deep.equal({ small: '1' });
    await expect(el).to.be.accessible();
  });
});
