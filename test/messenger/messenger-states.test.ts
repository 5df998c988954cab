/**
 * Every state of <gc-messenger> in this page, so that axe can check each one
 * (axe runs in the test page's own document, not inside iframes).
 * Order matters: the page gets a Messenger SDK half-way through, as a real page would.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/messenger/messenger.js';
import { GcCommandEvent } from '../../src/events/command.js';
import type { GcMessenger } from '../../src/messenger/messenger.js';
import { DEPLOYMENT_ID, EMULATOR, button, clearStorage, shadow, text, once } from '../support/pages.js';

async function inState(el: GcMessenger, state: string) {
  await waitUntil(() => el.state === state, `never became ${state}`, { timeout: 5000 });
  await el.updateComplete;
}

describe('<gc-messenger> states, accessible in each', () => {
  before(clearStorage);

  it('unconfigured: the form', async () => {
    const el = await fixture<GcMessenger>(html`<gc-messenger bootstrap-src=${EMULATOR}></gc-messenger>`);
    expect(el.state).to.equal('unconfigured');
    expect(el.matches(':state(unconfigured)')).to.equal(true);
    expect(el.hasAttribute('state')).to.equal(false);
    expect(text(el, '[part=status]')).to.equal('Not configured');
    await expect(el).to.be.accessible();
  });

  it('unconfigured with invalid input: the alert and the invalid fields', async () => {
    const el = await fixture<GcMessenger>(html`<gc-messenger bootstrap-src=${EMULATOR}></gc-messenger>`);
    setTimeout(() => button(el, 'Save').click());
    const error = await once(el, 'gc-error');
    expect(error.reason).to.equal('invalid-config');
    expect(error.bubbles && error.composed).to.equal(true);
    await el.updateComplete;
    expect(shadow(el).querySelectorAll('[aria-invalid=true]').length).to.equal(2);
    await expect(el).to.be.accessible();
  });

  it('error: bad attributes', async () => {
    const el = await fixture<GcMessenger>(html`<gc-messenger environment="prod" deployment-id="nope"></gc-messenger>`);
    await inState(el, 'error');
    expect(text(el, '[role=alert]')).to.contain('is not a UUID');
    await expect(el).to.be.accessible();
  });

  it('duplicate: a second element on the page', async () => {
    const wrapper = await fixture(html`<div>
      <gc-messenger environment="prod" deployment-id="nope"></gc-messenger>
      <gc-messenger environment="prod" deployment-id="nope"></gc-messenger>
    </div>`);
    const [, second] = wrapper.querySelectorAll('gc-messenger');
    await inState(second as GcMessenger, 'duplicate');
    await expect(second).to.be.accessible();
  });

  it('loading: waiting for Messenger.ready', async () => {
    const el = await fixture<GcMessenger>(
      html`<gc-messenger
        environment="prod"
        deployment-id=${DEPLOYMENT_ID}
        bootstrap-src=${`${EMULATOR}?ready=never`}
        ready-timeout="60000"
      ></gc-messenger>`,
    );
    await inState(el, 'loading');
    await expect(el).to.be.accessible();
  });

  it('error: Messenger.ready never came', async () => {
    // The page already has the (never ready) SDK from the test before: this element adopts it.
    const el = await fixture<GcMessenger>(
      html`<gc-messenger environment="prod" deployment-id=${DEPLOYMENT_ID} ready-timeout="200"></gc-messenger>`,
    );
    await inState(el, 'error');
    expect(text(el, '[role=alert]')).to.contain('did not become ready within 0.2 s');
    await expect(el).to.be.accessible();
  });
});

describe('<gc-messenger hidden>', () => {
  it('shows no panel and still runs Messenger', async () => {
    // This page's SDK never becomes ready (see above); the element still loads nothing new
    // and still answers commands: the bridge works without the panel.
    const el = await fixture<GcMessenger>(
      html`<gc-messenger hidden environment="prod" deployment-id=${DEPLOYMENT_ID} ready-timeout="60000"></gc-messenger>`,
    );
    expect(getComputedStyle(el).display).to.equal('none');
    await inState(el, 'loading');
    const request = new GcCommandEvent('Messenger.open', undefined, 100);
    document.body.dispatchEvent(request);
    expect(request.answered).to.equal(true);
    request.result.catch(() => {}); // this page's SDK never answers; only the answering matters here
  });
});
