// Predictive Engagement (GPE) in the offline service: the visitor's GPE session exists from
// the first page view, with or without a conversation; the runtime's Journey events land on
// it; configureSession's journeyContext links a conversation to it (transport SDK
// shyrka/send/JourneyContext.kt); the agent reads it as the platform API's Session and
// EventListing (platform SDK JourneyApi getJourneySession, getJourneySessionEvents); all of it
// bounded like the rest of the room.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from './support/guest-client.mjs';
import { servers } from './support/servers.mjs';
import { CONTEXT, journeyBody } from './support/journey.mjs';

const KEY = 'the-instructors-key-for-journey-tests';
const serve = servers();


const headers = (key) => ({ 'Content-Type': 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) });
const send = (base, body) => fetch(`${base}/api/journey`, { method: 'POST', headers: headers(), body: JSON.stringify(body) });
const get = (base, path, key) => fetch(`${base}${path}`, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
const settings = (base, deploymentId, body, key) => fetch(`${base}/api/deployments/${deploymentId}/settings`, { method: 'PUT', headers: headers(key), body: JSON.stringify(body) });

/** Posts a Journey event and returns the answer's body (asserting 202). */
async function record(base, deploymentId, options) {
  const res = await send(base, journeyBody(deploymentId, options));
  const body = await res.json();
  assert.equal(res.status, 202, JSON.stringify(body));
  return body;
}

describe('a visitor\'s GPE session, before any conversation', () => {
  it('the first page view creates the visitor and its session, with the context out of the box', async () => {
    const { base } = await serve();
    const deploymentId = randomUUID();
    const customerId = randomUUID();
    const first = await record(base, deploymentId, { customerId });
    assert.deepEqual(Object.keys(first).sort(), ['customerId', 'customerIdType', 'eventId', 'newSession', 'sessionId']);
    assert.equal(first.customerId, customerId);
    assert.equal(first.customerIdType, 'cookie');
    assert.equal(first.newSession, true);
    const session = await (await get(base, `/api/v2/journey/sessions/${first.sessionId}`)).json();
    assert.equal(session.id, first.sessionId);
    assert.equal(session.customerId, customerId);
    assert.equal(session.customerIdType, 'cookie');
    assert.equal(session.type, 'web');
    assert.equal(session.eventCount, 1);
    assert.equal(session.pageviewCount, 1);
    assert.deepEqual(session.browser, CONTEXT.browser);
    assert.deepEqual(session.device, CONTEXT.device);
    assert.equal(session.geolocation.source, 'emulated', 'nothing locates a visitor offline');
    assert.equal(session.geolocation.locality, 'Indianapolis');
    assert.equal(session.lastPage.url, CONTEXT.page.url);
    assert.equal(session.lastPage.title, CONTEXT.page.title);
    assert.equal(session.lastPage.pathname, '/demo/');
    assert.ok(Date.parse(session.createdDate) && Date.parse(session.awayDate));
    assert.equal(typeof session.durationInSeconds, 'number');
    assert.deepEqual(session.attributes, {});
    assert.deepEqual(session.attributeLists, {});
    assert.equal(session.lastEvent.id, first.eventId);
    assert.equal(session.lastEvent.eventName, 'page_viewed');
    assert.equal(session.conversation, undefined, 'no conversation yet');
  });

  it('a second event naming the session continues it; records, attributes and the login\'s traits land on it', async () => {
    const { base } = await serve();
    const deploymentId = randomUUID();
    const first = await record(base, deploymentId);
    const { customerId, sessionId } = first;
    const product = { price: 15.99, code: 'CDE-123', name: 'Product', hasBatteries: false };
    const added = await record(base, deploymentId, { customerId, sessionId, kind: 'record', data: { eventName: 'product_added', customAttributes: product } });
    assert.equal(added.newSession, false);
    assert.equal(added.sessionId, sessionId);
    const login = await record(base, deploymentId, {
      customerId,
      sessionId,
      data: { customAttributes: { email: 'ada@example.com', givenName: 'Ada', familyName: 'Lovelace' }, traitsMapper: [{ fieldName: 'email' }, { fieldName: 'givenName' }, { fieldName: 'familyName' }] },
    });
    assert.equal(login.sessionId, sessionId);
    const session = await (await get(base, `/api/v2/journey/sessions/${sessionId}`)).json();
    assert.equal(session.eventCount, 3);
    assert.equal(session.pageviewCount, 2);
    assert.deepEqual(session.attributes.price, { dataType: 'Number', value: '15.99' });
    assert.deepEqual(session.attributes.hasBatteries, { dataType: 'Boolean', value: 'false' });
    assert.deepEqual(session.attributes.code, { dataType: 'String', value: 'CDE-123' });
    assert.deepEqual(Object.fromEntries(Object.entries(session.traits).map(([k, v]) => [k, v.value])), { email: 'ada@example.com', givenName: 'Ada', familyName: 'Lovelace' });
    const listing = await (await get(base, `/api/v2/journey/sessions/${sessionId}/events`)).json();
    assert.deepEqual(listing.entities.map((e) => e.webEvent.eventName), ['page_viewed', 'product_added', 'page_viewed'], 'oldest first');
    const [, event] = listing.entities;
    assert.equal(event.eventType, 'com.genesys.journey.WebEvent');
    assert.deepEqual(event.session, { id: sessionId, type: 'web', selfUri: `/api/v2/journey/sessions/${sessionId}` });
    assert.equal(event.customerId, customerId);
    assert.deepEqual(event.webEvent.attributes.name, { dataType: 'String', value: 'Product' });
    assert.equal(event.webEvent.totalEventCount, 2);
    assert.equal(event.webEvent.page.url, CONTEXT.page.url);
    assert.deepEqual(listing.entities[2].webEvent.traits.email, { dataType: 'String', value: 'ada@example.com' });
  });

  it('a page view\'s pageTitle and pageLocation stand for the page\'s own (the lab\'s "PageView Unix")', async () => {
    const { base } = await serve();
    const deploymentId = randomUUID();
    const { sessionId } = await record(base, deploymentId, { data: { pageTitle: "'1700000000000'", pageLocation: "'1700000000000'" } });
    const [event] = (await (await get(base, `/api/v2/journey/sessions/${sessionId}/events`)).json()).entities;
    assert.equal(event.webEvent.page.title, "'1700000000000'");
    assert.match(event.webEvent.page.url, /^http:\/\/localhost:8000\/demo\/.*1700000000000/, 'read relative to the page, as a browser would');
  });

  it('an idle, unknown or other visitor\'s sessionId starts a new session', async () => {
    const { base } = await serve({ limits: { journeyIdleMs: 150 } });
    const deploymentId = randomUUID();
    const first = await record(base, deploymentId);
    const unknown = await record(base, deploymentId, { customerId: first.customerId, sessionId: randomUUID() });
    assert.equal(unknown.newSession, true);
    assert.notEqual(unknown.sessionId, first.sessionId);
    const other = await record(base, deploymentId, { sessionId: unknown.sessionId });
    assert.equal(other.newSession, true, 'another customer never joins this visitor\'s session');
    const elsewhere = await record(base, randomUUID(), { customerId: first.customerId, sessionId: unknown.sessionId });
    assert.equal(elsewhere.newSession, true, 'nor does another deployment');
    const still = await record(base, deploymentId, { customerId: first.customerId, sessionId: unknown.sessionId });
    assert.equal(still.newSession, false);
    await sleep(200);
    const later = await record(base, deploymentId, { customerId: first.customerId, sessionId: unknown.sessionId });
    assert.equal(later.newSession, true, 'past the idle window, a new visit');
    const ended = await (await get(base, `/api/v2/journey/sessions/${unknown.sessionId}`)).json();
    assert.ok(ended.endedDate, 'the idle session has ended');
  });

  it('bad input: 400 with the reason, nothing kept', async () => {
    const { base, service } = await serve();
    const deploymentId = randomUUID();
    const cases = [
      [{ ...journeyBody(deploymentId), customerId: 'not-a-uuid' }, /customerId must be a UUID/],
      [{ ...journeyBody(deploymentId), customerId: undefined }, /customerId/],
      [{ ...journeyBody(deploymentId), context: undefined }, /context must be an object/],
      [journeyBody(deploymentId, { context: { ...CONTEXT, page: { title: 'no url' } } }), /context\.page\.url is required/],
      [journeyBody(deploymentId, { context: { ...CONTEXT, page: { url: 'x'.repeat(3000) } } }), /context\.page\.url must be a string of at most 2048/],
      [journeyBody(deploymentId, { context: { ...CONTEXT, browser: { ...CONTEXT.browser, viewWidth: '1280' } } }), /viewWidth must be a number/],
      [journeyBody(deploymentId, { context: { ...CONTEXT, browser: { ...CONTEXT.browser, viewHeight: -1 } } }), /viewHeight must be a number/],
      [journeyBody(deploymentId, { context: { ...CONTEXT, browser: { ...CONTEXT.browser, family: 'x'.repeat(300) } } }), /family must be a string of at most 256/],
      [journeyBody(deploymentId, { context: { ...CONTEXT, device: { ...CONTEXT.device, category: 'fridge' } } }), /category must be one of desktop, mobile, tablet, other/],
      [journeyBody(deploymentId, { context: { ...CONTEXT, device: { ...CONTEXT.device, isMobile: 'no' } } }), /isMobile must be true or false/],
      [journeyBody(deploymentId, { context: { ...CONTEXT, device: 'desktop' } }), /context\.device must be an object/],
      [journeyBody(deploymentId, { kind: 'record', data: {} }), /eventName is required/],
      [journeyBody(deploymentId, { kind: 'record', data: { eventName: 'x', customAttributes: { nested: { a: 1 } } } }), /must be text, a number or true\/false/],
      [journeyBody(deploymentId, { data: { traitsMapper: 'email' } }), /traitsMapper must be a list/],
      [journeyBody(deploymentId, { data: { traitsMapper: [{ fieldName: 7 }] } }), /fieldName/],
      [{ ...journeyBody(deploymentId), sessionId: 42 }, /sessionId must be a string/],
    ];
    for (const [body, reason] of cases) {
      const res = await send(base, body);
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 200));
      assert.match((await res.json()).error, reason);
    }
    assert.equal(service.journeys.sessions.size, 0);
    assert.equal(service.journeys.visitors.size, 0);
  });
});

