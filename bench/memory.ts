/**
 * Memory: the server's peak RSS (VmHWM) through a 250k-event batched ingest followed by a
 * 20k-notification delivery, and a heap snapshot taken under the same ingest load that says
 * what holds the memory. (The 1M-backlog drain is in backlog.ts.)
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchOptions } from './run.js';
import { batchBody } from './lib/events.js';
import { summarizeHeap } from './lib/heap.js';
import { closedLoop } from './lib/http-load.js';
import { machineInfo, peakRssMiB } from './lib/machine.js';
import type { Row, Section } from './lib/report.js';
import { configure, freshDatabase, openProbe, startServer } from './lib/server.js';
import { startSmtpSink } from './lib/smtp.js';
import { fmt, median, sleep, waitFor } from './lib/stats.js';

/** Events in the batched ingest. */
const INGEST_EVENTS = 250_000;
/** Notifications delivered after it (every event critical). */
const DELIVERIES = 20_000;

/** One run on a fresh server: VmHWM after the ingest and after the delivery, in MiB. */
async function memoryRun(): Promise<{ afterIngest: number; afterDelivery: number; ingestRate: number; deliveryRate: number }> {
  const db = freshDatabase('sqlite');
  const sink = await startSmtpSink();
  const server = await startServer(db);
  const probe = await openProbe(db);
  try {
    const token = await configure(server, sink.port);
    const run = randomBytes(4).toString('hex');
    let next = 0;
    const ingest = await closedLoop({
      url: server.url, token, concurrency: 4, durationMs: 3_600_000, maxRequests: INGEST_EVENTS / 500, eventsPerRequest: 500,
      next: () => {
        const body = batchBody(run, next, 500);
        next += 500;
        return body;
      },
    });
    if (ingest.errors > 0) throw new Error(`ingest failed: ${ingest.failures.join('; ')}`);
    const afterIngest = peakRssMiB(server.pid);
    // Let the 15 % that notified drain first, so the delivery below is timed on its own.
    await waitFor(async () => {
      const counts = await probe.counts();
      return (counts['queued'] ?? 0) + (counts['sending'] ?? 0) === 0;
    }, 600_000, 200);
    const sentBefore = (await probe.counts())['sent'] ?? 0;
    const started = performance.now();
    let critical = 0;
    await closedLoop({
      url: server.url, token, concurrency: 2, durationMs: 3_600_000, maxRequests: DELIVERIES / 500, eventsPerRequest: 500,
      next: () => {
        const body = batchBody(`${run}-c`, critical, 500, 'critical');
        critical += 500;
        return body;
      },
    });
    const delivered = await waitFor(async () => ((await probe.counts())['sent'] ?? 0) >= sentBefore + DELIVERIES, 900_000, 100);
    if (!delivered) throw new Error(`the ${DELIVERIES} notifications were not delivered in time: ${JSON.stringify(await probe.counts())}`);
    return {
      afterIngest,
      afterDelivery: peakRssMiB(server.pid),
      ingestRate: ingest.events / (ingest.ms / 1000),
      deliveryRate: DELIVERIES / ((performance.now() - started) / 1000),
    };
  } finally {
    await probe.close();
    await server.stop();
    await sink.close();
    await db.drop();
  }
}

/** A heap snapshot of a server in the middle of a batched ingest load; its biggest groups. */
async function heapUnderIngest(): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-heap-'));
  const db = freshDatabase('sqlite');
  const sink = await startSmtpSink();
  const server = await startServer(db, { nodeArgs: ['--heapsnapshot-signal=SIGUSR2'], cwd: dir });
  try {
    const token = await configure(server, sink.port);
    const run = randomBytes(4).toString('hex');
    let next = 0;
    const load = closedLoop({
      url: server.url, token, concurrency: 4, durationMs: 12_000, eventsPerRequest: 500,
      next: () => {
        const body = batchBody(run, next, 500);
        next += 500;
        return body;
      },
    });
    await sleep(6_000);
    process.kill(server.pid, 'SIGUSR2');
    await load;
    const written = await waitFor(() => fs.readdirSync(dir).some((f) => f.endsWith('.heapsnapshot')), 120_000, 500);
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.heapsnapshot'));
    if (!written || file === undefined) return ['(no heap snapshot was written)'];
    await sleep(2_000); // the file is complete once its writer is done; it is written synchronously
    const { totalBytes, groups } = summarizeHeap(path.join(dir, file));
    return [
      `heap ${fmt(totalBytes / 1048576, 1)} MiB live in the snapshot (${next} events posted by then):`,
      ...groups.map((g) => `${fmt(g.bytes / 1048576, 1)} MiB  ${g.name} (${fmt(g.count)})`),
    ];
  } finally {
    await server.stop();
    await sink.close();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The memory benchmark section. */
export async function memoryBench(options: BenchOptions): Promise<Section> {
  const started = performance.now();
  const machine = machineInfo();
  const runs: Awaited<ReturnType<typeof memoryRun>>[] = [];
  for (let r = 0; r < options.runs; r += 1) {
    runs.push(await memoryRun());
    process.stdout.write(`   run ${r + 1}: ${JSON.stringify(runs.at(-1))}\n`);
  }
  const heap = await heapUnderIngest();
  const list = (pick: (r: (typeof runs)[number]) => number): number[] => runs.map(pick);
  const runsOf = (values: number[]): string => values.map((v) => fmt(v)).join(', ');
  const afterIngest = list((r) => r.afterIngest);
  const afterDelivery = list((r) => r.afterDelivery);
  const rows: Row[] = [
    { metric: `peak RSS after ${fmt(INGEST_EVENTS)} events in 500-event batches (VmHWM, MiB)`, value: fmt(median(afterIngest)), runs: runsOf(afterIngest), target: '≤ 200', ok: median(afterIngest) <= 200 },
    { metric: `peak RSS after ${fmt(DELIVERIES)} more delivered (VmHWM, MiB)`, value: fmt(median(afterDelivery)), runs: runsOf(afterDelivery), target: '≤ 200', ok: median(afterDelivery) <= 200 },
    { metric: 'ingest rate during it (events/s)', value: fmt(median(list((r) => r.ingestRate))), runs: runsOf(list((r) => r.ingestRate)), target: '', ok: null },
    { metric: 'delivery rate during it (notifications/s)', value: fmt(median(list((r) => r.deliveryRate))), runs: runsOf(list((r) => r.deliveryRate)), target: '', ok: null },
  ];
  return {
    name: 'memory',
    title: '6. Memory through a batched ingest and a delivery',
    method: [
      `SQLite, \`--role all\` (worker concurrency 32, 4 SMTP connections into smtp-sink). ${fmt(INGEST_EVENTS)} events posted by 4 clients in 500-event batches (15 % notify and are delivered meanwhile); VmHWM read from /proc. Then, once the queue is empty, ${fmt(DELIVERIES)} critical events in 500-event batches, timed until the last is recorded \`sent\`; VmHWM read again. A fresh server per run.`,
      'Heap: a separate server started with `--heapsnapshot-signal=SIGUSR2` gets the same ingest load; 6 s in, a snapshot is written and summed by constructor (bench/lib/heap.ts). What it holds:',
      ...heap.map((line) => `  ${line}`),
    ],
    rows,
    at: new Date().toISOString(),
    machine,
    seconds: (performance.now() - started) / 1000,
  };
}
