// @ts-check
/**
 * The Agent Script, as far as the lab needs it: per deployment, a text the agent reads beside the
 * conversation, with input variables `{{name}}` and a list of output variables. An input named like
 * a participant attribute is filled from it when the script loads; an output is written back to the
 * conversation as participant data (help.mypurecloud.com "Script input and output variables";
 * docs/messenger-sdk.md#the-agent-script). Names are bare (no `context.` prefix: inferred for web
 * messaging). The emulator's own addition: inputs named `journey…` are filled from the
 * conversation's Predictive Engagement session (JOURNEY_INPUTS), standing in for a script that
 * calls the Journey API through a data action.
 */
import { Overrides } from './overrides.mjs';

/** An input or output variable's name. */
export const SCRIPT_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** `{{ … }}` in a template. */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** @typedef {{ template: string, outputs: string[] }} AgentScript */
/** @typedef {{ maxScriptTemplate: number, maxScriptInputs: number, maxScriptOutputs: number }} ScriptLimits */

/** @param {unknown} value @returns {value is Record<string, any>} */
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The lab's script: what the flow's first message carried, and what the journey knows. */
export const DEFAULT_SCRIPT = Object.freeze({
  template: 'Greet the customer. Data from the conversation: keyString = {{keyString}}, keyInt = {{keyInt}}. From the journey: {{journeyCountry}}, identified as {{journeyEmail}}.',
  outputs: Object.freeze(['agentNote']),
});

/**
 * Inputs filled from the GPE session (the Journey API's Session shape, journeys.mjs
 * sessionShape): the emulator's own names.
 * @type {Readonly<Record<string, (session: Record<string, any>) => unknown>>}
 */
export const JOURNEY_INPUTS = Object.freeze({
  journeyCountry: (s) => s.geolocation?.countryName,
  journeyCity: (s) => s.geolocation?.locality,
  journeyEmail: (s) => s.traits?.email?.value,
  journeyGivenName: (s) => s.traits?.givenName?.value,
  journeyFamilyName: (s) => s.traits?.familyName?.value,
  journeyBrowser: (s) => s.browser?.family,
  journeySessionId: (s) => s.id,
});

/**
 * The input variables a template names, in order of first use.
 * @param {string} template
 */
export function inputsOf(template) {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map(([, inner = '']) => inner.trim()))];
}

/**
 * A script as sent (`{template, outputs}`), checked whole: the script, or the first problem
 * and where it is (`template`, `outputs[1]`).
 * @param {unknown} body
 * @param {ScriptLimits} limits
 * @returns {{ script: AgentScript } | { error: string, path: string }}
 */
export function validateScript(body, limits) {
  if (!isObject(body)) return { error: 'Send the script as a JSON object: {"template": "...", "outputs": [...]}.', path: '' };
  const extra = Object.keys(body).find((k) => k !== 'template' && k !== 'outputs');
  if (extra !== undefined) return { error: `Unknown field ${JSON.stringify(extra.slice(0, 64))}: a script is {"template", "outputs"}.`, path: extra.slice(0, 64) };
  const { template, outputs } = body;
  if (typeof template !== 'string') return { error: 'template must be text.', path: 'template' };
  if (template.length > limits.maxScriptTemplate) return { error: `template is at most ${limits.maxScriptTemplate} characters.`, path: 'template' };
  for (const [, inner = ''] of template.matchAll(PLACEHOLDER)) {
    if (!SCRIPT_NAME.test(inner.trim())) return { error: `template names ${JSON.stringify(`{{${inner}}}`.slice(0, 80))}, which is not a variable name (a letter or _, then letters, digits or _; at most 64; no dots).`, path: 'template' };
  }
  if (inputsOf(template).length > limits.maxScriptInputs) return { error: `template names at most ${limits.maxScriptInputs} input variables.`, path: 'template' };
  if (!Array.isArray(outputs)) return { error: 'outputs must be a list of variable names.', path: 'outputs' };
  if (outputs.length > limits.maxScriptOutputs) return { error: `outputs holds at most ${limits.maxScriptOutputs} names.`, path: 'outputs' };
  for (let i = 0; i < outputs.length; i++) {
    const name = outputs[i];
    if (typeof name !== 'string' || !SCRIPT_NAME.test(name)) return { error: 'An output is a variable name (a letter or _, then letters, digits or _; at most 64).', path: `outputs[${i}]` };
    if (outputs.indexOf(name) !== i) return { error: `${name} is listed twice.`, path: `outputs[${i}]` };
  }
  return { script: { template, outputs: [...outputs] } };
}

