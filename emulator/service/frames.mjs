// @ts-check
/**
 * Frame shapes of the Guest API as the service reads and writes them: custom attributes and
 * client metadata read from a request, a stored message as a StructuredMessage body, and what a
 * stored message weighs for the stored-bytes bounds.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ERROR_CODES, WIRE, asParticipantData, customAttributesBytes, isCustomAttributes, utf8Bytes } from '../../src/genesys/contract.js';
import { LIMITS } from './limits.mjs';
import { FrameError, attributesTooLarge } from './errors.mjs';
/** @typedef {import('./types.mjs').StoredMessage} StoredMessage */

/** @param {string} token */
export const hashToken = (token) => createHash('sha256').update(token).digest('hex');
/** @param {Buffer | string} data */
export const base64url = (data) => Buffer.from(data).toString('base64url');
/** @param {unknown} value @returns {value is Record<string, any>} */
export const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * `channel.metadata.customAttributes` of a frame or a message: {} when absent; 400 when
 * not flat; 4013 when over the limit.
 * @param {unknown} channel
 * @returns {Record<string, string | number | boolean>}
 */
export function readAttributes(channel) {
  if (!isObject(channel) || !isObject(channel.metadata) || channel.metadata.customAttributes === undefined) return {};
  const attributes = channel.metadata.customAttributes;
  if (!isCustomAttributes(attributes)) {
    throw new FrameError(ERROR_CODES.badRequest, 'customAttributes must be an object of string, number or boolean values.');
  }
  if (customAttributesBytes(attributes) > LIMITS.maxCustomDataBytes) throw attributesTooLarge();
  return attributes;
}

/**
 * The client's own `message.metadata` string values (e.g. `customMessageId`), handed back on
 * the echo (inferred: the transport SDK matches its messages by them). At most 10 short ones.
 * @param {unknown} metadata
 * @returns {{ clientMetadata?: Record<string, string> }}
 */
export function clientMetadata(metadata) {
  if (!isObject(metadata)) return {};
  const entries = Object.entries(metadata)
    // Not the service's own keys: a guest cannot make its echo say read-only.
    .filter(([key, value]) => key !== 'correlationId' && key !== 'readOnly' && typeof value === 'string' && key.length <= 64 && value.length <= 256)
    .slice(0, 10);
  return entries.length ? { clientMetadata: asParticipantData(Object.fromEntries(entries)) } : {};
}

/**
 * A stored message as the Guest API's StructuredMessage body. The guest's Inbound echo has
 * no `originatingEntity`; Outbound has `channel.type: "Private"`, `channel.from` and
 * `originatingEntity`. The guest's custom attributes are not echoed (Genesys: not
 * documented either way; inferred: docs/guest-api.md#what-is-inferred).
 * @param {StoredMessage} stored
 * @returns {import('../../src/genesys/contract.js').StructuredMessageBody}
 */
export function structured(stored) {
  const outbound = stored.direction === WIRE.outbound;
  return {
    id: stored.id,
    type: stored.type,
    ...(stored.text !== undefined ? { text: stored.text } : {}),
    ...(stored.events ? { events: /** @type {any} */ (stored.events) } : {}),
    // Inferred: a quick-reply answer's or postback's echo carries its button as it was sent.
    ...(stored.buttonResponse ? { content: [{ contentType: 'ButtonResponse', buttonResponse: { ...stored.buttonResponse } }] } : {}),
    direction: stored.direction,
    channel: {
      time: stored.time,
      messageId: stored.id,
      ...(outbound ? { type: /** @type {'Private'} */ ('Private'), from: { nickname: stored.nickname ?? 'Agent' } } : {}),
    },
    // readOnly: the conversation ended read-only (transport SDK MessagingClientConversationDisconnectTest).
    metadata: { ...stored.clientMetadata, correlationId: stored.correlationId, ...(stored.readOnly ? { readOnly: 'true' } : {}) },
    ...(outbound ? { originatingEntity: stored.originatingEntity ?? WIRE.human } : {}),
  };
}

/**
 * What a stored message weighs for the stored-bytes bounds: its text and attributes as UTF-8,
 * plus a fixed allowance for ids, times and the object itself.
 * @param {StoredMessage} stored
 */
export function weight(stored) {
  const attributes = stored.customAttributes ? customAttributesBytes(stored.customAttributes) : 0;
  return 256 + (stored.text ? utf8Bytes(stored.text) : 0) + attributes;
}

/**
 * What a participant data value set by a flow or the script weighs for the stored-bytes
 * bounds: its name and value as UTF-8, plus an allowance for its source and time.
 * @param {string} name
 * @param {string} value
 */
export function dataWeight(name, value) {
  return 64 + utf8Bytes(name) + utf8Bytes(value);
}

/**
 * A Presence event as a stored message: the guest's Join, the agent's Disconnect.
 * @param {'Inbound' | 'Outbound'} direction
 * @param {string} presenceType
 * @param {number} now ms
 * @param {Partial<StoredMessage>} [extra]
 * @returns {StoredMessage}
 */
export function presenceMessage(direction, presenceType, now, extra = {}) {
  return {
    id: randomUUID(),
    direction,
    type: WIRE.event,
    events: [{ eventType: WIRE.presence, presence: { type: presenceType } }],
    time: new Date(now).toISOString(),
    correlationId: randomUUID(),
    ...extra,
  };
}
