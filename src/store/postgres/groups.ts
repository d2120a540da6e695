/**
 * Storm control on PostgreSQL, safe with several instances:
 * - Ingest (`joinGroups`, inside the ingest transaction): per group key, in sorted key order
 *   (no deadlock between two batches), the open group's row is updated — which locks it until
 *   the commit — before any event is marked as its member. A new group is inserted with
 *   `ON CONFLICT DO NOTHING` on the one-open-group-per-key index, so two instances that both
 *   start a group for a key end up with one: the loser joins the winner's group.
 * - Scheduler (`flushDue`): one transaction per due group, claimed with `FOR UPDATE SKIP
 *   LOCKED`. Holding the group's row lock means no ingest can add a member meanwhile, so the
 *   events counted, listed and marked covered are the same set, and exactly one notification
 *   covers them, whatever the number of schedulers and whenever one of them is killed.
 */
import type pg from 'pg';
import { MAX_LISTED_EVENT_IDS } from '../../domain/notification.js';
import { timeOrderedId } from '../../domain/time-ordered-id.js';
import { decodeCursor, toPage } from '../cursor.js';
import type { DueGroup, EventGroup, GroupFilter, GroupNotificationBuilder, GroupRepo, IngestItem, NewNotification, Page, PageRequest } from '../ports.js';
import type { QueueSignal } from '../signal.js';
import { inTransaction } from './connection.js';
import { POSTGRES_ROWS, type EventRow, type GroupRow, type PostgresColumns } from '../rows.js';
import { toJsonParam } from '../storable-params.js';
import { NOTIFY_SQL, type OutboxListener } from './listener.js';
import { INSERT_NOTIFICATIONS_SQL } from './notification-rows.js';

/** `$1` now, `$2` how many events join, `$3` the key: the active group takes them (and is locked). */
const EXTEND_GROUP_SQL = `
  UPDATE event_groups SET
    last_at = greatest(last_at, $1::timestamptz),
    event_count = event_count + $2::int,
    pending_count = pending_count + $2::int,
    due_at = coalesce(due_at, greatest($1::timestamptz, coalesce(last_notified_at, $1::timestamptz) + interval_ms * interval '1 millisecond'))
  WHERE group_key = $3 AND open AND last_at > $1::timestamptz - idle_ms * interval '1 millisecond'
  RETURNING id`;

/** Only an idle group is closed: a group another transaction just started is not. */
const CLOSE_IDLE_GROUP_SQL = `
  UPDATE event_groups SET open = false
  WHERE group_key = $1 AND open AND last_at <= $2::timestamptz - idle_ms * interval '1 millisecond'`;

const INSERT_GROUP_SQL = `
  INSERT INTO event_groups (
    id, group_key, key_json, application_id, open, first_at, last_at, event_count, pending_count, first_done,
    last_notified_at, due_at, wait_ms, interval_ms, idle_ms, max_listed)
  VALUES ($1, $2, $3, $4, true, $5, $15, $6, $7, $8, $9, $10, $11, $12, $13, $14)
  ON CONFLICT (group_key) WHERE open DO NOTHING
  RETURNING id`;

/** `$1` group, `$2` member ids, `$3`/`$4` the one event covered by the group's first notification (or nulls). */
const SET_MEMBERS_SQL = `
  UPDATE events SET group_id = $1, notification_id = CASE WHEN id = $3 THEN $4 END
  WHERE id = ANY($2::text[])`;

/** Attempts to find or start a key's group before giving up (each retry means another instance just started it). */
const JOIN_ATTEMPTS = 5;

/**
 * Adds new, notifying, grouped events to their groups inside the ingest transaction. Returns
 * the `first` notifications of groups started now (with no wait), to be inserted by the caller.
 */
export async function joinGroups(client: pg.PoolClient, items: readonly IngestItem[]): Promise<NewNotification[]> {
  const byKey = new Map<string, IngestItem[]>();
  for (const item of items) {
    const keyText = item.group?.keyText;
    if (keyText === undefined) continue;
    const list = byKey.get(keyText);
    if (list === undefined) byKey.set(keyText, [item]);
    else list.push(item);
  }
  const firsts: NewNotification[] = [];
  for (const keyText of [...byKey.keys()].sort()) {
    const members = byKey.get(keyText) ?? [];
    const first = await joinOneGroup(client, keyText, members);
    if (first !== null) firsts.push(first);
  }
  return firsts;
}

