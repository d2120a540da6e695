/**
 * Ingest: events per second through HTTP, durable (a 202 means the events and their
 * notifications are committed), in batches of 500 and as single-event requests from 8
 * concurrent clients, on SQLite and PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import type { BenchOptions } from './run.js';
import { batchBody, type EventIds } from './lib/events.js';
import { closedLoop, prebuilt } from './lib/http-load.js';
import { machineInfo } from './lib/machine.js';
import type { Row, Section } from './lib/report.js';
import { configure, freshDatabase, startServer, type StoreKind } from './lib/server.js';
import { startSmtpSink } from './lib/smtp.js';
import { fmt, median } from './lib/stats.js';

/** Seconds per measured run. */
const RUN_MS = 5000;
/** Clients sending batches at once. */
const BATCH_CLIENTS = 4;
/** Clients sending single events at once. */
const SINGLE_CLIENTS = 8;

/**
 * Most events per second a run is expected to reach, per request size: the bodies of this many
 * events are built before each timed run (`prebuilt`); a faster run builds the rest on the fly.
 */
const PREBUILT_EVENTS_PER_S = { batched: 100_000, single: 15_000 };

/** Events per second the issue asks for (issue 15), per database. */
const TARGETS: Record<StoreKind, { batched: number; single: number }> = {
  sqlite: { batched: 50_000, single: 5_000 },
  postgres: { batched: 25_000, single: 3_000 },
};

/** Measures batched and single-event ingest on one database; returns the events/s of each run. */
export async function measureIngest(kind: StoreKind, runs: number, ids: EventIds = 'sequential'): Promise<{ batched: number[]; single: number[] }> {
  const db = freshDatabase(kind);
  const sink = await startSmtpSink();
  const server = await startServer(db, { role: 'api' });
  try {
    const token = await configure(server, sink.port);
    const run = randomBytes(4).toString('hex');
    let next = 0;
    const batch = (size: number) => (): string => {
      const body = batchBody(run, next, size, undefined, ids);
      next += size;
      return body;
    };
    await closedLoop({ url: server.url, token, concurrency: BATCH_CLIENTS, durationMs: 2000, eventsPerRequest: 500, next: batch(500) }); // warm-up
    await closedLoop({ url: server.url, token, concurrency: SINGLE_CLIENTS, durationMs: 1000, eventsPerRequest: 1, next: batch(1) });
    const batched: number[] = [];
    const single: number[] = [];
    const bodies = (size: number, perSecond: number) => prebuilt(Math.ceil((perSecond * RUN_MS) / 1000 / size), batch(size));
    for (let r = 0; r < runs; r += 1) {
      const b = await closedLoop({ url: server.url, token, concurrency: BATCH_CLIENTS, durationMs: RUN_MS, eventsPerRequest: 500, next: bodies(500, PREBUILT_EVENTS_PER_S.batched) });
      if (b.errors > 0) throw new Error(`batched ingest on ${kind}: ${b.errors} errors: ${b.failures.join('; ')}`);
      batched.push(b.events / (b.ms / 1000));
      const s = await closedLoop({ url: server.url, token, concurrency: SINGLE_CLIENTS, durationMs: RUN_MS, eventsPerRequest: 1, next: bodies(1, PREBUILT_EVENTS_PER_S.single) });
      if (s.errors > 0) throw new Error(`single-event ingest on ${kind}: ${s.errors} errors: ${s.failures.join('; ')}`);
      single.push(s.events / (s.ms / 1000));
    }
    return { batched, single };
  } finally {
    await server.stop();
    await sink.close();
    await db.drop();
  }
}

/** The ingest benchmark section. */
export async function ingestBench(options: BenchOptions): Promise<Section> {
  const started = performance.now();
  const machine = machineInfo();
  const rows: Row[] = [];
  const runsOf = (values: number[]): string => values.map((v) => fmt(v)).join(', ');
  for (const kind of ['sqlite', 'postgres'] as const) {
    const { batched, single } = await measureIngest(kind, options.runs);
    rows.push({
      metric: `${kind}: batches of 500, ${BATCH_CLIENTS} clients (events/s)`,
      value: fmt(median(batched)),
      runs: runsOf(batched),
      target: `≥ ${fmt(TARGETS[kind].batched)}`,
      ok: median(batched) >= TARGETS[kind].batched,
    });
    rows.push({
      metric: `${kind}: single events, ${SINGLE_CLIENTS} clients (events/s)`,
      value: fmt(median(single)),
      runs: runsOf(single),
      target: `≥ ${fmt(TARGETS[kind].single)}`,
      ok: median(single) >= TARGETS[kind].single,
    });
  }
  // Not a target: what random ids cost (bench/notes.md, "random event ids").
  for (const kind of ['sqlite', 'postgres'] as const) {
    const { batched, single } = await measureIngest(kind, options.runs, 'random');
    rows.push({ metric: `${kind}, random ids: batches of 500 (events/s)`, value: fmt(median(batched)), runs: runsOf(batched), target: '', ok: null });
    rows.push({ metric: `${kind}, random ids: single events (events/s)`, value: fmt(median(single)), runs: runsOf(single), target: '', ok: null });
  }
  return {
    name: 'ingest',
    title: '1. Ingest (HTTP, durable)',
    method: [
      '`POST /api/v1/events` with an agent token; each 202 means the events and their notifications are committed (SQLite: WAL, synchronous=NORMAL; PostgreSQL: synchronous COMMIT). Both stores group-commit: requests arriving together share one transaction, and each 202 waits for the commit holding its events.',
      `Closed loop: ${BATCH_CLIENTS} clients sending 500-event batches (~230 KB each), then ${SINGLE_CLIENTS} clients sending one event per request, ${RUN_MS / 1000} s per run, after a warm-up. The request bodies of a run are built before it starts (enough for ${fmt(PREBUILT_EVENTS_PER_S.batched)} / ${fmt(PREBUILT_EVENTS_PER_S.single)} events/s; more would be built on the fly), so the load generator spends its CPU on sending, not on JSON.stringify.`,
      'Events of ~450 bytes with a severity mix: 5 % critical, 10 % error, 35 % warning, 50 % info, so 15 % create a notification under the default rules with grouping off (each its own e-mail; recipients and a server configured, so those are queued).',
      'The server runs with `--role api` so the measurement is ingest alone (delivery while ingesting is the backlog benchmark); the queue grows during the runs.',
      'Event ids grow with time (`<run>-<n>`), as docs/API.md advises. The "random ids" rows repeat the measurement on a fresh database with UUIDv4 ids, which a client is free to send: no target, shown because they cost more as the file grows (every new id lands in another leaf of the id index; bench/notes.md).',
    ],
    rows,
    at: new Date().toISOString(),
    machine,
    seconds: (performance.now() - started) / 1000,
  };
}
