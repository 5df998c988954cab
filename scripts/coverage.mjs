#!/usr/bin/env node
/**
 * docs/coverage.md: how faithful the offline Genesys is, one row per Guest API action, frame,
 * error code and endpoint, and per Messenger SDK command and event, each marked emulated,
 * partial (with what is missing) or not emulated, with the public source its expected shape
 * comes from. The way cloud emulators publish their coverage (LocalStack's tables).
 *
 * Generated, never hand-edited: `npm run coverage` writes it; `node scripts/coverage.mjs --check`
 * compares (test/scripts/coverage.test.mjs does, so the table and the suites cannot disagree).
 *
 * How a row is proved (the ROWS below say which tests; this script checks them every run):
 *
 * - Service rows (the Guest API's actions, the frames and error codes the service sends, the
 *   HTTP endpoints): the node suites in NODE_SUITES are RUN now (`node --test`, TAP reporter,
 *   each in its own process) and every test a row names must exist and pass. Cross-checked
 *   with the contract the service speaks by (src/genesys/contract.js): every action in ACTIONS
 *   and frame class in FRAME_CLASSES must have a row that is not "not emulated", and a row
 *   marked "not emulated" must not be in them; an emulated error code must be in ERROR_CODES.
 * - Messenger SDK rows (commands and events): the runtime's own handler tables and publish
 *   calls, READ FROM ITS SOURCE (emulator/runtime/*.js; the one place those facts live): a
 *   command the runtime handles, or an event it publishes, must have a row marked emulated or
 *   partial, and a row marked so must be in the runtime. Each such row names browser tests
 *   (test/emulator/, test/e2e/) that must exist; they run under web-test-runner (`npm test`),
 *   not here: a browser run needs a build and Chromium, too heavy for a check that runs with
 *   the node tests. Every command outside the tables is refused by the runtime, which the
 *   named browser test proves; that is the proof of the SDK's "not emulated" command rows.
 * - A row marked "not emulated": a passing node test, or a browser test, whose title names the
 *   operation fails the run (the table would be lying), unless the row names that test as
 *   the proof that the operation is refused.
 *
 * Fails (exit 1, every problem listed) when a row and the suites or the runtime disagree.
 * Exports the pieces for test/scripts/coverage.test.mjs.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACTIONS, ERROR_CODES, FRAME_CLASSES } from '../src/genesys/contract.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = 'docs/coverage.md';

// ------------------------------------------------------------------ the suites

const CONFORMANCE = 'test/server/conformance.test.mjs';
const SERVICE = 'test/server/guest-service.test.mjs';
const DEPLOYMENTS = 'test/server/deployments.test.mjs';
const JOURNEYS = 'test/server/journey.test.mjs';
const FLOWS = 'test/server/flows.test.mjs';
/** The node suites run for the service rows. */
export const NODE_SUITES = [CONFORMANCE, SERVICE, DEPLOYMENTS, JOURNEYS, FLOWS];

const RUNTIME_MODEL = 'test/e2e/runtime-model.test.ts';
const OFFLINE = 'test/e2e/offline-genesys.test.ts';
const NOT_EMULATED = 'test/emulator/not-emulated.test.ts';
const EMULATOR_DATABASE = 'test/emulator/database.test.ts';
const EMULATOR_MESSAGING = 'test/emulator/messaging.test.ts';
const EMULATOR_JOURNEY = 'test/emulator/journey.test.ts';
/** Where the browser tests a row may name live (their titles are read, not run). */
export const BROWSER_DIRS = ['test/emulator', 'test/e2e'];
/** Where the runtime's handler tables and publish calls are read. */
export const RUNTIME_DIR = 'emulator/runtime';

/** A test a row names: its file, and a piece of its title. */
const t = (file, title) => ({ file, title });

/** The browser test that proves every command outside the runtime's tables is refused. */
const REFUSED_COMMAND = t(NOT_EMULATED, 'a command it does not emulate rejects');
/** The node test that proves an action the service does not know is answered with an error. */
const REFUSED_ACTION = t(CONFORMANCE, 'an unknown action');

// ------------------------------------------------------------------ the public sources

const TSDK = 'https://github.com/MyPureCloud/genesys-messenger-transport-mobile-sdk/blob/HEAD/';
const TSDK_MAIN = 'transport/src/commonMain/kotlin/com/genesys/cloud/messenger/transport/';
const TSDK_TEST = 'transport/src/androidUnitTest/kotlin/transport/';
/** A file of Genesys's transport SDK (main sources). */
const sdk = (file, detail = '') => `[transport SDK \`${file.split('/').pop()}\`${detail ? ` ${detail}` : ''}](${TSDK}${TSDK_MAIN}${file})`;
/** A recorded frame or test of the transport SDK. */
const sdkTest = (file, detail = '') => `[transport SDK test \`${file.split('/').pop()}\`${detail ? ` ${detail}` : ''}](${TSDK}${TSDK_TEST}${file})`;
const RESPONSE = (name) => sdkTest('util/Response.kt', `(\`Response.${name}\`)`);
const MESSENGER_SDK = 'https://developer.genesys.cloud/commdigital/digital/webmessaging/messengersdk/';
/** A page of Genesys's Messenger SDK reference. */
const docs = (page, title) => `[Genesys Messenger SDK: ${title}](${MESSENGER_SDK}${page})`;
const PLUGIN = {
  Database: docs('SDKCommandsEvents/databasePlugin', 'Database plugin'),
  MessagingService: docs('SDKCommandsEvents/messagingServicePlugin', 'MessagingService plugin'),
  Messenger: docs('SDKCommandsEvents/messengerPlugin', 'Messenger plugin'),
  Launcher: docs('SDKCommandsEvents/launcherPlugin', 'Launcher plugin'),
  Conversations: docs('SDKCommandsEvents/conversationsPlugin', 'Conversations plugin'),
  Journey: docs('SDKCommandsEvents/journeyPlugin', 'Journey plugin'),
  Toaster: docs('SDKCommandsEvents/toasterPlugin', 'Toaster plugin'),
  KnowledgeService: docs('SDKCommandsEvents/knowledgeServicePlugin', 'KnowledgeService plugin'),
  AuthProvider: docs('authenticatedMessenger', 'authenticated web messaging (AuthProvider)'),
  index: docs('SDKCommandsEvents/', 'commands and events'),
};
/** Genesys's Journey SDK page on its cookies: `_actmu` holds the visitor id. */
const GPE_COOKIES = '[Genesys Predictive Engagement: Cookies (`_actmu`)](https://all.docs.genesys.com/ATC/Current/SDK/Cookie_usage)';
const LAB = '[the workshop lab `labpage.js`](https://github.com/genesys-samples/messagingGPE-attachedData/blob/HEAD/content/020-Getting-Started/labpage.js)';
const DEPRECATION = 'Genesys developer announcement "Deprecation Notice – Web Messaging Custom Attributes in channel.metadata" (SHYRKA-3385)';

// ------------------------------------------------------------------ the rows

/**
 * @typedef {'emulated' | 'partial' | 'not emulated'} Status
 * @typedef {{ file: string, title: string }} TestRef
 * @typedef {object} Row
 * @property {string} section
 * @property {string} operation what the reader looks for
 * @property {'action' | 'frame' | 'message' | 'error' | 'endpoint' | 'command' | 'event'} kind
 * @property {Status} status
 * @property {string} [missing] what a partial row lacks
 * @property {string} [note]
 * @property {string} source the public source of the expected shape (markdown)
 * @property {TestRef[]} [tests] the tests that prove the emulated part
 * @property {TestRef[]} [refusedBy] tests that prove a not-emulated operation is refused
 * @property {string} [action] kind action: the action's name on the wire
 * @property {string} [frameClass] kind frame: the frame's class
 * @property {number} [code] kind error: the code
 * @property {string} [name] kind command/event: `Plugin.name`, or `Plugin.*` / `Plugin.prefix*`
 * @property {string[]} [names] not emulated: what a test title naming it would contain (default: the name, action or class)
 */

