// @ts-check
/*
 * The offline Genesys Messenger runtime: a stand-in for genesys.min.js that follows the documented
 * contract (docs/messenger-sdk.md, docs/guest-api.md). <gc-messenger> loads it through
 * `bootstrap-src`, the same loader path as the real script. It reads `Genesys.c` and replays
 * `Genesys.q`, then replaces `window.Genesys` with its own function for `command` and `subscribe`.
 *
 * Modules:
 *   bus.js        subscribe/publish (`X.ready` replayed to late subscribers)
 *   database.js   the Database plugin over a CustomAttributesStore (merge, pending/sent, size)
 *   transport.js  the Guest API WebSocket, requests matched by tracingId
 *   messaging.js  MessagingService: session, messages, history, disconnect, reconnect
 *   journey.js    the Journey plugin: the visitor's Predictive Engagement session, its events
 *   ui.js         the launcher and chat window
 *
 * Every command outside the handler tables (the `commands` below, MessagingService's in
 * messaging.js, the Journey plugin's in journey.js, the Database plugin's in database.js) is
 * refused loudly: it rejects with "<Plugin.command> is not emulated by the offline Genesys"
 * and publishes nothing, so a page never mistakes a missing feature for a success.
 * scripts/coverage.mjs reads these tables to build docs/coverage.md.
 *
 * It speaks the Web Messaging Guest API to the emulated service over a WebSocket at
 * `<service origin>/v1?deploymentId=…&application=…`. Custom attributes held by the Database
 * plugin travel with the guest's next message as `message.channel.metadata.customAttributes`,
 * never earlier, and are not kept across a page load: the behaviour the lab teaches.
 *
 * Query parameters on the script URL (tests and special set-ups):
 *   ready=never        never publish Messenger.ready (a deployment that does not load)
 *   database-delay=MS  publish Database.ready MS milliseconds after the others
 *   reject=NAME        reject every call of command NAME
 *   service=URL        the WebSocket service (default: ws(s)://<script origin>/v1)
 * State for tests and the curious: window.__genesysEmulator.
 */
import { PATHS } from '../../src/genesys/contract.js';
import { createBus } from './bus.js';
import { createDatabase } from './database.js';
import { createJourney } from './journey.js';
import { createMessaging } from './messaging.js';
import { createUi } from './ui.js';
import { clone, isObject, messageOf, own, storage } from './util.js';

/** The `application` the socket URL names (docs/guest-api.md#connecting: the client's name and version). */
const APPLICATION = 'gc-lab-emulator-0.1.0';
/** Every command's answer after Messenger.clear. */
const SHUT_DOWN = 'Messenger was cleared; it is shut down until the page reloads.';
/** How long the deployment's configuration may take before Messenger starts without it (inferred). */
const CONFIG_TIMEOUT_MS = 3000;

/**
 * The answer to a command the emulator does not emulate.
 * @param {string} commandName
 */
function notEmulated(commandName) {
  return new Error(commandName + ' is not emulated by the offline Genesys');
}

