// `npm run bench`: figures. The bundle's size, then the emulated Web Messaging service on loopback:
//  1. Round trip of a guest message (onMessage → the echoed StructuredMessage): median and p99.
//  2. How many concurrent guest sessions one server holds while p99 stays under 50 ms, each
//     session sending 2 messages a second (under the documented 5 a second).
// The server runs in its own process (as under `npm start`); this process is the clients.
// Everything is bounded: fixed sample counts, a time budget per step, loopback only.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { spawnStart } from './spawn-start.mjs';

const DEPLOYMENT = '5d1b8c2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f';
const ROUND_TRIPS = Number(process.env.BENCH_ROUND_TRIPS || 2000);
const LEVELS = (process.env.BENCH_LEVELS || '100,250,500,1000,2000,3000,4000').split(',').map(Number);
const RATE_PER_SESSION = 2; // messages a second
// The service allows 60 requests a minute per connection: a level stays under that.
const LEVEL_SECONDS = Math.min(Number(process.env.BENCH_LEVEL_SECONDS || 5), Math.floor(59 / RATE_PER_SESSION) - 1);
const P99_BUDGET_MS = 50;

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const ms = (n) => `${n.toFixed(2)} ms`;
const sleep = (t) => new Promise((r) => setTimeout(r, t));

/** One guest: a configured session whose echoes resolve the matching pending send. */
async function guest(port) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/v1?deploymentId=${DEPLOYMENT}`);
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
  ws.send(JSON.stringify({ action: 'configureSession', token, deploymentId: DEPLOYMENT, startNew: false }));
  await ready;
  let n = 0;
  return {
    /** Sends one message; resolves with its round trip in ms (or rejects after 5 s). */
    send() {
      const text = `m${n++}-${token.slice(0, 8)}`;
      return new Promise((resolve, reject) => {
        const start = performance.now();
        const timer = setTimeout(() => {
          pending.delete(text);
          reject(new Error('no echo within 5 s'));
        }, 5000);
        pending.set(text, (end) => {
          clearTimeout(timer);
          resolve(end - start);
        });
        ws.send(JSON.stringify({ action: 'onMessage', token, message: { type: 'Text', text } }));
      });
    },
    close: () => ws.close(),
  };
}

async function roundTrip(port) {
  // Rotate over enough sessions that none goes past 5 messages a second, nor 60 requests a minute.
  const sessions = await Promise.all(Array.from({ length: Math.max(50, Math.ceil(ROUND_TRIPS / 50)) }, () => guest(port)));
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

async function level(port, count) {
  const sessions = [];
  const connectStart = performance.now();
  for (let i = 0; i < count; i += 100) {
    sessions.push(...(await Promise.all(Array.from({ length: Math.min(100, count - i) }, () => guest(port)))));
  }
  const connectMs = performance.now() - connectStart;
  const samples = [];
  let failures = 0;
  const interval = 1000 / RATE_PER_SESSION;
  const end = performance.now() + LEVEL_SECONDS * 1000;
  await Promise.all(
    sessions.map(async (session) => {
      await sleep(Math.random() * interval); // spread the sessions over the interval
      while (performance.now() < end) {
        const started = performance.now();
        try {
          samples.push(await session.send());
        } catch {
          failures += 1;
        }
        await sleep(Math.max(0, interval - (performance.now() - started)));
      }
    }),
  );
  sessions.forEach((s) => s.close());
  samples.sort((a, b) => a - b);
  return { count, connectMs, n: samples.length, failures, median: percentile(samples, 50), p99: percentile(samples, 99) };
}

const bundle = new URL('../dist/gc-lab.js', import.meta.url);
if (existsSync(bundle)) {
  const source = readFileSync(bundle);
  console.log(`dist/gc-lab.js: ${source.length} bytes, ${gzipSync(source, { level: 9 }).length} gzipped\n`);
} else {
  console.log('dist/gc-lab.js: not built (npm run build)\n');
}

const { child, port } = await spawnStart({ stderr: 'inherit' });
try {
  console.log(`Emulated Web Messaging service on 127.0.0.1:${port} (Node ${process.version}, its own process)\n`);
  const rt = await roundTrip(port);
  console.log(`Round trip of a guest message, ${rt.n} sequential samples: median ${ms(rt.median)}, p99 ${ms(rt.p99)}\n`);

  console.log(`Concurrent sessions, each sending ${RATE_PER_SESSION} messages/s for ${LEVEL_SECONDS} s:`);
  console.log('  sessions   msgs/s   samples   median      p99        failures   connect');
  let held = 0;
  for (const count of LEVELS) {
    const r = await level(port, count);
    const ok = r.p99 < P99_BUDGET_MS && r.failures === 0;
    console.log(
      `  ${String(count).padStart(8)}   ${String(count * RATE_PER_SESSION).padStart(6)}   ${String(r.n).padStart(7)}   ${ms(r.median).padStart(9)}   ${ms(r.p99).padStart(9)}   ${String(r.failures).padStart(8)}   ${(r.connectMs / 1000).toFixed(1)} s ${ok ? '' : '  (over budget)'}`,
    );
    if (!ok) break;
    held = count;
  }
  console.log(
    `\nHeld with p99 under ${P99_BUDGET_MS} ms: ${held} concurrent sessions` +
      (held === LEVELS[LEVELS.length - 1] ? ' (the largest level tried)' : ''),
  );
} finally {
  child.kill();
}
