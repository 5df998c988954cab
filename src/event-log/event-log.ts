import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { CustomAttributes } from '../database-plugin/attributes.js';
import type { GcCommandEvent } from '../events/command.js';
import { GcErrorEvent } from '../events/error.js';
import type { GcGenesysEvent, MessengerStateDetail } from '../events/messenger.js';
import type { LoginFields } from '../genesys/journey.js';
import { define } from '../internal/define.js';
import { sharedStyles } from '../internal/shared.styles.js';
import { readStorage, removeStorage, writeStorage } from '../internal/storage.js';
import { eventLogStyles } from './event-log.styles.js';

/** How many entries the log keeps unless `max-entries` says otherwise, and the bounds of that attribute. */
export const DEFAULT_MAX_ENTRIES = 300;
export const MIN_MAX_ENTRIES = 10;
export const MAX_MAX_ENTRIES = 1000;
/** At most this many characters of summarised JSON in one entry's data or result (about 2 KB). */
export const MAX_DATA = 2048;
/** At most this many characters in an entry's line of words. */
const MAX_TEXT = 500;
/** The log's key in sessionStorage: kept for the tab, across page loads. */
export const EVENT_LOG_KEY = 'gc-lab:event-log';
/** At most one "n new entries" announcement this often (ms), so that screen readers are not flooded. */
const ANNOUNCE_EVERY = 1000;
/** This page load, told apart from the previous ones in the stored log. */
const PAGE = performance.timeOrigin;

/** Where an entry belongs, for the filter: a Messenger SDK plugin, or the page and its elements. */
export type EventLogSource = 'Database' | 'MessagingService' | 'Journey' | 'Messenger' | 'page';

/** One thing that crossed the page. */
export interface EventLogEntry {
  /** When, in ms since the epoch. */
  time: number;
  source: EventLogSource;
  /** `command` (a `gc-command`), `sdk` (a `gc-genesys-event`), `element` (another `gc-` event), `load` (a page load) or `lost` (pending keys a page load lost). */
  kind: 'command' | 'sdk' | 'element' | 'load' | 'lost';
  /** The command (`Database.set`), the SDK event (`Database.updated`), the `gc-` event's type, `Page loaded` or `Pending keys lost`. */
  name: string;
  /** What happened, in words. */
  text: string;
  /** The options, data or attributes, as summarised JSON (at most 2 KB). */
  data?: string;
  /** A command's outcome: waiting for Messenger's answer, resolved, refused, or no answer before the page was left. */
  outcome?: 'waiting' | 'resolved' | 'refused' | 'unanswered';
  /** A command's resolved value (summarised JSON) or refusal reason. */
  result?: string;
  /** Attribute keys: pending after a Set, held after a Remove, lost by a page load. */
  keys?: string[];
  /** The page load's `performance.timeOrigin` (page-load entries only). */
  page?: number;
}

const FILTERS: ReadonlyArray<readonly [string, string]> = [
  ['all', 'All'],
  ['Database', 'Database'],
  ['MessagingService', 'MessagingService'],
  ['Journey', 'Journey'],
  ['Messenger', 'Messenger'],
  ['page', 'Page and elements'],
];
const SOURCES = FILTERS.slice(1).map(([value]) => value);
const KINDS = ['command', 'sdk', 'element', 'load', 'lost'];
const OUTCOMES = ['waiting', 'resolved', 'refused', 'unanswered'];

/** The elements' own events the log records (besides `gc-command` and `gc-genesys-event`). */
const ELEMENT_EVENTS = [
  'gc-error',
  'gc-attributes-set',
  'gc-attributes-sent',
  'gc-attributes-removed',
  'gc-command-sent',
  'gc-login',
  'gc-session-clear',
  'gc-navigate',
  'gc-messenger-state',
];

/** The fields of the gc- events the log reads (each event has some of them). */
interface ElementEventFields {
  reason?: unknown;
  message?: unknown;
  attributes?: unknown;
  pending?: unknown;
  restored?: unknown;
  held?: unknown;
  command?: unknown;
  options?: unknown;
  fields?: Partial<LoginFields>;
  url?: unknown;
  detail?: Partial<MessengerStateDetail>;
}

