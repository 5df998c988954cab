// End to end against the `npm start` server itself (its static files, its strict CSP, the
// emulated service), in headless Chromium: the lab's lesson seen from the guest's page and
// from the cloud, as a workshop student would run it.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { startServer } from '../../server/index.mjs';
import { configure, launchBrowser, sendAsGuest, setAttributes, waitFor } from '../../scripts/demo-driver.mjs';

const DEPLOYMENT = '5d1b8c2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f';
let server;
let browser;
let base;

before(async () => {
  server = await startServer({ port: 0 });
  base = `http://localhost:${server.address().port}`;
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await new Promise((resolve) => server.close(resolve));
});

const conversations = async () => (await fetch(`${base.replace('localhost', '127.0.0.1')}/api/conversations`)).json();

it('the demo teaches the lesson: pending, lost on a page load, sent with a message, seen by the agent', async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`${res.status()} ${res.url()}`);
  });
  const response = await page.goto(`${base}/`);
  assert.match(response.headers()['content-security-policy'], /script-src 'self'/);

  await configure(page, 'prod-euw1', DEPLOYMENT);
  await setAttributes(page, '{ "keyInt": 123, "lost": "yes" }');
  assert.deepEqual(await conversations(), []);

  // PageView Home: a page load before any message loses them.
  await Promise.all([page.waitForNavigation(), page.click('gc-session-controls >>> [part~=home-button]')]);
  await page.waitForFunction(() => document.querySelector('gc-messenger').state === 'ready');
  assert.equal(await page.$eval('gc-database-plugin', (el) => el.status), 'empty');

  await setAttributes(page, '{ "keyInt": 123, "keyString": "hello" }');
  await sendAsGuest(page, 'Hello from the demo');
  await page.waitForFunction(() => document.querySelector('gc-database-plugin').status === 'sent');
  const [conversation] = await waitFor(async () => {
    const list = await conversations();
    return list.length && list[0].messages.length ? list : undefined;
  }, 'the message to reach the cloud');
  // The guest's message with its attributes; the inbound flow, run at that first message, answers as the bot.
  assert.deepEqual(conversation.messages.filter((m) => m.direction === 'Inbound').map((m) => [m.direction, m.text, m.customAttributes]), [
    ['Inbound', 'Hello from the demo', { keyInt: '123', keyString: 'hello' }], // participant data: strings
  ]);
  assert.deepEqual(conversation.messages[1] && [conversation.messages[1].originatingEntity, conversation.messages[1].text], ['Bot', 'Hello, I can see keyString = hello and keyInt = 123.']);
  assert.equal(JSON.stringify(conversation).includes('lost'), false);

  const agent = await browser.newPage();
  await agent.goto(`${base}/agent/`);
  await agent.waitForSelector('#participant-data tbody tr');
  // Key, value, and who set it: the guest's message (the lab's flow sets nothing by default).
  const rows = await agent.$$eval('#participant-data tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
  assert.deepEqual(
    rows.map((cells) => cells.slice(0, 2)),
    [
      ['keyInt', '123'],
      ['keyString', 'hello'],
    ],
  );
  assert.ok(rows.every((cells) => /guest's message/.test(cells[2] ?? '')), `set by: ${JSON.stringify(rows)}`);
  await agent.type('#reply', 'Hello, this is the agent');
  await agent.click('#reply-form button');
  await page.waitForFunction(() =>
    [...document.querySelector('[data-genesys-emulator]').shadowRoot.querySelectorAll('li.Outbound')].some((li) =>
      li.textContent.includes('Hello, this is the agent'),
    ),
  );
  assert.deepEqual(problems, []);
});
