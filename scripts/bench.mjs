// `npm run bench`: figures. The bundle's size, then the emulated Web Messaging service on loopback:
//  1. Round trip of a guest message (onMessage → the echoed StructuredMessage): median and p99,
//     one message at a time (the unloaded cost; the load figures below are open loop).
//  2. How many concurrent guest sessions one server holds while p99 stays under 50 ms, each
//     session sending 2 messages a second (under the documented 5 a second). Open loop: every
//     message has an intended send time and goes then, whatever is still outstanding, and its
//     latency counts from that intended time (coordinated omission corrected: a stalled server
//     or a late client shows up as latency, not as fewer samples). Each level runs three times;
//     the client's and the server's CPU and event-loop delay are printed beside the figures.
//  3. A room: 40 students (a guest session each, a workshop's worth of messages with custom
//     attributes, and an agent view of their own deployment) plus an instructor's view of all,
//     for BENCH_ROOM_SECONDS (60), open loop like 2: server memory before/after, message latency
//     p50/p99, and CPU and event-loop delay on both sides.
//  4. A slow-reader flood: event-stream clients that never read, under message load: server
//     memory before/after, clients dropped.
//  5. An invalid-frame flood: sockets sending garbage and binary frames: memory, rate limited.
//  6. Clients that never read: guest sockets that send requests (with the longest tracingId
//     allowed) and never read the answers, one per address: server memory, clients dropped.
//  7. A Journey flood from one client while another guest chats: accepted and refused, what
//     it cost the agent views, and the other guest's latency.
// Clients come from many loopback addresses (127.0.x.y), as a room's laptops would: the
// service's caps and rates are per client address.
// The server runs in its own process (as under `npm start`); this process is the clients.
// Everything is bounded: fixed sample counts, a time budget per step, loopback only.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BUNDLE, describe, measure, pieces } from './bundle-size.mjs';
import WebSocket from 'ws';
import { answerStatus, tcp, textFrame, upgradeRequest } from './raw-socket.mjs';
import { spawnStart } from './spawn-start.mjs';

const DEPLOYMENT = '5d1b8c2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f';
const ROUND_TRIPS = Number(process.env.BENCH_ROUND_TRIPS || 2000);
const LEVELS = (process.env.BENCH_LEVELS || '100,250,500,1000,2000,3000,4000').split(',').map(Number);
const RATE_PER_SESSION = 2; // messages a second
// The service allows 60 requests a minute per connection: a level stays under that.
const LEVEL_SECONDS = Math.min(Number(process.env.BENCH_LEVEL_SECONDS || 5), Math.floor(59 / RATE_PER_SESSION) - 1);
const P99_BUDGET_MS = 50;
const REPEATS = Math.max(1, Number(process.env.BENCH_REPEATS || 3));
const LOOP_RESOLUTION_MS = 10; // the event-loop histograms' sampling period, here and in the service
const ROOM_STUDENTS = Number(process.env.BENCH_ROOM_STUDENTS || 40);
const ROOM_SECONDS = Math.min(Number(process.env.BENCH_ROOM_SECONDS || 60), 90);
const ROOM_MESSAGES = 20; // a workshop's worth per student
const MB = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
/** The n-th client's loopback address (Linux routes all of 127.0.0.0/8 to this machine). */
const addr = (n) => `127.0.${Math.floor(n / 250) + 1}.${(n % 250) + 2}`;
/** Sessions per address in the levels: 5 sessions × 2 messages/s stay under a client's 20 requests/s. */
const SESSIONS_PER_ADDRESS = 5;

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const ms = (n) => `${n.toFixed(2)} ms`;
const sleep = (t) => new Promise((r) => setTimeout(r, t));

