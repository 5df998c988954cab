/**
 * The runtime's MessagingService against a scripted socket (no service): requests matched by
 * tracingId, the limit taken from SessionResponse, 4013 → customAttributesSizeExceeded, error
 * frames → error {error}, Presence Disconnect → read-only, and an unexpected drop →
 * offline, then reconnected with the same token.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { sizeExceededPayload } from '../../src/genesys/contract.js';
import { createDatabase } from '../../emulator/runtime/database.js';
import { createMessaging } from '../../emulator/runtime/messaging.js';

class FakeSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: Array<Record<string, any>> = [];
  constructor(readonly url: string) {
    super();
    FakeSocket.all.push(this);
    setTimeout(() => {
      this.readyState = 1;
      this.dispatchEvent(new Event('open'));
    });
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  push(frame: Record<string, unknown>) {
    this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(frame) }));
  }
  close() {
    if (this.readyState === 3) return;
    this.readyState = 3;
    setTimeout(() => this.dispatchEvent(new Event('close')));
  }
  /** The last request with this action. */
  last(action: string) {
    return this.sent.filter((f) => f.action === action).slice(-1)[0];
  }
}

const sessionResponse = (tracingId: string, body: Record<string, unknown> = {}) => ({
  type: 'response',
  class: 'SessionResponse',
  code: 200,
  tracingId,
  body: { connected: true, newSession: true, readOnly: false, maxCustomDataBytes: 100, ...body },
});

