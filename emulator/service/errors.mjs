// @ts-check
/**
 * The errors the service answers with: a Guest API error frame (FrameError: class, code, body)
 * and an HTTP error (HttpError: status, message), and the ones made in several places.
 */
import { ERROR_CODES, FRAME_CLASSES } from '../../src/genesys/contract.js';
import { LIMITS } from './limits.mjs';

export class FrameError extends Error {
  /**
   * @param {number} code
   * @param {string | Record<string, unknown>} body
   * @param {string} [className]
   */
  constructor(code, body, className = FRAME_CLASSES.string) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
    this.code = code;
    this.body = body;
    this.className = className;
  }
}

export class HttpError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * A value a client sent, for an error message: strings quoted and cut short, anything else
 * by its type (never converted: an object's own toString may throw).
 * @param {unknown} value
 */
export function describeValue(value) {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 100)) : `of type ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`;
}

/** @param {string} deploymentId the key's */
export function outOfScope(deploymentId) {
  return new HttpError(403, `This key opens deployment ${deploymentId} only.`);
}

/**
 * @param {number} retryAfter seconds
 * @param {string} errorMessage
 */
export function tooMany(retryAfter, errorMessage) {
  return new FrameError(429, { retryAfter, errorCode: ERROR_CODES.requestRateTooHigh, errorMessage }, FRAME_CLASSES.tooManyRequests);
}

export function attributesTooLarge() {
  return new FrameError(
    ERROR_CODES.customAttributesTooLarge,
    `Custom Attributes in channel metadata is larger than ${LIMITS.maxCustomDataBytes} bytes`,
  );
}

/**
 * Why a page of `origin` is refused by `deploymentId` (status and text inferred: Genesys
 * documents only GenesysJS.domainNotAllowed), as `{error, origin}`: the runtime reads `origin`.
 * @param {string | undefined} origin
 * @param {string} deploymentId
 */
export function originRefused(origin, deploymentId) {
  const named = String(origin).slice(0, 200);
  return { error: `The origin ${named} is not allowed by deployment ${deploymentId.trim().toLowerCase()}: add it to the deployment's allowed domains.`, origin: named };
}
