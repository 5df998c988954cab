// The deployment's inbound message flow (Architect) in the agent view: the flow in plain
// words (one line an action, a decision's branches nested under it) and, beside the
// conversation, what the flow did: each action it ran, in order, with what it read, what it
// got and what it sent, and how it ended (ran to its end, transferred to a queue,
// disconnected, failed). Everything from the server is shown with textContent only.
import { $, el, time } from './dom.js';

/** The actions' names in Architect's words. */
export const ACTION_NAMES = {
  getParticipantData: 'Get Participant Data',
  getJourneySession: 'Get Journey Session',
  decision: 'Decision',
  sendResponse: 'Send Response',
  setParticipantData: 'Set Participant Data',
  transferToAcd: 'Transfer to ACD',
  disconnect: 'Disconnect',
};
/** The trace's own steps (not actions): the start, the end, an error, steps not kept. */
const STEP_NAMES = { ...ACTION_NAMES, start: 'Start', end: 'End', error: 'Error', trace: 'Not kept' };

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
const ordinal = (index) => ORDINALS[index] ?? `${index + 1}th`;

/**
 * A place in the flow in words: `actions[3].else[0].text` → `the fourth action, its "else"
 * branch's first action, its "text"` (the server names places so; a student reads them so).
 */
export function pathWords(path) {
  if (typeof path !== 'string' || !path) return '';
  const parts = [];
  for (const [, name, index] of path.matchAll(/([A-Za-z_]+)(?:\[(\d+)\])?/g)) {
    if (index !== undefined) parts.push(name === 'actions' ? `the ${ordinal(Number(index))} action` : `its "${name}" branch's ${ordinal(Number(index))} action`);
    else parts.push(name === 'actions' && !parts.length ? 'the list of actions' : `its "${name}"`);
  }
  return parts.join(', ');
}

const quoted = (value) => `“${value ?? ''}”`;

/** One action as one line of plain words (a decision's branches are listed under it). */
export function actionLine(action) {
  if (!action || typeof action !== 'object') return 'Not an action (each action is an object with a "type").';
  switch (action.type) {
    case 'getParticipantData':
      return `Get Participant Data: read ${quoted(action.attribute)} into ${action.variable ?? '(no variable)'}`;
    case 'getJourneySession':
      return `Get Journey Session: put the visitor's Predictive Engagement session into ${action.variable ?? '(no variable)'}`;
    case 'decision':
      return action.test === 'equals'
        ? `Decision: does ${action.variable ?? '(no variable)'} equal ${quoted(action.value)}?`
        : `Decision: is ${action.variable ?? '(no variable)'} empty?`;
    case 'sendResponse':
      return `Send Response: the bot says ${quoted(action.text)}`;
    case 'setParticipantData':
      return `Set Participant Data: ${action.attribute ?? '(no attribute)'} = ${quoted(action.value)}`;
    case 'transferToAcd':
      return `Transfer to ACD: queue ${quoted(action.queue)} (the flow ends)`;
    case 'disconnect':
      return 'Disconnect: end the conversation (the flow ends)';
    default:
      return `Unknown action ${quoted(action.type)}`;
  }
}

/** A branch of a decision: "Yes" or "No", and its actions (or "nothing"). */
function branch(label, actions) {
  const item = el('li', undefined, 'branch');
  const list = Array.isArray(actions) ? actions : [];
  item.append(el('span', `${label}:${list.length ? '' : ' nothing'}`, 'branch-label'));
  if (list.length) item.append(summaryList(list));
  return item;
}

/**
 * The flow in plain words: an `<ol>` of the actions, a decision's "Yes" and "No" nested.
 * @param {any[]} actions @param {HTMLOListElement} [list] filled in place when given
 */
export function summaryList(actions, list = el('ol')) {
  list.replaceChildren(
    ...(Array.isArray(actions) ? actions : []).map((action) => {
      const item = el('li');
      item.dataset.type = action?.type ?? '';
      item.append(el('span', actionLine(action), 'line'));
      if (action?.type === 'decision') {
        const branches = el('ul', undefined, 'branches');
        branches.append(branch('Yes', action.then), branch('No', action.else));
        item.append(branches);
      }
      return item;
    }),
  );
  if (!list.children.length) list.append(el('li', 'No action: the flow does nothing, and no bot answers.'));
  return list;
}

/** What one step read, got and sent, in the service's words (a detail that is not text, as JSON). */
function detailWords(detail) {
  if (detail === undefined || detail === null) return '';
  return typeof detail === 'string' ? detail : JSON.stringify(detail);
}

/** How the flow ended: a word in bold, then the rest (never colour alone: the words say it). */
function stateWords(flow) {
  switch (flow.state) {
    case 'transferred':
      return ['Transferred', ` to the queue ${quoted(flow.queue)}: the conversation waits there for an agent.`];
    case 'disconnected':
      return ['Disconnected', ': the flow ended the conversation.'];
    case 'failed':
      return ['Failed', ': the flow stopped with an error (its last step says which); the conversation goes on.'];
    case 'ran':
      return ['Ran to its end', ': no transfer and no disconnect, so nobody is routed to the conversation (an agent can still answer it here).'];
    default:
      return ['State', `: ${flow.state ?? 'unknown'}.`];
  }
}

/** Why a conversation shows no trace. */
function notRunWords(conversation) {
  const guestSpoke = conversation.messages.some((m) => m.direction === 'Inbound' && m.type !== 'Event');
  if (!guestSpoke) return 'The flow has not run yet: the flow runs at the first guest message.';
  return 'No flow ran for this conversation: the flow runs at the first guest message, and this one started before a flow was there to run (or its trace is no longer kept).';
}

/**
 * What the flow did for `conversation` (or the panel hidden, with none).
 * @param {any} conversation
 */
export function renderFlowTrace(conversation) {
  const panel = $('flow-panel');
  panel.hidden = !conversation;
  if (!conversation) return;
  const flow = conversation.flow;
  const state = $('flow-state');
  state.className = `flow-state ${flow?.state ?? 'not-run'}`;
  const trace = Array.isArray(flow?.trace) ? flow.trace : [];
  if (!flow) {
    state.textContent = notRunWords(conversation);
  } else {
    const [lead, rest] = stateWords(flow);
    state.replaceChildren(el('strong', lead), rest);
  }
  $('flow-trace').hidden = trace.length === 0;
  $('flow-trace').replaceChildren(
    ...trace.map((step) => {
      const item = el('li', undefined, 'step');
      item.dataset.type = step.type ?? '';
      item.append(el('span', STEP_NAMES[step.type] ?? step.type ?? 'Step', 'step-name'));
      if (step.time) item.append(time(step.time));
      const words = detailWords(step.detail);
      if (words) item.append(el('span', words, 'step-detail'));
      if (step.path) {
        const where = el('span', 'in the flow: ', 'step-path');
        where.append(el('code', step.path), ` (${pathWords(step.path)})`);
        item.append(where);
      }
      return item;
    }),
  );
}