async function joinOneGroup(client: pg.PoolClient, keyText: string, members: IngestItem[]): Promise<NewNotification | null> {
  const leader = members[0];
  const join = leader?.group;
  if (leader === undefined || join === undefined || join === null) return null;
  const now = new Date(Math.max(...members.map((m) => m.event.receivedAt.getTime())));
  const ids = members.map((m) => m.event.id);
  for (let attempt = 0; attempt < JOIN_ATTEMPTS; attempt++) {
    const extended = await client.query<{ id: string }>(EXTEND_GROUP_SQL, [now, members.length, keyText]);
    const existing = extended.rows[0];
    if (existing !== undefined) {
      await client.query(SET_MEMBERS_SQL, [existing.id, ids, null, null]);
      return null;
    }
    await client.query(CLOSE_IDLE_GROUP_SQL, [keyText, now]);
    const id = timeOrderedId();
    const candidate = join.waitMs === 0 ? leader.notification : null;
    const waiting = candidate === null ? members.length : members.length - 1;
    const firstDone = candidate !== null;
    // The group starts with its first event (the batch's earliest); the wait counts from there,
    // the interval from when its first notification was made (a moment after the event arrived).
    const start = leader.event.receivedAt;
    const notifiedAt = candidate?.createdAt ?? null;
    const dueAt = waiting === 0 ? null : new Date(notifiedAt === null ? start.getTime() + join.waitMs : notifiedAt.getTime() + join.intervalMs);
    const inserted = await client.query<{ id: string }>(INSERT_GROUP_SQL, [
      id,
      keyText,
      toJsonParam(join.key),
      leader.event.application.id,
      start,
      members.length,
      waiting,
      firstDone,
      notifiedAt,
      dueAt,
      join.waitMs,
      join.intervalMs,
      join.idleMs,
      join.maxListed,
      now,
    ]);
    if (inserted.rows.length === 0) continue; // another instance started this key's group just now: join it
    if (candidate === null) {
      await client.query(SET_MEMBERS_SQL, [id, ids, null, null]);
      return null;
    }
    const first: NewNotification = { ...candidate, kind: 'first', groupId: id, eventIds: [leader.event.id], eventCount: 1 };
    await client.query(SET_MEMBERS_SQL, [id, ids, leader.event.id, first.id]);
    return first;
  }
  throw new Error(`could not find or start the group ${keyText} after ${JOIN_ATTEMPTS} attempts`);
}

/** Summary of a group's pending (not yet covered) events. */
interface PendingSummary {
  n: number;
  devices: number;
  first_occurred: Date | null;
  last_occurred: Date | null;
}

/** `GroupRepo` over `event_groups`, safe with several schedulers. */
export class PostgresGroupRepo implements GroupRepo {
  constructor(
    private readonly pool: pg.Pool,
    private readonly signal: QueueSignal,
    private readonly listener: OutboxListener,
  ) {}