/** Page loads stand on every filter's timeline: they are what separates one page's entries from the next. */
const inFilter = (entry: EventLogEntry, filter: string) => filter === 'all' || entry.source === filter || entry.kind === 'load';

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The SDK plugin a command or event name belongs to; the SDK's other plugins (Identifiers, GenesysJS…) go with Messenger. */
function sourceOf(name: string): EventLogSource {
  const plugin = name.split('.')[0];
  return plugin === 'Database' || plugin === 'MessagingService' || plugin === 'Journey' ? plugin : 'Messenger';
}

/** Any value as compact JSON, at most `max` characters: cycles, functions and errors never throw. */
export function summarise(value: unknown, max = MAX_DATA): string {
  let text: string | undefined;
  try {
    const seen = new WeakSet<object>();
    text = JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'bigint') return `${v}n`;
      if (v instanceof Error) return { name: v.name, message: v.message };
      if (v && typeof v === 'object') {
        if (seen.has(v)) return '[already shown]';
        seen.add(v);
      }
      return v;
    });
  } catch {
    text = '[could not be read]';
  }
  return clip(text ?? '', max);
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : summarise(error, MAX_TEXT);
}

const keysOf = (value: unknown): string[] => (value && typeof value === 'object' ? Object.keys(value as CustomAttributes) : []);
const listed = (keys: string[]) => (keys.length ? keys.join(', ') : 'nothing');

/** The messages of a `MessagingService.messagesReceived`, in words: who wrote, and what a guest's message carried. */
function describeMessages(data: unknown): string {
  const messages = (data as { messages?: unknown } | undefined)?.messages;
  if (!Array.isArray(messages)) return '';
  return messages
    .slice(0, 5)
    .map((m: { direction?: unknown; text?: unknown; channel?: { metadata?: { customAttributes?: unknown } } }) => {
      const text = typeof m?.text === 'string' ? ` "${clip(m.text, 120)}"` : '';
      // 'Inbound' is the guest's (WIRE.inbound in the contract; written here so that the bundle need not export it).
      if (m?.direction !== 'Inbound') return `Message from the agent or a bot${text}.`;
      const carried = m.channel?.metadata?.customAttributes;
      // Genesys does not promise that the echo names what the message carried: when it does not,
      // the Database panel's gc-attributes-sent says what its pending set became.
      return keysOf(carried).length
        ? `Guest message${text}, carrying the custom attributes ${summarise(carried, 300)}.`
        : `Guest message${text}; the event names no custom attributes (gc-attributes-sent says what a message carried).`;
    })
    .join(' ');
}

/** The stored log, each entry checked: sessionStorage is the page's, but anything may have written it. */
function readLog(): { entries: EventLogEntry[]; dropped: number } {
  let stored: { entries?: unknown; dropped?: unknown } | undefined;
  try {
    stored = JSON.parse(readStorage('sessionStorage', EVENT_LOG_KEY) ?? 'null');
  } catch {
    stored = undefined;
  }
  const str = (v: unknown, max: number) => (typeof v === 'string' ? clip(v, max) : undefined);
  const entries: EventLogEntry[] = [];
  for (const e of Array.isArray(stored?.entries) ? stored.entries.slice(-MAX_MAX_ENTRIES) : []) {
    if (!e || typeof e !== 'object' || !Number.isFinite(e.time) || !SOURCES.includes(e.source) || !KINDS.includes(e.kind)) continue;
    entries.push({
      time: e.time,
      source: e.source,
      kind: e.kind,
      name: str(e.name, MAX_TEXT) ?? '',
      text: str(e.text, MAX_TEXT) ?? '',
      data: str(e.data, MAX_DATA),
      outcome: OUTCOMES.includes(e.outcome) ? e.outcome : undefined,
      result: str(e.result, MAX_DATA),
      keys: Array.isArray(e.keys) ? e.keys.filter((k: unknown) => typeof k === 'string').slice(0, 200).map((k: string) => clip(k, 255)) : undefined,
      page: Number.isFinite(e.page) ? e.page : undefined,
    });
  }
  const dropped = Number(stored?.dropped);
  return { entries, dropped: Number.isSafeInteger(dropped) && dropped > 0 ? dropped : 0 };
}

/**
 * The Database panel's keys still pending at the end of the log: the last `gc-attributes-set`'s
 * pending set, unless a message carried it (`gc-attributes-sent`), Clear Session dropped it, or a
 * page load already lost it. Removing keys leaves the rest pending.
 */
