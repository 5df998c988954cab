// @ts-check
import { AgentApi } from './agent-api.mjs';
import { Flows, runFlow } from './flows.mjs';
import { Scripts, fillScript, validateOutputs } from './agent-script.mjs';
import { sessionShape } from './journeys.mjs';
import { dataWeight } from './frames.mjs';
import { json } from './http.mjs';
import { utf8Bytes } from '../../src/genesys/contract.js';
/** @typedef {import('./types.mjs').Session} Session */
/** @typedef {import('./types.mjs').Conversation} Conversation */
/** @typedef {import('./types.mjs').StoredMessage} StoredMessage */

/**
 * Where the data is used (docs/messenger-sdk.md#architect-and-the-agent-script), over the service:
 * the deployment's inbound message flow (flows.mjs) run at a conversation's first guest message,
 * with what it acts on (the conversation's participant data, its GPE session, the guest, the
 * queue); the Agent Script (agent-script.mjs) filled for a conversation, and its outputs written
 * back as participant data; their HTTP (`/api/deployments/<id>/flow`, `…/script`,
 * `/api/conversations/<id>/script`, `…/participant-data`), reached through agent-api.mjs's routes
 * and access checks.
 */

/**
 * Who the flow's messages are from: `originatingEntity: "Bot"`
 * (docs/guest-api.md#structuredmessage) under a name of the emulator's choosing (inferred: a real
 * bot flow's messages carry the bot's name).
 */
export const BOT = Object.freeze({ nickname: 'Lab flow', originatingEntity: /** @type {'Bot'} */ ('Bot') });

/**
 * The conversation's participant data of that exact name (case-sensitive), or undefined.
 * @param {Conversation} conversation
 * @param {string} name
 */
const dataOf = (conversation, name) => (Object.hasOwn(conversation.customAttributes, name) ? conversation.customAttributes[name] : undefined);

/** @param {Record<string, unknown>} target @param {string} key @param {unknown} value */
const define = (target, key, value) => Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

export class FlowApi extends AgentApi {
  /** @param {ConstructorParameters<typeof AgentApi>[0]} [options] */
  constructor(options = {}) {
    super(options);
    /** Each deployment's inbound message flow (the lab's by default). */
    this.flows = new Flows(this.limits);
    /** Each deployment's Agent Script (the lab's by default). */
    this.scripts = new Scripts(this.limits);
  }

  /**
   * Runs the deployment's flow at the conversation's first guest message (an empty flow: no
   * flow). Whatever happens, the conversation goes on: an unexpected error makes the flow
   * `failed`, is logged once and counted.
   * @param {Session} session
   * @param {Conversation} conversation
   * @param {StoredMessage} stored
   */
  firstMessage(session, conversation, stored) {
    try {
      const { actions } = this.flows.of(conversation.deploymentId);
      if (!actions.length) return;
      const record = runFlow(actions, this.flowHost(session, conversation), this.limits, stored.text ?? '');
      if (this.conversations.get(conversation.id) !== conversation) return; // forgotten meanwhile
      conversation.flow = record;
      this.store(conversation, utf8Bytes(JSON.stringify(record)));
    } catch (error) {
      this.safety.report('running an inbound message flow', error);
      conversation.flow = { state: 'failed', trace: [{ time: new Date(this.now()).toISOString(), type: 'error', detail: 'The flow could not run (an unexpected error); the conversation goes on.' }] };
    }
  }

  /**
   * What a flow acts on, for one conversation.
   * @param {Session} session
   * @param {Conversation} conversation
   * @returns {import('./flows.mjs').FlowHost}
   */
  flowHost(session, conversation) {
    const kept = () => this.conversations.get(conversation.id) === conversation;
    return {
      now: () => this.now(),
      // Genesys counts Get Participant Data per session in bot flows (docs/messenger-sdk.md#the-inbound-message-flow).
      takeParticipantDataRead: () => {
        const used = session.participantDataReads ?? 0;
        if (used >= this.limits.flowParticipantDataReads) return false;
        session.participantDataReads = used + 1;
        return true;
      },
      participantData: (name) => dataOf(conversation, name),
      journeySession: () => this.linkedJourney(conversation),
      send: (text) => {
        if (!text.trim()) return 'the text is empty once the variables are filled in';
        const result = this.reply(conversation.id, { text, ...BOT });
        return result.status === 201 ? undefined : result.error;
      },
      setParticipantData: (name, value) => this.writeParticipantData(conversation, name, value, 'flow'),
      transfer: (queue) => {
        conversation.queue = queue;
      },
      disconnect: () => {
        const result = this.disconnect(conversation.id, BOT);
        return result.status === 200 ? undefined : result.error;
      },
      active: () => kept() && conversation.state === 'active' && !conversation.sessionExpired,
      report: (error) => this.safety.report('running an inbound message flow', error),
    };
  }

