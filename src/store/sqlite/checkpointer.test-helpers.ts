/**
 * A writer that never checkpoints by itself, to see whether somebody else checkpoints its WAL:
 * when the frames were copied, the next commit starts the WAL over from its beginning, and that
 * bumps the checkpoint sequence number in the WAL's header (https://sqlite.org/fileformat2.html,
 * "WAL File Format": bytes 12–15, big-endian). When nobody checkpoints, it never changes.
 */
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openConnection } from './connection.js';

/** Two rows fill a 4 KiB page: a commit of N rows writes about N × 2 KiB of WAL. */
const ROW_BYTES = 2_000;

/** A database file in a temp dir, written by a connection whose auto-checkpoint is off. */
export interface GrowingWal {
  path: string;
  /** Commits one transaction of `rowsPerCommit` rows. */
  commit(): void;
  /** How many times the WAL was started over (its header's checkpoint sequence number). */
  walRestarts(): number;
  close(): void;
}

/** Creates the database and its writer; each commit writes `rowsPerCommit` rows (default ~1 MiB of WAL). */
export function growingWal(rowsPerCommit = 500): GrowingWal {
  const dir = mkdtempSync(join(tmpdir(), 'herald-wal-'));
  const path = join(dir, 'wal.db');
  const db: Database.Database = openConnection(path, 'normal');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO filler (body) VALUES (randomblob(?))');
  const insertMany = db.transaction(() => {
    for (let i = 0; i < rowsPerCommit; i += 1) insert.run(ROW_BYTES);
  });
  return {
    path,
    commit: () => insertMany(),
    walRestarts: () => checkpointSequence(`${path}-wal`),
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The checkpoint sequence number in a WAL file's 32-byte header (0 while there is no WAL). */
function checkpointSequence(walPath: string): number {
  if (!existsSync(walPath)) return 0;
  const header = Buffer.alloc(32);
  const fd = openSync(walPath, 'r');
  try {
    if (readSync(fd, header, 0, 32, 0) < 32) return 0;
  } finally {
    closeSync(fd);
  }
  return header.readUInt32BE(12);
}
