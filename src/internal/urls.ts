/**
 * Attributes are hostile until checked: URLs an author (or an attacker who can write
 * attributes) puts on our elements never run `javascript:`, `data:` or `blob:` code, and
 * scripts come only from `https:` or this page's own origin.
 */
export type UrlCheck = { ok: true; url: URL } | { ok: false; error: string };

function parse(value: string, base: string): URL | undefined {
  try {
    return new URL(value.trim(), base);
  } catch {
    return undefined;
  }
}

/** A script URL we may load: `https:` anywhere, or this page's own origin (`http:` on localhost). */
export function checkScriptUrl(value: string, base = location.href): UrlCheck {
  const url = parse(value, base);
  if (!url) return { ok: false, error: `"${value}" is not a URL.` };
  const sameOrigin = url.origin === new URL(base).origin;
  if (url.protocol === 'https:' || (sameOrigin && url.protocol === 'http:')) return { ok: true, url };
  return {
    ok: false,
    error: `"${value}" cannot be loaded as Messenger's script: only https: URLs or this page's own origin are allowed.`,
  };
}

/**
 * A page to navigate to: `http(s):` only, on this site (the same host, or one a subdomain of
 * the other) unless `anySite` is set.
 */
export function checkNavigationUrl(value: string, base = location.href, anySite = false): UrlCheck {
  const url = parse(value, base);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    return { ok: false, error: `"${value}" is not a web page address (http: or https:).` };
  }
  const here = new URL(base).hostname;
  const there = url.hostname;
  const sameSite = there === here || there.endsWith(`.${here}`) || here.endsWith(`.${there}`);
  if (!anySite && !sameSite) return { ok: false, error: `"${value}" is on another site (${there}); only this site's pages are allowed.` };
  return { ok: true, url };
}

/** A positive, finite number of milliseconds no larger than `max`, or undefined. */
export function positiveMs(value: unknown, max: number): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= max ? value : undefined;
}
