// The body the emulated runtime posts to `POST /api/journey` (emulator/README.md, "Predictive
// Engagement"): a visitor's page view or record with the page's context out of the box.
import { randomUUID } from 'node:crypto';

/** The context a desktop Chrome on the lab page reports. */
export const CONTEXT = Object.freeze({
  page: { url: 'http://localhost:8000/demo/', title: 'Messaging & GPE lab' },
  browser: { family: 'Chrome', version: '126.0', lang: 'en-US', viewHeight: 800, viewWidth: 1280 },
  device: { category: 'desktop', osFamily: 'Linux', screenHeight: 1080, screenWidth: 1920, isMobile: false },
});

/**
 * A Journey event's body: a page view unless `kind` says otherwise; a new visitor unless
 * `customerId` is given.
 * @param {string} deploymentId
 * @param {{ customerId?: string, sessionId?: string, token?: string, kind?: 'pageview' | 'record', data?: unknown, context?: unknown }} [options]
 */
export function journeyBody(deploymentId, { customerId = randomUUID(), sessionId, token, kind = 'pageview', data = {}, context = CONTEXT } = {}) {
  return { deploymentId, customerId, ...(sessionId ? { sessionId } : {}), ...(token ? { token } : {}), kind, data, context };
}
