// @ts-check

import { GuestProtocol } from './guest-protocol.mjs';
import { isDeploymentId } from '../../src/genesys/contract.js';
import { journeyDataError } from './journeys.mjs';
import { LIMITS } from './limits.mjs';
import { HttpError, originRefused } from './errors.mjs';
import { json, preflight, CORS, safeDecode, pageParam } from './http.mjs';
import { structured, isObject } from './frames.mjs';

/**
 * The guest's HTTP side, as Genesys's own endpoints: the deployment's config.json (the
 * DeploymentConfig the SDK reads at start, refused to pages the deployment does not allow), the
 * guest's history (JWT), and the Journey events the runtime posts from the page.
 */
export class GuestHttp extends GuestProtocol {
  /**
   * `GET /webdeployments/v1/deployments/<id>/config.json`: a small DeploymentConfig like the
   * transport SDK's model, its endpoints on this origin (from the request's Host).
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} rawId
   */
  deploymentConfig(req, res, rawId) {
    if (req.method === 'OPTIONS') return preflight(res);
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, `${req.method} is not allowed here.`);
    const decoded = safeDecode(rawId);
    if (!isDeploymentId(decoded)) throw new HttpError(404, 'No such deployment: a deployment id is a UUID.');
    const id = /** @type {string} */ (decoded);
    const host = req.headers.host ?? '';
    if (!/^[A-Za-z0-9.\-[\]:]{1,255}$/.test(host)) throw new HttpError(400, 'A valid Host header is needed.');
    const secure = /** @type {{ encrypted?: boolean }} */ (req.socket).encrypted === true;
    const origin = req.headers.origin;
    if (!this.deployments.allows(id, origin, host, secure)) {
      // The runtime reads `origin` and publishes GenesysJS.domainNotAllowed.
      return json(res, 403, originRefused(origin, id), CORS);
    }
    const settings = this.deployments.settingsOf(id);
    json(
      res,
      200,
      {
        id: /** @type {string} */ (id).trim().toLowerCase(),
        version: '1',
        languages: ['en-us'],
        defaultLanguage: 'en-us',
        apiEndpoint: `${secure ? 'https' : 'http'}://${host}`,
        messenger: {
          enabled: true,
          apps: {
            conversations: {
              messagingEndpoint: `${secure ? 'wss' : 'ws'}://${host}`,
              showAgentTypingIndicator: true,
              showUserTypingIndicator: true,
              // The deployment's settings (the lab's by default: deployments.mjs).
              autoStart: { ...settings.autoStart },
              conversationDisconnect: { ...settings.conversationDisconnect },
              conversationClear: { ...settings.conversationClear },
              notifications: { enabled: false, notificationContentType: 'ExcludeMessagesContent' },
              markdown: { enabled: false },
            },
          },
          styles: { primaryColor: '#ff4f1f' },
          launcherButton: { visibility: 'On' },
          fileUpload: { modes: [] },
        },
        journeyEvents: { enabled: true },
        status: 'Active',
        // The transport SDK's model has no default for auth: without it the config does not decode.
        auth: { enabled: false, allowSessionUpgrade: false },
      },
      CORS,
    );
  }

  /**
   * A Journey event from the emulated runtime (a guest: no key). Checked where it enters:
   * the client's rate, the fields, the data's depth and size; refused whole, nothing kept.
   * @param {unknown} event
   * @param {string} address the client's
   * @returns {{ status: number, error?: string, retryAfter?: number, event?: import('./journeys.mjs').JourneyEvent }}
   */
  recordJourney(event, address) {
    const wait = this.clients.take(address, 'journey');
    if (wait) {
      this.stats.rateLimited += 1;
      return { status: 429, retryAfter: wait, error: `More than ${this.limits.journeyPerMinutePerClient} Journey events a minute from your address.` };
    }
    const { deploymentId, token, kind, data } = isObject(event) ? event : {};
    if (!isDeploymentId(deploymentId)) return { status: 400, error: 'deploymentId must be a UUID.' };
    if (kind !== 'pageview' && kind !== 'record') return { status: 400, error: 'kind must be "pageview" or "record".' };
    if (token !== undefined && (typeof token !== 'string' || token.length > LIMITS.maxTokenLength)) {
      return { status: 400, error: `token must be a string of at most ${LIMITS.maxTokenLength} characters.` };
    }
    const dataError = journeyDataError(data, this.limits);
    if (dataError) {
      this.stats.inputRefused += 1;
      return { status: 400, error: dataError };
    }
    const session = typeof token === 'string' ? this.sessions.get(token) : undefined;
    /** @type {import('./journeys.mjs').JourneyEvent} */
    const entry = {
      time: new Date(this.now()).toISOString(),
      deploymentId: deploymentId.trim(),
      kind,
      data: data ?? {},
      // A session of another deployment is not this visitor's conversation.
      conversationId: session && session.deploymentId.toLowerCase() === deploymentId.trim().toLowerCase() ? session.conversationId : undefined,
    };
    const { added, dropped } = this.journeys.add(entry);
    const conversation = entry.conversationId ? this.conversations.get(entry.conversationId) : undefined;
    if (conversation) {
      this.store(conversation, added - dropped);
      this.changed(conversation.id);
      this.evictConversations(this.limits.maxStoredBytesPerClient, conversation.address, 'bytes');
      this.evictConversations(this.limits.maxStoredBytes, undefined, 'bytes');
    }
    return { status: 202, event: entry };
  }

  /**
   * `GET /api/v2/webmessaging/messages`: the session's current conversation as a
   * MessageEntityList, newest first (inferred, as Genesys pages history backwards).
   * @param {string | undefined} authorization
   * @param {URLSearchParams} params
   * @returns {import('../../src/genesys/contract.js').MessageEntityList}
   */
  history(authorization, params) {
    const session = this.sessionOfJwt(authorization);
    const pageSize = pageParam(params.get('pageSize'), LIMITS.defaultPageSize, 'pageSize', LIMITS.maxPageSize);
    const pageNumber = pageParam(params.get('pageNumber'), 1, 'pageNumber', Number.MAX_SAFE_INTEGER);
    const messages = this.conversationOf(session).messages;
    const newestFirst = messages.slice().reverse();
    const start = (pageNumber - 1) * pageSize;
    return {
      entities: newestFirst.slice(start, start + pageSize).map(structured),
      pageSize,
      pageNumber,
      total: messages.length,
      pageCount: Math.ceil(messages.length / pageSize),
    };
  }
}

/**
 * CORS for the Journey endpoint, which the runtime calls from the page: the page's origin is
 * named back (whether the deployment allows it is checked on the POST itself).
 * @param {string | undefined} origin
 * @returns {Record<string, string>}
 */
export function journeyCors(origin) {
  if (!origin || !/^https?:\/\/[^\s/]{1,253}$/i.test(origin)) return {};
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Methods': 'POST, OPTIONS', 'Access-Control-Allow-Headers': 'Content-Type', Vary: 'Origin' };
}
