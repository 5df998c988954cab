/**
 * Custom states in browsers that do not take `:state(name)`: Chromium 90–124 (Chrome and Edge)
 * took only dashed names (`--ready`, matched by `:--ready`) and threw on plain ones. The
 * elements must still render there, set the dashed form, and keep their `status` property.
 * This page stands in for such a browser by making the CustomStateSet behave that way.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { GcDatabasePlugin } from '../src/database-plugin/database-plugin.js';
import type { GcMessenger } from '../src/messenger/messenger.js';
import { DEPLOYMENT_ID, clearStorage, text } from './support/pages.js';

const proto = CustomStateSet.prototype;
const original = { add: proto.add, has: proto.has, delete: proto.delete };

/** Makes every CustomStateSet behave like Chromium 90–124's (or refuse everything). */
function behaveLike(browser: 'dashed-only' | 'none'): string[] {
  const added: string[] = [];
  proto.add = function (this: CustomStateSet, name: string) {
    if (browser === 'none' || !name.startsWith('--')) {
      throw new DOMException(`Failed to execute 'add' on 'CustomStateSet': The specified value '${name}' must start with '--'.`, 'SyntaxError');
    }
    added.push(name);
    return original.add.call(this, name);
  };
  return added;
}

describe('custom states in older browsers', () => {
  before(clearStorage);
  afterEach(() => Object.assign(proto, original));

  it('Chromium 90–124: the elements render, with the dashed state names', async () => {
    const added = behaveLike('dashed-only');
    const panel = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    const messenger = await fixture<GcMessenger>(html`<gc-messenger></gc-messenger>`);
    expect(text(panel, '[part=status]')).to.match(/^Empty\./);
    expect(panel.status).to.equal('empty');
    expect(messenger.state).to.equal('unconfigured');
    expect(messenger.shadowRoot!.querySelector('form')).to.exist;
    expect(added).to.include.members(['--empty', '--unconfigured']);
    await expect(panel).to.be.accessible();
  });

  it('a browser that takes no custom state: the elements still render, tell their state, and colour it', async () => {
    behaveLike('none');
    const panel = await fixture<GcDatabasePlugin>(html`<gc-database-plugin></gc-database-plugin>`);
    expect(text(panel, '[part=status]')).to.match(/^Empty\./);
    expect(panel.status).to.equal('empty');
    // The elements' own state colours do not depend on custom states.
    const messenger = await fixture<GcMessenger>(html`<gc-messenger environment="nowhere" deployment-id=${DEPLOYMENT_ID}></gc-messenger>`);
    await waitUntil(() => messenger.state === 'error', 'not in the error state');
    await messenger.updateComplete;
    const badge = getComputedStyle(messenger.shadowRoot!.querySelector('.badge')!);
    expect(badge.color).to.equal('rgb(179, 38, 30)');
  });
});
