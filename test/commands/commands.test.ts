import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { GcCommands } from '../../src/commands/commands.js';
import { JourneyLink } from '../../src/internal/journey-link.js';
import { FakeMessenger } from '../support/fake-messenger.js';
import { button, once, shadow, text } from '../support/pages.js';

const LAB_PRODUCT = { price: 15.99, code: 'CDE-123', name: 'Product', hasBatteries: false };
const LABELS = ['PageView Unix', 'Open Chat', 'Close Chat', 'Add Product', 'Remove Product', 'Journey Record'];

async function ready(markup = html`<gc-commands></gc-commands>`) {
  const fake = new FakeMessenger();
  fake.journeyReady = true;
  const el = await fixture<GcCommands>(markup);
  await el.updateComplete;
  return { fake, el };
}

async function press(el: GcCommands, label: string) {
  const sent = once(el, 'gc-command-sent');
  button(el, label).click();
  return sent;
}

describe('<gc-commands>', () => {
  let fake: FakeMessenger | undefined;
  afterEach(() => {
    fake?.remove();
    fake = undefined;
    JourneyLink.patience = 10_000;
  });

  it('has the lab\'s six commands, and is accessible', async () => {
    ({ fake } = await ready());
    const el = document.querySelector('gc-commands')!;
    expect([...shadow(el).querySelectorAll('button')].map((b) => b.textContent!.trim())).to.deep.equal(LABELS);
    await expect(el).to.be.accessible();
  });

  it('sends the lab\'s exact payloads, and says what it sent and that Messenger took it', async () => {
    let el: GcCommands;
    ({ fake, el } = await ready());
    const before = Date.now();
    const pageview = await press(el, 'PageView Unix');
    const after = Date.now();
    const options = pageview.options as { pageTitle: string; pageLocation: string };
    expect(pageview.command).to.equal('Journey.pageview');
    // The time in ms since the epoch, in single quotes, as title and location alike.
    expect(options.pageTitle).to.match(/^'\d{13}'$/);
    expect(options.pageLocation).to.equal(options.pageTitle);
    const ms = Number(options.pageTitle.slice(1, -1));
    expect(ms).to.be.within(before, after);

    await press(el, 'Add Product');
    await press(el, 'Remove Product');
    await press(el, 'Journey Record');
    await press(el, 'Open Chat');
    await press(el, 'Close Chat');
    expect(fake.sent.slice(1)).to.deep.equal([
      { command: 'Journey.record', options: { eventName: 'product_added', customAttributes: LAB_PRODUCT } },
      { command: 'Journey.record', options: { eventName: 'product_removed', customAttributes: LAB_PRODUCT } },
      { command: 'Journey.record', options: { eventName: 'Test', customAttributes: { TestObject: 'test123' } } },
      { command: 'Messenger.open', options: undefined },
      { command: 'Messenger.close', options: undefined },
    ]);
    await el.updateComplete;
    expect(text(el, '[role=status]')).to.equal('Sent Messenger.close: Messenger took it.');
    await press(el, 'Add Product');
    await el.updateComplete;
    expect(text(el, '[role=status]')).to.contain('Sent Journey.record product_added: Messenger took it');
    expect(text(el, '[role=status]')).to.contain('no message needed');
    expect(JSON.parse(text(el, '[part=payload]'))).to.deep.equal({ eventName: 'product_added', customAttributes: LAB_PRODUCT });
    // Success is announced politely, never as an alert.
    expect(text(el, '[role=alert]')).to.equal('');
  });

  it('waits for Messenger, and the Journey buttons for Journey.ready, saying why', async () => {
    const el = await fixture<GcCommands>(html`<gc-commands></gc-commands>`);
    // No messenger on the page at all.
    expect(button(el, 'Add Product').disabled).to.equal(true);
    expect(button(el, 'Open Chat').disabled).to.equal(true);
    expect(text(el, '[role=status]')).to.contain('this page has no Messenger element yet');

    fake = new FakeMessenger();
    fake.announce('unconfigured');
    await el.updateComplete;
    expect(text(el, '[role=status]')).to.contain('choose the region and deployment ID');
    fake.announce('loading');
    await el.updateComplete;
    expect(text(el, '[role=status]')).to.equal('Waiting for Messenger to load…');
    fake.announce('ready');
    await el.updateComplete;
    // Messenger's own commands can go; the Journey ones wait for the plugin.
    expect(button(el, 'Open Chat').disabled).to.equal(false);
    expect(button(el, 'Add Product').disabled).to.equal(true);
    expect(text(el, '[role=status]')).to.equal('Waiting for the Journey plugin (Journey.ready)…');
    fake.publishJourneyReady();
    await el.updateComplete;
    expect(button(el, 'Add Product').disabled).to.equal(false);
    expect(text(el, '[role=status]')).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('an element added after Journey.ready was published still learns it (the bridge replays it)', async () => {
    fake = new FakeMessenger();
    fake.publishJourneyReady();
    const el = await fixture<GcCommands>(html`<gc-commands></gc-commands>`);
    await el.updateComplete;
    expect(button(el, 'Journey Record').disabled).to.equal(false);
  });

  it('says so when the Journey plugin never becomes ready (Predictive Engagement off)', async () => {
    JourneyLink.patience = 50;
    fake = new FakeMessenger();
    const el = await fixture<GcCommands>(html`<gc-commands></gc-commands>`);
    await waitUntil(() => text(el, '[role=status]').includes('Predictive Engagement may be off'), 'never said the plugin is not coming');
    expect(button(el, 'PageView Unix').disabled).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('a refused command is an alert with the reason, and a gc-error', async () => {
    let el: GcCommands;
    ({ fake, el } = await ready());
    fake.answer = () => Promise.reject(new Error('Predictive Engagement (journeyEvents) is off for this deployment.'));
    const error = once(el, 'gc-error');
    button(el, 'Add Product').click();
    expect((await error).reason).to.equal('command-failed');
    await el.updateComplete;
    expect(text(el, '[role=alert]')).to.equal('Add Product failed: Predictive Engagement (journeyEvents) is off for this deployment.');
    expect(text(el, '[role=status]')).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('takes the product and the record\'s name from its attributes', async () => {
    let el: GcCommands;
    ({ fake, el } = await ready(
      html`<gc-commands product-code=" X-9 " product-name="Torch" product-price="9.5" product-has-batteries record-event-name="lab_step_2"></gc-commands>`,
    ));
    await press(el, 'Add Product');
    await press(el, 'Journey Record');
    expect(fake.sent).to.deep.equal([
      { command: 'Journey.record', options: { eventName: 'product_added', customAttributes: { price: 9.5, code: 'X-9', name: 'Torch', hasBatteries: true } } },
      { command: 'Journey.record', options: { eventName: 'lab_step_2', customAttributes: { TestObject: 'test123' } } },
    ]);
  });

  for (const [name, value, words] of [
    ['product-price', 'abc', 'product-price must be a number of 0 or more, not "abc"'],
    ['product-price', '1e400', 'product-price must be a number of 0 or more'],
    ['product-price', '-1', 'product-price must be a number of 0 or more'],
    ['product-price', '', 'product-price must be a number of 0 or more'],
    ['product-code', 'x'.repeat(256), 'product-code must be 1 to 255 characters'],
    ['product-name', '   ', 'product-name must be 1 to 255 characters'],
  ] as const) {
    it(`refuses ${name}="${value.slice(0, 12)}" with an alert, and sends nothing`, async () => {
      fake = new FakeMessenger();
      fake.journeyReady = true;
      const el = await fixture<GcCommands>(html`<gc-commands></gc-commands>`);
      el.setAttribute(name, value);
      await el.updateComplete;
      const error = once(el, 'gc-error');
      button(el, 'Remove Product').click();
      expect((await error).reason).to.equal('invalid-config');
      await el.updateComplete;
      expect(text(el, '[role=alert]')).to.contain(`Remove Product was not sent: ${words}`);
      expect(fake.sent).to.deep.equal([]);
    });
  }

  it('refuses a record-event-name Genesys would not take', async () => {
    let el: GcCommands;
    ({ fake, el } = await ready(html`<gc-commands record-event-name="added to cart!"></gc-commands>`));
    const error = once(el, 'gc-error');
    button(el, 'Journey Record').click();
    await error;
    await el.updateComplete;
    expect(text(el, '[role=alert]')).to.contain('record-event-name must be letters, digits and underscores');
    expect(fake.sent).to.deep.equal([]);
  });

  it('markup in an attribute is sent and shown as text, never as HTML', async () => {
    let el: GcCommands;
    ({ fake, el } = await ready(html`<gc-commands product-name="<img src=x onerror=alert(1)>"></gc-commands>`));
    await press(el, 'Add Product');
    await el.updateComplete;
    expect((fake.sent[0].options as { customAttributes: { name: string } }).customAttributes.name).to.equal('<img src=x onerror=alert(1)>');
    expect(shadow(el).querySelector('img')).to.equal(null);
    expect(text(el, '[part=payload]')).to.contain('<img src=x onerror=alert(1)>');
  });

  it('works from the keyboard: Tab to a button, Enter or Space sends', async () => {
    let el: GcCommands;
    ({ fake, el } = await ready());
    button(el, 'PageView Unix').focus();
    await sendKeys({ press: 'Tab' });
    expect(shadow(el).activeElement?.textContent?.trim()).to.equal('Open Chat');
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    await waitUntil(() => fake!.sent.length === 2, 'the keys sent nothing');
    expect(fake.sent.map((s) => s.command)).to.deep.equal(['Messenger.open', 'Messenger.close']);
  });

  it('without a messenger, a command (from script) says there is none', async () => {
    const el = await fixture<GcCommands>(html`<gc-commands></gc-commands>`);
    const error = once(el, 'gc-error');
    void el.send('Open Chat');
    expect((await error).reason).to.equal('no-messenger');
    await el.updateComplete;
    expect(text(el, '[role=alert]')).to.contain('Open Chat failed: Messenger is not on this page');
  });

  it('is accessible on a dark page too', async () => {
    fake = new FakeMessenger();
    fake.journeyReady = true;
    const wrapper = await fixture<HTMLDivElement>(html`<div class="dark-page"><gc-commands></gc-commands></div>`);
    wrapper.style.colorScheme = 'dark';
    wrapper.style.background = 'rgb(18, 18, 18)';
    wrapper.style.color = 'rgb(235, 235, 235)';
    const el = wrapper.querySelector('gc-commands')!;
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