/** One guest: a configured session whose echoes resolve the matching pending send. */
async function guest(port, deploymentId = DEPLOYMENT, localAddress = '127.0.0.1') {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/v1?deploymentId=${deploymentId}`, { localAddress });
  const token = randomUUID();
  const pending = new Map();
  let configured;
  const ready = new Promise((resolve) => (configured = resolve));
  ws.on('message', (data) => {
    const frame = JSON.parse(data);
    if (frame.class === 'SessionResponse') return configured();
    if (frame.class === 'StructuredMessage') {
      const done = pending.get(frame.body.text);
      if (done) {
        pending.delete(frame.body.text);
        done(performance.now());
      }
    } else if (frame.type === 'response' && frame.code >= 400) {
      console.error(`  service error: ${frame.class} ${frame.code} ${JSON.stringify(frame.body)}`);
    }
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ action: 'configureSession', token, deploymentId, startNew: false }));
  await ready;
  let n = 0;
  return {
    token,
    /**
     * Sends one message; resolves with its latency in ms from `since` (default: now), or
     * rejects after 5 s.
     */
    send(customAttributes, pad = '', since = performance.now()) {
      const text = `m${n++}-${token.slice(0, 8)}${pad}`;
      return new Promise((resolve, reject) => {
        const start = since;
        const timer = setTimeout(() => {
          pending.delete(text);
          reject(new Error('no echo within 5 s'));
        }, 5000);
        pending.set(text, (end) => {
          clearTimeout(timer);
          resolve(end - start);
        });
        const channel = customAttributes ? { channel: { metadata: { customAttributes } } } : {};
        ws.send(JSON.stringify({ action: 'onMessage', token, message: { type: 'Text', text, ...channel } }));
      });
    },
    close: () => ws.close(),
  };
}

async function roundTrip(port) {
  // Rotate over enough sessions that none goes past 5 messages a second, nor 60 requests a minute.
  const sessions = await Promise.all(Array.from({ length: Math.max(50, Math.ceil(ROUND_TRIPS / 50)) }, (_, i) => guest(port, DEPLOYMENT, addr(i))));
  const lastUse = new Array(sessions.length).fill(0);
  const samples = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const s = i % sessions.length;
    const wait = lastUse[s] + 250 - performance.now();
    if (wait > 0) await sleep(wait);
    lastUse[s] = performance.now();
    samples.push(await sessions[s].send());
  }
  sessions.forEach((s) => s.close());
  samples.sort((a, b) => a - b);
  return { n: samples.length, median: percentile(samples, 50), p99: percentile(samples, 99) };
}

/**
 * Runs `sendAll` and measures what it cost on both sides: this process's CPU and event-loop
 * delay (the clients') beside the server's, over the same wall time.
 */
async function underLoad(port, sendAll) {
  const serverBefore = await stats(port); // also restarts the server's event-loop histogram
  const clientLoop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  clientLoop.enable();
  const clientCpu = process.cpuUsage();
  const started = performance.now();
  await sendAll();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(clientCpu);
  clientLoop.disable();
  const serverAfter = await stats(port);
  return {
    serverBefore,
    serverAfter,
    clientCpu: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
    // The histogram holds the sampling period too; the delay is what comes on top of it.
    clientLoopP99: Math.max(0, clientLoop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
    serverCpu: ((serverAfter.cpuMs - serverBefore.cpuMs) / wallMs) * 100,
    serverLoopP99: serverAfter.eventLoopDelay.p99Ms,
  };
}

/**
 * Open loop: sends with `send(k, since)` at `start + k * interval` for every k before `end`,
 * whatever is still outstanding; `send` counts latency from `since`, the intended time (or now,
 * if the timer fired early). Resolves when every send has settled.
 */
async function openLoop(start, interval, end, send) {
  const outstanding = [];
  for (let k = 0; ; k++) {
    const intended = start + k * interval;
    if (intended >= end) break;
    const wait = intended - performance.now();
    if (wait > 0) await sleep(wait);
    outstanding.push(send(k, Math.min(intended, performance.now())));
  }
  await Promise.all(outstanding);
}

const loadColumns = (r) =>
  `${`${r.clientCpu.toFixed(0)}% / ${ms(r.clientLoopP99)}`.padStart(18)}  ${`${r.serverCpu.toFixed(0)}% / ${ms(r.serverLoopP99)}`.padStart(19)}`;

/** One run of a level, open loop (see the header). */
async function level(port, count) {
  const sessions = [];
  const connectStart = performance.now();
  for (let i = 0; i < count; i += 100) {
    sessions.push(...(await Promise.all(Array.from({ length: Math.min(100, count - i) }, (_, j) => guest(port, DEPLOYMENT, addr(Math.floor((i + j) / SESSIONS_PER_ADDRESS)))))));
  }
  const connectMs = performance.now() - connectStart;
  const samples = [];
  let failures = 0;
  const interval = 1000 / RATE_PER_SESSION;
  const start = performance.now() + 50;
  const end = start + LEVEL_SECONDS * 1000;
  const load = await underLoad(port, () =>
    Promise.all(
      // Spread the sessions evenly over the interval; each then sends on its own schedule.
      sessions.map((session, i) =>
        openLoop(start + (i / count) * interval, interval, end, (k, since) =>
          session.send(undefined, '', since).then((ms) => samples.push(ms), () => (failures += 1)),
        ),
      ),
    ),
  );
  sessions.forEach((s) => s.close());
  samples.sort((a, b) => a - b);
  return { count, connectMs, n: samples.length, failures, median: percentile(samples, 50), p99: percentile(samples, 99), ...load };
}

async function stats(port) {
  return (await fetch(`http://127.0.0.1:${port}/api/stats`)).json();
}

