// @ts-check
import { ServiceState } from './state.mjs';
import { json } from './http.mjs';
import { eventShape, sessionShape } from './journeys.mjs';
/** @typedef {import('./types.mjs').Connection} Connection */
/** @typedef {import('./types.mjs').Conversation} Conversation */
/** @typedef {import('./types.mjs').StreamClient} StreamClient */

/**
 * The agent side's event stream (server-sent events): what conversations and the visitors'
 * GPE sessions look like to the agent (`summary`, `journeySummary`, pages), which changed
 * (`changed`, `journeyChanged`, coalesced `flush`), the first snapshot, and the stream slots
 * (per key, per laptop, the instructor's reserve, each stream's life).
 */
export class Streams extends ServiceState {
  /**
   * A conversation as the agent's API and views see it; `newest` keeps only that many of the
   * newest messages (agent-view updates), saying how many were left out.
   * @param {Conversation} c
   * @param {number} [newest]
   */
  summary(c, newest = Infinity) {
    const shown = c.messages.length > newest ? c.messages.slice(-newest) : c.messages;
    return {
      id: c.id,
      deploymentId: c.deploymentId,
      state: c.state,
      sessionExpired: c.sessionExpired,
      ...(c.guestLeft ? { guestLeft: c.guestLeft } : {}),
      createdAt: c.createdAt,
      updatedAt: new Date(c.lastActivity).toISOString(),
      ...(c.droppedMessages ? { droppedMessages: c.droppedMessages } : {}),
      ...(shown.length < c.messages.length ? { omittedMessages: c.messages.length - shown.length } : {}),
      messages: shown.map((m) => ({
        id: m.id,
        direction: m.direction,
        type: m.type,
        ...(m.text !== undefined ? { text: m.text } : {}),
        ...(m.events ? { events: m.events } : {}),
        ...(m.customAttributes ? { customAttributes: { ...m.customAttributes } } : {}),
        ...(m.buttonResponse ? { buttonResponse: { ...m.buttonResponse } } : {}),
        // Sent at the frame's top level, which Genesys ignores since 2026-06-05: lost.
        ...(m.ignoredAttributes ? { ignoredAttributes: [...m.ignoredAttributes] } : {}),
        ...(m.originatingEntity ? { originatingEntity: m.originatingEntity, nickname: m.nickname } : {}),
        time: m.time,
      })),
      customAttributes: { ...c.customAttributes },
      // Values a flow or the script set (they are in customAttributes too), with their source.
      ...(c.participantData && Object.keys(c.participantData).length
        ? { participantData: Object.fromEntries(Object.entries(c.participantData).map(([k, v]) => [k, { ...v }])) }
        : {}),
      // What the inbound message flow did at the first message, and where it left the conversation.
      ...(c.flow ? { flow: structuredClone(c.flow) } : {}),
      ...(c.queue ? { queue: c.queue } : {}),
      // The visitor's GPE session it is linked to (configureSession's journeyContext).
      ...(c.journeyContext ? { journeyContext: structuredClone(c.journeyContext) } : {}),
      ...(c.journeySessionId ? { journeySessionId: c.journeySessionId, journeyCustomerId: c.journeyCustomerId } : {}),
    };
  }

  /**
   * A GPE session as the agent views see it: the Session (journeys.mjs sessionShape), its
   * deployment, its linked conversations and its newest `newest` events (brief: the session
   * holds the context), saying how many were left out.
   * @param {import('./journeys.mjs').JourneySession} s
   * @param {number} [newest]
   */
  journeySummary(s, newest = this.limits.streamJourneyEvents) {
    const shown = s.events.length > newest ? s.events.slice(-newest) : s.events;
    return {
      ...sessionShape(s, this.now(), this.limits.journeyIdleMs),
      deploymentId: s.deploymentId,
      conversationIds: [...s.conversationIds],
      ...(s.droppedEvents ? { droppedEvents: s.droppedEvents } : {}),
      ...(shown.length < s.events.length ? { omittedEvents: s.events.length - shown.length } : {}),
      events: shown.map((e) => eventShape(s, e, true)),
    };
  }

  /**
   * A GPE session changed (an event, a link): agent views hear of it (coalesced).
   * @param {string} id
   */
  journeyChanged(id) {
    this.dirtyJourneys.add(id);
    this.snapshots.clear();
    this.scheduleFlush();
  }

  /**
   * One page of conversations, oldest first: the newest `limit` of `deploymentId` (or all)
   * created before the conversation numbered `before`; `more` when older ones remain.
   * @param {string | undefined} deploymentId
   * @param {number} limit
   * @param {number} [before]
   */
  page(deploymentId, limit, before = Infinity) {
    /** @type {Conversation[]} */
    const items = [];
    const all = [...this.conversations.values()];
    let i = all.length - 1;
    for (; i >= 0 && items.length < limit; i--) {
      const c = /** @type {Conversation} */ (all[i]);
      if (c.seq < before && (!deploymentId || c.deploymentId.toLowerCase() === deploymentId)) items.push(c);
    }
    let more = false;
    for (; i >= 0 && !more; i--) {
      const c = /** @type {Conversation} */ (all[i]);
      more = c.seq < before && (!deploymentId || c.deploymentId.toLowerCase() === deploymentId);
    }
    return { items: items.reverse(), more };
  }

