/**
 * The deployment's auto-start (config.json messenger.apps.conversations.autoStart): with it on,
 * the conversation starts as Messenger opens, and the pending custom attributes travel with the
 * Presence Join (as Genesys's transport SDK sends them: MessagingClientCustomAttributesTest), so
 * the agent has them before the guest types anything. With it off (the lab's), opening starts
 * nothing.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { boot, ready } from '../support/runtime-frame.js';

async function conversations(deploymentId: string) {
  return (await (await fetch(`/api/conversations?deploymentId=${deploymentId}`)).json()) as Array<{ customAttributes: Record<string, string>; messages: Array<{ type: string }> }>;
}

describe('the offline Genesys: auto-start', () => {
  afterEach(() => {
    document.querySelectorAll('iframe').forEach((f) => f.remove());
    localStorage.clear();
  });

  it('on: opening Messenger starts the conversation, the pending attributes riding on the Join', async () => {
    const deploymentId = crypto.randomUUID();
    const put = await fetch(`/api/deployments/${deploymentId}/settings`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ autoStart: { enabled: true } }),
    });
    expect(put.status).to.equal(200);
    const page = await boot(() => {}, deploymentId);
    await ready(page);
    await page.command('Database.set', { messaging: { customAttributes: { keyString: 'hello', keyInt: 123 } } });
    await page.command('Messenger.open');
    await waitUntil(async () => (await conversations(deploymentId)).length === 1, 'no conversation started', { timeout: 5000 });
    await waitUntil(async () => (await conversations(deploymentId))[0].customAttributes.keyString === 'hello', 'the attributes did not arrive', { timeout: 5000 });
    const [conversation] = await conversations(deploymentId);
    expect(conversation.customAttributes).to.deep.equal({ keyString: 'hello', keyInt: '123' });
    expect(conversation.messages.map((m) => m.type)).to.deep.equal(['Event'], 'the Join, and no text');
  });

  it('on: opening, closing and opening again before the Join is answered starts one conversation with one Join', async () => {
    const deploymentId = crypto.randomUUID();
    await fetch(`/api/deployments/${deploymentId}/settings`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ autoStart: { enabled: true } }),
    });
    const page = await boot(() => {}, deploymentId);
    await ready(page);
    await page.command('Messenger.open');
    await page.command('Messenger.close');
    await page.command('Messenger.open');
    await waitUntil(async () => (await conversations(deploymentId)).length === 1, 'no conversation started', { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 300));
    expect((await conversations(deploymentId)).length).to.equal(1);
    // The frames the runtime sent: one Join.
    const joins = (page.win.__genesysEmulator.frames as Array<{ message?: { events?: Array<{ presence?: { type?: string } }> } }>).filter(
      (f) => f.message?.events?.[0]?.presence?.type === 'Join',
    );
    expect(joins.length).to.equal(1);
  });

  it('off (the lab\'s default): opening Messenger starts nothing; the attributes wait for a message', async () => {
    const page = await boot();
    await ready(page);
    await page.command('Database.set', { messaging: { customAttributes: { keyString: 'waiting' } } });
    await page.command('Messenger.open');
    await new Promise((r) => setTimeout(r, 500));
    expect(await conversations(page.deploymentId)).to.deep.equal([]);
  });
});
