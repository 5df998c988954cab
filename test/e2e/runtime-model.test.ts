/**
 * The emulated runtime driven directly through `window.Genesys`, against the emulated
 * service mounted in the test server: the Database model (merge, the whole set once per
 * change, size checked when set, remove, commands before ready) and MessagingService's
 * events with the payloads the notes give (docs/messenger-sdk.md#the-messagingservice-plugin).
 */
import { expect, waitUntil } from '@open-wc/testing';
import { LIMITS, sizeExceededPayload } from '../../src/genesys/contract.js';
import { cloud as cloudOf, conversationWith as conversationIn, withoutFlow, type CloudMessage, type Conversation } from '../support/cloud.js';
import { DEPLOYMENT_ID, EMULATOR, clearStorage, openPage, type LabPage } from '../support/pages.js';

interface Published {
  eventName: string;
  data: any;
}

interface Emulator {
  published: Published[];
  calls: Array<{ command: string; options: unknown }>;
  frames: Array<Record<string, any>>;
  log: string[];
  database: { messaging: { customAttributes: Record<string, unknown> } };
  token?: string;
  socketUrl: string;
  deploymentConfig?: { messenger?: { apps?: { conversations?: { messagingEndpoint?: string } } } };
  dropConnection(): boolean;
}


const MESSENGER = (query = '') =>
  `<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}${query}"></gc-messenger>`;

/** The page's own globals (its JSON, Object, console), not the test runner's. */
const realm = (page: LabPage) => page.win as unknown as Window & typeof globalThis;

const emulator = (page: LabPage) => page.win.__genesysEmulator as unknown as Emulator;

/** `Genesys("command", …)` as a promise (resolve/reject callbacks). */
function command(page: LabPage, name: string, options: unknown = {}): Promise<any> {
  return new Promise((resolve, reject) => page.win.Genesys!('command', name, options, resolve, reject));
}

/** The rejection text of a command that must fail (fails the test if it resolves). */
async function refusal(page: LabPage, name: string, options: unknown = {}): Promise<string> {
  try {
    await command(page, name, options);
  } catch (error) {
    return String(error);
  }
  throw new Error(`${name} was expected to reject`);
}

const set = (page: LabPage, customAttributes: Record<string, unknown>) =>
  command(page, 'Database.set', { messaging: { customAttributes } });
const attributes = (page: LabPage) => command(page, 'Database.get', { name: 'messaging.customAttributes' });

function events(page: LabPage, eventName: string): Published[] {
  return emulator(page).published.filter((p) => p.eventName === eventName);
}

async function published(page: LabPage, eventName: string, count = 1): Promise<Published> {
  await waitUntil(() => events(page, eventName).length >= count, `${eventName} was not published`, { timeout: 5000 });
  return events(page, eventName)[count - 1];
}

const cloud = () => cloudOf(DEPLOYMENT_ID);
const conversationWith = (text: string) => conversationIn(text, DEPLOYMENT_ID);

/** Sends as the guest (MessagingService.sendMessage) and waits until the cloud has it. */
async function send(page: LabPage, label: string): Promise<{ conversation: Conversation; message: CloudMessage; text: string }> {
  const text = `${label} ${Math.random().toString(36).slice(2, 8)}`;
  await command(page, 'MessagingService.sendMessage', { message: text });
  await waitUntil(async () => (await conversationWith(text)) !== undefined, `"${text}" never reached the cloud`, { timeout: 5000 });
  const conversation = (await conversationWith(text))!;
  return { conversation, message: conversation.messages.find((m) => m.text === text)!, text };
}

function chat(page: LabPage) {
  const root = page.doc.querySelector('[data-genesys-emulator]')!.shadowRoot!;
  return {
    root,
    lines: () => [...root.querySelectorAll('ol li')].map((li) => li.firstChild!.textContent!),
    input: () => root.querySelector<HTMLInputElement>('input')!,
    greeting: () => root.querySelector<HTMLElement>('.greeting')!,
    ended: () => root.querySelector<HTMLElement>('.ended')!,
    resetButton: () =>
      [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === 'Start a new conversation')!,
  };
}

async function open(query = ''): Promise<LabPage> {
  const page = await openPage(MESSENGER(query));
  await page.messengerIs('ready');
  if (!query.includes('database-delay')) await published(page, 'Database.ready');
  return page;
}

