/** writeTogetherOrEachAlone on a real SQLite file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openConnection } from './connection.js';
import { writeTogetherOrEachAlone } from './write-together.js';

let dir: string;
let db: Database.Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-together-'));
  db = openConnection(join(dir, 'x.db'), 'normal');
  db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER NOT NULL)');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Inserts two rows per job (`<id>-a`, `<id>-b`); the second insert fails for a duplicate id. */
function writer(): (job: { id: string; b?: string }) => string {
  const insert = db.prepare<[string, number]>('INSERT INTO t (id, n) VALUES (?, ?)');
  return (job) => {
    insert.run(`${job.id}-a`, 1);
    insert.run(job.b ?? `${job.id}-b`, 2);
    return job.id;
  };
}

const ids = (): string[] => db.prepare<[], { id: string }>('SELECT id FROM t ORDER BY id').all().map((row) => row.id);

describe('writeTogetherOrEachAlone', () => {
  it('writes every job of a group and answers each in order', () => {
    const commit = writeTogetherOrEachAlone(db, writer());
    expect(commit([{ id: 'x' }, { id: 'y' }, { id: 'z' }])).toEqual([
      { ok: true, value: 'x' },
      { ok: true, value: 'y' },
      { ok: true, value: 'z' },
    ]);
    expect(ids()).toEqual(['x-a', 'x-b', 'y-a', 'y-b', 'z-a', 'z-b']);
    expect(db.inTransaction).toBe(false);
  });

  it('lets a failing job fail alone: its own writes are undone, the others commit', () => {
    const commit = writeTogetherOrEachAlone(db, writer());
    // y's second row collides with x's first: y fails after writing y-a.
    const results = commit([{ id: 'x' }, { id: 'y', b: 'x-a' }, { id: 'z' }]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(String(results[1]?.ok === false ? results[1].error : '')).toMatch(/UNIQUE/);
    expect(ids()).toEqual(['x-a', 'x-b', 'z-a', 'z-b']);
    expect(db.inTransaction).toBe(false);
  });

  it('writes a lone job in a transaction of its own, a failure undoing all of it', () => {
    const commit = writeTogetherOrEachAlone(db, writer());
    const [result] = commit([{ id: 'x', b: 'x-a' }]);
    expect(result?.ok).toBe(false);
    expect(ids()).toEqual([]);
  });
});
