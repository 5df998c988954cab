/**
 * The runtime's Journey plugin (Predictive Engagement): the page's visitor has a GPE session
 * from the first page view, with or without a conversation. The built runtime booted in a bare
 * frame with the official snippet, against the emulated service mounted in the test server
 * (`POST /api/journey` answers `{customerId, customerIdType, sessionId, eventId, newSession}`).
 *
 * - At load the runtime sends a page view by itself (the deployment's pageviewConfig, Auto by
 *   default): the visitor's customer id (kept under `_<deploymentId>:actmu`, as Genesys's
 *   `_actmu` cookie) and the session the service answered (`_<deploymentId>:actms`).
 * - Journey commands go at once, with the page's context (browser, device, page).
 * - A reload keeps the visitor and its session; `Identifiers.purgeAll` forgets them.
 * - `configureSession` links the conversation to the session (`journeyContext`, transport SDK
 *   shyrka/send/JourneyContext.kt).
 * - config.json's `journeyEvents.enabled` false: no Journey.ready, and Journey commands reject.
 *
 * scripts/coverage.mjs names these tests as the proof of rows of docs/coverage.md: keep the
 * titles in step with it.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { boot, ready, type Booted } from '../support/runtime-frame.js';
import { setDeploymentSettings } from '../support/cloud.js';

interface Answer {
  customerId: string;
  customerIdType: string;
  sessionId: string;
  eventId: string;
  newSession: boolean;
}

interface Posted {
  deploymentId: string;
  customerId: string;
  sessionId?: string;
  token?: string;
  kind: 'pageview' | 'record';
  data: Record<string, any>;
  context: { page: Record<string, any>; browser: Record<string, any>; device: Record<string, any> };
}

/** The Journey API of the test service (no key on loopback): a GPE session, or its events. */
async function journeyApi(path: string) {
  const res = await fetch(`/api/v2/journey/sessions/${path}`);
  expect(res.status, `GET /api/v2/journey/sessions/${path}`).to.equal(200);
  return res.json();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The frame's fetch, recording the Journey posts; config.json changed by `edit` when given. */
function watch(posted: Posted[], edit?: (config: any) => void) {
  return (win: any) => {
    const real = win.fetch.bind(win);
    win.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.endsWith('/api/journey') && typeof init?.body === 'string') posted.push(JSON.parse(init.body));
      if (edit && url.endsWith('/config.json')) {
        const config = await (await real(input, init)).json();
        edit(config);
        return new Response(JSON.stringify(config), { status: 200, headers: { 'Content-Type': 'application/json' } });
      }
      return real(input, init);
    };
  };
}

const journeyOf = (page: Booted) => {
  const journey = page.win.__genesysEmulator.journey;
  if (!journey) throw new Error('the runtime has no Journey plugin state');
  return { ...journey, customerId: journey.customerId, sessionId: journey.sessionId, answers: journey.answers as Answer[] };
};

async function answered(page: Booted, count: number) {
  await waitUntil(() => journeyOf(page).answers.length >= count, `the service answered fewer than ${count} Journey events`, { timeout: 5000 });
  return journeyOf(page).answers;
}

