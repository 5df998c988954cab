/**
 * What the offline Genesys does not emulate fails loudly, and what it emulates still works:
 * the built runtime (dist/emulator/genesys-runtime.js) booted in a bare frame with the
 * official snippet, against the emulated service mounted in the test server.
 *
 * - A command outside the runtime's handler tables rejects with
 *   "<Plugin.command> is not emulated by the offline Genesys" and publishes nothing.
 * - The commands it emulates resolve, and the plugins' ready events are published at start.
 * - config.json answered 403 `{error, origin}` (the deployment does not allow the page's
 *   origin): GenesysJS.domainNotAllowed `{origin, deploymentId}`, a warning, and Messenger
 *   never becomes ready. Any other failure keeps the fallback (Messenger starts).
 *
 * scripts/coverage.mjs names these tests as the proof of rows of docs/coverage.md: keep
 * the titles in step with it (`npm run coverage` fails when a named test is missing).
 */
import { expect, waitUntil } from '@open-wc/testing';
import { boot, ready, type Published } from '../support/runtime-frame.js';

const NOT_EMULATED = [
  'KnowledgeService.search',
  'Toaster.open',
  'Journey.formsTrack',
  'MessagingService.requestUpload',
  'Messenger.openConversation',
  'CobrowseService.startSession',
];