const GUEST = 'Guest API: requests (WebSocket actions)';
const FRAMES = 'Guest API: frames the service sends';
const ERRORS = 'Guest API: errors';
const HTTP = 'Around the socket (HTTP)';

/** @type {Row[]} */
const SERVICE_ROWS = [
  {
    section: HTTP,
    operation: 'WebSocket `GET /v1?deploymentId=<uuid>&application=…`',
    kind: 'endpoint',
    status: 'emulated',
    source: sdk('util/Urls.kt'),
    tests: [
      t(CONFORMANCE, 'upgrades /v1?deploymentId=<uuid>&application=…'),
      t(CONFORMANCE, 'refuses a socket whose deploymentId is not a UUID'),
      t(DEPLOYMENTS, "by default: this server's own origin and loopback pages on any port"),
    ],
  },
  {
    section: HTTP,
    operation: '`GET /webdeployments/v1/deployments/<id>/config.json` (DeploymentConfig)',
    kind: 'endpoint',
    status: 'emulated',
    note: 'Every field the transport SDK decodes; the deployment settings the instructor sets are reported.',
    source: `${sdk('shyrka/receive/DeploymentConfig.kt')}, ${docs('messengerHeadlessmodeSDK', 'Headless Mode SDK (deployment configuration)')}`,
    tests: [
      t(CONFORMANCE, 'GET config.json answers a DeploymentConfig'),
      t(CONFORMANCE, "config.json has every field the transport SDK's DeploymentConfig needs"),
      t(SERVICE, 'serves a DeploymentConfig whose endpoints point at this origin'),
      t(DEPLOYMENTS, 'config.json reports them'),
    ],
  },
  {
    section: HTTP,
    operation: 'config.json and the socket refused to a page outside the allowed domains (HTTP 403 `{error, origin}`)',
    kind: 'endpoint',
    status: 'emulated',
    note: 'Status code and body inferred; Genesys documents only the SDK event (`GenesysJS.domainNotAllowed`).',
    source: PLUGIN.index,
    tests: [
      t(DEPLOYMENTS, "by default: this server's own origin and loopback pages on any port"),
      t(DEPLOYMENTS, "the instructor sets them: only those origins get in, the lab page's own too"),
    ],
  },
  {
    section: HTTP,
    operation: '`GET /api/v2/webmessaging/messages?pageSize=&pageNumber=` with `Authorization: Bearer <jwt>` (history)',
    kind: 'endpoint',
    status: 'emulated',
    source: `${sdk('util/Urls.kt')}, ${sdk('network/WebMessagingApi.kt')}`,
    tests: [
      t(CONFORMANCE, "getJwt → JwtResponse {jwt, exp}; the history with it lists the session's messages"),
      t(CONFORMANCE, 'GET /api/v2/webmessaging/messages needs a valid JWT'),
      t(SERVICE, "getJwt answers a signed JWT that reads the session's history, newest first, paged"),
    ],
  },

  {
    section: GUEST,
    operation: '`configureSession {deploymentId, startNew?, journeyContext?}`',
    kind: 'action',
    action: 'configureSession',
    status: 'emulated',
    source: `${sdk('shyrka/send/ConfigureSessionRequest.kt')}, ${sdk('shyrka/send/JourneyContext.kt')}`,
    tests: [
      t(CONFORMANCE, 'answers SessionResponse 200 {connected, newSession: true, readOnly: false, maxCustomDataBytes: 2048}'),
      t(CONFORMANCE, 'the same token on a new socket: newSession false, same conversation'),
      t(CONFORMANCE, 'accepts any token string: spaces, unicode, 2048 characters'),
      t(JOURNEYS, "configureSession's journeyContext links the conversation; the GPE session lists it; the agent sees both"),
      t(JOURNEYS, "an unknown session, another customer's or another deployment's is kept as given and links nothing"),
      t(JOURNEYS, 'a bad journeyContext is refused as other bad configureSession fields are (string, 400)'),
    ],
  },
  {
    section: GUEST,
    operation: '`onMessage` Text, custom attributes in `message.channel.metadata`',
    kind: 'action',
    action: 'onMessage',
    status: 'emulated',
    note: "The echo repeats the request's tracingId; attributes reach the conversation as strings.",
    source: `${sdk('shyrka/send/OnMessageRequest.kt')}, ${RESPONSE('onMessage')}`,
    tests: [
      t(CONFORMANCE, 'a Text message is echoed, Inbound, to every connection of the session'),
      t(CONFORMANCE, 'custom attributes in message.channel.metadata.customAttributes reach the conversation, as strings'),
      t(CONFORMANCE, "the echo of a guest's Text carries the request's tracingId"),
    ],
  },
  {
    section: GUEST,
    operation: '`onMessage` Text, custom attributes at the frame\'s top level `channel.metadata` (deprecated)',
    kind: 'action',
    action: 'onMessage',
    status: 'emulated',
    note: 'Ignored since 2026-06-05, as Genesys does: they never reach the conversation, with no error; the agent view marks them.',
    source: DEPRECATION,
    tests: [
      t(CONFORMANCE, "custom attributes at the frame's top level are ignored since 2026-06-05"),
      t(SERVICE, "ignores custom attributes at the frame's top level, as Genesys does since 2026-06-05"),
    ],
  },
  {
    section: GUEST,
    operation: '`onMessage` Text with a `ButtonResponse` (quick-reply answer)',
    kind: 'action',
    action: 'onMessage',
    status: 'emulated',
    note: 'Accepted and kept with the button\'s text and payload (nothing offers quick replies: see the bots row).',
    source: sdk('core/MessageStore.kt', '(`prepareMessageWith`)'),
    tests: [t(CONFORMANCE, 'a quick-reply answer (Text, empty text, ButtonResponse) and a card postback (Structured) are accepted and kept')],
  },
  {
    section: GUEST,
    operation: '`onMessage` Structured with a `ButtonResponse` (card postback)',
    kind: 'action',
    action: 'onMessage',
    status: 'emulated',
    source: sdk('core/MessageStore.kt', '(`preparePostbackMessage`)'),
    tests: [t(CONFORMANCE, 'a quick-reply answer (Text, empty text, ButtonResponse) and a card postback (Structured) are accepted and kept')],
  },
  {
    section: GUEST,
    operation: '`onMessage` Event Typing (the guest types)',
    kind: 'action',
    action: 'onMessage',
    status: 'emulated',
    note: 'Accepted silently.',
    source: sdk('shyrka/send/UserTypingRequest.kt'),
    tests: [t(CONFORMANCE, 'a Typing event is accepted: no error frame'), t(SERVICE, 'accepts Typing events silently')],
  },
  {
    section: GUEST,
    operation: '`onMessage` Event Presence Join (auto-start, with the pending custom attributes)',
    kind: 'action',
    action: 'onMessage',
    status: 'emulated',
    source: `${sdk('shyrka/send/AutoStartRequest.kt')}, ${sdkTest('core/messagingclient/MessagingClientCustomAttributesTest.kt')}`,
    tests: [t(CONFORMANCE, 'a Presence Join carries the pending custom attributes to the conversation')],
  },
  {
    section: GUEST,
    operation: '`onMessage` Event Presence Clear (clear the conversation)',
    kind: 'action',
    action: 'onMessage',
    status: 'emulated',
    note: 'With `conversationClear` off for the deployment: refused with 403, as Genesys refuses it.',
    source: `${sdk('shyrka/send/ClearConversationRequest.kt')}, ${RESPONSE('sessionClearedEvent')}`,
    tests: [
      t(CONFORMANCE, 'Presence Clear → SessionClearedEvent, then ConnectionClosedEvent'),
      t(DEPLOYMENTS, 'conversationClear off: Presence Clear is refused as Genesys refuses it'),
    ],
  },
  {
    section: GUEST,
    operation: '`echo {message: {type: "Text", text}}` (health check)',
    kind: 'action',
    action: 'echo',
    status: 'emulated',
    note: 'With a session: `metadata {durationSeconds, expirationDate}` as strings.',
    source: `${sdk('shyrka/send/EchoRequest.kt')}, ${RESPONSE('healthCheckResponse')}`,
    tests: [t(CONFORMANCE, 'echo {message: {type: "Text", text: "ping"}} → response StructuredMessage with id and the text')],
  },
  {
    section: GUEST,
    operation: '`closeSession {closeAllConnections?}`',
    kind: 'action',
    action: 'closeSession',
    status: 'emulated',
    source: sdk('shyrka/send/CloseSessionRequest.kt'),
    tests: [
      t(CONFORMANCE, 'closeSession {closeAllConnections: true}: the others get ConnectionClosedEvent'),
      t(SERVICE, 'closeSession answers the requester with connected: false'),
    ],
  },
  {
    section: GUEST,
    operation: '`getJwt`',
    kind: 'action',
    action: 'getJwt',
    status: 'emulated',
    source: `${sdk('shyrka/send/JwtRequest.kt')}, ${RESPONSE('jwtResponse')}`,
    tests: [t(CONFORMANCE, 'getJwt → JwtResponse {jwt, exp}')],
  },
  {
    section: GUEST,
    operation: '`configureAuthenticatedSession` (authenticated messaging)',
    kind: 'action',
    action: 'configureAuthenticatedSession',
    status: 'not emulated',
    note: 'Answered like any unknown action: 400.',
    source: sdk('shyrka/send/ConfigureAuthenticatedSessionRequest.kt'),
    refusedBy: [REFUSED_ACTION],
  },
  ...[
    ['onAttachment', 'OnAttachmentRequest.kt'],
    ['getAttachment', 'GetAttachmentRequest.kt'],
    ['deleteAttachment', 'DeleteAttachmentRequest.kt'],
  ].map(([action, file]) => ({
    section: GUEST,
    operation: `\`${action}\` (attachments)`,
    kind: /** @type {const} */ ('action'),
    action,
    status: /** @type {const} */ ('not emulated'),
    note: 'Answered like any unknown action: 400.',
    source: `${sdk('shyrka/send/RequestAction.kt')}, ${sdk(`shyrka/send/${file}`)}`,
    refusedBy: [REFUSED_ACTION],
  })),

  {
    section: FRAMES,
    operation: '`SessionResponse`',
    kind: 'frame',
    frameClass: 'SessionResponse',
    status: 'emulated',
    source: `${sdk('shyrka/receive/SessionResponse.kt')}, ${RESPONSE('configureSuccess')}`,
    tests: [
      t(CONFORMANCE, 'answers SessionResponse 200 {connected, newSession: true, readOnly: false, maxCustomDataBytes: 2048}'),
      t(SERVICE, "answers with a SessionResponse with exactly the real fields and the request's tracingId"),
    ],
  },
  {
    section: FRAMES,
    operation: '`StructuredMessage`: the guest\'s own message echoed, Inbound',
    kind: 'frame',
    frameClass: 'StructuredMessage',
    status: 'emulated',
    source: `${sdk('shyrka/receive/StructuredMessage.kt')}, ${RESPONSE('onMessage')}`,
    tests: [
      t(CONFORMANCE, 'a Text message is echoed, Inbound, to every connection of the session'),
      t(SERVICE, 'echoes the guest message Inbound (no originatingEntity)'),
    ],
  },
  {
    section: FRAMES,
    operation: '`StructuredMessage`: an agent\'s or bot\'s text, Outbound (`originatingEntity` Human or Bot)',
    kind: 'message',
    status: 'emulated',
    note: 'Written by the agent view (or its API), Human; and by the deployment\'s inbound message flow (Send Response), Bot.',
    source: sdk('shyrka/receive/StructuredMessage.kt'),
    tests: [
      t(SERVICE, 'reach the guest Outbound, Private, from the agent, Human or Bot'),
      t(FLOWS, 'answers the first message naming the attributes it carried, says there is no GPE session without one, and transfers'),
    ],
  },
  {
    section: FRAMES,
    operation: '`StructuredMessage`: Event Presence Disconnect (the agent ends the conversation)',
    kind: 'message',
    status: 'emulated',
    note: '`metadata.readOnly: "true"` when the deployment ends conversations read-only (the lab\'s); without it for `Send`.',
    source: `${sdkTest('core/messagingclient/MessagingClientConversationDisconnectTest.kt')}, ${RESPONSE('structuredMessageWithEvents')}`,
    tests: [
      t(CONFORMANCE, 'Presence Disconnect reaches the guest; read-only until startNew'),
      t(DEPLOYMENTS, 'conversationDisconnect "Send": the Disconnect is not read-only'),
    ],
  },
  {
    section: FRAMES,
    operation: '`StructuredMessage` as the answer to `echo`',
    kind: 'message',
    status: 'emulated',
    source: RESPONSE('healthCheckResponse'),
    tests: [t(CONFORMANCE, 'echo {message: {type: "Text", text: "ping"}} → response StructuredMessage')],
  },
  {
    section: FRAMES,
    operation: '`StructuredMessage`: Event Typing, Outbound (agent typing indicators)',
    kind: 'message',
    status: 'not emulated',
    names: ['agent typing', 'typingReceived'],
    source: RESPONSE('StructuredEvent.typingOn'),
  },
  {
    section: FRAMES,
    operation: '`StructuredMessage`: Structured with quick replies, cards or carousels (bots and flows)',
    kind: 'message',
    status: 'not emulated',
    names: ['onMessageWithQuickReplies', 'carousel'],
    note: 'The emulated flow sends text only (Send Response); the guest\'s answers to quick replies and cards are accepted (see the requests).',
    source: RESPONSE('onMessageWithQuickReplies'),
  },
  {
    section: FRAMES,
    operation: '`StructuredMessage` with Attachment content',
    kind: 'message',
    status: 'not emulated',
    names: ['onMessageWithAttachment'],
    source: RESPONSE('onMessageWithAttachment'),
  },
  {
    section: FRAMES,
    operation: '`JwtResponse {jwt, exp}`',
    kind: 'frame',
    frameClass: 'JwtResponse',
    status: 'emulated',
    source: `${sdk('shyrka/receive/JwtResponse.kt')}, ${RESPONSE('jwtResponse')}`,
    tests: [t(CONFORMANCE, 'getJwt → JwtResponse {jwt, exp}')],
  },
  {
    section: FRAMES,
    operation: '`SessionExpiredEvent` (a response, body `{}`), after a time of inactivity',
    kind: 'frame',
    frameClass: 'SessionExpiredEvent',
    status: 'emulated',
    source: `${RESPONSE('sessionExpiredEvent')}, ${sdk('core/sessionduration/SessionDurationHandler.kt')}`,
    tests: [
      t(CONFORMANCE, 'a connected guest gets SessionExpiredEvent after the TTL; the token then answers 4006'),
      t(CONFORMANCE, 'durationSeconds is a time of inactivity: a session in use does not expire'),
    ],
  },
  {
    section: FRAMES,
    operation: '`SessionClearedEvent`',
    kind: 'frame',
    frameClass: 'SessionClearedEvent',
    status: 'emulated',
    source: `${sdk('shyrka/receive/SessionClearedEvent.kt')}, ${RESPONSE('sessionClearedEvent')}`,
    tests: [t(CONFORMANCE, 'Presence Clear → SessionClearedEvent, then ConnectionClosedEvent')],
  },
  {
    section: FRAMES,
    operation: '`ConnectionClosedEvent` (closeSession, a 4th connection, Presence Clear)',
    kind: 'frame',
    frameClass: 'ConnectionClosedEvent',
    status: 'emulated',
    source: `${sdk('shyrka/receive/ConnectionClosedEvent.kt')}, ${RESPONSE('connectionClosedEventNoReason')}`,
    tests: [
      t(CONFORMANCE, 'closeSession {closeAllConnections: true}: the others get ConnectionClosedEvent'),
      t(CONFORMANCE, 'th connection closes the OLDEST with ConnectionClosedEvent and is accepted'),
      t(CONFORMANCE, 'Presence Clear → SessionClearedEvent, then ConnectionClosedEvent'),
    ],
  },
  {
    section: FRAMES,
    operation: '`TooManyRequestsErrorMessage` 429 `{retryAfter, errorCode: 4029, errorMessage}`',
    kind: 'frame',
    frameClass: 'TooManyRequestsErrorMessage',
    status: 'emulated',
    note: 'Over 5 messages a second on a session, or 60 requests a minute on a connection.',
    source: `${sdk('shyrka/receive/TooManyRequestsErrorMessage.kt')}, ${RESPONSE('tooManyRequests')}`,
    tests: [
      t(CONFORMANCE, 'messages within a second → TooManyRequestsErrorMessage 429'),
      t(CONFORMANCE, 'requests a minute on one connection → TooManyRequestsErrorMessage'),
    ],
  },
  {
    section: FRAMES,
    operation: '`string` (errors: see the next table)',
    kind: 'frame',
    frameClass: 'string',
    status: 'emulated',
    source: `${sdk('core/ErrorCode.kt')}, ${RESPONSE('webSocketRequestFailed')}`,
    tests: [t(CONFORMANCE, 'a missing token → class "string", code 4020'), t(CONFORMANCE, 'an unknown session token → 4007')],
  },
  ...[
    ['PresignedUrlResponse', 'attachments'],
    ['UploadSuccessEvent', 'attachments'],
    ['UploadFailureEvent', 'attachments'],
    ['AttachmentDeletedResponse', 'attachments'],
    ['GenerateUrlError', 'attachments'],
    ['LogoutEvent', 'authenticated messaging'],
  ].map(([frameClass, what]) => ({
    section: FRAMES,
    operation: `\`${frameClass}\` (${what})`,
    kind: /** @type {const} */ ('frame'),
    frameClass,
    status: /** @type {const} */ ('not emulated'),
    source: `${sdk('shyrka/receive/MessageClassName.kt')}, ${sdk(`shyrka/receive/${frameClass}.kt`)}`,
  })),

  {
    section: ERRORS,
    operation: '400 a bad frame (invalid JSON, an unknown action, a wrong type), with the reason',
    kind: 'error',
    code: 400,
    status: 'emulated',
    source: RESPONSE('webSocketRequestFailed'),
    tests: [t(CONFORMANCE, 'invalid JSON'), REFUSED_ACTION, t(CONFORMANCE, 'text: {}')],
  },
  {
    section: ERRORS,
    operation: '403 text to a read-only conversation',
    kind: 'error',
    code: 403,
    status: 'emulated',
    note: 'Code and text inferred.',
    source: sdkTest('core/messagingclient/MessagingClientConversationDisconnectTest.kt'),
    tests: [t(CONFORMANCE, 'Presence Disconnect reaches the guest; read-only until startNew')],
  },
  {
    section: ERRORS,
    operation: '403 Presence Clear not supported (conversation clearing off for the deployment)',
    kind: 'error',
    code: 403,
    status: 'emulated',
    source: `${sdk('core/ErrorCode.kt')}, ${RESPONSE('clearConversationForbidden')}`,
    tests: [t(DEPLOYMENTS, 'conversationClear off: Presence Clear is refused as Genesys refuses it')],
  },
  {
    section: ERRORS,
    operation: '4006 session expired',
    kind: 'error',
    code: 4006,
    status: 'emulated',
    source: `${sdk('core/ErrorCode.kt')}, ${RESPONSE('sessionExpired')}`,
    tests: [t(CONFORMANCE, 'a connected guest gets SessionExpiredEvent after the TTL; the token then answers 4006')],
  },
  {
    section: ERRORS,
    operation: '4007 session not found',
    kind: 'error',
    code: 4007,
    status: 'emulated',
    source: `${sdk('core/ErrorCode.kt')}, ${RESPONSE('sessionNotFound')}`,
    tests: [t(CONFORMANCE, 'an unknown session token → 4007')],
  },
  {
    section: ERRORS,
    operation: '4011 message too long (text over 4096 UTF-8 bytes)',
    kind: 'error',
    code: 4011,
    status: 'emulated',
    source: `${sdk('core/ErrorCode.kt')}, ${RESPONSE('messageTooLong')}`,
    tests: [t(CONFORMANCE, 'text over 4096 UTF-8 bytes → 4011')],
  },
  {
    section: ERRORS,
    operation: '4013 custom attributes larger than `maxCustomDataBytes` (2048)',
    kind: 'error',
    code: 4013,
    status: 'emulated',
    source: `${sdk('core/ErrorCode.kt')}, ${RESPONSE('customAttributeSizeTooLarge')}`,
    tests: [t(CONFORMANCE, 'custom attributes over maxCustomDataBytes in message.channel.metadata.customAttributes → class "string", 4013')],
  },
  {
    section: ERRORS,
    operation: '4020 missing parameter',
    kind: 'error',
    code: 4020,
    status: 'emulated',
    source: sdk('core/ErrorCode.kt'),
    tests: [t(CONFORMANCE, 'a missing token → class "string", code 4020')],
  },
];

