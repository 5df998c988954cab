/**
 * The agent view (emulator/agent/) as an instructor and students use it in a room: it asks
 * for the agent key and keeps it for the tab, shows one deployment with `?deploymentId=`,
 * follows the newest conversation, says which message brought each attribute, and says why
 * participant data is empty. Guests here are plain WebSockets on the test server's service.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { axe } from '../support/axe.js';
import { withoutFlow } from '../support/cloud.js';
import { guest } from '../support/guest.js';
import { openFrame } from '../support/pages.js';

const KEY = 'room-key-for-the-agent-view-test';
const KEY_STORAGE = 'gc-lab:agent-key';

async function setAccess(key?: string): Promise<void> {
  const res = await fetch('/__test/agent-access', { method: 'POST', body: JSON.stringify(key ? { key } : {}) });
  expect(res.status).to.equal(204);
}

/** The page's context as the runtime reports it with a Journey event (emulator/README.md). */
const CONTEXT = {
  page: { url: 'http://localhost:8000/demo/', title: 'Messaging & GPE lab' },
  browser: { family: 'Chrome', version: '126.0', lang: 'en-US', viewHeight: 800, viewWidth: 1280 },
  device: { category: 'desktop', osFamily: 'Linux', screenHeight: 1080, screenWidth: 1920, isMobile: false },
};

/** A visitor's Journey event, as the runtime posts it; resolves with the service's answer (202). */
async function journey(
  deploymentId: string,
  { customerId = crypto.randomUUID(), sessionId, kind = 'pageview', data = {} }: { customerId?: string; sessionId?: string; kind?: 'pageview' | 'record'; data?: Record<string, unknown> } = {},
): Promise<{ customerId: string; sessionId: string; eventId: string; newSession: boolean }> {
  const res = await fetch('/api/journey', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ deploymentId, customerId, ...(sessionId ? { sessionId } : {}), kind, data, context: CONTEXT }),
  });
  expect(res.status, 'the Journey event was refused').to.equal(202);
  return res.json();
}

/**
 * The deployment runs no inbound message flow (an empty one): no bot answers, so a transcript
 * holds only what a test sends (the flow's own view is test/agent/flow-script.test.ts's).
 */
async function conversationIds(deploymentId: string): Promise<string[]> {
  const list: Array<{ id: string }> = await (await fetch(`/api/conversations?deploymentId=${deploymentId}`)).json();
  return list.map((c) => c.id);
}

function openAgent(query = ''): Promise<HTMLIFrameElement> {
  return openFrame(`/emulator/agent/index.html${query}`, { width: 1100, height: 800 });
}

/** The agent view of one deployment, once it shows its first snapshot. */
async function openDeploymentView(deploymentId: string): Promise<{ frame: HTMLIFrameElement; doc: Document }> {
  const frame = await openAgent(`?deploymentId=${deploymentId}`);
  const doc = frame.contentDocument!;
  await waitUntil(() => doc.body.dataset.loaded === 'true', 'not loaded');
  return { frame, doc };
}

/**
 * The agent view as a srcdoc copy of its page, with `fetch` answered by `answer` before the
 * view's script runs (for answers the test server does not give).
 */
