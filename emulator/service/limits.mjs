// @ts-check
/**
 * The bounds in force: Genesys's own (the shared contract) and the emulator's, which a room
 * needs and Genesys does not document. Overridable per service: `new GuestService({ limits })`.
 */
import { LIMITS as GENESYS_LIMITS } from '../../src/genesys/contract.js';

/** The contract's limits, plus the emulator's own (not Genesys facts). */
export const LIMITS = Object.freeze({
  ...GENESYS_LIMITS,
  /** Largest frame accepted; the real service's is not documented (inferred). */
  maxFrameBytes: 64 * 1024,
  /** Largest HTTP request body the agent API reads. */
  maxBodyBytes: 16 * 1024,
  /** A JWT from getJwt lives this long, or less if the session ends sooner (inferred). */
  jwtSeconds: 60 * 60,
  /** History pages: default and largest pageSize (inferred). */
  defaultPageSize: 25,
  maxPageSize: 100,
  /** Tokens of expired sessions remembered (as hashes) so they get 4006, not 4007. */
  expiredTokensKept: 10_000,
  /** The agent's nickname, at most this many characters. */
  maxNicknameLength: 64,
  // ---- Bounds for a room (40 students × a day, with room to spare); see emulator/README.md.
  /** Conversations kept; beyond, the oldest ended ones go first, then the oldest idle ones. */
  maxConversations: 5000,
  /** Guest sessions kept; beyond, the oldest without a connection go first. */
  maxSessions: 5000,
  /** A conversation with no activity for this long is forgotten (24 h: a workshop day). */
  conversationIdleMs: 24 * 60 * 60 * 1000,
  /** Messages kept per conversation; beyond, the oldest are dropped (a workshop sends ~20). */
  maxMessagesPerConversation: 200,
  /** Open WebSockets; beyond, upgrades get 503. */
  maxSockets: 5000,
  /** WebSocket ping every this many ms; a socket that missed the previous pong is terminated. */
  pingIntervalMs: 30_000,
  /** Agent views streaming at once (40 students + instructors); beyond, 503. */
  maxStreamClients: 100,
  /** An event-stream client with more than this many bytes unsent is dropped (it reconnects). */
  streamMaxBufferedBytes: 1024 * 1024,
  /** What one flush may add to a stream's unsent bytes (many conversations changing at once); beyond, the client is dropped. */
  streamMaxFlushBytes: 4 * 1024 * 1024,
  /** Changes within this many ms go out as one message per changed conversation. */
  streamCoalesceMs: 50,
  /** Conversations in a stream's first snapshot, and a page's default and largest size. */
  snapshotLimit: 200,
  defaultListLimit: 100,
  maxListLimit: 500,
  /** A stream ticket (for EventSource, which cannot send headers) lives this long, once. */
  ticketMs: 30_000,
  // ---- Bounds on what one client can send or hold (see clients.mjs and emulator/README.md).
  /** A request's tracingId, which every answer repeats: at most this many characters (400 beyond). */
  maxTracingIdLength: 256,
  /** How deep a frame or an HTTP body may nest (400 beyond); Genesys's frames nest 5 at most. */
  maxInputDepth: 16,
  /** A socket with more than this many bytes queued unsent (it stopped reading) is dropped. */
  maxSocketBufferedBytes: 64 * 1024,
  /** Open WebSockets per client address; beyond, upgrades get 429. */
  maxSocketsPerClient: 100,
  /** Guest sessions per client address; beyond, that client's own oldest go first. */
  maxSessionsPerClient: 200,
  /** Conversations per client address; beyond, that client's own oldest go first. */
  maxConversationsPerClient: 400,
  /** Bytes of messages and attributes kept, per client address and in all; beyond, the oldest conversations go (the client's own, or the biggest holder's). */
  maxStoredBytesPerClient: 8 * 1024 * 1024,
  maxStoredBytes: 256 * 1024 * 1024,
  /** Per client address, per minute (bursts up to the same number): frames, upgrades, new sessions, Journey events, student keys claimed. */
  framesPerMinutePerClient: 1200,
  upgradesPerMinutePerClient: 300,
  sessionsPerMinutePerClient: 120,
  journeyPerMinutePerClient: 120,
  claimsPerMinutePerClient: 10,
  /** Client addresses remembered (for their rates); the longest idle holding nothing go first. */
  maxClients: 10_000,
  /** A Journey event's data: nesting depth and size as JSON (inferred; the lab's deepest is 3). */
  maxJourneyDepth: 4,
  maxJourneyBytes: 4096,
  // ---- Predictive Engagement (journeys.mjs): visitors, their GPE sessions and events.
  /**
   * A GPE session goes on while its visitor is active: an event more than this long after the
   * session's last one starts a new session (inferred: 30 minutes, the web-analytics custom;
   * Genesys documents no figure).
   */
  journeyIdleMs: 30 * 60 * 1000,
  /** GPE sessions kept, in all and per client address; beyond, the oldest go (a visitor goes with its last session). */
  maxJourneySessions: 5000,
  maxJourneySessionsPerClient: 200,
  /** Events kept per GPE session: the newest this many (eventCount still counts every one). */
  journeyEventsPerSession: 100,
  /** Attributes (custom attributes projected on the session) and traits kept per GPE session; a further key pushes out the oldest. */
  journeyAttributesPerSession: 50,
  journeyTraitsPerSession: 20,
  /** A GPE session with no event for this long is forgotten (the sweep), as a conversation is. */
  journeySessionForgetMs: 24 * 60 * 60 * 1000,
  /** Strings in a Journey event's context and data: a page's URL, its title, anything else (keys, names, values). */
  maxJourneyUrlLength: 2048,
  maxJourneyTitleLength: 512,
  maxJourneyTextLength: 256,
  /** A GPE session in an agent-view update carries its newest this many events; the API has all kept. */
  streamJourneyEvents: 50,
  /** GPE sessions in a stream's first snapshot: at most this many, within this many bytes (`moreJourneySessions` beyond). */
  snapshotJourneySessions: 200,
  snapshotJourneyMaxBytes: 256 * 1024,
  /** Deployments with settings of their own, and the allowed domains one may list. */
  maxDeploymentSettings: 5000,
  maxAllowedDomains: 50,
  // ---- Flows and the Agent Script (flows.mjs, agent-script.mjs): Architect's and Script's own
  // limits are not the emulator's to know (inferred, generous for a lab); Get Participant Data's is.
  /** Actions in one inbound message flow, all nesting levels counted. */
  maxFlowActions: 100,
  /** How deep decisions may nest: a decision in the flow's own list is level 1. */
  maxFlowDepth: 8,
  /** Any text in a flow (a template, a name, a value), in characters. */
  maxFlowString: 1024,
  /** Get Participant Data runs at most this often per guest session (Genesys's bot-flow limit). */
  flowParticipantDataReads: 50,
  /** Entries in a conversation's flow trace; each entry's detail at most maxFlowDetail characters. */
  maxFlowTrace: 120,
  maxFlowDetail: 400,
  /** Deployments with a flow, or a script, of their own (the rest run the lab's defaults). */
  maxCustomFlows: 5000,
  maxCustomScripts: 5000,
  /** An Agent Script's template (characters), its input variables and output variables. */
  maxScriptTemplate: 4096,
  maxScriptInputs: 50,
  maxScriptOutputs: 20,
  /** A participant data value the script writes back, in characters. */
  maxParticipantDataValue: 1024,
  /** Student keys (one per deployment) the room holds. */
  maxStudentKeys: 5000,
  /** Agent-view streams per student key, and student streams per client address; a further one closes that key's (or address's) oldest. */
  maxStreamsPerKey: 3,
  maxStudentStreamsPerClient: 4,
  /** Student keys one client address may claim. */
  maxKeysPerClient: 5,
  /** HTTP connections (WebSockets included) per client address; beyond, new ones are closed at once. */
  maxConnectionsPerClient: 200,
  /** Requests to /api/… per client address, per minute. */
  apiPerMinutePerClient: 1200,
  /** A page of GET /api/conversations stops adding conversations past this many bytes (Link rel=next goes on). */
  pageMaxBytes: 1024 * 1024,
  /** Large answers (pages of conversations or history) not yet sent in full, per client address and in all; beyond, 429 / 503. */
  unreadAnswersPerClient: 4,
  unreadAnswers: 64,
  /** Messages of a conversation in an agent-view update (the newest); GET /api/conversations has them all. */
  streamMessages: 50,
  /** A stream's first snapshot stops adding conversations past this many bytes (`more: true`). */
  snapshotMaxBytes: 512 * 1024,
  /** Stream slots only the instructor's key can take (the instructor always gets in). */
  instructorStreams: 10,
  /** A stream ends after this long; a live agent view reconnects at once with a new ticket. */
  streamLifeMs: 15 * 60 * 1000,
});

/** The event-loop delay histogram's sampling period (GET /api/stats). */
export const LOOP_RESOLUTION_MS = 10;

/**
 * Reads `SESSION_TTL` (seconds) as `sessionTtlMs`; undefined when unset. A bad value throws
 * an Error whose message says what is wrong (the server refuses to start).
 * @param {string | undefined} value
 */
export function sessionTtlFromEnv(value) {
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(seconds) || seconds < 1) {
    throw new Error(`SESSION_TTL must be a whole number of seconds (1 or more), not "${value}".`);
  }
  return seconds * 1000;
}
