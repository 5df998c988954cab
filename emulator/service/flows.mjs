// @ts-check
/**
 * Architect, as far as the lab needs it: each deployment's inbound message flow, a list of actions
 * run once per conversation, when its first guest message arrives
 * (docs/messenger-sdk.md#the-inbound-message-flow; help.mypurecloud.com "Get Participant Data
 * action", "Set Participant Data action", "Get Journey Session action", "Transfer to ACD action",
 * "Disconnect action"). This file holds the flows (checked where they enter, the lab's default, one
 * per deployment) and the runner; what a flow acts on (the conversation, the guest, the GPE
 * session) is the service's (flow-api.mjs gives it a FlowHost).
 *
 * A flow is a TREE: a decision holds its two branches as nested lists. There is no "go to"
 * and no loop (Architect has Loop and Jump to Reusable Task; they are not emulated), so every
 * action runs at most once and a flow always ends.
 */
import { flowWarnings } from './flow-warnings.mjs';
import { Overrides } from './overrides.mjs';

/** A variable: `Flow.<name>` or `State.<name>`. */
export const VARIABLE = /^(Flow|State)\.[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** A variable or a dotted path into it (`State.varJourney.geolocation.countryName`). */
const VARIABLE_PATH = /^(Flow|State)\.[A-Za-z_][A-Za-z0-9_]{0,63}(\.[A-Za-z0-9_]{1,64}){0,8}$/;
/** `{{ … }}` in a template. */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/**
 * @typedef {{ type: 'getParticipantData', attribute: string, variable: string }
 *   | { type: 'getJourneySession', variable: string }
 *   | { type: 'decision', variable: string, test: 'isEmpty' | 'equals', value?: string, then: FlowAction[], else: FlowAction[] }
 *   | { type: 'sendResponse', text: string }
 *   | { type: 'setParticipantData', attribute: string, value: string }
 *   | { type: 'transferToAcd', queue: string }
 *   | { type: 'disconnect' }} FlowAction
 */

/**
 * @typedef {object} FlowRecord what a conversation's flow did (the agent view shows it)
 * @property {Array<{ time: string, type: string, path?: string, detail: string }>} trace
 * @property {'ran' | 'transferred' | 'disconnected' | 'failed'} state
 * @property {string} [queue] where it transferred the conversation
 */

/**
 * What a flow acts on, for one conversation (flow-api.mjs).
 * @typedef {object} FlowHost
 * @property {() => number} now
 * @property {() => boolean} takeParticipantDataRead false past the session's 50 reads
 * @property {(name: string) => string | undefined} participantData the conversation's, by exact name
 * @property {() => { value?: Record<string, unknown>, why: string }} journeySession the linked GPE session (the Journey API's shape), or why none
 * @property {(text: string) => string | undefined} send as the bot; the reason when it could not
 * @property {(name: string, value: string) => void} setParticipantData
 * @property {(queue: string) => void} transfer
 * @property {() => string | undefined} disconnect the reason when it could not
 * @property {() => boolean} active the conversation is still there and active
 * @property {(error: unknown) => void} report an unexpected error (logged once, counted)
 */

/** @param {unknown} value @returns {value is Record<string, any>} */
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The fields of each action: what each holds. `?` marks an optional one. */
const SHAPES = /** @type {Record<string, Record<string, string>>} */ ({
  getParticipantData: { attribute: 'name', variable: 'variable' },
  getJourneySession: { variable: 'variable' },
  decision: { variable: 'path', test: 'test', value: 'text?', then: 'actions', else: 'actions' },
  sendResponse: { text: 'template' },
  setParticipantData: { attribute: 'name', value: 'template' },
  transferToAcd: { queue: 'name' },
  disconnect: {},
});

/** The lab's lesson: what the first message carried, and what GPE knew from the first page view. */
export const DEFAULT_FLOW = deepFreeze(/** @type {FlowAction[]} */ ([
  { type: 'getParticipantData', attribute: 'keyString', variable: 'Flow.keyString' },
  { type: 'getParticipantData', attribute: 'keyInt', variable: 'Flow.keyInt' },
  { type: 'getJourneySession', variable: 'State.varJourney' },
  {
    type: 'decision', variable: 'Flow.keyString', test: 'isEmpty',
    then: [{ type: 'sendResponse', text: 'Hello! Your first message carried no custom attributes, so I have nothing to go on. (The agent sees anything set later, but I have already answered.)' }],
    else: [{ type: 'sendResponse', text: 'Hello, I can see keyString = {{Flow.keyString}} and keyInt = {{Flow.keyInt}}.' }],
  },
  {
    type: 'decision', variable: 'State.varJourney', test: 'isEmpty',
    then: [{ type: 'sendResponse', text: 'I have no Predictive Engagement session for you.' }],
    else: [{ type: 'sendResponse', text: 'You are browsing from {{State.varJourney.geolocation.locality}}, {{State.varJourney.geolocation.countryName}} (from your journey, there from your first page view).' }],
  },
  { type: 'transferToAcd', queue: 'Lab queue' },
]));

/** @template T @param {T} value @returns {T} */
function deepFreeze(value) {
  if (value && typeof value === 'object') for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

/**
 * @typedef {{ maxFlowActions: number, maxFlowDepth: number, maxFlowString: number }} FlowLimits
 */

/**
 * A flow as sent (`{actions}`), checked whole: the actions (a copy, with only their own
 * fields), or the first problem and where it is (`actions[2].then[0].text`). A variable read
 * before anything sets it is allowed (Architect allows it; it is empty then).
 * @param {unknown} body
 * @param {FlowLimits} limits
 * @returns {{ actions: FlowAction[] } | { error: string, path: string }}
 */
export function validateFlow(body, limits) {
  if (!isObject(body)) return { error: 'Send the flow as a JSON object: {"actions": [...]}.', path: '' };
  const extra = Object.keys(body).find((k) => k !== 'actions');
  if (extra !== undefined) return { error: `Unknown field ${JSON.stringify(extra.slice(0, 64))}: a flow is {"actions": [...]}.`, path: extra.slice(0, 64) };
  let count = 0;
  /**
   * @param {unknown} list
   * @param {string} path
   * @param {number} depth
   * @returns {{ actions: FlowAction[] } | { error: string, path: string }}
   */
  const walk = (list, path, depth) => {
    if (!Array.isArray(list)) return { error: `${path} must be a list of actions.`, path };
    /** @type {FlowAction[]} */
    const actions = [];
    for (let i = 0; i < list.length; i++) {
      const at = `${path}[${i}]`;
      count += 1;
      if (count > limits.maxFlowActions) return { error: `A flow holds at most ${limits.maxFlowActions} actions, all branches counted.`, path: at };
      const action = list[i];
      if (!isObject(action)) return { error: 'An action is an object with a "type".', path: at };
      const shape = typeof action.type === 'string' && Object.hasOwn(SHAPES, action.type) ? SHAPES[action.type] : undefined;
      if (!shape) return { error: `Unknown action type: the types are ${Object.keys(SHAPES).join(', ')}.`, path: `${at}.type` };
      // The flow's own decisions are level 1, a decision in one of their branches level 2…
      if (action.type === 'decision' && depth > limits.maxFlowDepth) return { error: `Decisions nest at most ${limits.maxFlowDepth} levels deep.`, path: at };
      const unknown = Object.keys(action).find((k) => k !== 'type' && !Object.hasOwn(shape, k));
      if (unknown !== undefined) return { error: `${action.type} has no field ${JSON.stringify(unknown.slice(0, 64))}: its fields are ${['type', ...Object.keys(shape)].join(', ')}.`, path: `${at}.${unknown.slice(0, 64)}` };
      /** @type {Record<string, unknown>} */
      const copy = { type: action.type };
      for (const [field, kind] of Object.entries(shape)) {
        const value = action[field];
        const where = `${at}.${field}`;
        if (value === undefined) {
          if (kind.endsWith('?') && !(field === 'value' && action.test === 'equals')) continue;
          return { error: `${action.type} needs "${field}".`, path: where };
        }
        if (kind === 'actions') {
          const branch = walk(value, where, depth + 1);
          if ('error' in branch) return branch;
          copy[field] = branch.actions;
          continue;
        }
        const problem = fieldProblem(kind, value, limits.maxFlowString);
        if (problem) return { error: `${action.type}.${field} ${problem}`, path: where };
        copy[field] = value;
      }
      if (action.type === 'decision' && action.test === 'isEmpty' && action.value !== undefined) {
        return { error: 'decision.value goes with the test "equals" only.', path: `${at}.value` };
      }
      actions.push(/** @type {FlowAction} */ (copy));
    }
    return { actions };
  };
  return walk(body.actions, 'actions', 1);
}

/**
 * Why `value` is not a field of `kind`, or undefined.
 * @param {string} kind
 * @param {unknown} value
 * @param {number} max characters
 */
function fieldProblem(kind, value, max) {
  if (typeof value !== 'string') return 'must be text.';
  if (value.length > max) return `is at most ${max} characters.`;
  switch (kind) {
    case 'variable':
      return VARIABLE.test(value) ? undefined : 'must be a variable: Flow.<name> or State.<name> (a letter or _, then letters, digits or _; at most 64).';
    case 'path':
      return VARIABLE_PATH.test(value) ? undefined : 'must be a variable (Flow.<name> or State.<name>), or a dotted path into one.';
    case 'test':
      return value === 'isEmpty' || value === 'equals' ? undefined : 'must be "isEmpty" or "equals".';
    case 'name':
      // eslint-disable-next-line no-control-regex
      return value.trim() && !/[\u0000-\u001f\u007f]/.test(value) ? undefined : 'must be text, not empty, without control characters.';
    case 'template':
      for (const [, inner = ''] of value.matchAll(PLACEHOLDER)) {
        if (!VARIABLE_PATH.test(inner.trim())) return `names ${JSON.stringify(`{{${inner}}}`.slice(0, 80))}, which is not a variable: write {{Flow.name}} or {{State.name.field}}.`;
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * A value as text: nothing is empty; an object (a GPE session) is its JSON (inferred).
 * @param {unknown} value
 */
export function asText(value) {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** @param {unknown} value @param {number} [max] */
const quote = (value, max = 120) => {
  const text = asText(value);
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
};

/**
 * Runs a flow for one conversation: every action in order, decisions down one branch,
 * until the end, a transfer or a disconnect. Never throws: an unexpected error ends the flow
 * as `failed`, with the reason in the trace.
 * @param {readonly FlowAction[]} actions
 * @param {FlowHost} host
 * @param {{ maxFlowTrace: number, maxFlowDetail: number, maxParticipantDataValue: number, flowParticipantDataReads: number }} limits
 * @param {string} firstText the guest's first message
 * @returns {FlowRecord}
 */
export function runFlow(actions, host, limits, firstText) {
  /** @type {FlowRecord} */
  const record = { trace: [], state: 'ran' };
  let untraced = 0;
  /** @param {string} type @param {string | undefined} path @param {string} detail */
  const note = (type, path, detail) => {
    if (record.trace.length >= limits.maxFlowTrace - 1) {
      untraced += 1;
      return;
    }
    const text = detail.length > limits.maxFlowDetail ? `${detail.slice(0, limits.maxFlowDetail - 1)}…` : detail;
    record.trace.push({ time: new Date(host.now()).toISOString(), type, ...(path !== undefined ? { path } : {}), detail: text });
  };
  /** @type {Map<string, unknown>} */
  const variables = new Map();
  /** @param {string} path a variable or a dotted path into one */
  const lookup = (path) => {
    const [scope = '', name = '', ...rest] = path.split('.');
    let value = variables.get(`${scope}.${name}`);
    for (const key of rest) {
      if ((isObject(value) || Array.isArray(value)) && Object.hasOwn(value, key)) value = /** @type {Record<string, unknown>} */ (value)[key];
      else return undefined;
    }
    return value;
  };
  /** @param {string} template */
  const render = (template) => template.replace(PLACEHOLDER, (_, inner) => asText(lookup(String(inner).trim())));

  /**
   * @param {readonly FlowAction[]} list
   * @param {string} path
   * @returns {boolean} false when the flow has ended
   */
  const run = (list, path) => {
    for (let i = 0; i < list.length; i++) {
      const action = /** @type {FlowAction} */ (list[i]);
      const at = `${path}[${i}]`;
      if (!host.active()) {
        note('end', at, 'The conversation is no longer active: the flow stops here.');
        return false;
      }
      switch (action.type) {
        case 'getParticipantData': {
          if (!host.takeParticipantDataRead()) {
            variables.set(action.variable, '');
            note(action.type, at, `Not read: Get Participant Data runs at most ${limits.flowParticipantDataReads} times per guest session (Genesys's limit for bot flows), and this session has used them all. ${action.variable} = "" (empty).`);
            break;
          }
          const value = host.participantData(action.attribute);
          variables.set(action.variable, value ?? '');
          note(action.type, at, value === undefined
            ? `Read participant data ${quote(action.attribute)}: the conversation has none by that name (names are case-sensitive). ${action.variable} = "" (empty).`
            : `Read participant data ${quote(action.attribute)}: ${action.variable} = ${quote(value)}.`);
          break;
        }
        case 'getJourneySession': {
          const { value, why } = host.journeySession();
          variables.set(action.variable, value ?? '');
          note(action.type, at, value
            ? `Read the Predictive Engagement session ${value.id} (${why}): ${action.variable} holds it; geolocation ${quote(asText(/** @type {any} */ (value).geolocation?.countryName))}, ${asText(value.eventCount)} event${value.eventCount === 1 ? '' : 's'}.`
            : `No Predictive Engagement session: ${why}. ${action.variable} = "" (empty).`);
          break;
        }
        case 'decision': {
          const value = lookup(action.variable);
          const text = asText(value);
          const yes = action.test === 'isEmpty' ? text === '' || (Array.isArray(value) && value.length === 0) : text === action.value;
          const question = action.test === 'isEmpty' ? 'is empty' : `equals ${quote(action.value)}`;
          note(action.type, at, `${action.variable} ${question}? ${yes ? 'Yes' : 'No'} (it is ${isObject(value) ? 'an object' : quote(text, 60)}): the ${yes ? '"then"' : '"else"'} branch.`);
          if (!run(yes ? action.then : action.else, `${at}.${yes ? 'then' : 'else'}`)) return false;
          break;
        }
        case 'sendResponse': {
          const text = render(action.text);
          const refused = host.send(text);
          note(action.type, at, refused ? `Not sent (${refused}): ${quote(text, 200)}.` : `Sent to the guest as the bot: ${quote(text, 300)}.`);
          break;
        }
        case 'setParticipantData': {
          let value = render(action.value);
          const cut = value.length > limits.maxParticipantDataValue;
          if (cut) value = value.slice(0, limits.maxParticipantDataValue);
          host.setParticipantData(action.attribute, value);
          note(action.type, at, `Set participant data ${quote(action.attribute)} = ${quote(value)}${cut ? ` (cut to ${limits.maxParticipantDataValue} characters)` : ''}.`);
          break;
        }
        case 'transferToAcd':
          host.transfer(action.queue);
          record.state = 'transferred';
          record.queue = action.queue;
          note(action.type, at, `Transferred to the queue ${quote(action.queue)}: the conversation waits there for an agent. The flow ends.`);
          return false;
        case 'disconnect': {
          const refused = host.disconnect();
          if (refused) {
            note(action.type, at, `Could not disconnect (${refused}). The flow ends.`);
          } else {
            record.state = 'disconnected';
            note(action.type, at, 'Disconnected the conversation, as the agent\'s "End conversation" does. The flow ends.');
          }
          return false;
        }
        default:
          throw new Error(`unknown action ${JSON.stringify(/** @type {any} */ (action).type)}`);
      }
    }
    return true;
  };

  try {
    note('start', undefined, `The inbound message flow runs at the conversation's first message: ${quote(firstText)}.`);
    if (run(actions, 'actions')) note('end', undefined, 'The flow ended without a transfer: nobody is routed to the conversation (an agent can still answer it here).');
  } catch (error) {
    record.state = 'failed';
    delete record.queue;
    note('error', undefined, `The flow failed unexpectedly (${error instanceof Error ? error.message : String(error)}); the conversation goes on.`);
    host.report(error);
  } finally {
    if (untraced) record.trace.push({ time: new Date(host.now()).toISOString(), type: 'trace', detail: `${untraced} more steps were not kept in the trace.` });
  }
  return record;
}

/** Each deployment's flow: its own when set, else the lab's default. */
export class Flows {
  /** @param {FlowLimits & { maxCustomFlows: number }} limits */
  constructor(limits) {
    this.limits = limits;
    /** @type {Overrides<FlowAction[]>} the deployments' own flows */
    this.custom = new Overrides(limits.maxCustomFlows, 'flows');
  }

  /** @param {string} deploymentId @returns {{ actions: FlowAction[], isDefault: boolean, warnings: string[] }} */
  of(deploymentId) {
    const own = this.custom.own(deploymentId);
    const actions = structuredClone(own ?? /** @type {FlowAction[]} */ (DEFAULT_FLOW));
    return { actions, isDefault: !own, warnings: flowWarnings(actions) };
  }

  /**
   * Replaces a deployment's flow from a request body, checked whole first (a bad one changes nothing).
   * @param {string} deploymentId
   * @param {unknown} body
   * @returns {{ status: number, body: Record<string, unknown> }}
   */
  set(deploymentId, body) {
    const checked = validateFlow(body, this.limits);
    if ('error' in checked) return { status: 400, body: checked };
    const full = this.custom.keep(deploymentId, checked.actions);
    if (full) return full;
    return { status: 200, body: { actions: structuredClone(checked.actions), isDefault: false, warnings: flowWarnings(checked.actions) } };
  }

  /** Back to the lab's default. @param {string} deploymentId */
  reset(deploymentId) {
    this.custom.forget(deploymentId);
    return this.of(deploymentId);
  }
}