async function openAgentAnswering(answer: (url: string, init?: RequestInit) => Promise<Response>): Promise<HTMLIFrameElement> {
  const page = await (await fetch('/emulator/agent/index.html')).text();
  (window as unknown as { agentFetch: typeof answer }).agentFetch = answer;
  const frame = document.createElement('iframe');
  frame.style.width = '1100px';
  frame.style.height = '800px';
  const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
  frame.srcdoc = page
    .replaceAll('"./agent.', '"/emulator/agent/agent.')
    .replace('<head>', '<head><script>window.fetch = (url, init) => parent.agentFetch(String(url), init);</script>');
  document.body.append(frame);
  await loaded;
  return frame;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** Requests the page made to the agent API and that were answered in full (not the open stream), by path and query. */
const apiRequests = (frame: HTMLIFrameElement) =>
  frame
    .contentWindow!.performance.getEntriesByType('resource')
    .map((e) => new URL(e.name))
    .filter((u) => u.pathname.startsWith('/api/'))
    .map((u) => u.pathname + u.search);

/** A student's own key for `deploymentId`, claimed as the lab page claims it. */
async function claimKey(deploymentId: string): Promise<string> {
  const res = await fetch(`/api/deployments/${deploymentId}/key`, { method: 'POST' });
  expect(res.status, 'the server does not give student keys (POST /api/deployments/<id>/key)').to.equal(201);
  const body = await res.json();
  expect(body.deploymentId).to.equal(deploymentId);
  return body.key;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const visible = (el: Element | null) => !!el && !(el as HTMLElement).closest('[hidden]');
const listed = (doc: Document) => [...doc.querySelectorAll<HTMLButtonElement>('#conversations button')].map((b) => b.dataset.id);
const shown = (doc: Document) => doc.getElementById('detail-title')!.textContent;

describe('the agent view', () => {
  afterEach(async () => {
    document.querySelectorAll('iframe').forEach((f) => f.remove());
    sessionStorage.removeItem(KEY_STORAGE);
    await setAccess();
  });

  it('asks for the agent key once (labelled password field, errors announced), then keeps it for the tab', async () => {
    await setAccess(KEY);
    const frame = await openAgent();
    const doc = frame.contentDocument!;
    await waitUntil(() => visible(doc.getElementById('key-form')), 'no key form');
    const input = doc.getElementById('agent-key') as HTMLInputElement;
    expect(input.type).to.equal('password');
    expect(doc.querySelector('label[for="agent-key"]')!.textContent).to.equal('Agent key');
    // Either key works: the instructor's, or the student's own from the lab page.
    expect(doc.getElementById('key-help')!.textContent!.replace(/\s+/g, ' ')).to.match(/the instructor's agent key .*your own key from the lab page/);
    expect(visible(doc.getElementById('main'))).to.equal(false);
    // The key form is the page's main content while it shows (one main landmark, as axe wants).
    expect(await axe(frame)).to.deep.equal([]);

    input.value = 'not the key';
    (doc.getElementById('key-form') as HTMLFormElement).requestSubmit();
    const error = doc.getElementById('key-error')!;
    await waitUntil(() => error.textContent!.includes('refused'), 'no error for a wrong key');
    expect(error.getAttribute('role')).to.equal('alert');

    input.value = KEY;
    (doc.getElementById('key-form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => visible(doc.getElementById('main')) && doc.body.dataset.loaded === 'true', 'the right key did not open the view');
    expect(visible(doc.getElementById('key-form'))).to.equal(false);

    // Kept for the tab: a reload asks nothing.
    frame.contentWindow!.location.reload();
    await new Promise((r) => frame.addEventListener('load', r, { once: true }));
    const again = frame.contentDocument!;
    await waitUntil(() => again.body.dataset.loaded === 'true', 'the reloaded view did not load with the kept key');
    expect(visible(again.getElementById('key-form'))).to.equal(false);
  });

  it('takes ?key= from its first URL and removes it from the address bar', async () => {
    await setAccess(KEY);
    const deploymentId = crypto.randomUUID();
    const frame = await openAgent(`?deploymentId=${deploymentId}&key=${encodeURIComponent(KEY)}`);
    const doc = frame.contentDocument!;
    await waitUntil(() => doc.body.dataset.loaded === 'true', 'the view did not open with ?key=');
    expect(frame.contentWindow!.location.search).to.equal(`?deploymentId=${deploymentId}`);
    expect(sessionStorage.getItem(KEY_STORAGE)).to.equal(KEY);
  });

  it('with ?deploymentId= shows only that deployment, and follows its newest conversation until the agent picks one', async () => {
    const mine = crypto.randomUUID();
    const other = crypto.randomUUID();
    await withoutFlow(mine);
    const first = await guest(mine);
    await first.say('first student message');
    const stranger = await guest(other);
    await stranger.say('another deployment');

    const frame = await openAgent(`?deploymentId=${mine}`);
    const doc = frame.contentDocument!;
    await waitUntil(() => doc.body.dataset.loaded === 'true', 'not loaded');
    const [firstId] = await conversationIds(mine);
    expect(listed(doc)).to.deep.equal([firstId]);
    expect(doc.body.textContent).not.to.contain('another deployment');
    expect(shown(doc)).to.equal(`Conversation ${firstId!.slice(0, 8)}`);

    // A new conversation of this deployment: the view moves to it; the other deployment's does not show.
    const second = await guest(mine);
    await second.say('second conversation');
    const third = await guest(other);
    await third.say('not mine either');
    const secondId = (await conversationIds(mine)).find((id) => id !== firstId)!;
    await waitUntil(() => shown(doc) === `Conversation ${secondId.slice(0, 8)}`, 'did not follow the newest conversation');
    expect(listed(doc)).to.deep.equal([secondId, firstId]);

    // The agent picks the older one: a newer conversation no longer takes the view away.
    doc.querySelector<HTMLButtonElement>(`#conversations button[data-id="${firstId}"]`)!.click();
    const fourth = await guest(mine);
    await fourth.say('fourth');
    await waitUntil(() => listed(doc).length === 3, 'the new conversation is not listed');
    expect(shown(doc)).to.equal(`Conversation ${firstId!.slice(0, 8)}`);
    // The list entry: its time, and the last message in full (clipped by CSS, whole in title).
    const entry = doc.querySelector(`#conversations button[data-id="${firstId}"]`)!;
    expect(entry.querySelector('time')).to.not.equal(null);
    const preview = entry.querySelector<HTMLElement>('.preview')!;
    expect(preview.title).to.equal('Guest: first student message');
    expect(getComputedStyle(preview).textOverflow).to.equal('ellipsis');
    for (const g of [first, second, third, fourth, stranger]) g.close();
  });

  it('says which message brought each attribute, and the value it brought; says why there is none yet', async () => {
    const deploymentId = crypto.randomUUID();
    const g = await guest(deploymentId);
    await g.say('no attributes here');
    const { doc } = await openDeploymentView(deploymentId);
    expect(visible(doc.getElementById('no-data'))).to.equal(true);
    expect(doc.getElementById('no-data')!.textContent).to.equal(
      'No message has carried custom attributes yet: set some in the lab page, then send a message.',
    );
    expect(visible(doc.getElementById('participant-data'))).to.equal(false);

    await g.say('I like red', { color: 'red' });
    await g.say('now blue, size L', { color: 'blue', size: 'L' });
    await waitUntil(() => doc.querySelectorAll('#attribute-sources li').length === 3, 'the sources are not listed');
    expect(visible(doc.getElementById('no-data'))).to.equal(false);
    const rows = [...doc.querySelectorAll('#participant-data tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows.map((r) => r.slice(0, 2))).to.deep.equal([
      ['color', 'blue'],
      ['size', 'L'],
    ]);
    // Who set each value (beside the flow and the Agent Script): the guest's messages here.
    expect(rows.map((r) => r[2]!.startsWith("a guest's message"))).to.deep.equal([true, true]);
    const sources = [...doc.querySelectorAll('#attribute-sources li')].map((li) => li.textContent!.replace(/ at .*$/, ''));
    expect(sources).to.deep.equal([
      "color = red brought by the guest's message “I like red”",
      "color = blue brought by the guest's message “now blue, size L”",
      "size = L brought by the guest's message “now blue, size L”",
    ]);
    g.close();
  });

  it('marks attributes sent at the frame\'s top level as ignored (Genesys since 2026-06-05), and shows what arrived as key = value', async () => {
    const deploymentId = crypto.randomUUID();
    await withoutFlow(deploymentId);
    const g = await guest(deploymentId);
    await g.say('in the right place', { 'my key': 'two words' });
    await g.send({ action: 'onMessage', channel: { metadata: { customAttributes: { lost: 'yes' } } }, message: { type: 'Text', text: 'in the wrong place' } }, 'in the wrong place');
    const frame = await openAgent(`?deploymentId=${deploymentId}`);
    const doc = frame.contentDocument!;
    await waitUntil(() => doc.querySelectorAll('#transcript li').length === 2, 'no transcript');
    const [right, wrong] = [...doc.querySelectorAll('#transcript li')];
    expect(right.querySelector('.attributes')!.textContent).to.equal('arrived with: my key = two words');
    expect(wrong.querySelector('.attributes.ignored')!.textContent).to.equal(
      'attributes sent in channel.metadata were ignored: Genesys reads only message.channel.metadata since 2026-06-05 (lost)',
    );
    const rows = [...doc.querySelectorAll('#participant-data tbody tr')].map((tr) => tr.querySelector('td')!.textContent);
    expect(rows).to.deep.equal(['my key'], 'the ignored attribute is not participant data');
    g.close();
  });

  it('shows one deployment\'s settings; the instructor changes them, a bad value is refused with the reason, the defaults come back', async () => {
    const deploymentId = crypto.randomUUID();
    const frame = await openAgent(`?deploymentId=${deploymentId}`);
    const doc = frame.contentDocument!;
    await waitUntil(() => !doc.getElementById('settings')!.hidden, 'no settings pane');
    const domains = doc.getElementById('allowed-domains') as HTMLTextAreaElement;
    await waitUntil(() => (doc.getElementById('disconnect-type') as HTMLSelectElement).value === 'ReadOnly', 'settings not filled');
    expect(domains.value).to.equal('');
    expect(doc.querySelector('label[for="allowed-domains"]')!.textContent).to.match(/Allowed domains/);
    const form = doc.getElementById('settings-form') as HTMLFormElement;

    domains.value = 'not an origin';
    form.requestSubmit();
    const error = doc.getElementById('settings-error')!;
    await waitUntil(() => error.textContent!.includes('is not an origin'), 'no error for a bad origin');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.match(/Nothing was changed/);
    let saved = await (await fetch(`/api/deployments/${deploymentId}/settings`)).json();
    expect(saved.allowedDomains).to.equal(null);

    domains.value = 'https://www.example.com\nhttp://localhost:*';
    (doc.getElementById('auto-start') as HTMLInputElement).checked = true;
    form.requestSubmit();
    await waitUntil(() => doc.getElementById('settings-status')!.textContent === 'Saved.', 'not saved');
    expect(error.textContent).to.equal('');
    saved = await (await fetch(`/api/deployments/${deploymentId}/settings`)).json();
    expect(saved.allowedDomains).to.deep.equal(['https://www.example.com', 'http://localhost:*']);
    expect(saved.autoStart).to.deep.equal({ enabled: true });
    const config = await (await fetch(`/webdeployments/v1/deployments/${deploymentId}/config.json`)).json();
    expect(config.messenger.apps.conversations.autoStart).to.deep.equal({ enabled: true });
    expect(saved.journeyEvents).to.equal(true);
    expect(saved.geolocation.locality).to.equal('Indianapolis');

    // Predictive Engagement off, and the visitors' (emulated) location elsewhere.
    (doc.getElementById('journey-events') as HTMLInputElement).checked = false;
    (doc.getElementById('geo-locality') as HTMLInputElement).value = 'Paris';
    (doc.getElementById('geo-country') as HTMLInputElement).value = 'France';
    form.requestSubmit();
    await waitUntil(() => error.textContent!.includes('two-letter country code'), 'no error for a bad country code');
    (doc.getElementById('geo-country') as HTMLInputElement).value = 'FR';
    form.requestSubmit();
    await waitUntil(() => doc.getElementById('settings-status')!.textContent === 'Saved.' && !error.textContent, 'not saved');
    saved = await (await fetch(`/api/deployments/${deploymentId}/settings`)).json();
    expect(saved.journeyEvents).to.equal(false);
    expect(saved.geolocation).to.include({ locality: 'Paris', country: 'FR' });
    expect((await (await fetch(`/webdeployments/v1/deployments/${deploymentId}/config.json`)).json()).journeyEvents).to.deep.equal({ enabled: false });
    expect(doc.querySelector('label[for="geo-locality"]')!.textContent).to.equal('City');

    (doc.getElementById('settings-reset') as HTMLButtonElement).click();
    await waitUntil(() => doc.getElementById('settings-status')!.textContent === "The lab's defaults are back.", 'not reset');
    expect(domains.value).to.equal('');
    expect((doc.getElementById('auto-start') as HTMLInputElement).checked).to.equal(false);
  });

  it('seeing every deployment, a conversation\'s deployment links to its own view (where its settings are)', async () => {
    const deploymentId = crypto.randomUUID();
    const g = await guest(deploymentId);
    await g.say('find my deployment');
    const frame = await openAgent();
    const doc = frame.contentDocument!;
    await waitUntil(() => doc.querySelector('#meta a') !== null && doc.getElementById('meta')!.textContent!.includes(deploymentId), 'no link to the deployment');
    const a = doc.querySelector('#meta a') as HTMLAnchorElement;
    expect(a.textContent).to.equal(deploymentId);
    expect(new URL(a.href).search).to.equal(`?deploymentId=${deploymentId}`);
    g.close();
  });

  it('with a ?deploymentId= that is not a UUID: says so once, links to all deployments, and never connects', async () => {
    const frame = await openAgent('?deploymentId=not-a-uuid');
    const doc = frame.contentDocument!;
    const alert = doc.getElementById('page-error')!;
    await waitUntil(() => alert.textContent!.includes('not a valid deployment ID'), 'no message for the invalid id');
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent).to.equal(
      '“not-a-uuid” in this address is not a valid deployment ID: a deployment ID is a UUID, such as 5d1b8c2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f. See all deployments, or check the link you followed.',
    );
    expect(alert.querySelector('a')!.getAttribute('href')).to.equal('/agent/');
    // Longer than the view's first retry (2 s): still said once, and nothing was asked of the server.
    await sleep(2500);
    const said = [...doc.querySelectorAll('[role=alert], [role=status]')].filter((n) => n.textContent!.includes('not a valid deployment ID'));
    expect(said).to.have.length(1);
    expect(doc.getElementById('connection')!.textContent).to.equal('Not connected.');
    expect(apiRequests(frame)).to.deep.equal([]);
    expect(visible(doc.getElementById('key-form'))).to.equal(false);
    expect(visible(doc.getElementById('main'))).to.equal(false);
  });

  it('a 403 for the ticket: shows the server\'s words once, does not ask for the key again, and does not retry', async function () {
    this.timeout(15000);
    sessionStorage.setItem(KEY_STORAGE, 'a-student-key-of-another-room');
    const asked: string[] = [];
    const frame = await openAgentAnswering(async (url) => {
      asked.push(url);
      return json(403, { error: 'This key opens deployment 11111111-2222-4333-8444-555555555555 only.' });
    });
    const doc = frame.contentDocument!;
    const alert = doc.getElementById('page-error')!;
    await waitUntil(() => alert.textContent!.includes('This key opens deployment'), "the server's words are not shown");
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent).to.equal('This key opens deployment 11111111-2222-4333-8444-555555555555 only. Use another key');
    expect(visible(doc.getElementById('key-form'))).to.equal(false);
    // Longer than the view's old retry (5 s): asked once only.
    await sleep(5500);
    expect(asked).to.deep.equal(['/api/stream/ticket']);
    expect(doc.getElementById('connection')!.textContent).to.equal('Not connected.');

    // The agent may still choose another key: the form comes back, on request only.
    alert.querySelector('button')!.click();
    expect(visible(doc.getElementById('key-form'))).to.equal(true);
    expect(alert.textContent).to.equal('');
    expect(sessionStorage.getItem(KEY_STORAGE)).to.equal(null);
  });

  it('a stream refused before its snapshot (EventSource does not say why): asks once, shows the server\'s words, stops', async () => {
    await setAccess(KEY);
    const asked: string[] = [];
    const frame = await openAgentAnswering(async (url) => {
      asked.push(new URL(url, location.origin).pathname);
      // A ticket the test server does not know: the EventSource is refused (401); fetch gets the 403 below.
      if (url === '/api/stream/ticket') return json(201, { ticket: 'not-a-ticket', expiresIn: 30, deploymentId: null });
      return json(403, { error: 'This key opens deployment 11111111-2222-4333-8444-555555555555 only.' });
    });
    const doc = frame.contentDocument!;
    const alert = doc.getElementById('page-error')!;
    await waitUntil(() => alert.textContent!.includes('This key opens deployment'), "the server's words are not shown");
    expect(asked).to.deep.equal(['/api/stream/ticket', '/api/stream/ticket', '/api/stream']);
    await sleep(2500);
    expect(asked).to.have.length(3);
    expect(doc.getElementById('connection')!.textContent).to.equal('Not connected.');
  });

  // Needs the server's student keys (POST /api/deployments/<id>/key).
  it("a student's own key with no ?deploymentId=: shows that deployment only, and says it is the key's", async () => {
    await setAccess(KEY);
    const mine = crypto.randomUUID();
    const other = crypto.randomUUID();
    const student = await claimKey(mine);
    const g = await guest(mine);
    await g.say('my own conversation');
    const stranger = await guest(other);
    await stranger.say('not for this key');

    const frame = await openAgent(`?key=${encodeURIComponent(student)}`);
    const doc = frame.contentDocument!;
    await waitUntil(() => doc.body.dataset.loaded === 'true', 'the view did not open with the student key');
    expect(doc.getElementById('scope')!.textContent).to.equal(`Showing deployment ${mine} only (your key opens only this deployment).`);
    expect(doc.body.textContent).not.to.contain('Showing every deployment');
    expect(listed(doc)).to.have.length(1);
    expect(doc.body.textContent).not.to.contain('not for this key');

    // The lab page's link names the deployment too: the same line, no link to "all deployments" it cannot open.
    frame.remove();
    const linked = (await openAgent(`?deploymentId=${mine}`)).contentDocument!;
    await waitUntil(() => linked.body.dataset.loaded === 'true', 'the view did not open with the kept student key');
    expect(linked.getElementById('scope')!.textContent).to.equal(`Showing deployment ${mine} only (your key opens only this deployment).`);
    g.close();
    stranger.close();
  });

  // Needs the server's student keys (POST /api/deployments/<id>/key).
  it("a student's key with another ?deploymentId=: says the key opens its own deployment only, links to it, and does not loop", async () => {
    await setAccess(KEY);
    const mine = crypto.randomUUID();
    const other = crypto.randomUUID();
    const student = await claimKey(mine);
    const frame = await openAgent(`?deploymentId=${other}&key=${encodeURIComponent(student)}`);
    const doc = frame.contentDocument!;
    const alert = doc.getElementById('page-error')!;
    await waitUntil(() => alert.textContent!.includes('Your key opens'), 'no message for a key of another deployment');
    expect(alert.textContent).to.equal(`Your key opens deployment ${mine} only, not ${other}: see your deployment. Use another key`);
    expect(alert.querySelector('a')!.getAttribute('href')).to.equal(`/agent/?deploymentId=${mine}`);
    await sleep(2500);
    expect(apiRequests(frame)).to.deep.equal(['/api/stream/ticket']);
  });

  it('lists a visitor with a GPE session and no conversation, shows its session, and a record the instant it is sent', async () => {
    const deploymentId = crypto.randomUUID();
    const visit = await journey(deploymentId);
    const { doc } = await openDeploymentView(deploymentId);
    expect(doc.getElementById('visitors-title')!.textContent).to.equal('Visitors (no conversation yet)');
    const entry = doc.querySelector<HTMLButtonElement>(`#visitors button[data-session="${visit.sessionId}"]`);
    expect(entry, 'the visitor is not listed').to.not.equal(null);
    expect(visible(doc.getElementById('no-visitors'))).to.equal(false);
    // No conversation: the view shows the visitor's session alone (it follows the newest).
    await waitUntil(() => visible(doc.getElementById('journey-panel')), 'no GPE session shown');
    expect(visible(doc.getElementById('detail'))).to.equal(false);
    expect(entry!.getAttribute('aria-current')).to.equal('true');
    const context = doc.getElementById('journey-context')!.textContent!;
    expect(context).to.contain('Chrome 126.0');
    expect(context).to.contain('desktop, Linux');
    expect(context).to.contain('Indianapolis');
    expect(context).to.contain('emulated');
    expect(visible(doc.getElementById('no-identity'))).to.equal(true);

    const { customerId, sessionId } = visit;
    await journey(deploymentId, { customerId, sessionId, kind: 'record', data: { eventName: 'product_added', customAttributes: { price: 15.99, code: 'CDE-123' } } });
    await waitUntil(() => doc.querySelector('#journey li[data-event="product_added"]'), 'the record did not appear');
    const added = doc.querySelector('#journey li[data-event="product_added"]')!;
    expect(added.querySelector('.mark.added')!.textContent).to.equal('+ Product added (product_added)');
    expect(added.querySelector('.attributes')!.textContent).to.equal('with: price = 15.99, code = CDE-123');
    await journey(deploymentId, { customerId, sessionId, kind: 'record', data: { eventName: 'product_removed' } });
    await waitUntil(() => doc.querySelector('#journey li[data-event="product_removed"] .mark.removed'), 'no mark for a removed product');

    // The login form's traits identify the visitor.
    await journey(deploymentId, {
      customerId,
      sessionId,
      data: { customAttributes: { email: 'ada@example.com', givenName: 'Ada', familyName: 'Lovelace' }, traitsMapper: [{ fieldName: 'email' }, { fieldName: 'givenName' }, { fieldName: 'familyName' }] },
    });
    await waitUntil(() => doc.getElementById('journey-title')!.textContent!.includes('Ada Lovelace'), 'the identity does not show');
    expect(doc.getElementById('journey-identity')!.textContent).to.contain('ada@example.com');
    await waitUntil(
      () => doc.querySelector(`#visitors button[data-session="${sessionId}"] .title`)?.textContent === 'Ada Lovelace <ada@example.com>',
      'the visitors list does not name the visitor',
    );
    expect([...doc.querySelectorAll<HTMLLIElement>('#journey li')].map((li) => li.dataset.event)).to.deep.equal(['page_viewed', 'product_added', 'product_removed', 'page_viewed']);
  });

  it('shows a linked conversation with its visitor\'s GPE session beside it: events and messages on one clock', async () => {
    const deploymentId = crypto.randomUUID();
    await withoutFlow(deploymentId);
    const visit = await journey(deploymentId);
    const journeyContext = { customer: { id: visit.customerId, idType: 'cookie' }, customerSession: { id: visit.sessionId, type: 'web' } };
    const g = await guest(deploymentId, journeyContext);
    await g.say('hello', { keyInt: '123' });
    await journey(deploymentId, { customerId: visit.customerId, sessionId: visit.sessionId, kind: 'record', data: { eventName: 'product_added' } });
    const frame = await openAgent(`?deploymentId=${deploymentId}`);
    const doc = frame.contentDocument!;
    await waitUntil(() => doc.querySelectorAll('#journey li').length === 3, 'the timeline is not complete');
    const [id] = await conversationIds(deploymentId);
    expect(shown(doc)).to.equal(`Conversation ${id!.slice(0, 8)}`);
    // Side by side: the conversation, and its visitor's session to its right.
    const detail = doc.getElementById('detail')!.getBoundingClientRect();
    const panel = doc.getElementById('journey-panel')!.getBoundingClientRect();
    expect(panel.left).to.be.greaterThan(detail.right - 1);
    expect(Math.abs(panel.top - detail.top)).to.be.lessThan(5);
    // One clock: the page view, then the message with what it carried, then the record.
    const items = [...doc.querySelectorAll<HTMLLIElement>('#journey li')];
    expect(items.map((li) => li.querySelector('.place')!.textContent)).to.deep.equal(['GPE', 'Conversation', 'GPE']);
    expect(items[1]!.textContent).to.contain('Guest: hello');
    expect(items[1]!.querySelector('.attributes')!.textContent).to.equal('arrived with: keyInt = 123');
    expect(items[2]!.dataset.event).to.equal('product_added');
    // It has a conversation: it is not among the visitors without one.
    expect(doc.querySelector(`#visitors button[data-session="${visit.sessionId}"]`)).to.equal(null);
    expect(visible(doc.getElementById('no-visitors'))).to.equal(true);
    // A record sent now shows at once, beside the conversation.
    await journey(deploymentId, { customerId: visit.customerId, sessionId: visit.sessionId, kind: 'record', data: { eventName: 'product_removed' } });
    await waitUntil(() => doc.querySelectorAll('#journey li').length === 4, 'the new record did not appear');
    // Accessible: headings, labels; axe finds nothing.
    expect(doc.getElementById('journey-panel')!.getAttribute('aria-labelledby')).to.equal('journey-title');
    expect(await axe(frame)).to.deep.equal([]);
    g.close();
  });

  it('a conversation whose guest left (Clear Session) says so, and the reply box says why it is closed', async () => {
    const deploymentId = crypto.randomUUID();
    await withoutFlow(deploymentId);
    const g = await guest(deploymentId);
    await g.say('see you');
    await g.leave();
    const { doc } = await openDeploymentView(deploymentId);
    await waitUntil(() => visible(doc.getElementById('ended')) && doc.getElementById('ended')!.textContent!.includes('The guest left'), 'not marked as left');
    expect(doc.getElementById('ended')!.textContent).to.contain('their session was cleared (Clear Session)');
    expect((doc.getElementById('reply') as HTMLInputElement).disabled).to.equal(true);
    expect(doc.getElementById('reply-note')!.textContent).to.equal('The guest left this conversation (their session was cleared): a reply would reach nobody.');
    expect(doc.querySelector('#conversations .badge')!.textContent).to.equal('Guest left');
    g.close();
  });

  it('a conversation with no GPE session says why beside it', async () => {
    const deploymentId = crypto.randomUUID();
    const g = await guest(deploymentId);
    await g.say('no journey');
    const { doc } = await openDeploymentView(deploymentId);
    expect(visible(doc.getElementById('journey-missing'))).to.equal(true);
    expect(doc.getElementById('journey-missing')!.textContent).to.match(/no journeyContext/);
    expect(visible(doc.getElementById('journey-details'))).to.equal(false);
    g.close();
  });

  it('in dark mode: axe finds nothing, and focus rings are 3px solid CanvasText (light on the dark page)', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    try {
      const deploymentId = crypto.randomUUID();
      const g = await guest(deploymentId);
      await g.say('dark mode', { theme: 'dark' });
      const frame = await openAgent(`?deploymentId=${deploymentId}`);
      const doc = frame.contentDocument!;
      await waitUntil(() => doc.querySelector('#attribute-sources li'), 'not loaded');
      expect(await axe(frame)).to.deep.equal([]);
      expect(getComputedStyle(doc.body).backgroundColor).not.to.equal('rgb(255, 255, 255)');
      const reply = doc.getElementById('reply') as HTMLInputElement;
      reply.focus();
      const style = getComputedStyle(reply);
      expect(reply.matches(':focus-visible')).to.equal(true);
      expect(style.outlineWidth).to.equal('3px');
      expect(style.outlineStyle).to.equal('solid');
      expect(style.outlineColor).to.equal('rgb(255, 255, 255)');
      g.close();
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });
});
