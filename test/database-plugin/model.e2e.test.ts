/**
 * The Database model (docs/messenger-sdk.md#the-database-plugin-and-custom-attributes) through the
 * panel, the emulated runtime and the emulated service, end to end: what a student sees in the
 * panel and what the agent receives.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { GcDatabasePlugin } from '../../src/database-plugin/database-plugin.js';
import { cloud, guestSends, messageIn, openAgentView, unique } from '../support/cloud.js';
import { DEPLOYMENT_ID, EMULATOR, button, clearStorage, once, openPage, pressSet, shadow, text, type LabPage } from '../support/pages.js';

const LAB =
  `<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}"></gc-messenger>` +
  `<gc-database-plugin></gc-database-plugin>`;

const plugin = (page: LabPage) => page.$<GcDatabasePlugin>('gc-database-plugin')!;

async function lab(): Promise<LabPage> {
  const page = await openPage(LAB);
  await page.messengerIs('ready');
  await waitUntil(() => plugin(page).shadowRoot?.querySelector('textarea'), 'plugin not rendered');
  return page;
}

async function set(page: LabPage, attributes: Record<string, unknown>) {
  const done = once(plugin(page), 'gc-attributes-set');
  pressSet(plugin(page), JSON.stringify(attributes));
  await done;
  await plugin(page).updateComplete;
}

describe('the Database model, through the panel and the offline Genesys', () => {
  beforeEach(clearStorage);
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('Set {a}, Set {b}: both pending; a message carries both; Set {c}: all three travel with the next', async () => {
    const page = await lab();
    const a = unique('a');
    await set(page, { a });
    await set(page, { b: 2 });
    expect(plugin(page).status).to.equal('pending');
    expect(plugin(page).pendingAttributes).to.deep.equal({ a, b: 2 });
    // Nothing has left the page yet.
    expect(JSON.stringify(await cloud())).not.to.contain(a);

    const first = unique('first');
    let conversation = await guestSends(page, first);
    // The service keeps participant data as strings, as Genesys does.
    expect(messageIn(conversation, first).customAttributes).to.deep.equal({ a, b: '2' });
    expect(conversation.customAttributes).to.deep.equal({ a, b: '2' });
    await waitUntil(() => plugin(page).status === 'sent', 'the panel does not say sent');
    expect(plugin(page).sentAttributes).to.deep.equal({ a, b: 2 });

    // Sent: the next message carries nothing.
    const second = unique('second');
    conversation = await guestSends(page, second);
    expect(messageIn(conversation, second).customAttributes).to.equal(undefined);

    // Something new: the WHOLE set is pending again, old keys too, and travels together.
    await set(page, { c: true });
    expect(plugin(page).pendingAttributes).to.deep.equal({ a, b: 2, c: true });
    const third = unique('third');
    conversation = await guestSends(page, third);
    expect(messageIn(conversation, third).customAttributes).to.deep.equal({ a, b: '2', c: 'true' });
    await waitUntil(() => plugin(page).status === 'sent', 'the panel does not say sent');
    expect(plugin(page).sentAttributes).to.deep.equal({ a, b: 2, c: true });
  });

  it('Set part of what is held again, same values: an add, so the whole set travels again (as the transport SDK\'s add)', async () => {
    const page = await lab();
    const a = unique('a');
    await set(page, { a, b: 'two' });
    const first = unique('first');
    expect(messageIn(await guestSends(page, first), first).customAttributes).to.deep.equal({ a, b: 'two' });
    await waitUntil(() => plugin(page).status === 'sent', 'the panel does not say sent');
    // The whole set again: nothing new, it stays sent.
    pressSet(plugin(page), JSON.stringify({ a, b: 'two' }));
    await new Promise((r) => setTimeout(r, 200));
    expect(plugin(page).status).to.equal('sent');
    // Part of it: an add, so the whole set is pending and the next message carries it all.
    await set(page, { a });
    expect(plugin(page).status).to.equal('pending');
    const second = unique('second');
    expect(messageIn(await guestSends(page, second), second).customAttributes).to.deep.equal({ a, b: 'two' });
  });

  it('Remove after sending: gone from the page, still on the conversation, and the agent still sees it', async () => {
    const page = await lab();
    const marker = unique('kept-by-agent');
    await set(page, { marker, other: 'x' });
    const text1 = unique('carrying');
    const conversation = await guestSends(page, text1);
    await waitUntil(() => plugin(page).status === 'sent', 'the panel does not say sent');

    const removed = once(plugin(page), 'gc-attributes-removed');
    shadow(plugin(page)).querySelector<HTMLButtonElement>('button[aria-label="Remove marker"]')!.click();
    await removed;
    expect(plugin(page).heldAttributes).to.deep.equal({ other: 'x' });
    // Removing is not something new: what was sent stays sent, and the next message carries nothing.
    expect(plugin(page).status).to.equal('sent');
    expect(text(plugin(page), '[part=status]')).to.contain('what a message already carried stays on the conversation, and the agent still sees it');
    const after = unique('after the removal');
    expect(messageIn(await guestSends(page, after), after).customAttributes).to.equal(undefined);
    const held = await new Promise((resolve, reject) =>
      page.win.Genesys!('command', 'Database.get', { name: 'messaging.customAttributes' }, resolve, reject),
    );
    expect(held).to.deep.equal({ other: 'x' });

    button(plugin(page), 'Remove all').click();
    await waitUntil(() => plugin(page).status === 'empty', 'Remove all did not empty the page');
    expect(text(plugin(page), '[part=status]')).to.contain('what a message already carried stays on the conversation, and the agent still sees it');

    // The cloud and the agent still have what the message carried.
    const onCloud = (await cloud()).find((c) => c.id === conversation.id)!;
    expect(onCloud.customAttributes).to.deep.equal({ marker, other: 'x' });
    const doc = await openAgentView(conversation.id);
    const rows = [...doc.querySelectorAll('#participant-data tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(rows.map((cells) => cells.slice(0, 2))).to.deep.include(['marker', marker]);
  });

  it('over the limit: Messenger refuses the set with customAttributesSizeExceeded, holds nothing new, and the panel says so', async () => {
    const page = await lab();
    await set(page, { small: '1' });
    const error = once(plugin(page), 'gc-error');
    // The page's own code goes past the panel's checks.
    page.win.Genesys!('command', 'Database.set', { messaging: { customAttributes: { big: 'x'.repeat(3000) } } });
    const event = await error;
    expect(event.reason).to.equal('size-exceeded');
    const published = page.win.__genesysEmulator!.published.find(
      (p) => p.eventName === 'MessagingService.customAttributesSizeExceeded',
    )!;
    expect(published.data).to.deep.equal({
      body: 'customAttributes object is larger than allowed limit: 2048 bytes',
      errorKey: 'customAttributesSizeExceeded',
    });
    expect(page.win.__genesysEmulator!.database.messaging!.customAttributes).to.deep.equal({ small: '1' });

    // What was held before still travels with the next message; the refused set does not.
    const message = unique('after refusal');
    const conversation = await guestSends(page, message);
    expect(messageIn(conversation, message).customAttributes).to.deep.equal({ small: '1' });
  });
});