describe('the deployment\'s Predictive Engagement settings', () => {
  it('journeyEvents off: config.json says so and events are refused 403 with the reason; on again: accepted', async () => {
    const { base, service } = await serve();
    const deploymentId = randomUUID();
    const config = async () => (await (await get(base, `/webdeployments/v1/deployments/${deploymentId}/config.json`)).json()).journeyEvents;
    assert.deepEqual(await config(), { enabled: true }, 'on by default (the lab\'s)');
    assert.equal((await settings(base, deploymentId, { journeyEvents: false })).status, 200);
    assert.deepEqual(await config(), { enabled: false });
    const refused = await send(base, journeyBody(deploymentId));
    assert.equal(refused.status, 403);
    assert.match((await refused.json()).error, /Predictive Engagement \(journeyEvents\) is off for this deployment/);
    assert.equal(service.journeys.sessions.size, 0);
    assert.equal((await settings(base, deploymentId, { journeyEvents: 'yes' })).status, 400);
    await settings(base, deploymentId, { journeyEvents: true });
    assert.equal((await send(base, journeyBody(deploymentId))).status, 202);
  });

  it('geolocation: a new session takes the deployment\'s, marked emulated; bad values are refused and change nothing', async () => {
    const { base } = await serve();
    const deploymentId = randomUUID();
    const paris = { country: 'FR', countryName: 'France', region: 'IDF', regionName: 'Île-de-France', locality: 'Paris', postalCode: '75001' };
    for (const [bad, reason] of [
      [{ ...paris, country: 'France' }, /two-letter country code/],
      [{ ...paris, latitude: 48.8 }, /"latitude" is not one of them/],
      [{ country: 'FR' }, /countryName is not/],
      [{ ...paris, locality: 'x'.repeat(101) }, /at most 100 characters/],
      [{ ...paris, locality: 'a\u0000b' }, /locality is not/],
      ['Paris', /geolocation must be/],
    ]) {
      const res = await settings(base, deploymentId, { geolocation: bad });
      assert.equal(res.status, 400);
      assert.match((await res.json()).error, reason);
    }
    const saved = await (await settings(base, deploymentId, { geolocation: paris })).json();
    assert.deepEqual(saved.geolocation, paris);
    const { sessionId } = await record(base, deploymentId);
    const session = await (await get(base, `/api/v2/journey/sessions/${sessionId}`)).json();
    assert.deepEqual(session.geolocation, { ...paris, source: 'emulated' });
  });
});

