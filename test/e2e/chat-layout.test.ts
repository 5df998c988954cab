/**
 * The emulated chat never covers the lab's panels and their feedback, at desktop and phone
 * widths: the student watches the panel say "Sent" while typing in the chat. Closed, the
 * launcher in the corner covers none of the panel's buttons (the last row's Remove) either,
 * and on the demo page at phone size a short key stays on one line.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { GcDatabasePlugin } from '../../src/database-plugin/database-plugin.js';
import { DEPLOYMENT_ID, EMULATOR, clearStorage, once, openFrame, openPage, pressSet, sendAsGuest, shadow } from '../support/pages.js';

const LAB =
  '<h1>Lab</h1><p>Some text above the panels, as on the demo page.</p>' +
  `<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}"></gc-messenger>` +
  '<gc-database-plugin></gc-database-plugin><gc-session-controls></gc-session-controls>';

function overlap(a: DOMRect, b: DOMRect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

const emulator = (doc: Document) => doc.querySelector('[data-genesys-emulator]')!.shadowRoot!;

/** What the emulator shows on the page: the chat window, the launcher and its badge. */
function emulatorBoxes(doc: Document): DOMRect[] {
  return [...emulator(doc).querySelectorAll<HTMLElement>('.window, .launcher, .badge')]
    .filter((e) => e.checkVisibility())
    .map((e) => e.getBoundingClientRect());
}

/**
 * Scrolls `target` into view as the browser does for a link, find-in-page or focus, from the
 * top of the page (so that it comes in at the bottom edge, where the emulator sits), and says
 * what keeps people from seeing it: nothing (null), the viewport's edge, or the emulator.
 */
async function hiddenBy(doc: Document, target: Element): Promise<string | null> {
  const win = doc.defaultView!;
  win.scrollTo(0, 0);
  target.scrollIntoView({ block: 'nearest' });
  await new Promise((r) => win.requestAnimationFrame(r));
  const rect = target.getBoundingClientRect();
  if (rect.top < -0.5 || rect.bottom > win.innerHeight + 0.5) return `outside the viewport (${rect.top}–${rect.bottom})`;
  if (emulatorBoxes(doc).some((box) => overlap(rect, box))) return 'under the emulated chat or launcher';
  return null;
}

/** The panel's status and every button of it, each with what hides it (if anything). */
async function panelHidden(doc: Document, plugin: Element): Promise<string[]> {
  const root = shadow(plugin);
  const targets = [root.querySelector('[part=status]')!, ...root.querySelectorAll('button')];
  expect(targets.filter((t) => t.matches('[part~=remove-button]')), 'no Remove buttons to check').not.to.be.empty;
  const hidden: string[] = [];
  for (const target of targets) {
    const why = await hiddenBy(doc, target);
    if (why) hidden.push(`${target.getAttribute('aria-label') || target.getAttribute('part')}: ${why}`);
  }
  return hidden;
}

/** Lines the element's text takes as rendered (a word broken in two takes two). */
function lines(el: Element): number {
  const range = el.ownerDocument.createRange();
  range.selectNodeContents(el);
  return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
}

const launcher = (doc: Document) => emulator(doc).querySelector<HTMLButtonElement>('.launcher')!;

for (const [name, width, height] of [
  ['desktop', 1280, 800],
  ['phone', 390, 844],
] as const) {
  describe(`the chat window at ${name} width (${width}×${height})`, () => {
    beforeEach(clearStorage);
    afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

    async function lab() {
      const page = await openPage(LAB);
      page.frame.style.width = `${width}px`;
      page.frame.style.height = `${height}px`;
      await page.messengerIs('ready');
      const plugin = page.$<GcDatabasePlugin>('gc-database-plugin')!;
      await waitUntil(() => plugin.shadowRoot?.querySelector('textarea'), 'plugin not rendered');
      return { page, plugin };
    }

    it('leaves the panel, its status and its tables visible while open', async () => {
      const { page, plugin } = await lab();
      pressSet(plugin, '{ "keyInt": 123, "keyString": "hello" }');
      const sent = once(plugin, 'gc-attributes-sent');
      await sendAsGuest(page.win, 'Hello');
      await sent;
      await plugin.updateComplete;

      const chat = emulator(page.doc).querySelector('.window')!;
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
      expect(await panelHidden(page.doc, plugin), 'with the chat open').to.deep.equal([]);
    });

    it('with the chat closed, the launcher covers none of the panel’s buttons, nor its status', async () => {
      const { page, plugin } = await lab();
      pressSet(plugin, '{ "keyInt": 123, "keyString": "hello" }');
      await waitUntil(() => plugin.status === 'pending', 'not pending');
      await plugin.updateComplete;
      expect(launcher(page.doc).checkVisibility()).to.equal(true);
      expect(launcher(page.doc).getAttribute('aria-expanded')).to.equal('false');
      expect(await panelHidden(page.doc, plugin), 'with the chat closed').to.deep.equal([]);
    });
  });
}

describe('the demo lab page on a phone (390×844)', () => {
  beforeEach(() => {
    clearStorage();
    sessionStorage.setItem('gc-lab:environment', 'prod');
    sessionStorage.setItem('gc-lab:deployment-id', DEPLOYMENT_ID);
  });
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  /** The demo page, configured and ready, with attributes set: the pending table shows. */
  async function demo() {
    const frame = await openFrame('/demo/index.html', { width: 390, height: 844 });
    const doc = frame.contentDocument!;
    const win = frame.contentWindow!;
    const tags = ['gc-messenger', 'gc-database-plugin', 'gc-commands', 'gc-login-form', 'gc-session-controls', 'gc-event-log'];
    await Promise.all(tags.map((tag) => win.customElements.whenDefined(tag)));
    await waitUntil(() => (doc.querySelector('gc-messenger') as HTMLElement & { state?: string }).state === 'ready', 'demo not ready', {
      timeout: 5000,
    });
    await waitUntil(() => doc.querySelector('[data-genesys-emulator]'), 'no emulated Messenger');
    const plugin = doc.querySelector<GcDatabasePlugin>('gc-database-plugin')!;
    await waitUntil(() => plugin.shadowRoot?.querySelector('textarea'), 'plugin not rendered');
    pressSet(plugin, '{ "keyInt": 123, "keyString": "hello" }');
    await waitUntil(() => plugin.status === 'pending', 'not pending');
    await plugin.updateComplete;
    return { doc, plugin };
  }

  it('shows short keys and values whole: "keyString" is not broken mid-word', async () => {
    const { plugin } = await demo();
    const cells = [...shadow(plugin).querySelectorAll('[part=pending] td .clip')];
    expect(cells.map((c) => c.textContent)).to.include.members(['keyString', '"hello"']);
    for (const cell of cells) expect(lines(cell), `"${cell.textContent}" is broken over lines`).to.equal(1);
  });

  it('keeps the Database Plugin’s status and every button reachable with the chat closed and open', async () => {
    const { doc, plugin } = await demo();
    expect(launcher(doc).getAttribute('aria-expanded')).to.equal('false');
    expect(await panelHidden(doc, plugin), 'with the chat closed').to.deep.equal([]);
    launcher(doc).click();
    expect(emulator(doc).querySelector('.window')!.checkVisibility()).to.equal(true);
    expect(await panelHidden(doc, plugin), 'with the chat open').to.deep.equal([]);
    launcher(doc).click();
    expect(await panelHidden(doc, plugin), 'with the chat closed again').to.deep.equal([]);
  });
});
