/**
 * WAL checkpoints off the committing thread. With SQLite's own auto-checkpoint, the commit that
 * crosses the threshold copies every page of the WAL into the database file and waits for two
 * fsyncs while ingest waits for it; at a million rows that was a fifth of the event loop's time
 * (bench/notes.md). A second connection in another thread (the delivery thread hosts it: a
 * thread of its own would cost a V8 isolate, ~10 MiB) runs PASSIVE checkpoints while the WAL
 * grows. PASSIVE never blocks a writer or waits for a reader, so the event loop only appends to
 * the WAL. Durability is unchanged: a commit is durable when it is in the WAL, and the main
 * connection's auto-checkpoint stays as the backstop for when this loop is not running.
 */
import type Database from 'better-sqlite3';
import type { WalCheckpointTarget } from '../ports.js';
import { newDatabase } from './connection.js';

/**
 * Pause between checkpoints while writers commit. A page that every commit dirties (the
 * queue's index, the newest leaves) is copied once per checkpoint: at 10 ms the loop took
 * 8.5 % of the delivery thread during a delivery run, at 100 ms 2 %, and the WAL still holds
 * a few thousand pages at most between two looks (the backstop is at 10,000).
 */
export const BUSY_INTERVAL_MS = 100;
/** Pause between checkpoints once nobody committed for QUIET_AFTER_MS. */
export const IDLE_INTERVAL_MS = 500;
/** Commits this far apart still count as one busy stretch. */
const QUIET_AFTER_MS = 1_000;
/** The checkpointing connection reads WAL frames, not b-trees: a small page cache is enough. */
const CHECKPOINTER_CACHE_KIB = 256;

/** What one PASSIVE checkpoint reported. */
export interface CheckpointResult {
  /** Another connection held a lock the checkpoint needed (a writer's own checkpoint): try again later. */
  busy: boolean;
  /** Frames in the WAL. */
  walFrames: number;
  /** Frames copied into the database file (this time or earlier). */
  copiedFrames: number;
}

/** A running checkpoint loop. */
export interface WalCheckpointer {
  /** Stops the loop and closes its connection (idempotent). */
  stop(): void;
}

/** Runs one PASSIVE checkpoint on `db`. */
export function checkpointPassive(db: Database.Database): CheckpointResult {
  const [row] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
  if (row === undefined || row.busy !== 0) return { busy: true, walFrames: 0, copiedFrames: 0 };
  return { busy: false, walFrames: row.log, copiedFrames: row.checkpointed };
}

/** SQLite's "another connection holds the lock" codes: the next tick simply tries again. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/**
 * Opens a second connection to `target` and checkpoints its WAL every BUSY_INTERVAL_MS while
 * other connections commit, every IDLE_INTERVAL_MS once they stopped. A lock held elsewhere
 * skips a tick; any other failure is told to `onError` once and stops the loop (the store's
 * auto-checkpoint carries on alone).
 */
export function startWalCheckpointer(target: WalCheckpointTarget, onError: (error: Error) => void): WalCheckpointer {
  // No busy timeout: waiting for a lock would stall the thread hosting the loop (the delivery
  // thread's SMTP sessions and its watchdog's pings); a busy tick is retried at the next one.
  const db = newDatabase(target.path, { timeout: 0, fileMustExist: true });
  try {
    db.pragma(`synchronous = ${target.sync === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma(`cache_size = -${CHECKPOINTER_CACHE_KIB}`);
    // This connection never writes a transaction: it must not trigger checkpoints of its own.
    db.pragma('wal_autocheckpoint = 0');
  } catch (error) {
    db.close();
    throw error;
  }
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let lastDataVersion = -1;
  let lastCommitSeenAt = 0;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    db.close();
  };
  /** One look: checkpoint, and say whether the next look should come soon. */
  const look = (): boolean => {
    // data_version changes when another connection committed since this one last asked.
    const dataVersion = db.pragma('data_version', { simple: true }) as number;
    const result = checkpointPassive(db);
    const now = Date.now();
    if (dataVersion !== lastDataVersion) lastCommitSeenAt = now;
    lastDataVersion = dataVersion;
    // Soon while writers commit, or while frames are left behind (a reader still needs them).
    return result.busy || now - lastCommitSeenAt < QUIET_AFTER_MS || result.copiedFrames < result.walFrames;
  };
  const tick = (): void => {
    timer = null;
    let soon: boolean;
    try {
      soon = look();
    } catch (error) {
      if (!isBusy(error)) {
        stop();
        onError(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      soon = true;
    }
    timer = setTimeout(tick, soon ? BUSY_INTERVAL_MS : IDLE_INTERVAL_MS);
  };
  timer = setTimeout(tick, IDLE_INTERVAL_MS);
  return { stop };
}
