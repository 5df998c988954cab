/**
 * The built runtime (dist/emulator/genesys-runtime.js) booted in a bare same-origin frame with
 * the official snippet, against the emulated service mounted in the test server.
 */
import { waitUntil } from '@open-wc/testing';
import { EMULATOR } from './pages.js';

export interface Published {
  eventName: string;
  data: any;
}

export interface Emulator {
  published: Published[];
  log: string[];
  frames: unknown[];
  domainNotAllowed?: { origin: string; deploymentId: string };
  commands: string[];
  /** The Journey plugin's visitor (emulator/runtime/journey.js): its ids and the service's answers. */
  journey?: { enabled?: boolean; pageviewConfig: string; customerId: string | null; sessionId: string | null; answers: unknown[] };
}

export interface Booted {
  win: Window & { Genesys: (...args: unknown[]) => void; __genesysEmulator: Emulator };
  deploymentId: string;
  warnings: string[];
  /** `Genesys("command", …)` as a promise (resolve/reject callbacks). */
  command(name: string, options?: unknown): Promise<unknown>;
  /** The rejection of a command that must fail (fails the test if it resolves). */
  refusal(name: string, options?: unknown): Promise<string>;
  events(): string[];
}

/**
 * A bare same-origin frame with the official snippet (the queue, `Genesys.c`), then the
 * runtime's script, as genesys.min.js is loaded. `before` runs in the frame before the script
 * (stubs, subscriptions queued in `Genesys.q`).
 */
export async function boot(before: (win: any, deploymentId: string) => void = () => {}, deploymentId: string = crypto.randomUUID()): Promise<Booted> {
  const frame = document.createElement('iframe');
  document.body.append(frame);
  const win = frame.contentWindow as any;
  const warnings: string[] = [];
  const warn = win.console.warn.bind(win.console);
  win.console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
    warn(...args);
  };
  win._genesysJs = 'Genesys';
  win.Genesys = function (...args: unknown[]) {
    (win.Genesys.q = win.Genesys.q || []).push(args);
  };
  win.Genesys.t = Date.now();
  win.Genesys.c = { environment: 'prod', deploymentId };
  before(win, deploymentId);
  const script = win.document.createElement('script');
  script.src = new URL(EMULATOR, location.href).href;
  await new Promise((resolve, reject) => {
    script.addEventListener('load', resolve, { once: true });
    script.addEventListener('error', () => reject(new Error(`${EMULATOR} did not load: run npm run build first`)), { once: true });
    win.document.head.append(script);
  });
  const command = (name: string, options: unknown = {}) =>
    new Promise<unknown>((resolve, reject) => win.Genesys('command', name, options, resolve, reject));
  return {
    win,
    deploymentId,
    warnings,
    command,
    async refusal(name, options = {}) {
      try {
        await command(name, options);
      } catch (error) {
        return String(error);
      }
      throw new Error(`${name} was expected to reject`);
    },
    events: () => win.__genesysEmulator.published.map((p: Published) => p.eventName),
  };
}

export async function ready(page: Booted) {
  await waitUntil(() => page.events().includes('Database.ready'), 'the runtime did not become ready', { timeout: 5000 });
}
