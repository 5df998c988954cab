/**
 * The ONE module on the page that touches `window.Genesys`.
 *
 * The official snippet defines a queueing `Genesys` function; `genesys.min.js` reads its
 * `.c` (config) and `.q` (queue), then REPLACES `window.Genesys` with its own. So the
 * function is looked up on every call, never kept (docs/messenger-sdk.md#loading-messenger).
 */
import { TRUSTED_TYPES_POLICY } from '../internal/policies.js';

/** What the SDK hands to a subscriber (docs/messenger-sdk.md#calling-the-sdk). */
export interface GenesysEventPayload<T = unknown> {
  time?: number;
  publisher?: string;
  event?: string;
  eventName?: string;
  data?: T;
}

type GenesysFunction = ((...args: unknown[]) => void) & {
  q?: unknown[];
  t?: number;
  c?: Record<string, unknown>;
};

interface GenesysWindow {
  _genesysJs?: string;
  [name: string]: unknown;
}

/** The page's window, looked up when used: importing this module on a server touches nothing. */
const pageWindow = () => window as unknown as GenesysWindow;

function genesys(): GenesysFunction | undefined {
  const page = pageWindow();
  const name = typeof page._genesysJs === 'string' ? page._genesysJs : 'Genesys';
  const fn = page[name];
  return typeof fn === 'function' ? (fn as GenesysFunction) : undefined;
}

/** True when a snippet (ours or one the page already had) has defined `window.Genesys`. */
export function isGenesysOnPage(): boolean {
  return genesys() !== undefined;
}

export interface SnippetOptions {
  environment: string;
  deploymentId: string;
  debug?: boolean;
  /** The bootstrap script URL: the regional CDN, or an explicit override (already checked). */
  src: string;
  /** The page's CSP nonce, given to the injected script (nonce-only `script-src` pages). */
  nonce?: string;
}

/** The name of our Trusted Types policy: pages that enforce Trusted Types must allow it. */
export { TRUSTED_TYPES_POLICY };

interface TrustedTypesLike {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): unknown };
}

const POLICY = Symbol.for('gc-lab.trusted-types-policy');

/**
 * The script URL as a TrustedScriptURL where the browser has Trusted Types. The policy is
 * created once per page and kept on `window` under a registered symbol, so that a second copy
 * of the bundle reuses it (creating the same name twice is refused by strict pages). Throws
 * a clear error when the page does not allow the policy.
 */
function trustedScriptUrl(url: string): string {
  const tt = (window as unknown as { trustedTypes?: TrustedTypesLike }).trustedTypes;
  if (!tt) return url;
  const slot = window as unknown as Record<symbol, { createScriptURL(url: string): unknown } | undefined>;
  if (!slot[POLICY]) {
    try {
      // URLs reach here only after checkScriptUrl (https:, same origin, or http: on loopback) or from the CDN table.
      slot[POLICY] = tt.createPolicy(TRUSTED_TYPES_POLICY, { createScriptURL: (u) => u });
    } catch {
      throw new Error(
        `This page enforces Trusted Types and does not allow the "${TRUSTED_TYPES_POLICY}" policy, so Messenger's ` +
          `script cannot be loaded. Add "${TRUSTED_TYPES_POLICY}" (and "lit-html") to its trusted-types directive, ` +
          `or, if another script on the page already made a policy of that name, add 'allow-duplicates'.`,
      );
    }
  }
  return slot[POLICY]!.createScriptURL(url) as string;
}

/**
 * Does what the official snippet does, without running any inline script (strict CSP):
 * the queueing function with `.t` and `.c`, then one async `<script>` in `<head>`.
 * Throws, before changing anything on the page, when a Trusted Types page refuses the URL.
 *
 * The script goes into `<head>` in a task of its own: inserting it starts its fetch, which was
 * the largest part of the messenger's first render (measured at 4× CPU slowdown: 7–54 ms of a
 * 18–94 ms update). Until then, as until it has loaded, the queueing function keeps every call.
 */
