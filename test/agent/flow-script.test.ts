/**
 * The agent view's Architect flow and Agent Script (emulator/agent/flow.js, flow-editor.js,
 * script.js): what the flow did for a conversation (read at the first guest message), the
 * deployment's flow as JSON with its summary in words (a refused flow says where, and the text
 * stays as typed; Restore brings the lab's back), and the Agent Script beside the conversation
 * (inputs filled or "(empty)", outputs saved to participant data and shown at once).
 */
import { expect, waitUntil } from '@open-wc/testing';
import { axe } from '../support/axe.js';
import { guest } from '../support/guest.js';
import { openFrame } from '../support/pages.js';

const openAgent = (deploymentId: string) => openFrame(`/emulator/agent/index.html?deploymentId=${deploymentId}`, { width: 1200, height: 900 });
const visible = (el: Element | null) => !!el && !(el as HTMLElement).closest('[hidden]');
const texts = (doc: Document, selector: string) => [...doc.querySelectorAll(selector)].map((n) => n.textContent!.replace(/\s+/g, ' ').trim());

describe('the agent view: the flow and the Agent Script', () => {
  afterEach(() => {
    document.querySelectorAll('iframe').forEach((f) => f.remove());
  });

  it("shows what the lab's flow did for a first message with keyString: each step, the greeting with it, the state", async () => {
    const deploymentId = crypto.randomUUID();
    const g = await guest(deploymentId);
    await g.say('hi there', { keyString: 'Ada' });
    const frame = await openAgent(deploymentId);
    const doc = frame.contentDocument!;
    await waitUntil(() => doc.querySelectorAll('#flow-trace li').length > 0, 'no flow trace');
    expect(visible(doc.getElementById('flow-panel'))).to.equal(true);
    const steps = texts(doc, '#flow-trace li');
    // Each step in order, with its time: the start, what it read, what it decided, what it sent, the transfer.
    expect(steps[0]).to.match(/^Start/);
    expect(steps[0]).to.contain('hi there');
    const read = steps.find((s) => s.startsWith('Get Participant Data') && s.includes('keyString'));
    expect(read, 'no Get Participant Data of keyString').to.contain('Ada');
    const greeting = steps.find((s) => s.startsWith('Send Response') && s.includes('keyString'));
    expect(greeting, 'no greeting with keyString').to.contain('keyString = Ada');
    expect(doc.querySelectorAll('#flow-trace li time').length).to.equal(steps.length);
    expect(doc.getElementById('flow-state')!.textContent).to.equal('Transferred to the queue “Lab queue”: the conversation waits there for an agent.');
    // The bot's greeting in the transcript, as "Bot" (not the agent).
    await waitUntil(() => doc.querySelector('#transcript li.bot'), 'no bot message in the transcript');
    const bot = doc.querySelector('#transcript li.bot')!;
    expect(bot.querySelector('.who')!.textContent).to.equal('Bot');
    expect(bot.textContent).to.contain('Ada');
    expect(await axe(frame)).to.deep.equal([]);
    g.close();
  });

  it('shows the trace for a first message with no keyString (the other branch), and says why when the flow has not run', async () => {
    const deploymentId = crypto.randomUUID();
    const quiet = await guest(deploymentId);
    const frame = await openAgent(deploymentId);
    const doc = frame.contentDocument!;
    // A conversation with no guest message yet: the flow has not run, and the view says why.
    await waitUntil(() => doc.getElementById('flow-state')!.textContent!.includes('runs at the first guest message'), 'no reason for a flow not run');
    expect(doc.getElementById('flow-state')!.textContent).to.equal('The flow has not run yet: the flow runs at the first guest message.');
    expect(visible(doc.getElementById('flow-trace'))).to.equal(false);
    await quiet.say('hello, no attributes');
    await waitUntil(() => doc.querySelectorAll('#flow-trace li').length > 0, 'no flow trace');
    const steps = texts(doc, '#flow-trace li');
    expect(steps[0]).to.match(/^Start/);
    const read = steps.find((s) => s.startsWith('Get Participant Data') && s.includes('keyString'));
    expect(read, 'no Get Participant Data of keyString').to.contain('(empty)');
    // The other branch: the greeting that says the first message carried nothing.
    expect(steps.some((s) => s.startsWith('Decision') && s.includes('Flow.keyString is empty? Yes'))).to.equal(true);
    expect(steps.some((s) => s.startsWith('Send Response') && s.includes('carried no custom attributes'))).to.equal(true);
    await waitUntil(() => doc.querySelector('#transcript li.bot'), 'no bot message in the transcript');
    expect(doc.getElementById('flow-state')!.textContent).to.not.contain('runs at the first guest message');
    quiet.close();
  });

  it('the flow editor refuses an invalid flow with the path, keeps the text as typed; Save and Restore', async () => {
    const deploymentId = crypto.randomUUID();
    const frame = await openAgent(deploymentId);
    const doc = frame.contentDocument!;
    await waitUntil(() => visible(doc.getElementById('flow-form')) && (doc.getElementById('flow-json') as HTMLTextAreaElement).value.length > 2, 'no flow editor');
    const box = doc.getElementById('flow-json') as HTMLTextAreaElement;
    expect(doc.querySelector('label[for="flow-json"]')!.textContent).to.match(/flow as JSON/);
    const lab = box.value;
    expect(JSON.parse(lab)).to.be.an('array');
    expect(doc.querySelectorAll('#flow-summary > li').length).to.equal(JSON.parse(lab).length);
    expect(doc.getElementById('flow-help')!.textContent).to.contain('transferToAcd');

    // Not JSON: refused here, the text kept.
    box.value = '[{"type": "sendResponse", ';
    (doc.getElementById('flow-form') as HTMLFormElement).requestSubmit();
    const error = doc.getElementById('flow-error')!;
    await waitUntil(() => error.textContent!.includes('not JSON'), 'no error for text that is not JSON');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(box.value).to.equal('[{"type": "sendResponse", ');
    expect(box.getAttribute('aria-invalid')).to.equal('true');

    // JSON, but not a flow: the server's reason, with the path; nothing changed; the text kept.
    const bad = '[\n  {"type": "sendResponse", "text": "hi"},\n  {"type": "teleport"}\n]';
    box.value = bad;
    (doc.getElementById('flow-form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => error.textContent!.includes('Not saved') && !error.textContent!.includes('not JSON'), 'no error for an invalid flow');
    expect(error.textContent).to.match(/\(at [^)]*1[^)]*\)/);
    expect(error.textContent).to.match(/Nothing was changed/);
    expect(box.value).to.equal(bad);
    const kept = await (await fetch(`/api/deployments/${deploymentId}/flow`)).json();
    expect(kept.isDefault).to.equal(true);

    // A good flow: saved, and the summary says it in words.
    box.value = JSON.stringify([
      { type: 'getParticipantData', attribute: 'color', variable: 'Flow.color' },
      { type: 'decision', variable: 'Flow.color', test: 'isEmpty', then: [{ type: 'sendResponse', text: 'Which colour?' }], else: [{ type: 'setParticipantData', attribute: 'paint', value: 'tin of {{Flow.color}}' }, { type: 'transferToAcd', queue: 'Paint' }] },
    ]);
    (doc.getElementById('flow-form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => /^Saved/.test(doc.getElementById('flow-status')!.textContent!), 'not saved');
    expect(error.textContent).to.equal('');
    expect(box.getAttribute('aria-invalid')).to.equal('false');
    expect(doc.getElementById('flow-warnings')!.textContent).to.equal('');
    expect(texts(doc, '#flow-summary > li > .line')).to.deep.equal(['Get Participant Data: read “color” into Flow.color', 'Decision: is Flow.color empty?']);
    expect(texts(doc, '#flow-summary .branch-label')).to.deep.equal(['Yes:', 'No:']);
    expect(texts(doc, '#flow-summary .branch .line')).to.deep.equal([
      'Send Response: the bot says “Which colour?”',
      'Set Participant Data: paint = “tin of {{Flow.color}}”',
      'Transfer to ACD: queue “Paint” (the flow ends)',
    ]);
    expect((await (await fetch(`/api/deployments/${deploymentId}/flow`)).json()).isDefault).to.equal(false);

    // A name in another case than it was set: saved, with a warning that says which was meant.
    const typo = [{ type: 'getParticipantData', attribute: 'color', variable: 'Flow.color' }, { type: 'sendResponse', text: 'A {{Flow.Color}} tin' }];
    box.value = JSON.stringify(typo);
    (doc.getElementById('flow-form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => doc.getElementById('flow-warnings')!.textContent!.includes('Did you mean Flow.color?'), 'no warning for Flow.Color');
    box.value = JSON.stringify([
      { type: 'getParticipantData', attribute: 'color', variable: 'Flow.color' },
      { type: 'decision', variable: 'Flow.color', test: 'isEmpty', then: [{ type: 'sendResponse', text: 'Which colour?' }], else: [{ type: 'setParticipantData', attribute: 'paint', value: 'tin of {{Flow.color}}' }, { type: 'transferToAcd', queue: 'Paint' }] },
    ]);
    (doc.getElementById('flow-form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => doc.getElementById('flow-warnings')!.textContent === '', 'the warning stayed');

    // The new flow runs for a new conversation: transferred to its queue.
    const g = await guest(deploymentId);
    await g.say('paint please', { color: 'red' });
    await waitUntil(() => doc.getElementById('flow-state')!.textContent!.includes('Paint'), 'not shown as transferred');
    expect(doc.getElementById('flow-state')!.textContent).to.match(/^Transferred/);
    // What the flow set is in the participant data table, marked as the flow's.
    await waitUntil(() => doc.querySelector('#participant-data tbody tr[data-source="flow"]'), 'the flow\'s participant data is not marked');
    const set = doc.querySelector<HTMLTableRowElement>('#participant-data tbody tr[data-source="flow"]')!;
    expect([set.cells[0]!.textContent, set.cells[1]!.textContent]).to.deep.equal(['paint', 'tin of red']);
    expect(set.cells[2]!.textContent).to.match(/^the flow \(Set Participant Data\)/);
    const guestRow = [...doc.querySelectorAll<HTMLTableRowElement>('#participant-data tbody tr')].find((tr) => tr.cells[0]!.textContent === 'color')!;
    expect(guestRow.cells[2]!.textContent).to.equal("a guest's message");

    (doc.getElementById('flow-reset') as HTMLButtonElement).click();
    await waitUntil(() => doc.getElementById('flow-status')!.textContent === "The lab's flow is back.", 'not restored');
    expect(JSON.parse(box.value)).to.deep.equal(JSON.parse(lab));
    expect((await (await fetch(`/api/deployments/${deploymentId}/flow`)).json()).isDefault).to.equal(true);
    expect(await axe(frame)).to.deep.equal([]);
    g.close();
  });

  it('the Agent Script shows filled and empty input variables; saving an output shows it in participant data at once', async () => {
    const deploymentId = crypto.randomUUID();
    const put = await fetch(`/api/deployments/${deploymentId}/script`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ template: 'Hello {{keyString}}, about {{keyInt}}.', outputs: ['caseNote'] }),
    });
    expect(put.status).to.equal(200);
    const g = await guest(deploymentId);
    await g.say('help me', { keyString: 'Grace' });
    const frame = await openAgent(deploymentId);
    const doc = frame.contentDocument!;
    await waitUntil(() => doc.querySelectorAll('#script-inputs tbody tr').length === 2, 'no input variables');
    expect(doc.getElementById('script-text')!.textContent).to.contain('Hello Grace');
    const rows = [...doc.querySelectorAll('#script-inputs tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows[0]).to.deep.equal(['keyString', 'Grace', 'participant data']);
    expect(rows[1]![0]).to.equal('keyInt');
    expect(rows[1]![1]).to.equal('(empty)');

    expect(doc.getElementById('script-text')!.querySelector('.var.empty')!.textContent).to.equal('(empty)');
    // A later message brings keyInt: the script is filled again (the stream says the data changed).
    await g.say('and a number', { keyInt: '42' });
    await waitUntil(() => doc.querySelector('#script-inputs tbody tr[data-name="keyInt"] td:nth-child(2)')?.textContent === '42', 'the script was not filled again');
    expect(doc.getElementById('script-text')!.textContent).to.equal('Hello Grace, about 42.');

    // The output variable: a labelled field; Save writes participant data, shown at once.
    const field = doc.querySelector<HTMLInputElement>('#script-output-fields input[data-name="caseNote"]')!;
    expect(doc.querySelector(`label[for="${field.id}"]`)!.textContent).to.equal('caseNote');
    field.value = 'called back';
    (doc.getElementById('script-outputs-form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => texts(doc, '#participant-data tbody tr').some((t) => t.startsWith('caseNotecalled back')), 'the output is not in participant data');
    const row = [...doc.querySelectorAll<HTMLTableRowElement>('#participant-data tbody tr')].find((tr) => tr.cells[0]!.textContent === 'caseNote')!;
    expect(row.cells[2]!.textContent).to.match(/Agent Script/);
    expect(doc.getElementById('script-save-status')!.textContent).to.contain('caseNote = called back');
    // Kept by the service too.
    const [c] = await (await fetch(`/api/conversations?deploymentId=${deploymentId}`)).json();
    const script = await (await fetch(`/api/conversations/${c.id}/script`)).json();
    expect(script.outputs).to.deep.include({ name: 'caseNote', value: 'called back' });
    expect(await axe(frame)).to.deep.equal([]);
    g.close();
  });
});