/** A Messenger SDK row: a command or event of one plugin. */
function sdkRow(kind, name, status, source, tests = [], extra = {}) {
  const row = /** @type {Row} */ ({ section: `Messenger SDK: ${name.split('.')[0]}`, operation: `\`${name}\``, kind, name, status, source, ...extra });
  if (status === 'not emulated') {
    if (kind === 'command') row.refusedBy = [REFUSED_COMMAND];
  } else {
    row.tests = tests;
  }
  return row;
}
const command = (name, status, source, tests, extra) => sdkRow('command', name, status, source, tests, extra);
const event = (name, status, source, tests, extra) => sdkRow('event', name, status, source, tests, extra);
const none = (kind, names, source, extra) => names.map((name) => sdkRow(kind, name, 'not emulated', source, [], extra));

const READY = t(NOT_EMULATED, 'at start the ready events are published');
const STILL_RESOLVE = t(NOT_EMULATED, 'the commands it emulates still resolve');
const CLEARING = t(NOT_EMULATED, 'MessagingService.clearSession publishes sessionCleared; Messenger.clear publishes cleared');
const PAYLOADS = t(RUNTIME_MODEL, 'started, sendingMessage and messagesReceived carry the documented payloads');
const OPEN_CLOSE = t(OFFLINE, 'Messenger.open and close drive the chat window');
const DISCONNECTED = t(RUNTIME_MODEL, 'the agent ends the conversation: disconnected, read-only');
const CLEAR_CONVERSATION = t(OFFLINE, 'MessagingService.clearConversation ends the conversation in the cloud');
const JOURNEY_SERVICE = t(SERVICE, 'records Journey events and refuses bad ones');
const JOURNEY_AT_LOAD = t(EMULATOR_JOURNEY, 'the automatic page view at load creates the visitor and its GPE session');
const JOURNEY_AT_ONCE = t(EMULATOR_JOURNEY, 'Journey.record reaches the service at once');
const JOURNEY_OFF = t(EMULATOR_JOURNEY, 'journeyEvents off: no Journey.ready');
const JOURNEY_OPTIONS = t(EMULATOR_JOURNEY, 'Journey commands take objects');
const DROPPED = t(RUNTIME_MODEL, 'a dropped connection publishes offline, reconnects with the same token, then reconnected');

