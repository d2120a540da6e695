import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A database file at schema version `version`. */
function databaseAt(version: number): Database.Database {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-migrate-'));
  dirs.push(dir);
  const db = new Database(path.join(dir, 'herald.db'));
  migrate(db, MIGRATIONS.filter((m) => m.version <= version));
  return db;
}

const indexColumns = (db: Database.Database, index: string): string[] =>
  (db.pragma(`index_info(${index})`) as { name: string }[]).map((row) => row.name);

describe('SQLite migration 5 (event filter indexes keyed by rowid)', () => {
  it('rebuilds the filter indexes of an existing database, keeping every row and the filter order', () => {
    const db = databaseAt(4);
    expect(indexColumns(db, 'events_by_severity')).toEqual(['severity', 'received_at', 'id']);
    const insert = db.prepare("INSERT INTO events (id, received_at, occurred_at, severity, type, application_id, device_name) VALUES (?, ?, 0, ?, 't', 'kes', 'WKS-1')");
    for (const [id, ms, severity] of [['z', 1, 'error'], ['x', 1, 'error'], ['y', 1, 'info'], ['w', 2, 'error']] as const) insert.run(id, ms, severity);
    expect(migrate(db, MIGRATIONS.filter((m) => m.version <= 5))).toContain(5);
    for (const index of ['events_by_severity', 'events_by_application', 'events_by_device']) {
      expect(indexColumns(db, index).at(-1)).toBe('received_at');
    }
    const list = db.prepare<[string], { id: string }>('SELECT id FROM events WHERE severity = ? ORDER BY received_at DESC, id DESC LIMIT 10');
    expect(list.all('error').map((row) => row.id)).toEqual(['w', 'z', 'x']);
    expect(db.prepare("EXPLAIN QUERY PLAN SELECT id FROM events WHERE severity = 'error' ORDER BY received_at DESC, id DESC LIMIT 10").all()).toContainEqual(
      expect.objectContaining({ detail: expect.stringContaining('USING INDEX events_by_severity') }),
    );
    db.close();
  });
});
