// Where the data is used (docs/messenger-sdk.md#architect-and-the-agent-script): the
// deployment's inbound message flow, run by the
// service at a conversation's first guest message (help.mypurecloud.com "Get Participant Data
// action": case-sensitive names, at most 50 executions per session in bot flows), and the
// Agent Script filled from participant data and the visitor's GPE session, its outputs
// written back ("Script input and output variables").
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { GuestService } from '../../emulator/service/guest-service.mjs';
import { connect } from './support/guest-client.mjs';
import { servers } from './support/servers.mjs';
import { journeyBody } from './support/journey.mjs';

const KEY = 'the-instructors-key-for-flow-tests';
const serve = servers();


/** An API call: `{status, body}`. */
async function api(base, method, path, body, key) {
  const headers = { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(key ? { Authorization: `Bearer ${key}` } : {}) };
  const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}
const setFlow = async (base, deploymentId, actions) => assert.equal((await api(base, 'PUT', `/api/deployments/${deploymentId}/flow`, { actions })).status, 200);
const conversationsOf = async (base, deploymentId) => (await api(base, 'GET', `/api/conversations?deploymentId=${deploymentId}`)).body;

/** A guest of `deploymentId` with a session (and a journeyContext, when given). */
async function guestOf(at, deploymentId, journeyContext) {
  const guest = await connect(at, { deploymentId });
  const token = randomUUID();
  await guest.request({ action: 'configureSession', token, deploymentId, ...(journeyContext ? { journeyContext } : {}) });
  const say = (text, attributes) =>
    guest.request({ action: 'onMessage', token, message: { type: 'Text', text, ...(attributes ? { channel: { metadata: { customAttributes: attributes } } } : {}) } });
  const fromBot = () => guest.next((f) => f.class === 'StructuredMessage' && f.body.type === 'Text' && f.body.originatingEntity === 'Bot', { what: 'the bot\'s message' });
  return { guest, token, say, fromBot };
}
/** A visitor's first page view (and identity), and the journeyContext that names its session. */
async function visit(base, deploymentId, data = {}) {
  const res = await fetch(`${base}/api/journey`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(journeyBody(deploymentId, { data })) });
  const { customerId, sessionId } = await res.json();
  return { sessionId, context: { customer: { id: customerId, idType: 'cookie' }, customerSession: { id: sessionId, type: 'web' } } };
}
const LOGIN = { customAttributes: { email: 'ada@example.com', givenName: 'Ada' }, traitsMapper: [{ fieldName: 'email' }, { fieldName: 'givenName' }] };

