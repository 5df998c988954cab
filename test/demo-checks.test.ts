/**
 * The lab page's guided checks, run in the order a workshop handout gives the Database exercises:
 * (a) set, send: the agent gets the data with that message; (b) set, page load, send, in the SAME
 * conversation: the page says the load lost the keys, and that what the agent sees came with the
 * earlier message, not this one; then starting clean. The checks must tell the truth.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { clearStorage, openFrame, pressSet, sendAsGuest } from './support/pages.js';

type Plugin = HTMLElement & { status: string };

function checks(frame: HTMLIFrameElement): string[] {
  return [...frame.contentDocument!.querySelectorAll('#checks li')].map((li) => li.textContent!.replace(/^\S+\s(AM|PM)?\s*/, '').trim());
}

async function lastCheck(frame: HTMLIFrameElement, count: number): Promise<string> {
  await waitUntil(() => checks(frame).length >= count, `fewer than ${count} checks: ${JSON.stringify(checks(frame))}`, { timeout: 8000 });
  return checks(frame)[count - 1];
}

async function ready(frame: HTMLIFrameElement) {
  const doc = frame.contentDocument!;
  await waitUntil(() => (doc.querySelector('gc-messenger') as HTMLElement & { state?: string })?.state === 'ready', 'not ready', { timeout: 8000 });
  const plugin = doc.querySelector<Plugin>('gc-database-plugin')!;
  await waitUntil(() => plugin.shadowRoot?.querySelector('textarea'), 'the panel did not render');
  return plugin;
}

describe('the lab page checks the Database exercises against the offline Genesys', () => {
  beforeEach(clearStorage);
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('(a) then (b) in one conversation: the page says what the agent really received, and offers to start clean', async () => {
    sessionStorage.setItem('gc-lab:environment', 'prod-euw1');
    sessionStorage.setItem('gc-lab:deployment-id', crypto.randomUUID());
    let frame = await openFrame('/demo/index.html');
    let plugin = await ready(frame);
    expect(frame.contentDocument!.getElementById('checks-panel')!.hidden).to.equal(false);

    // (a) Set, send: carried.
    pressSet(plugin, '{ "keyInt": 123, "keyString": "hello" }');
    await waitUntil(() => plugin.status === 'pending', 'not pending');
    await sendAsGuest(frame.contentWindow!, 'Hello');
    expect(await lastCheck(frame, 1)).to.equal('The agent received keyInt = 123, keyString = hello with your message "Hello".');

    // The same whole set again changes nothing, and the page says so.
    pressSet(plugin, '{ "keyInt": 123, "keyString": "hello" }');
    expect(await lastCheck(frame, 2)).to.contain('Nothing new to send: keyInt, keyString were already sent with your last message');

    // (b) Set, then a page load before any message: lost, and the conversation got nothing new.
    pressSet(plugin, '{ "keyInt": 456 }');
    await waitUntil(() => plugin.status === 'pending', 'not pending');
    const reloaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    frame.contentWindow!.location.reload();
    await reloaded;
    plugin = await ready(frame);
    // keyInt changed and was lost; keyString = hello was already there, from "Hello".
    expect(await lastCheck(frame, 3)).to.match(
      /^This page load lost keyInt \(set at .+, never sent\): this conversation received nothing new \(keyString = hello was already on the conversation, from an earlier message\)\.$/,
    );
    // The older checks are still there after the load.
    expect(checks(frame)[0]).to.contain('The agent received');

    // Then a message: it carries nothing; what the agent sees came with "Hello".
    await sendAsGuest(frame.contentWindow!, 'Again');
    const again = await lastCheck(frame, 4);
    expect(again).to.contain('Your message "Again" carried no custom attributes.');
    expect(again).to.contain('came with an earlier message, "Hello"');
    const startClean = frame.contentDocument!.getElementById('start-clean') as HTMLButtonElement;
    expect(startClean.hidden).to.equal(false);

    // Start clean: the next message is a new conversation with only what it carries.
    startClean.click();
    expect(await lastCheck(frame, 5)).to.equal('Ended that conversation. Press "Start a new conversation" in the chat: the new one has only the data its own messages carry.');
    expect(startClean.hidden).to.equal(true);
  });

  it('data that comes after the first message: the agent gets it, and the page says the flow already answered without it', async () => {
    sessionStorage.setItem('gc-lab:environment', 'prod-euw1');
    sessionStorage.setItem('gc-lab:deployment-id', crypto.randomUUID());
    const frame = await openFrame('/demo/index.html');
    const plugin = await ready(frame);
    await sendAsGuest(frame.contentWindow!, 'Hello, no data yet');
    expect(await lastCheck(frame, 1)).to.contain('carried no custom attributes, and this conversation has none');
    pressSet(plugin, '{ "keyString": "late" }');
    await waitUntil(() => plugin.status === 'pending', 'not pending');
    await sendAsGuest(frame.contentWindow!, 'Now with data');
    const check = await lastCheck(frame, 2);
    expect(check).to.contain('The agent received keyString = late with your message "Now with data", but it was not the conversation\'s first');
    expect(check).to.contain('the flow already ran at "Hello, no data yet"');
    // Announced alone, not the whole list again.
    expect(frame.contentDocument!.getElementById('checks-announce')!.textContent).to.equal(checks(frame)[1]);
  });
});
