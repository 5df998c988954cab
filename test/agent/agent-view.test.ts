/**
 * The agent view (emulator/agent/) as an instructor and students use it in a room: it asks
 * for the agent key and keeps it for the tab, shows one deployment with `?deploymentId=`,
 * follows the newest conversation, says which message brought each attribute, and says why
 * participant data is empty. Guests here are plain WebSockets on the test server's service.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { openFrame } from '../support/pages.js';

const KEY = 'room-key-for-the-agent-view-test';
const KEY_STORAGE = 'gc-lab:agent-key';

async function setAccess(key?: string): Promise<void> {
  const res = await fetch('/__test/agent-access', { method: 'POST', body: JSON.stringify(key ? { key } : {}) });
  expect(res.status).to.equal(204);
}

/** A guest of `deploymentId` with a new session; `say` sends a Text with optional attributes and waits for its echo. */
async function guest(deploymentId: string) {
  const ws = new WebSocket(`ws://${location.host}/v1?deploymentId=${deploymentId}`);
  const token = crypto.randomUUID();
  const frames: Array<{ class: string; body: { text?: string } }> = [];
  ws.addEventListener('message', (e) => frames.push(JSON.parse(e.data)));
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', reject, { once: true });
  });
  ws.send(JSON.stringify({ action: 'configureSession', token, deploymentId }));
  await waitUntil(() => frames.some((f) => f.class === 'SessionResponse'), 'no session');
  return {
    async say(text: string, customAttributes?: Record<string, string>) {
      ws.send(
        JSON.stringify({
          action: 'onMessage',
          token,
          message: { type: 'Text', text, ...(customAttributes ? { channel: { metadata: { customAttributes } } } : {}) },
        }),
      );
      await waitUntil(() => frames.some((f) => f.class === 'StructuredMessage' && f.body.text === text), `no echo of ${text}`);
    },
    close: () => ws.close(),
  };
}

async function conversationIds(deploymentId: string): Promise<string[]> {
  const list: Array<{ id: string }> = await (await fetch(`/api/conversations?deploymentId=${deploymentId}`)).json();
  return list.map((c) => c.id);
}

function openAgent(query = ''): Promise<HTMLIFrameElement> {
  return openFrame(`/emulator/agent/index.html${query}`, { width: 1100, height: 800 });
}

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
    expect(visible(doc.getElementById('main'))).to.equal(false);

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
    const frame = await openAgent(`?deploymentId=${deploymentId}`);
    const doc = frame.contentDocument!;
    await waitUntil(() => doc.body.dataset.loaded === 'true', 'not loaded');
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
    expect(rows).to.deep.equal([
      ['color', 'blue'],
      ['size', 'L'],
    ]);
    const sources = [...doc.querySelectorAll('#attribute-sources li')].map((li) => li.textContent!.replace(/ at .*$/, ''));
    expect(sources).to.deep.equal([
      "color = red brought by the guest's message “I like red”",
      "color = blue brought by the guest's message “now blue, size L”",
      "size = L brought by the guest's message “now blue, size L”",
    ]);
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
      const win = frame.contentWindow as Window & { axe?: { run(c: unknown): Promise<{ violations: Array<{ id: string }> }> } };
      const script = doc.createElement('script');
      const loaded = new Promise((r) => script.addEventListener('load', r, { once: true }));
      script.src = '/node_modules/axe-core/axe.min.js';
      doc.head.append(script);
      await loaded;
      expect((await win.axe!.run(doc)).violations.map((v) => v.id)).to.deep.equal([]);
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