/** @type {Row[]} */
const SDK_ROWS = [
  command('Database.set', 'emulated', PLUGIN.Database, [
    t(RUNTIME_MODEL, 'Set merges; a message carries the whole set once'),
    t(EMULATOR_DATABASE, 'pending after a set, the whole set taken once'),
  ], { note: 'Shallow merge; the whole set travels with the next guest message, as in the transport SDK (`CustomAttributesStoreImpl`).' }),
  command('Database.update', 'emulated', PLUGIN.Database, [t(RUNTIME_MODEL, 'Database.update merges too')]),
  command('Database.get', 'emulated', PLUGIN.Database, [t(RUNTIME_MODEL, 'Get reads a dotted path or the whole database'), STILL_RESOLVE]),
  command('Database.remove', 'emulated', PLUGIN.Database, [t(RUNTIME_MODEL, 'Remove deletes from the page only')]),
  event('Database.ready', 'emulated', PLUGIN.Database, [READY, t(RUNTIME_MODEL, 'Database commands before Database.ready are accepted, queued')]),
  event('Database.updated', 'emulated', PLUGIN.Database, [t(RUNTIME_MODEL, 'Set merges; a message carries the whole set once')], {
    note: 'Payload (the whole database) inferred.',
  }),
  event('Database.removed', 'emulated', PLUGIN.Database, [t(RUNTIME_MODEL, 'Remove deletes from the page only')], { note: 'Payload inferred.' }),

  command('MessagingService.startConversation', 'emulated', PLUGIN.MessagingService, [t(RUNTIME_MODEL, 'startConversation starts one when there is none')]),
  command('MessagingService.sendMessage', 'emulated', PLUGIN.MessagingService, [PAYLOADS]),
  command('MessagingService.sendTyping', 'emulated', PLUGIN.MessagingService, [PAYLOADS]),
  command('MessagingService.fetchHistory', 'partial', PLUGIN.MessagingService, [STILL_RESOLVE], {
    missing: 'resolves with the messages the chat shows; no paging of older messages, no `oldMessages` or `historyComplete`',
  }),
  command('MessagingService.resetConversation', 'emulated', PLUGIN.MessagingService, [DISCONNECTED]),
  command('MessagingService.clearConversation', 'emulated', PLUGIN.MessagingService, [CLEAR_CONVERSATION]),
  command('MessagingService.clearSession', 'emulated', PLUGIN.MessagingService, [CLEARING]),
  ...none(
    'command',
    [
      'MessagingService.requestUpload',
      'MessagingService.getFile',
      'MessagingService.refreshFiles',
      'MessagingService.downloadFile',
      'MessagingService.deleteFile',
      'MessagingService.clearTypingTimeout',
      'MessagingService.stepUpConversation',
    ],
    PLUGIN.MessagingService,
  ),
  event('MessagingService.ready', 'emulated', PLUGIN.MessagingService, [READY]),
  event('MessagingService.started', 'emulated', PLUGIN.MessagingService, [PAYLOADS, t(NOT_EMULATED, 'the first MessagingService.sendMessage starts the conversation')], {
    note: '`authenticated` is always false.',
  }),
  event('MessagingService.sendingMessage', 'emulated', PLUGIN.MessagingService, [PAYLOADS]),
  event('MessagingService.messagesReceived', 'emulated', PLUGIN.MessagingService, [PAYLOADS]),
  event('MessagingService.restored', 'emulated', PLUGIN.MessagingService, [t(RUNTIME_MODEL, 'after a reload the session is restored')]),
  event('MessagingService.sessionCleared', 'emulated', PLUGIN.MessagingService, [CLEARING]),
  event('MessagingService.offline', 'emulated', PLUGIN.MessagingService, [DROPPED, t(EMULATOR_MESSAGING, 'an unexpected drop: offline, then reconnected')]),
  event('MessagingService.reconnected', 'emulated', PLUGIN.MessagingService, [DROPPED, t(EMULATOR_MESSAGING, 'an unexpected drop: offline, then reconnected')]),
  event('MessagingService.conversationDisconnected', 'emulated', PLUGIN.MessagingService, [
    DISCONNECTED,
    t(EMULATOR_MESSAGING, 'an Outbound Presence Disconnect makes the conversation read-only'),
  ]),
  event('MessagingService.conversationCleared', 'emulated', PLUGIN.MessagingService, [CLEAR_CONVERSATION]),
  event('MessagingService.error', 'emulated', PLUGIN.MessagingService, [t(RUNTIME_MODEL, 'an error frame from the service is published as error {error}')]),
  event('MessagingService.customAttributesSizeExceeded', 'emulated', PLUGIN.MessagingService, [
    t(RUNTIME_MODEL, 'a Set that would go over the limit is refused whole'),
    t(EMULATOR_MESSAGING, 'a string/4013 answer publishes customAttributesSizeExceeded'),
  ], { note: 'Payload as third parties quote it (unverified).' }),
  ...none(
    'event',
    [
      'MessagingService.uploading',
      'MessagingService.uploadApproved',
      'MessagingService.fileUploaded',
      'MessagingService.fileUploadError',
      'MessagingService.fileUploadCancelled',
      'MessagingService.fileReceived',
      'MessagingService.messagesUpdated',
      'MessagingService.fileDownloaded',
      'MessagingService.fileDownloadError',
      'MessagingService.fileDeleted',
      'MessagingService.oldMessages',
      'MessagingService.historyComplete',
      'MessagingService.typingReceived',
      'MessagingService.typingTimeout',
      'MessagingService.clientTypingStarted',
      'MessagingService.reconnecting',
      'MessagingService.readOnlyConversation',
      'MessagingService.conversationReset',
      'MessagingService.cobrowseOffer*',
      'MessagingService.allowedFileTypes',
      'MessagingService.steppedUpConversation',
    ],
    PLUGIN.MessagingService,
  ),

  command('Messenger.open', 'emulated', PLUGIN.Messenger, [OPEN_CLOSE, STILL_RESOLVE]),
  command('Messenger.close', 'emulated', PLUGIN.Messenger, [OPEN_CLOSE, STILL_RESOLVE]),
  command('Messenger.clear', 'emulated', PLUGIN.Messenger, [t(RUNTIME_MODEL, 'Messenger.clear closes the session on the service'), CLEARING]),
  ...none('command', ['Messenger.openConversation', 'Messenger.openSearch', 'Messenger.openCobrowse'], PLUGIN.Messenger),
  event('Messenger.ready', 'emulated', PLUGIN.Messenger, [READY]),
  event('Messenger.opened', 'emulated', PLUGIN.Messenger, [OPEN_CLOSE, STILL_RESOLVE]),
  event('Messenger.closed', 'emulated', PLUGIN.Messenger, [OPEN_CLOSE, STILL_RESOLVE]),
  event('Messenger.cleared', 'emulated', PLUGIN.Messenger, [t(RUNTIME_MODEL, 'Messenger.clear closes the session on the service'), CLEARING]),

  command('Launcher.show', 'emulated', PLUGIN.Launcher, [STILL_RESOLVE]),
  command('Launcher.hide', 'emulated', PLUGIN.Launcher, [OPEN_CLOSE, STILL_RESOLVE]),
  event('Launcher.ready', 'emulated', PLUGIN.Launcher, [READY]),
  ...none('event', ['Launcher.visible', 'Launcher.hidden'], PLUGIN.Launcher),

  event('Conversations.ready', 'emulated', PLUGIN.Conversations, [READY]),
  event('Conversations.opened', 'emulated', PLUGIN.Conversations, [STILL_RESOLVE]),
  event('Conversations.started', 'emulated', PLUGIN.Conversations, [t(NOT_EMULATED, 'the first MessagingService.sendMessage starts the conversation')]),
  event('Conversations.closed', 'emulated', PLUGIN.Conversations, [STILL_RESOLVE]),
  ...none('event', ['Conversations.error'], PLUGIN.Conversations),

  command(
    'Journey.pageview',
    'partial',
    PLUGIN.Journey,
    [
      t(OFFLINE, "Journey events reach the cloud on the visitor's session, linked to the conversation"),
      JOURNEY_AT_LOAD,
      JOURNEY_AT_ONCE,
      t(EMULATOR_JOURNEY, 'pageviewConfig: Off sends no page view at load'),
      JOURNEY_OFF,
      JOURNEY_OPTIONS,
      JOURNEY_SERVICE,
    ],
    {
      missing: 'sent at once to the visitor\'s GPE session, with the page\'s browser and device; a page view at load as the deployment\'s pageviewConfig says (URL changes by `history.pushState` are not seen); no segments, outcomes or action maps',
    },
  ),
  command('Journey.record', 'partial', PLUGIN.Journey, [JOURNEY_AT_ONCE, t(NOT_EMULATED, 'Journey.record is sent to the service with an eventName'), JOURNEY_OFF, JOURNEY_OPTIONS, JOURNEY_SERVICE], {
    missing: 'sent at once to the visitor\'s GPE session; no segments, outcomes or action maps',
  }),
  ...none(
    'command',
    ['Journey.formsTrack', 'Journey.trackClickEvents', 'Journey.trackIdleEvents', 'Journey.trackInViewport', 'Journey.trackScrollDepth', 'Journey.recordActionStateChange'],
    PLUGIN.Journey,
  ),
  event('Journey.ready', 'emulated', PLUGIN.Journey, [READY, JOURNEY_OFF], {
    note: 'Only when the deployment\'s `journeyEvents.enabled` (config.json) is on; off, Journey commands reject (how Genesys fails them is inferred).',
  }),
  ...none('event', ['Journey.qualifiedWebMessagingOffer', 'Journey.qualifiedContentOffer', 'Journey.qualifiedOpenAction'], PLUGIN.Journey),
  command(
    'Identifiers.purgeAll',
    'emulated',
    `${LAB}, ${GPE_COOKIES}`,
    [t(EMULATOR_JOURNEY, 'Identifiers.purgeAll forgets the visitor'), t(EMULATOR_JOURNEY, 'the customer id survives a reload of the frame')],
    { note: 'The lab\'s Clear Session sends it: the visitor\'s customer id (`_<deploymentId>:actmu`) and GPE session are forgotten; the next event makes new ones.' },
  ),

  ...none('command', ['Toaster.open', 'Toaster.accept', 'Toaster.decline', 'Toaster.close'], PLUGIN.Toaster),
  ...none('event', ['Toaster.ready', 'Toaster.opened', 'Toaster.accepted', 'Toaster.declined', 'Toaster.closed', 'Toaster.error'], PLUGIN.Toaster),
  ...none(
    'command',
    [
      'KnowledgeService.search',
      'KnowledgeService.getSuggestions',
      'KnowledgeService.getCategories',
      'KnowledgeService.getArticle',
      'KnowledgeService.getArticlesByCategory',
      'KnowledgeService.getTopViewedArticles',
      'KnowledgeService.sendFeedback',
      'KnowledgeService.getSession',
    ],
    PLUGIN.KnowledgeService,
  ),
  ...none('event', ['KnowledgeService.*'], PLUGIN.KnowledgeService, { operation: '`KnowledgeService.*` (ready and the result events)' }),
  ...none('command', ['AuthProvider.*', 'Auth.*'], PLUGIN.AuthProvider, { note: 'Authenticated messaging: no sign-in, no JWT upgrade.' }),
  ...none('event', ['AuthProvider.*', 'Auth.*'], PLUGIN.AuthProvider),
  ...none('command', ['CobrowseService.*'], PLUGIN.index),
  ...none('event', ['CobrowseService.*'], PLUGIN.index),
  ...none('command', ['Engage.*'], PLUGIN.index),
  ...none('event', ['Engage.*'], PLUGIN.index),
  event('GenesysJS.domainNotAllowed', 'emulated', PLUGIN.index, [t(NOT_EMULATED, 'config.json answered 403 {error, origin}: GenesysJS.domainNotAllowed')], {
    note: 'Data `{origin, deploymentId}` inferred (Genesys documents the name only); Messenger does not start.',
  }),
];

