// `npm run coverage`: docs/coverage.md is generated from the suites and the runtime, so the table
// and the tests cannot disagree. The first test runs the node suites the script names (a few
// seconds); the others check the script's rules on made-up facts, with no suite run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CONTRACT, OUTPUT, ROWS, browserTitles, check, generate, parseTap, runtimeFacts } from '../../scripts/coverage.mjs';

const committed = () => readFileSync(fileURLToPath(new URL(`../../${OUTPUT}`, import.meta.url)), 'utf8');

it('docs/coverage.md is what scripts/coverage.mjs generates now, and every row agrees with the suites', async () => {
  const { text, problems } = await generate();
  assert.deepEqual(problems, [], 'the table and the suites disagree');
  assert.ok(text === committed(), `${OUTPUT} is out of date: run npm run coverage and commit it`);
});

it('reads what the runtime emulates from its own handler tables and publish calls', () => {
  const { commands, events } = runtimeFacts();
  for (const name of ['Database.set', 'Database.remove', 'MessagingService.sendMessage', 'Messenger.open', 'Launcher.hide', 'Journey.record']) {
    assert.ok(commands.has(name), `command ${name}`);
  }
  for (const name of ['Database.ready', 'Messenger.opened', 'Messenger.closed', 'MessagingService.messagesReceived', 'GenesysJS.domainNotAllowed']) {
    assert.ok(events.has(name), `event ${name}`);
  }
  assert.ok(!commands.has('Toaster.open') && !commands.has('Journey.formsTrack'));
  // Every command the runtime has is a row that is not "not emulated", and the reverse.
  const emulated = ROWS.filter((r) => r.kind === 'command' && r.status !== 'not emulated').map((r) => r.name);
  assert.deepEqual([...commands].sort(), emulated.sort());
});

it('reads the literal titles of the browser tests', () => {
  const titles = browserTitles();
  assert.ok(titles.get('test/emulator/not-emulated.test.ts').some((t) => t.startsWith('a command it does not emulate rejects')));
  assert.ok(titles.has('test/e2e/runtime-model.test.ts'));
});

it('parses the TAP of node --test: tests, not suites; failures, skips and escaped titles', () => {
  const tap = [
    'TAP version 13',
    '# Subtest: a suite',
    '    # Subtest: passes',
    '    ok 1 - passes',
    '      ---',
    '      duration_ms: 1',
    '      ...',
    '    # Subtest: fails \\# with a hash',
    '    not ok 2 - fails \\# with a hash',
    '      ---',
    '      ...',
    '    ok 3 - skipped # SKIP not today',
    '    1..3',
    'ok 1 - a suite',
    '  ---',
    "  type: 'suite'",
    '  ...',
  ].join('\n');
  assert.deepEqual(parseTap(tap), [
    { title: 'passes', ok: true, skipped: false },
    { title: 'fails # with a hash', ok: false, skipped: false },
    { title: 'skipped', ok: true, skipped: true },
  ]);
});

// ------------------------------------------------------------------ the rules, on made-up facts

const SUITE = 'test/server/made-up.test.mjs';
const BROWSER = 'test/emulator/made-up.test.ts';
const contract = { actions: ['echo'], frameClasses: ['StructuredMessage'], errorCodes: [4007] };
const base = () => ({
  rows: [
    { section: 'S', operation: 'echo', kind: 'action', action: 'echo', status: 'emulated', source: 'x', tests: [{ file: SUITE, title: 'echo answers' }] },
    { section: 'S', operation: 'StructuredMessage', kind: 'frame', frameClass: 'StructuredMessage', status: 'emulated', source: 'x', tests: [{ file: SUITE, title: 'echo answers' }] },
    { section: 'S', operation: 'getAttachment', kind: 'action', action: 'getAttachment', status: 'not emulated', source: 'x' },
    { section: 'SDK', operation: 'Messenger.open', kind: 'command', name: 'Messenger.open', status: 'emulated', source: 'x', tests: [{ file: BROWSER, title: 'opens' }] },
    { section: 'SDK', operation: 'Toaster.open', kind: 'command', name: 'Toaster.open', status: 'not emulated', source: 'x', refusedBy: [{ file: BROWSER, title: 'refuses' }] },
    { section: 'SDK', operation: 'Messenger.opened', kind: 'event', name: 'Messenger.opened', status: 'emulated', source: 'x', tests: [{ file: BROWSER, title: 'opens' }] },
  ],
  nodeResults: new Map([[SUITE, [{ title: 'echo answers with an id', ok: true, skipped: false }]]]),
  browser: new Map([[BROWSER, ['Messenger.open opens the window', 'refuses Toaster.open with "not emulated"']]]),
  runtime: { commands: new Set(['Messenger.open']), events: new Set(['Messenger.opened']) },
  contract,
});
const problemsOf = (facts) => check(facts).problems;

