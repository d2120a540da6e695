/** The pragmas the SQLite store relies on. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openConnection } from './connection.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations.js';

describe('openConnection', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['normal', 1],
    ['full', 2],
  ] as const)('uses WAL, synchronous=%s, a busy timeout and foreign keys', (sync, level) => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-conn-'));
    dirs.push(dir);
    const db = openConnection(join(dir, 'x.db'), sync);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(level);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
      expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(migrate(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('refuses a database from a newer Herald', () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-conn-'));
    dirs.push(dir);
    const db = openConnection(join(dir, 'x.db'), 'normal');
    try {
      migrate(db);
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)").run();
      expect(() => migrate(db)).toThrow(/newer than this Herald/);
    } finally {
      db.close();
    }
  });
});