/** @type {Row[]} */
export const ROWS = [...SERVICE_ROWS, ...SDK_ROWS];

// ------------------------------------------------------------------ reading the facts

/**
 * The node test runner's TAP output → the tests (not the suites) with their results.
 * @param {string} tap
 * @returns {Array<{ title: string, ok: boolean, skipped: boolean }>}
 */
export function parseTap(tap) {
  const lines = tap.split(/\r?\n/);
  /** @type {Array<{ title: string, ok: boolean, skipped: boolean, indent: number, suite: boolean }>} */
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const match = /^(\s*)(not ok|ok) \d+ - (.*)$/.exec(lines[i]);
    if (!match) continue;
    let name = match[3];
    let skipped = false;
    const directive = /^(.*?)(?<!\\) # (SKIP|TODO)\b.*$/i.exec(name);
    if (directive) {
      name = directive[1];
      skipped = true;
    }
    const entry = { title: unescapeTap(name), ok: match[2] === 'ok', skipped, indent: match[1].length, suite: false };
    // The YAML block that follows says whether this was a suite (describe).
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j];
      if (/^\s*\.\.\.\s*$/.test(line)) break;
      if (/^\s*(not ok|ok) \d+ - /.test(line) || /^\s*# Subtest: /.test(line)) break;
      if (/^\s*type: 'suite'\s*$/.test(line)) entry.suite = true;
    }
    found.push(entry);
  }
  return found.filter((e) => !e.suite).map(({ title, ok, skipped }) => ({ title, ok, skipped }));
}

