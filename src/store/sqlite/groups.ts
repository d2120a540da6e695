/**
 * Storm control on SQLite: events join their group inside the ingest transaction
 * (`prepareGroupJoin`), and the scheduler turns due groups into first/digest notifications
 * (`SqliteGroupRepo.flushDue`), one transaction per group. better-sqlite3 is synchronous and
 * this is the only process on the file, so a transaction cannot interleave with another:
 * an event is covered by exactly one notification, also after a crash (all or nothing).
 */
import type Database from 'better-sqlite3';
import type { HeraldEvent } from '../../domain/event.js';
import { MAX_LISTED_EVENT_IDS } from '../../domain/notification.js';
import { timeOrderedId } from '../../domain/time-ordered-id.js';
import { decodeCursor, toPage } from '../cursor.js';
import type { DueGroup, EventGroup, GroupFilter, GroupJoin, GroupNotificationBuilder, GroupRepo, NewNotification, Page, PageRequest } from '../ports.js';
import type { QueueSignal } from '../signal.js';
import { isPending, SQLITE_ROWS, type EventRow, type GroupRow, type SqliteColumns } from '../rows.js';
import { prepareNotificationInsert, type NotificationInsert } from './notification-rows.js';
import { toJsonParam } from '../storable-params.js';

type GroupInsertParams = [
  string, string, string, string | null, number, number, number, number, number, number | null, number | null,
  number, number, number, number,
];

/** Joins one new, notifying event to its group; returns whether a pending notification was created. */
export type GroupJoiner = (event: HeraldEvent, join: GroupJoin, candidate: NewNotification | null) => boolean;

/**
 * Prepares the statements of "an event joins its group", run inside the ingest transaction
 * after the event row is inserted:
 * - an open group of the key whose last event is within its idle time takes the event
 *   (pending, due at the group's next notification time);
 * - otherwise an idle open group of the key is closed and a new group starts; with no wait
 *   the candidate notification becomes its `first` at once, else the event waits `waitMs`.
 */