export function installSnippet(options: SnippetOptions): HTMLScriptElement {
  const src = trustedScriptUrl(options.src);
  const page = pageWindow();
  page._genesysJs = 'Genesys';
  if (typeof page.Genesys !== 'function') {
    const queueing = function (this: unknown) {
      // The real runtime replays `Genesys.q` as a list of `arguments` objects.
      // eslint-disable-next-line prefer-rest-params
      (queueing.q = queueing.q || []).push(arguments);
    } as GenesysFunction;
    page.Genesys = queueing;
  }
  const fn = page.Genesys as GenesysFunction;
  fn.t = Date.now();
  fn.c = {
    environment: options.environment,
    deploymentId: options.deploymentId,
    ...(options.debug ? { debug: true } : {}),
  };
  const script = document.createElement('script');
  script.async = true;
  script.src = src;
  script.charset = 'utf-8';
  if (options.nonce) script.nonce = options.nonce;
  setTimeout(() => document.head.appendChild(script));
  return script;
}

export class GenesysCommandError extends Error {
  constructor(
    readonly command: string,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = 'GenesysCommandError';
  }
}

function describe(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  if (typeof reason === 'string') return reason;
  if (reason && typeof reason === 'object') {
    const r = reason as Record<string, unknown>;
    for (const key of ['message', 'error', 'reason', 'text']) {
      if (typeof r[key] === 'string') return r[key] as string;
    }
    try {
      return JSON.stringify(reason);
    } catch {
      /* fall through */
    }
  }
  return 'no reason given';
}

/**
 * `Genesys("command", name, options, resolve, reject)` as a promise. The SDK returns
 * nothing and answers through the callbacks; a command it never answers rejects after
 * `timeoutMs` rather than leaving the page waiting forever.
 */
export function command<T = unknown>(name: string, options?: unknown, timeoutMs = 10_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const fn = genesys();
    if (!fn) {
      reject(new GenesysCommandError(name, `${name}: Messenger is not on this page.`));
      return;
    }
    const timer = setTimeout(
      () => reject(new GenesysCommandError(name, `${name}: no answer from Messenger within ${timeoutMs / 1000} s.`)),
      timeoutMs,
    );
    try {
      fn(
        'command',
        name,
        options,
        (result: T) => {
          clearTimeout(timer);
          resolve(result);
        },
        (reason: unknown) => {
          clearTimeout(timer);
          reject(new GenesysCommandError(name, `${name} failed: ${describe(reason)}`, reason));
        },
      );
    } catch (error) {
      clearTimeout(timer);
      reject(new GenesysCommandError(name, `${name} failed: ${describe(error)}`, error));
    }
  });
}

/** `Genesys("subscribe", name, callback)`. The SDK has no unsubscribe; callers filter instead. */
export function subscribe<T = unknown>(eventName: string, callback: (payload: GenesysEventPayload<T>) => void): void {
  const fn = genesys();
  if (!fn) throw new Error(`Cannot subscribe to ${eventName}: Messenger is not on this page.`);
  fn('subscribe', eventName, callback);
}

const OWNER = Symbol.for('gc-lab.messenger-owner');

/**
 * One `<gc-messenger>` per page runs Messenger. The claim lives on `window` under a
 * registered symbol, so two copies of the bundle (two URLs) still see one owner.
 */
export function claimPage(owner: Element): boolean {
  const slot = window as unknown as Record<symbol, Element | undefined>;
  const current = slot[OWNER];
  // A disconnected owner (a framework re-rendered it away) hands the page over.
  if (current && current !== owner && current.isConnected) return false;
  slot[OWNER] = owner;
  return true;
}

/** The element that runs Messenger on this page, if any. */
export function pageOwner(): Element | undefined {
  return (window as unknown as Record<symbol, Element | undefined>)[OWNER];
}
