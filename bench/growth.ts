/**
 * Growth: what one ingested event and one claimed notification cost with 10k, 100k and 1M
 * rows already stored (store level, no HTTP), on SQLite and PostgreSQL. Flat is the goal.
 */
import { randomBytes } from 'node:crypto';
import type { AttemptOutcome, Store } from '../src/store/ports.js';
import { newNotificationId } from '../src/grouping/notification-for.js';
import { PRUNE_BATCH_SIZE } from '../src/outbox/retention.js';
import { openStore } from '../src/store/open.js';
import type { BenchOptions } from './run.js';
import { machineInfo } from './lib/machine.js';
import type { Row, Section } from './lib/report.js';
import { benchItems, benchSnapshot, seed } from './lib/seed.js';
import { POSTGRES_URL, freshDatabase, type StoreKind } from './lib/server.js';
import { fmt, median } from './lib/stats.js';

/** Table sizes measured at (capped by the options). */
const SIZES = [10_000, 100_000, 1_000_000];

function sent(now: Date): AttemptOutcome {
  return {
    status: 'sent',
    nextAttemptAt: null,
    lastError: null,
    sentAt: now,
    server: '127.0.0.1:25',
    rejectedRecipients: [],
    log: [{ at: now, server: '127.0.0.1:25', stage: 'done', ok: true, error: null, tls: null }],
  };
}

/** µs per event of ingesting prebuilt 500-event batches (15 % notify), one value per run. */
async function ingestCost(store: Store, run: string, runs: number): Promise<number[]> {
  const snapshot = benchSnapshot(25);
  const out: number[] = [];
  for (let r = 0; r < runs; r += 1) {
    const batches = Array.from({ length: 10 }, (_, b) => benchItems(snapshot, `${run}-g${r}`, b * 500, 500));
    const started = performance.now();
    for (const batch of batches) await store.events.ingest(batch);
    out.push(((performance.now() - started) * 1000) / 5000);
  }
  return out;
}

/** Events ingested per run at the retention cap: two merges of SQLite's device index (`device-index.ts`). */
const CAP_RUN_EVENTS = 100_000;
/** Events ingested between two pruning passes at the cap (a pass a minute at ~170 events/s). */
const CAP_PASS_EVENTS = 10_000;

/**
 * µs per event of ingesting at the retention cap `cap`, one value per run: after every
 * CAP_PASS_EVENTS events (in 500-event batches) a pruning pass deletes the oldest events back
 * to the cap, as retention does on a server that ingests at its cap (every new event deletes
 * an old one). The event loop turns after each batch, as it does between requests, so SQLite's
 * device index merges (and sweeps) when due.
 */
async function capCost(store: Store, run: string, cap: number, runs: number): Promise<number[]> {
  const snapshot = benchSnapshot(25);
  const noAgeLimit = new Date(0);
  const out: number[] = [];
  for (let r = 0; r < runs; r += 1) {
    let elapsed = 0;
    for (let pass = 0; pass < CAP_RUN_EVENTS; pass += CAP_PASS_EVENTS) {
      const batches = Array.from({ length: CAP_PASS_EVENTS / 500 }, (_, b) => benchItems(snapshot, `${run}-c${r}`, pass + b * 500, 500));
      const started = performance.now();
      for (const batch of batches) {
        await store.events.ingest(batch);
        await new Promise((resolve) => setImmediate(resolve));
      }
      while ((await store.events.prune(noAgeLimit, cap, PRUNE_BATCH_SIZE)) === PRUNE_BATCH_SIZE);
      elapsed += performance.now() - started;
    }
    out.push((elapsed * 1000) / CAP_RUN_EVENTS);
  }
  return out;
}

/** µs per notification of claim(32) + complete, one value per run of 20 claims. */
async function claimCost(store: Store, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let r = 0; r < runs; r += 1) {
    let items = 0;
    const started = performance.now();
    for (let c = 0; c < 20; c += 1) {
      const now = new Date();
      const claimed = await store.notifications.claim('bench-worker', now, new Date(now.getTime() + 60_000), 32);
      for (const n of claimed) await store.notifications.complete(n.id, 'bench-worker', sent(now));
      items += claimed.length;
    }
    out.push(((performance.now() - started) * 1000) / Math.max(1, items));
  }
  return out;
}