describe('the offline Genesys: what it does not emulate fails loudly', () => {
  afterEach(() => {
    document.querySelectorAll('iframe').forEach((f) => f.remove());
    localStorage.clear();
  });

  it('a command it does not emulate rejects "<Plugin.command> is not emulated by the offline Genesys" and publishes nothing', async () => {
    const page = await boot();
    await ready(page);
    for (const name of NOT_EMULATED) {
      const before = page.events().length;
      expect(await page.refusal(name, {})).to.equal(`${name} is not emulated by the offline Genesys`);
      expect(page.events().slice(before), `${name} published nothing`).to.deep.equal([]);
      expect(page.win.__genesysEmulator.log).to.include(`refused:${name}`);
    }
    // Names that are properties of every object are not commands either.
    expect(await page.refusal('toString')).to.equal('toString is not emulated by the offline Genesys');
    expect(await page.refusal('constructor')).to.equal('constructor is not emulated by the offline Genesys');
  });

  it("the runtime's command table is what scripts/coverage.mjs reads from its source", async () => {
    const page = await boot();
    // The same reading as runtimeFacts() in scripts/coverage.mjs: `'Plugin.command'(…) {` methods
    // (the test server's esbuild may re-quote them).
    const methods = /^\s*(['"])([A-Z][A-Za-z]*\.[A-Za-z]+)\1\s*\([^)]*\)\s*\{/gm;
    const read = async (file: string) => [...(await (await fetch(`/emulator/runtime/${file}`)).text()).matchAll(methods)].map((m) => m[2]);
    const [index, messaging, journey, database] = await Promise.all(['index.js', 'messaging.js', 'journey.js', 'database.js'].map(read));
    expect(page.win.__genesysEmulator.commands).to.deep.equal([...index, ...messaging, ...journey].sort());
    await ready(page);
    expect(database).to.have.length.greaterThan(0);
    for (const name of database) {
      const options = name === 'Database.remove' ? { name: 'messaging.customAttributes.none' } : {};
      await page.command(name, options); // resolves: every Database command read from the source is one
    }
  });

  it('a command queued before the runtime loaded is refused the same way', async () => {
    let reason = '';
    const page = await boot((win) => {
      win.Genesys('command', 'Toaster.open', { title: 'Hello' }, () => {}, (error: unknown) => {
        reason = String(error);
      });
    });
    await waitUntil(() => reason !== '', 'the queued command was never answered');
    expect(reason).to.equal('Toaster.open is not emulated by the offline Genesys');
    await ready(page);
  });

  it('at start the ready events are published: Messenger, MessagingService, Conversations, Journey, Launcher, Database', async () => {
    const page = await boot();
    await ready(page);
    expect(page.events()).to.include.members([
      'Messenger.ready',
      'MessagingService.ready',
      'Conversations.ready',
      'Journey.ready',
      'Launcher.ready',
      'Database.ready',
    ]);
  });

  it('the commands it emulates still resolve: Messenger.open/close, Launcher.show/hide, Database.get, MessagingService.fetchHistory', async () => {
    const page = await boot();
    await ready(page);
    await page.command('Messenger.open');
    await page.command('Messenger.close');
    expect(page.events()).to.include.members(['Messenger.opened', 'Messenger.closed', 'Conversations.opened', 'Conversations.closed']);
    await page.command('Launcher.hide');
    await page.command('Launcher.show');
    expect(await page.command('Database.get', { name: 'messaging.customAttributes' })).to.deep.equal({});
    expect(await page.command('MessagingService.fetchHistory')).to.deep.equal([]);
  });

  it('MessagingService.clearSession publishes sessionCleared; Messenger.clear publishes cleared, then every command is refused', async () => {
    const page = await boot();
    await ready(page);
    await page.command('MessagingService.clearSession');
    expect(page.events()).to.include('MessagingService.sessionCleared');
    await page.command('Messenger.clear');
    expect(page.events()).to.include('Messenger.cleared');
    expect(await page.refusal('Messenger.open')).to.contain('Messenger was cleared');
  });

  it('the first MessagingService.sendMessage starts the conversation: MessagingService.started, then Conversations.started', async () => {
    const page = await boot();
    await ready(page);
    await page.command('MessagingService.sendMessage', { message: 'hello from a bare page' });
    await waitUntil(() => page.events().includes('Conversations.started'), 'Conversations.started was not published', { timeout: 5000 });
    const events = page.events();
    expect(events.indexOf('MessagingService.started')).to.be.within(0, events.indexOf('Conversations.started'));
  });

  it('Journey.record is sent to the service with an eventName, and refused without one', async () => {
    const page = await boot();
    await ready(page);
    await page.command('Journey.record', { eventName: 'product_added', customAttributes: { price: 15.99 } });
    expect(await page.refusal('Journey.record', { customAttributes: {} })).to.contain('eventName');
  });
});

describe('the offline Genesys: GenesysJS.domainNotAllowed', () => {
  afterEach(() => {
    document.querySelectorAll('iframe').forEach((f) => f.remove());
    localStorage.clear();
  });

  /** Answers config.json with `response()`; everything else goes to the real fetch. */
  const stubConfig = (response: () => Response) => (win: any) => {
    const real = win.fetch.bind(win);
    win.fetch = (input: RequestInfo | URL, init?: RequestInit) =>
      String(input instanceof Request ? input.url : input).endsWith('/config.json') ? Promise.resolve(response()) : real(input, init);
  };

  it('config.json answered 403 {error, origin}: GenesysJS.domainNotAllowed {origin, deploymentId}, a warning, and Messenger never becomes ready', async () => {
    const origin = 'https://not-allowed.example';
    const received: Published[] = [];
    const page = await boot((win, deploymentId) => {
      stubConfig(
        () =>
          new Response(JSON.stringify({ error: `Deployment ${deploymentId} does not allow ${origin}.`, origin }), {
            status: 403,
            headers: { 'Content-Type': 'application/json' },
          }),
      )(win);
      win.Genesys('subscribe', 'GenesysJS.domainNotAllowed', (payload: Published) => received.push(payload));
    });
    await waitUntil(() => received.length === 1, 'GenesysJS.domainNotAllowed was not published', { timeout: 5000 });
    expect(received[0].data).to.deep.equal({ origin, deploymentId: page.deploymentId });
    expect(page.win.__genesysEmulator.domainNotAllowed).to.deep.equal({ origin, deploymentId: page.deploymentId });
    expect(page.warnings.some((w) => w.includes(origin) && w.includes('GenesysJS.domainNotAllowed'))).to.equal(true);
    // Give a start every chance: nothing becomes ready, no socket is opened, nothing is shown.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(page.events().filter((e) => e.endsWith('.ready'))).to.deep.equal([]);
    expect(page.win.__genesysEmulator.frames).to.deep.equal([]);
    expect(page.win.document.querySelector('[data-genesys-emulator]')).to.equal(null);
    expect(await page.refusal('MessagingService.sendMessage', { message: 'hello?' })).to.contain('does not allow the origin');
  });

  it('any other config.json failure keeps the fallback: Messenger starts with the default service', async () => {
    const page = await boot(stubConfig(() => new Response('broken', { status: 500 })));
    await ready(page);
    expect(page.events()).to.include('Messenger.ready');
    expect(page.events()).not.to.include('GenesysJS.domainNotAllowed');
    expect(page.warnings.some((w) => w.includes('could not be fetched'))).to.equal(true);
  });
});
