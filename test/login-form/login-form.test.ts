import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { GcLoginForm } from '../../src/login-form/login-form.js';
import { GcSessionClearEvent } from '../../src/events/session.js';
import { FakeMessenger } from '../support/fake-messenger.js';
import { DEPLOYMENT_ID, EMULATOR, button, once, openPage, shadow, text, typeInto } from '../support/pages.js';

const KEY = 'gc-lab:login';
const TRAITS = [{ fieldName: 'email' }, { fieldName: 'givenName' }, { fieldName: 'familyName' }];

async function form() {
  const fake = new FakeMessenger();
  fake.journeyReady = true;
  const el = await fixture<GcLoginForm>(html`<gc-login-form></gc-login-form>`);
  await el.updateComplete;
  return { fake, el };
}

function fill(el: GcLoginForm, givenName: string, familyName: string, email: string) {
  typeInto(el, '#givenName', givenName);
  typeInto(el, '#familyName', familyName);
  typeInto(el, '#email', email);
}

describe('<gc-login-form>', () => {
  let fake: FakeMessenger | undefined;
  beforeEach(() => sessionStorage.removeItem(KEY));
  afterEach(() => {
    fake?.remove();
    fake = undefined;
    sessionStorage.removeItem(KEY);
  });

  it('has the lab\'s three labelled fields and Login, and is accessible', async () => {
    let el: GcLoginForm;
    ({ fake, el } = await form());
    const labels = [...shadow(el).querySelectorAll('label')].map((l) => [l.textContent!.trim(), shadow(el).getElementById(l.htmlFor)?.getAttribute('autocomplete')]);
    expect(labels).to.deep.equal([
      ['First name', 'given-name'],
      ['Last name', 'family-name'],
      ['Email', 'email'],
    ]);
    expect(button(el, 'Login')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('Login sends the lab\'s exact Journey.pageview with the traitsMapper, keeps the fields for the session, and says who is logged in', async () => {
    let el: GcLoginForm;
    ({ fake, el } = await form());
    fill(el, ' Ada ', 'Lovelace', 'ada@example.com ');
    const login = once(el, 'gc-login');
    button(el, 'Login').click();
    expect((await login).fields).to.deep.equal({ givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.com' });
    expect(fake.sent).to.deep.equal([
      {
        command: 'Journey.pageview',
        options: { customAttributes: { email: 'ada@example.com', givenName: 'Ada', familyName: 'Lovelace' }, traitsMapper: TRAITS },
      },
    ]);
    expect(JSON.parse(sessionStorage.getItem(KEY)!)).to.deep.equal({ givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.com' });
    await el.updateComplete;
    expect(text(el, '[role=status]')).to.contain('Logged in as Ada Lovelace (ada@example.com)');
    expect(text(el, '[role=status]')).to.contain('traitsMapper of email, givenName, familyName');
    expect(text(el, '[role=alert]')).to.equal('');
  });

  it('a new page in the same browser session shows the login it kept', async () => {
    sessionStorage.setItem(KEY, JSON.stringify({ givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.com' }));
    let el: GcLoginForm;
    ({ fake, el } = await form());
    expect(el.fields).to.deep.equal({ givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.com' });
    expect((shadow(el).querySelector('#email') as HTMLInputElement).value).to.equal('ada@example.com');
    expect(text(el, '[role=status]')).to.equal('Logged in as Ada Lovelace (ada@example.com).');
  });

  it('ignores a kept login that is not well formed (storage is hostile too)', async () => {
    sessionStorage.setItem(KEY, JSON.stringify({ givenName: 'Ada', familyName: 'Lovelace', email: 'not an address', __proto__: { x: 1 } }));
    let el: GcLoginForm;
    ({ fake, el } = await form());
    expect(el.fields).to.deep.equal({ givenName: '', familyName: '', email: '' });
    sessionStorage.setItem(KEY, '{not json');
    const again = await fixture<GcLoginForm>(html`<gc-login-form></gc-login-form>`);
    expect(again.fields.email).to.equal('');
  });

  it('says in plain words what is wrong with each field, marks it, moves focus there, and sends nothing', async () => {
    let el: GcLoginForm;
    ({ fake, el } = await form());
    fill(el, 'Ada', '', 'ada@example');
    const error = once(el, 'gc-error');
    button(el, 'Login').click();
    expect((await error).reason).to.equal('invalid-input');
    await el.updateComplete;
    expect(text(el, '[role=alert]')).to.equal('2 fields need fixing: Last name, Email.');
    const email = shadow(el).querySelector('#email')!;
    expect(email.getAttribute('aria-invalid')).to.equal('true');
    expect(shadow(el).getElementById(email.getAttribute('aria-describedby')!)!.textContent).to.equal(
      'Email does not look like an email address (name@example.com).',
    );
    expect(text(el, '#familyName-error')).to.equal('Last name is empty: fill it in.');
    expect(shadow(el).activeElement?.id).to.equal('familyName');
    expect(fake.sent).to.deep.equal([]);
    expect(sessionStorage.getItem(KEY)).to.equal(null);
    await expect(el).to.be.accessible();
    // Fixing the field clears its mark.
    typeInto(el, '#familyName', 'Lovelace');
    await el.updateComplete;
    expect(shadow(el).querySelector('#familyName')!.getAttribute('aria-invalid')).to.equal('false');
  });

  it('refuses a field over 254 characters', async () => {
    let el: GcLoginForm;
    ({ fake, el } = await form());
    fill(el, 'A'.repeat(300), 'Lovelace', 'ada@example.com');
    button(el, 'Login').click();
    await waitUntil(() => text(el, '[role=alert]') !== '');
    expect(text(el, '[role=alert]')).to.equal('First name is too long: at most 254 characters.');
    expect(fake.sent).to.deep.equal([]);
  });

  it('a refused Login is an alert with the reason, and nothing is kept', async () => {
    let el: GcLoginForm;
    ({ fake, el } = await form());
    fake.answer = () => Promise.reject(new Error('The Journey plugin is off for this deployment.'));
    fill(el, 'Ada', 'Lovelace', 'ada@example.com');
    const error = once(el, 'gc-error');
    button(el, 'Login').click();
    expect((await error).reason).to.equal('command-failed');
    await el.updateComplete;
    expect(text(el, '[role=alert]')).to.equal('Login failed: The Journey plugin is off for this deployment.');
    expect(sessionStorage.getItem(KEY)).to.equal(null);
  });

  it('waits for the Journey plugin, and says so', async () => {
    fake = new FakeMessenger();
    const el = await fixture<GcLoginForm>(html`<gc-login-form></gc-login-form>`);
    expect(button(el, 'Login').disabled).to.equal(true);
    expect(text(el, '[role=status]')).to.equal('Waiting for the Journey plugin (Journey.ready)…');
    fake.publishJourneyReady();
    await el.updateComplete;
    expect(button(el, 'Login').disabled).to.equal(false);
  });

  it('Enter in a field logs in (a real form)', async () => {
    let el: GcLoginForm;
    ({ fake, el } = await form());
    fill(el, 'Ada', 'Lovelace', 'ada@example.com');
    (shadow(el).querySelector('#email') as HTMLInputElement).focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => fake!.sent.length === 1, 'Enter did not log in');
  });

  it('Clear Session forgets the fields', async () => {
    let el: GcLoginForm;
    ({ fake, el } = await form());
    fill(el, 'Ada', 'Lovelace', 'ada@example.com');
    button(el, 'Login').click();
    await waitUntil(() => sessionStorage.getItem(KEY) !== null);
    document.dispatchEvent(new GcSessionClearEvent('5d1b8c2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f'));
    await el.updateComplete;
    expect(sessionStorage.getItem(KEY)).to.equal(null);
    expect(el.fields).to.deep.equal({ givenName: '', familyName: '', email: '' });
    expect(text(el, '[role=status]')).to.equal('');
  });

  it('the messenger\'s Reset forgets them too', async () => {
    sessionStorage.setItem('gc-lab:environment', 'prod');
    sessionStorage.setItem('gc-lab:deployment-id', DEPLOYMENT_ID);
    sessionStorage.setItem(KEY, JSON.stringify({ givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.com' }));
    const page = await openPage(`<gc-messenger bootstrap-src="${EMULATOR}"></gc-messenger><gc-login-form></gc-login-form>`);
    try {
      await page.messengerIs('ready');
      const el = page.$<GcLoginForm>('gc-login-form')!;
      await waitUntil(() => el.fields?.email === 'ada@example.com', 'the kept login is not shown');
      // A single-page app cancels the reload: the form still forgets.
      page.doc.addEventListener('gc-navigate', (e) => e.preventDefault());
      button(page.$('gc-messenger'), 'Reset').click();
      await waitUntil(() => el.fields.email === '', 'Reset did not forget the login');
      expect(sessionStorage.getItem(KEY)).to.equal(null);
    } finally {
      page.frame.remove();
      sessionStorage.removeItem('gc-lab:environment');
      sessionStorage.removeItem('gc-lab:deployment-id');
    }
  });

  it('markup typed into a field is sent and shown as text', async () => {
    let el: GcLoginForm;
    ({ fake, el } = await form());
    fill(el, '<b>Ada</b>', 'Lovelace', 'ada@example.com');
    button(el, 'Login').click();
    await waitUntil(() => text(el, '[role=status]').startsWith('Logged in'));
    expect(shadow(el).querySelector('b')).to.equal(null);
    expect(text(el, '[role=status]')).to.contain('<b>Ada</b>');
  });

  it('is accessible on a dark page too, with errors showing', async () => {
    fake = new FakeMessenger();
    fake.journeyReady = true;
    const wrapper = await fixture<HTMLDivElement>(html`<div><gc-login-form></gc-login-form></div>`);
    wrapper.style.colorScheme = 'dark';
    wrapper.style.background = 'rgb(18, 18, 18)';
    wrapper.style.color = 'rgb(235, 235, 235)';
    const el = wrapper.querySelector('gc-login-form')!;
    button(el, 'Login').click();
    await waitUntil(() => text(el, '[role=alert]') !== '');
    await expect(el).to.be.accessible();
  });
});