/** Measures one database kind up to `max` rows. */
export async function measureGrowth(kind: StoreKind, max: number, runs: number, log: (line: string) => void): Promise<Row[]> {
  const db = freshDatabase(kind);
  const store = await openStore({
    databaseUrl: kind === 'postgres' ? POSTGRES_URL : null,
    dataDir: db.dataDir,
    sqliteSync: 'normal',
    ...(db.schema !== null ? { postgresSchema: db.schema } : {}),
  });
  const rows: Row[] = [];
  const runsOf = (values: number[]): string => values.map((v) => fmt(v, 1)).join(', ');
  try {
    const snapshot = benchSnapshot(25);
    const run = randomBytes(4).toString('hex');
    let stored = 0;
    for (const size of SIZES.filter((s) => s <= max)) {
      const rate = await seed(store, snapshot, run, stored, size - stored, { batch: 5000, fastIds: newNotificationId });
      log(`${kind}: seeded to ${fmt(size)} events + notifications (${fmt(rate)} rows/s)`);
      if (stored === 0) await ingestCost(store, `${run}-warm`, 1); // JIT and statement warm-up, not measured
      stored = size;
      const ingest = await ingestCost(store, run, runs);
      const claim = await claimCost(store, runs);
      rows.push({ metric: `${kind}, ${fmt(size)} stored: ingest µs/event (batch 500)`, value: fmt(median(ingest), 1), runs: runsOf(ingest), target: 'flat', ok: null });
      rows.push({ metric: `${kind}, ${fmt(size)} stored: claim+complete µs/notification`, value: fmt(median(claim), 1), runs: runsOf(claim), target: 'flat', ok: null });
    }
    const cap = await capCost(store, run, stored, runs);
    rows.push({ metric: `${kind}, at the cap of ${fmt(stored)}: ingest + prune µs/event (batch 500)`, value: fmt(median(cap), 1), runs: runsOf(cap), target: '', ok: null });
  } finally {
    await store.close();
    await db.drop();
  }
  return rows;
}

/** Marks the larger sizes: met when within 2× of the smallest size's cost. */
function judge(rows: Row[]): void {
  const base = new Map<string, number>();
  for (const row of rows) {
    const key = row.metric.replace(/, [\d,]+ stored/, '');
    const value = Number(row.value.replace(/,/g, ''));
    const first = base.get(key);
    if (first === undefined) base.set(key, value);
    else {
      row.ok = value <= first * 2;
      row.target = `≤ 2 × ${fmt(first, 1)}`;
    }
  }
}

/** The growth benchmark section. */
export async function growthBench(options: BenchOptions): Promise<Section> {
  const started = performance.now();
  const machine = machineInfo();
  const log = (line: string): void => void process.stdout.write(`   ${line}\n`);
  const rows = [
    ...(await measureGrowth('sqlite', options.growthSqlite, options.runs, log)),
    ...(await measureGrowth('postgres', options.growthPostgres, options.runs, log)),
  ];
  judge(rows);
  return {
    name: 'growth',
    title: '5. Growth (cost per item as the tables grow)',
    method: [
      `In-process, through the store (no HTTP): the tables are filled with N events and N queued notifications (every seeded event notifies; ids from the production generator), then at each size the cost of ingesting ten prebuilt 500-event batches (15 % notify) and of 20 × (claim 32 + complete each as sent) is measured.`,
      `Sizes: SQLite up to ${fmt(options.growthSqlite)}, PostgreSQL up to ${fmt(options.growthPostgres)} rows (\`--growth-sqlite=N\`, \`--growth-postgres=N\`); "flat" is judged as within 2× of the 10k cost.`,
      'A claim takes the oldest due rows of a queue holding all N notifications; most real tables hold mostly finished rows, which the partial `due_at` index skips entirely.',
      `At the largest size, the retention cap: ${fmt(CAP_RUN_EVENTS)} events per run in 500-event batches, and after every ${fmt(CAP_PASS_EVENTS)} a pruning pass that deletes the oldest events back to the cap in batches of ${PRUNE_BATCH_SIZE}, as retention does (\`HERALD_EVENT_MAX\`); the cost per event includes its share of the prune.`,
    ],
    rows,
    at: new Date().toISOString(),
    machine,
    seconds: (performance.now() - started) / 1000,
  };
}

/** For ad-hoc runs: `npx tsx bench/growth.ts sqlite 1000000`. */
if (process.argv[1]?.endsWith('growth.ts')) {
  const kind = (process.argv[2] ?? 'sqlite') as StoreKind;
  measureGrowth(kind, Number(process.argv[3] ?? '100000'), 3, console.log).then(
    (rows) => {
      for (const row of rows) console.log(`${row.metric}: ${row.value} (${row.runs})`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
