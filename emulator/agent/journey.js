// The visitor's Predictive Engagement (GPE) session in the agent view, beside the conversation:
// what Genesys knows out of the box (browser, device, location: emulated offline), who the
// visitor is (the traits the login form mapped), the session's attributes, and one timeline
// with both places against the same clock: the GPE events (page views, records) and the
// conversation's messages with the custom attributes each carried. Visitors with a GPE session
// and no conversation yet are listed too: GPE data exists from the first page view.
import { $, el, time, shortId } from './dom.js';

/** Records the lab sends, with their own mark (the workshop's timeline shows them with icons). */
const MARKS = {
  // The workshop's icons for these two, in words, with the event's own name (the one the lab sends).
  product_added: { label: '+ Product added (product_added)', className: 'mark added' },
  product_removed: { label: '− Product removed (product_removed)', className: 'mark removed' },
};

const value = (attribute) => attribute?.value ?? '';
const pairs = (attributes) => Object.entries(attributes ?? {}).map(([k, a]) => `${k} = ${value(a)}`);

/** The visitor in a few words: the identity from the login if any, else the customer id. */
export function visitorName(session) {
  const traits = session.traits ?? {};
  const name = [value(traits.givenName), value(traits.familyName)].filter(Boolean).join(' ');
  const email = value(traits.email);
  if (name || email) return [name, email && `<${email}>`].filter(Boolean).join(' ');
  return `Visitor ${shortId(session.customerId)}`;
}

/** What an event was, in plain words. */
function eventWords(event) {
  const { eventName, page } = event.webEvent;
  if (eventName === 'page_viewed') return `Page view: ${page?.title || page?.url || '(no title)'}`;
  return MARKS[eventName]?.label ?? `Record: ${eventName}`;
}

/**
 * The visitors with a GPE session and no conversation yet, most recently active first.
 * @param {Map<string, any>} sessions
 * @param {string | null} selected the GPE session in view, if one is
 * @param {(id: string) => void} onSelect
 */
export function renderVisitors(sessions, selected, onSelect) {
  const alone = [...sessions.values()].filter((s) => !s.conversationIds.length);
  alone.sort((a, b) => ((a.lastEvent?.createdDate ?? a.createdDate) < (b.lastEvent?.createdDate ?? b.createdDate) ? 1 : -1));
  $('no-visitors').hidden = alone.length > 0;
  $('visitors').replaceChildren(
    ...alone.map((s) => {
      const button = el('button');
      button.type = 'button';
      button.dataset.session = s.id;
      button.setAttribute('aria-current', String(s.id === selected));
      const head = el('span', undefined, 'head');
      head.append(el('span', visitorName(s), 'title'), time(s.lastEvent?.createdDate ?? s.createdDate));
      const last = s.events[s.events.length - 1];
      const preview = `${s.eventCount} event${s.eventCount === 1 ? '' : 's'}${last ? `; last: ${eventWords(last)}` : ''}`;
      button.append(head, el('span', preview, 'preview'));
      button.addEventListener('click', () => onSelect(s.id));
      const item = el('li');
      item.append(button);
      return item;
    }),
  );
}

/** A definition list's rows. @param {HTMLElement} list @param {Array<[string, string]>} rows */
function fillList(list, rows) {
  list.replaceChildren(
    ...rows.flatMap(([term, description]) => {
      const dt = el('dt', term);
      const dd = el('dd', description);
      return [dt, dd];
    }),
  );
}

/** Why a conversation shows no GPE session. */
function missingWords(conversation) {
  if (conversation.journeySessionId) return 'Its Predictive Engagement session is no longer kept by the emulator (a session is forgotten a day after its last event, or when the room needs the space).';
  if (conversation.journeyContext?.customerSession) {
    return `Its configureSession named the Predictive Engagement session ${conversation.journeyContext.customerSession.id}, which is not this visitor's on this deployment: nothing is linked.`;
  }
  return 'Not linked to a Predictive Engagement session: its configureSession carried no journeyContext (Journey events may be off for this deployment, or none was sent before the chat started).';
}

/**
 * The panel beside the conversation (or alone, for a visitor with no conversation).
 * @param {{ session: any, conversation: any, who: (m: any) => string, describe: (m: any) => string }} options
 */
