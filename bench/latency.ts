/**
 * Latency: from the 202 of a single-event request to the SMTP 250 for its notification, at a
 * steady 200 events/s where every event notifies. The receiver is an in-process SMTP sink in
 * the load-generator process, so both ends are timed on one clock.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { BenchOptions } from './run.js';
import { eventJson } from './lib/events.js';
import { post } from './lib/http-load.js';
import { machineInfo } from './lib/machine.js';
import type { Row, Section } from './lib/report.js';
import { benchSnapshot, seed } from './lib/seed.js';
import { configure, freshDatabase, openBenchStore, startServer, type StoreKind } from './lib/server.js';
import { startTimingSink } from './lib/smtp.js';
import { fmt, median, percentile, sleep, waitFor } from './lib/stats.js';

/** Events per second, open loop. */
const RATE = 200;
/** Events already stored when the measurement starts (retention has work to do). */
export const STORED_EVENTS = 300_000;
/** HERALD_EVENT_MAX for the run: below STORED_EVENTS, so pruning passes delete while we measure. */
const EVENT_MAX = 250_000;
/** Seconds per measured run. */
const RUN_SECONDS = 10;

/** One run: p50/p99 in ms from 202 and from the request's start. */
async function latencyRun(url: string, token: string, sink: Awaited<ReturnType<typeof startTimingSink>>, run: string, seconds: number): Promise<{ fromAccepted: number[]; fromSent: number[]; late: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const target = new URL('/api/v1/events', url);
  const accepted = new Map<string, number>();
  const sentAt = new Map<string, number>();
  const total = RATE * seconds;
  const started = performance.now();
  const requests: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const id = `${run}-${i}`;
    const body = `{"events":[${eventJson(id, i, 'critical')}]}`;
    sentAt.set(id, performance.now());
    requests.push(
      post(agent, target, token, body).then((answer) => {
        if (answer.status !== 202) throw new Error(`POST answered ${answer.status}: ${answer.body}`);
        accepted.set(id, performance.now());
      }),
    );
  }
  await Promise.all(requests);
  await waitFor(() => [...accepted.keys()].every((id) => sink.arrivals.has(id)), 30_000, 20);
  agent.destroy();
  const fromAccepted: number[] = [];
  const fromSent: number[] = [];
  let late = 0;
  for (const [id, at] of accepted) {
    const arrived = sink.arrivals.get(id);
    if (arrived === undefined) {
      late += 1;
      continue;
    }
    fromAccepted.push(Math.max(0, arrived - at));
    fromSent.push(arrived - (sentAt.get(id) ?? at));
  }
  return { fromAccepted, fromSent, late };
}

/** Measures one database kind; returns p50/p99 per run. */
export async function measureLatency(kind: StoreKind, runs: number): Promise<{ p50: number[]; p99: number[]; p50Sent: number[]; p99Sent: number[]; missing: number }> {
  const db = freshDatabase(kind);
  const sink = await startTimingSink();
  const store = await openBenchStore(db);
  try {
    // Info events: stored, not notifying (the default rules), so seeding costs inserts only.
    const rate = await seed(store, benchSnapshot(sink.port), 'stored', 0, STORED_EVENTS, { batch: 5000, severity: 'info' });
    process.stdout.write(`   ${kind}: ${fmt(STORED_EVENTS)} events stored (${fmt(rate)}/s)\n`);
  } finally {
    await store.close();
  }
  const server = await startServer(db, { env: { HERALD_EVENT_MAX: String(EVENT_MAX) } });
  const out = { p50: [] as number[], p99: [] as number[], p50Sent: [] as number[], p99Sent: [] as number[], missing: 0 };
  try {
    const token = await configure(server, sink.port);
    const run = randomBytes(4).toString('hex');
    await latencyRun(server.url, token, sink, `${run}-warm`, 2);
    for (let r = 0; r < runs; r += 1) {
      const result = await latencyRun(server.url, token, sink, `${run}-${r}`, RUN_SECONDS);
      out.p50.push(percentile(result.fromAccepted, 50));
      out.p99.push(percentile(result.fromAccepted, 99));
      out.p50Sent.push(percentile(result.fromSent, 50));
      out.p99Sent.push(percentile(result.fromSent, 99));
      out.missing += result.late;
    }
    return out;
  } finally {
    await server.stop();
    await sink.close();
    await db.drop();
  }
}

/** The latency benchmark section. */
export async function latencyBench(options: BenchOptions): Promise<Section> {
  const started = performance.now();
  const machine = machineInfo();
  const rows: Row[] = [];
  for (const kind of ['sqlite', 'postgres'] as const) {
    const m = await measureLatency(kind, options.runs);
    const runsOf = (values: number[]): string => values.map((v) => fmt(v, 1)).join(', ');
    rows.push({ metric: `${kind}: p50, 202 → 250 (ms)`, value: fmt(median(m.p50), 1), runs: runsOf(m.p50), target: '', ok: null });
    rows.push({ metric: `${kind}: p99, 202 → 250 (ms)`, value: fmt(median(m.p99), 1), runs: runsOf(m.p99), target: '≤ 50', ok: median(m.p99) <= 50 });
    rows.push({ metric: `${kind}: p50 / p99, request sent → 250 (ms)`, value: `${fmt(median(m.p50Sent), 1)} / ${fmt(median(m.p99Sent), 1)}`, runs: '', target: '', ok: null });
    if (m.missing > 0) rows.push({ metric: `${kind}: notifications not delivered within 30 s`, value: String(m.missing), runs: '', target: '0', ok: false });
  }
  return {
    name: 'latency',
    title: '3. Latency at a steady 200 events/s',
    method: [
      `Before the runs, ${fmt(STORED_EVENTS)} events are stored (written through the store, info severity) and the server runs with \`HERALD_EVENT_MAX=${fmt(EVENT_MAX)}\`, so retention is pruning (a pass 5 s after start, then every minute) while the load runs.`,
      `Open loop: one single-event request every 5 ms (${RATE}/s) for ${RUN_SECONDS} s per run, every event critical (each notifies), after a 2 s warm-up; Herald with \`--role all\`, default settings (worker concurrency 32, 4 SMTP connections).`,
      'Receiver: an in-process `smtp-server` in the load-generator process; a message is timed when its DATA is complete (just before its 250), matched to its event by `X-Herald-Event-Id`.',
      'Latency = arrival − the moment the client received the 202 (0 when the mail arrived before the 202 did); the request-sent → 250 figure includes the ingest itself.',
    ],
    rows,
    at: new Date().toISOString(),
    machine,
    seconds: (performance.now() - started) / 1000,
  };
}
