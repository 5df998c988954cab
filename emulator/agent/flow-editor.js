// The deployment's Architect flow and Agent Script, under its settings, as an admin edits them
// in Genesys Cloud: the flow as formatted JSON (a list of actions) with its summary in plain
// words, Save (PUT /api/deployments/<id>/flow), Restore the lab's flow (DELETE); the script's
// template and output variables (PUT/DELETE /api/deployments/<id>/script). A refused change
// says why and where (the path the server names), changes nothing, and keeps the text as typed.
import { $, el } from './dom.js';
import { pathWords, summaryList } from './flow.js';
import { agentRequest } from './connection.js';

/** What the editors are for now (the view reconnects; the forms are wired once). */
let current = { deploymentId: '', student: false };
let wired = false;

const base = () => `/api/deployments/${encodeURIComponent(current.deploymentId)}`;
const UNREACHABLE = 'the emulator cannot be reached';

/** The server's refusal in words, with the place it names (in a flow, said in words too). */
function refusal(answer, status, path) {
  const reason = typeof answer.error === 'string' && answer.error ? answer.error.replace(/\.$/, '') : `the server answered ${status}`;
  const at = typeof answer.path === 'string' && answer.path ? ` (at ${answer.path}${path.endsWith('/flow') ? `: ${pathWords(answer.path)}` : ''})` : '';
  return `${reason}${at}`;
}

function showFlow(answer) {
  const actions = Array.isArray(answer.actions) ? answer.actions : [];
  $('flow-json').value = JSON.stringify(actions, null, 2);
  summaryList(actions, $('flow-summary'));
  // Saved, but likely not what was meant: a variable nothing sets, actions that never run.
  const warnings = Array.isArray(answer.warnings) ? answer.warnings.filter((w) => typeof w === 'string') : [];
  $('flow-warnings').replaceChildren(...warnings.map((w) => el('p', `Warning: ${w}`, 'warning')));
  $('flow-origin').textContent = answer.isDefault === false
    ? 'This deployment runs a changed flow, not the lab\'s ("Restore the lab\'s flow" brings the lab\'s back).'
    : "This deployment runs the lab's flow.";
}

function showScript(answer) {
  $('script-template').value = typeof answer.template === 'string' ? answer.template : '';
  $('script-output-names').value = (Array.isArray(answer.outputs) ? answer.outputs : []).join('\n');
  $('script-origin').textContent = answer.isDefault === false ? 'This script was changed; it is not the lab\'s.' : answer.isDefault === true ? "This is the lab's script." : '';
}

/**
 * Sends one change and shows its outcome in `status` / `error`; resolves with the answer on
 * success (undefined when refused: the text stays as typed).
 */
async function send(method, path, body, { status, error, saved, restored }) {
  $(error).textContent = '';
  $(status).textContent = 'Saving…';
  try {
    const { ok, status: code, body: answer } = await agentRequest(method, path, body);
    if (!ok) {
      $(status).textContent = '';
      $(error).textContent = `Not saved: ${refusal(answer, code, path)}. Nothing was changed; your text is kept as you typed it.`;
      return undefined;
    }
    $(status).textContent = method === 'DELETE' ? restored : saved;
    return answer;
  } catch {
    $(status).textContent = '';
    $(error).textContent = `Not saved: ${UNREACHABLE}. Nothing was changed; your text is kept as you typed it.`;
    return undefined;
  }
}

const FLOW_OUT = { status: 'flow-status', error: 'flow-error', saved: 'Saved: new conversations run this flow at their first guest message.', restored: "The lab's flow is back." };
const SCRIPT_OUT = { status: 'script-template-status', error: 'script-template-error', saved: 'Saved: every conversation of this deployment shows this script.', restored: "The lab's script is back." };

/** After a DELETE: the answer when it carries what is in force now, else asked again. */
async function afterRestore(path, answer, show) {
  if (answer && Array.isArray(answer.actions ?? answer.outputs)) {
    show(answer);
    return;
  }
  const again = await agentRequest('GET', path).catch(() => undefined);
  if (again?.ok) show(again.body);
}

async function saveFlow() {
  const text = $('flow-json').value;
  let actions;
  try {
    actions = JSON.parse(text);
  } catch (problem) {
    $('flow-status').textContent = '';
    $('flow-error').textContent = `Not saved: the text is not JSON (${problem.message}). Nothing was changed; your text is kept as you typed it.`;
    $('flow-json').setAttribute('aria-invalid', 'true');
    return;
  }
  // The list of actions, or the whole answer of GET pasted back ({actions, isDefault}).
  if (actions && !Array.isArray(actions) && typeof actions === 'object' && 'actions' in actions) actions = actions.actions;
  const answer = await send('PUT', `${base()}/flow`, { actions }, FLOW_OUT);
  $('flow-json').setAttribute('aria-invalid', answer ? 'false' : 'true');
  if (answer) showFlow(answer);
}

async function saveScript() {
  const outputs = $('script-output-names').value.split('\n').map((line) => line.trim()).filter(Boolean);
  const answer = await send('PUT', `${base()}/script`, { template: $('script-template').value, outputs }, SCRIPT_OUT);
  if (answer) showScript(answer);
}

function wire() {
  if (wired) return;
  wired = true;
  $('flow-form').addEventListener('submit', (event) => {
    event.preventDefault();
    saveFlow();
  });
  $('flow-reset').addEventListener('click', async () => {
    const answer = await send('DELETE', `${base()}/flow`, undefined, FLOW_OUT);
    if (answer) await afterRestore(`${base()}/flow`, answer, showFlow);
  });
  $('script-form').addEventListener('submit', (event) => {
    event.preventDefault();
    saveScript();
  });
  $('script-reset').addEventListener('click', async () => {
    const answer = await send('DELETE', `${base()}/script`, undefined, SCRIPT_OUT);
    if (answer) await afterRestore(`${base()}/script`, answer, showScript);
  });
}

/** Loads one editor's content; false when the server does not have it. */
async function load(path, show) {
  try {
    const { ok, body } = await agentRequest('GET', path);
    if (ok) show(body);
    return ok;
  } catch {
    return false;
  }
}

/**
 * Shows the flow and the script of `deploymentId` (again after a reconnect, for the key it has
 * now), for the instructor's key or a student's (`student`).
 * @param {{ deploymentId: string, student: boolean }} options
 */
export async function showFlowEditor(options) {
  const same = options.deploymentId === current.deploymentId && options.student === current.student;
  current = options;
  wire();
  if (same) return;
  const section = $('flow-settings');
  // As in Genesys Cloud, whoever designs the deployment's flow and script changes them: the
  // instructor's key any deployment's, a student's key its own (the server checks the scope).
  $('flow-settings-note').textContent = `${current.student ? "Your key changes your own deployment's flow and script. " : ''}Changes apply at once: a new conversation runs the flow saved when its first guest message arrives, and every conversation shows the script saved.`;
  const [flow, script] = await Promise.all([load(`${base()}/flow`, showFlow), load(`${base()}/script`, showScript)]);
  $('flow-form').hidden = !flow;
  $('script-form').hidden = !script;
  section.hidden = !flow && !script;
}