describe('the lab\'s default flow', () => {
  it('answers the first message naming the attributes it carried, says there is no GPE session without one, and transfers', async () => {
    const { at, base } = await serve();
    const deploymentId = randomUUID();
    const flow = await api(base, 'GET', `/api/deployments/${deploymentId}/flow`);
    assert.equal(flow.body.isDefault, true);
    assert.deepEqual(flow.body.actions.map((a) => a.type), ['getParticipantData', 'getParticipantData', 'getJourneySession', 'decision', 'decision', 'transferToAcd']);
    const g = await guestOf(at, deploymentId);
    await g.say('Hello', { keyString: 'hello', keyInt: 123 });
    const greeting = await g.fromBot();
    assert.equal(greeting.body.text, 'Hello, I can see keyString = hello and keyInt = 123.');
    assert.deepEqual([greeting.type, greeting.body.direction, greeting.body.type, greeting.body.channel.type], ['message', 'Outbound', 'Text', 'Private']);
    assert.equal(typeof greeting.body.channel.from.nickname, 'string');
    assert.equal((await g.fromBot()).body.text, 'I have no Predictive Engagement session for you.');
    const [conversation] = await conversationsOf(base, deploymentId);
    assert.equal(conversation.queue, 'Lab queue');
    assert.equal(conversation.flow.state, 'transferred');
    assert.equal(conversation.flow.queue, 'Lab queue');
    assert.deepEqual(conversation.flow.trace.map((t) => t.type), ['start', 'getParticipantData', 'getParticipantData', 'getJourneySession', 'decision', 'sendResponse', 'decision', 'sendResponse', 'transferToAcd']);
    const [, readString, , journey, decision] = conversation.flow.trace;
    assert.match(readString.detail, /"keyString".*Flow\.keyString = "hello"/);
    assert.equal(readString.path, 'actions[0]');
    assert.ok(Date.parse(readString.time));
    assert.match(journey.detail, /no journeyContext/);
    assert.match(decision.detail, /Flow\.keyString is empty\? No .*"else"/);
    assert.equal(conversation.flow.trace[5].path, 'actions[3].else[0]');
    assert.deepEqual(conversation.customAttributes, { keyString: 'hello', keyInt: '123' });
    assert.equal(conversation.state, 'active', 'a transfer leaves the conversation to the agent');
  });

  it('attributes only on a later message: the bot said it had none, and the conversation still gets them', async () => {
    const { at, base } = await serve();
    const deploymentId = randomUUID();
    const g = await guestOf(at, deploymentId);
    await g.say('Hi');
    assert.match((await g.fromBot()).body.text, /^Hello! Your first message carried no custom attributes/);
    await g.fromBot();
    await g.say('Here they are', { keyString: 'late', keyInt: 7 });
    await sleep(150);
    assert.equal(g.guest.peek((f) => f.body?.originatingEntity === 'Bot').length, 0, 'the flow ran once, at the first message');
    const [conversation] = await conversationsOf(base, deploymentId);
    assert.deepEqual(conversation.customAttributes, { keyString: 'late', keyInt: '7' });
    assert.equal(conversation.messages.filter((m) => m.originatingEntity === 'Bot').length, 2);
    assert.match(conversation.flow.trace[1].detail, /has none by that name/);
  });

  it('the visitor\'s GPE session (journeyContext) gives the country, there from the first page view', async () => {
    const { at, base } = await serve();
    const deploymentId = randomUUID();
    const paris = { country: 'FR', countryName: 'France', region: 'IDF', regionName: 'Île-de-France', locality: 'Paris', postalCode: '75001' };
    assert.equal((await api(base, 'PUT', `/api/deployments/${deploymentId}/settings`, { geolocation: paris })).status, 200);
    const { context, sessionId } = await visit(base, deploymentId);
    const g = await guestOf(at, deploymentId, context);
    await g.say('Hello');
    assert.match((await g.fromBot()).body.text, /no custom attributes/);
    assert.equal((await g.fromBot()).body.text, 'You are browsing from Paris, France (from your journey, there from your first page view).');
    const [conversation] = await conversationsOf(base, deploymentId);
    assert.match(conversation.flow.trace[3].detail, new RegExp(`Predictive Engagement session ${sessionId}.*"France"`));
  });
});

