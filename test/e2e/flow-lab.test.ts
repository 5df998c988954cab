/**
 * What the data is for, end to end on the lab page: the deployment's inbound message flow (the
 * lab's default) runs at the conversation's first guest message, as Architect does. Data set
 * before that message reaches it; data set after reaches the agent later, but the bot has already
 * answered without it. The visitor's journey (GPE) is there from the first page view, so the
 * greeting can say where the visitor is.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { GcDatabasePlugin } from '../../src/database-plugin/database-plugin.js';
import { cloud, guestSends, openAgentView, unique } from '../support/cloud.js';
import { EMULATOR, clearStorage, openPage, pressSet, type LabPage } from '../support/pages.js';

const lab = (deploymentId: string) =>
  `<gc-messenger environment="prod" deployment-id="${deploymentId}" bootstrap-src="${EMULATOR}"></gc-messenger>` +
  '<gc-database-plugin></gc-database-plugin>';

/** The bot's lines in the guest's chat window, in order. */
function botLines(page: LabPage): string[] {
  const root = page.doc.querySelector('[data-genesys-emulator]')?.shadowRoot;
  return [...(root?.querySelectorAll('li.Outbound') ?? [])].map((li) => li.textContent ?? '');
}

async function setAttributes(page: LabPage, json: string) {
  const plugin = page.$<GcDatabasePlugin>('gc-database-plugin')!;
  await waitUntil(() => plugin.shadowRoot?.querySelector('textarea'), 'the panel did not render');
  pressSet(plugin, json);
  await waitUntil(() => plugin.status === 'pending', 'not pending');
}

describe('the lab\'s inbound message flow, end to end', () => {
  beforeEach(clearStorage);
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('data set before the first message: the bot greets with it, and says where the visitor is from (GPE)', async () => {
    const deploymentId = crypto.randomUUID();
    const page = await openPage(lab(deploymentId));
    await page.messengerIs('ready');
    // The visitor's journey exists from the first page view (the runtime's automatic page view).
    await waitUntil(() => page.win.__genesysEmulator?.journey?.sessionId, 'no GPE session');
    await setAttributes(page, '{ "keyInt": 123, "keyString": "hello" }');
    await guestSends(page, unique('Hi'));
    await waitUntil(() => botLines(page).length >= 2, 'the bot did not answer twice', { timeout: 5000 });
    expect(botLines(page)[0]).to.contain('I can see keyString = hello and keyInt = 123');
    // The deployment's emulated location, from the journey.
    expect(botLines(page)[1]).to.match(/You are browsing from .+, United States/);
  });

  it('data set after the first message: the bot answered without it; the agent sees it arrive later; the trace shows why', async () => {
    const deploymentId = crypto.randomUUID();
    const page = await openPage(lab(deploymentId));
    await page.messengerIs('ready');
    const first = unique('Hello');
    const conversation = await guestSends(page, first);
    await waitUntil(() => botLines(page).length >= 1, 'the bot did not answer', { timeout: 5000 });
    expect(botLines(page)[0]).to.contain('Your first message carried no custom attributes');

    // Now the data, with a later message: on the conversation, but the flow has run.
    await setAttributes(page, '{ "keyString": "too late" }');
    const later = unique('Here it is');
    await guestSends(page, later);
    await waitUntil(async () => (await cloud(deploymentId))[0]?.customAttributes?.keyString === 'too late', 'the data never reached the conversation');
    const onCloud = (await cloud(deploymentId)).find((c) => c.id === conversation.id) as unknown as {
      flow: { state: string; queue?: string; trace: Array<{ type: string }> };
    };
    expect(onCloud.flow.state).to.equal('transferred');
    expect(onCloud.flow.queue).to.equal('Lab queue');
    expect(onCloud.flow.trace.map((t) => t.type)).to.include('getParticipantData');
    // No second greeting: the flow ran once, at the first message.
    expect(botLines(page).filter((line) => line.includes('Hello'))).to.have.length(1);

    // The agent view: the value arrived with the later message, and what the flow did.
    const agent = await openAgentView(conversation.id);
    await waitUntil(() => agent.getElementById('participant-data')?.textContent?.includes('too late'), 'the agent view lacks the value');
    expect(agent.getElementById('attribute-sources')!.textContent).to.contain(later);
    await waitUntil(() => /Transferred/.test(agent.body.textContent ?? ''), 'the agent view does not show the flow\'s trace');
  });
});