describe('who reads the Journey API', () => {
  it('the instructor\'s key, or a student\'s for their own deployment (403 for another), no key 401', async () => {
    const { base } = await serve({ agentKey: KEY, requireKey: true });
    const mine = randomUUID();
    const theirs = randomUUID();
    const { key } = await (await fetch(`${base}/api/deployments/${mine}/key`, { method: 'POST' })).json();
    const own = await record(base, mine);
    const other = await record(base, theirs);
    for (const suffix of ['', '/events']) {
      assert.equal((await get(base, `/api/v2/journey/sessions/${own.sessionId}${suffix}`)).status, 401);
      assert.equal((await get(base, `/api/v2/journey/sessions/${own.sessionId}${suffix}`, 'wrong-key')).status, 401);
      assert.equal((await get(base, `/api/v2/journey/sessions/${own.sessionId}${suffix}`, KEY)).status, 200);
      assert.equal((await get(base, `/api/v2/journey/sessions/${other.sessionId}${suffix}`, KEY)).status, 200);
      assert.equal((await get(base, `/api/v2/journey/sessions/${own.sessionId}${suffix}`, key)).status, 200);
      const refused = await get(base, `/api/v2/journey/sessions/${other.sessionId}${suffix}`, key);
      assert.equal(refused.status, 403);
      assert.equal((await refused.json()).error, `This key opens deployment ${mine} only.`);
    }
    const unknown = await get(base, `/api/v2/journey/sessions/${randomUUID()}`, KEY);
    assert.equal(unknown.status, 404);
    assert.match((await unknown.json()).error, /No such Predictive Engagement session/);
  });

  it('what is not emulated under /api/v2/journey/ says so (501), never a silent success', async () => {
    const { base } = await serve();
    const { sessionId } = await record(base, randomUUID());
    for (const [method, path] of [
      ['GET', '/api/v2/journey/segments'],
      ['GET', `/api/v2/journey/sessions/${sessionId}/outcomescores`],
      ['POST', '/api/v2/journey/actionmaps'],
      ['DELETE', `/api/v2/journey/sessions/${sessionId}`],
      ['GET', '/api/v2/journey'],
    ]) {
      const res = await fetch(`${base}${path}`, { method, headers: method === 'POST' ? headers() : {}, body: method === 'POST' ? '{}' : undefined });
      assert.equal(res.status, 501, `${method} ${path}`);
      assert.match((await res.json()).error, /not emulated by the offline Genesys/);
    }
  });

  it('events page by pageSize and the after cursor (nextUri), and filter by eventType', async () => {
    const { base } = await serve();
    const deploymentId = randomUUID();
    const first = await record(base, deploymentId);
    for (let i = 1; i < 5; i++) await record(base, deploymentId, { customerId: first.customerId, sessionId: first.sessionId, kind: 'record', data: { eventName: `e${i}` } });
    const path = `/api/v2/journey/sessions/${first.sessionId}/events`;
    const page1 = await (await get(base, `${path}?pageSize=2`)).json();
    assert.deepEqual(page1.entities.map((e) => e.webEvent.eventName), ['page_viewed', 'e1']);
    const page2 = await (await get(base, page1.nextUri)).json();
    assert.deepEqual(page2.entities.map((e) => e.webEvent.eventName), ['e2', 'e3']);
    const page3 = await (await get(base, page2.nextUri)).json();
    assert.deepEqual(page3.entities.map((e) => e.webEvent.eventName), ['e4']);
    assert.equal(page3.nextUri, undefined);
    assert.equal((await (await get(base, `${path}?eventType=com.genesys.journey.AppEvent`)).json()).entities.length, 0);
    assert.equal((await (await get(base, `${path}?eventType=com.genesys.journey.WebEvent`)).json()).entities.length, 5);
    assert.equal((await get(base, `${path}?eventType=Nope`)).status, 400);
    assert.equal((await get(base, `${path}?pageSize=201`)).status, 400);
    assert.equal((await get(base, `${path}?after=${randomUUID()}`)).status, 400);
  });
});

