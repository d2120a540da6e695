/**
 * The list endpoints at scale: `GET /api/v1/events` and `GET /api/v1/notifications` with each
 * filter and with a cursor, p50/p99 over sequential requests, at 10k stored events and again at
 * `--lists=N` (default 1M), so growth shows as the ratio between the two.
 */
import { randomBytes } from 'node:crypto';
import type { BenchOptions } from './run.js';
import { machineInfo } from './lib/machine.js';
import type { Row, Section } from './lib/report.js';
import { benchSnapshot, seed } from './lib/seed.js';
import { analyzeAfterSeed, freshDatabase, openBenchStore, startServer, type BenchServer, type StoreKind } from './lib/server.js';
import { fmt, median, percentile } from './lib/stats.js';

/** Requests per query and size. */
const REQUESTS = 200;
/** The smaller size growth is judged against. */
const SMALL = 10_000;

/** The queries measured (path and query string; `cursor` = walk down page by page). */
const QUERIES: Array<{ name: string; path: string; cursor?: boolean }> = [
  { name: '/events (newest 50)', path: '/api/v1/events?limit=50' },
  { name: '/events, next pages by cursor', path: '/api/v1/events?limit=50', cursor: true },
  { name: '/events?severity=critical', path: '/api/v1/events?severity=critical&limit=50' },
  { name: '/events?deviceName=WKS-0042', path: '/api/v1/events?deviceName=WKS-0042&limit=50' },
  { name: '/events?applicationId=kes&severity=info&deviceName=WKS-0042', path: '/api/v1/events?applicationId=kes&severity=info&deviceName=WKS-0042&limit=50' },
  { name: '/events?applicationId=absent', path: '/api/v1/events?applicationId=absent&limit=50' },
  { name: '/notifications (newest 50)', path: '/api/v1/notifications?limit=50' },
  { name: '/notifications, next pages by cursor', path: '/api/v1/notifications?limit=50', cursor: true },
  { name: '/notifications?status=queued', path: '/api/v1/notifications?status=queued&limit=50' },
  { name: '/notifications?status=failed', path: '/api/v1/notifications?status=failed&limit=50' },
];

/** Latencies (ms) of REQUESTS sequential GETs of one query. */
async function measureQuery(server: BenchServer, query: (typeof QUERIES)[number]): Promise<number[]> {
  const out: number[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < REQUESTS + 5; i += 1) {
    const url = `${server.url}${query.path}${query.cursor === true && cursor !== null ? `&before=${cursor}` : ''}`;
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${server.adminToken}` } });
    const body = (await response.json()) as { nextCursor: string | null };
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
    if (i >= 5) out.push(ms); // the first few warm the statement cache
    cursor = body.nextCursor;
  }
  return out;
}

/** Measures one database kind at SMALL and at `size` stored events. */
async function measureLists(kind: StoreKind, size: number, log: (line: string) => void): Promise<Row[]> {
  const db = freshDatabase(kind);
  const rows: Row[] = [];
  const results = new Map<string, { small: number[]; large: number[] }>();
  try {
    let stored = 0;
    for (const target of [SMALL, size]) {
      const store = await openBenchStore(db);
      try {
        // The 15 % mix: critical and error events notify (queued: no worker runs here).
        const rate = await seed(store, benchSnapshot(25), `lists-${randomBytes(3).toString('hex')}`, stored, target - stored, { batch: 5000 });
        log(`${kind}: ${fmt(target)} events stored (${fmt(rate)}/s)`);
      } finally {
        await store.close();
      }
      stored = target;
      await analyzeAfterSeed(db);
      const server = await startServer(db, { role: 'api', env: { HERALD_EVENT_MAX: String(10 * size) } });
      try {
        for (const query of QUERIES) {
          const latencies = await measureQuery(server, query);
          const entry = results.get(query.name) ?? { small: [], large: [] };
          if (target === SMALL) entry.small = latencies;
          else entry.large = latencies;
          results.set(query.name, entry);
        }
      } finally {
        await server.stop();
      }
    }
  } finally {
    await db.drop();
  }
  for (const [name, { small, large }] of results) {
    const p99 = percentile(large, 99);
    rows.push({
      metric: `${kind}, ${fmt(size)} events: ${name} p50 / p99 (ms)`,
      value: `${fmt(median(large), 1)} / ${fmt(p99, 1)}`,
      runs: `at ${fmt(SMALL)}: ${fmt(median(small), 1)} / ${fmt(percentile(small, 99), 1)}`,
      target: 'p99 ≤ 50',
      ok: p99 <= 50,
    });
  }
  return rows;
}

/** The list benchmark section. */
export async function listsBench(options: BenchOptions): Promise<Section> {
  const started = performance.now();
  const machine = machineInfo();
  const log = (line: string): void => void process.stdout.write(`   ${line}\n`);
  const rows = [...(await measureLists('sqlite', options.listsSqlite, log))];
  if (options.listsPostgres > 0) rows.push(...(await measureLists('postgres', options.listsPostgres, log)));
  return {
    name: 'lists',
    title: '7. The list endpoints as the tables grow',
    method: [
      `Events written through the store with the benchmark mix (15 % notify, so notifications are ~15 % of the events, all queued: the server runs \`--role api\`), ${fmt(SMALL)} first and then up to the size named; retention off (\`HERALD_EVENT_MAX\` above the size).`,
      `Per query ${REQUESTS} sequential GETs with the admin token after 5 warm-up requests, timed by the client over keep-alive (\`fetch\`); "next pages by cursor" walks down page after page. The runs column shows the same query at ${fmt(SMALL)} events (growth).`,
      'Sizes: `--lists=N` (SQLite, default 1,000,000), `--lists-postgres=N` (default 0 = skipped).',
    ],
    rows,
    at: new Date().toISOString(),
    machine,
    seconds: (performance.now() - started) / 1000,
  };
}
