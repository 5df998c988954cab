import type { ReactiveController } from 'lit';
import { GcCommandEvent, GcMessengerQueryEvent } from '../events/command.js';
import { GcGenesysEvent } from '../events/messenger.js';
import { command, installSnippet, isGenesysOnPage, pageOwner, subscribe, type SnippetOptions } from './sdk.js';

/** The SDK events the bridge re-fires into the DOM as `gc-genesys-event`. */
export const FORWARDED_EVENTS = [
  'Messenger.ready',
  'Messenger.opened',
  'Messenger.closed',
  'Messenger.cleared',
  'Database.ready',
  'Journey.ready',
  'Database.updated',
  'Database.removed',
  'MessagingService.ready',
  'MessagingService.started',
  'MessagingService.restored',
  'MessagingService.sendingMessage',
  'MessagingService.messagesReceived',
  'MessagingService.conversationDisconnected',
  'MessagingService.conversationCleared',
  'MessagingService.sessionCleared',
  'MessagingService.customAttributesSizeExceeded',
  'MessagingService.error',
  'MessagingService.offline',
  'MessagingService.reconnected',
] as const;

export type BridgeFailure = 'script-error' | 'ready-timeout' | 'domain-not-allowed';

/** What the bridge needs from the element that owns it. */
export interface BridgeHost extends HTMLElement {
  addController(controller: ReactiveController): void;
  /** Why commands cannot run now, or undefined when they can (loading or ready). */
  commandBlocker(): string | undefined;
  /** Re-announce the host's state (answer to `gc-messenger-query`). */
  announceState(): void;
  bridgeReady(): void;
  bridgeFailed(reason: BridgeFailure, message: string): void;
}

/** `promise`, or a rejection with `message` after `ms` (the race's losing timer is harmless). */
function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(message)), ms))]);
}

/**
 * The page's one bridge to Messenger, owned by `<gc-messenger>`: it answers the other
 * elements' `gc-command` requests from `document` (any order, any nesting), holds
 * Database commands until `Database.ready`, and re-fires SDK events as DOM events.
 */
export class MessengerBridge implements ReactiveController {
  private started = false;
  private readyTimeout = 15_000;
  private databaseReady?: Promise<void>;
  /** The `X.ready` events seen, re-fired for an element that asks later (the SDK replays them to late subscribers). */
  private readonly readies: GcGenesysEvent[] = [];

  constructor(private readonly host: BridgeHost) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener(GcCommandEvent.eventName, this.onCommand);
    document.addEventListener(GcMessengerQueryEvent.eventName, this.onQuery);
  }

  hostDisconnected(): void {
    document.removeEventListener(GcCommandEvent.eventName, this.onCommand);
    document.removeEventListener(GcMessengerQueryEvent.eventName, this.onQuery);
  }

  /**
   * Loads Messenger like the official snippet (or adopts the one already on the page),
   * then reports `bridgeReady` at `Messenger.ready`, or `bridgeFailed`. False when it could
   * not even start (it has said why through `bridgeFailed`).
   */
  start(options: SnippetOptions, readyTimeout: number): boolean {
    if (this.started) return true;
    this.readyTimeout = readyTimeout;
    let script: HTMLScriptElement | undefined;
    try {
      script = isGenesysOnPage() ? undefined : installSnippet(options);
    } catch (error) {
      // A Trusted Types page that refuses our policy: said, never thrown at the page.
      this.host.bridgeFailed('script-error', error instanceof Error ? error.message : String(error));
      return false;
    }
    this.started = true;

    // Subscriptions made now sit in Genesys.q until the runtime replays them.
    this.databaseReady = new Promise((resolve) => subscribe('Database.ready', () => resolve()));
    for (const name of FORWARDED_EVENTS) {
      subscribe(name, (payload) => {
        // The SDK has no unsubscribe: once another <gc-messenger> took the page over, this
        // bridge's subscriptions stay silent so that every event reaches the page once.
        if (pageOwner() !== this.host) return;
        const event = new GcGenesysEvent(payload?.eventName ?? name, payload?.data, payload ?? {});
        if (name.endsWith('.ready')) this.readies.push(event);
        (this.host.isConnected ? this.host : document).dispatchEvent(event);
      });
    }

    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      this.host.bridgeFailed(
        'ready-timeout',
        `Messenger did not become ready within ${readyTimeout / 1000} s. Check the region, the deployment ID ` +
          `and the deployment's allowed domains.`,
      );
    }, readyTimeout);
    script?.addEventListener('error', () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      this.host.bridgeFailed('script-error', `Could not load the Messenger script from ${options.src}.`);
    });
    // Messenger.ready is replayed to late subscribers; a late one still turns the page ready.
    subscribe('Messenger.ready', () => {
      settled = true;
      clearTimeout(timer);
      this.host.bridgeReady();
    });
    // The page's origin is not among the deployment's allowed domains: Messenger never becomes
    // ready (docs/messenger-sdk.md#the-deployments-configuration-and-allowed-domains). The data's
    // `origin` is inferred (the offline Genesys sends it).
    subscribe<{ origin?: string }>('GenesysJS.domainNotAllowed', (payload) => {
      settled = true;
      clearTimeout(timer);
      this.host.bridgeFailed(
        'domain-not-allowed',
        `This page's origin, ${payload?.data?.origin || location.origin}, is not allowed by the deployment: add it to the deployment's allowed domains.`,
      );
    });
    return true;
  }

  // A duplicate <gc-messenger> listens too, but only the page's owner answers. An element that
  // asks (one loaded late, for one) also gets the plugins' ready events again, as Genesys's own
  // subscribe replays them.
  private readonly onQuery = (event: Event) => {
    if (pageOwner() !== this.host) return;
    this.host.announceState();
    for (const ready of this.readies) event.target!.dispatchEvent(new GcGenesysEvent(ready.eventName, ready.data, ready.payload));
  };

  private readonly onCommand = (event: GcCommandEvent) => {
    if (event.answered || pageOwner() !== this.host) return;
    const blocker = this.host.commandBlocker();
    if (blocker) {
      // Named as "no messenger" (the page has none it can use yet: not configured, or it failed
      // to load), so that elements tell it apart from a command Genesys refused.
      event.respondWith(Promise.reject(Object.assign(new Error(blocker), { name: 'NoMessengerError' })));
      return;
    }
    const timeout = event.timeout ?? 10_000;
    const run = () => command(event.command, event.options, timeout);
    if (event.command.startsWith('Database.') && this.databaseReady) {
      const ready = within(
        this.databaseReady,
        this.readyTimeout,
        `${event.command}: the Database plugin did not become ready within ${this.readyTimeout / 1000} s.`,
      );
      event.respondWith(ready.then(run));
    } else {
      event.respondWith(run());
    }
  };
}
