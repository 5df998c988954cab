import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import {
  DEPLOYMENT_ID,
  EMULATOR,
  button,
  clearStorage,
  openPage,
  shadow,
  text,
  type LabPage,
} from '../support/pages.js';
import type { GcMessenger } from '../../src/messenger/messenger.js';

const messengerOf = (page: LabPage) => page.$<GcMessenger>('gc-messenger')!;

function scripts(page: LabPage): string[] {
  return [...page.doc.head.querySelectorAll('script[src]')].map((s) => s.getAttribute('src')!).filter((s) => !s.includes('/test/fixtures/'));
}

describe('<gc-messenger>', () => {
  beforeEach(clearStorage);
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  describe('configured by attributes', () => {
    it('loads the SDK like the official snippet and becomes ready', async () => {
      const page = await openPage(
        `<gc-messenger environment="euw1" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}" debug></gc-messenger>`,
      );
      await page.messengerIs('ready');
      expect(page.win._genesysJs).to.equal('Genesys');
      expect(scripts(page)).to.deep.equal([EMULATOR]);
      const script = page.doc.head.querySelector<HTMLScriptElement>(`script[src="${EMULATOR}"]`)!;
      expect(script.async).to.equal(true);
      expect(script.charset).to.equal('utf-8');
      // What the runtime read from Genesys.c: the short code mapped to the documented one.
      expect(page.win.__genesysEmulator!.config).to.deep.equal({
        environment: 'prod-euw1',
        deploymentId: DEPLOYMENT_ID,
        debug: true,
      });
      const snippet = (page.win.__genesysEmulator as unknown as { snippet: { t: number; queued: number } }).snippet;
      expect(snippet.t).to.be.a('number');
      // The bridge's subscriptions were queued in Genesys.q before the script arrived.
      expect(snippet.queued).to.be.greaterThan(0);
      expect(text(messengerOf(page), '[part=status]')).to.contain('prod-euw1');
      expect(shadow(messengerOf(page)).querySelector('form')).to.equal(null);
    });

    it('leaves debug out of the config unless asked', async () => {
      const page = await openPage(
        `<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}"></gc-messenger>`,
      );
      await page.messengerIs('ready');
      expect(page.win.__genesysEmulator!.config).to.deep.equal({ environment: 'prod', deploymentId: DEPLOYMENT_ID });
    });

    it('re-fires SDK events as gc-genesys-event on document', async () => {
      const page = await openPage(
        `<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}"></gc-messenger>`,
      );
      const seen = () => page.win.__events.filter((e) => e.type === 'gc-genesys-event').map((e) => e.eventName);
      await page.messengerIs('ready');
      await waitUntil(() => seen().includes('Database.ready'), 'Database.ready was not re-fired');
      expect(seen()).to.include('Messenger.ready');
      expect(seen()).to.include('MessagingService.ready');
    });

    it('loads only once with two <gc-messenger> on the page; the second says it is a duplicate', async () => {
      const tag = `<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}"></gc-messenger>`;
      const page = await openPage(tag + tag);
      await page.messengerIs('ready');
      const [, second] = page.doc.querySelectorAll('gc-messenger');
      expect(second.matches(':state(duplicate)')).to.equal(true);
      expect(scripts(page)).to.deep.equal([EMULATOR]);
      expect(text(second, '.hint')).to.contain('Messenger already runs on this page from another messenger element');
      expect(page.win.__events.some((e) => e.type === 'gc-error' && e.reason === 'duplicate')).to.equal(true);
    });

    it('adopts a Messenger snippet the page already has instead of loading a second one', async () => {
      const page = await openPage('');
      // The page's own official snippet, loaded before our element.
      const w = page.win as unknown as Record<string, unknown> & { Genesys: { q?: unknown[]; c?: unknown } };
      w._genesysJs = 'Genesys';
      w.Genesys = Object.assign(function (...args: unknown[]) {
        (w.Genesys.q = w.Genesys.q || []).push(args);
      }, { c: { environment: 'prod', deploymentId: DEPLOYMENT_ID } });
      const s = page.doc.createElement('script');
      s.src = EMULATOR;
      page.doc.head.appendChild(s);
      page.doc.getElementById('root')!.innerHTML =
        `<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}?second"></gc-messenger>`;
      await page.messengerIs('ready');
      expect(scripts(page)).to.deep.equal([EMULATOR]);
    });
  });

  describe('bad configuration', () => {
    async function expectError(html: string, reason: string, message: RegExp) {
      const page = await openPage(html);
      await page.messengerIs('error');
      const alert = shadow(messengerOf(page)).querySelector('[role=alert]')!;
      expect(alert.textContent).to.match(message);
      expect(page.win.__events.filter((e) => e.type === 'gc-error').map((e) => e.reason)).to.deep.equal([reason]);
      return page;
    }

    it('refuses an unknown environment and loads nothing', async () => {
      const page = await expectError(
        `<gc-messenger environment="moon1" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}"></gc-messenger>`,
        'invalid-config',
        /environment "moon1" is not a Genesys environment/,
      );
      expect(scripts(page)).to.deep.equal([]);
      expect(page.win.Genesys).to.equal(undefined);
    });

    it('refuses a deployment ID that is not a UUID', async () => {
      const page = await expectError(
        `<gc-messenger environment="prod" deployment-id="1234" bootstrap-src="${EMULATOR}"></gc-messenger>`,
        'invalid-config',
        /deployment-id "1234" is not a UUID/,
      );
      expect(scripts(page)).to.deep.equal([]);
    });

    it('says a missing deployment ID is missing', async () => {
      await expectError(`<gc-messenger environment="prod"></gc-messenger>`, 'invalid-config', /deployment-id is missing/);
    });

    it('reports a script that fails to load', async () => {
      await expectError(
        `<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="/no-such-script.js"></gc-messenger>`,
        'script-error',
        /Could not load the Messenger script from \/no-such-script\.js/,
      );
    });

    it('stops waiting when Messenger.ready never comes', async () => {
      await expectError(
        `<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}?ready=never" ready-timeout="300"></gc-messenger>`,
        'ready-timeout',
        /did not become ready within 0.3 s/,
      );
    });

    it('shows the loading state while it waits', async () => {
      const page = await openPage(
        `<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}?ready=never" ready-timeout="5000"></gc-messenger>`,
      );
      await page.messengerIs('loading');
      expect(text(messengerOf(page), '[part=status]')).to.match(/^Loading… · prod · /);
    });
  });

  describe('configured with the form', () => {
    const formTag = `<gc-messenger bootstrap-src="${EMULATOR}"></gc-messenger>`;

    function form(page: LabPage) {
      const root = shadow(messengerOf(page));
      return {
        region: root.querySelector<HTMLSelectElement>('select')!,
        id: root.querySelector<HTMLInputElement>('input')!,
        alert: root.querySelector('[role=alert]')!,
      };
    }

    function fill(page: LabPage, region: string, id: string) {
      const { region: select, id: input } = form(page);
      select.value = region;
      select.dispatchEvent(new Event('change'));
      input.value = id;
      input.dispatchEvent(new Event('input'));
    }

    it('shows a labelled Region select and Deployment ID input, and loads nothing yet', async () => {
      const page = await openPage(formTag);
      await page.messengerIs('unconfigured');
      const root = shadow(messengerOf(page));
      expect(root.querySelector('label[for=region]')!.textContent).to.equal('Region');
      expect(root.querySelector('label[for=deployment-id]')!.textContent).to.equal('Deployment ID');
      const options = [...form(page).region.options].map((o) => [o.value, o.textContent!.trim()]);
      expect(options).to.deep.include(['prod-euw1', 'mypurecloud.ie']);
      expect(button(messengerOf(page), 'Save')).to.exist;
      expect(button(messengerOf(page), 'Reset')).to.exist;
      expect(scripts(page)).to.deep.equal([]);
    });

    it('refuses to save with bad input, marks the fields and loads nothing', async () => {
      const page = await openPage(formTag);
      await page.messengerIs('unconfigured');
      button(messengerOf(page), 'Save').click();
      await messengerOf(page).updateComplete;
      const { region, id, alert } = form(page);
      expect(alert.textContent).to.contain('Choose a region.');
      expect(alert.textContent).to.contain('Enter the deployment ID.');
      expect(region.getAttribute('aria-invalid')).to.equal('true');
      expect(id.getAttribute('aria-invalid')).to.equal('true');
      // Focus goes to the first field to fix.
      await waitUntil(() => shadow(messengerOf(page)).activeElement === region, 'focus did not move to Region');

      fill(page, 'prod-euw1', 'abc');
      button(messengerOf(page), 'Save').click();
      await messengerOf(page).updateComplete;
      await waitUntil(() => shadow(messengerOf(page)).activeElement === form(page).id, 'focus did not move to Deployment ID');
      expect(form(page).alert.textContent).to.contain('"abc" is not a UUID');
      expect(form(page).region.getAttribute('aria-invalid')).to.equal('false');
      expect(form(page).id.value).to.equal('abc');
      expect(scripts(page)).to.deep.equal([]);
      expect(sessionStorage.getItem('gc-lab:deployment-id')).to.equal(null);
    });

    it('saves, loads, and loads by itself on the next page load of the session', async () => {
      const page = await openPage(formTag);
      await page.messengerIs('unconfigured');
      fill(page, 'prod-euw1', DEPLOYMENT_ID);
      button(messengerOf(page), 'Save').click();
      await page.messengerIs('ready');
      expect(page.win.__genesysEmulator!.config).to.include({ environment: 'prod-euw1', deploymentId: DEPLOYMENT_ID });
      expect(sessionStorage.getItem('gc-lab:environment')).to.equal('prod-euw1');
      expect(sessionStorage.getItem('gc-lab:deployment-id')).to.equal(DEPLOYMENT_ID);

      await page.reload();
      await page.messengerIs('ready');
      expect(form(page).region.value).to.equal('prod-euw1');
      expect(form(page).id.value).to.equal(DEPLOYMENT_ID);
    });

    it('its environment and deploymentId properties read the configuration the form loaded', async () => {
      const page = await openPage(formTag);
      await page.messengerIs('unconfigured');
      expect(messengerOf(page).deploymentId).to.equal(undefined);
      fill(page, 'prod-euw1', DEPLOYMENT_ID);
      button(messengerOf(page), 'Save').click();
      await page.messengerIs('ready');
      expect(messengerOf(page).deploymentId).to.equal(DEPLOYMENT_ID);
      expect(messengerOf(page).environment).to.equal('prod-euw1');
      // Still configured by the form (not by attributes): the form stays.
      expect(form(page).region).to.exist;
    });

    it('a second tab keeps the region (for the browser), not the deployment ID, and says which', async () => {
      const page = await openPage(formTag);
      await page.messengerIs('unconfigured');
      expect(text(messengerOf(page), '[part=hint]')).to.contain('The region is kept for this browser');
      fill(page, 'prod-euw1', DEPLOYMENT_ID);
      button(messengerOf(page), 'Save').click();
      await page.messengerIs('ready');
      // A new tab: its sessionStorage starts empty; localStorage is the browser's.
      sessionStorage.clear();
      await page.reload();
      await page.messengerIs('unconfigured');
      expect(form(page).region.value).to.equal('prod-euw1');
      expect(form(page).id.value).to.equal('');
    });

    it('"Keep the deployment ID for new tabs" makes a second tab load by itself; Reset forgets it and keeps the region, as the lab does', async () => {
      const page = await openPage(formTag);
      await page.messengerIs('unconfigured');
      fill(page, 'prod-euw1', DEPLOYMENT_ID);
      const keep = shadow(messengerOf(page)).querySelector<HTMLInputElement>('#keep-id')!;
      expect(shadow(messengerOf(page)).querySelector('label[for=keep-id]')!.textContent).to.equal('Keep the deployment ID for new tabs');
      keep.click();
      button(messengerOf(page), 'Save').click();
      await page.messengerIs('ready');
      sessionStorage.clear();
      await page.reload();
      await page.messengerIs('ready');
      expect(page.win.__genesysEmulator!.config).to.include({ environment: 'prod-euw1', deploymentId: DEPLOYMENT_ID });
      expect(shadow(messengerOf(page)).querySelector<HTMLInputElement>('#keep-id')!.checked).to.equal(true);

      const reloaded = page.nextLoad();
      button(messengerOf(page), 'Reset').click();
      await reloaded;
      await page.ready();
      await page.messengerIs('unconfigured');
      expect(form(page).id.value).to.equal('');
      expect(form(page).region.value).to.equal('prod-euw1');
      expect(localStorage.getItem('gc-lab:deployment-id')).to.equal(null);
      expect(sessionStorage.getItem('gc-lab:deployment-id')).to.equal(null);
    });

    it('offline, Generate fills a fresh deployment ID, so each student has their own conversations', async () => {
      const page = await openPage(formTag);
      await page.messengerIs('unconfigured');
      button(messengerOf(page), 'Generate an offline deployment ID').click();
      await messengerOf(page).updateComplete;
      const first = form(page).id.value;
      expect(first).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      button(messengerOf(page), 'Generate an offline deployment ID').click();
      await messengerOf(page).updateComplete;
      expect(form(page).id.value).not.to.equal(first);
      fill(page, 'prod', form(page).id.value);
      button(messengerOf(page), 'Save').click();
      await page.messengerIs('ready');
      expect(page.win.__genesysEmulator!.config).to.include({ deploymentId: form(page).id.value });
    });

    it('Generate works where crypto.randomUUID is missing (plain http on a LAN address is not a secure context)', async () => {
      const page = await openPage(formTag);
      await page.messengerIs('unconfigured');
      Object.defineProperty(page.win.crypto, 'randomUUID', { value: undefined, configurable: true });
      button(messengerOf(page), 'Generate an offline deployment ID').click();
      await messengerOf(page).updateComplete;
      expect(form(page).id.value).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(page.win.__errors).to.deep.equal([]);
    });

    it('without bootstrap-src (the real Genesys Cloud) there is no Generate: IDs come from Genesys', async () => {
      const page = await openPage('<gc-messenger></gc-messenger>');
      await page.messengerIs('unconfigured');
      const labels = [...shadow(messengerOf(page)).querySelectorAll('button')].map((b) => b.textContent!.trim());
      expect(labels).to.deep.equal(['Save', 'Reset']);
    });

    it('lets attributes win over stored values', async () => {
      sessionStorage.setItem('gc-lab:environment', 'prod-euw1');
      sessionStorage.setItem('gc-lab:deployment-id', DEPLOYMENT_ID);
      const other = '0f0e0d0c-0b0a-4908-8706-050403020100';
      const page = await openPage(
        `<gc-messenger environment="prod-apse2" deployment-id="${other}" bootstrap-src="${EMULATOR}"></gc-messenger>`,
      );
      await page.messengerIs('ready');
      expect(page.win.__genesysEmulator!.config).to.include({ environment: 'prod-apse2', deploymentId: other });
    });

    it('Reset forgets the configuration and reloads the page when Messenger had loaded', async () => {
      sessionStorage.setItem('gc-lab:environment', 'prod');
      sessionStorage.setItem('gc-lab:deployment-id', DEPLOYMENT_ID);
      const page = await openPage(formTag);
      await page.messengerIs('ready');
      const reloaded = page.nextLoad();
      button(messengerOf(page), 'Reset').click();
      await reloaded;
      await page.ready();
      await page.messengerIs('unconfigured');
      expect(sessionStorage.getItem('gc-lab:deployment-id')).to.equal(null);
      expect(form(page).id.value).to.equal('');
      expect(scripts(page)).to.deep.equal([]);
    });

    it('Reset unticks "Keep the deployment ID for new tabs" as it forgets it (the box shows what Save will do)', async () => {
      const page = await openPage(formTag);
      await page.messengerIs('unconfigured');
      const keep = () => shadow(messengerOf(page)).querySelector<HTMLInputElement>('#keep-id')!;
      keep().click();
      await messengerOf(page).updateComplete;
      expect(keep().checked).to.equal(true);
      button(messengerOf(page), 'Reset').click();
      await messengerOf(page).updateComplete;
      expect(keep().checked).to.equal(false);
      // Save now keeps the ID for this tab only, as the box says.
      fill(page, 'prod-euw1', DEPLOYMENT_ID);
      button(messengerOf(page), 'Save').click();
      await page.messengerIs('ready');
      expect(localStorage.getItem('gc-lab:deployment-id')).to.equal(null);
      expect(sessionStorage.getItem('gc-lab:deployment-id')).to.equal(DEPLOYMENT_ID);
    });

    it('Reset before loading just clears the form', async () => {
      const page = await openPage(formTag);
      await page.messengerIs('unconfigured');
      fill(page, 'prod', 'abc');
      button(messengerOf(page), 'Save').click();
      await messengerOf(page).updateComplete;
      button(messengerOf(page), 'Reset').click();
      await messengerOf(page).updateComplete;
      expect(form(page).id.value).to.equal('');
      expect(form(page).region.value).to.equal('');
      expect(form(page).alert.textContent!.trim()).to.equal('');
      expect(form(page).id.getAttribute('aria-invalid')).to.equal('false');
    });

    it('can be used with the keyboard alone', async () => {
      const page = await openPage(formTag);
      await page.messengerIs('unconfigured');
      const { region, id } = form(page);
      region.focus();
      expect(shadow(messengerOf(page)).activeElement).to.equal(region);
      fill(page, 'prod', '');
      await sendKeys({ press: 'Tab' });
      expect(shadow(messengerOf(page)).activeElement).to.equal(id);
      await sendKeys({ type: DEPLOYMENT_ID });
      // Enter in the input submits the form, like any native form.
      await sendKeys({ press: 'Enter' });
      await page.messengerIs('ready');
    });
  });
});

