import { GcNavigateEvent, type NavigationReason } from '../events/session.js';

/**
 * Loads `url` (a full page load, as in the lab) after firing a cancelable `gc-navigate`.
 * Returns false when a listener cancelled it.
 */
export function navigate(host: Element, url: string, reason: NavigationReason): boolean {
  const event = new GcNavigateEvent(url, reason);
  host.dispatchEvent(event);
  if (event.defaultPrevented) return false;
  if (url === location.href) location.reload();
  else location.assign(url);
  return true;
}

/** This page's URL without query or hash. */
export function pageUrl(): string {
  return location.origin + location.pathname;
}
