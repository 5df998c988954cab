// The Agent Script beside the selected conversation, as Genesys Cloud shows it to the agent:
// the script's text with its input variables filled from the interaction (GET
// /api/conversations/<id>/script), the input variables with where each value came from (an
// empty one says "(empty)", never hidden), and the output variables as fields the agent fills
// in; Save writes them to the conversation's participant data (POST
// /api/conversations/<id>/participant-data). The script is asked again when the conversation's
// participant data or its visitor's Predictive Engagement session changes (the stream says so).
import { $, el } from './dom.js';
import { agentRequest } from './connection.js';

/** The conversation whose script is shown, and what its script was filled from. */
let shownId = null;
let signature = '';
/** Answers to older requests are dropped (the agent may switch conversations meanwhile). */
let asked = 0;
let timer;
/** The output variables' values as last loaded, by name (to send only what the agent changed). */
let loaded = new Map();
/** What to tell the view after a save: `(conversationId, {name: value})`. */
let onSaved = () => {};
let wired = false;

const SOURCES = {
  'participant data': 'participant data',
  journey: 'the Predictive Engagement session',
  none: 'nowhere: no participant data or session value has this name',
};
const EMPTY = '(empty)';
const isEmpty = (value) => value === undefined || value === null || value === '';

/** What the script is filled from: the participant data and the visitor's GPE session. */
function signatureOf(conversation, session) {
  return JSON.stringify([
    conversation.customAttributes,
    conversation.participantData,
    conversation.journeySessionId,
    session ? [session.id, session.attributes, session.traits, session.geolocation, session.lastPage?.url] : null,
  ]);
}

/**
 * The script's text with its inputs in: built from the template and the variables so that an
 * empty input reads "(empty)" (in italics as well), not a gap; else the server's filled text.
 */
function renderText(script) {
  const box = $('script-text');
  if (typeof script.template !== 'string' || !Array.isArray(script.variables)) {
    box.textContent = typeof script.text === 'string' ? script.text : '';
    return;
  }
  const values = new Map(script.variables.map((v) => [v.name, v.value]));
  const parts = [];
  let last = 0;
  for (const match of script.template.matchAll(/\{\{([^{}]*)\}\}/g)) {
    parts.push(script.template.slice(last, match.index));
    const value = values.get(match[1].trim());
    parts.push(isEmpty(value) ? el('span', EMPTY, 'var empty') : el('span', String(value), 'var'));
    last = match.index + match[0].length;
  }
  parts.push(script.template.slice(last));
  box.replaceChildren(...parts);
}

function renderInputs(variables) {
  const rows = Array.isArray(variables) ? variables : [];
  $('script-inputs').hidden = rows.length === 0;
  $('no-script-inputs').hidden = rows.length > 0;
  $('script-inputs').tBodies[0].replaceChildren(
    ...rows.map((variable) => {
      const row = el('tr');
      row.dataset.name = variable.name;
      const value = el('td', isEmpty(variable.value) ? EMPTY : String(variable.value), isEmpty(variable.value) ? 'empty' : undefined);
      row.append(el('td', variable.name), value, el('td', SOURCES[variable.source] ?? String(variable.source ?? 'unknown'), 'source'));
      return row;
    }),
  );
}

/** The output fields: built anew when the names change; a field the agent is typing in is left alone. */
function renderOutputs(outputs) {
  const list = (Array.isArray(outputs) ? outputs : []).map((o) => (typeof o === 'string' ? { name: o, value: '' } : o));
  const box = $('script-output-fields');
  const names = list.map((o) => o.name);
  const same = JSON.stringify(names) === JSON.stringify([...box.querySelectorAll('input')].map((i) => i.dataset.name));
  const previous = loaded;
  loaded = new Map(list.map((o) => [o.name, isEmpty(o.value) ? '' : String(o.value)]));
  $('script-outputs-form').hidden = list.length === 0;
  if (same) {
    for (const input of box.querySelectorAll('input')) {
      // Typed over (differs from what was loaded): kept as the agent typed it.
      if (input.value === previous.get(input.dataset.name)) input.value = loaded.get(input.dataset.name);
    }
    return;
  }
  box.replaceChildren(
    ...list.map((o, index) => {
      const id = `script-output-${index}`;
      const label = el('label', o.name);
      label.htmlFor = id;
      const input = el('input');
      input.id = id;
      input.dataset.name = o.name;
      input.autocomplete = 'off';
      input.value = loaded.get(o.name);
      const field = el('div', undefined, 'field');
      field.append(label, input);
      return field;
    }),
  );
}

async function load(id) {
  const mine = ++asked;
  let answer;
  try {
    answer = await agentRequest('GET', `/api/conversations/${encodeURIComponent(id)}/script`);
  } catch {
    answer = { ok: false, body: { error: 'the emulator cannot be reached' } };
  }
  if (mine !== asked || id !== shownId) return;
  $('script-status').textContent = '';
  $('script-body').hidden = !answer.ok;
  if (!answer.ok) {
    $('script-error').textContent = `The script cannot be shown: ${answer.body.error ?? `the server answered ${answer.status}`}.`;
    return;
  }
  $('script-error').textContent = '';
  const script = answer.body;
  renderText(script);
  renderInputs(script.variables);
  renderOutputs(script.outputs);
}

async function save(event) {
  event.preventDefault();
  const id = shownId;
  const status = $('script-save-status');
  const error = $('script-save-error');
  error.textContent = '';
  const changed = {};
  for (const input of $('script-output-fields').querySelectorAll('input')) {
    if (input.value !== loaded.get(input.dataset.name)) changed[input.dataset.name] = input.value;
  }
  if (!Object.keys(changed).length) {
    status.textContent = 'Nothing to save: no output variable was changed.';
    return;
  }
  status.textContent = 'Saving…';
  try {
    const { ok, status: code, body } = await agentRequest('POST', `/api/conversations/${encodeURIComponent(id)}/participant-data`, changed);
    if (!ok) {
      status.textContent = '';
      error.textContent = `Not saved: ${body.error ?? `the server answered ${code}`}. Nothing was changed.`;
      return;
    }
    status.textContent = `Saved to participant data: ${Object.entries(changed).map(([k, v]) => `${k} = ${v || EMPTY}`).join(', ')}.`;
    for (const [name, value] of Object.entries(changed)) loaded.set(name, value);
    if (id === shownId) onSaved(id, changed, body);
  } catch {
    status.textContent = '';
    error.textContent = 'Not saved: the emulator cannot be reached. Nothing was changed.';
  }
}

/**
 * The Agent Script of the conversation in view (hidden with none). Asks for it when the
 * conversation changes, and again (soon, once) when what fills it changes.
 * @param {{ conversation: any, session: any, saved: (id: string, values: Record<string, string>, answer: any) => void }} options
 */
export function renderScript({ conversation, session, saved }) {
  if (!wired) {
    wired = true;
    $('script-outputs-form').addEventListener('submit', save);
  }
  onSaved = saved;
  const panel = $('script-panel');
  panel.hidden = !conversation;
  if (!conversation) {
    shownId = null;
    return;
  }
  const now = signatureOf(conversation, session);
  if (conversation.id !== shownId) {
    shownId = conversation.id;
    signature = now;
    clearTimeout(timer);
    loaded = new Map();
    $('script-output-fields').replaceChildren();
    $('script-save-status').textContent = '';
    $('script-save-error').textContent = '';
    $('script-status').textContent = 'Loading the script…';
    load(conversation.id);
    return;
  }
  if (now === signature) return;
  signature = now;
  clearTimeout(timer);
  timer = setTimeout(() => load(conversation.id), 150);
}