describe('<gc-messenger> handed over', () => {
  beforeEach(clearStorage);
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('a replacement element adopts the loaded SDK and SDK events still arrive once', async () => {
    const page = await openPage(
      `<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}"></gc-messenger>`,
    );
    await page.messengerIs('ready');
    // A framework re-renders: the element is replaced by a new one with the same attributes.
    const old = messengerOf(page);
    const replacement = page.doc.createElement('gc-messenger');
    for (const name of ['environment', 'deployment-id', 'bootstrap-src']) replacement.setAttribute(name, old.getAttribute(name)!);
    old.replaceWith(replacement);
    await page.messengerIs('ready');
    expect(scripts(page)).to.deep.equal([EMULATOR]);
    const seen = () => page.win.__events.filter((e) => e.type === 'gc-genesys-event' && e.eventName === 'Database.updated').length;
    const before = seen();
    page.win.Genesys!('command', 'Database.set', { messaging: { customAttributes: { a: '1' } } });
    await waitUntil(() => seen() > before, 'Database.updated did not arrive');
    await new Promise((r) => setTimeout(r, 50));
    expect(seen() - before).to.equal(1);
  });
});

/**
 * An SDK already on the page (the official snippet ran, or a messenger was mounted before) that
 * answers a new subscriber to Messenger.ready at once, synchronously or in a later task:
 * Genesys does not say which, so the element must end ready either way.
 */
