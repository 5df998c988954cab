/**
 * The demo lab page's own choices: the Messenger source (offline emulator or Genesys Cloud),
 * and the agent-view link for the page's own deployment.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { DEPLOYMENT_ID, clearStorage, openFrame } from './support/pages.js';

const openDemo = () => openFrame('/demo/index.html');

const messengerOf = (frame: HTMLIFrameElement) =>
  frame.contentDocument!.querySelector('gc-messenger') as HTMLElement & { state: string };

describe('the demo lab page', () => {
  beforeEach(() => {
    clearStorage();
    sessionStorage.setItem('gc-lab:environment', 'prod-euw1');
    sessionStorage.setItem('gc-lab:deployment-id', DEPLOYMENT_ID);
  });
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('runs on the offline emulator by default, and links to the agent view of its own deployment', async () => {
    const frame = await openDemo();
    await waitUntil(() => messengerOf(frame).state === 'ready', 'demo not ready', { timeout: 5000 });
    const doc = frame.contentDocument!;
    expect((doc.getElementById('source-offline') as HTMLInputElement).checked).to.equal(true);
    expect(doc.querySelector('script[src*="genesys-runtime"]')).to.exist;
    // Every link to the agent view on the page (the header's and the lesson's) shows this deployment.
    const links = [...doc.querySelectorAll('a.agent-link')].map((a) => a.getAttribute('href'));
    expect(links).to.have.length(2);
    expect(links).to.deep.equal([`/agent/?deploymentId=${DEPLOYMENT_ID}`, `/agent/?deploymentId=${DEPLOYMENT_ID}`]);
  });

  it('"Genesys Cloud" reloads the page and loads the real genesys.min.js for the region', async () => {
    const frame = await openDemo();
    await waitUntil(() => messengerOf(frame).state === 'ready', 'demo not ready', { timeout: 5000 });
    const reloaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
    const cloud = frame.contentDocument!.getElementById('source-cloud') as HTMLInputElement;
    cloud.click();
    await reloaded;
    const doc = frame.contentDocument!;
    await waitUntil(() => doc.querySelector('script[src^="https://"]'), 'no Genesys script', { timeout: 5000 });
    expect(doc.querySelector('script[src^="https://"]')!.getAttribute('src')).to.equal(
      'https://apps.mypurecloud.ie/genesys-bootstrap/genesys.min.js',
    );
    expect(doc.querySelector('script[src*="genesys-runtime"]')).to.equal(null);
    expect((doc.getElementById('source-cloud') as HTMLInputElement).checked).to.equal(true);
    expect(doc.getElementById('source-cloud-note')!.hidden).to.equal(false);
  });
});
