/**
 * Test support for code that needs a real store: one factory per implementation, each giving
 * fresh, isolated databases (SQLite in a mkdtemp dir, PostgreSQL in a random schema that is
 * dropped afterwards). Usage in any `*.test.ts`:
 *
 * ```ts
 * import { storeFactories } from '../store/test-support.js';
 *
 * const factories = await storeFactories();
 * describe.each(factories)('$name store', (factory) => {
 *   describe.skipIf(factory.skip !== null)(factory.skip ?? 'contract', () => {
 *     let store: Store;
 *     beforeEach(async () => { store = await factory.open(); });
 *     afterEach(() => factory.cleanup());
 *     it('…', async () => { … });
 *   });
 * });
 * ```
 *
 * PostgreSQL: `postgresTestUrl()` (env `HERALD_TEST_DATABASE_URL`, else the local trust-auth
 * server). When it is unreachable the postgres factory has `skip` set (a visible "SKIPPED …"
 * suite), except with `CI=true`, where `storeFactories()` throws: CI must test both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openPostgresStore } from './postgres/index.js';
import type { Store } from './ports.js';
import { openSqliteStore } from './sqlite/index.js';

/** Opens stores on isolated test databases of one implementation. */
export interface StoreFactory {
  name: 'sqlite' | 'postgres';
  /** Why this implementation cannot be tested here (PostgreSQL unreachable outside CI), else null. */
  skip: string | null;
  /** A store on a NEW empty database (each call: another database). */
  open(): Promise<Store>;
  /**
   * Another store on the database of the last `open()` (PostgreSQL: a second instance, e.g.
   * for concurrency; SQLite: close the first one before, or get `StoreInUseError`).
   */
  reopen(): Promise<Store>;
  /** The SQLite file of the last `open()` (null for PostgreSQL). */
  sqlitePath(): string | null;
  /** The PostgreSQL schema of the last `open()` (null for SQLite), e.g. to dump only it. */
  postgresSchema(): string | null;
  /** Closes every store this factory opened and deletes their databases. Idempotent. */
  cleanup(): Promise<void>;
}

/** The PostgreSQL server tests use: `HERALD_TEST_DATABASE_URL` or the local trust-auth server. */
export function postgresTestUrl(): string {
  return process.env['HERALD_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
}

/** Drops test schemas (and everything in them) on the test server; nothing to do for none. */
export async function dropPostgresSchemas(schemas: readonly string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: postgresTestUrl() });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** Runs SQL directly on the database of the factory's last `open()` (close its store first on SQLite), e.g. to set up an older schema. */
export async function rawSql(factory: StoreFactory, sql: string): Promise<void> {
  const file = factory.sqlitePath();
  if (file !== null) {
    const db = new Database(file);
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: postgresTestUrl(), options: `-c search_path=${factory.postgresSchema() ?? 'public'}` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Both factories. Throws under `CI=true` when PostgreSQL is unreachable; otherwise marks the
 * postgres factory skipped and says so on stderr.
 */
export async function storeFactories(): Promise<StoreFactory[]> {
  const unreachable = await postgresUnreachable(postgresTestUrl());
  if (unreachable !== null && process.env['CI'] === 'true') {
    throw new Error(`PostgreSQL for tests is unreachable (${unreachable}); CI must run the postgres store tests.`);
  }
  const skip = unreachable === null ? null : `SKIPPED: PostgreSQL unreachable at ${redact(postgresTestUrl())} (${unreachable})`;
  if (skip !== null) console.warn(`[store tests] ${skip}; set HERALD_TEST_DATABASE_URL or start PostgreSQL.`);
  return [sqliteFactory(), postgresFactory(skip)];
}

function sqliteFactory(): StoreFactory {
  const dirs: string[] = [];
  const stores: Store[] = [];
  const path = (): string => {
    const dir = dirs[dirs.length - 1];
    if (dir === undefined) throw new Error('call open() before reopen()');
    return join(dir, 'herald.db');
  };
  const track = async (opening: Promise<Store>): Promise<Store> => {
    const store = await opening;
    stores.push(store);
    return store;
  };
  return {
    name: 'sqlite',
    skip: null,
    open: () => {
      dirs.push(mkdtempSync(join(tmpdir(), 'herald-store-')));
      return track(openSqliteStore({ path: path(), sync: 'normal' }));
    },
    reopen: () => track(openSqliteStore({ path: path(), sync: 'normal' })),
    sqlitePath: () => (dirs.length === 0 ? null : path()),
    postgresSchema: () => null,
    cleanup: async () => {
      await Promise.all(stores.splice(0).map((store) => store.close()));
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresFactory(skip: string | null): StoreFactory {
  const schemas: string[] = [];
  const stores: Store[] = [];
  const url = postgresTestUrl();
  const track = async (opening: Promise<Store>): Promise<Store> => {
    const store = await opening;
    stores.push(store);
    return store;
  };
  const current = (): string => {
    const schema = schemas[schemas.length - 1];
    if (schema === undefined) throw new Error('call open() before reopen()');
    return schema;
  };
  return {
    name: 'postgres',
    skip,
    open: () => {
      schemas.push(`herald_test_${randomBytes(6).toString('hex')}`);
      return track(openPostgresStore({ url, schema: current(), poolSize: 4 }));
    },
    reopen: () => track(openPostgresStore({ url, schema: current(), poolSize: 4 })),
    sqlitePath: () => null,
    postgresSchema: () => schemas[schemas.length - 1] ?? null,
    cleanup: async () => {
      await Promise.all(stores.splice(0).map((store) => store.close()));
      await dropPostgresSchemas(schemas.splice(0));
    },
  };
}

/** Null when a connection and `SELECT 1` work within a few seconds; else the reason. */
async function postgresUnreachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
