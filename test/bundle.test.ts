/**
 * The built bundle, dist/gc-lab.js, as a CMS author pastes it: one <script type="module">
 * and the three tags. `npm test` builds it first.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { DEPLOYMENT_ID, EMULATOR, clearStorage, openPage, pressSet, sendAsGuest, type LabPage } from './support/pages.js';

const LAB = `
  <gc-database-plugin></gc-database-plugin>
  <gc-session-controls></gc-session-controls>
  <gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}"></gc-messenger>`;

async function runLab(page: LabPage) {
  await page.messengerIs('ready');
  const plugin = page.$<HTMLElement & { status: string }>('gc-database-plugin')!;
  pressSet(plugin, '{ "keyInt": 123, "keyString": "hello" }');
  await waitUntil(() => plugin.status === 'pending', 'not pending');
  const text = `hello from the bundle ${Math.random()}`;
  await sendAsGuest(page.win, text);
  await waitUntil(() => plugin.status === 'sent', 'not sent');
  // What reached the emulated cloud, as the agent sees it.
  const conversations: Array<{ messages: Array<{ text: string; customAttributes?: unknown }> }> = await (
    await fetch('/api/conversations')
  ).json();
  const message = conversations.flatMap((c) => c.messages).find((m) => m.text === text);
  // The service keeps participant data as strings, as Genesys does (GENESYS.md §3).
  expect(message?.customAttributes).to.deep.equal({ keyInt: '123', keyString: 'hello' });
}

describe('dist/gc-lab.js', () => {
  beforeEach(clearStorage);
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('reproduces the lab from one module and three tags', async () => {
    const page = await openPage(LAB, { bundles: ['/dist/gc-lab.js'] });
    await runLab(page);
    expect(page.win.__errors).to.deep.equal([]);
  });

  it('included twice under two URLs, registers once and never throws', async () => {
    const page = await openPage(LAB, { bundles: ['/dist/gc-lab.js', '/dist/gc-lab.js?copy=2'] });
    await runLab(page);
    expect(page.win.__errors).to.deep.equal([]);
    expect(page.doc.head.querySelectorAll(`script[src^="${EMULATOR}"]`)).to.have.length(1);
  });

  it('is a production build: no Lit dev-mode code', async () => {
    const source = await (await fetch('/dist/gc-lab.js')).text();
    expect(source).not.to.contain('Lit is in dev mode');
    expect(source).to.contain('gc-database-plugin');
  });
});