export function prepareGroupJoin(db: Database.Database, insertNotification: NotificationInsert): GroupJoiner {
  const extend = db.prepare<[number, number, number, string, number], { id: string }>(
    `UPDATE event_groups SET
       last_at = max(last_at, ?),
       event_count = event_count + 1,
       pending_count = pending_count + 1,
       due_at = coalesce(due_at, max(?, coalesce(last_notified_at, ?) + interval_ms))
     WHERE group_key = ? AND open = 1 AND last_at > ? - idle_ms
     RETURNING id`,
  );
  const closeIdle = db.prepare<[string, number]>(
    'UPDATE event_groups SET open = 0 WHERE group_key = ? AND open = 1 AND last_at <= ? - idle_ms',
  );
  const insertGroup = db.prepare<GroupInsertParams>(
    `INSERT INTO event_groups (
       id, group_key, key_json, application_id, open, first_at, last_at, event_count, pending_count, first_done,
       last_notified_at, due_at, wait_ms, interval_ms, idle_ms, max_listed)
     VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const setEvent = db.prepare<[string, string | null, string]>('UPDATE events SET group_id = ?, notification_id = ? WHERE id = ?');
  return (event, join, candidate) => {
    const now = event.receivedAt.getTime();
    const existing = extend.get(now, now, now, join.keyText, now);
    if (existing !== undefined) {
      setEvent.run(existing.id, null, event.id);
      return false;
    }
    closeIdle.run(join.keyText, now);
    const id = timeOrderedId();
    const limits = [join.waitMs, join.intervalMs, join.idleMs, join.maxListed] as const;
    const keyJson = toJsonParam(join.key);
    if (join.waitMs === 0 && candidate !== null) {
      const first: NewNotification = { ...candidate, kind: 'first', groupId: id, eventIds: [event.id], eventCount: 1 };
      // The interval counts from when the first notification was made (a moment after the event arrived).
      insertGroup.run(id, join.keyText, keyJson, event.application.id, now, now, 1, 0, 1, first.createdAt.getTime(), null, ...limits);
      insertNotification(first);
      setEvent.run(id, first.id, event.id);
      return isPending(first.status);
    }
    insertGroup.run(id, join.keyText, keyJson, event.application.id, now, now, 1, 1, 0, null, now + join.waitMs, ...limits);
    setEvent.run(id, null, event.id);
    return false;
  };
}

/** Summary of a group's pending (not yet covered) events. */
interface PendingSummary {
  n: number;
  devices: number;
  first_occurred: number | null;
  last_occurred: number | null;
}

/** `GroupRepo` over `event_groups` (and the events and notifications it points at). */
export class SqliteGroupRepo implements GroupRepo {
  readonly #get;
  readonly #notificationIds;
  readonly #nextDue;
  readonly #flushOne;
  readonly #listStatements = new Map<string, Database.Statement<(string | number)[], GroupRow<SqliteColumns>>>();

  constructor(
    private readonly db: Database.Database,
    private readonly signal: QueueSignal,
  ) {
    this.#get = db.prepare<[string], GroupRow<SqliteColumns>>('SELECT * FROM event_groups WHERE id = ?');
    this.#notificationIds = db.prepare<[string], { id: string }>(
      'SELECT id FROM notifications WHERE group_id = ? ORDER BY created_at, id',
    );
    this.#nextDue = db.prepare<[], { due_at: number }>(
      'SELECT due_at FROM event_groups WHERE due_at IS NOT NULL ORDER BY due_at LIMIT 1',
    );
    const selectDue = db.prepare<[number], GroupRow<SqliteColumns>>(
      'SELECT * FROM event_groups WHERE due_at <= ? ORDER BY due_at, id LIMIT 1',
    );
    const summary = db.prepare<[string], PendingSummary>(
      `SELECT count(*) AS n, count(DISTINCT coalesce(device_id, device_name)) AS devices,
              min(occurred_at) AS first_occurred, max(occurred_at) AS last_occurred
       FROM events WHERE group_id = ? AND notification_id IS NULL`,
    );
    const newest = db.prepare<[string, number], EventRow<SqliteColumns>>(
      `SELECT * FROM events WHERE group_id = ? AND notification_id IS NULL
       ORDER BY received_at DESC, id DESC LIMIT ?`,
    );
    const cover = db.prepare<[string, string]>('UPDATE events SET notification_id = ? WHERE group_id = ? AND notification_id IS NULL');
    const done = db.prepare<[number | null, string]>(
      `UPDATE event_groups SET pending_count = 0, due_at = NULL, first_done = 1,
         last_notified_at = coalesce(?, last_notified_at)
       WHERE id = ?`,
    );
    const insertNotification = prepareNotificationInsert(db);
    // One group per transaction: a failure (or a crash) loses nothing and covers nothing twice.
    this.#flushOne = db.transaction((now: number, build: GroupNotificationBuilder): { flushed: boolean; created: boolean; pending: boolean } => {
      const row = selectDue.get(now);
      if (row === undefined) return { flushed: false, created: false, pending: false };
      const facts = summary.get(row.id);
      if (facts === undefined || facts.n === 0 || facts.first_occurred === null || facts.last_occurred === null) {
        done.run(null, row.id);
        return { flushed: true, created: false, pending: false };
      }
      const events = newest.all(row.id, Math.max(row.max_listed, MAX_LISTED_EVENT_IDS)).map(SQLITE_ROWS.storedEvent);
      const due: DueGroup = {
        group: SQLITE_ROWS.group(row, []),
        kind: row.first_done === 1 ? 'digest' : 'first',
        newest: events,
        eventCount: facts.n,
        deviceCount: facts.devices,
        firstOccurredAt: new Date(facts.first_occurred),
        lastOccurredAt: new Date(facts.last_occurred),
      };
      const built = build(due, new Date(now));
      const notification: NewNotification = {
        ...built,
        kind: due.kind,
        groupId: row.id,
        eventIds: events.slice(0, MAX_LISTED_EVENT_IDS).map((e) => e.id),
        eventCount: facts.n,
      };
      insertNotification(notification);
      cover.run(notification.id, row.id);
      done.run(now, row.id);
      return { flushed: true, created: true, pending: isPending(notification.status) };
    });
  }

  async list(filter: GroupFilter, page: PageRequest, now: Date): Promise<Page<EventGroup>> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.active === true) {
      where.push('open = 1 AND last_at > ? - idle_ms');
      params.push(now.getTime());
    } else if (filter.active === false) {
      where.push('(open = 0 OR last_at <= ? - idle_ms)');
      params.push(now.getTime());
    }
    const cursor = decodeCursor(page.before);
    if (cursor !== null) {
      where.push('(last_at, id) < (?, ?)');
      params.push(cursor.timeMs, cursor.id);
    }
    const sql =
      `SELECT * FROM event_groups ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ` +
      'ORDER BY last_at DESC, id DESC LIMIT ?';
    let statement = this.#listStatements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare<(string | number)[], GroupRow<SqliteColumns>>(sql);
      this.#listStatements.set(sql, statement);
    }
    const rows = statement.all(...params, page.limit + 1);
    return toPage(rows.map((row) => this.#withNotifications(row)), page.limit, (g) => ({ timeMs: g.lastAt.getTime(), id: g.id }));
  }

  async get(id: string): Promise<EventGroup | null> {
    const row = this.#get.get(id);
    return row === undefined ? null : this.#withNotifications(row);
  }

  async flushDue(now: Date, limit: number, build: GroupNotificationBuilder): Promise<number> {
    let created = 0;
    let pending = false;
    for (let i = 0; i < limit; i++) {
      const result = this.#flushOne(now.getTime(), build);
      if (!result.flushed) break;
      if (result.created) created += 1;
      pending ||= result.pending;
    }
    if (pending) this.signal.emit();
    return created;
  }

  async nextDueAt(): Promise<Date | null> {
    const row = this.#nextDue.get();
    return row === undefined ? null : new Date(row.due_at);
  }

  #withNotifications(row: GroupRow<SqliteColumns>): EventGroup {
    return SQLITE_ROWS.group(row, this.#notificationIds.all(row.id).map((r) => r.id));
  }
}