describe('the actions', () => {
  it('Get Participant Data is case-sensitive; templates reach into objects by dotted paths; decisions; Set Participant Data is marked as the flow\'s', async () => {
    const { at, base } = await serve();
    const deploymentId = randomUUID();
    await setFlow(base, deploymentId, [
      { type: 'getParticipantData', attribute: 'keystring', variable: 'Flow.lower' },
      { type: 'getParticipantData', attribute: 'keyString', variable: 'Flow.exact' },
      { type: 'getJourneySession', variable: 'State.j' },
      { type: 'decision', variable: 'State.j.geolocation.country', test: 'equals', value: 'US', then: [
        { type: 'decision', variable: 'Flow.never', test: 'isEmpty', then: [{ type: 'setParticipantData', attribute: 'region', value: '{{State.j.geolocation.regionName}}/{{State.j.traits.email.value}}' }], else: [] },
      ], else: [{ type: 'sendResponse', text: 'not reached' }] },
      { type: 'sendResponse', text: '[{{Flow.lower}}] [{{Flow.exact}}] [{{State.j.no.such.path}}] [{{ State.j.browser.family }}]' },
    ]);
    const { context } = await visit(base, deploymentId, LOGIN);
    const g = await guestOf(at, deploymentId, context);
    await g.say('Hello', { keyString: 'Exact' });
    assert.equal((await g.fromBot()).body.text, '[] [Exact] [] [Chrome]');
    const [conversation] = await conversationsOf(base, deploymentId);
    assert.equal(conversation.customAttributes.region, 'Indiana/ada@example.com', 'participant data, shown with the custom attributes');
    assert.deepEqual(Object.keys(conversation.participantData), ['region']);
    assert.equal(conversation.participantData.region.source, 'flow');
    assert.equal(conversation.participantData.region.value, 'Indiana/ada@example.com');
    assert.ok(Date.parse(conversation.participantData.region.time));
    assert.equal(conversation.flow.state, 'ran');
    assert.equal(conversation.flow.trace.at(-1).type, 'end');
    assert.equal(conversation.queue, undefined);
  });

  it('Disconnect ends the conversation as the agent\'s "End conversation" does; the flow ends there', async () => {
    const { at, base } = await serve();
    const deploymentId = randomUUID();
    await setFlow(base, deploymentId, [{ type: 'sendResponse', text: 'Bye.' }, { type: 'disconnect' }, { type: 'sendResponse', text: 'never sent' }]);
    const g = await guestOf(at, deploymentId);
    await g.say('Hello');
    assert.equal((await g.fromBot()).body.text, 'Bye.');
    const ended = await g.guest.next((f) => f.body?.type === 'Event', { what: 'the Disconnect' });
    assert.deepEqual(ended.body.events, [{ eventType: 'Presence', presence: { type: 'Disconnect' } }]);
    assert.equal(ended.body.metadata.readOnly, 'true');
    const [conversation] = await conversationsOf(base, deploymentId);
    assert.equal(conversation.state, 'disconnected');
    assert.equal(conversation.flow.state, 'disconnected');
    assert.deepEqual(conversation.flow.trace.map((t) => t.type), ['start', 'sendResponse', 'disconnect']);
  });

  it('Get Participant Data runs at most 50 times per guest session: the 51st leaves its variable empty and says why', async () => {
    const { at, base } = await serve();
    const deploymentId = randomUUID();
    const reads = Array.from({ length: 30 }, (_, i) => ({ type: 'getParticipantData', attribute: 'k', variable: `Flow.a${i}` }));
    await setFlow(base, deploymentId, [...reads, { type: 'sendResponse', text: '{{Flow.a19}}/{{Flow.a20}}' }, { type: 'disconnect' }]);
    const g = await guestOf(at, deploymentId);
    await g.say('one', { k: 'v' });
    assert.equal((await g.fromBot()).body.text, 'v/v', '30 reads');
    await g.guest.request({ action: 'configureSession', token: g.token, deploymentId, startNew: true });
    await g.say('two', { k: 'v' });
    assert.equal((await g.fromBot()).body.text, 'v/', 'the same session: 20 more reads, then none');
    const second = (await conversationsOf(base, deploymentId)).at(-1);
    assert.match(second.flow.trace[21].detail, /^Not read: Get Participant Data runs at most 50 times per guest session.*Flow\.a20 = ""/);
  });

  it('a flow that fails unexpectedly is marked failed; the conversation goes on', async () => {
    const service = new GuestService({ log: { warn() {}, error() {} } });
    const { at, base } = await serve({ service });
    const deploymentId = randomUUID();
    service.reply = () => {
      throw new Error('boom');
    };
    const g = await guestOf(at, deploymentId);
    const echo = await g.say('Hello');
    assert.equal(echo.body.text, 'Hello', 'the guest\'s message is echoed all the same');
    const [conversation] = await conversationsOf(base, deploymentId);
    assert.equal(conversation.flow.state, 'failed');
    assert.match(conversation.flow.trace.at(-1).detail, /failed unexpectedly \(boom\)/);
    assert.equal(conversation.state, 'active');
    assert.equal(conversation.queue, undefined);
    assert.equal(service.safety.errors, 1);
  });

  it('the trace is bounded', async () => {
    const { at, base } = await serve({ limits: { maxFlowTrace: 4 } });
    const deploymentId = randomUUID();
    await setFlow(base, deploymentId, Array.from({ length: 8 }, (_, i) => ({ type: 'setParticipantData', attribute: `p${i}`, value: 'x' })));
    const g = await guestOf(at, deploymentId);
    await g.say('Hello');
    const [conversation] = await conversationsOf(base, deploymentId);
    assert.equal(conversation.flow.trace.length, 4);
    assert.match(conversation.flow.trace.at(-1).detail, /^7 more steps were not kept/);
    assert.equal(conversation.customAttributes.p7, 'x', 'every step ran');
  });
});

