/**
 * The device filter's index in two parts (device-index.ts, device-list.ts) on a real SQLite
 * file: pages that span the merged and the pending part, pruned events and their sweep, an id
 * sent again after its event was pruned, the merge that starts by itself, and migration 8 on an existing file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { at, makeEvent } from '../fixtures.test-helpers.js';
import type { EventFilter, IngestItem } from '../ports.js';
import { QueueSignal } from '../signal.js';
import { openConnection } from './connection.js';
import { DeviceIndex } from './device-index.js';
import { deviceListQueries } from './device-list.js';
import { SqliteEventRepo } from './events.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations.js';

let dir: string;
let db: Database.Database;
let repo: SqliteEventRepo;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-device-index-'));
  db = openConnection(join(dir, 'herald.db'), 'normal');
  migrate(db);
  repo = new SqliteEventRepo(db, new QueueSignal());
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const item = (id: string, ms: number, device: string, severity: 'critical' | 'info' = 'critical'): IngestItem => ({
  event: makeEvent(id, { receivedAt: at(ms), severity, device: { id: null, name: device, domain: null, ip: null } }),
  notification: null,
});

const count = (table: string): number => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

/** Every id the device filter lists, page by page (`limit` per page), newest first. */
async function listAll(filter: EventFilter, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let before: string | undefined;
  for (let pages = 0; pages < 100; pages += 1) {
    const page = await repo.list(filter, { limit, before });
    seen.push(...page.items.map((e) => e.id));
    if (page.nextCursor === null) return seen;
    before = page.nextCursor;
  }
  throw new Error('the cursor did not end');
}