export function renderJourneyPanel({ session, conversation, who, describe }) {
  const panel = $('journey-panel');
  panel.hidden = !session && !conversation;
  if (panel.hidden) return;
  $('journey-missing').hidden = Boolean(session);
  $('journey-details').hidden = !session;
  if (!session) {
    $('journey-title').textContent = 'Predictive Engagement session';
    $('journey-missing').textContent = missingWords(conversation);
    return;
  }
  $('journey-title').textContent = `Predictive Engagement: ${visitorName(session)}`;
  const linked = session.conversationIds.length;
  $('journey-meta').textContent = [
    `Customer ${session.customerId} (cookie)`,
    `session ${shortId(session.id)} started ${new Date(session.createdDate).toLocaleString()}`,
    `${session.eventCount} event${session.eventCount === 1 ? '' : 's'}, ${session.pageviewCount} page view${session.pageviewCount === 1 ? '' : 's'}`,
    session.endedDate ? 'ended (idle)' : 'active',
    linked ? `${linked} conversation${linked === 1 ? '' : 's'} linked` : 'no conversation yet',
  ].join(' · ');

  const traits = Object.entries(session.traits ?? {});
  $('no-identity').hidden = traits.length > 0;
  $('journey-identity').hidden = traits.length === 0;
  fillList($('journey-identity'), traits.map(([k, a]) => [k, value(a)]));

  const { browser = {}, device = {}, geolocation = {} } = session;
  const place = [geolocation.locality, geolocation.regionName, geolocation.countryName].filter(Boolean).join(', ');
  fillList($('journey-context'), [
    ['Browser', [browser.family, browser.version].filter(Boolean).join(' ') || 'not reported'],
    ['Language', browser.lang || 'not reported'],
    ['Window', browser.viewWidth ? `${browser.viewWidth} × ${browser.viewHeight}` : 'not reported'],
    ['Device', [device.category, device.osFamily].filter(Boolean).join(', ') || 'not reported'],
    ['Screen', device.screenWidth ? `${device.screenWidth} × ${device.screenHeight}${device.isMobile ? ', mobile' : ''}` : 'not reported'],
    ['Location', `${place || 'unknown'}${geolocation.postalCode ? ` ${geolocation.postalCode}` : ''} (emulated: nothing can locate a visitor offline)`],
    ['Last page', session.lastPage?.url ?? 'none'],
  ]);

  const attributes = pairs(session.attributes);
  $('no-journey-attributes').hidden = attributes.length > 0;
  $('journey-attributes').hidden = attributes.length === 0;
  $('journey-attributes').replaceChildren(...attributes.map((text) => el('li', text)));

  const notes = [
    session.droppedEvents ? `${session.droppedEvents} older events are no longer kept by the emulator.` : '',
    session.omittedEvents ? `${session.omittedEvents} earlier events are not shown here (GET /api/v2/journey/sessions/${session.id}/events has them).` : '',
    conversation?.omittedMessages ? `${conversation.omittedMessages} earlier messages are not shown.` : '',
  ].filter(Boolean);
  $('journey-dropped').hidden = notes.length === 0;
  $('journey-dropped').textContent = notes.join(' ');
  renderTimeline(session, conversation, who, describe);
}

/** GPE events and the conversation's messages, in time order (ISO times sort as text). */
function renderTimeline(session, conversation, who, describe) {
  const entries = [
    ...session.events.map((event) => ({ at: event.createdDate, event })),
    ...(conversation?.messages ?? []).map((message) => ({ at: message.time, message })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  $('timeline-note').textContent = conversation
    ? 'Page views and records (on the GPE session) and the messages of this conversation (with the custom attributes each carried), against the same clock.'
    : 'Page views and records on the GPE session: no conversation yet, and the data is already here.';
  $('journey').replaceChildren(
    ...entries.map(({ event, message }) => {
      if (message) {
        const item = el('li', undefined, `message ${message.direction}`);
        item.append(el('span', 'Conversation', 'place'), el('span', `${who(message)}: ${describe(message)}`));
        if (message.customAttributes) item.append(el('span', `arrived with: ${Object.entries(message.customAttributes).map(([k, v]) => `${k} = ${v}`).join(', ')}`, 'attributes'));
        item.append(time(message.time));
        return item;
      }
      const { eventName, page, attributes, traits } = event.webEvent;
      const mark = MARKS[eventName];
      const item = el('li', undefined, `gpe ${eventName === 'page_viewed' ? 'pageview' : 'record'}`);
      item.dataset.event = eventName;
      item.append(el('span', 'GPE', 'place'), el('span', eventWords(event), mark?.className ?? 'what'));
      if (eventName === 'page_viewed' && page?.url) item.append(el('span', page.url, 'url'));
      const carried = pairs(attributes);
      if (carried.length) item.append(el('span', `with: ${carried.join(', ')}`, 'attributes'));
      const identity = pairs(traits);
      if (identity.length) item.append(el('span', `identifies the visitor: ${identity.join(', ')}`, 'attributes'));
      item.append(time(event.createdDate));
      return item;
    }),
  );
  $('no-journey').hidden = entries.length > 0;
}