  /**
   * The conversation's GPE session in the Journey API's shape (what Get Journey Session gives
   * a flow, from `Message.JourneyContext.customerSession.id`), or why there is none.
   * @param {Conversation} conversation
   * @returns {{ value?: Record<string, unknown>, why: string }}
   */
  linkedJourney(conversation) {
    const id = conversation.journeySessionId;
    const gpe = id ? this.journeys.get(id) : undefined;
    if (gpe) {
      const how = conversation.journeyContext ? 'Message.JourneyContext.customerSession.id' : 'linked through the guest\'s messaging token';
      return { value: sessionShape(gpe, this.now(), this.limits.journeyIdleMs), why: how };
    }
    if (id) return { why: `its session ${id} is no longer kept` };
    const named = conversation.journeyContext?.customerSession?.id;
    if (named) return { why: `the journeyContext names customerSession ${JSON.stringify(named.slice(0, 64))}, which is no session of this deployment's visitor` };
    return { why: 'the conversation has no journeyContext (Message.JourneyContext.customerSession.id is empty)' };
  }

  /**
   * Set Participant Data: a string value on the conversation, shown with the guest's custom
   * attributes and marked with who set it. The last write wins, whoever writes.
   * @param {Conversation} conversation
   * @param {string} name
   * @param {string} value
   * @param {'flow' | 'script'} source
   */
  writeParticipantData(conversation, name, value, source) {
    if (this.conversations.get(conversation.id) !== conversation) return;
    const data = (conversation.participantData ??= {});
    const previous = Object.hasOwn(data, name) ? data[name] : undefined;
    this.store(conversation, dataWeight(name, value) - (previous ? dataWeight(name, previous.value) : 0));
    define(data, name, { value, source, time: new Date(this.now()).toISOString() });
    define(conversation.customAttributes, name, value);
    this.changed(conversation.id);
  }

  /**
   * The deployment's Agent Script for one conversation, its inputs filled.
   * @param {Conversation} conversation
   */
  conversationScript(conversation) {
    return fillScript(this.scripts.of(conversation.deploymentId), (name) => dataOf(conversation, name), this.linkedJourney(conversation).value);
  }

  /**
   * The HTTP of flows and scripts; agent-api.mjs has checked the method, the key and its scope.
   * A deployment's flow or script: GET it, PUT a new one (checked whole: 400 `{error, path}`
   * changes nothing), DELETE back to the lab's. A conversation's script (GET), and the
   * script's outputs written back (POST `{name: value}`).
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {{ kind: 'flow' | 'script' | 'conversationScript' | 'participantData', id: string }} route
   */
  async designRoute(req, res, { kind, id }) {
    if (kind === 'flow' || kind === 'script') {
      const store = kind === 'flow' ? this.flows : this.scripts;
      if (req.method === 'GET') return json(res, 200, store.of(id));
      if (req.method === 'DELETE') return json(res, 200, store.reset(id));
      // A flow's decisions nest two JSON levels each: room for a few more than allowed, so
      // that a flow too deep is refused with its path.
      const body = await this.readBody(req, kind === 'flow' ? 2 * this.limits.maxFlowDepth + 5 : undefined);
      const result = store.set(id, body);
      if (result.status === 400) this.stats.inputRefused += 1;
      return json(res, result.status, result.body);
    }
    const conversation = this.conversations.get(id);
    if (!conversation) {
      if (req.method === 'POST') await this.readBody(req);
      return json(res, 404, { error: 'No such conversation.' });
    }
    if (kind === 'conversationScript') return json(res, 200, this.conversationScript(conversation));
    const body = await this.readBody(req);
    const checked = validateOutputs(body, this.scripts.of(conversation.deploymentId), this.limits.maxParticipantDataValue);
    if ('error' in checked) {
      this.stats.inputRefused += 1;
      return json(res, 400, checked);
    }
    for (const [name, value] of checked.values) this.writeParticipantData(conversation, name, value, 'script');
    return json(res, 200, this.summary(conversation));
  }
}