  async list(filter: GroupFilter, page: PageRequest, now: Date): Promise<Page<EventGroup>> {
    const where: string[] = [];
    const params: (string | number | Date)[] = [];
    if (filter.active !== undefined) {
      params.push(now);
      const active = `open AND last_at > $${params.length}::timestamptz - idle_ms * interval '1 millisecond'`;
      where.push(filter.active ? active : `NOT (${active})`);
    }
    const cursor = decodeCursor(page.before);
    if (cursor !== null) {
      params.push(new Date(cursor.timeMs), cursor.id);
      where.push(`(last_at, id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(page.limit + 1);
    const { rows } = await this.pool.query<GroupRow<PostgresColumns>>(
      `SELECT * FROM event_groups ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY last_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const ids = await this.#notificationIds(rows.map((row) => row.id));
    return toPage(
      rows.map((row) => POSTGRES_ROWS.group(row, ids.get(row.id) ?? [])),
      page.limit,
      (g) => ({ timeMs: g.lastAt.getTime(), id: g.id }),
    );
  }

  async get(id: string): Promise<EventGroup | null> {
    const { rows } = await this.pool.query<GroupRow<PostgresColumns>>('SELECT * FROM event_groups WHERE id = $1', [id]);
    const row = rows[0];
    if (row === undefined) return null;
    return POSTGRES_ROWS.group(row, (await this.#notificationIds([row.id])).get(row.id) ?? []);
  }

  async flushDue(now: Date, limit: number, build: GroupNotificationBuilder): Promise<number> {
    let created = 0;
    let pending = false;
    for (let i = 0; i < limit; i++) {
      const result = await inTransaction(this.pool, (client) => this.#flushOne(client, now, build));
      if (result === null) break;
      if (result.created) created += 1;
      pending ||= result.pending;
    }
    if (pending) this.signal.emit();
    return created;
  }

  async nextDueAt(): Promise<Date | null> {
    const { rows } = await this.pool.query<{ due_at: Date }>(
      'SELECT due_at FROM event_groups WHERE due_at IS NOT NULL ORDER BY due_at LIMIT 1',
    );
    return rows[0]?.due_at ?? null;
  }

  async #flushOne(client: pg.PoolClient, now: Date, build: GroupNotificationBuilder): Promise<{ created: boolean; pending: boolean } | null> {
    const claimed = await client.query<GroupRow<PostgresColumns>>(
      'SELECT * FROM event_groups WHERE due_at <= $1 ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED',
      [now],
    );
    const row = claimed.rows[0];
    if (row === undefined) return null;
    const done = (notifiedAt: Date | null) =>
      client.query(
        `UPDATE event_groups SET pending_count = 0, due_at = NULL, first_done = true,
           last_notified_at = coalesce($1, last_notified_at)
         WHERE id = $2`,
        [notifiedAt, row.id],
      );
    const summary = await client.query<PendingSummary>(
      `SELECT count(*)::int AS n, count(DISTINCT coalesce(device_id, device_name))::int AS devices,
              min(occurred_at) AS first_occurred, max(occurred_at) AS last_occurred
       FROM events WHERE group_id = $1 AND notification_id IS NULL`,
      [row.id],
    );
    const facts = summary.rows[0];
    if (facts === undefined || facts.n === 0 || facts.first_occurred === null || facts.last_occurred === null) {
      await done(null);
      return { created: false, pending: false };
    }
    const newest = await client.query<EventRow<PostgresColumns>>(
      `SELECT * FROM events WHERE group_id = $1 AND notification_id IS NULL
       ORDER BY received_at DESC, id DESC LIMIT $2`,
      [row.id, Math.max(row.max_listed, MAX_LISTED_EVENT_IDS)],
    );
    const events = newest.rows.map(POSTGRES_ROWS.storedEvent);
    const due: DueGroup = {
      group: POSTGRES_ROWS.group(row, []),
      kind: row.first_done ? 'digest' : 'first',
      newest: events,
      eventCount: facts.n,
      deviceCount: facts.devices,
      firstOccurredAt: facts.first_occurred,
      lastOccurredAt: facts.last_occurred,
    };
    const notification: NewNotification = {
      ...build(due, now),
      kind: due.kind,
      groupId: row.id,
      eventIds: events.slice(0, MAX_LISTED_EVENT_IDS).map((e) => e.id),
      eventCount: facts.n,
    };
    const created = await client.query<{ status: string }>(INSERT_NOTIFICATIONS_SQL, [toJsonParam([notification])]);
    await client.query('UPDATE events SET notification_id = $1 WHERE group_id = $2 AND notification_id IS NULL', [notification.id, row.id]);
    await done(now);
    const pending = created.rows.some((r) => ['queued', 'deferred', 'sending'].includes(r.status));
    if (pending) await client.query(NOTIFY_SQL, this.listener.notifyParams());
    return { created: true, pending };
  }

  async #notificationIds(groupIds: string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (groupIds.length === 0) return result;
    const { rows } = await this.pool.query<{ group_id: string; id: string }>(
      'SELECT group_id, id FROM notifications WHERE group_id = ANY($1::text[]) ORDER BY created_at, id',
      [groupIds],
    );
    for (const row of rows) {
      const list = result.get(row.group_id);
      if (list === undefined) result.set(row.group_id, [row.id]);
      else list.push(row.id);
    }
    return result;
  }
}
