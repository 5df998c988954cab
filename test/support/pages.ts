import { oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/events/index.js';

export const EMULATOR = '/emulator/genesys-runtime.js';
export const DEPLOYMENT_ID = '5d1b8c2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f';

export interface LabWindow extends Window {
  __errors: string[];
  __violations: Array<{ directive: string; blocked: string }>;
  __events: Array<{ type: string; reason?: string; eventName?: string; detail?: unknown }>;
  __labReady?: boolean;
  __genesysEmulator?: {
    config: Record<string, unknown>;
    calls: Array<{ command: string; options: unknown }>;
    published: Array<{ eventName: string; data: unknown }>;
    database: { messaging?: { customAttributes?: Record<string, unknown> } };
    /** The Journey plugin's visitor: its ids and the service's answers (emulator/runtime/journey.js). */
    journey?: { enabled?: boolean; customerId: string | null; sessionId: string | null; answers: unknown[] };
  };
  Genesys?: (...args: unknown[]) => void;
  _genesysJs?: string;
}

export interface LabPage {
  frame: HTMLIFrameElement;
  readonly win: LabWindow;
  readonly doc: Document;
  /** An element in the page (searched through open shadow roots of the gc- elements). */
  $<T extends Element = HTMLElement>(selector: string): T | null;
  /** Resolves at the next load of the frame (a reload or a navigation). */
  nextLoad(): Promise<void>;
  /** Waits until the page's script ran. */
  ready(): Promise<void>;
  /** Waits until the page's <gc-messenger> reflects `state` (default `ready`) and has rendered it. */
  messengerIs(state?: string): Promise<void>;
  /** Reloads the page and waits until its script ran again. */
  reload(): Promise<void>;
}

/**
 * The pages the test server builds under a policy (see web-test-runner.config.mjs):
 * `nonce` (script-src with a nonce only), `strict-dynamic` (a nonce and 'strict-dynamic'), `trusted-types` (Trusted Types enforced, our
 * policies allowed) and `trusted-types-refused` (Trusted Types enforced, `gc-lab` not allowed).
 */
export type PolicyPage = 'nonce' | 'strict-dynamic' | 'trusted-types' | 'trusted-types-refused';

/**
 * Opens test/fixtures/lab.html in an iframe with the given markup and bundles (and, if asked, a strict CSP),
 * or, with `policy`, a page the test server builds with the markup under that policy and dist/gc-lab.js.
 */
export async function openPage(
  html: string,
  options: { bundles?: string[]; before?: boolean; strictCsp?: boolean; policy?: PolicyPage } = {},
): Promise<LabPage> {
  const params = new URLSearchParams({ html });
  for (const bundle of options.bundles ?? []) params.append('bundle', bundle);
  if (options.before) params.set('before', '1');
  if (options.strictCsp) params.set('csp', 'strict');
  if (options.policy) params.set('policy', options.policy);
  const frame = document.createElement('iframe');
  frame.style.width = '900px';
  frame.style.height = '700px';
  const page: LabPage = {
    frame,
    get win() {
      return frame.contentWindow as unknown as LabWindow;
    },
    get doc() {
      return frame.contentDocument!;
    },
    $<T extends Element>(selector: string) {
      return page.doc.querySelector<T & Element>(selector) as T | null;
    },
    nextLoad() {
      return new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
    },
    async ready() {
      await waitUntil(() => page.win?.__labReady === true, 'the test page did not start', { timeout: 5000 });
    },
    async messengerIs(state = 'ready') {
      const messenger = () => page.$<HTMLElement & { updateComplete: Promise<unknown> }>('gc-messenger');
      await waitUntil(() => messenger()?.matches(`:state(${state})`), `the messenger never became ${state}`, {
        timeout: 5000,
      });
      await messenger()!.updateComplete;
    },
    async reload() {
      const loaded = page.nextLoad();
      page.win.location.reload();
      await loaded;
      await page.ready();
    },
  };
  const loaded = page.nextLoad();
  frame.src = options.policy ? `/test/fixtures/policy-page?${params}` : `/test/fixtures/lab.html?${params}`;
  document.body.appendChild(frame);
  await loaded;
  await page.ready();
  return page;
}

/** Opens `src` in an iframe of the given size in this page, and resolves once it has loaded. */
export async function openFrame(src: string, size: { width?: number; height?: number } = {}): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  if (size.width) frame.style.width = `${size.width}px`;
  if (size.height) frame.style.height = `${size.height}px`;
  const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
  frame.src = src;
  document.body.append(frame);
  await loaded;
  return frame;
}

/** The element's shadow root, or a failure that says which element had none. */
export function shadow(el: Element | null): ShadowRoot {
  if (!el?.shadowRoot) throw new Error(`${el?.localName ?? 'element'} has no shadow root`);
  return el.shadowRoot;
}

export function button(el: Element | null, name: string): HTMLButtonElement {
  const found = [...shadow(el).querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`no button "${name}" in ${el?.localName}`);
  return found;
}

export function text(el: Element | null, selector: string): string {
  return shadow(el).querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

export function messengerTag(attrs: string): string {
  return `<gc-messenger ${attrs}></gc-messenger>`;
}

export function clearStorage(): void {
  sessionStorage.clear();
  localStorage.clear();
}

/** Sends a message as the guest would: through the emulated Messenger's chat window. */
export async function sendAsGuest(win: Window, message: string): Promise<void> {
  const host = await waitUntil(() => win.document.querySelector('[data-genesys-emulator]'), 'no emulated Messenger on the page', {
    timeout: 5000,
  }).then(() => win.document.querySelector('[data-genesys-emulator]')!);
  const root = host.shadowRoot!;
  const launcher = root.querySelector<HTMLButtonElement>('.launcher')!;
  if (launcher.getAttribute('aria-expanded') !== 'true') launcher.click();
  const input = root.querySelector<HTMLInputElement>('input')!;
  input.value = message;
  root.querySelector('form')!.requestSubmit();
}

/** `oneEvent`, typed by the event map (so `gc-error` resolves to a GcErrorEvent). */
export function once<K extends keyof GlobalEventHandlersEventMap>(
  target: EventTarget,
  name: K,
): Promise<GlobalEventHandlersEventMap[K]> {
  return oneEvent(target, name) as unknown as Promise<GlobalEventHandlersEventMap[K]>;
}

/** Fills a field in a gc- element's shadow root as a person would: the value, then `input`. */
export function typeInto(el: Element | null, selector: string, value: string): void {
  const field = shadow(el).querySelector<HTMLInputElement | HTMLTextAreaElement>(selector);
  if (!field) throw new Error(`no ${selector} in ${el?.localName}`);
  field.value = value;
  field.dispatchEvent(new Event('input'));
}

/** Types JSON into a <gc-database-plugin> and presses Set. */
export function pressSet(plugin: Element | null, json: string): void {
  typeInto(plugin, 'textarea', json);
  button(plugin, 'Set').click();
}