describe('the runtime MessagingService over a scripted socket', () => {
  const RealWebSocket = window.WebSocket;
  beforeEach(() => {
    FakeSocket.all = [];
    localStorage.clear();
    (window as unknown as { WebSocket: unknown }).WebSocket = FakeSocket;
  });
  afterEach(() => {
    window.WebSocket = RealWebSocket;
    localStorage.clear();
  });

  function make() {
    const published: Array<{ eventName: string; data: any }> = [];
    const errors: string[] = [];
    const state = { frames: [] as unknown[], log: [] as string[], transcript: [] as any[] };
    const bus = { publish: (eventName: string, data: unknown = {}) => published.push({ eventName, data }), subscribe() {}, wasPublished: () => false };
    let messaging: ReturnType<typeof createMessaging>;
    const database = createDatabase({ bus, log: state.log, database: { messaging: { customAttributes: {} } }, limit: () => messaging.limit() });
    database.markReady();
    messaging = createMessaging({
      deploymentId: '5d1b8c2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f',
      socketUrl: () => 'ws://fake/v1?deploymentId=x',
      httpOrigin: () => 'http://fake',
      bus,
      database,
      ui: () => ({ render() {}, error: (m: string) => errors.push(m) }),
      state,
      isShutDown: () => false,
    });
    const names = () => published.map((p) => p.eventName);
    return { messaging, database, published, errors, names, state };
  }

  /** Sends a message; answers the configureSession; returns the socket. */
  async function connected(t: ReturnType<typeof make>, body?: Record<string, unknown>) {
    const sending = t.messaging.commands['MessagingService.sendMessage']({ message: 'hi' }) as Promise<void>;
    await waitUntil(() => FakeSocket.all[0]?.last('configureSession'), 'no configureSession');
    const socket = FakeSocket.all[0];
    // Another frame first, with another tracingId: it must not settle the request.
    socket.push({ type: 'response', class: 'SessionResponse', code: 200, tracingId: 'someone-else', body: { connected: false } });
    socket.push(sessionResponse(socket.last('configureSession').tracingId, body));
    await sending;
    return socket;
  }

  it('takes maxCustomDataBytes from SessionResponse and checks sets against it', async () => {
    const t = make();
    const socket = await connected(t);
    expect(t.messaging.limit()).to.equal(100);
    expect(socket.last('onMessage').message).to.deep.equal({ type: 'Text', text: 'hi' });
    let refused = '';
    await t.database.command('Database.set', { messaging: { customAttributes: { big: 'x'.repeat(120) } } }).catch((e: Error) => {
      refused = e.message;
    });
    expect(refused).to.equal(sizeExceededPayload(100).body);
    expect(t.names()).to.include('MessagingService.started');
  });

  it('a string/4013 answer publishes customAttributesSizeExceeded and error {error}', async () => {
    const t = make();
    const socket = await connected(t);
    const tracingId = socket.last('onMessage').tracingId;
    socket.push({ type: 'response', class: 'string', code: 4013, body: 'Custom attributes too large', tracingId });
    const exceeded = t.published.find((p) => p.eventName === 'MessagingService.customAttributesSizeExceeded')!;
    expect(exceeded.data).to.deep.equal(sizeExceededPayload(100));
    expect(t.published.find((p) => p.eventName === 'MessagingService.error')!.data).to.deep.equal({ error: 'Custom attributes too large' });
    expect(t.errors).to.deep.equal(['Custom attributes too large']);
  });

  it('a 4013 answer to a message that carried attributes drops them (as the transport SDK\'s store does), and says so with Database.removed', async () => {
    const t = make();
    await t.database.command('Database.set', { messaging: { customAttributes: { a: '1' } } });
    const socket = await connected(t);
    const sent = socket.last('onMessage');
    expect(sent.message.channel.metadata.customAttributes).to.deep.equal({ a: '1' });
    socket.push({ type: 'response', class: 'string', code: 4013, body: 'Custom attributes too large', tracingId: sent.tracingId });
    expect(t.database.store.current).to.deep.equal({});
    expect(t.database.store.state).to.equal('empty');
    expect(t.names()).to.include('Database.removed');
  });

  it('a 4011 answer (too long) to a message that carried attributes makes them pending again', async () => {
    const t = make();
    await t.database.command('Database.set', { messaging: { customAttributes: { a: '1' } } });
    const socket = await connected(t);
    const sent = socket.last('onMessage');
    socket.push({ type: 'response', class: 'string', code: 4011, body: 'message too long', tracingId: sent.tracingId });
    expect(t.database.store.current).to.deep.equal({ a: '1' });
    expect(t.database.store.state).to.equal('pending');
  });

  it('an Outbound Presence Disconnect makes the conversation read-only and held attributes pending again', async () => {
    const t = make();
    await t.database.command('Database.set', { messaging: { customAttributes: { a: '1' } } });
    const socket = await connected(t);
    expect(socket.last('onMessage').message.channel.metadata.customAttributes).to.deep.equal({ a: '1' });
    socket.push({
      type: 'message',
      class: 'StructuredMessage',
      code: 200,
      body: { id: 'e1', type: 'Event', direction: 'Outbound', channel: { time: 'now' }, events: [{ eventType: 'Presence', presence: { type: 'Disconnect' } }] },
    });
    expect(t.names()).to.include('MessagingService.conversationDisconnected');
    expect(t.messaging.isReadOnly()).to.equal(true);
    let refused = '';
    await (t.messaging.commands['MessagingService.sendMessage']({ message: 'more' }) as Promise<void>).catch((e: Error) => {
      refused = e.message;
    });
    expect(refused).to.contain('resetConversation');
    // resetConversation: configureSession with startNew; the new conversation's first message carries the set again.
    const reset = t.messaging.commands['MessagingService.resetConversation']({}) as Promise<void>;
    await waitUntil(() => socket.last('configureSession').startNew === true, 'no startNew');
    socket.push(sessionResponse(socket.last('configureSession').tracingId));
    await reset;
    expect(t.messaging.isReadOnly()).to.equal(false);
    await t.messaging.commands['MessagingService.sendMessage']({ message: 'again' });
    expect(socket.last('onMessage').message.channel.metadata.customAttributes).to.deep.equal({ a: '1' });
  });

  it('SessionExpiredEvent: the held set is pending again, and the next message starts a new session (started) that carries it', async () => {
    const t = make();
    await t.database.command('Database.set', { messaging: { customAttributes: { a: '1' } } });
    const socket = await connected(t);
    expect(socket.last('onMessage').message.channel.metadata.customAttributes).to.deep.equal({ a: '1' });
    const token = socket.last('onMessage').token;
    await t.messaging.commands['MessagingService.sendMessage']({ message: 'nothing new' });
    expect(socket.last('onMessage').message.channel).to.equal(undefined);
    socket.push({ type: 'message', class: 'SessionExpiredEvent', code: 200, body: {} });
    const startedBefore = t.published.filter((p) => p.eventName === 'MessagingService.started').length;
    const sending = t.messaging.commands['MessagingService.sendMessage']({ message: 'after expiry' }) as Promise<void>;
    const latest = () => FakeSocket.all[FakeSocket.all.length - 1];
    await waitUntil(() => FakeSocket.all.length > 1 && latest().last('configureSession'), 'no new session');
    const next = latest();
    // A new session: another token, announced with started {newSession: true} before the message goes.
    expect(next.last('configureSession').token).to.not.equal(token);
    next.push(sessionResponse(next.last('configureSession').tracingId));
    await sending;
    const started = t.published.filter((p) => p.eventName === 'MessagingService.started');
    expect(started).to.have.length(startedBefore + 1);
    expect(started[started.length - 1].data.newSession).to.equal(true);
    expect(next.last('onMessage').message.channel.metadata.customAttributes).to.deep.equal({ a: '1' });
  });

  it('an unexpected drop: offline, then reconnected on a new socket with the same token', async () => {
    const t = make();
    const first = await connected(t);
    const token = first.last('configureSession').token;
    first.readyState = 3;
    first.dispatchEvent(new Event('close'));
    expect(t.names()).to.include('MessagingService.offline');
    await waitUntil(() => FakeSocket.all[1]?.last('configureSession'), 'no reconnect', { timeout: 3000 });
    const second = FakeSocket.all[1];
    expect(second.last('configureSession').token).to.equal(token);
    second.push(sessionResponse(second.last('configureSession').tracingId, { newSession: false }));
    await waitUntil(() => t.names().includes('MessagingService.reconnected'), 'reconnected not published');
    expect(t.names().filter((n) => n === 'MessagingService.started')).to.have.length(1);
    expect(t.names()).not.to.include('MessagingService.restored');
  });
});
