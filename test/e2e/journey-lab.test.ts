/**
 * The whole lab page against the offline Genesys: the workshop's two places for data, end to
 * end. A Journey command is on the visitor's Predictive Engagement session at once, before any
 * message, and a page load loses nothing already sent; the Database plugin's attributes wait for
 * a message, and a page load before it loses them. Login identifies the visitor; a conversation
 * started after is linked to the same session, and the agent view shows both.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { GcDatabasePlugin } from '../../src/database-plugin/database-plugin.js';
import { cloud, guestSends, openAgentView, setDeploymentSettings, unique } from '../support/cloud.js';
import { EMULATOR, button, clearStorage, openPage, pressSet, shadow, text, typeInto, type LabPage } from '../support/pages.js';

interface WebEvent {
  eventType: string;
  createdDate: string;
  webEvent?: { eventName: string; page?: { title?: string }; attributes?: Record<string, { value: unknown }> };
}
interface GpeSession {
  id: string;
  customerId: string;
  eventCount: number;
  browser?: { family?: string; lang?: string };
  device?: { category?: string };
  geolocation?: { source?: string };
  traits?: Record<string, { value: unknown }>;
  conversation?: { id: string };
}

const lab = (deploymentId: string) =>
  `<gc-messenger environment="prod" deployment-id="${deploymentId}" bootstrap-src="${EMULATOR}"></gc-messenger>` +
  '<gc-database-plugin></gc-database-plugin><gc-commands></gc-commands><gc-login-form></gc-login-form><gc-session-controls></gc-session-controls>';

/** The GPE session the page's runtime holds now (the test service needs no key on loopback). */
async function gpeSession(page: LabPage): Promise<GpeSession> {
  await waitUntil(() => page.win.__genesysEmulator?.journey?.sessionId, 'the runtime has no GPE session');
  const res = await fetch(`/api/v2/journey/sessions/${page.win.__genesysEmulator!.journey!.sessionId}`);
  expect(res.status).to.equal(200);
  return res.json();
}

async function events(sessionId: string): Promise<WebEvent[]> {
  const res = await fetch(`/api/v2/journey/sessions/${sessionId}/events`);
  expect(res.status).to.equal(200);
  return (await res.json()).entities;
}

const names = (list: WebEvent[]) => list.map((e) => e.webEvent?.eventName);

async function commandsReady(page: LabPage) {
  await page.messengerIs('ready');
  await waitUntil(() => page.win.customElements.get('gc-commands'), '<gc-commands> not defined');
  const commands = page.$('gc-commands')!;
  await waitUntil(() => commands.shadowRoot && !button(commands, 'Add Product').disabled, 'Add Product never usable', { timeout: 5000 });
  return commands;
}

async function press(page: LabPage, label: string) {
  const commands = page.$('gc-commands')!;
  const before = page.win.__genesysEmulator!.journey!.answers.length;
  button(commands, label).click();
  await waitUntil(() => text(commands, '[role=status]').includes('Messenger took it'), `${label} was not taken`);
  await waitUntil(() => page.win.__genesysEmulator!.journey!.answers.length > before, `${label} was not answered by the service`);
}