describe('the emulated runtime: the Database model', () => {
  beforeEach(clearStorage);
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('Set merges; a message carries the whole set once; a later Set sends the whole set again', async () => {
    const page = await open();
    await set(page, { a: 'one' });
    await set(page, { b: 2 });
    expect(await attributes(page)).to.deep.equal({ a: 'one', b: 2 });
    // Database.updated carries the whole database after the change.
    const updated = events(page, 'Database.updated');
    expect(updated).to.have.length(2);
    expect(updated[1].data.messaging.customAttributes).to.deep.equal({ a: 'one', b: 2 });
    expect(emulator(page).database.messaging.customAttributes).to.deep.equal({ a: 'one', b: 2 });

    const first = await send(page, 'first');
    expect(first.message.customAttributes).to.deep.equal({ a: 'one', b: '2' });
    const frame = emulator(page).frames.filter((f) => f.action === 'onMessage').slice(-1)[0]!;
    // On the wire they are strings, as in Genesys's transport SDK (docs/messenger-sdk.md#values-are-strings).
    expect(frame.message.channel.metadata.customAttributes).to.deep.equal({ a: 'one', b: '2' });

    const second = await send(page, 'second');
    expect(second.message.customAttributes).to.equal(undefined);
    expect(emulator(page).frames.filter((f) => f.action === 'onMessage').slice(-1)[0]!.message.channel).to.equal(undefined);

    await set(page, { c: true, a: 'uno' });
    const third = await send(page, 'third');
    expect(third.message.customAttributes).to.deep.equal({ a: 'uno', b: '2', c: 'true' });
    expect(third.conversation.id).to.equal(first.conversation.id);
    expect(third.conversation.customAttributes).to.deep.equal({ a: 'uno', b: '2', c: 'true' });
  });

  it('Database.update merges too; other root keys merge shallowly; Get reads a dotted path or the whole database', async () => {
    const page = await open();
    await set(page, { a: '1' });
    await command(page, 'Database.update', { messaging: { customAttributes: { b: '2' } }, shop: { cart: { items: 1 } } });
    await command(page, 'Database.update', { shop: { cart: { total: 9 } } });
    await command(page, 'Database.set', { page: { title: 'x' } });
    expect(await attributes(page)).to.deep.equal({ a: '1', b: '2' });
    expect(await command(page, 'Database.get', { name: 'shop.cart' })).to.deep.equal({ items: 1, total: 9 });
    expect(await command(page, 'Database.get', { name: 'messaging.customAttributes.b' })).to.equal('2');
    expect(await command(page, 'Database.get')).to.deep.equal({
      messaging: { customAttributes: { a: '1', b: '2' } },
      shop: { cart: { items: 1, total: 9 } },
      page: { title: 'x' },
    });
  });

  it('Remove deletes from the page only: what a message carried stays on the conversation', async () => {
    const page = await open();
    await set(page, { keep: 'k', gone: 'g' });
    const first = await send(page, 'carrying both');
    expect(first.message.customAttributes).to.deep.equal({ keep: 'k', gone: 'g' });

    await command(page, 'Database.remove', { name: 'messaging.customAttributes.gone' });
    expect(await attributes(page)).to.deep.equal({ keep: 'k' });
    const removed = await published(page, 'Database.removed');
    expect(removed.data.name).to.equal('messaging.customAttributes.gone');
    expect(removed.data.database.messaging.customAttributes).to.deep.equal({ keep: 'k' });
    const conversation = (await cloud()).find((c) => c.id === first.conversation.id)!;
    expect(conversation.customAttributes).to.deep.equal({ keep: 'k', gone: 'g' });

    await command(page, 'Database.remove', { name: 'messaging.customAttributes' });
    expect(await attributes(page)).to.deep.equal({});
    const after = await send(page, 'after removing all');
    expect(after.message.customAttributes).to.equal(undefined);
    expect(after.conversation.customAttributes).to.deep.equal({ keep: 'k', gone: 'g' });
  });

  it('a Set that would go over the limit is refused whole, nothing is held, and customAttributesSizeExceeded is published', async () => {
    const page = await open();
    const limit = LIMITS.maxCustomDataBytes;
    await set(page, { small: 'x', big: 'y'.repeat(limit - 200) });
    // Each part fits; together they do not: the merged set is what is checked.
    const error = await refusal(page, 'Database.set', { messaging: { customAttributes: { more: 'z'.repeat(300) } } });
    expect(error).to.equal(sizeExceededPayload(limit).body);
    const exceeded = await published(page, 'MessagingService.customAttributesSizeExceeded');
    expect(exceeded.data).to.deep.equal(sizeExceededPayload(limit));
    expect(Object.keys(await attributes(page))).to.deep.equal(['small', 'big']);
    expect(events(page, 'Database.updated')).to.have.length(1);

    // Multi-byte text counts in UTF-8 bytes: 700 × "€" is 2100 bytes.
    await command(page, 'Database.remove', { name: 'messaging.customAttributes' });
    expect(await refusal(page, 'Database.set', { messaging: { customAttributes: { euro: '€'.repeat(700) } } })).to.contain(
      `${limit} bytes`,
    );
    expect(await attributes(page)).to.deep.equal({});
    const sent = await send(page, 'nothing held');
    expect(sent.message.customAttributes).to.equal(undefined);
  });

  it('__proto__ and constructor are ordinary attribute keys, never merged into prototypes', async () => {
    const page = await open();
    const hostile = realm(page).JSON.parse(
      '{"messaging":{"customAttributes":{"__proto__":"p","constructor":"c","toString":"t"}},"__proto__":{"polluted":"yes"}}',
    );
    await command(page, 'Database.set', hostile);
    await command(page, 'Database.update', realm(page).JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}'));
    const held = await attributes(page);
    expect(Object.keys(held)).to.have.members(['__proto__', 'constructor', 'toString']);
    expect(realm(page).Object.prototype).not.to.have.property('polluted');
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    const sent = await send(page, 'odd keys');
    expect(sent.message.customAttributes).to.deep.equal(JSON.parse('{"__proto__":"p","constructor":"c","toString":"t"}'));
  });

  it('Database commands before Database.ready are accepted, queued, run in order, with one warning', async () => {
    const page = await openPage(MESSENGER('?database-delay=500'));
    await page.messengerIs('ready');
    expect(events(page, 'Database.ready')).to.have.length(0);
    const warnings: string[] = [];
    const original = realm(page).console.warn;
    realm(page).console.warn = (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
      original.apply(realm(page).console, args);
    };
    const results = Promise.all([
      set(page, { first: '1' }),
      command(page, 'Database.remove', { name: 'messaging.customAttributes.first' }),
      set(page, { second: '2' }),
      attributes(page),
    ]);
    const log = emulator(page).log;
    expect(log.filter((l) => l.startsWith('queued:Database.'))).to.have.length(4);
    const [, , , got] = await results;
    expect(got).to.deep.equal({ second: '2' });
    const ready = log.indexOf('publish:Database.ready');
    expect(ready).to.be.greaterThan(-1);
    const ran = log.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith('command:Database.'));
    expect(ran.map(([l]) => l)).to.deep.equal([
      'command:Database.set',
      'command:Database.remove',
      'command:Database.set',
      'command:Database.get',
    ]);
    expect(ran.every(([, i]) => i > ready)).to.equal(true);
    expect(warnings.filter((w) => w.includes('Database.ready'))).to.have.length(1);
    expect(warnings.find((w) => w.includes('Database.ready'))).to.contain('recommend');
    // After ready, no further warning.
    await set(page, { third: '3' });
    expect(warnings.filter((w) => w.includes('Database.ready'))).to.have.length(1);
  });
});

