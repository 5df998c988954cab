/**
 * End to end, in headless Chromium, against the emulated service mounted in the test
 * server: the lab's lesson seen from both sides, the guest's page and the "cloud".
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { GcDatabasePlugin } from '../../src/database-plugin/database-plugin.js';
import { cloud, guestSends, openAgentView, unique, withoutFlow } from '../support/cloud.js';
import { DEPLOYMENT_ID, EMULATOR, button, clearStorage, openPage, pressSet, sendAsGuest, type LabPage } from '../support/pages.js';

const LAB = (persist = false) =>
  `<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}"></gc-messenger>` +
  `<gc-database-plugin${persist ? ' persist' : ''}></gc-database-plugin><gc-session-controls></gc-session-controls>`;

const plugin = (page: LabPage) => page.$<GcDatabasePlugin>('gc-database-plugin')!;

async function ready(page: LabPage) {
  await page.messengerIs('ready');
  await waitUntil(() => plugin(page).shadowRoot?.querySelector('textarea'), 'plugin not rendered');
}

async function setAttributes(page: LabPage, json: string) {
  const el = plugin(page);
  pressSet(el, json);
  await waitUntil(() => el.status === 'pending', 'attributes not pending');
}

async function reload(page: LabPage) {
  await page.reload();
  await ready(page);
}

function chatLines(page: LabPage): string[] {
  const root = page.doc.querySelector('[data-genesys-emulator]')!.shadowRoot!;
  return [...root.querySelectorAll('ol li')].map((li) => li.firstChild!.textContent!);
}

describe('the offline Genesys, end to end', () => {
  // The Guest API and the runtime, on their own: no bot answering first messages here
  // (test/server/flows.test.mjs and test/e2e/flow-lab.test.ts test the flow).
  before(() => withoutFlow(DEPLOYMENT_ID));
  beforeEach(clearStorage);
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('attributes reach the cloud only with the next guest message', async () => {
    const page = await openPage(LAB());
    await ready(page);
    const marker = unique('marker');
    await setAttributes(page, JSON.stringify({ keyInt: 123, keyString: 'hello', marker }));
    await new Promise((r) => setTimeout(r, 200));
    const before = await cloud();
    expect(JSON.stringify(before)).not.to.contain(marker);

    const text = unique('Hello');
    const conversation = await guestSends(page, text);
    const message = conversation.messages.find((m) => m.text === text)!;
    expect(message.direction).to.equal('Inbound');
    // The service keeps values as strings, as the agent sees participant data
    // (docs/messenger-sdk.md#values-are-strings).
    expect(message.customAttributes).to.deep.equal({ keyInt: '123', keyString: 'hello', marker });
    expect(conversation.customAttributes).to.deep.equal({ keyInt: '123', keyString: 'hello', marker });
    expect(conversation.deploymentId).to.equal(DEPLOYMENT_ID);
    await waitUntil(() => plugin(page).status === 'sent', 'the panel does not say sent');

    // They travelled once: the next message carries none.
    const second = unique('Second');
    const again = await guestSends(page, second);
    expect(again.id).to.equal(conversation.id);
    expect(again.messages.find((m) => m.text === second)!.customAttributes).to.equal(undefined);
  });

  it('set, reload, send: nothing arrives (the lesson)', async () => {
    const page = await openPage(LAB());
    await ready(page);
    const marker = unique('lost');
    await setAttributes(page, JSON.stringify({ marker }));
    await reload(page);
    expect(plugin(page).status).to.equal('empty');
    const text = unique('after reload');
    const conversation = await guestSends(page, text);
    expect(conversation.messages.find((m) => m.text === text)!.customAttributes).to.equal(undefined);
    expect(JSON.stringify(await cloud())).not.to.contain(marker);
  });

  it('set, reload, send with persist: they arrive', async () => {
    const page = await openPage(LAB(true));
    await ready(page);
    const marker = unique('kept');
    await setAttributes(page, JSON.stringify({ keyInt: 123, marker }));
    await reload(page);
    await waitUntil(() => plugin(page).status === 'pending', 'not restored after the reload', { timeout: 5000 });
    const text = unique('after reload, persisted');
    const conversation = await guestSends(page, text);
    expect(conversation.messages.find((m) => m.text === text)!.customAttributes).to.deep.equal({ keyInt: '123', marker });
  });

  it('opening the chat moves focus into it; a page load that restores it open leaves focus where the page has it', async () => {
    const page = await openPage(LAB());
    await ready(page);
    const host = () => page.doc.querySelector('[data-genesys-emulator]')!;
    await waitUntil(() => host()?.shadowRoot?.querySelector('.launcher'), 'no launcher');
    host().shadowRoot!.querySelector<HTMLButtonElement>('.launcher')!.click();
    await waitUntil(() => host().shadowRoot!.activeElement?.localName === 'input', 'opening did not focus the chat');
    await reload(page);
    await waitUntil(() => host()?.shadowRoot?.querySelector('.window:not([hidden])'), 'the chat was not restored open');
    expect(page.doc.activeElement).to.equal(page.doc.body);
    expect(host().shadowRoot!.activeElement).to.equal(null);
  });

  it('a reload keeps the conversation; Clear Session starts a new one', async () => {
    const page = await openPage(LAB());
    await ready(page);
    const first = await guestSends(page, unique('first'));
    await reload(page);
    await waitUntil(() => chatLines(page).length > 0, 'the transcript was not restored after the reload');
    const second = await guestSends(page, unique('second'));
    expect(second.id).to.equal(first.id);

    const loaded = page.nextLoad();
    button(page.$('gc-session-controls'), 'Clear Session').click();
    await loaded;
    await page.ready();
    await ready(page);
    const third = await guestSends(page, unique('third'));
    expect(third.id).not.to.equal(first.id);
    expect(chatLines(page)).to.have.length(1);
  });

  it("the agent's reply shows in the guest's chat window", async () => {
    const page = await openPage(LAB());
    await ready(page);
    const conversation = await guestSends(page, unique('Need help'));
    const res = await fetch(`/api/conversations/${conversation.id}/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'Hi, this is Alex from support' }),
    });
    expect(res.status).to.equal(201);
    await waitUntil(() => chatLines(page).includes('Hi, this is Alex from support'), 'the reply did not show');
    const root = page.doc.querySelector('[data-genesys-emulator]')!.shadowRoot!;
    expect(root.querySelector('li.Outbound')!.firstChild!.textContent).to.equal('Hi, this is Alex from support');
    // An agent's message does not count as the guest carrying attributes.
    expect(plugin(page).status).to.equal('empty');
  });

  it('the agent view lists the conversation, its participant data per message, and replies', async () => {
    const page = await openPage(LAB());
    await ready(page);
    const marker = unique('agent-sees');
    await setAttributes(page, JSON.stringify({ keyInt: 123, keyString: 'hello', marker }));
    const text = unique('Hello agent');
    const conversation = await guestSends(page, text);

    const doc = await openAgentView(conversation.id);
    const rows = [...doc.querySelectorAll('#participant-data tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    );
    // Key, value (and who set it).
    expect(rows.map((cells) => cells.slice(0, 2))).to.deep.include(['keyInt', '123']);
    expect(rows.map((cells) => cells.slice(0, 2))).to.deep.include(['keyString', 'hello']);
    const line = [...doc.querySelectorAll('#transcript li')].find((li) => li.textContent!.includes(text))!;
    expect(line.querySelector('.attributes')!.textContent).to.contain('keyInt = 123');

    const input = doc.getElementById('reply') as HTMLInputElement;
    input.value = 'Replying from the agent view';
    (doc.getElementById('reply-form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => chatLines(page).includes('Replying from the agent view'), 'the guest did not get the reply');
    // Live: the agent view shows its own reply once the cloud has it.
    await waitUntil(
      () => [...doc.querySelectorAll('#transcript li.Outbound')].some((li) => li.textContent!.includes('Replying from the agent view')),
      'the agent view did not update',
    );
  });

  it('Journey events reach the cloud on the visitor\'s session, linked to the conversation', async () => {
    const page = await openPage(LAB());
    await ready(page);
    const conversation = await guestSends(page, unique('browsing'));
    const title = unique('Product page');
    await new Promise<void>((resolve, reject) =>
      page.win.Genesys!('command', 'Journey.pageview', { pageTitle: title, pageLocation: '/product' }, resolve, reject),
    );
    const linked = (await cloud()).find((c) => c.id === conversation.id) as unknown as { journeySessionId?: string };
    expect(linked.journeySessionId, 'the conversation is linked to a GPE session').to.be.a('string');
    const events: { entities: Array<{ webEvent?: { page?: { title?: string } } }> } = await (
      await fetch(`/api/v2/journey/sessions/${linked.journeySessionId}/events`)
    ).json();
    expect(events.entities.map((e) => e.webEvent?.page?.title)).to.include(title);
    const doc = await openAgentView(conversation.id);
    await waitUntil(() => doc.getElementById('journey')?.textContent?.includes(title), 'the agent view does not show the page view');
  });

  it('the chat says so when the messaging service cannot be reached', async () => {
    const page = await openPage(
      `<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}?service=ws://127.0.0.1:9/v1"></gc-messenger>`,
    );
    await page.messengerIs('ready');
    await sendAsGuest(page.win, 'anyone there?');
    const root = page.doc.querySelector('[data-genesys-emulator]')!.shadowRoot!;
    await waitUntil(() => root.querySelector('[role=alert]')!.textContent!.includes('Cannot reach the messaging service'), 'no error shown', {
      timeout: 5000,
    });
    const errors = page.win.__genesysEmulator!.published.filter((p) => p.eventName === 'MessagingService.error');
    expect(errors).to.have.length.greaterThan(0);
  });

  it('MessagingService.clearConversation ends the conversation in the cloud; the next message starts another', async () => {
    const page = await openPage(LAB());
    await ready(page);
    const first = await guestSends(page, unique('before clearing'));
    await new Promise<void>((resolve, reject) =>
      page.win.Genesys!('command', 'MessagingService.clearConversation', {}, resolve, reject),
    );
    const published = () => page.win.__genesysEmulator!.published.map((p) => p.eventName);
    await waitUntil(() => published().includes('MessagingService.conversationCleared'), 'conversationCleared not published');
    expect((await cloud()).find((c) => c.id === first.id)!.state).to.equal('cleared');
    expect(chatLines(page)).to.deep.equal([]);
    const next = await guestSends(page, unique('after clearing'));
    expect(next.id).not.to.equal(first.id);
    expect(published()).to.include('MessagingService.started');
  });

  it('Messenger.open and close drive the chat window, and an open window stays open across a reload', async () => {
    const page = await openPage(LAB());
    await ready(page);
    const command = (name: string) =>
      new Promise<void>((resolve, reject) => page.win.Genesys!('command', name, {}, resolve, reject));
    const chatWindow = () => page.doc.querySelector('[data-genesys-emulator]')!.shadowRoot!.querySelector<HTMLElement>('.window')!;
    const launcher = () => page.doc.querySelector('[data-genesys-emulator]')!.shadowRoot!.querySelector<HTMLElement>('.launcher')!;
    await waitUntil(() => page.doc.querySelector('[data-genesys-emulator]'), 'no chat rendered');
    expect(chatWindow().hidden).to.equal(true);
    await command('Messenger.open');
    expect(chatWindow().hidden).to.equal(false);
    expect(launcher().getAttribute('aria-expanded')).to.equal('true');
    expect(localStorage.getItem(`_${DEPLOYMENT_ID}:gcmcopn`)).to.equal('true');
    await reload(page);
    await waitUntil(() => page.doc.querySelector('[data-genesys-emulator]') && !chatWindow().hidden, 'the window did not reopen');
    await command('Messenger.close');
    expect(chatWindow().hidden).to.equal(true);
    await command('Launcher.hide');
    expect(launcher().hidden).to.equal(true);
    const events = page.win.__genesysEmulator!.published.map((p) => p.eventName);
    expect(events).to.include.members(['Messenger.opened', 'Messenger.closed']);
  });

  it('an empty reply in the agent view is refused with a message', async () => {
    const page = await openPage(LAB());
    await ready(page);
    const conversation = await guestSends(page, unique('hi'));
    const doc = await openAgentView(conversation.id);
    (doc.getElementById('reply-form') as HTMLFormElement).requestSubmit();
    expect(doc.getElementById('reply-error')!.textContent).to.equal('Type a reply first.');
  });
});
