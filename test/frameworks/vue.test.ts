/**
 * The elements inside a Vue 3 app, configured the way Vue passes data to custom elements
 * (as DOM properties when the element has them), with Vue listening to the gc- events.
 */
import { expect, waitUntil } from '@open-wc/testing';
// The ES module browser build: no bundler step in the test server.
// @ts-expect-error - this file ships without its own type declarations
import { createApp, h, ref } from '../../node_modules/vue/dist/vue.runtime.esm-browser.prod.js';
import '../../src/index.js';
import type { GcDatabasePlugin } from '../../src/database-plugin/database-plugin.js';
import type { GcMessenger } from '../../src/messenger/messenger.js';
import { DEPLOYMENT_ID, EMULATOR, clearStorage, pressSet, sendAsGuest } from '../support/pages.js';

describe('in a Vue app', () => {
  before(clearStorage);

  it('configures from props, and reports set and sent through gc- events', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const log = ref<string[]>([]);
    const app = createApp({
      setup() {
        return () =>
          h('section', [
            h('gc-database-plugin', {
              persist: true,
              'onGc-attributes-set': () => log.value.push('set'),
              'onGc-attributes-sent': () => log.value.push('sent'),
            }),
            h('gc-messenger', { environment: 'euw1', deploymentId: DEPLOYMENT_ID, bootstrapSrc: EMULATOR }),
          ]);
      },
    });
    app.mount(host);

    const messenger = host.querySelector('gc-messenger') as GcMessenger;
    await waitUntil(() => messenger.state === 'ready', 'messenger not ready in Vue', { timeout: 5000 });
    const plugin = host.querySelector('gc-database-plugin') as GcDatabasePlugin;
    expect(plugin.persist).to.equal(true);
    await plugin.updateComplete;
    pressSet(plugin, '{ "framework": "vue" }');
    await waitUntil(() => plugin.status === 'pending', 'not pending');
    await sendAsGuest(window, 'hello from Vue');
    await waitUntil(() => plugin.status === 'sent', 'not sent');
    expect(log.value).to.deep.equal(['set', 'sent']);
    app.unmount();
    host.remove();
  });
});