describe('the conversation and the GPE session, linked', () => {
  /** A guest of `deploymentId` configured with `journeyContext` (or none); its SessionResponse. */
  async function configured(at, deploymentId, journeyContext) {
    const guest = await connect(at, { deploymentId });
    const token = randomUUID();
    const answer = await guest.request({ action: 'configureSession', token, deploymentId, ...(journeyContext !== undefined ? { journeyContext } : {}) });
    return { guest, token, answer };
  }
  const contextOf = (visit) => ({ customer: { id: visit.customerId, idType: 'cookie' }, customerSession: { id: visit.sessionId, type: 'web' } });

  it('configureSession\'s journeyContext links the conversation; the GPE session lists it; the agent sees both', async () => {
    const { at, base, service } = await serve();
    const deploymentId = randomUUID();
    const visit = await record(base, deploymentId);
    const { guest, token, answer } = await configured(at, deploymentId, contextOf(visit));
    assert.equal(answer.class, 'SessionResponse');
    await guest.request({ action: 'onMessage', token, message: { type: 'Text', text: 'hello', channel: { metadata: { customAttributes: { keyInt: '123' } } } } });
    const [conversation] = service.list(deploymentId);
    assert.equal(conversation.journeySessionId, visit.sessionId);
    assert.equal(conversation.journeyCustomerId, visit.customerId);
    assert.deepEqual(conversation.journeyContext, contextOf(visit));
    const session = await (await get(base, `/api/v2/journey/sessions/${visit.sessionId}`)).json();
    assert.deepEqual(session.conversation, { id: conversation.id, selfUri: `/api/v2/conversations/${conversation.id}` });
    assert.deepEqual(service.journeySummary(service.journeys.get(visit.sessionId)).conversationIds, [conversation.id]);
    // Events after the link are the same session's: the GPE data and the conversation side by side.
    await record(base, deploymentId, { customerId: visit.customerId, sessionId: visit.sessionId, kind: 'record', data: { eventName: 'product_added' } });
    assert.equal(service.journeys.get(visit.sessionId).eventCount, 2);
  });

  it('an unknown session, another customer\'s or another deployment\'s is kept as given and links nothing', async () => {
    const { at, base, service } = await serve();
    const deploymentId = randomUUID();
    const visit = await record(base, deploymentId);
    const elsewhere = await record(base, randomUUID(), { customerId: visit.customerId });
    for (const context of [
      { customer: { id: visit.customerId, idType: 'cookie' }, customerSession: { id: randomUUID(), type: 'web' } },
      { customer: { id: randomUUID(), idType: 'cookie' }, customerSession: { id: visit.sessionId, type: 'web' } },
      contextOf(elsewhere),
      { customer: { id: visit.customerId, idType: 'cookie' } },
    ]) {
      const { answer } = await configured(at, deploymentId, context);
      assert.equal(answer.class, 'SessionResponse', 'Genesys would not refuse it (inferred)');
      const conversation = service.list(deploymentId).at(-1);
      assert.deepEqual(conversation.journeyContext, context);
      assert.equal(conversation.journeySessionId, undefined);
    }
    assert.deepEqual(service.journeys.get(visit.sessionId).conversationIds, []);
  });

  it('a bad journeyContext is refused as other bad configureSession fields are (string, 400)', async () => {
    const { at } = await serve();
    const deploymentId = randomUUID();
    for (const [context, reason] of [
      ['cookie', /journeyContext must be an object/],
      [{}, /journeyContext\.customer must be an object/],
      [{ customer: { id: 'x'.repeat(65), idType: 'cookie' } }, /customer\.id must be a string of at most 64/],
      [{ customer: { id: 'a', idType: 'cookie' }, customerSession: { id: 7, type: 'web' } }, /customerSession\.id/],
      [{ customer: { id: 'a', idType: 'cookie' }, triggeringAction: { id: 'a' } }, /triggeringAction must be/],
    ]) {
      const { answer } = await configured(at, deploymentId, context);
      assert.equal(answer.class, 'string');
      assert.equal(answer.code, 400);
      assert.match(answer.body, reason);
    }
  });

  it('a forgotten conversation leaves the GPE session\'s list', async () => {
    const { at, base, service } = await serve();
    const deploymentId = randomUUID();
    const visit = await record(base, deploymentId);
    await configured(at, deploymentId, contextOf(visit));
    const [conversation] = service.list(deploymentId);
    assert.deepEqual(service.journeys.get(visit.sessionId).conversationIds, [conversation.id]);
    service.removeConversation(service.conversations.get(conversation.id));
    assert.deepEqual(service.journeys.get(visit.sessionId).conversationIds, []);
  });
});

