/**
 * One process per SQLite database. The holder keeps an exclusive SQLite lock on the companion
 * file `<db>.lock` for as long as it lives (`locking_mode = EXCLUSIVE` never releases it). It
 * is an OS file lock (fcntl), so the kernel drops it when the process ends, even by SIGKILL:
 * a crash never leaves a stale lock behind. A second process (or a second open in the same
 * process) gets SQLITE_BUSY at once and is refused with `StoreInUseError`.
 *
 * The holder's pid cannot be read from the locked file, so the holder records it in the main
 * database (`process_holder`), which stays readable in WAL mode; only the lock holder writes it.
 * Caveat: like SQLite itself, this needs a local file system (fcntl locks on NFS are unreliable).
 */
import type Database from 'better-sqlite3';
import { StoreInUseError } from '../errors.js';
import { newDatabase } from './connection.js';

/** A held process lock; `release` closes the lock connection (the OS releases the lock). */
export interface ProcessLock {
  release(): void;
}

/** Takes the lock on `<dbPath>.lock` or throws `StoreInUseError` naming the holder's pid. */
export function acquireProcessLock(dbPath: string): ProcessLock {
  const lockDb = newDatabase(`${dbPath}.lock`, { timeout: 0 });
  try {
    lockDb.pragma('locking_mode = EXCLUSIVE');
    // A write makes SQLite take the EXCLUSIVE lock, which EXCLUSIVE locking mode then keeps.
    lockDb.exec(`
      BEGIN EXCLUSIVE;
      CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY, pid INTEGER NOT NULL);
      INSERT OR REPLACE INTO holder (id, pid) VALUES (1, ${process.pid});
      COMMIT;
    `);
  } catch (error) {
    lockDb.close();
    if (isBusy(error)) throw new StoreInUseError(dbPath, readHolderPid(dbPath));
    throw error;
  }
  return { release: () => lockDb.close() };
}

/** Records this process as the holder in the main database (call after migrations). */
export function recordHolder(db: Database.Database, hostname: string): void {
  db.prepare<[number, string, number]>(
    `INSERT INTO process_holder (id, pid, hostname, started_at) VALUES (1, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET pid = excluded.pid, hostname = excluded.hostname,
                                    started_at = excluded.started_at`,
  ).run(process.pid, hostname, Date.now());
}

function isBusy(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    (error.code === 'SQLITE_BUSY' || error.code.startsWith('SQLITE_BUSY_') || error.code === 'SQLITE_LOCKED')
  );
}

/** Best effort: the pid the holder recorded, or null (old schema, unreadable file…). */
function readHolderPid(dbPath: string): number | null {
  let db: Database.Database | null = null;
  try {
    db = newDatabase(dbPath, { readonly: true, fileMustExist: true, timeout: 1_000 });
    const row = db.prepare<[], { pid: number }>('SELECT pid FROM process_holder WHERE id = 1').get();
    return row?.pid ?? null;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}