/**
 * The script as the agent sees it for one conversation: every input filled (or empty,
 * `source: 'none'`, shown rather than hidden), the text with the values in, and the outputs'
 * current values.
 * @param {AgentScript} script
 * @param {(name: string) => string | undefined} participantData the conversation's, by exact name
 * @param {Record<string, any> | undefined} journey the linked GPE session (Session shape)
 */
export function fillScript(script, participantData, journey) {
  const variables = inputsOf(script.template).map((name) => {
    const data = participantData(name);
    if (data !== undefined) return { name, value: data, source: /** @type {const} */ ('participant data') };
    const read = Object.hasOwn(JOURNEY_INPUTS, name) && journey ? JOURNEY_INPUTS[name]?.(journey) : undefined;
    if (read !== undefined && read !== null && read !== '') return { name, value: String(read), source: /** @type {const} */ ('journey') };
    return { name, value: '', source: /** @type {const} */ ('none') };
  });
  const values = new Map(variables.map((v) => [v.name, v.value]));
  return {
    template: script.template,
    text: script.template.replace(PLACEHOLDER, (_, inner) => values.get(String(inner).trim()) ?? ''),
    variables,
    outputs: script.outputs.map((name) => ({ name, value: participantData(name) ?? '' })),
  };
}

/**
 * Output values the agent writes back (`{name: value}`), checked whole: only the script's
 * declared outputs, text of at most `maxValue` characters.
 * @param {unknown} body
 * @param {AgentScript} script
 * @param {number} maxValue
 * @returns {{ values: Array<[string, string]> } | { error: string, path: string }}
 */
export function validateOutputs(body, script, maxValue) {
  if (!isObject(body)) return { error: 'Send the values as a JSON object: {"name": "value", ...}.', path: '' };
  const entries = Object.entries(body);
  if (!entries.length) return { error: 'Send at least one output value.', path: '' };
  for (const [name, value] of entries) {
    const path = name.slice(0, 64);
    if (!script.outputs.includes(name)) {
      return { error: `${JSON.stringify(path)} is not an output of this deployment's script: its outputs are ${script.outputs.join(', ') || '(none)'}.`, path };
    }
    if (typeof value !== 'string') return { error: 'A participant data value is text.', path };
    if (value.length > maxValue) return { error: `A value is at most ${maxValue} characters.`, path };
  }
  return { values: /** @type {Array<[string, string]>} */ (entries) };
}

/** Each deployment's Agent Script: its own when set, else the lab's. */
export class Scripts {
  /** @param {ScriptLimits & { maxCustomScripts: number }} limits */
  constructor(limits) {
    this.limits = limits;
    /** @type {Overrides<AgentScript>} the deployments' own scripts */
    this.custom = new Overrides(limits.maxCustomScripts, 'scripts');
  }

  /** @param {string} deploymentId @returns {AgentScript & { isDefault: boolean }} */
  of(deploymentId) {
    const own = this.custom.own(deploymentId);
    const script = own ?? DEFAULT_SCRIPT;
    return { template: script.template, outputs: [...script.outputs], isDefault: !own };
  }

  /**
   * Replaces a deployment's script from a request body, checked whole first.
   * @param {string} deploymentId
   * @param {unknown} body
   * @returns {{ status: number, body: Record<string, unknown> }}
   */
  set(deploymentId, body) {
    const checked = validateScript(body, this.limits);
    if ('error' in checked) return { status: 400, body: checked };
    const full = this.custom.keep(deploymentId, checked.script);
    if (full) return full;
    return { status: 200, body: this.of(deploymentId) };
  }

  /** Back to the lab's script. @param {string} deploymentId */
  reset(deploymentId) {
    this.custom.forget(deploymentId);
    return this.of(deploymentId);
  }
}
