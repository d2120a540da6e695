/**
 * Opens the main database connection with the pragmas Herald relies on: WAL (readers never
 * block the writer), `synchronous` per option, a busy timeout, foreign keys on.
 */
import Database from 'better-sqlite3';
import { isNativeLoadFailure, NativeModuleError } from '../errors.js';

/** `normal`: a commit survives a process crash; `full`: also a power loss (fsync per commit). */
export type SqliteSync = 'normal' | 'full';

/** How long a statement waits for a lock held by another connection before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5_000;

/** WAL pages (4 KiB each) after which a commit triggers a checkpoint: about 40 MiB. */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/** SQLite's page cache per connection, in KiB. */
export const PAGE_CACHE_KIB = 16 * 1024;

/** Size the WAL file is truncated back to after a checkpoint. */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/** Opens (creating if needed) the database file and applies the pragmas. */
export function openConnection(path: string, sync: SqliteSync): Database.Database {
  const db = newDatabase(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    // Page cache (negative = KiB) and in-memory temp tables. 16 MiB holds the hot index pages:
    // store-only ingest into 1M rows cost the same CPU per event as with 32 MiB (15.7 vs 16.2 µs),
    // and the other 16 MiB count against the server's peak RSS (docs/BENCHMARKS.md, memory).
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    db.pragma('temp_store = MEMORY');
    // Checkpoint less often than the default 1000 pages: consecutive ingest batches dirty the
    // same index pages, which a later checkpoint then copies (and fsyncs) once, not per batch.
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * `new Database(…)` for every connection Herald opens: the native module loads on the first
 * one, and when it does not load on this Node the caller gets NativeModuleError (one sentence
 * saying what to do) instead of a dlopen message.
 */
export function newDatabase(path: string, options: Database.Options): Database.Database {
  try {
    return new Database(path, options);
  } catch (error) {
    if (isNativeLoadFailure(error)) throw new NativeModuleError(error);
    throw error;
  }
}
