/**
 * axe over whole pages the tests cannot reach with `expect(el).to.be.accessible()` (which
 * runs in this document only): the demo lab page, the emulated chat window and the agent
 * view, each in an iframe with axe loaded into it.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { axe } from './support/axe.js';
import { DEPLOYMENT_ID, clearStorage, openFrame, sendAsGuest } from './support/pages.js';

const open = (url: string) => openFrame(url, { width: 1200, height: 900 });

describe('whole pages are accessible', () => {
  beforeEach(clearStorage);
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  /** The demo lab page, configured and ready, with the chat open. */
  async function demoWithChatOpen(): Promise<HTMLIFrameElement> {
    sessionStorage.setItem('gc-lab:environment', 'prod');
    sessionStorage.setItem('gc-lab:deployment-id', DEPLOYMENT_ID);
    const frame = await open('/demo/index.html');
    const doc = frame.contentDocument!;
    await waitUntil(() => (doc.querySelector('gc-messenger') as HTMLElement & { state?: string })?.state === 'ready', 'demo not ready', {
      timeout: 5000,
    });
    await waitUntil(() => doc.querySelector('[data-genesys-emulator]'), 'no chat');
    doc.querySelector('[data-genesys-emulator]')!.shadowRoot!.querySelector<HTMLButtonElement>('.launcher')!.click();
    return frame;
  }

  it('the demo lab page in dark mode (prefers-color-scheme: dark), configured, chat open', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    try {
      const frame = await demoWithChatOpen();
      // The page is dark, and so are the elements on it.
      expect(getComputedStyle(frame.contentDocument!.documentElement).backgroundColor).to.equal('rgb(18, 19, 22)');
      expect(await axe(frame)).to.deep.equal([]);
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('the demo lab page, configured, with the chat open', async () => {
    expect(await axe(await demoWithChatOpen())).to.deep.equal([]);
  });

  it('the agent view with a conversation', async () => {
    sessionStorage.setItem('gc-lab:environment', 'prod');
    sessionStorage.setItem('gc-lab:deployment-id', DEPLOYMENT_ID);
    const guest = await open('/demo/index.html');
    await waitUntil(
      () => (guest.contentDocument!.querySelector('gc-messenger') as HTMLElement & { state?: string })?.state === 'ready',
      'demo not ready',
      { timeout: 5000 },
    );
    await sendAsGuest(guest.contentWindow!, 'Hello from the accessibility test');
    const agent = await open('/emulator/agent/index.html');
    await waitUntil(() => agent.contentDocument!.querySelector('#transcript li'), 'agent view empty', { timeout: 5000 });
    expect(await axe(agent)).to.deep.equal([]);
    // One deployment in view: its settings pane too.
    const one = await open(`/emulator/agent/index.html?deploymentId=${DEPLOYMENT_ID}`);
    // Connected (its first snapshot shows the main view), with the settings pane: the settings can
    // come first.
    await waitUntil(
      () => !one.contentDocument!.getElementById('settings')!.hidden && !one.contentDocument!.getElementById('main')!.hidden,
      'no settings pane',
      { timeout: 5000 },
    );
    expect(await axe(one)).to.deep.equal([]);
  });
});
