/**
 * Attributes are hostile until checked: URLs an author (or an attacker who can write
 * attributes) puts on our elements never run `javascript:`, `data:` or `blob:` code, and
 * scripts come only from `https:`, this page's own origin, or `http:` on loopback.
 */
export type UrlCheck = { ok: true; url: URL } | { ok: false; error: string };

function parse(value: string, base: string): URL | undefined {
  try {
    return new URL(value.trim(), base);
  } catch {
    return undefined;
  }
}

/**
 * A script URL we may load: `https:` anywhere, this page's own origin, or `http:` on loopback
 * (`localhost`, `127.0.0.1`, `[::1]`, any port: the offline Genesys of `npm start` from an
 * author's own local page). Browsers treat loopback as a secure context; the URL parser has
 * already taken out userinfo (`http://localhost@evil.example`) and normalised the host
 * (`127.1`, `[0::1]`), so the host name is compared exactly (`localhost.evil.example` is not loopback).
 */
export function checkScriptUrl(value: string, base = location.href): UrlCheck {
  const url = parse(value, base);
  if (!url) return { ok: false, error: `"${value}" is not a URL.` };
  if (
    url.protocol === 'https:' ||
    (url.protocol === 'http:' && (url.origin === new URL(base).origin || /^(localhost|127\.0\.0\.1|\[::1\])$/.test(url.hostname)))
  ) {
    return { ok: true, url };
  }
  return {
    ok: false,
    error: `"${value}" cannot be loaded as Messenger's script: only https:, this page's origin or http: on localhost are allowed.`,
  };
}

/**
 * The site of a host name: its registrable domain, as browsers mean "same-site". The page
 * cannot read the Public Suffix List, so this approximates it: the last two labels, or three
 * under a country code's common second level (`example.co.uk`, `example.com.au`). An IP
 * address or a one-label name (`localhost`) is its own site.
 */
export function siteOf(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (!host.includes('.') || host.startsWith('[') || /^[\d.]+$/.test(host)) return host;
  const labels = host.split('.');
  const [second, top] = labels.slice(-2);
  const n = labels.length > 2 && top.length === 2 && /^(co|com|net|org|gov|edu|ac|or|ne|go)$/.test(second) ? 3 : 2;
  return labels.slice(-n).join('.');
}

/**
 * A page to navigate to: `http(s):` only, on this site: the same host, or one a subdomain of the
 * other, within one registrable domain (see siteOf): `example.com` and `shop.www.example.com`
 * from `www.example.com`; not `example.org`, not `com`. Sibling subdomains are refused too
 * (`shop.` from `www.`): without the Public Suffix List the page cannot tell one owner's
 * subdomains from a shared host's (`alice.github.io`, `bob.github.io`).
 */
export function checkNavigationUrl(value: string, base = location.href): UrlCheck {
  const url = parse(value, base);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    return { ok: false, error: `"${value}" is not a web page address (http: or https:).` };
  }
  const there = url.hostname;
  const here = new URL(base).hostname;
  const within = (a: string, b: string) => a === b || a.endsWith(`.${b}`);
  if (siteOf(there) !== siteOf(here) || !(within(there, here) || within(here, there))) {
    return { ok: false, error: `"${value}" is on another site (${there}); only this site's pages are allowed.` };
  }
  return { ok: true, url };
}

/** A positive, finite number of milliseconds no larger than `max`, or undefined. */
export function positiveMs(value: unknown, max: number): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= max ? value : undefined;
}