describe('bounds: nothing a visitor sends grows memory without bound', () => {
  it('events per session: the newest kept, eventCount counts all; attributes per session: the newest keys', async () => {
    const { base, service } = await serve({ limits: { journeyEventsPerSession: 5, journeyAttributesPerSession: 3 } });
    const deploymentId = randomUUID();
    const first = await record(base, deploymentId, { data: { customAttributes: { a0: 'x' } } });
    for (let i = 1; i < 8; i++) {
      await record(base, deploymentId, { customerId: first.customerId, sessionId: first.sessionId, kind: 'record', data: { eventName: `e${i}`, customAttributes: { [`a${i}`]: String(i) } } });
    }
    const listing = await (await get(base, `/api/v2/journey/sessions/${first.sessionId}/events`)).json();
    assert.deepEqual(listing.entities.map((e) => e.webEvent.eventName), ['e3', 'e4', 'e5', 'e6', 'e7']);
    const session = await (await get(base, `/api/v2/journey/sessions/${first.sessionId}`)).json();
    assert.equal(session.eventCount, 8);
    assert.deepEqual(Object.keys(session.attributes), ['a5', 'a6', 'a7']);
    assert.equal(service.journeys.eventCount, 5);
  });

  it('sessions per client address and in all: the least recently active go, and the visitor with its last one', async () => {
    const { base, service } = await serve({ limits: { maxJourneySessionsPerClient: 3, maxJourneySessions: 4 } });
    const deploymentId = randomUUID();
    const visits = [];
    for (let i = 0; i < 5; i++) visits.push(await record(base, deploymentId));
    assert.equal(service.journeys.sessions.size, 3);
    assert.equal(service.journeys.visitors.size, 3);
    assert.equal((await get(base, `/api/v2/journey/sessions/${visits[0].sessionId}`)).status, 404, 'the oldest went');
    assert.equal((await get(base, `/api/v2/journey/sessions/${visits[4].sessionId}`)).status, 200);
    const stats = await (await get(base, '/api/stats')).json();
    assert.equal(stats.journeySessions, 3);
    assert.equal(stats.visitors, 3);
    assert.equal(stats.journeyEvents, 3);
    assert.equal(stats.journeySessionsEvicted, 2);
  });

  it('stored bytes: a Journey flood pushes out the client\'s own oldest GPE sessions first, within its byte bound', async () => {
    const { base, service } = await serve({ limits: { maxStoredBytesPerClient: 40_000 } });
    const deploymentId = randomUUID();
    const payload = { eventName: 'big', customAttributes: { text: 'x'.repeat(500) } };
    const visits = [];
    for (let v = 0; v < 6; v++) {
      const visit = await record(base, deploymentId, { kind: 'record', data: payload });
      for (let i = 0; i < 9; i++) await record(base, deploymentId, { customerId: visit.customerId, sessionId: visit.sessionId, kind: 'record', data: payload });
      visits.push(visit);
    }
    assert.ok(service.storedBytes <= 40_000, `${service.storedBytes} bytes kept`);
    assert.ok(service.journeys.get(visits[5].sessionId), 'the newest stays');
    assert.equal(service.journeys.get(visits[0].sessionId), undefined, 'the oldest went');
    // Forgetting gives the bytes back.
    for (const s of [...service.journeys.sessions.keys()]) service.forgetJourneySession(s);
    assert.equal(service.storedBytes, 0);
  });
});

