/**
 * A Herald server process for the benchmarks, started the README way (`node dist/…/cli.js
 * serve`, compiled by `buildServer`; `node --import tsx src/cli.ts serve` when not built) on SQLite in a temp data dir or PostgreSQL in a throw-away schema, plus a
 * direct read connection to its database for probes (sent counts, latencies). Every process
 * started here is killed when the benchmark process exits, however it exits.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';

/** The project root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The PostgreSQL server the benchmarks use (trust auth, database `test`). */
export const POSTGRES_URL = process.env['HERALD_BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Where `buildServer` compiles the server (under the git-ignored dist/). */
export const COMPILED_DIR = path.join(ROOT, 'dist', 'bench');

/**
 * Compiles the server (tsc, tsconfig.build.json) into COMPILED_DIR so it runs as plain
 * JavaScript the way `npm start` runs it (no tsx loader thread in its memory and CPU).
 */
export function buildServer(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', COMPILED_DIR], { cwd: ROOT, stdio: 'inherit' });
}

/** Which database a server runs on. */
export type StoreKind = 'sqlite' | 'postgres';

const children = new Set<ChildProcess>();
function killAll(): void {
  for (const child of children) child.kill('SIGKILL');
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

/** Where a server keeps its data: a data dir (SQLite) or a schema (PostgreSQL); reusable across restarts. */
export interface Database_ {
  kind: StoreKind;
  dataDir: string;
  schema: string | null;
  env: Record<string, string>;
  /** Deletes the data dir / drops the schema. */
  drop(): Promise<void>;
}

/** A fresh, empty database of the given kind. */
export function freshDatabase(kind: StoreKind): Database_ {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-bench-'));
  const schema = kind === 'postgres' ? `herald_bench_${randomBytes(5).toString('hex')}` : null;
  const env: Record<string, string> =
    kind === 'postgres'
      ? { HERALD_DATABASE_URL: POSTGRES_URL, HERALD_DATABASE_SCHEMA: schema ?? '', HERALD_MASTER_KEY: randomBytes(32).toString('base64') }
      : {};
  return {
    kind,
    dataDir,
    schema,
    env,
    async drop() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (schema !== null) {
        const client = new pg.Client({ connectionString: POSTGRES_URL });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await client.end();
        }
      }
    },
  };
}

/**
 * After a bulk seed: PostgreSQL's statistics as autovacuum would have them within a minute of
 * a million new rows (right after the seed they still describe the small table, and the
 * planner picks filter indexes by them). SQLite keeps no statistics unless asked; nothing to do.
 */
