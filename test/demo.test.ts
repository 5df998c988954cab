/**
 * The demo lab page's own choices: the Messenger source (offline emulator or Genesys Cloud),
 * and the agent-view link for the page's own deployment, with the student's own agent key.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { DEPLOYMENT_ID, clearStorage, openFrame } from './support/pages.js';

const openDemo = () => openFrame('/demo/index.html');

const messengerOf = (frame: HTMLIFrameElement) =>
  frame.contentDocument!.querySelector('gc-messenger') as HTMLElement & { state: string };

const KEY_PREFIX = 'gc-lab-demo:agent-key:';
const links = (frame: HTMLIFrameElement) => [...frame.contentDocument!.querySelectorAll('a.agent-link')].map((a) => a.getAttribute('href'));
/** The page's requests for a key (POST /api/deployments/<id>/key). */
const claimsMade = (frame: HTMLIFrameElement) =>
  frame.contentWindow!.performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname.startsWith('/api/deployments/'));

/**
 * The demo with no deployment configured (so it claims nothing by itself), `fetch` answered by
 * `answer`, and then told by the messenger's event that it uses `deploymentId`.
 */
async function demoAnswering(deploymentId: string, answer: (url: string, init?: RequestInit) => Promise<Response>) {
  sessionStorage.removeItem('gc-lab:deployment-id');
  const frame = await openDemo();
  const win = frame.contentWindow! as Window & typeof globalThis;
  // Every element upgraded and said what it had to say (the unconfigured messenger, no id). The
  // Commands and Login Form come later (fetched beside the bundle), and ask the messenger for
  // its state again when they connect.
  const tags = ['gc-messenger', 'gc-database-plugin', 'gc-commands', 'gc-login-form', 'gc-session-controls'];
  await Promise.all(tags.map((tag) => win.customElements.whenDefined(tag)));
  await waitUntil(() => messengerOf(frame).state === 'unconfigured', 'the demo is not unconfigured', { timeout: 5000 });
  const errors: unknown[] = [];
  win.addEventListener('unhandledrejection', (e) => errors.push(e.reason));
  const asked: Array<{ url: string; method?: string }> = [];
  win.fetch = async (url, init) => {
    asked.push({ url: String(url), method: init?.method });
    return answer(String(url), init);
  };
  frame.contentDocument!.dispatchEvent(new win.CustomEvent('gc-messenger-state', { detail: { state: 'ready', deploymentId } }));
  return { frame, asked, errors, note: frame.contentDocument!.getElementById('agent-key-note')! };
}

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
    const hrefs = links(frame);
    expect(hrefs).to.have.length(2);
    for (const href of hrefs) {
      const url = new URL(href!, location.origin);
      expect(url.pathname).to.equal('/agent/');
      expect(url.searchParams.get('deploymentId')).to.equal(DEPLOYMENT_ID);
    }
  });

  // Needs the server's student keys (POST /api/deployments/<id>/key).
  it('reuses the agent key this browser holds for its deployment: every link carries it, and nothing is claimed', async () => {
    const id = crypto.randomUUID();
    const claimed = await fetch(`/api/deployments/${id}/key`, { method: 'POST' });
    expect(claimed.status, 'the server does not give student keys (POST /api/deployments/<id>/key)').to.equal(201);
    const { key } = await claimed.json();
    localStorage.setItem(`${KEY_PREFIX}${id}`, key);
    sessionStorage.setItem('gc-lab:deployment-id', id);
    const frame = await openDemo();
    const expected = `/agent/?deploymentId=${id}&key=${encodeURIComponent(key)}`;
    await waitUntil(() => links(frame).every((href) => href === expected), 'the links do not carry the held key', { timeout: 5000 });
    await waitUntil(() => messengerOf(frame).state === 'ready', 'demo not ready', { timeout: 5000 });
    expect(links(frame)).to.deep.equal([expected, expected]);
    expect(claimsMade(frame)).to.deep.equal([]);
    expect(frame.contentDocument!.getElementById('agent-key-note')!.textContent).to.equal('');
  });

  // Needs the server's student keys (POST /api/deployments/<id>/key).
  it('a held key the server no longer knows (it restarted and forgot its keys) is claimed again', async () => {
    const id = crypto.randomUUID();
    localStorage.setItem(`${KEY_PREFIX}${id}`, 'a-key-from-before-the-restart');
    sessionStorage.setItem('gc-lab:deployment-id', id);
    const frame = await openDemo();
    const fresh = () => localStorage.getItem(`${KEY_PREFIX}${id}`);
    await waitUntil(() => fresh() !== 'a-key-from-before-the-restart', 'the forgotten key was kept', { timeout: 5000 });
    const expected = `/agent/?deploymentId=${id}&key=${encodeURIComponent(fresh()!)}`;
    await waitUntil(() => links(frame).every((href) => href === expected), 'the links do not carry the new key', { timeout: 5000 });
    expect(claimsMade(frame)).to.have.length(1);
  });

  it('a deployment ID someone already holds a key for (409): a note by the link, the links without a key', async () => {
    const id = crypto.randomUUID();
    const { frame, asked, errors, note } = await demoAnswering(id, async () =>
      new Response(JSON.stringify({ error: 'This deployment already has a key.' }), { status: 409, headers: { 'Content-Type': 'application/json' } }),
    );
    await waitUntil(() => note.textContent, 'no note for the 409');
    expect(note.textContent).to.equal(
      'This deployment ID is someone else\'s (or yours, from another browser): its agent view needs the key given with it, which is never given twice. Generate an ID of your own to get yours.',
    );
    expect(note.getAttribute('role')).to.equal('status');
    expect(asked).to.deep.equal([{ url: `/api/deployments/${id}/key`, method: 'POST' }]);
    expect(links(frame)).to.deep.equal([`/agent/?deploymentId=${id}`, `/agent/?deploymentId=${id}`]);
    expect(localStorage.getItem(`${KEY_PREFIX}${id}`)).to.equal(null);
    expect(errors).to.deep.equal([]);
  });

  it('claims once per deployment (the messenger reports its state more than once), and stores what it gets', async () => {
    const id = crypto.randomUUID();
    const { frame, asked, note } = await demoAnswering(id, async () =>
      new Response(JSON.stringify({ deploymentId: id, key: 'a-new-student-key' }), { status: 201, headers: { 'Content-Type': 'application/json' } }),
    );
    const win = frame.contentWindow! as Window & typeof globalThis;
    frame.contentDocument!.dispatchEvent(new win.CustomEvent('gc-messenger-state', { detail: { state: 'ready', deploymentId: id } }));
    const expected = `/agent/?deploymentId=${id}&key=a-new-student-key`;
    await waitUntil(() => links(frame).every((href) => href === expected), 'the links do not carry the new key');
    expect(asked).to.have.length(1);
    expect(localStorage.getItem(`${KEY_PREFIX}${id}`)).to.equal('a-new-student-key');
    expect(note.textContent).to.equal('');
  });

  it('a claim that fails (no network, or refused): a short note, never an uncaught rejection', async () => {
    const offline = await demoAnswering(crypto.randomUUID(), () => Promise.reject(new TypeError('Failed to fetch')));
    await waitUntil(() => offline.note.textContent, 'no note when the server cannot be reached');
    expect(offline.note.textContent).to.equal('No key for the agent view: the server cannot be reached. Reload the page to try again.');
    expect(offline.errors).to.deep.equal([]);
    offline.frame.remove();

    const limited = await demoAnswering(crypto.randomUUID(), async () =>
      new Response(JSON.stringify({ error: 'Too many key requests: try again in 60 seconds.' }), { status: 429, headers: { 'Retry-After': '60' } }),
    );
    await waitUntil(() => limited.note.textContent, 'no note for a refusal');
    expect(limited.note.textContent).to.equal('No key for the agent view: Too many key requests: try again in 60 seconds.');
    expect(limited.errors).to.deep.equal([]);
  });

  // Needs the server's student keys (POST /api/deployments/<id>/key).
  it('offline, claims a key for a new deployment from the server, links with it, and a reload reuses it', async () => {
    const id = crypto.randomUUID();
    sessionStorage.setItem('gc-lab:deployment-id', id);
    const frame = await openDemo();
    const withKey = () => links(frame).every((href) => new URL(href!, location.origin).searchParams.get('key'));
    await waitUntil(withKey, 'the links never got a key', { timeout: 5000 });
    const key = localStorage.getItem(`${KEY_PREFIX}${id}`);
    expect(key).to.be.a('string').and.not.equal('');
    expect(links(frame)).to.deep.equal([0, 1].map(() => `/agent/?deploymentId=${id}&key=${encodeURIComponent(key!)}`));
    expect(claimsMade(frame)).to.have.length(1);

    const reloaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
    frame.contentWindow!.location.reload();
    await reloaded;
    await waitUntil(withKey, 'the reloaded page has no key', { timeout: 5000 });
    await waitUntil(() => messengerOf(frame).state === 'ready', 'demo not ready', { timeout: 5000 });
    expect(links(frame)[0]).to.equal(`/agent/?deploymentId=${id}&key=${encodeURIComponent(key!)}`);
    expect(claimsMade(frame)).to.deep.equal([]);
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
    // The steps name no button that is not there: Generate is offline only.
    const steps = doc.querySelector<HTMLElement>('section[aria-labelledby=deployment-title] .steps')!;
    expect(steps.innerText).not.to.contain('Generate');
    expect(steps.innerText).to.contain('Admin › Messenger Deployments');
    const messenger = messengerOf(frame);
    expect([...messenger.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent!.trim())).not.to.include(
      'Generate an offline deployment ID',
    );
  });

  it('offline, the steps tell the student to Generate, and the form has the button', async () => {
    const frame = await openDemo();
    await waitUntil(() => messengerOf(frame).state === 'ready', 'demo not ready', { timeout: 5000 });
    const steps = frame.contentDocument!.querySelector<HTMLElement>('section[aria-labelledby=deployment-title] .steps')!;
    expect(steps.innerText).to.contain('Generate an offline deployment ID');
    expect(steps.innerText).not.to.contain('Admin › Messenger Deployments');
    expect([...messengerOf(frame).shadowRoot!.querySelectorAll('button')].map((b) => b.textContent!.trim())).to.include(
      'Generate an offline deployment ID',
    );
  });
});