describe('the agent views\' stream', () => {
  it('the snapshot carries the GPE sessions; a Journey event reaches the view at once, with no conversation', async () => {
    const { port, base } = await serve();
    const deploymentId = randomUUID();
    const before = await record(base, deploymentId);
    const res = await new Promise((resolve) => request({ host: '127.0.0.1', port, path: `/api/stream?deploymentId=${deploymentId}` }, resolve).end());
    let text = '';
    res.on('data', (c) => (text += c));
    const waitFor = async (pattern) => {
      for (let i = 0; i < 100 && !pattern.test(text); i++) await sleep(20);
      return pattern.exec(text);
    };
    const snapshot = JSON.parse((await waitFor(/^event: snapshot\ndata: (.*)$/m))[1]);
    assert.deepEqual(snapshot.journeySessions.map((s) => s.id), [before.sessionId]);
    assert.equal(snapshot.moreJourneySessions, false);
    assert.equal(snapshot.journeySessions[0].deploymentId, deploymentId);
    assert.deepEqual(snapshot.journeySessions[0].conversationIds, []);
    await record(base, deploymentId, { customerId: before.customerId, sessionId: before.sessionId, kind: 'record', data: { eventName: 'product_added' } });
    const update = JSON.parse((await waitFor(/^event: journeySession\ndata: (.*)$/m))[1]);
    assert.equal(update.id, before.sessionId);
    assert.deepEqual(update.events.map((e) => e.webEvent.eventName), ['page_viewed', 'product_added']);
    assert.equal(update.events[0].webEvent.browser, undefined, 'the context is the session\'s, not repeated per event');
    res.destroy();
  });
});
