/** The one-process guard of the SQLite store, with real processes (and a real SIGKILL). */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreInUseError } from '../errors.js';
import { openSqliteStore } from './index.js';

const CHILD = fileURLToPath(new URL('./guard-child.test-helpers.ts', import.meta.url));

interface Child {
  process: ChildProcess;
  /** Resolves with the first line the child printed. */
  firstLine: Promise<string>;
  exited: Promise<number | null>;
}

function startChild(dbPath: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  const firstLine = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const newline = out.indexOf('\n');
      if (newline >= 0) resolve(out.slice(0, newline));
    });
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before printing: ${out}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, firstLine, exited };
}

describe('SQLite single-process guard', () => {
  const children: Child[] = [];
  const dirs: string[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.process.kill('SIGKILL');
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second process with a clear message, and a SIGKILLed holder leaves no stale lock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-guard-'));
    dirs.push(dir);
    const dbPath = join(dir, 'herald.db');

    const holder = startChild(dbPath);
    children.push(holder);
    expect(await holder.firstLine).toBe('OPEN');

    // Another process is refused, naming the holder and the way out.
    const second = startChild(dbPath);
    children.push(second);
    const line = await second.firstLine;
    expect(line).toContain(`${dbPath} is in use by another Herald process (pid ${holder.process.pid})`);
    expect(line).toContain('SQLite allows one process — use PostgreSQL for several instances');
    expect(await second.exited).toBe(3);

    // So is a second open inside this process.
    const refused = await openSqliteStore({ path: dbPath, sync: 'normal' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StoreInUseError);
    expect((refused as StoreInUseError).holderPid).toBe(holder.process.pid);

    // The holder dies without any cleanup; the next start succeeds at once.
    holder.process.kill('SIGKILL');
    await holder.exited;
    const store = await openSqliteStore({ path: dbPath, sync: 'full' });
    try {
      expect(await store.notifications.stats()).toBeDefined();
    } finally {
      await store.close();
    }

    // After a clean close the lock is free as well.
    const reopened = await openSqliteStore({ path: dbPath, sync: 'normal' });
    await reopened.close();
  });
});