describe('a flow runs at the first message, and only then', () => {
  it('a Join does not run it; the first Text does, seeing what the Join carried; later messages and a changed flow do not', async () => {
    const { at, base } = await serve();
    const deploymentId = randomUUID();
    await setFlow(base, deploymentId, [{ type: 'getParticipantData', attribute: 'early', variable: 'Flow.e' }, { type: 'sendResponse', text: 'first: {{Flow.e}}' }]);
    const g = await guestOf(at, deploymentId);
    await g.guest.request({ action: 'onMessage', token: g.token, message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Join' } }], channel: { metadata: { customAttributes: { early: 'joined' } } } } });
    assert.equal((await conversationsOf(base, deploymentId))[0].flow, undefined);
    await g.say('one');
    assert.equal((await g.fromBot()).body.text, 'first: joined');
    await setFlow(base, deploymentId, [{ type: 'sendResponse', text: 'again' }]);
    await g.say('two');
    await sleep(150);
    assert.equal(g.guest.peek((f) => f.body?.originatingEntity === 'Bot').length, 0);
  });

  it('an empty flow is no flow', async () => {
    const { at, base } = await serve();
    const deploymentId = randomUUID();
    await setFlow(base, deploymentId, []);
    const g = await guestOf(at, deploymentId);
    await g.say('Hello', { keyString: 'x' });
    const [conversation] = await conversationsOf(base, deploymentId);
    assert.equal(conversation.flow, undefined);
    assert.deepEqual(conversation.messages.map((m) => m.direction), ['Inbound']);
  });
});

describe('changing a flow', () => {
  it('a bad flow is refused with the reason and where it is; nothing changes; DELETE restores the default', async () => {
    const { base } = await serve();
    const deploymentId = randomUUID();
    const path = `/api/deployments/${deploymentId}/flow`;
    const lab = (await api(base, 'GET', path)).body;
    const mine = [{ type: 'decision', variable: 'Flow.unset', test: 'isEmpty', then: [{ type: 'sendResponse', text: 'read before set: allowed' }], else: [] }];
    // Read before anything sets it: saved (Architect allows it), with a warning that says so.
    const unset = 'Flow.unset (actions[0].variable) is read, but no action sets it, so it is always empty. Set it with Get Participant Data or Get Journey Session first.';
    assert.deepEqual((await api(base, 'PUT', path, { actions: mine })).body, { actions: mine, isDefault: false, warnings: [unset] });
    const nest = (depth) => (depth === 0 ? [] : [{ type: 'decision', variable: 'Flow.x', test: 'isEmpty', then: nest(depth - 1), else: [] }]);
    const send = (text) => ({ type: 'sendResponse', text });
    for (const [body, where, reason] of [
      [{ actions: [{ type: 'goTo' }] }, 'actions[0].type', /Unknown action type/],
      [{ actions: 'x' }, 'actions', /list of actions/],
      [{}, 'actions', /list of actions/],
      [{ actions: [], version: 2 }, 'version', /Unknown field/],
      [{ actions: [{ type: 'getParticipantData', attribute: 'a' }] }, 'actions[0].variable', /needs "variable"/],
      [{ actions: [{ type: 'getJourneySession', variable: 'flow.x' }] }, 'actions[0].variable', /Flow\.<name> or State\.<name>/],
      [{ actions: [{ type: 'decision', variable: 'Flow.x', test: 'isEmpty', then: [send('x'.repeat(1025))], else: [] }] }, 'actions[0].then[0].text', /at most 1024/],
      [{ actions: [send('{{Flow.a b}}')] }, 'actions[0].text', /not a variable/],
      [{ actions: [{ type: 'decision', variable: 'Flow.x', test: 'equals', then: [], else: [] }] }, 'actions[0].value', /needs "value"/],
      [{ actions: [{ type: 'decision', variable: 'Flow.x', test: 'isEmpty', value: 'a', then: [], else: [] }] }, 'actions[0].value', /"equals" only/],
      [{ actions: [{ type: 'decision', variable: 'Flow.x', test: 'isEmpty', then: [] }] }, 'actions[0].else', /needs "else"/],
      [{ actions: [{ type: 'disconnect', queue: 'q' }] }, 'actions[0].queue', /has no field/],
      [{ actions: [{ type: 'transferToAcd', queue: ' ' }] }, 'actions[0].queue', /not empty/],
      [{ actions: Array.from({ length: 101 }, () => send('x')) }, 'actions[100]', /at most 100 actions/],
      [{ actions: nest(9) }, `actions${'[0].then'.repeat(8)}[0]`, /at most 8 levels/],
    ]) {
      const refused = await api(base, 'PUT', path, body);
      assert.equal(refused.status, 400, where);
      assert.equal(refused.body.path, where);
      assert.match(refused.body.error, reason);
    }
    assert.equal((await api(base, 'PUT', path, { actions: nest(8) })).status, 200, '8 levels are allowed');
    await api(base, 'PUT', path, { actions: mine });
    assert.equal((await api(base, 'PUT', path, { actions: nest(30) })).status, 400, 'far too deep: refused at the door');
    assert.equal((await api(base, 'PUT', path, '{not json')).status, 400);
    assert.deepEqual((await api(base, 'GET', path)).body, { actions: mine, isDefault: false, warnings: [unset] }, 'nothing changed');
    assert.deepEqual((await api(base, 'DELETE', path)).body, lab);
    assert.deepEqual((await api(base, 'GET', path)).body, lab);
  });
});

describe('the Agent Script', () => {
  it('fills its inputs from participant data and the GPE session; unfilled ones are shown as none', async () => {
    const { at, base } = await serve();
    const deploymentId = randomUUID();
    const script = (await api(base, 'GET', `/api/deployments/${deploymentId}/script`)).body;
    assert.deepEqual(script.outputs, ['agentNote']);
    assert.equal(script.isDefault, true);
    const { context } = await visit(base, deploymentId, LOGIN);
    const g = await guestOf(at, deploymentId, context);
    await g.say('Hello', { keyString: 'hello', keyInt: 123 });
    const [conversation] = await conversationsOf(base, deploymentId);
    const filled = (await api(base, 'GET', `/api/conversations/${conversation.id}/script`)).body;
    assert.equal(filled.template, script.template);
    assert.equal(filled.text, 'Greet the customer. Data from the conversation: keyString = hello, keyInt = 123. From the journey: United States, identified as ada@example.com.');
    assert.deepEqual(filled.variables, [
      { name: 'keyString', value: 'hello', source: 'participant data' },
      { name: 'keyInt', value: '123', source: 'participant data' },
      { name: 'journeyCountry', value: 'United States', source: 'journey' },
      { name: 'journeyEmail', value: 'ada@example.com', source: 'journey' },
    ]);
    assert.deepEqual(filled.outputs, [{ name: 'agentNote', value: '' }]);
    const bare = await guestOf(at, deploymentId);
    await bare.say('No journey');
    const other = (await conversationsOf(base, deploymentId)).at(-1);
    const unfilled = (await api(base, 'GET', `/api/conversations/${other.id}/script`)).body;
    assert.deepEqual(unfilled.variables.map((v) => [v.name, v.value, v.source]), [['keyString', '', 'none'], ['keyInt', '', 'none'], ['journeyCountry', '', 'none'], ['journeyEmail', '', 'none']]);
  });

  it('a script of one\'s own: checked whole (400 with where), the other journey inputs, DELETE restores the lab\'s', async () => {
    const { at, base } = await serve();
    const deploymentId = randomUUID();
    const path = `/api/deployments/${deploymentId}/script`;
    const lab = (await api(base, 'GET', path)).body;
    for (const [body, where] of [
      [{ template: 'Hi {{context.name}}', outputs: [] }, 'template'],
      [{ template: 'x'.repeat(4097), outputs: [] }, 'template'],
      [{ template: 7, outputs: [] }, 'template'],
      [{ template: 'Hi', outputs: 'note' }, 'outputs'],
      [{ template: 'Hi', outputs: ['ok', 'not ok'] }, 'outputs[1]'],
      [{ template: 'Hi', outputs: ['a', 'a'] }, 'outputs[1]'],
      [{ template: 'Hi', outputs: [], inputs: [] }, 'inputs'],
    ]) {
      const refused = await api(base, 'PUT', path, body);
      assert.equal(refused.status, 400, JSON.stringify(body).slice(0, 80));
      assert.equal(refused.body.path, where);
    }
    const mine = { template: '{{journeyGivenName}} {{journeyFamilyName}} in {{journeyCity}} on {{journeyBrowser}} ({{journeySessionId}})', outputs: ['outcome', 'agentNote'] };
    assert.deepEqual((await api(base, 'PUT', path, mine)).body, { ...mine, isDefault: false });
    const { context, sessionId } = await visit(base, deploymentId, LOGIN);
    const g = await guestOf(at, deploymentId, context);
    await g.say('Hello');
    const [conversation] = await conversationsOf(base, deploymentId);
    const filled = (await api(base, 'GET', `/api/conversations/${conversation.id}/script`)).body;
    assert.equal(filled.text, `Ada  in Indianapolis on Chrome (${sessionId})`);
    assert.equal(filled.variables[1].source, 'none', 'no familyName trait');
    assert.deepEqual((await api(base, 'DELETE', path)).body, lab);
  });

  it('outputs are written back as participant data, marked as the script\'s, seen at once by the agent views', async () => {
    const { at, base, port } = await serve({ limits: { streamCoalesceMs: 5 } });
    const deploymentId = randomUUID();
    const g = await guestOf(at, deploymentId);
    await g.say('Hello', { agentNote: 'from the guest' });
    const [{ id }] = await conversationsOf(base, deploymentId);
    const stream = await new Promise((resolve) => {
      request({ host: '127.0.0.1', port, path: `/api/stream?deploymentId=${deploymentId}` }, (res) => {
        res.text = '';
        res.on('data', (c) => (res.text += c));
        resolve(res);
      }).end();
    });
    const path = `/api/conversations/${id}/participant-data`;
    const written = await api(base, 'POST', path, { agentNote: 'Called back about the order' });
    assert.equal(written.status, 200);
    assert.deepEqual(written.body.participantData.agentNote.value, 'Called back about the order');
    const [conversation] = await conversationsOf(base, deploymentId);
    assert.equal(conversation.customAttributes.agentNote, 'Called back about the order', 'the last write wins');
    assert.equal(conversation.participantData.agentNote.source, 'script');
    await sleep(100);
    const update = JSON.parse([...stream.text.matchAll(/^event: conversation\ndata: (.*)$/gm)].at(-1)[1]);
    assert.equal(update.participantData.agentNote.source, 'script');
    stream.destroy();
    assert.equal((await api(base, 'GET', `/api/conversations/${id}/script`)).body.outputs[0].value, 'Called back about the order');
    for (const [body, where] of [[{ keyString: 'x' }, 'keyString'], [{ agentNote: 5 }, 'agentNote'], [{ agentNote: 'x'.repeat(1025) }, 'agentNote'], [{}, ''], [['agentNote'], '']]) {
      const refused = await api(base, 'POST', path, body);
      assert.equal(refused.status, 400);
      assert.equal(refused.body.path, where);
    }
    assert.equal((await api(base, 'POST', `/api/conversations/${randomUUID()}/participant-data`, { agentNote: 'x' })).status, 404);
    assert.equal((await api(base, 'GET', `/api/conversations/${randomUUID()}/script`)).status, 404);
    // The guest writes it again: theirs now.
    await g.say('Again', { agentNote: 'guest again' });
    const [after] = await conversationsOf(base, deploymentId);
    assert.equal(after.customAttributes.agentNote, 'guest again');
    assert.equal(after.participantData, undefined);
  });
});

describe('who may read and change flows, scripts and participant data', () => {
  it('the instructor\'s key, or a student\'s for their own deployment; another deployment 403; no key 401; unknown 404', async () => {
    const { at, base } = await serve({ agentKey: KEY, requireKey: true });
    const mine = randomUUID();
    const theirs = randomUUID();
    const { key } = (await api(base, 'POST', `/api/deployments/${mine}/key`)).body;
    const g = await guestOf(at, theirs);
    await g.say('Hello');
    const [{ id }] = (await api(base, 'GET', `/api/conversations?deploymentId=${theirs}`, undefined, KEY)).body;
    const routes = (deploymentId) => [
      ['GET', `/api/deployments/${deploymentId}/flow`],
      ['PUT', `/api/deployments/${deploymentId}/flow`, { actions: [] }],
      ['DELETE', `/api/deployments/${deploymentId}/flow`],
      ['GET', `/api/deployments/${deploymentId}/script`],
      ['PUT', `/api/deployments/${deploymentId}/script`, { template: 'Hi', outputs: [] }],
      ['DELETE', `/api/deployments/${deploymentId}/script`],
    ];
    for (const [method, path, body] of [...routes(mine), ['GET', `/api/conversations/${id}/script`], ['POST', `/api/conversations/${id}/participant-data`, { agentNote: 'x' }]]) {
      assert.equal((await api(base, method, path, body)).status, 401, `${method} ${path} without a key`);
    }
    for (const [method, path, body] of routes(mine)) assert.equal((await api(base, method, path, body, key)).status, 200, `${method} ${path}: the student's own`);
    for (const [method, path, body] of [...routes(theirs), ['GET', `/api/conversations/${id}/script`], ['POST', `/api/conversations/${id}/participant-data`, { agentNote: 'x' }]]) {
      const refused = await api(base, method, path, body, key);
      assert.equal(refused.status, 403, `${method} ${path}: another deployment`);
      assert.equal(refused.body.error, `This key opens deployment ${mine} only.`);
    }
    assert.equal((await api(base, 'GET', `/api/conversations/${id}/script`, undefined, KEY)).status, 200);
    assert.equal((await api(base, 'POST', `/api/conversations/${id}/participant-data`, { agentNote: 'x' }, KEY)).status, 200);
    assert.equal((await api(base, 'GET', `/api/conversations/${randomUUID()}/script`, undefined, KEY)).status, 404);
    assert.equal((await api(base, 'GET', '/api/deployments/not-a-uuid/flow', undefined, KEY)).status, 400);
    assert.equal((await api(base, 'POST', `/api/deployments/${mine}/flow`, { actions: [] }, KEY)).status, 405);
  });
});

describe('warnings on a saved flow', () => {
  it('a variable read in another case than it was set, and actions after a transfer: saved, with warnings that say so', async () => {
    const { base } = await serve({ agentKey: KEY });
    const path = `/api/deployments/${randomUUID()}/flow`;
    const actions = [
      { type: 'getParticipantData', attribute: 'keyString', variable: 'Flow.keyString' },
      { type: 'sendResponse', text: 'Hi {{Flow.keystring}}' },
      { type: 'transferToAcd', queue: 'Lab queue' },
      { type: 'sendResponse', text: 'never sent' },
    ];
    const answer = await api(base, 'PUT', path, { actions });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body.warnings, [
      'actions[3] and after come after Transfer to ACD (actions[2]): they never run.',
      'Flow.keystring (actions[1].text) is read, but no action sets it, so it is always empty. Did you mean Flow.keyString? Names are case-sensitive.',
    ]);
    // The lab's own flow has nothing to warn about.
    assert.deepEqual((await api(base, 'DELETE', path)).body.warnings, []);
  });
});
