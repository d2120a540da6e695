/**
 * Backlog: a million queued notifications draining. Peak RSS of the server (VmHWM) must stay
 * bounded, and ingest while draining must keep at least half of the idle ingest rate.
 */
import { randomBytes } from 'node:crypto';
import { newNotificationId } from '../src/grouping/notification-for.js';
import { openStore } from '../src/store/open.js';
import type { BenchOptions } from './run.js';
import { batchBody } from './lib/events.js';
import { closedLoop } from './lib/http-load.js';
import { machineInfo, peakRssMiB } from './lib/machine.js';
import type { Row, Section } from './lib/report.js';
import { benchSnapshot, seed } from './lib/seed.js';
import { configure, freshDatabase, openProbe, startServer } from './lib/server.js';
import { startSmtpSink } from './lib/smtp.js';
import { fmt, median, sleep } from './lib/stats.js';

/** Seconds per ingest run. */
const RUN_MS = 5000;
/** How long the server drains in total before its peak RSS is read. */
const DRAIN_SECONDS = 45;
/** How long it drains alone (no ingest) before the first peak RSS reading. */
const DRAIN_ONLY_SECONDS = 12;

/** The backlog benchmark section. */
export async function backlogBench(options: BenchOptions): Promise<Section> {
  const started = performance.now();
  const machine = machineInfo();
  const count = options.backlog;
  const db = freshDatabase('sqlite');
  const sink = await startSmtpSink();
  const rows: Row[] = [];
  let seedRate = 0;
  try {
    const store = await openStore({ dataDir: db.dataDir, sqliteSync: 'normal' });
    try {
      seedRate = await seed(store, benchSnapshot(sink.port), 'backlog', 0, count, {
        batch: 5000,
        fastIds: newNotificationId,
        progress: (done) => process.stdout.write(`   seeding ${fmt(done)} / ${fmt(count)}\r`),
      });
    } finally {
      await store.close();
    }
    process.stdout.write(`   seeded ${fmt(count)} queued notifications (${fmt(seedRate)} rows/s)\n`);
    const run = randomBytes(4).toString('hex');
    let next = 0;
    const batch = (): string => {
      const body = batchBody(run, next, 500);
      next += 500;
      return body;
    };

    // Idle: the same database and backlog, but no worker (`--role api`).
    const apiOnly = await startServer(db, { role: 'api' });
    let token: string;
    const idle: number[] = [];
    try {
      token = await configure(apiOnly, sink.port);
      await closedLoop({ url: apiOnly.url, token, concurrency: 4, durationMs: 2000, eventsPerRequest: 500, next: batch });
      for (let r = 0; r < options.runs; r += 1) {
        const result = await closedLoop({ url: apiOnly.url, token, concurrency: 4, durationMs: RUN_MS, eventsPerRequest: 500, next: batch });
        idle.push(result.events / (result.ms / 1000));
      }
    } finally {
      await apiOnly.stop();
    }

    // Draining: `--role all` on the same database.
    const server = await startServer(db);
    const probe = await openProbe(db);
    const draining: number[] = [];
    let drainRate = 0;
    let peak = 0;
    let peakDrainOnly = 0;
    try {
      const drainStart = performance.now();
      const sentAtStart = (await probe.counts())['sent'] ?? 0;
      await sleep(DRAIN_ONLY_SECONDS * 1000);
      peakDrainOnly = peakRssMiB(server.pid);
      for (let r = 0; r < options.runs; r += 1) {
        const result = await closedLoop({ url: server.url, token, concurrency: 4, durationMs: RUN_MS, eventsPerRequest: 500, next: batch });
        draining.push(result.events / (result.ms / 1000));
      }
      const rest = DRAIN_SECONDS * 1000 - (performance.now() - drainStart);
      if (rest > 0) await sleep(rest);
      const sent = ((await probe.counts())['sent'] ?? 0) - sentAtStart;
      drainRate = sent / ((performance.now() - drainStart) / 1000);
      peak = peakRssMiB(server.pid);
    } finally {
      await probe.close();
      await server.stop();
    }

    const ratio = median(draining) / median(idle);
    const runsOf = (values: number[]): string => values.map((v) => fmt(v)).join(', ');
    rows.push({ metric: `queued notifications at start`, value: fmt(count), runs: `seeded at ${fmt(seedRate)} rows/s`, target: '1,000,000', ok: count >= 1_000_000 });
    rows.push({ metric: `peak RSS of the server, draining only (VmHWM, MiB)`, value: fmt(peakDrainOnly), runs: `after ${DRAIN_ONLY_SECONDS} s`, target: '≤ 200', ok: peakDrainOnly <= 200 });
    rows.push({ metric: `peak RSS of the server, draining + batched ingest (VmHWM, MiB)`, value: fmt(peak), runs: `after ${DRAIN_SECONDS} s`, target: '≤ 200', ok: peak <= 200 });
    rows.push({ metric: `ingest, idle (events/s, batches of 500)`, value: fmt(median(idle)), runs: runsOf(idle), target: '', ok: null });
    rows.push({ metric: `ingest while draining (events/s, batches of 500)`, value: fmt(median(draining)), runs: runsOf(draining), target: '', ok: null });
    rows.push({ metric: `ingest while draining / idle`, value: ratio.toFixed(2), runs: '', target: '≥ 0.50', ok: ratio >= 0.5 });
    rows.push({ metric: `drain rate while also ingesting (notifications/s)`, value: fmt(drainRate), runs: `over ${DRAIN_SECONDS} s`, target: '', ok: null });
  } finally {
    await sink.close();
    await db.drop();
  }
  return {
    name: 'backlog',
    title: '4. A backlog of queued notifications draining',
    method: [
      `SQLite. ${fmt(count)} events with one queued notification each are written straight through the store (\`--backlog=N\`; bench/lib/seed.ts), then the server is started the normal way.`,
      'Idle ingest: the server with `--role api` on that database (backlog present, nothing draining), 4 clients × 500-event batches, 15 % notifying.',
      `Draining: the server with \`--role all\` delivering into smtp-sink (4 connections, worker concurrency 32); it drains alone for ${DRAIN_ONLY_SECONDS} s (first VmHWM reading from /proc/<pid>/status), then the same ingest load runs during the drain; after ${DRAIN_SECONDS} s in all VmHWM is read again. The drain itself is not waited for (at the measured rate it takes minutes).`,
    ],
    rows,
    at: new Date().toISOString(),
    machine,
    seconds: (performance.now() - started) / 1000,
  };
}
