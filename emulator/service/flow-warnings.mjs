// @ts-check
/**
 * What a valid flow may still get wrong, said when it is saved (and shown with it): a variable
 * read that no action ever sets (always empty; often a name typed in another case, and
 * Architect's names are case-sensitive) and actions after Transfer to ACD or Disconnect (they
 * never run). Architect's own editor flags such things as it validates a flow; these are the
 * emulator's words (inferred), warnings, not refusals: the flow is saved as it is.
 */

/** `{{ … }}` in a template. */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** The variable a path starts with: `State.varJourney.geolocation.countryName` → `State.varJourney`. */
const root = (/** @type {string} */ path) => path.trim().split('.').slice(0, 2).join('.');

/**
 * @param {import('./flows.mjs').FlowAction[]} actions a flow that passed validateFlow
 * @returns {string[]}
 */
export function flowWarnings(actions) {
  /** @type {Set<string>} */
  const written = new Set();
  /** @type {Map<string, string>} variable → where it is first read */
  const read = new Map();
  /** @type {string[]} */
  const warnings = [];
  const reads = (/** @type {string} */ path, /** @type {string} */ where) => {
    const name = root(path);
    if (!read.has(name)) read.set(name, where);
  };
  const walk = (/** @type {import('./flows.mjs').FlowAction[]} */ list, /** @type {string} */ path) => {
    list.forEach((action, i) => {
      const at = `${path}[${i}]`;
      switch (action.type) {
        case 'getParticipantData':
        case 'getJourneySession':
          written.add(action.variable);
          break;
        case 'decision':
          reads(action.variable, `${at}.variable`);
          walk(action.then, `${at}.then`);
          walk(action.else, `${at}.else`);
          break;
        case 'sendResponse':
        case 'setParticipantData': {
          const template = action.type === 'sendResponse' ? action.text : action.value;
          for (const [, inner = ''] of template.matchAll(PLACEHOLDER)) reads(inner, `${at}.${action.type === 'sendResponse' ? 'text' : 'value'}`);
          break;
        }
        case 'transferToAcd':
        case 'disconnect':
          if (i < list.length - 1) {
            const what = action.type === 'disconnect' ? 'Disconnect' : 'Transfer to ACD';
            warnings.push(`${path}[${i + 1}] and after come after ${what} (${at}): they never run.`);
          }
          break;
      }
    });
  };
  walk(actions, 'actions');
  for (const [name, where] of read) {
    if (written.has(name)) continue;
    const near = [...written].find((w) => w.toLowerCase() === name.toLowerCase());
    warnings.push(
      `${name} (${where}) is read, but no action sets it, so it is always empty.` +
        (near ? ` Did you mean ${near}? Names are case-sensitive.` : ' Set it with Get Participant Data or Get Journey Session first.'),
    );
  }
  return warnings;
}