describe('SQLite device index in two parts', () => {
  it('pages through a device whose events are partly merged, partly pending, in (receivedAt, id) order', async () => {
    await repo.ingest([item('m1', 1000, 'WKS-1'), item('m3', 3000, 'WKS-1'), item('mt-b', 5000, 'WKS-1'), item('x1', 2000, 'WKS-2')]);
    expect(new DeviceIndex(db).merge()).toBe(4);
    await repo.ingest([item('p2', 2000, 'WKS-1'), item('mt-a', 5000, 'WKS-1'), item('mt-c', 5000, 'WKS-1', 'info'), item('p6', 6000, 'WKS-1')]);
    expect([count('events_by_device'), count('events_by_device_pending')]).toEqual([4, 4]);

    const newestFirst = ['p6', 'mt-c', 'mt-b', 'mt-a', 'm3', 'p2', 'm1'];
    for (const limit of [1, 2, 3, 50]) expect(await listAll({ deviceName: 'WKS-1' }, limit)).toEqual(newestFirst);
    expect(await listAll({ deviceName: 'WKS-1', severity: 'critical' }, 2)).toEqual(newestFirst.filter((id) => id !== 'mt-c'));
    expect(await listAll({ deviceName: 'WKS-2' }, 2)).toEqual(['x1']);
    expect(await listAll({ deviceName: 'WKS-3' }, 2)).toEqual([]);
  });

  it('orders ties by the id’s bytes as SQLite does, beyond the Basic Multilingual Plane too', async () => {
    // UTF-16 puts '\u{1F600}' (a surrogate pair) before '\uFFFD'; UTF-8 bytes, SQLite's order, after.
    await repo.ingest([item('\uFFFD', 1000, 'WKS-1')]);
    new DeviceIndex(db).merge();
    await repo.ingest([item('\u{1F600}', 1000, 'WKS-1')]);
    expect(await listAll({ deviceName: 'WKS-1' }, 50)).toEqual(['\u{1F600}', '\uFFFD']);
    expect(await listAll({}, 50)).toEqual(['\u{1F600}', '\uFFFD']);
  });

  it('forgets pruned events in both parts, and lists an id sent again after its prune once, at its new place', async () => {
    await repo.ingest([item('a', 1000, 'WKS-1'), item('b', 2000, 'WKS-1')]);
    new DeviceIndex(db).merge();
    await repo.ingest([item('c', 3000, 'WKS-1'), item('d', 4000, 'WKS-2')]);
    expect(await repo.prune(at(3500), 100, 100)).toBe(3);
    // The entries stay until the next merge sweeps them, and match nothing meanwhile.
    expect([count('events_by_device'), count('events_by_device_pending')]).toEqual([2, 2]);
    expect(await listAll({ deviceName: 'WKS-1' }, 50)).toEqual([]);

    // 'c' (pending, pruned) and 'a' (merged, pruned) come again, now from other devices and later.
    await repo.ingest([item('c', 5000, 'WKS-2'), item('a', 6000, 'WKS-1')]);
    expect(await listAll({ deviceName: 'WKS-1' }, 50)).toEqual(['a']);
    expect(await listAll({ deviceName: 'WKS-2' }, 1)).toEqual(['c', 'd']);
    // The stale pending entry of the first 'c' is dropped by the merge, not moved.
    expect(new DeviceIndex(db).merge()).toBe(3);
    expect([count('events_by_device'), count('events_by_device_pending')]).toEqual([3, 0]);
    expect(await listAll({ deviceName: 'WKS-1' }, 50)).toEqual(['a']);
    expect(await listAll({ deviceName: 'WKS-2' }, 1)).toEqual(['c', 'd']);
  });

  it('sweeps the entries of pruned events out of the merged part, device by device, up to the oldest event left', async () => {
    const devices = ['WKS-1', 'WKS-2', 'WKS-3'];
    await repo.ingest(Array.from({ length: 30 }, (_, k) => item(`e${String(k).padStart(2, '0')}`, 1000 + Math.floor(k / 2), devices[k % 3] ?? '')));
    new DeviceIndex(db).merge();
    // Prune up to and including e12, received at 1006 like e13, which stays: the sweep cuts through the tie.
    expect(await repo.prune(at(0), 17, 100)).toBe(13);
    expect(count('events_by_device')).toBe(30);
    expect(new DeviceIndex(db).merge()).toBe(0);
    const left = db.prepare('SELECT event_id FROM events_by_device ORDER BY event_id').pluck().all();
    expect(left).toEqual(Array.from({ length: 17 }, (_, k) => `e${k + 13}`));
    for (const device of devices) {
      expect(await listAll({ deviceName: device }, 4)).toEqual(left.filter((_, k) => (k + 13) % 3 === devices.indexOf(device)).reverse());
    }
    expect(await repo.prune(at(5000), 100, 100)).toBe(17);
    new DeviceIndex(db).merge();
    expect(count('events_by_device')).toBe(0);
  });

  it('merges by itself once the mark is reached, after the commit that reached it', async () => {
    const small = new SqliteEventRepo(db, new QueueSignal(), 1000);
    const batch = (from: number, size: number): IngestItem[] => Array.from({ length: size }, (_, k) => item(`e${from + k}`, from + k, `WKS-${(from + k) % 50}`));
    await small.ingest(batch(0, 600));
    await small.ingest(batch(600, 400));
    expect(count('events_by_device_pending')).toBe(1000);
    await new Promise((resolve) => setImmediate(resolve));
    expect([count('events_by_device'), count('events_by_device_pending')]).toEqual([1000, 0]);
    expect((await small.list({ deviceName: 'WKS-7' }, { limit: 3 })).items.map((e) => e.id)).toEqual(['e957', 'e907', 'e857']);
  });

  it('sweeps by itself once retention has deleted as many events as the mark, with no new events', async () => {
    await repo.ingest(Array.from({ length: 1000 }, (_, k) => item(`e${k}`, k, `WKS-${k % 50}`)));
    const small = new SqliteEventRepo(db, new QueueSignal(), 1000);
    await new Promise((resolve) => setImmediate(resolve));
    expect([count('events_by_device'), count('events_by_device_pending')]).toEqual([1000, 0]);
    expect(await small.prune(at(600), 10_000, 600)).toBe(600);
    await new Promise((resolve) => setImmediate(resolve));
    expect(count('events_by_device')).toBe(1000);
    expect(await small.prune(at(1000), 10_000, 600)).toBe(400);
    await new Promise((resolve) => setImmediate(resolve));
    expect(count('events_by_device')).toBe(0);
  });

  it('merges at once at twice the mark when the caller never lets the event loop turn (a bulk load)', async () => {
    const small = new SqliteEventRepo(db, new QueueSignal(), 1000);
    for (let from = 0; from < 2000; from += 500) {
      await small.ingest(Array.from({ length: 500 }, (_, k) => item(`e${from + k}`, from + k, `WKS-${k % 50}`)));
    }
    expect([count('events_by_device'), count('events_by_device_pending')]).toEqual([2000, 0]);
  });

  it('finds what waits from an earlier run at start, and merges it on the first turn', async () => {
    await repo.ingest(Array.from({ length: 300 }, (_, k) => item(`e${k}`, k, 'WKS-1')));
    new SqliteEventRepo(db, new QueueSignal(), 300);
    await new Promise((resolve) => setImmediate(resolve));
    expect([count('events_by_device'), count('events_by_device_pending')]).toEqual([300, 0]);
  });

  it('reads the merged part by its key, newest first, without sorting', () => {
    const [merged] = deviceListQueries({ deviceName: 'WKS-1', severity: 'critical' }, { limit: 10 });
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${merged?.sql ?? ''}`).all(...(merged?.params ?? [])) as { detail: string }[]).map((row) => row.detail);
    expect(plan).toContainEqual(expect.stringMatching(/^SEARCH p USING PRIMARY KEY \(device_name=\?\)/));
    expect(plan.some((detail) => detail.includes('TEMP B-TREE'))).toBe(false);
  });
});

describe('SQLite migration 8 (device index written in sorted runs)', () => {
  it('moves an existing file’s events into the merged part and keeps the device filter’s answers', async () => {
    const old = openConnection(join(dir, 'old.db'), 'normal');
    migrate(old, MIGRATIONS.filter((m) => m.version <= 7));
    const insert = old.prepare("INSERT INTO events (id, received_at, occurred_at, severity, type, device_name) VALUES (?, ?, 0, 'info', 't', ?)");
    for (const [id, ms, device] of [['a', 1, 'WKS-1'], ['b', 2, 'WKS-2'], ['c', 2, 'WKS-1'], ['d', 3, null]] as const) insert.run(id, ms, device);
    expect(migrate(old)).toEqual([8, 9]);
    expect(old.prepare('SELECT device_name, received_at, event_id FROM events_by_device').all()).toEqual([
      { device_name: 'WKS-1', received_at: 1, event_id: 'a' },
      { device_name: 'WKS-1', received_at: 2, event_id: 'c' },
      { device_name: 'WKS-2', received_at: 2, event_id: 'b' },
    ]);
    const oldRepo = new SqliteEventRepo(old, new QueueSignal());
    expect((await oldRepo.list({ deviceName: 'WKS-1' }, { limit: 10 })).items.map((e) => e.id)).toEqual(['c', 'a']);
    old.close();
  });
});
