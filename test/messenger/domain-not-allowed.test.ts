/**
 * `GenesysJS.domainNotAllowed`: the SDK publishes it when the page's origin is not among the
 * deployment's allowed domains, and Messenger never becomes ready. The messenger says which
 * origin to add, goes to its error state and fires `gc-error` (`domain-not-allowed`).
 * An SDK stand-in (the page's own snippet, adopted by the messenger) publishes the event.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/messenger/messenger.js';
import type { GcMessenger } from '../../src/messenger/messenger.js';
import { DEPLOYMENT_ID, clearStorage, once, openPage, shadow, text, type LabPage } from '../support/pages.js';

type Callback = (payload: unknown) => void;

/** A Genesys function on `win` that keeps subscriptions and can publish to them, as the SDK does. */
function standIn(win: Window) {
  const subscribers = new Map<string, Callback[]>();
  const w = win as unknown as Record<string, unknown>;
  w._genesysJs = 'Genesys';
  w.Genesys = Object.assign(
    (verb: string, name: string, callback: Callback) => {
      if (verb === 'subscribe') subscribers.set(name, [...(subscribers.get(name) ?? []), callback]);
    },
    { c: { environment: 'prod', deploymentId: DEPLOYMENT_ID } },
  );
  return {
    subscribed: (name: string) => subscribers.has(name),
    publish(eventName: string, data: unknown) {
      const [publisher, event] = eventName.split('.');
      for (const callback of subscribers.get(eventName) ?? []) callback({ time: Date.now(), publisher, event, eventName, data });
    },
  };
}

const NOT_ALLOWED = 'GenesysJS.domainNotAllowed';
const message = (origin: string) =>
  `This page's origin, ${origin}, is not allowed by the deployment: add it to the deployment's allowed domains.`;

describe('<gc-messenger> and GenesysJS.domainNotAllowed', () => {
  beforeEach(clearStorage);
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  async function loading(readyTimeout = 15000): Promise<{ page: LabPage; sdk: ReturnType<typeof standIn> }> {
    const page = await openPage('');
    const sdk = standIn(page.win);
    page.doc.getElementById('root')!.innerHTML =
      `<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" ready-timeout="${readyTimeout}"></gc-messenger>`;
    await page.messengerIs('loading');
    expect(sdk.subscribed(NOT_ALLOWED), `the bridge did not subscribe to ${NOT_ALLOWED}`).to.equal(true);
    return { page, sdk };
  }
  const reasons = (page: LabPage) => page.win.__events.filter((e) => e.type === 'gc-error').map((e) => e.reason);

  it("names the origin the event gives, in an alert, with gc-error domain-not-allowed; no timeout error after it", async () => {
    const { page, sdk } = await loading(300);
    sdk.publish(NOT_ALLOWED, { origin: 'http://localhost:8080', deploymentId: DEPLOYMENT_ID });
    await page.messengerIs('error');
    const el = page.$<GcMessenger>('gc-messenger')!;
    expect(el.state).to.equal('error');
    expect(text(el, '[role=alert]')).to.equal(message('http://localhost:8080'));
    expect(reasons(page)).to.deep.equal(['domain-not-allowed']);
    // The ready timer was stopped: the reason stays the domain, said once.
    await new Promise((r) => setTimeout(r, 500));
    expect(reasons(page)).to.deep.equal(['domain-not-allowed']);
    expect(text(el, '[role=alert]')).to.equal(message('http://localhost:8080'));
    const states = page.win.__events.filter((e) => e.type === 'gc-messenger-state');
    const state = states[states.length - 1].detail as { state: string; message: string };
    expect(state).to.include({ state: 'error', message: message('http://localhost:8080') });
  });

  it("without an origin in the event's data, names this page's origin", async () => {
    const { page, sdk } = await loading();
    sdk.publish(NOT_ALLOWED, {});
    await page.messengerIs('error');
    expect(text(page.$('gc-messenger'), '[role=alert]')).to.equal(message(page.win.location.origin));
    expect(reasons(page)).to.deep.equal(['domain-not-allowed']);
  });

  it('with no data at all, too', async () => {
    const { page, sdk } = await loading();
    sdk.publish(NOT_ALLOWED, undefined);
    await page.messengerIs('error');
    expect(text(page.$('gc-messenger'), '[role=alert]')).to.equal(message(page.win.location.origin));
  });

  it('commands from the other elements are refused with the reason', async () => {
    const { page, sdk } = await loading();
    sdk.publish(NOT_ALLOWED, { origin: 'http://127.0.0.1:5500' });
    await page.messengerIs('error');
    const { GcCommandEvent } = await import('../../src/events/command.js');
    const request = new GcCommandEvent('Database.get', undefined);
    page.doc.dispatchEvent(request);
    let refused: Error | undefined;
    await request.result.catch((e: Error) => (refused = e));
    expect(refused?.message).to.contain(message('http://127.0.0.1:5500'));
  });

  it('the error state is accessible (in this document, for axe)', async () => {
    const sdk = standIn(window);
    const el = await fixture<GcMessenger>(html`<gc-messenger environment="prod" deployment-id=${DEPLOYMENT_ID}></gc-messenger>`);
    await waitUntil(() => el.state === 'loading', 'never loading');
    const error = once(el, 'gc-error');
    sdk.publish(NOT_ALLOWED, { origin: 'http://localhost:8080', deploymentId: DEPLOYMENT_ID });
    const event = await error;
    expect(event.reason).to.equal('domain-not-allowed');
    expect(event.message).to.equal(message('http://localhost:8080'));
    expect(event.bubbles && event.composed).to.equal(true);
    await el.updateComplete;
    expect(el.matches(':state(error)')).to.equal(true);
    const alert = shadow(el).querySelector('[role=alert]')!;
    expect(alert.textContent).to.equal(message('http://localhost:8080'));
    await expect(el).to.be.accessible();
  });
});