for (const timing of ['synchronously', 'in a later task'] as const) {
  describe(`<gc-messenger> adopting an SDK that replays Messenger.ready ${timing}`, () => {
    beforeEach(clearStorage);
    afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

    it('ends ready, also when mounted again after a route change', async () => {
      const page = await openPage('');
      const win = page.win as unknown as Record<string, unknown>;
      win._genesysJs = 'Genesys';
      win.Genesys = (kind: string, name: string, callbackOrOptions?: unknown) => {
        if (kind !== 'subscribe' || !name.endsWith('.ready')) return;
        const replay = () => (callbackOrOptions as (payload: unknown) => void)({ eventName: name, data: {} });
        if (timing === 'synchronously') replay();
        else setTimeout(replay);
      };
      const mount = () => {
        const el = page.doc.createElement('gc-messenger');
        el.setAttribute('environment', 'prod');
        el.setAttribute('deployment-id', DEPLOYMENT_ID);
        page.doc.getElementById('root')!.append(el);
        return el as GcMessenger;
      };
      const first = mount();
      await page.messengerIs('ready');
      expect(first.state).to.equal('ready');
      // A route change: the element goes, a new one comes and adopts the same SDK.
      first.remove();
      const second = mount();
      await page.messengerIs('ready');
      await new Promise((r) => setTimeout(r, 50));
      expect(second.state).to.equal('ready');
      expect(scripts(page)).to.deep.equal([]);
    });
  });
}
