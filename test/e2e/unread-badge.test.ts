/**
 * The emulated launcher shows how many replies came while the chat was closed, as Genesys
 * Messenger's launcher does: a badge people see, and the same count in the button's accessible
 * name (the badge itself hidden from assistive technology). Opening the chat reads them.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { loadAxe } from '../support/axe.js';
import { guestSends, unique, withoutFlow } from '../support/cloud.js';
import { DEPLOYMENT_ID, EMULATOR, clearStorage, openPage, type LabPage } from '../support/pages.js';

const LAB = `<gc-messenger environment="prod" deployment-id="${DEPLOYMENT_ID}" bootstrap-src="${EMULATOR}"></gc-messenger>`;

const chat = (page: LabPage) => page.doc.querySelector('[data-genesys-emulator]')!.shadowRoot!;
const launcher = (page: LabPage) => chat(page).querySelector<HTMLButtonElement>('.launcher')!;
const replies = (page: LabPage) => chat(page).querySelectorAll('li.Outbound').length;
const guestLines = (page: LabPage) => chat(page).querySelectorAll('li.Inbound').length;

/** The badge as people see it: its text, if it is shown on the launcher; null when there is none. */
function badge(page: LabPage): string | null {
  const shown = [...launcher(page).querySelectorAll<HTMLElement>('.badge')].filter((b) => b.checkVisibility());
  expect(shown.length, 'more than one badge').to.be.at.most(1);
  if (!shown.length) return null;
  // On the launcher: its box overlaps the button's.
  const a = shown[0].getBoundingClientRect();
  const b = launcher(page).getBoundingClientRect();
  expect(a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom, 'the badge is not on the launcher').to.equal(true);
  return shown[0].textContent;
}

/** The launcher's accessible name, as axe-core computes it (aria-hidden content left out). */
async function nameOf(page: LabPage): Promise<string> {
  const axe = await loadAxe(page.frame);
  axe.setup(page.doc);
  try {
    return axe.commons.text.accessibleText(launcher(page));
  } finally {
    axe.teardown();
  }
}

/** The agent replies in the conversation, through the service's agent API. */
async function agentReplies(page: LabPage, conversationId: string, text: string): Promise<void> {
  const before = replies(page);
  const res = await fetch(`/api/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  expect(res.status).to.equal(201);
  await waitUntil(() => replies(page) > before, `the reply "${text}" did not reach the guest`);
}

/** The page with a conversation (the guest said something), the chat closed again. */
async function conversationWithChatClosed() {
  const page = await openPage(LAB);
  await page.messengerIs('ready');
  const conversation = await guestSends(page, unique('Need help'));
  await waitUntil(() => guestLines(page) === 1, 'the guest message is not in the chat');
  launcher(page).click();
  expect(launcher(page).getAttribute('aria-expanded')).to.equal('false');
  return { page, conversation };
}

describe('the unread count on the emulated launcher', () => {
  // No bot answering the first message: only the agent's replies here.
  before(() => withoutFlow(DEPLOYMENT_ID));
  beforeEach(clearStorage);
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('counts the replies that come while the chat is closed, not the guest’s own; opening the chat clears it', async () => {
    const { page, conversation } = await conversationWithChatClosed();
    expect(badge(page)).to.equal(null);
    expect(await nameOf(page)).to.equal('Chat');

    await agentReplies(page, conversation.id, 'Hi, this is Alex from support');
    expect(badge(page)).to.equal('1');
    expect(await nameOf(page)).to.equal('Chat, 1 unread message');

    await agentReplies(page, conversation.id, 'Are you still there?');
    expect(badge(page)).to.equal('2');
    expect(await nameOf(page)).to.equal('Chat, 2 unread messages');

    // The guest's own message (sent by the page while the chat is closed) is no reply.
    await new Promise<void>((resolve, reject) =>
      page.win.Genesys!('command', 'MessagingService.sendMessage', { message: unique('still here') }, resolve, reject),
    );
    await waitUntil(() => guestLines(page) === 2, 'the guest message did not come back');
    expect(badge(page)).to.equal('2');

    launcher(page).click();
    expect(chat(page).querySelector<HTMLElement>('.window')!.checkVisibility()).to.equal(true);
    expect(badge(page)).to.equal(null);
    expect(await nameOf(page)).to.equal('Close chat');
    // A reply read with the chat open stays read once it is closed.
    await agentReplies(page, conversation.id, 'Great, let me check.');
    launcher(page).click();
    expect(badge(page)).to.equal(null);
    expect(await nameOf(page)).to.equal('Chat');
  });

  it('shows at most "99+"; the name says how many', async () => {
    const { page, conversation } = await conversationWithChatClosed();
    for (let i = 1; i <= 100; i++) await agentReplies(page, conversation.id, `reply ${i}`);
    expect(badge(page)).to.equal('99+');
    expect(await nameOf(page)).to.equal('Chat, 100 unread messages');
  });

  it('replies the guest saw before a page load do not count again when the conversation comes back', async () => {
    const page = await openPage(LAB);
    await page.messengerIs('ready');
    const conversation = await guestSends(page, unique('Need help'));
    await agentReplies(page, conversation.id, 'Seen with the chat open');
    launcher(page).click();
    expect(badge(page)).to.equal(null);
    await page.reload();
    await page.messengerIs('ready');
    await waitUntil(() => replies(page) === 1, 'the conversation was not restored after the reload');
    expect(launcher(page).getAttribute('aria-expanded')).to.equal('false');
    expect(badge(page)).to.equal(null);
    expect(await nameOf(page)).to.equal('Chat');
    // A new reply after the load counts.
    await agentReplies(page, conversation.id, 'And one more');
    expect(badge(page)).to.equal('1');
  });
});
