import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import '../../src/index.js';
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

  it('a ready messenger is accessible', async () => {
    await messenger.updateComplete;
    await expect(messenger).to.be.accessible();
  });

  it('starts empty, with the labelled JSON field of the lab', async () => {
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    expect(el.status).to.equal('empty');
    expect(el.getAttribute('status')).to.equal('empty');
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
    expect(el.getAttribute('status')).to.equal('pending');
    expect(el.pendingAttributes).to.deep.equal({ keyInt: 123, keyString: 'hello' });
    expect(rows(el, 'pending')).to.deep.equal([
      ['keyInt', '123'],
      ['keyString', '"hello"'],
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

  it('a guest message carries the pending attributes: they show as sent', async () => {
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    await setAttributes(el, '{ "keyInt": 123, "keyString": "hello" }');
    const sent = once(el, 'gc-attributes-sent');
    await sendAsGuest(window, 'Hello, I need help');
    expect((await sent).attributes).to.deep.equal({ keyInt: 123, keyString: 'hello' });
    await el.updateComplete;
    expect(el.status).to.equal('sent');
    expect(el.pendingAttributes).to.deep.equal({});
    expect(rows(el, 'pending')).to.deep.equal([]);
    expect(rows(el, 'sent')).to.deep.equal([
      ['keyInt', '123'],
      ['keyString', '"hello"'],
    ]);
    expect(text(el, '[part=status]')).to.match(/^Sent\. Carried by the guest's message at/);
    await expect(el).to.be.accessible();
  });

  it('each Set replaces what is pending (Database.set merges shallowly)', async () => {
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    await setAttributes(el, '{ "a": "1" }');
    await setAttributes(el, '{ "b": "2" }');
    expect(el.pendingAttributes).to.deep.equal({ b: '2' });
    expect(lab.__genesysEmulator!.database.messaging!.customAttributes).to.deep.equal({ b: '2' });
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

  it('says so when Messenger refuses attributes over its size limit', async () => {
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    await setAttributes(el, '{ "small": "1" }');
    // Another script on the page put too much in the database, past our checks.
    lab.Genesys!('command', 'Database.set', { messaging: { customAttributes: { big: 'x'.repeat(3000) } } });
    const error = once(el, 'gc-error');
    await sendAsGuest(window, 'this one fails');
    expect((await error).reason).to.equal('size-exceeded');
    await el.updateComplete;
    expect(el.status).to.equal('error');
    expect(text(el, '[role=alert]')).to.contain('over its size limit');
    await expect(el).to.be.accessible();
  });
});
