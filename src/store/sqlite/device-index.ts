/**
 * The device filter's index on SQLite, written in sorted runs instead of one entry per insert.
 *
 * Why: events come from thousands of devices, so a plain `(device_name, received_at)` index
 * takes each new event into a different leaf page: once the table holds a few hundred thousand
 * rows, every event costs a 4 KiB WAL frame and that page's checkpoint copy (~8.5 KB written
 * per ~450-byte event, measured), and batched ingest fell from ~50k to ~25–35k events/s as the
 * file grew. Without that index it stayed flat (bench/notes.md).
 *
 * How (PostgreSQL's GIN "pending list", in two tables):
 * - `events_by_device_pending`: a trigger appends `(device_name, received_at, event_id)` for
 *   each inserted event. Appends fill pages in order, ~50 bytes per event.
 * - `events_by_device`: the index proper, a WITHOUT ROWID table keyed like the index was (with
 *   the event's id, not its rowid: VACUUM may renumber the rowids of `events`). `merge` moves
 *   the pending entries into it in key order, so each device's leaf is written once per run
 *   for all its new entries, not once per event.
 * - Deleting an event leaves its entry behind, in either part: the list query matches entries
 *   on the event's id, receive time and device (LIVE_ENTRY_JOIN), so a stale one matches
 *   nothing, nor a later event sent again with the same id. The merge drops stale pending
 *   entries and then sweeps the merged part: every entry older, in (received_at, id) order, than
 *   the oldest event left is stale, and since events leave only through retention, oldest first,
 *   those are all the stale ones. They lie at the start of each device's range, so deleting them
 *   device by device writes each device's first leaf once per merge. A delete trigger wrote a
 *   leaf per pruned event: at a retention cap of 400,000, where every new event prunes an old
 *   one, ingest ran at 15–20k events/s with it and 25–36k with the sweep (bench/notes.md).
 * - Events never change device or receive time (only their group and covering notification),
 *   so no update trigger is needed.
 *
 * The list query reads both parts (`device-list.ts`); the pending part has no index, so it is
 * kept short: a merge runs once DEVICE_INDEX_MERGE_ROWS events were added or pruned.
 */
import type Database from 'better-sqlite3';

/** Migration 8: the index as two tables, filled from the existing events, and its triggers. */
export const DEVICE_INDEX_MIGRATION_SQL = `
  DROP INDEX events_by_device;
  CREATE TABLE events_by_device (
    device_name TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    event_id    TEXT NOT NULL,
    PRIMARY KEY (device_name, received_at, event_id)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE events_by_device_pending (
    device_name TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    event_id    TEXT NOT NULL
  ) STRICT;
  INSERT INTO events_by_device (device_name, received_at, event_id)
    SELECT device_name, received_at, id FROM events WHERE device_name IS NOT NULL ORDER BY 1, 2, 3;
  CREATE TRIGGER events_by_device_on_insert AFTER INSERT ON events WHEN new.device_name IS NOT NULL
  BEGIN
    INSERT INTO events_by_device_pending (device_name, received_at, event_id) VALUES (new.device_name, new.received_at, new.id);
  END;
  CREATE TRIGGER events_by_device_on_delete AFTER DELETE ON events WHEN old.device_name IS NOT NULL
  BEGIN
    DELETE FROM events_by_device WHERE device_name = old.device_name AND received_at = old.received_at AND event_id = old.id;
  END;
`;

/**
 * Migration 9: the merge sweeps the entries of pruned events (see the module comment), so the
 * delete trigger goes; entries it left stale are swept by the next merge like any other.
 */
export const DEVICE_INDEX_SWEEP_MIGRATION_SQL = 'DROP TRIGGER events_by_device_on_delete;';

/**
 * Pending entries that start a merge. Measured at 800k rows from 5,000 devices (bench/notes.md):
 * runs of 50,000 write ~2 KB per event in all (20,000: ~3 KB; one entry at a time: ~7 KB) and
 * take ~280 ms; the list query's scan of that many short rows takes ~3 ms.
 */
export const DEVICE_INDEX_MERGE_ROWS = 50_000;

/** Joins an entry `p` of either part to its event `e` if that still exists as it describes it. */
export const LIVE_ENTRY_JOIN = 'e.id = p.event_id AND e.received_at = p.received_at AND e.device_name = p.device_name';