describe('the whole lab page: the conversation and the visitor\'s journey, side by side', () => {
  beforeEach(clearStorage);
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('Add Product is on the journey at once, before any message; a page load keeps it and loses the pending attributes', async () => {
    const deploymentId = crypto.randomUUID();
    const page = await openPage(lab(deploymentId));
    await commandsReady(page);
    // The first page view made the session, with the context Genesys collects with no code.
    const first = await gpeSession(page);
    expect(first.browser?.family).to.be.a('string');
    expect(first.device?.category).to.be.oneOf(['desktop', 'mobile', 'tablet']);
    expect(first.geolocation?.source).to.equal('emulated');

    await press(page, 'Add Product');
    const afterAdd = await events(first.id);
    expect(names(afterAdd)).to.include('product_added');
    const added = afterAdd.find((e) => e.webEvent?.eventName === 'product_added')!;
    expect(added.webEvent!.attributes!.code.value).to.equal('CDE-123');
    // No message, no conversation: the journey needs neither.
    expect(await cloud(deploymentId)).to.deep.equal([]);

    // Database data set now waits in the page for a message...
    const plugin = page.$<GcDatabasePlugin>('gc-database-plugin')!;
    pressSet(plugin, '{ "keyInt": 123, "keyString": "hello" }');
    await waitUntil(() => plugin.status === 'pending', 'not pending');

    // ...and a page load before one loses it. The journey loses nothing.
    await page.reload();
    await commandsReady(page);
    const again = page.$<GcDatabasePlugin>('gc-database-plugin')!;
    await waitUntil(() => again.status === 'empty' && text(again, '[part=notice]').includes('keyInt'), 'the loss is not shown');
    const afterLoad = await gpeSession(page);
    expect(afterLoad.id, 'the same visit, the same GPE session').to.equal(first.id);
    expect(names(await events(first.id))).to.include('product_added');
    expect(await cloud(deploymentId)).to.deep.equal([]);
    expect(page.win.__errors).to.deep.equal([]);
  });

  it('Login identifies the visitor; a conversation started after is linked to its session, and the agent view shows both', async () => {
    const deploymentId = crypto.randomUUID();
    const page = await openPage(lab(deploymentId));
    await commandsReady(page);
    await press(page, 'Add Product');

    const login = page.$('gc-login-form')!;
    typeInto(login, '#givenName', 'Ada');
    typeInto(login, '#familyName', 'Lovelace');
    typeInto(login, '#email', 'ada@example.com');
    button(login, 'Login').click();
    await waitUntil(() => text(login, '[role=status]').startsWith('Logged in as Ada Lovelace'), 'not logged in');
    let session: GpeSession = await gpeSession(page);
    await waitUntil(async () => (session = await gpeSession(page)).traits?.email?.value === 'ada@example.com', 'the session is not identified');
    expect(session.traits!.givenName.value).to.equal('Ada');
    expect(session.traits!.familyName.value).to.equal('Lovelace');

    // The conversation comes after, carrying Database data with its first message.
    const plugin = page.$<GcDatabasePlugin>('gc-database-plugin')!;
    pressSet(plugin, '{ "keyString": "hello" }');
    await waitUntil(() => plugin.status === 'pending', 'not pending');
    const words = unique('a question about the product');
    const conversation = await guestSends(page, words);
    expect(conversation.deploymentId).to.equal(deploymentId);
    expect((conversation as unknown as { journeySessionId?: string }).journeySessionId).to.equal(session.id);
    await waitUntil(async () => (await gpeSession(page)).conversation?.id === conversation.id, 'the session does not name its conversation');

    // One clock, both places: the record (before the chat) and the message with what it carried.
    const agent = await openAgentView(conversation.id);
    await waitUntil(() => !agent.getElementById('journey-panel')!.hidden, 'no journey panel');
    const timeline = () => [...agent.getElementById('journey')!.children] as HTMLElement[];
    await waitUntil(() => timeline().some((li) => li.dataset.event === 'product_added'), 'the timeline lacks the record');
    const record = timeline().findIndex((li) => li.dataset.event === 'product_added');
    const message = timeline().findIndex((li) => li.textContent!.includes(words));
    expect(message, 'the message is on the timeline').to.be.above(-1);
    expect(record, 'the record came before the chat').to.be.below(message);
    expect(timeline()[message].textContent).to.contain('keyString = hello');
    expect(agent.getElementById('journey-identity')!.textContent).to.contain('ada@example.com');
    expect(agent.getElementById('participant-data')!.textContent).to.contain('keyString');
    expect(page.win.__errors).to.deep.equal([]);
  });

  it('a deployment with Predictive Engagement off: the buttons say so, and nothing reaches a journey', async () => {
    const deploymentId = crypto.randomUUID();
    await setDeploymentSettings(deploymentId, { journeyEvents: false });
    const page = await openPage(lab(deploymentId));
    await page.messengerIs('ready');
    await waitUntil(() => page.win.customElements.get('gc-commands'), '<gc-commands> not defined');
    const commands = page.$('gc-commands')!;
    await waitUntil(() => commands.shadowRoot?.querySelector('button'), 'not rendered');
    // Messenger's own commands work; the Journey ones wait for a Journey.ready that never comes.
    expect(button(commands, 'Open Chat').disabled).to.equal(false);
    expect(button(commands, 'Add Product').disabled).to.equal(true);
    expect(text(commands, '[role=status]')).to.contain('Journey.ready');
    // From script, the command is refused with the reason.
    const refused = await new Promise<string>((resolve) =>
      page.win.Genesys!('command', 'Journey.record', { eventName: 'product_added' }, () => resolve('taken'), (e: unknown) => resolve(String((e as Error)?.message ?? e))),
    );
    expect(refused).to.contain('Predictive Engagement is off');
    expect(shadow(commands).querySelector('[role=alert]')!.textContent).to.equal('');
  });
});