/** An agent view's event stream that reads everything; counts bytes and events. */
function reader(port, deploymentId, key) {
  return new Promise((resolve, reject) => {
    const path = `/api/stream${deploymentId ? `?deploymentId=${deploymentId}` : ''}`;
    const req = request({ host: '127.0.0.1', port, path, headers: key ? { Authorization: `Bearer ${key}` } : {} }, (res) => {
      const r = { bytes: 0, events: 0, status: res.statusCode, close: () => req.destroy() };
      res.on('data', (chunk) => {
        r.bytes += chunk.length;
        r.events += (String(chunk).match(/^event: /gm) ?? []).length;
      });
      res.on('error', () => {});
      resolve(r);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A room, open loop like the levels: each student's messages go at their intended times. */
async function room(port) {
  const before = await stats(port); // memory before the room connects
  const students = await Promise.all(
    Array.from({ length: ROOM_STUDENTS }, async (_, i) => {
      // Each student on a laptop of their own, with the key the lab page claims for them.
      const deploymentId = randomUUID();
      const claim = await fetch(`http://127.0.0.1:${port}/api/deployments/${deploymentId}/key`, { method: 'POST' });
      const { key } = await claim.json();
      return { deploymentId, session: await guest(port, deploymentId, addr(2000 + i)), view: await reader(port, deploymentId, key) };
    }),
  );
  const instructor = await reader(port, undefined);
  const samples = [];
  let failures = 0;
  const interval = (ROOM_SECONDS * 1000) / ROOM_MESSAGES;
  const start = performance.now() + 50;
  const end = start + ROOM_SECONDS * 1000;
  const load = await underLoad(port, async () => {
    await Promise.all(
      // The students spread evenly over one interval, each then on its own schedule.
      students.map(({ session }, i) =>
        openLoop(start + (i / ROOM_STUDENTS) * interval, interval, end, (m, since) =>
          session
            .send({ keyInt: String(123 + m), keyString: 'hello', student: String(i), step: `step ${m}` }, '', since)
            .then((ms) => samples.push(ms), () => (failures += 1)),
        ),
      ),
    );
    await sleep(200);
  });
  const after = load.serverAfter;
  const viewEvents = students.reduce((n, s) => n + s.view.events, 0);
  students.forEach((s) => {
    s.session.close();
    s.view.close();
  });
  instructor.close();
  samples.sort((a, b) => a - b);
  return { ...load, before, after, n: samples.length, failures, median: percentile(samples, 50), p99: percentile(samples, 99), viewEvents, instructor };
}

async function slowReaders(port) {
  const SLOW = 20;
  const before = await stats(port);
  const sockets = await Promise.all(
    Array.from({ length: SLOW }, () =>
      new Promise((resolve) => {
        const socket = tcpConnect({ host: '127.0.0.1', port }, () => {
          socket.write(`GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
          socket.pause(); // never reads
          resolve(socket);
        });
        socket.on('error', () => {});
      }),
    ),
  );
  const guests = await Promise.all(Array.from({ length: 20 }, () => guest(port, randomUUID())));
  const pad = ` ${'x'.repeat(3900)}`;
  const end = performance.now() + 15_000;
  let sent = 0;
  while (performance.now() < end && (await stats(port)).streamDropped - before.streamDropped < SLOW) {
    await Promise.all(guests.map((g) => g.send(undefined, pad).then(() => (sent += 1), () => {})));
    await sleep(250);
  }
  const after = await stats(port);
  sockets.forEach((s) => s.destroy());
  guests.forEach((g) => g.close());
  return { before, after, slow: SLOW, sent, dropped: after.streamDropped - before.streamDropped };
}

/** Guest sockets that send requests and never read the answers, one per address. */
async function nonReaders(port) {
  const CLIENTS = 40;
  const before = await stats(port);
  // Under 4 KiB, so that even the rate-limited answers repeat the tracingId (the most a client can make the server queue).
  const frame = textFrame(JSON.stringify({ action: 'echo', token: 't', tracingId: 'x'.repeat(256), message: { type: 'Text', text: 'y'.repeat(3000) } }));
  const sockets = await Promise.all(
    Array.from({ length: CLIENTS }, async (_, i) => {
      const socket = await tcp(port, addr(3000 + i));
      socket.on('error', () => {});
      socket.write(upgradeRequest(port, { path: `/v1?deploymentId=${randomUUID()}` }));
      await answerStatus(socket);
      socket.pause(); // never reads again
      return socket;
    }),
  );
  const started = performance.now();
  let sent = 0;
  let peak = before;
  while (performance.now() - started < 20_000) {
    for (const socket of sockets) if (!socket.destroyed) for (let i = 0; i < 50; i++) socket.write(frame);
    sent += CLIENTS * 50;
    await sleep(10);
    const now = await stats(port);
    if (now.rssBytes > peak.rssBytes) peak = now;
    if (now.socketsDropped - before.socketsDropped >= CLIENTS) break;
  }
  const after = await stats(port);
  sockets.forEach((s) => s.destroy());
  return { clients: CLIENTS, sent, before, peak, after, dropped: after.socketsDropped - before.socketsDropped, ms: performance.now() - started };
}

/** 3.5 KB of Journey attributes: seven values of 500 characters (the service takes at most 512 a value, 4 KB an event). */
const bulkyAttributes = () => Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`text${i}`, 'x'.repeat(500)]));

/** One client posts Journey events as fast as it can for 5 s while another guest chats. */
async function journeyFlood(port) {
  const victim = await guest(port, randomUUID(), addr(4000));
  const flooder = await guest(port, DEPLOYMENT, addr(4001));
  const instructor = await reader(port, undefined);
  const counts = { 202: 0, 429: 0, other: 0 };
  const samples = [];
  const end = performance.now() + 5000;
  // As the runtime posts one (one visitor, one session): the page's context and a 3.5 KB record.
  const body = JSON.stringify({
    deploymentId: DEPLOYMENT,
    customerId: randomUUID(),
    token: flooder.token,
    kind: 'record',
    data: { eventName: 'flood', customAttributes: bulkyAttributes() },
    context: { page: { url: 'http://127.0.0.1/bench', title: 'flood' }, browser: { family: 'Chrome', lang: 'en' }, device: { category: 'desktop' } },
  });
  const flood = (async () => {
    while (performance.now() < end) {
      const res = await new Promise((resolve) => {
        const req = request({ host: '127.0.0.1', port, localAddress: addr(4001), method: 'POST', path: '/api/journey', headers: { 'Content-Type': 'application/json' } }, (r) => {
          r.resume();
          r.on('end', () => resolve(r.statusCode));
        });
        req.on('error', () => resolve(0));
        req.end(body);
      });
      counts[res in counts ? res : 'other'] += 1;
    }
  })();
  const chat = (async () => {
    while (performance.now() < end) {
      samples.push(await victim.send(undefined).catch(() => 5000));
      await sleep(250);
    }
  })();
  await Promise.all([flood, chat]);
  await sleep(200);
  victim.close();
  flooder.close();
  instructor.close();
  samples.sort((a, b) => a - b);
  return { counts, instructorBytes: instructor.bytes, median: percentile(samples, 50), p99: percentile(samples, 99), n: samples.length };
}

/**
 * New visitors from many laptops: 60 addresses, each posting a new visitor's first page view
 * (a new GPE session, 3.5 KB of attributes) 130 times at once, past the per-address rate and, in
 * all, past the room's cap on GPE sessions: what is kept, what is evicted, what it costs in memory.
 */
async function visitorFlood(port) {
  const ADDRESSES = 60;
  const PER_ADDRESS = 130;
  const before = await stats(port);
  const counts = { 202: 0, 429: 0, other: 0 };
  const started = performance.now();
  const post = (address) =>
    new Promise((resolve) => {
      const body = JSON.stringify({
        deploymentId: randomUUID(),
        customerId: randomUUID(),
        kind: 'pageview',
        data: { customAttributes: bulkyAttributes() },
        context: { page: { url: 'http://127.0.0.1/bench', title: 'visitor' }, browser: { family: 'Chrome', lang: 'en' }, device: { category: 'desktop' } },
      });
      const req = request({ host: '127.0.0.1', port, localAddress: address, method: 'POST', path: '/api/journey', headers: { 'Content-Type': 'application/json' } }, (r) => {
        r.resume();
        r.on('end', () => resolve(r.statusCode));
      });
      req.on('error', () => resolve(0));
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: ADDRESSES }, async (_, i) => {
      for (let n = 0; n < PER_ADDRESS; n++) {
        const status = await post(addr(6000 + i));
        counts[status in counts ? status : 'other'] += 1;
      }
    }),
  );
  const after = await stats(port);
  return { addresses: ADDRESSES, posts: ADDRESSES * PER_ADDRESS, counts, before, after, ms: performance.now() - started };
}

async function invalidFrames(port) {
  const SOCKETS = 50;
  const FRAMES = 600;
  const before = await stats(port);
  let answered = 0;
  let limited = 0;
  await Promise.all(
    Array.from({ length: SOCKETS }, async () => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/v1?deploymentId=${randomUUID()}`);
      await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
      const done = new Promise((resolve) => {
        let n = 0;
        const timer = setTimeout(resolve, 10_000);
        ws.on('message', (data) => {
          answered += 1;
          if (JSON.parse(data).code === 429) limited += 1;
          if (++n === FRAMES) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      for (let i = 0; i < FRAMES; i++) ws.send(i % 2 ? Buffer.from([0xde, 0xad, i & 0xff]) : `{not json ${i}`, { binary: i % 2 === 1 });
      await done;
      ws.close();
    }),
  );
  const after = await stats(port);
  return { before, after, sockets: SOCKETS, frames: SOCKETS * FRAMES, answered, limited };
}

if (existsSync(BUNDLE)) {
  console.log(describe(measure(readFileSync(BUNDLE))));
  const { sizes, threeElements, wholeLab, threeGzip, wholeGzip } = pieces();
  console.log('Pieces of the single bundle (gzipped; the gc-lab-*.js files load only where their tags are):');
  for (const [name, size] of sizes) console.log(`  ${name.padEnd(24)} ${String(size.gzip).padStart(6)} B  (${size.bytes} B raw)`);
  console.log(`A page with the three Database-lesson elements loads ${threeElements.join(' + ')}: ${threeGzip} B gzipped.`);
  console.log(`The whole lab page (every element) loads ${wholeLab.join(' + ')}: ${wholeGzip} B gzipped.`);
  const runtime = new URL('../dist/emulator/genesys-runtime.js', import.meta.url);
  if (existsSync(runtime)) console.log(`Offline, Messenger is the emulated runtime: dist/emulator/genesys-runtime.js, ${measure(readFileSync(runtime)).gzip} B gzipped.`);
  console.log('');
} else {
  console.log('dist/gc-lab.js: not built (npm run build)\n');
}

const { child, port } = await spawnStart({ stderr: 'inherit' });
try {
  console.log(`Emulated Web Messaging service on 127.0.0.1:${port} (Node ${process.version}, its own process)\n`);
  const rt = await roundTrip(port);
  console.log(`Round trip of a guest message, ${rt.n} sequential samples: median ${ms(rt.median)}, p99 ${ms(rt.p99)}\n`);

  const r = await room(port);
  console.log(
    `A room: ${ROOM_STUDENTS} students (a session and an agent view of their deployment each) + an instructor's view of all, ${ROOM_SECONDS} s, ${ROOM_MESSAGES} messages with custom attributes each:`,
  );
  console.log(`  messages ${r.n} (failures ${r.failures}), open loop: latency p50 ${ms(r.median)}, p99 ${ms(r.p99)}`);
  console.log(`  client cpu/loop p99 ${loadColumns(r).trim().replace(/\s{2,}/, ';  server cpu/loop p99 ')}`);
  console.log(`  server RSS ${MB(r.before.rssBytes)} → ${MB(r.after.rssBytes)}, heap ${MB(r.before.heapUsedBytes)} → ${MB(r.after.heapUsedBytes)}`);
  console.log(`  events to the students' views ${r.viewEvents}; to the instructor's ${r.instructor.events} (${MB(r.instructor.bytes)}); stream clients dropped ${r.after.streamDropped - r.before.streamDropped}\n`);

  const s = await slowReaders(port);
  console.log(`Slow-reader flood: ${s.slow} event-stream clients that never read, under ${s.sent} messages of 4 KB:`);
  console.log(`  server RSS ${MB(s.before.rssBytes)} → ${MB(s.after.rssBytes)}, heap ${MB(s.before.heapUsedBytes)} → ${MB(s.after.heapUsedBytes)}; clients dropped ${s.dropped} of ${s.slow}\n`);

  const nr = await nonReaders(port);
  console.log(`Clients that never read: ${nr.clients} guest sockets (one per address) sending ${nr.sent} requests with 256-character tracingIds, never reading:`);
  console.log(`  server RSS ${MB(nr.before.rssBytes)} → peak ${MB(nr.peak.rssBytes)} → ${MB(nr.after.rssBytes)}; clients dropped ${nr.dropped} of ${nr.clients} in ${(nr.ms / 1000).toFixed(1)} s\n`);

  const jf = await journeyFlood(port);
  console.log(`Journey flood: one client posting 3.5 KB Journey events for 5 s while another guest chats:`);
  console.log(`  accepted ${jf.counts[202]}, refused 429 ${jf.counts[429]}, other ${jf.counts.other}; the instructor's view received ${MB(jf.instructorBytes)}; the other guest's echo p50 ${ms(jf.median)}, p99 ${ms(jf.p99)} (${jf.n} messages)\n`);

  const vf = await visitorFlood(port);
  console.log(`New visitors: ${vf.addresses} addresses × ${vf.posts / vf.addresses} first page views (a new GPE session each, 3.5 KB of attributes), all at once:`);
  console.log(
    `  accepted ${vf.counts[202]}, refused 429 ${vf.counts[429]}, other ${vf.counts.other} in ${(vf.ms / 1000).toFixed(1)} s; GPE sessions kept ${vf.after.journeySessions} (cap 5000), evicted ${vf.after.journeySessionsEvicted - vf.before.journeySessionsEvicted}; server RSS ${MB(vf.before.rssBytes)} → ${MB(vf.after.rssBytes)}\n`,
  );

  const f = await invalidFrames(port);
  console.log(`Invalid-frame flood: ${f.sockets} sockets × ${f.frames / f.sockets} garbage frames (text and binary):`);
  console.log(`  server RSS ${MB(f.before.rssBytes)} → ${MB(f.after.rssBytes)}, heap ${MB(f.before.heapUsedBytes)} → ${MB(f.after.heapUsedBytes)}; answered ${f.answered}, rate limited ${f.limited} (server counted ${f.after.rateLimited - f.before.rateLimited})\n`);

  console.log(`Concurrent sessions, each sending ${RATE_PER_SESSION} messages/s for ${LEVEL_SECONDS} s, open loop, ${REPEATS} runs a level:`);
  console.log('  sessions  msgs/s  run  samples   median      p99     fail  connect  client cpu/loop p99   server cpu/loop p99');
  let held = 0;
  for (const count of LEVELS) {
    const p99s = [];
    let failed = 0;
    for (let run = 1; run <= REPEATS; run++) {
      const r = await level(port, count);
      p99s.push(r.p99);
      failed += r.failures;
      console.log(
        `  ${String(count).padStart(8)}  ${String(count * RATE_PER_SESSION).padStart(6)}  ${String(run).padStart(3)}  ${String(r.n).padStart(7)}  ${ms(r.median).padStart(9)}  ${ms(r.p99).padStart(9)}  ${String(r.failures).padStart(4)}  ${(r.connectMs / 1000).toFixed(1).padStart(5)} s  ${loadColumns(r)}`,
      );
    }
    const medianP99 = [...p99s].sort((a, b) => a - b)[Math.floor(p99s.length / 2)];
    const ok = medianP99 < P99_BUDGET_MS && failed === 0;
    console.log(`  ${''.padStart(8)}  median p99 of the runs: ${ms(medianP99)}${ok ? '' : '  (over budget)'}`);
    if (!ok) break;
    held = count;
  }
  console.log(
    `\nHeld with the median p99 under ${P99_BUDGET_MS} ms: ${held} concurrent sessions` +
      (held === LEVELS[LEVELS.length - 1] ? ' (the largest level tried)' : ''),
  );
} finally {
  child.kill();
}
