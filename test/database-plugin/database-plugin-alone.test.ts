import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { GcDatabasePlugin } from '../../src/database-plugin/database-plugin.js';
import { EMULATOR, clearStorage, once, pressSet, shadow, text } from '../support/pages.js';

async function clickSet(el: GcDatabasePlugin, json: string) {
  setTimeout(() => pressSet(el, json));
  const error = await once(el, 'gc-error');
  await el.updateComplete;
  return error;
}

describe('<gc-database-plugin> without a working messenger', () => {
  before(clearStorage);

  it('says there is no messenger on the page, without naming a tag', async () => {
    const el = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    const error = await clickSet(el, '{ "a": "1" }');
    expect(error.reason).to.equal('no-messenger');
    expect(el.status).to.equal('error');
    expect(text(el, '[role=alert]')).to.equal(
      'Messenger is not on this page, so nothing was sent. The page needs its Messenger element.',
    );
    expect(shadow(el).querySelector('textarea')!.value).to.equal('{ "a": "1" }');
    // Nothing is held, so there is no table to speak of.
    expect(text(el, '[part=status]')).to.equal('Error. See the message above.');
    await expect(el).to.be.accessible();
  });

  it('says the messenger is not configured yet (no-messenger, not a failed command)', async () => {
    const wrapper = await fixture(html`<div>
      <gc-database-plugin></gc-database-plugin>
      <gc-messenger bootstrap-src=${EMULATOR}></gc-messenger>
    </div>`);
    const el = wrapper.querySelector('gc-database-plugin')!;
    const error = await clickSet(el, '{ "a": "1" }');
    expect(error.reason).to.equal('no-messenger');
    expect(text(el, '[role=alert]')).to.contain('Messenger is not configured yet');

    // The cause goes (the messenger is configured): so does the error.
    const messenger = wrapper.querySelector('gc-messenger')!;
    messenger.setAttribute('environment', 'prod');
    messenger.setAttribute('deployment-id', '5d1b8c2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f');
    await waitUntil(() => text(el, '[role=alert]') === '', 'the error did not clear once the messenger was configured');
    expect(el.status).not.to.equal('error');
  });
});
