/**
 * The "cloud" side of end-to-end tests: what the emulated service (mounted in the test
 * server) received, and the agent view that shows it.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { openFrame, sendAsGuest, type LabPage } from './pages.js';

export interface CloudMessage {
  id?: string;
  type?: string;
  direction: string;
  text: string;
  customAttributes?: Record<string, unknown>;
  time: string;
}

export interface Conversation {
  id: string;
  deploymentId: string;
  state: string;
  messages: CloudMessage[];
  customAttributes: Record<string, unknown>;
}

/** What the emulated cloud holds: every conversation, or one deployment's. */
export async function cloud(deploymentId?: string): Promise<Conversation[]> {
  const res = await fetch(deploymentId ? `/api/conversations?deploymentId=${deploymentId}` : '/api/conversations');
  expect(res.status).to.equal(200);
  const body = await res.json();
  // The list may come bare or paged ({ conversations: [...] }).
  return Array.isArray(body) ? body : body.conversations;
}

/** The conversation that holds a message with this exact text, if the cloud has one. */
export async function conversationWith(text: string, deploymentId?: string): Promise<Conversation | undefined> {
  return (await cloud(deploymentId)).find((c) => c.messages.some((m) => m.text === text));
}

/** A label no other test uses, so that tests sharing the service don't see each other. */
export function unique(label: string): string {
  return `${label} ${Math.random().toString(36).slice(2, 8)}`;
}

/** The guest sends `text` from the page's chat window; resolves with the conversation once the cloud has it. */
export async function guestSends(page: LabPage, text: string): Promise<Conversation> {
  await sendAsGuest(page.win, text);
  await waitUntil(async () => (await conversationWith(text)) !== undefined, `"${text}" never reached the cloud`, {
    timeout: 5000,
  });
  return (await conversationWith(text))!;
}

/** The message with this text, as the cloud stored it. */
export function messageIn(conversation: Conversation, text: string): CloudMessage {
  const message = conversation.messages.find((m) => m.text === text);
  if (!message) throw new Error(`no message "${text}" in conversation ${conversation.id}`);
  return message;
}

/** The agent view (served at /agent/ by `npm start`) in an iframe, showing one conversation. */
export async function openAgentView(conversationId: string): Promise<Document> {
  const agent = await openFrame(`/emulator/agent/index.html?conversation=${conversationId}`);
  const doc = agent.contentDocument!;
  await waitUntil(() => doc.body.dataset.loaded === 'true', 'the agent view did not load');
  return doc;
}

/** Changes a deployment's settings on the test service (no key on loopback), as the agent view's form does. */
export async function setDeploymentSettings(deploymentId: string, settings: Record<string, unknown>): Promise<void> {
  const res = await fetch(`/api/deployments/${deploymentId}/settings`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(settings),
  });
  expect(res.status, `PUT settings ${JSON.stringify(settings)}`).to.equal(200);
}

/**
 * Gives a deployment no inbound message flow (an empty one): for tests of the Guest API and the
 * runtime, where the lab's flow would answer every conversation's first message as the bot.
 */
export async function withoutFlow(deploymentId: string): Promise<void> {
  const res = await fetch(`/api/deployments/${deploymentId}/flow`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ actions: [] }),
  });
  expect(res.status, 'the flow was not emptied').to.equal(200);
}