/** @param {string} name */
function unescapeTap(name) {
  return name.replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
}

/**
 * Runs one node suite (its own process, TAP) and returns its tests' results.
 * @param {string} file relative to the repository
 */
export function runNodeSuite(file, { timeoutMs = 180_000 } = {}) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    // Under `node --test` (the coverage test) this would make the child report to it, not in TAP.
    delete env.NODE_TEST_CONTEXT;
    const child = spawn(process.execPath, ['--test', '--test-reporter=tap', file], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      const tests = parseTap(out);
      if (tests.length === 0) reject(new Error(`${file} reported no tests:\n${(err || out).slice(0, 2000)}`));
      else resolve(tests);
    });
  });
}

/**
 * The titles of the literal `it('…')` of the browser tests (template titles are skipped).
 * @returns {Map<string, string[]>} file → titles
 */
export function browserTitles(root = ROOT, dirs = BROWSER_DIRS) {
  const titles = new Map();
  for (const dir of dirs) {
    for (const name of readdirSync(path.join(root, dir)).sort()) {
      if (!name.endsWith('.test.ts')) continue;
      const file = `${dir}/${name}`;
      const text = readFileSync(path.join(root, file), 'utf8');
      const list = [];
      for (const match of text.matchAll(/\bit\(\s*(['"])((?:\\.|(?!\1)[^\\])*)\1\s*,/g)) {
        list.push(match[2].replace(/\\(.)/g, '$1'));
      }
      titles.set(file, list);
    }
  }
  return titles;
}

/**
 * What the runtime emulates, read from its source: the commands of its handler tables
 * (`'Plugin.command'(…) {` methods) and the events of its `publish(…)` calls.
 * @returns {{ commands: Set<string>, events: Set<string> }}
 */
export function runtimeFacts(root = ROOT, dir = RUNTIME_DIR) {
  const commands = new Set();
  const events = new Set();
  for (const name of readdirSync(path.join(root, dir)).sort()) {
    if (!name.endsWith('.js')) continue;
    const text = readFileSync(path.join(root, dir, name), 'utf8');
    for (const match of text.matchAll(/^\s*(['"])([A-Z][A-Za-z]*\.[A-Za-z]+)\1\s*\([^)]*\)\s*\{/gm)) commands.add(match[2]);
    for (const match of text.matchAll(/\bpublish\(([^,)]*)/g)) {
      for (const literal of match[1].matchAll(/(['"])([A-Z][A-Za-z]*\.[A-Za-z]+)\1/g)) events.add(literal[2]);
    }
  }
  return { commands, events };
}

// ------------------------------------------------------------------ checking

/** A `Plugin.name`, `Plugin.*` or `Plugin.prefix*` as a pattern over names and titles. */
function namePattern(name) {
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (name.endsWith('*')) return new RegExp(`(?<![\\w.])${escape(name.slice(0, -1))}\\w*`);
  return new RegExp(`(?<![\\w.])${escape(name)}(?![\\w])`);
}

/** What titles naming a not-emulated row would contain. */
function namesOf(row) {
  if (row.names) return row.names;
  if (row.name) return [row.name];
  if (row.action) return [row.action];
  if (row.frameClass) return [row.frameClass];
  return [];
}

/**
 * Checks the rows against the facts; returns every problem, and each row's proofs.
 * @param {{
 *   rows: Row[],
 *   nodeResults: Map<string, Array<{ title: string, ok: boolean, skipped: boolean }>>,
 *   browser: Map<string, string[]>,
 *   runtime: { commands: Set<string>, events: Set<string> },
 *   contract?: { actions: string[], frameClasses: string[], errorCodes: number[] },
 * }} facts
 */
export function check({ rows, nodeResults, browser, runtime, contract = CONTRACT }) {
  /** @type {string[]} */
  const problems = [];
  /** @type {Map<Row, Array<{ file: string, title: string }>>} */
  const proofs = new Map();
  const label = (row) => `${row.section} › ${row.operation}`;

  /** The tests a reference finds; a problem when none, or one of a node suite did not pass. */
  function resolve(row, ref) {
    if (nodeResults.has(ref.file)) {
      const matches = nodeResults.get(ref.file).filter((test) => test.title.includes(ref.title));
      if (matches.length === 0) problems.push(`${label(row)}: no test in ${ref.file} has "${ref.title}" in its title.`);
      for (const test of matches) {
        if (!test.ok || test.skipped) problems.push(`${label(row)}: "${test.title}" (${ref.file}) ${test.skipped ? 'was skipped' : 'failed'}.`);
      }
      return matches.map((test) => ({ file: ref.file, title: test.title }));
    }
    if (browser.has(ref.file)) {
      const matches = browser.get(ref.file).filter((title) => title.includes(ref.title));
      if (matches.length === 0) problems.push(`${label(row)}: no test in ${ref.file} has "${ref.title}" in its title.`);
      return matches.map((title) => ({ file: ref.file, title }));
    }
    problems.push(`${label(row)}: ${ref.file} is neither a node suite that ran nor a browser test file.`);
    return [];
  }

  for (const row of rows) {
    const emulated = row.status !== 'not emulated';
    if (!['emulated', 'partial', 'not emulated'].includes(row.status)) problems.push(`${label(row)}: unknown status "${row.status}".`);
    if (row.status === 'partial' && !row.missing) problems.push(`${label(row)}: a partial row says what is missing.`);
    if (!row.source) problems.push(`${label(row)}: no public source.`);
    const refs = emulated ? row.tests || [] : row.refusedBy || [];
    if (emulated && refs.length === 0) problems.push(`${label(row)}: marked ${row.status} but names no test that proves it.`);
    if (!emulated && row.tests && row.tests.length) problems.push(`${label(row)}: marked not emulated but names tests that prove it works.`);
    const found = refs.flatMap((ref) => resolve(row, ref));
    proofs.set(row, dedupe(found));

    // The contract and the runtime agree with the status.
    if (row.kind === 'action' && emulated !== contract.actions.includes(row.action)) {
      problems.push(`${label(row)}: marked ${row.status}, but the service ${emulated ? 'has no' : 'has the'} action ${row.action} (ACTIONS).`);
    }
    if (row.kind === 'frame' && emulated !== contract.frameClasses.includes(row.frameClass)) {
      problems.push(`${label(row)}: marked ${row.status}, but the service ${emulated ? 'never sends' : 'sends'} ${row.frameClass} (FRAME_CLASSES).`);
    }
    if (row.kind === 'error' && emulated && !contract.errorCodes.includes(row.code)) {
      problems.push(`${label(row)}: marked ${row.status}, but ${row.code} is not in ERROR_CODES.`);
    }
    if (row.kind === 'command' || row.kind === 'event') {
      const known = row.kind === 'command' ? runtime.commands : runtime.events;
      const pattern = namePattern(row.name);
      const inRuntime = [...known].filter((name) => pattern.test(name));
      if (emulated && inRuntime.length === 0) problems.push(`${label(row)}: marked ${row.status}, but the runtime has no ${row.kind} ${row.name}.`);
      if (!emulated && inRuntime.length) problems.push(`${label(row)}: marked not emulated, but the runtime has the ${row.kind} ${inRuntime.join(', ')}.`);
    }

    // A test that names a not-emulated operation (and is not its refusal's proof).
    if (!emulated) {
      const allowed = new Set(found.map((p) => `${p.file}\n${p.title}`));
      for (const name of namesOf(row)) {
        const pattern = name.includes('.') || /^[A-Z]/.test(name) ? namePattern(name) : new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
        for (const [file, tests] of nodeResults) {
          for (const test of tests) {
            if (test.ok && !test.skipped && pattern.test(test.title) && !allowed.has(`${file}\n${test.title}`)) {
              problems.push(`${label(row)}: marked not emulated, but the passing test "${test.title}" (${file}) names ${name}.`);
            }
          }
        }
        for (const [file, titles] of browser) {
          for (const title of titles) {
            if (pattern.test(title) && !allowed.has(`${file}\n${title}`)) {
              problems.push(`${label(row)}: marked not emulated, but the test "${title}" (${file}) names ${name}.`);
            }
          }
        }
      }
    }
  }

  // Everything the service and the runtime do has a row.
  const covered = (kind, key) => rows.some((row) => row.kind === kind && row.status !== 'not emulated' && key(row));
  for (const action of contract.actions) {
    if (!covered('action', (row) => row.action === action)) problems.push(`The service's action ${action} (ACTIONS) has no emulated row.`);
  }
  for (const frameClass of contract.frameClasses) {
    if (!covered('frame', (row) => row.frameClass === frameClass)) problems.push(`The service's frame class ${frameClass} (FRAME_CLASSES) has no emulated row.`);
  }
  for (const [kind, names] of [
    ['command', runtime.commands],
    ['event', runtime.events],
  ]) {
    for (const name of names) {
      if (!covered(kind, (row) => namePattern(row.name).test(name))) problems.push(`The runtime's ${kind} ${name} has no emulated or partial row.`);
    }
  }
  return { problems, proofs };
}

/** @param {Array<{ file: string, title: string }>} list */
function dedupe(list) {
  const seen = new Set();
  return list.filter((p) => {
    const key = `${p.file}\n${p.title}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The contract the service speaks by. */
export const CONTRACT = {
  actions: Object.values(ACTIONS),
  frameClasses: Object.values(FRAME_CLASSES),
  errorCodes: Object.values(ERROR_CODES),
};

// ------------------------------------------------------------------ the document

/** A test's title as the document shows it: without the notes' section references. */
function shownTitle(title) {
  return title
    .replace(/\s*\([^()]*docs\/[\w-]+\.md#[^()]*\)/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function statusCell(row) {
  if (row.status === 'partial') return `**partial**: ${row.missing}`;
  return `**${row.status}**`;
}

function proofCell(row, proofs) {
  const list = proofs.get(row) || [];
  if (row.status === 'not emulated') {
    if (list.length) return `refused: ${list.map((p) => `\`${p.file.split('/').pop()}\` ${shownTitle(p.title)}`).join('<br>')}`;
    return row.kind === 'event' ? 'never published (not in the runtime)' : row.kind === 'frame' ? 'never sent (not a class the service sends)' : 'never sent';
  }
  return list.map((p) => `\`${p.file.split('/').pop()}\` ${shownTitle(p.title)}`).join('<br>');
}

/**
 * The document.
 * @param {Row[]} rows
 * @param {Map<Row, Array<{ file: string, title: string }>>} proofs
 */
export function render(rows, proofs) {
  const sections = [...new Set(rows.map((row) => row.section))];
  const count = (list, status) => list.filter((row) => row.status === status).length;
  const out = [];
  out.push('# How faithful the offline Genesys is');
  out.push('');
  out.push(
    'Generated by `npm run coverage` (`scripts/coverage.mjs`) from the test suites and the runtime\'s own command tables; do not edit it by hand. ' +
      'The check in `test/scripts/coverage.test.mjs` fails when this file and a fresh run disagree.',
  );
  out.push('');
  out.push('Each row is one operation of Genesys Cloud Web Messaging, marked');
  out.push('');
  out.push('- **emulated**: it behaves as the public source describes, and the tests named beside it prove it;');
  out.push('- **partial**: what is emulated is proved by the tests named beside it; what is missing is said;');
  out.push('- **not emulated**: the offline Genesys does not do it, and says so: the runtime rejects such a command with "`<Plugin.command>` is not emulated by the offline Genesys" and publishes nothing; the service answers such an action with 400; a frame marked so is never sent.');
  out.push('');
  out.push('How a row is proved:');
  out.push('');
  out.push(
    `- Service rows (requests, frames, errors, HTTP): the node suites (${NODE_SUITES.map((f) => `\`${f}\``).join(', ')}) are run when the table is made, and every test named must pass. ` +
      'The actions and frame classes the service speaks (the shared contract, `src/genesys/contract.js`) must each have an emulated row.',
  );
  out.push(
    '- Messenger SDK rows: the runtime\'s own handler tables and published events, read from `emulator/runtime/`: a command or event is **emulated** or **partial** exactly when the runtime has it. ' +
      'The browser tests named (under `test/emulator/` and `test/e2e/`) must exist; they run under web-test-runner with `npm test`.',
  );
  out.push('- A test whose title names an operation marked **not emulated** makes the table fail, unless it is the test that proves the refusal.');
  out.push('');
  out.push('| Area | emulated | partial | not emulated |');
  out.push('|---|---|---|---|');
  for (const section of sections) {
    const list = rows.filter((row) => row.section === section);
    out.push(`| ${section} | ${count(list, 'emulated')} | ${count(list, 'partial')} | ${count(list, 'not emulated')} |`);
  }
  out.push(`| **All** | ${count(rows, 'emulated')} | ${count(rows, 'partial')} | ${count(rows, 'not emulated')} |`);
  for (const section of sections) {
    out.push('');
    out.push(`## ${section}`);
    out.push('');
    out.push('| Operation | Status | Expected shape from | Proved by |');
    out.push('|---|---|---|---|');
    for (const row of rows.filter((r) => r.section === section)) {
      const operation = row.note ? `${row.operation}<br><sub>${cell(row.note)}</sub>` : row.operation;
      out.push(`| ${cell(operation)} | ${cell(statusCell(row))} | ${cell(row.source)} | ${cell(proofCell(row, proofs))} |`);
    }
    if (section === ERRORS) {
      out.push('');
      out.push('5000 (unexpected) is sent only when the service has a bug: no test provokes it, and it is not counted here.');
    }
  }
  out.push('');
  return out.join('\n');
}

// ------------------------------------------------------------------ the whole

/**
 * Runs the node suites, reads the runtime and the browser tests, checks the rows and renders.
 * @returns {Promise<{ text: string, problems: string[] }>}
 */
export async function generate({ rows = ROWS } = {}) {
  const results = await Promise.all(NODE_SUITES.map((file) => runNodeSuite(file)));
  const nodeResults = new Map(NODE_SUITES.map((file, i) => [file, results[i]]));
  const { problems, proofs } = check({ rows, nodeResults, browser: browserTitles(), runtime: runtimeFacts() });
  // Only what the rows name reaches the document: a new test elsewhere in a suite changes nothing.
  return { text: render(rows, proofs), problems };
}

async function main() {
  const checkOnly = process.argv.includes('--check');
  const { text, problems } = await generate();
  if (problems.length) {
    console.error(`coverage: the table and the suites disagree (${problems.length}):\n- ${problems.join('\n- ')}`);
    process.exit(1);
  }
  const file = path.join(ROOT, OUTPUT);
  if (checkOnly) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      /* missing: stale */
    }
    if (current !== text) {
      console.error(`coverage: ${OUTPUT} is out of date; run npm run coverage.`);
      process.exit(1);
    }
    console.log(`coverage: ${OUTPUT} is up to date.`);
    return;
  }
  writeFileSync(file, text);
  console.log(`coverage: wrote ${OUTPUT} (${ROWS.length} rows).`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
