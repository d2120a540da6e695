/**
 * `npm run bench [-- name…] [--backlog=N] [--growth-sqlite=N] [--growth-postgres=N] [--lists=N] [--lists-postgres=N] [--runs=N] [--doc-only]`:
 * runs the benchmarks (all, or the named ones), prints a table per benchmark and rewrites
 * docs/BENCHMARKS.md. Names: ingest, delivery, postfix, latency, backlog, growth, memory, lists, and storm (only when
 * named).
 */
import { parseArgs } from 'node:util';
import { backlogBench } from './backlog.js';
import { deliveryBench, postfixBench } from './delivery.js';
import { growthBench } from './growth.js';
import { ingestBench } from './ingest.js';
import { latencyBench } from './latency.js';
import { listsBench } from './lists.js';
import { machineInfo } from './lib/machine.js';
import { memoryBench } from './memory.js';
import { stormBench } from './storm.js';
import { buildServer } from './lib/server.js';
import { loadResults, saveResults, sectionText, writeDoc, type Section } from './lib/report.js';

/** Options every benchmark gets. */
export interface BenchOptions {
  /** Runs per measurement (the median is reported). */
  runs: number;
  /** Notifications queued for the backlog benchmark. */
  backlog: number;
  /** Largest table size of the growth benchmark, per database. */
  growthSqlite: number;
  growthPostgres: number;
  /** Events stored for the list benchmark, per database (0 = skip). */
  listsSqlite: number;
  listsPostgres: number;
}

const BENCHES: Record<string, (options: BenchOptions) => Promise<Section>> = {
  ingest: ingestBench,
  delivery: deliveryBench,
  postfix: postfixBench,
  latency: latencyBench,
  backlog: backlogBench,
  growth: growthBench,
  memory: memoryBench,
  lists: listsBench,
  storm: stormBench,
};

/** Benchmarks left out of a plain `npm run bench`: storm waits ~5 minutes per database for its digest. */
const ONLY_WHEN_NAMED = new Set(['storm']);

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      runs: { type: 'string', default: '3' },
      backlog: { type: 'string', default: '1000000' },
      'growth-sqlite': { type: 'string', default: '1000000' },
      'growth-postgres': { type: 'string', default: '100000' },
      lists: { type: 'string', default: '1000000' },
      'lists-postgres': { type: 'string', default: '0' },
      'doc-only': { type: 'boolean', default: false },
    },
  });
  const options: BenchOptions = {
    runs: Math.max(1, Number(values.runs)),
    backlog: Number(values.backlog),
    growthSqlite: Number(values['growth-sqlite']),
    growthPostgres: Number(values['growth-postgres']),
    listsSqlite: Number(values.lists),
    listsPostgres: Number(values['lists-postgres']),
  };
  if (values['doc-only']) {
    // The machine the stored results ran on (the newest section's), not the one rewriting the doc.
    const results = loadResults();
    const newest = Object.values(results).sort((a, b) => b.at.localeCompare(a.at))[0];
    writeDoc(results, newest?.machine ?? machineInfo());
    process.stdout.write('docs/BENCHMARKS.md rewritten from bench/results.json.\n');
    return;
  }
  const names = positionals.length > 0 ? positionals : Object.keys(BENCHES).filter((name) => !ONLY_WHEN_NAMED.has(name));
  for (const name of names) if (BENCHES[name] === undefined) throw new Error(`unknown benchmark "${name}" (known: ${Object.keys(BENCHES).join(', ')})`);
  process.stdout.write('compiling the server into dist/bench …\n');
  buildServer();
  const all = loadResults();
  for (const name of names) {
    const bench = BENCHES[name];
    if (bench === undefined) continue;
    process.stdout.write(`\n-- ${name} …\n`);
    const section = await bench(options);
    all[name] = section;
    saveResults(all);
    process.stdout.write(`${sectionText(section)}\n`);
    writeDoc(all, machineInfo());
  }
  process.stdout.write('\ndocs/BENCHMARKS.md written.\n');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