(function boot() {
  /** @type {any} */
  const w = window;
  const name = w._genesysJs || 'Genesys';
  const snippet = w[name];
  if (typeof snippet !== 'function') {
    console.error('Genesys emulator: no Genesys snippet on the page; nothing to do.');
    return;
  }
  if (snippet.emulated) return; // this script ran already

  const script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
  const scriptUrl = new URL(script && script.src ? script.src : location.href, location.href);
  const params = scriptUrl.searchParams;
  /** @type {Record<string, unknown>} */
  const config = Object.assign({}, snippet.c || {});
  const deploymentId = typeof config.deploymentId === 'string' ? config.deploymentId : '';
  const queue = Array.prototype.slice.call(snippet.q || []);
  const rejected = params.getAll('reject');
  const serviceParam = params.get('service');
  // The socket: `service=`, else what the deployment's configuration names, else this origin.
  let socketBase = serviceParam || scriptUrl.origin.replace(/^http/, 'ws') + PATHS.socket;
  const httpOrigin = () => new URL(socketBase.replace(/^ws/, 'http')).origin;
  const configOrigin = httpOrigin();

  let shutDown = false;
  /** Messenger's window is open (auto-start waits for the deployment's configuration too). */
  let isOpen = false;
  const state = {
    config,
    snippet: { t: snippet.t, queued: queue.length },
    /** @type {Array<{ command: string, options: unknown }>} */
    calls: [],
    /** @type {import('./bus.js').Published[]} */
    published: [],
    /** @type {string[]} 'publish:<event>', 'command:<name>', 'queued:<name>', 'frame:<action>' in order */
    log: [],
    /** @type {unknown[]} every frame sent to the service */
    frames: [],
    database: /** @type {import('./database.js').DatabaseRoot} */ ({ messaging: { customAttributes: {} } }),
    /** @type {import('../../src/genesys/contract.js').StructuredMessageBody[]} */
    transcript: [],
    /** @type {string | undefined} */
    token: undefined,
    readOnly: false,
    /** @type {unknown} the deployment's configuration, once fetched */
    deploymentConfig: undefined,
    /** @type {{ origin: string, deploymentId: string } | undefined} set when the deployment refused this page's origin */
    domainNotAllowed: undefined,
    /** @type {import('./journey.js').JourneyState | undefined} the visitor's Predictive Engagement identity (journey.js) */
    journey: undefined,
    /** @type {string[]} the commands of the table below (the Database plugin's aside) */
    commands: [],
    /** Test hook: drops the socket as a network failure would. */
    dropConnection: () => messaging.dropConnection(),
  };
  w.__genesysEmulator = state;

  const bus = createBus(state);
  const database = createDatabase({ bus, log: state.log, database: state.database, limit: () => messaging.limit() });
  const socketUrl = () =>
    socketBase +
    (socketBase.indexOf('?') === -1 ? '?' : '&') +
    'deploymentId=' +
    encodeURIComponent(deploymentId) +
    '&application=' +
    encodeURIComponent(APPLICATION);
  Object.defineProperty(state, 'socketUrl', { get: socketUrl, enumerable: true });
  const journey = createJourney({ deploymentId, httpOrigin, bus, state, token: () => messaging.token() });
  const messaging = createMessaging({
    deploymentId,
    socketUrl,
    httpOrigin,
    bus,
    database,
    journeyContext: () => journey.context(),
    ui: () => ui,
    state,
    isShutDown: () => shutDown,
  });
  const ui = createUi({
    transcript: state.transcript,
    isReadOnly: () => messaging.isReadOnly(),
    isShutDown: () => shutDown,
    send: (text) => call('MessagingService.sendMessage', { message: text }),
    reset: () => call('MessagingService.resetConversation', {}),
    openChanged(open) {
      if (open) storage.set(messaging.KEYS.open, 'true');
      else storage.remove(messaging.KEYS.open);
      bus.publish(open ? 'Messenger.opened' : 'Messenger.closed', {});
      bus.publish(open ? 'Conversations.opened' : 'Conversations.closed', {});
      isOpen = open;
      if (open) autoStart();
    },
  });

  /**
   * The deployment's auto-start: the conversation starts as Messenger opens, the pending custom
   * attributes travelling with the Join (also when the configuration arrives after the open).
   */
  function autoStart() {
    if (isOpen && autoStartEnabled()) messaging.autoStart().catch((error) => messaging.reportError(messageOf(error)));
  }

  /** Does the deployment's configuration (config.json) turn auto-start on? */
  function autoStartEnabled() {
    const deployment = /** @type {any} */ (state.deploymentConfig);
    const conversations = deployment && deployment.messenger && deployment.messenger.apps && deployment.messenger.apps.conversations;
    return !!(conversations && conversations.autoStart && conversations.autoStart.enabled === true);
  }

  /**
   * The commands emulated here, in messaging.js and in journey.js (the Database plugin's are in
   * database.js).
   * Written as methods `'Plugin.command'(options) {`: scripts/coverage.mjs reads them from the
   * source, and test/emulator/not-emulated.test.ts checks that reading against this table.
   * @type {Record<string, (options: any) => unknown>}
   */
  const commands = {
    ...messaging.commands,
    ...journey.commands,
    'Messenger.open'() {
      ui.open(true, true);
    },
    'Messenger.close'() {
      ui.open(false);
    },
    // Clears Messenger's storage and shuts it down until the page reloads
    // (docs/messenger-sdk.md#the-messenger-launcher-and-conversations-plugins).
    'Messenger.clear'() {
      for (const key of storage.keys('_' + deploymentId + ':')) storage.remove(key);
      messaging.shutDown();
      journey.stop(SHUT_DOWN);
      shutDown = true;
      ui.remove();
      bus.publish('Messenger.cleared', {});
    },
    'Launcher.show'() {
      ui.launcher(true);
    },
    'Launcher.hide'() {
      ui.launcher(false);
    },
  };
  state.commands = Object.keys(commands).sort();

  /**
   * Runs a command; resolves with its result (Genesys itself answers through callbacks).
   * @param {string} commandName
   * @param {unknown} options
   * @returns {Promise<unknown>}
   */
  function command(commandName, options) {
    const isDatabase = commandName.indexOf('Database.') === 0;
    // Not in a handler table: refused, and nothing is published (the Database plugin refuses
    // its own unknown names: "… is not a Database command").
    if (!isDatabase && !own(commands, commandName)) {
      state.log.push('refused:' + commandName);
      return Promise.reject(notEmulated(commandName));
    }
    if (shutDown) return Promise.reject(new Error(SHUT_DOWN));
    if (state.domainNotAllowed) {
      return Promise.reject(
        new Error('Messenger did not start: deployment ' + deploymentId + ' does not allow the origin ' + state.domainNotAllowed.origin + ' (GenesysJS.domainNotAllowed).'),
      );
    }
    if (rejected.indexOf(commandName) !== -1) {
      return Promise.reject(new Error(commandName + ' rejected by the emulator (reject=' + commandName + ')'));
    }
    if (isDatabase) return database.command(commandName, options);
    state.log.push('command:' + commandName);
    const handler = commands[commandName];
    return new Promise((resolve) => resolve(handler(options)));
  }

  /**
   * A command call, recorded in `calls` (the page's, or the chat window's own).
   * @param {string} commandName
   * @param {unknown} options
   */
  function call(commandName, options) {
    state.calls.push({ command: commandName, options: clone(options) });
    // The Journey plugin checks its options itself: they must be objects.
    const checksOwn = own(journey.commands, commandName);
    return command(commandName, checksOwn || isObject(options) || options === undefined ? options : {});
  }

  /**
   * `Genesys(kind, name, options?, resolve?, reject?)`.
   * @param {unknown} kind
   * @param {unknown} commandName
   * @param {unknown} [options]
   * @param {unknown} [resolve]
   * @param {unknown} [reject]
   */
  function run(kind, commandName, options, resolve, reject) {
    if (typeof commandName !== 'string') return;
    if (kind === 'subscribe') {
      bus.subscribe(commandName, options);
      return;
    }
    if (kind !== 'command') return;
    call(commandName, options).then(
      (value) => {
        if (typeof resolve === 'function') resolve(value);
      },
      (error) => {
        if (typeof reject === 'function') reject(messageOf(error));
      },
    );
  }

  /** @type {any} */
  const genesys = function (/** @type {unknown[]} */ ...args) {
    run(args[0], args[1], args[2], args[3], args[4]);
  };
  genesys.emulated = true;
  genesys.c = config;
  w[name] = genesys;

  if (!deploymentId) {
    console.error('Genesys emulator: Genesys.c has no deploymentId; Messenger does not start.');
    return;
  }

  for (const args of queue) {
    const list = Array.prototype.slice.call(args);
    run(list[0], list[1], list[2], list[3], list[4]);
  }

  /** @param {any} deployment the deployment's configuration */
  function useDeployment(deployment) {
    state.deploymentConfig = deployment;
    autoStart();
    const endpoint =
      deployment && deployment.messenger && deployment.messenger.apps && deployment.messenger.apps.conversations
        ? deployment.messenger.apps.conversations.messagingEndpoint
        : undefined;
    if (!serviceParam && typeof endpoint === 'string' && /^wss?:\/\/[^/?#]+\/?$/.test(endpoint)) {
      socketBase = endpoint.replace(/\/$/, '') + PATHS.socket;
    }
  }

  /**
   * The deployment refused this page's origin (HTTP 403 with a JSON body
   * `{error, origin}`): GenesysJS.domainNotAllowed, and Messenger does not start, as Genesys's
   * Messenger does on a page outside the deployment's allowed domains. Genesys documents the
   * event's name, not its data: `{origin, deploymentId}` is inferred.
   * @param {unknown} body
   * @returns {false}
   */
  function domainNotAllowed(body) {
    if (!isObject(body)) throw new Error('it answered 403');
    const origin = typeof body.origin === 'string' && body.origin ? body.origin : location.origin;
    const reason = typeof body.error === 'string' && body.error ? ' (' + body.error.slice(0, 200) + ')' : '';
    state.domainNotAllowed = { origin, deploymentId };
    journey.stop('Messenger did not start: deployment ' + deploymentId + ' does not allow the origin ' + origin + ' (GenesysJS.domainNotAllowed).');
    console.warn(
      'Genesys emulator: deployment ' + deploymentId + ' does not allow this page\'s origin ' + origin + reason +
        '. Messenger does not start (GenesysJS.domainNotAllowed), as Genesys Messenger on a domain the deployment does not allow.',
    );
    bus.publish('GenesysJS.domainNotAllowed', { origin, deploymentId });
    ui.remove();
    return false;
  }

  /**
   * The deployment's configuration, fetched as the real SDK fetches it at start. Only a
   * plain `ws(s)://` messagingEndpoint is used (and `service=` wins). A 403 with a JSON body is
   * the deployment refusing this origin: resolves `false`, Messenger must not start. Any other
   * failure is logged and Messenger carries on with the default service (inferred): `true`.
   * @returns {Promise<boolean>} whether Messenger may start
   */
  function fetchDeploymentConfig() {
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
    const timer = setTimeout(() => controller && controller.abort(), CONFIG_TIMEOUT_MS);
    return fetch(configOrigin + PATHS.deploymentConfig(deploymentId), { signal: controller && controller.signal })
      .then((res) => {
        if (res.status === 403) {
          return res.json().then(domainNotAllowed, () => {
            throw new Error('it answered 403');
          });
        }
        if (!res.ok) throw new Error('it answered ' + res.status);
        return res.json().then((deployment) => {
          useDeployment(deployment);
          return true;
        });
      })
      .catch((error) => {
        console.warn('Genesys emulator: the deployment configuration could not be fetched (' + messageOf(error) + '); using ' + socketBase + '.');
        return true;
      })
      .finally(() => clearTimeout(timer));
  }

  function start() {
    if (state.domainNotAllowed) return;
    ui.build();
    if (storage.get(messaging.KEYS.open)) ui.open(true);
  }

  setTimeout(() => {
    if (document.body) start();
    else document.addEventListener('DOMContentLoaded', start);
    if (params.get('ready') === 'never') return;
    fetchDeploymentConfig().then((allowed) => {
      if (shutDown || !allowed) return;
      bus.publish('Messenger.ready', {});
      bus.publish('MessagingService.ready', {});
      bus.publish('Conversations.ready', {});
      // Journey.ready only when the deployment has Predictive Engagement on; then the first page view.
      journey.start(state.deploymentConfig);
      bus.publish('Launcher.ready', {});
      const delay = Number(params.get('database-delay') || 0);
      if (delay > 0) setTimeout(database.markReady, delay);
      else database.markReady();
      // A guest with an active session gets it back after a page load.
      messaging.restore();
    });
  });
})();