function pendingAtEnd(log: EventLogEntry[]): string[] {
  let pending: string[] = [];
  for (const entry of log) {
    if (entry.kind === 'load' || entry.name === 'gc-attributes-sent' || entry.name === 'gc-session-clear') pending = [];
    else if (entry.name === 'gc-attributes-set') pending = entry.keys ?? [];
    else if (entry.name === 'gc-attributes-removed') pending = pending.filter((k) => entry.keys?.includes(k));
  }
  return pending;
}

/** `max-entries` as a whole number from 10 to 1000, or undefined when it is not one. */
function parseMax(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d{1,4}\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= MIN_MAX_ENTRIES && n <= MAX_MAX_ENTRIES ? n : undefined;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** Local time with milliseconds, e.g. `14:03:07.042`. */
function clock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/**
 * A timeline of everything that crossed the page, in order: every Messenger command the elements
 * send (`gc-command`, with Messenger's answer or its refusal), every SDK event the messenger
 * re-fires (`gc-genesys-event`; a guest's message with the custom attributes it carried), every
 * `gc-` event of the elements, and each page load. It is kept for the tab (sessionStorage), so
 * the timeline goes on across page loads, and a load that lost the Database panel's pending keys
 * says which. It listens to events on `document` only, and never touches Messenger.
 *
 * @tag gc-event-log
 * @summary A timeline of the page's Messenger commands, SDK events and element events, kept across page loads.
 *
 * @attr max-entries - How many entries to keep, the newest (a whole number from 10 to 1000; default 300). Older ones are dropped, and the log says so.
 * @attr filter - The filter shown first: `all` (default), `Database`, `MessagingService`, `Journey`, `Messenger` or `page` (page loads and the elements' own events).
 *
 * @fires {GcErrorEvent} gc-error - `max-entries` or `filter` is not valid (`invalid-config`); the default is used.
 *
 * @csspart base - The panel around everything.
 * @csspart title - The panel's title, "Event log".
 * @csspart label - The filter's label.
 * @csspart filter - The filter (a select).
 * @csspart button - Both buttons (the same name as the other elements' buttons).
 * @csspart copy-button - Copy as JSON.
 * @csspart clear-button - Clear.
 * @csspart summary - How many entries are shown, and whether older ones were dropped.
 * @csspart log - The scrolling region around the list (`role="log"`, not announced entry by entry).
 * @csspart list - The list of entries, oldest first.
 * @csspart entry - Each entry.
 * @csspart time - An entry's local time, with milliseconds.
 * @csspart source - An entry's plugin, or "Page".
 * @csspart name - An entry's command, event or page load.
 * @csspart text - An entry's words.
 * @csspart data - An entry's options, data or attributes, as JSON.
 * @csspart result - A command's answer or refusal reason.
 * @csspart status - What Copy or Clear did (announced politely).
 * @csspart error - The alert that says what went wrong (an attribute not valid, the clipboard refused).
 * @csspart fallback - The log as JSON, to select and copy by hand when the browser refused the clipboard.
 *
 * @cssprop --gc-lab-accent-color - Buttons (default `light-dark(#1f5fbf, #8ab4f8)`: follows the page's `color-scheme`).
 * @cssprop --gc-lab-on-accent-color - Text on accent-coloured buttons (default `light-dark(#ffffff, #0b1b36)`).
 * @cssprop --gc-lab-focus-color - The focus ring, 3px, one style everywhere (default `CanvasText`).
 * @cssprop --gc-lab-error-color - Errors, refused commands and lost keys (default `light-dark(#b3261e, #f2b8b5)`).
 * @cssprop --gc-lab-error-surface-color - The error alert's background (default `light-dark(#fdecea, #3c1412)`).
 * @cssprop --gc-lab-pending-color - Commands waiting for Messenger's answer (default `light-dark(#b06000, #ffb870)`).
 * @cssprop --gc-lab-success-color - Commands Messenger took (default `light-dark(#1e6b30, #8fd19e)`).
 * @cssprop --gc-lab-surface-color - The panel's background (default `transparent`).
 * @cssprop --gc-lab-input-color - The filter's background (default `Field`).
 * @cssprop --gc-lab-muted-color - Page loads, JSON and separators (default: the text colour at 8%).
 * @cssprop --gc-lab-border-color - Borders (default: the text colour at 55%).
 * @cssprop --gc-lab-text-color - Text (default: inherited from the host page).
 * @cssprop --gc-lab-radius - Corner radius (default `8px`).
 * @cssprop --gc-lab-spacing - The panel's padding (default `1rem`).
 * @cssprop --gc-lab-font-family - The font (default: inherited from the host page).
 * @cssprop --gc-lab-font-size - The base font size (default: inherited from the host page).
 * @cssprop --gc-lab-mono-font-family - The font of times and JSON (default: the system monospace font).
 */
export class GcEventLog extends LitElement {
  static override styles = [sharedStyles, eventLogStyles];

  static override properties: PropertyDeclarations = {
    maxEntries: { attribute: 'max-entries' },
    filter: {},
    log: { state: true, attribute: false },
    dropped: { state: true, attribute: false },
    kept: { state: true, attribute: false },
    status: { state: true, attribute: false },
    announcement: { state: true, attribute: false },
    copyError: { state: true, attribute: false },
    fallback: { state: true, attribute: false },
  };

  /** How many entries to keep, the newest (attribute `max-entries`): a whole number from 10 to 1000; anything else keeps 300. */
  maxEntries?: number | string;
  /** The entries shown: `all`, `Database`, `MessagingService`, `Journey`, `Messenger` or `page` (attribute `filter`; the select changes it). */
  filter = 'all';

  private log: EventLogEntry[] = [];
  /** How many older entries were dropped to keep the newest. */
  private dropped = 0;
  /** False when the browser would not store the log (storage full or off). */
  private kept = true;
  private status = '';
  private announcement = '';
  private copyError = '';
  private fallback = '';
  private configError = '';
  /** New entries (of the filter shown) not announced yet. */
  private fresh: EventLogEntry[] = [];
  private lastAnnounced = 0;
  private announceTimer?: ReturnType<typeof setTimeout>;
  private saveTimer?: ReturnType<typeof setTimeout>;
  private lastState = '';
  /** The SDK payloads logged: the bridge re-fires the same `X.ready` payload to every element that asks later. */
  private readonly payloads = new WeakSet<object>();
  private stickToEnd = true;

  /** The entries kept, oldest first (a copy). */
  get entries(): EventLogEntry[] {
    return this.log.map((e) => ({ ...e, ...(e.keys && { keys: [...e.keys] }) }));
  }

  private get limit(): number {
    return parseMax(this.maxEntries) ?? DEFAULT_MAX_ENTRIES;
  }

  private get shownFilter(): string {
    return SOURCES.includes(this.filter) ? this.filter : 'all';
  }

  private get shown(): EventLogEntry[] {
    const filter = this.shownFilter;
    return filter === 'all' ? this.log : this.log.filter((e) => inFilter(e, filter));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Capture: an event's entry goes in before anything its listeners on document do (the
    // Database panel's gc-attributes-sent comes after the message that caused it).
    document.addEventListener('gc-command', this.onCommand, true);
    document.addEventListener('gc-genesys-event', this.onGenesys, true);
    for (const type of ELEMENT_EVENTS) document.addEventListener(type, this.onElementEvent, true);
    addEventListener('pagehide', this.save);
    const stored = readLog();
    this.log = stored.entries;
    this.dropped = stored.dropped;
    if (!this.log.some((e) => e.kind === 'load' && e.page === PAGE)) {
      const lost = pendingAtEnd(this.log);
      // A command still waiting was left with its page.
      this.log = this.log.map((e) =>
        e.outcome === 'waiting' ? { ...e, outcome: 'unanswered', text: `${e.text} No answer came before the page was left.` } : e,
      );
      this.add({ kind: 'load', source: 'page', name: 'Page loaded', text: `Page loaded: ${location.href}`, page: PAGE });
      if (lost.length) {
        const text = `This page load lost the pending keys: ${lost.join(', ')}`;
        this.add({ kind: 'lost', source: 'Database', name: 'Pending keys lost', text, keys: lost });
      }
    }
  }

  override disconnectedCallback(): void {
    document.removeEventListener('gc-command', this.onCommand, true);
    document.removeEventListener('gc-genesys-event', this.onGenesys, true);
    for (const type of ELEMENT_EVENTS) document.removeEventListener(type, this.onElementEvent, true);
    removeEventListener('pagehide', this.save);
    clearTimeout(this.announceTimer);
    this.announceTimer = undefined;
    this.save();
    super.disconnectedCallback();
  }

  /** Empties the log (and what is kept for the tab). */
  clear(): void {
    this.log = [];
    this.dropped = 0;
    this.fresh = [];
    this.fallback = '';
    this.copyError = '';
    this.save();
    this.status = 'Cleared the log.';
  }

  /** Copies the entries shown (the filter's) to the clipboard as JSON; false when the browser refused (the JSON is then shown to copy by hand). */
  async copy(): Promise<boolean> {
    const shown = this.shown;
    const json = JSON.stringify(
      shown.map(({ time, page: _page, ...rest }) => ({ time: new Date(time).toISOString(), ...rest })),
      null,
      2,
    );
    const count = shown.length === 1 ? '1 entry' : `${shown.length} entries`;
    try {
      await navigator.clipboard.writeText(json);
      this.copyError = '';
      this.fallback = '';
      this.status = `Copied ${count} as JSON.`;
      return true;
    } catch {
      this.status = '';
      this.copyError = `The browser did not allow copying to the clipboard: the JSON (${count}) is in the box below; select it and copy it (Ctrl+C, or ⌘C on a Mac).`;
      this.fallback = json;
      return false;
    }
  }

  private add(entry: Omit<EventLogEntry, 'time'>): EventLogEntry {
    const added: EventLogEntry = { time: Date.now(), ...entry, name: clip(entry.name, MAX_TEXT), text: clip(entry.text, MAX_TEXT) };
    if (!added.data) delete added.data;
    if (added.keys) added.keys = added.keys.slice(0, 200).map((k) => clip(k, 255));
    else delete added.keys;
    let log = [...this.log, added];
    const over = log.length - this.limit;
    if (over > 0) {
      log = log.slice(over);
      this.dropped += over;
    }
    this.log = log;
    if (inFilter(added, this.shownFilter)) this.fresh.push(added);
    this.announceSoon();
    this.saveSoon();
    return added;
  }

  private replace(entry: EventLogEntry, changes: Partial<EventLogEntry>): void {
    const at = this.log.indexOf(entry);
    // Gone (cleared or dropped) before Messenger answered, or the element left the page: nothing to say where.
    if (at < 0 || !this.isConnected) return;
    this.log = this.log.map((e, i) => (i === at ? { ...e, ...changes } : e));
    this.saveSoon();
  }

  // One summary line at most every second, in a status region of its own: the log's region is
  // aria-live="off", so that a burst of events is one announcement, not one per entry.
  private announceSoon(): void {
    if (this.announceTimer !== undefined || !this.isConnected) return;
    this.announceTimer = setTimeout(() => {
      this.announceTimer = undefined;
      const fresh = this.fresh;
      this.fresh = [];
      if (!fresh.length) return;
      this.lastAnnounced = Date.now();
      const last = fresh[fresh.length - 1];
      const words = `${fresh.length === 1 ? '1 new entry' : `${fresh.length} new entries`}, the last: ${last.name}.`;
      // The same words twice would not be read again: a no-break space tells them apart.
      this.announcement = words === this.announcement.trimEnd() ? `${words}\u00a0` : words;
    }, Math.max(0, this.lastAnnounced + ANNOUNCE_EVERY - Date.now()));
  }

  private saveSoon(): void {
    this.saveTimer ??= setTimeout(this.save, 50);
  }

  private readonly save = () => {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.log.length && !this.dropped) {
      removeStorage('sessionStorage', EVENT_LOG_KEY);
      this.kept = true;
      return;
    }
    this.kept = writeStorage('sessionStorage', EVENT_LOG_KEY, JSON.stringify({ dropped: this.dropped, entries: this.log }));
  };

  private readonly onCommand = (event: GcCommandEvent) => {
    const name = String(event.command);
    const text = "Sent; waiting for Messenger's answer.";
    const entry = this.add({ kind: 'command', source: sourceOf(name), name, text, data: summarise(event.options), outcome: 'waiting' });
    const sent = performance.now();
    const took = () => `${Math.round(performance.now() - sent)} ms`;
    // The messenger answers (respondWith) while the event is dispatched: read the answer after.
    const answer = () => {
      if (event.eventPhase !== Event.NONE) return void setTimeout(answer);
      const result = (event as Partial<GcCommandEvent>).result;
      // Not a GcCommandEvent (anything can fire an event of that name): no answer to read.
      if (typeof result?.then !== 'function') return this.replace(entry, { outcome: 'unanswered', text: 'Nobody answered.' });
      result.then(
        (value) =>
          this.replace(entry, { outcome: 'resolved', text: `Messenger took it (${took()}).`, result: value === undefined ? undefined : summarise(value) }),
        (error) => this.replace(entry, { outcome: 'refused', text: `Refused (${took()}).`, result: clip(reasonOf(error), MAX_DATA) }),
      );
    };
    queueMicrotask(answer);
  };

  private readonly onGenesys = (event: GcGenesysEvent) => {
    const payload = event.payload as unknown;
    if (payload && typeof payload === 'object') {
      if (this.payloads.has(payload)) return;
      this.payloads.add(payload);
    }
    const name = String(event.eventName);
    const text = name === 'MessagingService.messagesReceived' ? describeMessages(event.data) : '';
    this.add({ kind: 'sdk', source: sourceOf(name), name, text, data: summarise(event.data) });
  };

  private readonly onElementEvent = (event: Event) => {
    const type = event.type;
    // What the gc- events carry, read loosely: anything can fire an event of these names.
    const e = event as ElementEventFields;
    const element = (source: EventLogSource, text: string, data?: unknown, keys?: string[]) =>
      this.add({ kind: 'element', source, name: type, text, data: data === undefined ? undefined : summarise(data), keys });
    switch (type) {
      case 'gc-error':
        element('page', `${e.reason}: ${e.message}`);
        break;
      case 'gc-attributes-set': {
        const pending = keysOf(e.pending);
        element(
          'Database',
          `Set ${listed(keysOf(e.attributes))}; pending now: ${listed(pending)}.${e.restored ? ' Set again after the page load (persist).' : ''}`,
          { attributes: e.attributes, pending: e.pending },
          pending,
        );
        break;
      }
      case 'gc-attributes-sent':
        element('Database', `A guest message carried the custom attributes: ${listed(keysOf(e.attributes))}.`, e.attributes);
        break;
      case 'gc-attributes-removed': {
        const held = keysOf(e.held);
        element('Database', `Removed ${listed(keysOf(e.attributes))}; still held: ${listed(held)}.`, { attributes: e.attributes, held: e.held }, held);
        break;
      }
      case 'gc-command-sent':
        element(sourceOf(String(e.command)), `${e.command}: Messenger took it.`, e.options);
        break;
      case 'gc-login': {
        const fields = e.fields;
        element('Journey', `Logged in as ${fields?.givenName} ${fields?.familyName} (${fields?.email}).`, fields);
        break;
      }
      case 'gc-session-clear':
        // Clear Session forgets the visitor: the log starts again from it.
        this.log = [];
        this.dropped = 0;
        this.fresh = [];
        this.fallback = '';
        element('page', 'Clear Session: the log was cleared.');
        break;
      case 'gc-navigate':
        element('page', `Going to ${e.url} (${e.reason}).`);
        break;
      case 'gc-messenger-state': {
        const detail = e.detail;
        // Elements ask the messenger to say its state again when they connect: a repeat is not news.
        const state = summarise(detail);
        if (state === this.lastState) return;
        this.lastState = state;
        const where = [detail?.environment, detail?.deploymentId].filter(Boolean).join(', ');
        element('Messenger', `Messenger is ${detail?.state}${where ? ` (${where})` : ''}${detail?.message ? `: ${detail.message}` : '.'}`);
        break;
      }
    }
  };

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('maxEntries') || changed.has('filter')) {
      const problems: string[] = [];
      if (this.maxEntries != null && parseMax(this.maxEntries) === undefined) {
        problems.push(
          `max-entries must be a whole number from ${MIN_MAX_ENTRIES} to ${MAX_MAX_ENTRIES}, not "${clip(String(this.maxEntries), 40)}": ` +
            `the log keeps the newest ${DEFAULT_MAX_ENTRIES}.`,
        );
      }
      if (this.filter != null && !SOURCES.includes(this.filter) && this.filter !== 'all') {
        problems.push(`filter must be one of ${FILTERS.map(([value]) => value).join(', ')}, not "${clip(String(this.filter), 40)}": showing all.`);
      }
      const problem = problems.join(' ');
      if (problem && problem !== this.configError) this.dispatchEvent(new GcErrorEvent('invalid-config', problem));
      this.configError = problem;
      const over = this.log.length - this.limit;
      if (over > 0) {
        this.log = this.log.slice(over);
        this.dropped += over;
        this.saveSoon();
      }
    }
    const region = this.renderRoot.querySelector?.('.log');
    this.stickToEnd = !region || region.scrollTop + region.clientHeight >= region.scrollHeight - 8;
  }

  override updated(): void {
    // A reader scrolled up to read stays there; otherwise the newest entry stays in view.
    const region = this.renderRoot.querySelector('.log');
    if (region && this.stickToEnd) region.scrollTop = region.scrollHeight;
  }

  private onFilter(event: Event): void {
    this.filter = (event.target as HTMLSelectElement).value;
    this.fresh = [];
  }

  override render() {
    const shown = this.shown;
    const filter = this.shownFilter;
    const count = (n: number) => (n === 1 ? '1 entry' : `${n} entries`);
    const error = [this.configError, this.copyError].filter(Boolean).join(' ');
    return html`
      <div class="panel" part="base" role="group" aria-labelledby="title">
        <p class="title" part="title" id="title">Event log</p>
        <div class="controls">
          <div>
            <label part="label" for="filter">Show</label>
            <select id="filter" part="filter" @change=${this.onFilter}>
              ${FILTERS.map(([value, label]) => html`<option value=${value} ?selected=${value === filter}>${label}</option>`)}
            </select>
          </div>
          <div class="actions">
            <button part="button copy-button" type="button" @click=${() => this.copy()}>Copy as JSON</button>
            <button part="button clear-button" type="button" class="secondary" @click=${() => this.clear()}>Clear</button>
          </div>
        </div>
        <p class="summary" part="summary">
          ${filter === 'all' ? count(this.log.length) : `${count(shown.length)} of ${this.log.length}`}, oldest first.
          ${this.dropped ? `Older entries dropped (${this.dropped}): the log keeps the newest ${this.limit}.` : nothing}
          ${this.kept ? nothing : 'Not kept across page loads: the browser would not store it.'}
        </p>
        <div class="log" part="log" role="log" aria-live="off" aria-labelledby="title" tabindex="0">
          ${shown.length
            ? html`<ol part="list">
                ${shown.map(
                  (e) => html`<li part="entry" class="${e.kind} ${e.outcome ?? ''} ${e.name === 'gc-error' ? 'error' : ''}">
                    <time part="time" datetime=${new Date(e.time).toISOString()}>${clock(e.time)}</time>
                    <span part="source" class="source">${e.source === 'page' ? 'Page' : e.source}</span>
                    <span part="name" class="name">${e.name}</span>
                    ${e.text && e.kind !== 'load' ? html`<span part="text">${e.text}</span>` : nothing}
                    ${e.kind === 'load' ? html`<span part="text">${e.text.slice('Page loaded: '.length)}</span>` : nothing}
                    ${e.data ? html`<pre part="data">${e.data}</pre>` : nothing}
                    ${e.result ? html`<pre part="result">${e.outcome === 'refused' ? 'Reason: ' : 'Answer: '}${e.result}</pre>` : nothing}
                  </li>`,
                )}
              </ol>`
            : html`<p class="empty">Nothing recorded${filter === 'all' ? '' : ' for this filter'} yet.</p>`}
        </div>
        <p class="visually-hidden" role="status">${this.announcement}</p>
        <p class="status" part="status" role="status">${this.status || nothing}</p>
        <p class="alert" part="error" role="alert">${error || nothing}</p>
        ${this.fallback
          ? html`<textarea part="fallback" readonly aria-label="The log as JSON, to copy" rows="8" .value=${this.fallback}></textarea>`
          : nothing}
      </div>
    `;
  }
}

define('gc-event-log', GcEventLog);

declare global {
  interface HTMLElementTagNameMap {
    'gc-event-log': GcEventLog;
  }
}