const MERGE_SQL = `
  INSERT OR IGNORE INTO events_by_device (device_name, received_at, event_id)
    SELECT p.device_name, p.received_at, p.event_id FROM events_by_device_pending AS p
    WHERE EXISTS (SELECT 1 FROM events AS e WHERE ${LIVE_ENTRY_JOIN})
    ORDER BY 1, 2, 3`;

/** The oldest event left, in the order retention deletes in. */
const OLDEST_EVENT_SQL = 'SELECT received_at, id FROM events ORDER BY received_at, id LIMIT 1';

/**
 * Deletes the merged entries older than (received_at, id) = (?, ?), device by device: the
 * recursive query lists the devices by seeking from one to the next in the key (as a skip-scan
 * would), and each device's stale entries are one range at the start of its part of the key.
 */
const SWEEP_OLDER_SQL = `
  WITH RECURSIVE devices(name) AS (
    SELECT MIN(device_name) FROM events_by_device
    UNION ALL
    SELECT (SELECT MIN(device_name) FROM events_by_device WHERE device_name > devices.name) FROM devices WHERE devices.name IS NOT NULL)
  DELETE FROM events_by_device
    WHERE device_name IN (SELECT name FROM devices) AND (received_at, event_id) < (?, ?)`;

/**
 * Keeps both parts short: counts the events ingest adds and retention deletes and, once
 * DEVICE_INDEX_MERGE_ROWS entries may be pending or stale, merges on the next turn of the event
 * loop, in a transaction of its own (an ingest commit never waits for a merge, nor fails with
 * one; the 202s of the commit that reached the mark are sent first). Counting deletes too lets
 * a server that no longer ingests still sweep what retention prunes. A caller that never lets
 * the loop turn (a bulk load awaiting one ingest after another) gets the merge at once at twice
 * the mark.
 */
export class DeviceIndex {
  readonly #mergeTransaction: () => number;
  readonly #mergeRows: number;
  /**
   * Events inserted or deleted since the last merge: an upper bound of the entries pending plus
   * the merged entries gone stale.
   */
  #changes: number;
  /** Count of changes at which the next merge runs (pushed on by a failed merge). */
  #mergeAt: number;
  #scheduled = false;

  constructor(
    private readonly db: Database.Database,
    mergeRows = DEVICE_INDEX_MERGE_ROWS,
  ) {
    this.#mergeRows = mergeRows;
    this.#mergeAt = mergeRows;
    const insert = db.prepare(MERGE_SQL);
    const clear = db.prepare('DELETE FROM events_by_device_pending');
    const oldestEvent = db.prepare<[], { received_at: number; id: string }>(OLDEST_EVENT_SQL);
    const sweepOlder = db.prepare<[number, string]>(SWEEP_OLDER_SQL);
    const sweepAll = db.prepare('DELETE FROM events_by_device');
    this.#mergeTransaction = db.transaction(() => {
      const merged = insert.run().changes;
      clear.run();
      const oldest = oldestEvent.get();
      if (oldest === undefined) sweepAll.run();
      else sweepOlder.run(oldest.received_at, oldest.id);
      return merged;
    });
    // Stale merged entries left by an earlier run are not counted: the first merge sweeps them.
    this.#changes = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM events_by_device_pending').get()?.n ?? 0;
    this.#scheduleIfDue();
  }

  /** Notes `count` newly inserted events (after their commit); schedules a merge when due. */
  added(count: number): void {
    this.#changes += count;
    if (this.#changes >= 2 * this.#mergeAt) this.#tryMerge();
    else this.#scheduleIfDue();
  }

  /** Notes `count` deleted events (after their delete); schedules a merge when due. */
  pruned(count: number): void {
    this.#changes += count;
    this.#scheduleIfDue();
  }

  /**
   * Moves every pending entry of a live event into `events_by_device` and sweeps the entries of
   * pruned events out of it, now; returns how many entries it moved.
   */
  merge(): number {
    const merged = this.#mergeTransaction();
    this.#changes = 0;
    this.#mergeAt = this.#mergeRows;
    return merged;
  }

  #scheduleIfDue(): void {
    if (this.#scheduled || this.#changes < this.#mergeAt) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      // The store may have closed meanwhile; the entries then wait for the next start.
      if (this.db.open) this.#tryMerge();
    });
  }

  #tryMerge(): void {
    try {
      this.merge();
    } catch {
      // Nothing is lost: the entries stay pending and the list query reads them. Whatever
      // failed (a full disk, a lock held past the busy timeout) fails the ingest commits too,
      // which report it; the merge is tried again once as many more events have come.
      this.#mergeAt = this.#changes + this.#mergeRows;
    }
  }
}
