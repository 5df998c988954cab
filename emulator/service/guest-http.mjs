// @ts-check

import { GuestProtocol } from './guest-protocol.mjs';
import { isDeploymentId } from '../../src/genesys/contract.js';
import { LIMITS } from './limits.mjs';
import { HttpError, originRefused } from './errors.mjs';
import { json, preflight, CORS, safeDecode, pageParam } from './http.mjs';
import { structured } from './frames.mjs';

/**
 * The guest's HTTP side, as Genesys's own endpoints: the deployment's config.json (the
 * DeploymentConfig the SDK reads at start, refused to pages the deployment does not allow) and
 * the guest's history (JWT). The Journey events the runtime posts are journey-api.mjs's.
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
        // Predictive Engagement, as the deployment's setting says (the lab's: on).
        journeyEvents: { enabled: settings.journeyEvents },
        status: 'Active',
        // The transport SDK's model has no default for auth: without it the config does not decode.
        auth: { enabled: false, allowSessionUpgrade: false },
      },
      CORS,
    );
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