it('a consistent table has no problem, and each row carries the tests that prove it', () => {
  const facts = base();
  const { problems, proofs } = check(facts);
  assert.deepEqual(problems, []);
  assert.deepEqual(proofs.get(facts.rows[0]), [{ file: SUITE, title: 'echo answers with an id' }]);
});

it('fails when an emulated row names a test that is missing, failed or skipped', () => {
  let facts = base();
  facts.nodeResults = new Map([[SUITE, []]]);
  assert.match(problemsOf(facts).join('\n'), /no test in test\/server\/made-up\.test\.mjs has "echo answers"/);
  facts = base();
  facts.nodeResults = new Map([[SUITE, [{ title: 'echo answers with an id', ok: false, skipped: false }]]]);
  assert.match(problemsOf(facts).join('\n'), /"echo answers with an id" \(test\/server\/made-up\.test\.mjs\) failed/);
  facts = base();
  facts.nodeResults = new Map([[SUITE, [{ title: 'echo answers with an id', ok: true, skipped: true }]]]);
  assert.match(problemsOf(facts).join('\n'), /was skipped/);
  facts = base();
  facts.browser = new Map([[BROWSER, ['refuses Toaster.open with "not emulated"']]]);
  assert.match(problemsOf(facts).join('\n'), /Messenger\.open: no test in test\/emulator\/made-up\.test\.ts has "opens"/);
  facts = base();
  delete facts.rows[0].tests;
  assert.match(problemsOf(facts).join('\n'), /marked emulated but names no test/);
});

it('fails when a passing test names an operation the table calls not emulated', () => {
  const facts = base();
  facts.nodeResults.get(SUITE).push({ title: 'getAttachment answers a PresignedUrlResponse', ok: true, skipped: false });
  assert.match(problemsOf(facts).join('\n'), /getAttachment: marked not emulated, but the passing test "getAttachment answers/);
  const browser = base();
  browser.browser.get(BROWSER).push('Toaster.open shows the toaster');
  assert.match(problemsOf(browser).join('\n'), /Toaster\.open: marked not emulated, but the test "Toaster\.open shows the toaster"/);
});

it('fails when the runtime or the service and the table disagree', () => {
  let facts = base();
  facts.runtime.commands.add('Toaster.open');
  assert.match(problemsOf(facts).join('\n'), /Toaster\.open: marked not emulated, but the runtime has the command Toaster\.open/);
  facts = base();
  facts.runtime.commands.delete('Messenger.open');
  assert.match(problemsOf(facts).join('\n'), /marked emulated, but the runtime has no command Messenger\.open/);
  facts = base();
  facts.runtime.events.add('Messenger.cleared');
  assert.match(problemsOf(facts).join('\n'), /The runtime's event Messenger\.cleared has no emulated or partial row/);
  facts = base();
  facts.contract = { ...contract, actions: ['echo', 'getAttachment'] };
  assert.match(problemsOf(facts).join('\n'), /getAttachment: marked not emulated, but the service has the action getAttachment/);
  facts = base();
  facts.contract = { ...contract, frameClasses: ['StructuredMessage', 'JwtResponse'] };
  assert.match(problemsOf(facts).join('\n'), /frame class JwtResponse \(FRAME_CLASSES\) has no emulated row/);
});

it('the real rows cover the whole contract the service speaks by', () => {
  for (const action of CONTRACT.actions) assert.ok(ROWS.some((r) => r.action === action && r.status !== 'not emulated'), action);
  for (const frameClass of CONTRACT.frameClasses) assert.ok(ROWS.some((r) => r.frameClass === frameClass && r.status !== 'not emulated'), frameClass);
});