  /**
   * What `GET /api/conversations[?deploymentId=]` returns by default: the newest page, oldest first.
   * @param {string | null} [deploymentId]
   */
  list(deploymentId) {
    return this.page(deploymentId ? deploymentId.trim().toLowerCase() : undefined, this.limits.defaultListLimit).items.map((c) => this.summary(c));
  }

  /**
   * Something about a conversation changed: agent views hear of it (coalesced).
   * @param {string} [conversationId]
   */
  changed(conversationId) {
    if (conversationId) {
      const c = this.conversations.get(conversationId);
      if (c) {
        c.lastActivity = this.now();
        this.dirty.add(conversationId);
      }
    }
    this.snapshots.clear();
    this.scheduleFlush();
    this.emit('change', conversationId);
  }

  scheduleFlush() {
    if (this.flushTimer || !this.streams.size) {
      if (!this.streams.size) {
        this.dirty.clear();
        this.removed.clear();
        this.dirtyJourneys.clear();
        this.removedJourneys.clear();
      }
      return;
    }
    this.flushTimer = setTimeout(this.safety.guard('sending agent-view updates', () => this.flush()), this.limits.streamCoalesceMs);
  }

  /** One message per changed (or removed) conversation, built once, written to every matching stream. */
  flush() {
    this.flushTimer = undefined;
    this.snapshots.clear();
    /** @type {Array<{ text: string, deploymentId: string }>} */
    const messages = [];
    for (const [id, deploymentId] of this.removed) {
      messages.push({ text: `event: removed\ndata: ${JSON.stringify({ id, deploymentId })}\n\n`, deploymentId });
    }
    for (const id of this.dirty) {
      const c = this.conversations.get(id);
      if (c) messages.push({ text: `event: conversation\ndata: ${JSON.stringify(this.summary(c, this.limits.streamMessages))}\n\n`, deploymentId: c.deploymentId });
    }
    for (const [id, deploymentId] of this.removedJourneys) {
      messages.push({ text: `event: journeyRemoved\ndata: ${JSON.stringify({ id, deploymentId })}\n\n`, deploymentId });
    }
    for (const id of this.dirtyJourneys) {
      const s = this.journeys.get(id);
      if (s) messages.push({ text: `event: journeySession\ndata: ${JSON.stringify(this.journeySummary(s))}\n\n`, deploymentId: s.deploymentId });
    }
    this.removed.clear();
    this.dirty.clear();
    this.removedJourneys.clear();
    this.dirtyJourneys.clear();
    for (const client of this.streams) {
      for (const m of messages) {
        if (client.deploymentId && client.deploymentId !== m.deploymentId.toLowerCase()) continue;
        // Checked before every write too, against a wider bound: a reader drains between
        // flushes, but one flush's own output cannot pile up without end either.
        if (!this.keepsUp(client, this.limits.streamMaxBufferedBytes + this.limits.streamMaxFlushBytes)) break;
        client.res.write(m.text);
      }
    }
  }

  /**
   * @param {string} message
   * @param {(client: StreamClient) => boolean} matches
   */
  broadcast(message, matches) {
    for (const client of this.streams) if (matches(client)) this.write(client, message);
  }

  /**
   * Backpressure: a client still holding more than streamMaxBufferedBytes unsent since the
   * last write (it stopped reading; a reading one drains between flushes) is dropped; its
   * browser reconnects and gets a fresh snapshot. False when dropped (or gone).
   * @param {StreamClient} client
   * @param {number} [bound]
   */
  keepsUp(client, bound = this.limits.streamMaxBufferedBytes) {
    const { res } = client;
    if (res.destroyed || res.writableEnded) {
      this.forgetStream(client);
      return false;
    }
    if (res.writableLength > bound) {
      this.stats.streamDropped += 1;
      this.forgetStream(client);
      res.destroy();
      return false;
    }
    return true;
  }

  /**
   * Writes to one stream if it keeps up.
   * @param {StreamClient} client
   * @param {string} message
   */
  write(client, message) {
    if (this.keepsUp(client)) client.res.write(message);
  }

  /**
   * The newest conversations of a page (oldest first) whose summaries fit in `budget` bytes as
   * JSON, at least one: what a stream's snapshot and a page of GET /api/conversations carry.
   * `more` when older ones remain or were left out.
   * @param {{ items: Conversation[], more: boolean }} page
   * @param {number} budget
   * @param {number} [newest] messages of each conversation (summary())
   */
  fitted({ items, more }, budget, newest) {
    /** @type {Conversation[]} */
    const kept = [];
    /** @type {string[]} */
    const parts = [];
    let bytes = 0;
    for (let i = items.length - 1; i >= 0; i--) {
      const c = /** @type {Conversation} */ (items[i]);
      const part = JSON.stringify(this.summary(c, newest));
      if (parts.length && bytes + part.length > budget) break;
      kept.unshift(c);
      parts.unshift(part);
      bytes += part.length;
    }
    return { kept, json: `[${parts.join(',')}]`, more: more || kept.length < items.length };
  }

