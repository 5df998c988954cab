// @ts-check
/**
 * The service's records, as JSDoc types (no code): sockets and connections, guest sessions,
 * conversations and their messages, agent-view streams.
 */

/**
 * The few socket members used here, typed locally (see the import of ws).
 * @typedef {object} Socket
 * @property {number} readyState
 * @property {number} OPEN
 * @property {(data: string) => void} send
 * @property {(code?: number, reason?: string) => void} close
 * @property {(event: string, listener: (...args: any[]) => void) => unknown} on
 * @property {() => void} [ping]
 * @property {() => void} [terminate]
 * @property {boolean} [isAlive]
 * @property {number} [bufferedAmount]
 */

/**
 * @typedef {object} Connection
 * @property {Socket} ws
 * @property {string} deploymentId
 * @property {string} application
 * @property {Session | undefined} session
 * @property {number[]} requests
 * @property {string} address the client's address
 */

/**
 * @typedef {object} Session
 * @property {string} token
 * @property {string} tokenHash
 * @property {string} deploymentId
 * @property {Connection[]} connections oldest first
 * @property {number[]} recent
 * @property {string} conversationId
 * @property {string[]} conversationIds every conversation of the session, oldest first
 * @property {number} createdAt ms
 * @property {number} expiresAt ms
 * @property {string} address the client's address that created it
 * @property {boolean} [warnedTopLevel] the log has said once that this session's top-level attributes are ignored
 * @property {import('./journey-input.mjs').JourneyContext} [journeyContext] configureSession's, for the conversations it starts from then on
 * @property {number} [participantDataReads] Get Participant Data executions so far (at most flowParticipantDataReads)
 */

/**
 * @typedef {object} StoredMessage
 * @property {string} id
 * @property {'Inbound' | 'Outbound'} direction
 * @property {'Text' | 'Event' | 'Structured'} type Structured: a card's postback
 * @property {{ text: string, payload: string, type: string }} [buttonResponse] a quick-reply answer's or a postback's button
 * @property {boolean} [readOnly] a Disconnect that leaves the conversation read-only
 * @property {string[]} [ignoredAttributes] keys of custom attributes sent at the frame's top level, which Genesys ignores
 * @property {string} [text]
 * @property {Array<Record<string, unknown>>} [events]
 * @property {string} time ISO
 * @property {string} correlationId
 * @property {Record<string, string>} [customAttributes]
 * @property {Record<string, string>} [clientMetadata]
 * @property {string} [nickname]
 * @property {'Human' | 'Bot'} [originatingEntity]
 */

/**
 * @typedef {object} Conversation
 * @property {string} id
 * @property {string} deploymentId
 * @property {string} tokenHash
 * @property {string} createdAt ISO
 * @property {StoredMessage[]} messages
 * @property {Record<string, string>} customAttributes
 * @property {'active' | 'disconnected' | 'cleared'} state
 * @property {boolean} sessionExpired
 * @property {string} [guestLeft] ISO: the guest closed the session with all its connections
 *   (Messenger.clear, Clear Session): nobody reads this conversation any more, until that token
 *   configures a session again
 * @property {number} seq creation order (the paging cursor)
 * @property {number} lastActivity ms
 * @property {number} droppedMessages oldest messages dropped over maxMessagesPerConversation
 * @property {string} address the client's address that created it
 * @property {number} bytes what its messages and attributes weigh (the stored-bytes bounds)
 * @property {import('./journey-input.mjs').JourneyContext} [journeyContext] configureSession's, as given (kept even when it links nothing)
 * @property {string} [journeySessionId] the visitor's GPE session it is linked to
 * @property {string} [journeyCustomerId] that visitor's customer id
 * @property {boolean} [flowStarted] its first guest message came (the inbound flow ran then, if the deployment had one)
 * @property {import('./flows.mjs').FlowRecord} [flow] what the inbound message flow did
 * @property {string} [queue] the queue a flow transferred it to (waiting there for an agent)
 * @property {Record<string, ParticipantDatum>} [participantData] values a flow or the script set (also in customAttributes)
 */

/**
 * A participant data value set on the conversation by a flow (Set Participant Data) or by the
 * agent's script (an output variable), not by the guest.
 * @typedef {{ value: string, source: 'flow' | 'script', time: string }} ParticipantDatum

/**
 * An agent view's event stream.
 * @typedef {object} StreamClient
 * @property {import('node:http').ServerResponse} res
 * @property {string | undefined} deploymentId only this deployment's conversations
 * @property {import('./access.mjs').Principal} principal whose key opened it
 * @property {string} address the client's address
 * @property {NodeJS.Timeout} [timer] ends it after streamLifeMs
 */

/** @typedef {Record<string, any>} AnyFrame a parsed request: anything a client may send */

export {};