describe('the emulated runtime: MessagingService events and the conversation', () => {
  // The runtime's events on their own: no bot answering first messages here.
  before(() => withoutFlow(DEPLOYMENT_ID));
  beforeEach(clearStorage);
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('started, sendingMessage and messagesReceived carry the documented payloads', async () => {
    const page = await open();
    expect(chat(page).greeting().hidden).to.equal(false);
    const { conversation, text } = await send(page, 'Hello');
    const started = await published(page, 'MessagingService.started');
    expect(started.data).to.deep.equal({ authenticated: false, newSession: true, readOnly: false });

    const sending = await published(page, 'MessagingService.sendingMessage');
    expect(sending.data.message.type).to.equal('Text');
    expect(sending.data.message.text).to.equal(text);
    const frame = emulator(page).frames.find((f) => f.action === 'onMessage' && f.message.text === text)!;
    expect(sending.data.message.tracingId).to.be.a('string').and.equal(frame.tracingId);
    const log = emulator(page).log;
    expect(log.indexOf('publish:MessagingService.sendingMessage')).to.be.lessThan(log.lastIndexOf('frame:onMessage'));

    // The Inbound echo of the guest's own message.
    const echo = await published(page, 'MessagingService.messagesReceived');
    expect(echo.data.messages).to.have.length(1);
    const inbound = echo.data.messages[0];
    expect(inbound).to.include({ direction: 'Inbound', type: 'Text', text });
    expect(inbound.id).to.be.a('string').and.not.be.empty;
    expect(inbound.channel.time).to.be.a('string');
    await waitUntil(() => chat(page).lines().includes(text), 'the chat does not show the message');
    expect(chat(page).greeting().hidden).to.equal(true);

    // An agent's reply: Outbound, with originatingEntity.
    const res = await fetch(`/api/conversations/${conversation.id}/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'Agent here' }),
    });
    expect(res.status).to.equal(201);
    const reply = (await published(page, 'MessagingService.messagesReceived', 2)).data.messages[0];
    expect(reply).to.include({ direction: 'Outbound', type: 'Text', text: 'Agent here', originatingEntity: 'Human' });
    expect(reply.id).to.be.a('string');
    expect(reply.channel).to.be.an('object');

    // Every request carried its own tracingId; the socket named the deployment and the application.
    const ids = emulator(page).frames.map((f) => f.tracingId);
    expect(new Set(ids).size).to.equal(ids.length);
    const endpoint = emulator(page).deploymentConfig!.messenger!.apps!.conversations!.messagingEndpoint!;
    expect(endpoint).to.equal(`ws://${location.host}`);
    expect(emulator(page).socketUrl).to.equal(
      `${endpoint}/v1?deploymentId=${DEPLOYMENT_ID}&application=${encodeURIComponent('gc-lab-emulator-0.1.0')}`,
    );
    const configure = emulator(page).frames.find((f) => f.action === 'configureSession')!;
    expect(configure).to.include({ deploymentId: DEPLOYMENT_ID, token: emulator(page).token });
    expect(configure).not.to.have.property('startNew');

    // sendTyping: an onMessage Event, Typing On.
    await command(page, 'MessagingService.sendTyping');
    const typing = emulator(page).frames.slice(-1)[0];
    expect(typing).to.include({ action: 'onMessage', token: emulator(page).token });
    expect(typing.message).to.deep.equal({ type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] });
  });

  it('after a reload the session is restored: history fetched with getJwt and the JWT, shown oldest first', async () => {
    const page = await open();
    const one = await send(page, 'one');
    const two = await send(page, 'two');
    await fetch(`/api/conversations/${one.conversation.id}/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'three, from the agent' }),
    });
    await published(page, 'MessagingService.messagesReceived', 3);
    const token = emulator(page).token;

    await page.reload();
    await page.messengerIs('ready');
    const restored = await published(page, 'MessagingService.restored');
    expect(restored.data.pageNumber).to.equal(1);
    expect(restored.data.pageSize).to.equal(25);
    expect(restored.data.messages.map((m: { text: string }) => m.text)).to.deep.equal(['three, from the agent', two.text, one.text]);
    expect(events(page, 'MessagingService.started')).to.have.length(0);
    const actions = emulator(page).frames.map((f) => f.action);
    expect(actions.slice(0, 2)).to.deep.equal(['configureSession', 'getJwt']);
    expect(emulator(page).frames[0].token).to.equal(token);
    const history = page.win.performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((n) => n.includes('/api/v2/webmessaging/messages'));
    expect(history).to.have.length(1);
    expect(history[0]).to.contain('pageSize=25').and.contain('pageNumber=1');
    expect(page.win.performance.getEntriesByType('resource').some((e) => e.name.includes('/api/history'))).to.equal(false);
    await waitUntil(() => chat(page).lines().length === 3, 'the history was not shown');
    expect(chat(page).lines()).to.deep.equal([one.text, two.text, 'three, from the agent']);
    // The conversation continues.
    const four = await send(page, 'four');
    expect(four.conversation.id).to.equal(one.conversation.id);
  });

  it('the agent ends the conversation: disconnected, read-only (also after a reload), and resetConversation starts a new one', async () => {
    const page = await open();
    const first = await send(page, 'before the end');
    expect(await refusal(page, 'MessagingService.startConversation')).to.contain('already active');
    expect(await refusal(page, 'MessagingService.resetConversation')).to.contain('read-only');

    const res = await fetch(`/api/conversations/${first.conversation.id}/disconnect`, { method: 'POST' });
    expect(res.status).to.equal(200);
    const disconnected = await published(page, 'MessagingService.conversationDisconnected');
    expect(disconnected.data).to.deep.equal({});
    const view = chat(page);
    await waitUntil(() => !view.ended().hidden, 'the chat does not say the conversation ended');
    expect(view.ended().textContent).to.contain('The agent ended this conversation.');
    expect(view.input().disabled).to.equal(true);
    expect(view.input().readOnly).to.equal(true);
    expect(view.root.querySelector<HTMLButtonElement>('button.send')!.disabled).to.equal(true);
    expect(await refusal(page, 'MessagingService.sendMessage', { message: 'anyone?' })).to.contain('resetConversation');

    // A reload keeps it read-only (SessionResponse readOnly: true).
    await page.reload();
    await page.messengerIs('ready');
    await published(page, 'MessagingService.restored');
    await waitUntil(() => !chat(page).ended().hidden, 'not read-only after the reload');
    expect(chat(page).input().disabled).to.equal(true);

    // The button calls resetConversation: configureSession with startNew, a new conversation.
    chat(page).resetButton().click();
    const started = await published(page, 'MessagingService.started');
    expect(started.data).to.deep.equal({ authenticated: false, newSession: true, readOnly: false });
    expect(emulator(page).calls.map((c) => c.command)).to.include('MessagingService.resetConversation');
    expect(emulator(page).frames.filter((f) => f.action === 'configureSession').slice(-1)[0]).to.include({ startNew: true });
    await waitUntil(() => chat(page).ended().hidden && !chat(page).input().disabled, 'the chat is still read-only');
    expect(chat(page).greeting().hidden).to.equal(false);
    const next = await send(page, 'a new start');
    expect(next.conversation.id).not.to.equal(first.conversation.id);
    expect((await cloud()).find((c) => c.id === first.conversation.id)!.state).to.equal('disconnected');
  });

  it('startConversation starts one when there is none, and rejects while it is active', async () => {
    const page = await open();
    await command(page, 'MessagingService.startConversation');
    const started = await published(page, 'MessagingService.started');
    expect(started.data.newSession).to.equal(true);
    expect(await refusal(page, 'MessagingService.startConversation')).to.contain('already active');
    expect(events(page, 'MessagingService.started')).to.have.length(1);
  });

  it('a dropped connection publishes offline, reconnects with the same token, then reconnected', async () => {
    const page = await open();
    const first = await send(page, 'before the drop');
    const token = emulator(page).token;
    expect(emulator(page).dropConnection()).to.equal(true);
    await published(page, 'MessagingService.offline');
    await published(page, 'MessagingService.reconnected');
    const configures = emulator(page).frames.filter((f) => f.action === 'configureSession');
    expect(configures).to.have.length(2);
    expect(configures.map((f) => f.token)).to.deep.equal([token, token]);
    expect(events(page, 'MessagingService.started')).to.have.length(1);
    const after = await send(page, 'after the drop');
    expect(after.conversation.id).to.equal(first.conversation.id);
  });

  it('Messenger.clear closes the session on the service (closeAllConnections) and forgets it', async () => {
    const page = await open();
    await set(page, { a: '1' });
    await send(page, 'before clearing');
    expect(localStorage.getItem(`_${DEPLOYMENT_ID}:gcmcsessionActive`)).to.equal('true');
    await command(page, 'Messenger.clear');
    const close = emulator(page).frames.find((f) => f.action === 'closeSession')!;
    expect(close).to.include({ closeAllConnections: true, token: emulator(page).token });
    expect(localStorage.getItem(`_${DEPLOYMENT_ID}:gcmcsessionActive`)).to.equal(null);
    expect(await published(page, 'Messenger.cleared')).to.exist;
    expect(await refusal(page, 'MessagingService.sendMessage', { message: 'still there?' })).to.contain('shut down');
  });

  it('a message the service refuses did not carry the attributes: they stay pending for the next one', async () => {
    const page = await open();
    await send(page, 'start');
    await set(page, { keep: 'me' });
    // Text over the Guest API's 4096 bytes: the service refuses it (string/4011).
    await command(page, 'MessagingService.sendMessage', { message: 'x'.repeat(LIMITS.maxTextBytes + 1) });
    await published(page, 'MessagingService.error');
    const next = await send(page, 'after the refusal');
    expect(next.message.customAttributes).to.deep.equal({ keep: 'me' });
  });

  it('an error frame from the service is published as error {error} and shown in the chat', async () => {
    const page = await open();
    await send(page, 'short');
    // Text over the Guest API's 4096 bytes: the service answers string/4011.
    await command(page, 'MessagingService.sendMessage', { message: 'x'.repeat(LIMITS.maxTextBytes + 1) });
    const error = await published(page, 'MessagingService.error');
    expect(Object.keys(error.data)).to.deep.equal(['error']);
    expect(error.data.error).to.be.a('string').and.not.be.empty;
    await waitUntil(() => chat(page).root.querySelector('[role=alert]')!.textContent === error.data.error, 'the error is not shown');
  });
});