  /**
   * The most recently active GPE sessions of `deploymentId` (or all), oldest first, at most
   * snapshotJourneySessions and within snapshotJourneyMaxBytes as JSON (at least one).
   * @param {string | undefined} deploymentId
   */
  fittedJourneys(deploymentId) {
    const all = [...this.journeys.sessions.values()].filter((s) => !deploymentId || s.deploymentId === deploymentId);
    /** @type {string[]} */
    const parts = [];
    let bytes = 0;
    for (let i = all.length - 1; i >= 0 && parts.length < this.limits.snapshotJourneySessions; i--) {
      const part = JSON.stringify(this.journeySummary(/** @type {import('./journeys.mjs').JourneySession} */ (all[i])));
      if (parts.length && bytes + part.length > this.limits.snapshotJourneyMaxBytes) break;
      parts.unshift(part);
      bytes += part.length;
    }
    return { json: `[${parts.join(',')}]`, more: parts.length < all.length };
  }

  /**
   * The first message of a stream: the newest conversations of its filter, built once per
   * filter until the next change.
   * @param {string | undefined} deploymentId
   */
  snapshot(deploymentId) {
    const key = deploymentId ?? '';
    let message = this.snapshots.get(key);
    if (!message) {
      // Within its byte budget: a stream's first write stays small.
      const { json, more } = this.fitted(this.page(deploymentId, this.limits.snapshotLimit), this.limits.snapshotMaxBytes, this.limits.streamMessages);
      const journeys = this.fittedJourneys(deploymentId);
      message = `event: snapshot\ndata: {"deploymentId":${JSON.stringify(deploymentId ?? null)},"more":${more},"conversations":${json},"moreJourneySessions":${journeys.more},"journeySessions":${journeys.json}}\n\n`;
      this.snapshots.set(key, message);
    }
    return message;
  }

  /**
   * Server-sent events for the agent view: a `snapshot` (the newest conversations and GPE
   * sessions), then one `conversation` event per changed conversation (the whole conversation),
   * `removed` when one is forgotten, and likewise `journeySession` and `journeyRemoved` for
   * the visitors' GPE sessions. `deploymentId` keeps to one deployment. Slots: at most
   * maxStreamClients at once, of which students take all but instructorStreams, each student
   * key at most maxStreamsPerKey (a further one closes that key's oldest); the instructor
   * always gets in (the oldest student stream, or the instructor's own oldest, gives way).
   * Every stream ends after streamLifeMs; a live view reconnects with a new ticket.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string | undefined} deploymentId
   * @param {import('./access.mjs').Principal} principal
   * @param {string} address
   */
  stream(req, res, deploymentId, principal, address) {
    const l = this.limits;
    const students = [...this.streams].filter((c) => c.principal.role === 'student');
    if (principal.role === 'student') {
      const mine = students.filter((c) => c.principal.role === 'student' && c.principal.keyHash === principal.keyHash);
      const here = students.filter((c) => c.address === address);
      if (mine.length >= l.maxStreamsPerKey) this.endStream(/** @type {StreamClient} */ (mine[0]));
      else if (here.length >= l.maxStudentStreamsPerClient) this.endStream(/** @type {StreamClient} */ (here[0]));
      else if (students.length >= l.maxStreamClients - l.instructorStreams || this.streams.size >= l.maxStreamClients) {
        this.stats.streamRefused += 1;
        json(res, 503, { error: `Too many agent views are open (${this.streams.size}): close one, or try again shortly.` }, { 'Retry-After': '10' });
        return;
      }
    } else if (this.streams.size >= l.maxStreamClients) {
      const oldest = students[0] ?? this.streams.values().next().value;
      if (oldest) this.endStream(oldest);
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    /** @type {StreamClient} */
    const client = { res, deploymentId, principal, address };
    client.timer = setTimeout(this.safety.guard('ending an agent view\'s stream', () => {
      this.stats.streamExpired += 1;
      this.endStream(client);
    }), l.streamLifeMs);
    client.timer.unref?.();
    this.streams.add(client);
    this.clients.count(address, 'streams', 1);
    res.write('retry: 2000\n\n');
    this.write(client, this.snapshot(deploymentId));
    const done = () => this.forgetStream(client);
    req.on('close', done);
    res.on('close', done);
    res.on('error', done);
  }

  /**
   * Ends a stream from this side (its view reconnects).
   * @param {StreamClient} client
   */
  endStream(client) {
    this.forgetStream(client);
    client.res.end();
  }

  /** @param {StreamClient} client */
  forgetStream(client) {
    clearTimeout(client.timer);
    if (this.streams.delete(client)) this.clients.count(client.address, 'streams', -1);
  }
}