export async function analyzeAfterSeed(db: Database_): Promise<void> {
  if (db.kind !== 'postgres' || db.schema === null) return;
  const client = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${db.schema}` });
  await client.connect();
  try {
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

/** Opens the store of `db` directly (seeding, probes), as the server would open it. */
export async function openBenchStore(db: Database_): Promise<Store> {
  return openStore({
    databaseUrl: db.kind === 'postgres' ? POSTGRES_URL : null,
    dataDir: db.dataDir,
    sqliteSync: 'normal',
    ...(db.schema !== null ? { postgresSchema: db.schema } : {}),
  });
}

/** A running server. */
export interface BenchServer {
  url: string;
  adminToken: string;
  pid: number;
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait (drains in-flight deliveries). */
  stop(): Promise<void>;
}

/** Options of a server start. */
export interface ServerOptions {
  role?: 'api' | 'worker' | 'all';
  env?: Record<string, string>;
  /** Directory for `node --cpu-prof` output (profiling runs). */
  cpuProfDir?: string;
  /** More `node` options (e.g. `--heapsnapshot-signal=SIGUSR2`). */
  nodeArgs?: string[];
  /** The server's working directory (where a heap snapshot lands); default: the project root. */
  cwd?: string;
}

/** Starts Herald on `db` and resolves once it listens. */
export async function startServer(db: Database_, options: ServerOptions = {}): Promise<BenchServer> {
  const adminToken = randomBytes(24).toString('hex');
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? os.tmpdir(),
    HERALD_LOG_LEVEL: 'warn',
    HERALD_LISTEN: '127.0.0.1:0',
    HERALD_DATA_DIR: db.dataDir,
    HERALD_ADMIN_TOKEN: adminToken,
    ...db.env,
    ...options.env,
  };
  const compiled = path.join(COMPILED_DIR, 'src', 'cli.js');
  const entry = fs.existsSync(compiled) ? [compiled] : ['--import', 'tsx', path.join(ROOT, 'src/cli.ts')];
  const args = [
    ...(options.cpuProfDir !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []),
    ...(options.nodeArgs ?? []),
    ...entry,
    'serve',
    '--role',
    options.role ?? 'all',
  ];
  const child = spawn(process.execPath, args, { cwd: options.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      children.delete(child);
      resolve();
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Herald did not start within 60 s:\n${output}`)), 60_000);
    const check = (): void => {
      const match = /Herald is listening on (http:\/\/\S+?) /.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      } else if (options.role === 'worker' && /herald started|"role":"worker"/.test(output)) {
        clearTimeout(timer);
        resolve('');
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    if (options.role === 'worker') {
      // A worker prints nothing at warn level: give it a moment to open the store.
      setTimeout(() => {
        clearTimeout(timer);
        resolve('');
      }, 3000);
    }
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`Herald exited before it was ready:\n${output}`));
    });
  });
  return {
    url,
    adminToken,
    pid: child.pid ?? 0,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Calls the admin API; throws on an unexpected status. */
export async function adminCall<T>(server: BenchServer, method: string, urlPath: string, body: unknown, expected: number): Promise<T> {
  const response = await fetch(`${server.url}${urlPath}`, {
    method,
    headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`${method} ${urlPath} answered ${response.status}: ${text}`);
  return (text === '' ? null : JSON.parse(text)) as T;
}

/**
 * Points the server at one SMTP server (no TLS) and returns an agent token for ingest. The
 * rules are the defaults (critical and error notify) with grouping off: every notifying event
 * is its own e-mail, the per-event work the targets are defined on (with the default grouping
 * a storm of one event type is one e-mail plus a digest every 5 minutes). `grouping: 'default'`
 * leaves the rules untouched (the storm benchmark); `email` adds e-mail settings (e.g. a `rateLimit`).
 */
export async function configure(
  server: BenchServer,
  smtpPort: number,
  options: { email?: Record<string, unknown>; grouping?: 'off' | 'default' } = {},
): Promise<string> {
  await adminCall(server, 'PUT', '/api/v1/settings/email', {
    recipients: 'soc@herald.test',
    servers: `127.0.0.1:${smtpPort}`,
    sender: 'herald@corp.example',
    tls: { mode: 'none' },
    ...options.email,
  }, 200);
  if (options.grouping !== 'default') {
    await adminCall(server, 'PUT', '/api/v1/settings/rules', { severities: ['critical', 'error'], eventTypes: {}, grouping: { by: [] } }, 200);
  }
  const created = await adminCall<{ token: string }>(server, 'POST', '/api/v1/agent-tokens', { name: 'bench agent' }, 201);
  return created.token;
}

/** Read access to a server's database for probes (a second reader; never writes). */
export interface Probe {
  /** Notifications in each status. */
  counts(): Promise<Record<string, number>>;
  /** `sent_at - created_at` of sent notifications created at or after `since`, in ms. */
  latencies(since: number): Promise<number[]>;
  close(): Promise<void>;
}

/** Opens a probe on `db` (SQLite read-only in WAL mode, or a PostgreSQL connection in its schema). */
export async function openProbe(db: Database_): Promise<Probe> {
  if (db.kind === 'sqlite') {
    const conn = new Database(path.join(db.dataDir, 'herald.db'), { readonly: true, fileMustExist: true });
    const counts = conn.prepare<[], { status: string; n: number }>('SELECT status, count(*) AS n FROM notifications GROUP BY status');
    const lat = conn.prepare<[number], { ms: number }>("SELECT sent_at - created_at AS ms FROM notifications WHERE status = 'sent' AND created_at >= ?");
    return {
      counts: async () => Object.fromEntries(counts.all().map((r) => [r.status, r.n])),
      latencies: async (since) => lat.all(since).map((r) => r.ms),
      close: async () => void conn.close(),
    };
  }
  const client = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${db.schema ?? 'public'}` });
  await client.connect();
  return {
    async counts() {
      const { rows } = await client.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM notifications GROUP BY status');
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    },
    async latencies(since) {
      const { rows } = await client.query<{ ms: number }>(
        "SELECT (extract(epoch FROM sent_at - created_at) * 1000)::float8 AS ms FROM notifications WHERE status = 'sent' AND created_at >= $1",
        [new Date(since)],
      );
      return rows.map((r) => r.ms);
    },
    close: () => client.end(),
  };
}
