/**
 * The emulated chat window never covers the lab's panels and their feedback, at desktop and
 * phone widths: the student watches the panel say "Sent" while typing in the chat.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { GcDatabasePlugin } from '../../src/database-plugin/database-plugin.js';
import { DEPLOYMENT_ID, EMULATOR, clearStorage, once, openPage, pressSet, sendAsGuest, shadow } from '../support/pages.js';

const LAB =
  '<h1>Lab</h1><p>Some text above the panels, as on the demo page.</p>' +
  `<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}"></gc-messenger>` +
  '<gc-database-plugin></gc-database-plugin><gc-session-controls></gc-session-controls>';

function overlap(a: DOMRect, b: DOMRect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

for (const [name, width, height] of [
  ['desktop', 1280, 800],
  ['phone', 390, 844],
] as const) {
  describe(`the chat window at ${name} width (${width}×${height})`, () => {
    beforeEach(clearStorage);
    afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

    it('leaves the panel, its status and its tables visible while open', async () => {
      const page = await openPage(LAB);
      page.frame.style.width = `${width}px`;
      page.frame.style.height = `${height}px`;
      await page.messengerIs('ready');
      const plugin = page.$<GcDatabasePlugin>('gc-database-plugin')!;
      await waitUntil(() => plugin.shadowRoot?.querySelector('textarea'), 'plugin not rendered');
      pressSet(plugin, '{ "keyInt": 123, "keyString": "hello" }');
      const sent = once(plugin, 'gc-attributes-sent');
      await sendAsGuest(page.win, 'Hello');
      await sent;
      await plugin.updateComplete;

      const chat = page.doc.querySelector('[data-genesys-emulator]')!.shadowRoot!.querySelector('.window')!;
      expect(chat.checkVisibility()).to.equal(true);
      for (const part of ['status', 'sent', 'error']) {
        const target = shadow(plugin).querySelector<HTMLElement>(`[part=${part}]`)!;
        target.scrollIntoView({ block: 'nearest' });
        await new Promise((r) => requestAnimationFrame(r));
        const rect = target.getBoundingClientRect();
        if (part === 'error') continue; // empty now: nothing to see
        expect(overlap(rect, chat.getBoundingClientRect()), `${part} is under the chat`).to.equal(false);
        expect(rect.bottom, `${part} is below the viewport`).to.be.at.most(height);
      }
    });
  });
}
