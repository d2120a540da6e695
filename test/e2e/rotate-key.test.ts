/**
 * `herald admin rotate-key` as a real process, SIGKILLed in the middle of re-sealing (issue 13
 * item 3): afterwards every secret opens with the keys a restarted server loads, a second run
 * finishes, and then the new key alone opens everything.
 *  - PostgreSQL (HERALD_MASTER_KEY=new,old): the test holds a row lock on one policy, so the
 *    process stops exactly there; it is killed while it waits.
 *  - SQLite (the key file): many records with `HERALD_SQLITE_SYNC=full`; killed as soon as it
 *    reports its first progress line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMasterKeys, readKeyFile } from '../../src/config/master-key.js';
import { createSecretBox } from '../../src/config/secret-box.js';
import { openAll, sealedValues, seedSecrets } from '../../src/cli/rotate-key.test-helpers.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { openStore } from '../../src/store/open.js';
import { postgresTestUrl, storeFactories } from '../../src/store/store-factories.test-helpers.js';
import { PROJECT_ROOT } from '../support/herald.test-helpers.js';

interface Run {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function rotateKey(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/cli.ts'), 'admin', 'rotate-key'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), HERALD_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exited };
}

async function until(what: string, check: () => Promise<boolean> | boolean, run: Run, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (run.child.exitCode !== null) throw new Error(`rotate-key exited (${run.child.exitCode}) before ${what}:\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const postgres = (await storeFactories()).find((factory) => factory.name === 'postgres');

describe('herald admin rotate-key killed midway', () => {
  const schemas: string[] = [];
  afterAll(async () => {
    if (schemas.length === 0) return;
    const client = new pg.Client({ connectionString: postgresTestUrl() });
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it.skipIf(postgres?.skip !== null)('on PostgreSQL with HERALD_MASTER_KEY=new,old loses nothing', { timeout: 120_000 }, async () => {
    const schema = `herald_test_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    const [newKey, oldKey] = [randomBytes(32), randomBytes(32)];
    const store = await openPostgresStore({ url: postgresTestUrl(), schema, poolSize: 2 });
    const expected = await seedSecrets(store, createSecretBox(oldKey), oldKey);
    const env = {
      HERALD_DATABASE_URL: postgresTestUrl(),
      HERALD_DATABASE_SCHEMA: schema,
      HERALD_MASTER_KEY: `${newKey.toString('base64')},${oldKey.toString('base64')}`,
      HERALD_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'herald-rotate-')),
    };
    const locker = new pg.Client({ connectionString: postgresTestUrl(), options: `-c search_path=${schema}` });
    // A second connection looks: pg_stat_activity is a snapshot inside the locker's transaction.
    const watcher = new pg.Client({ connectionString: postgresTestUrl() });
    await locker.connect();
    await watcher.connect();
    try {
      await locker.query('BEGIN');
      await locker.query("SELECT 1 FROM policies WHERE application_id = 'app-0006' FOR UPDATE");
      const lockerPid = (await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      const run = rotateKey(env);
      await until(
        'the re-sealing to wait on the locked policy',
        async () => (await watcher.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [lockerPid])).rows[0]?.n === 1,
        run,
      );
      run.child.kill('SIGKILL');
      expect((await run.exited).signal).toBe('SIGKILL');
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
      await watcher.end();
    }

    const both = createSecretBox([newKey, oldKey]);
    expect(await openAll(store, both)).toEqual(expected);
    const sealed = [...(await sealedValues(store)).values()];
    const current = sealed.filter((value) => both.isCurrent(value)).length;
    expect(current).toBeGreaterThan(0);
    expect(current).toBeLessThan(sealed.length);

    const second = rotateKey(env);
    expect(await second.exited, second.output()).toEqual({ code: 0, signal: null });
    expect(second.output()).toMatch(/every secret is now sealed under master key/);
    expect(await openAll(store, createSecretBox(newKey))).toEqual(expected);
    await expect(openAll(store, createSecretBox(oldKey))).rejects.toThrow(/not configured/);
    await store.close();
  });

  it('on SQLite with the key file loses nothing', { timeout: 120_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-rotate-'));
    const oldKey = loadMasterKeys(null, dataDir).keys[0] as Buffer;
    const open = () => openStore({ databaseUrl: null, dataDir, sqliteSync: 'normal' });
    let store = await open();
    const expected = await seedSecrets(store, createSecretBox(oldKey), oldKey, 1_500);
    await store.close();

    const run = rotateKey({ HERALD_DATA_DIR: dataDir, HERALD_SQLITE_SYNC: 'full' });
    await until('the first progress line', () => /Re-sealing: \d+ of/.test(run.output()), run);
    run.child.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');

    const keyFile = path.join(dataDir, 'master.key');
    const serverKeys = loadMasterKeys(null, dataDir).keys;
    expect(serverKeys).toHaveLength(2);
    const both = createSecretBox(serverKeys);
    store = await open();
    expect(await openAll(store, both)).toEqual(expected);
    const sealed = [...(await sealedValues(store)).values()];
    const current = sealed.filter((value) => both.isCurrent(value)).length;
    expect(current).toBeGreaterThan(0);
    expect(current).toBeLessThan(sealed.length);
    await store.close();

    const second = rotateKey({ HERALD_DATA_DIR: dataDir });
    expect(await second.exited, second.output()).toEqual({ code: 0, signal: null });
    expect(second.output()).toMatch(/Resuming the rotation/);
    const finalKeys = readKeyFile(keyFile);
    expect(finalKeys).toHaveLength(1);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    store = await open();
    expect(await openAll(store, createSecretBox(finalKeys))).toEqual(expected);
    await expect(openAll(store, createSecretBox(oldKey))).rejects.toThrow(/not configured/);
    await store.close();
  });
});