describe('the offline Genesys: the Journey plugin (Predictive Engagement)', () => {
  afterEach(() => {
    document.querySelectorAll('iframe').forEach((f) => f.remove());
    localStorage.clear();
  });

  it('the automatic page view at load creates the visitor and its GPE session, with the page\'s context', async () => {
    const posted: Posted[] = [];
    const page = await boot(watch(posted));
    await ready(page);
    expect(page.events()).to.include('Journey.ready');
    const [first] = await answered(page, 1);
    expect(posted.length).to.equal(1);
    const sent = posted[0];
    expect(sent.kind).to.equal('pageview');
    expect(sent.deploymentId).to.equal(page.deploymentId);
    expect(sent.customerId).to.match(UUID);
    expect(sent).not.to.have.property('sessionId');
    expect(sent.context.page.url).to.equal(page.win.location.href);
    expect(sent.context.browser).to.include.keys('family', 'version', 'lang', 'viewHeight', 'viewWidth');
    expect(sent.context.browser.lang).to.equal(navigator.language);
    expect(sent.context.browser.viewWidth).to.equal(page.win.innerWidth);
    expect(sent.context.device.category).to.equal('desktop');
    expect(sent.context.device.isMobile).to.equal(false);
    expect(sent.context.device.screenWidth).to.equal(screen.width);
    expect(sent.context.device).to.include.keys('osFamily', 'screenHeight');
    expect(first).to.include({ customerId: sent.customerId, customerIdType: 'cookie', newSession: true });
    expect(first.sessionId).to.be.a('string').and.not.equal('');
    expect(localStorage.getItem(`_${page.deploymentId}:actmu`)).to.equal(sent.customerId);
    expect(localStorage.getItem(`_${page.deploymentId}:actms`)).to.equal(first.sessionId);
    // The service's GPE session carries the context.
    const session = await journeyApi(first.sessionId);
    expect(session).to.include({ id: first.sessionId, customerId: sent.customerId, customerIdType: 'cookie' });
    expect(session.browser).to.include({ family: sent.context.browser.family, lang: navigator.language });
    expect(session.device).to.include({ category: 'desktop', isMobile: false });
  });

  it('Journey.record reaches the service at once, with no conversation, in the same GPE session', async () => {
    const posted: Posted[] = [];
    const page = await boot(watch(posted));
    await ready(page);
    const [first] = await answered(page, 1);
    const options = { eventName: 'product_added', customAttributes: { price: 15.99, code: 'CDE-123', name: 'Product', hasBatteries: false } };
    await page.command('Journey.record', options);
    const answers = journeyOf(page).answers;
    expect(answers.length).to.equal(2, 'answered before the command resolved');
    expect(answers[1]).to.include({ customerId: first.customerId, sessionId: first.sessionId, newSession: false });
    expect(posted[1]).to.include({ kind: 'record', sessionId: first.sessionId, customerId: first.customerId });
    expect(posted[1].data).to.deep.equal(options);
    expect(posted[1]).not.to.have.property('token', 'no conversation, no token');
    expect(page.win.__genesysEmulator.frames).to.deep.equal([], 'no socket, no message');
    const events = await journeyApi(`${first.sessionId}/events`);
    expect(events.entities.map((e: any) => e.webEvent.eventName)).to.include('product_added');
    // Journey.pageview: the lab's title and location win over the document's; traitsMapper passes through.
    const login = { customAttributes: { email: 'ada@example.com' }, traitsMapper: [{ fieldName: 'email' }] };
    await page.command('Journey.pageview', { pageTitle: "'1712345678901'", pageLocation: "'1712345678901'", ...login });
    expect(posted[2].context.page).to.include({ url: "'1712345678901'", title: "'1712345678901'" });
    expect(posted[2].data.traitsMapper).to.deep.equal(login.traitsMapper);
    expect(journeyOf(page).answers[2].sessionId).to.equal(first.sessionId);
  });

  it('the customer id survives a reload of the frame, and the GPE session id is reused', async () => {
    const deploymentId = crypto.randomUUID();
    const before = await boot(() => {}, deploymentId);
    await ready(before);
    const [first] = await answered(before, 1);
    before.win.frameElement!.remove();
    const posted: Posted[] = [];
    const after = await boot(watch(posted), deploymentId);
    await ready(after);
    const [again] = await answered(after, 1);
    expect(posted[0]).to.include({ customerId: first.customerId, sessionId: first.sessionId });
    expect(again).to.include({ customerId: first.customerId, sessionId: first.sessionId, newSession: false });
  });

  it('Identifiers.purgeAll forgets the visitor: the next event makes a new customer id and a new GPE session', async () => {
    const posted: Posted[] = [];
    const page = await boot(watch(posted));
    await ready(page);
    const [first] = await answered(page, 1);
    await page.command('Identifiers.purgeAll', {});
    expect(localStorage.getItem(`_${page.deploymentId}:actmu`)).to.equal(null);
    expect(localStorage.getItem(`_${page.deploymentId}:actms`)).to.equal(null);
    await page.command('Journey.record', { eventName: 'Test', customAttributes: { TestObject: 'test123' } });
    expect(posted[1].customerId).to.match(UUID).and.not.equal(first.customerId);
    expect(posted[1]).not.to.have.property('sessionId');
    const next = journeyOf(page).answers[1];
    expect(next).to.include({ customerId: posted[1].customerId, newSession: true });
    expect(next.sessionId).not.to.equal(first.sessionId);
    expect(journeyOf(page).customerId).to.equal(posted[1].customerId);
  });

  it('configureSession carries the journeyContext of the GPE session {customer: {id, idType: "cookie"}, customerSession: {id, type: "web"}}', async () => {
    const page = await boot();
    await ready(page);
    const [first] = await answered(page, 1);
    await page.command('MessagingService.sendMessage', { message: 'hello, with my journey' });
    await waitUntil(() => page.events().includes('MessagingService.started'), 'the conversation did not start', { timeout: 5000 });
    const configure = (page.win.__genesysEmulator.frames as any[]).find((f) => f.action === 'configureSession');
    expect(configure.journeyContext).to.deep.equal({
      customer: { id: first.customerId, idType: 'cookie' },
      customerSession: { id: first.sessionId, type: 'web' },
    });
    // The service linked the conversation to the GPE session.
    await waitUntil(async () => (await journeyApi(first.sessionId)).conversation?.id, 'the GPE session has no conversation', { timeout: 5000 });
  });

  it('journeyEvents off: no Journey.ready, no page view, no journeyContext, and Journey commands reject saying Predictive Engagement is off', async () => {
    const deploymentId = crypto.randomUUID();
    await setDeploymentSettings(deploymentId, { journeyEvents: false });
    const posted: Posted[] = [];
    const page = await boot(watch(posted), deploymentId);
    await ready(page);
    expect(page.events()).to.include('Messenger.ready');
    expect(page.events()).not.to.include('Journey.ready');
    for (const [name, options] of [
      ['Journey.pageview', {}],
      ['Journey.record', { eventName: 'Test' }],
      ['Identifiers.purgeAll', {}],
    ] as const) {
      expect(await page.refusal(name, options)).to.contain('Predictive Engagement is off for this deployment');
    }
    await page.command('MessagingService.sendMessage', { message: 'hello, no journey' });
    await waitUntil(() => page.events().includes('MessagingService.started'), 'the conversation did not start', { timeout: 5000 });
    const configure = (page.win.__genesysEmulator.frames as any[]).find((f) => f.action === 'configureSession');
    expect(configure).not.to.have.property('journeyContext');
    expect(posted).to.deep.equal([]);
    expect(journeyOf(page).enabled).to.equal(false);
  });

  it('pageviewConfig: Off sends no page view at load; Once one, and none on a URL change; Auto one more on a URL change', async () => {
    const run = async (pageviewConfig: string | undefined, change: boolean) => {
      const posted: Posted[] = [];
      const page = await boot(
        watch(posted, (config) => {
          config.journeyEvents = { enabled: true, ...(pageviewConfig ? { pageviewConfig } : {}) };
        }),
      );
      await ready(page);
      await new Promise((r) => setTimeout(r, 300));
      if (change) {
        page.win.location.hash = 'product';
        await new Promise((r) => setTimeout(r, 300));
      }
      const kinds = posted.map((p) => `${p.kind} ${p.context.page.url.includes('#product') ? '#product' : ''}`.trim());
      page.win.frameElement!.remove();
      return kinds;
    };
    expect(await run('Off', false)).to.deep.equal([]);
    expect(await run('Once', true)).to.deep.equal(['pageview']);
    expect(await run('Auto', true)).to.deep.equal(['pageview', 'pageview #product']);
    expect(await run(undefined, false)).to.deep.equal(['pageview'], 'Auto by default');
  });

  it('Journey commands take objects: Journey.record needs an eventName; a refusal of the service rejects with its own words', async () => {
    const page = await boot();
    await ready(page);
    await answered(page, 1);
    expect(await page.refusal('Journey.record', 'product_added')).to.contain('options object');
    expect(await page.refusal('Journey.pageview', null)).to.contain('options object');
    expect(await page.refusal('Journey.record', { customAttributes: {} })).to.contain('eventName');
    expect(await page.refusal('Journey.record', { eventName: 'deep', customAttributes: { a: { b: { c: { d: { e: 1 } } } } } })).to.equal('data nests more than 4 levels deep.');
    expect(journeyOf(page).answers.length).to.equal(1, 'nothing refused was kept');
  });
});
