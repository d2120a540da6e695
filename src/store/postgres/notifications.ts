/** The durable outbox on PostgreSQL. */
import type pg from 'pg';
import {
  NOTIFICATION_STATUSES,
  type AttemptLogEntry,
  type Notification,
  type NotificationStatus,
} from '../../domain/notification.js';
import { toPage } from '../cursor.js';
import { NEXT_DUE_SQL, RELEASE_ALL_LEASES_SQL } from '../outbox-sql.js';
import { buildListQuery, NOTIFICATION_LIST, POSTGRES_PARAMS } from '../list-query.js';
import type { AttemptOutcome, NotificationFilter, NotificationRepo, OutboxStats, Page, PageRequest } from '../ports.js';
import { NOTIFICATION_COLUMNS, POSTGRES_ROWS, type AttemptRow, type NotificationRow, type PostgresColumns } from '../rows.js';
import type { QueueSignal } from '../signal.js';
import { toJsonParam, toTextParam } from '../storable-params.js';
import { NOTIFY_SQL, type OutboxListener } from './listener.js';
import { PENDING_STATUSES_SQL } from './notification-rows.js';

type Row = NotificationRow<PostgresColumns>;


/**
 * Claims in one statement: lock the oldest due rows other claimers have not locked (SKIP
 * LOCKED), lease them, return them with the due time they were claimed at (for ordering;
 * RETURNING has no order). `due_at <= now` covers due queued/deferred rows and expired
 * leases; a valid lease has due_at = lease_until > now, so it is never taken.
 */
const CLAIM_SQL = `
  WITH urgent AS (
    SELECT id, due_at FROM notifications
    WHERE priority = 0 AND due_at <= $1
    ORDER BY due_at, id
    LIMIT $2
    FOR UPDATE SKIP LOCKED
  ), digests AS (
    SELECT id, due_at FROM notifications
    WHERE priority = 1 AND due_at <= $1
    ORDER BY due_at, id
    LIMIT greatest($2 - (SELECT count(*) FROM urgent), 0)
    FOR UPDATE SKIP LOCKED
  ), due AS (
    SELECT id, due_at, 0 AS priority FROM urgent
    UNION ALL
    SELECT id, due_at, 1 AS priority FROM digests
  )
  UPDATE notifications AS n
  SET status = 'sending', lease_owner = $3, lease_until = $4, due_at = $4
  FROM due
  WHERE n.id = due.id
  RETURNING ${NOTIFICATION_COLUMNS.map((column) => `n.${column}`).join(', ')}, due.due_at AS claimed_due_at, due.priority AS claimed_priority`;

/** Gives a claimed row back, queued until `$1`, without an attempt (rate limit, paused transport). */
const POSTPONE_SQL = `
  UPDATE notifications SET status = 'queued', next_attempt_at = $1, due_at = $1, lease_owner = NULL, lease_until = NULL
  WHERE id = $2 AND status = 'sending' AND lease_owner = $3`;

/**
 * Applies an attempt's outcome if the owner still holds the row, and appends the attempt log
 * (`$9`, a jsonb array of entries) under the new attempt number, in one statement.
 */
const COMPLETE_SQL = `
  WITH done AS (
    UPDATE notifications SET
      status = $3::text,
      next_attempt_at = $4::timestamptz,
      last_error = $5::jsonb,
      sent_at = $6,
      server = $7,
      rejected_recipients = $8::jsonb,
      due_at = CASE WHEN $3::text = 'deferred' THEN coalesce($4::timestamptz, now()) END,
      attempt_count = attempt_count + 1,
      throttled_count = throttled_count + $10::int,
      lease_owner = NULL,
      lease_until = NULL
    WHERE id = $1 AND status = 'sending' AND lease_owner = $2
    RETURNING id, attempt_count
  ), logged AS (
    INSERT INTO notification_attempts (notification_id, attempt_no, ordinal, at, server, stage, ok, error, tls, note, plaintext_reason)
    SELECT done.id, done.attempt_count, entry.position - 1,
           (entry.e->>'at')::timestamptz, entry.e->>'server', entry.e->>'stage', (entry.e->>'ok')::boolean,
           nullif(entry.e->'error', 'null'::jsonb), nullif(entry.e->'tls', 'null'::jsonb), entry.e->>'note',
           entry.e->>'plaintextReason'
    FROM done CROSS JOIN jsonb_array_elements($9::jsonb) WITH ORDINALITY AS entry(e, position)
  )
  SELECT count(*)::int AS n FROM done`;

const RENEW_LEASES_SQL = `
  UPDATE notifications SET lease_until = $1, due_at = $1
  WHERE id = ANY($2::text[]) AND status = 'sending' AND lease_owner = $3
  RETURNING id`;

const GET_NOTIFICATION_SQL = 'SELECT * FROM notifications WHERE id = $1';

const ATTEMPT_LOG_SQL = `
  SELECT at, server, stage, ok, error, tls, note, plaintext_reason FROM notification_attempts
  WHERE notification_id = $1 ORDER BY attempt_no, ordinal`;

const EXPEDITE_DEFERRED_SQL =
  "UPDATE notifications SET next_attempt_at = $1, due_at = $1 WHERE status = 'deferred' AND due_at > $1";

const RETRY_SQL = `
  UPDATE notifications SET status = 'queued', next_attempt_at = $1, age_from = $1, due_at = $1
  WHERE id = $2 AND status = 'failed'`;

/** Counts per status, and the oldest creation time among the pending ones. */
const STATS_SQL = `
  SELECT status, count(*)::int AS n,
         CASE WHEN status IN ${PENDING_STATUSES_SQL} THEN min(created_at) END AS oldest
  FROM notifications GROUP BY status`;

const PRUNE_FINISHED_SQL = `
  DELETE FROM notifications WHERE id IN (
    SELECT id FROM notifications WHERE status IN ('sent', 'failed') AND created_at < $1
    ORDER BY created_at LIMIT $2)`;

/** `NotificationRepo` over `notifications` + `notification_attempts`, safe with many workers. */
export class PostgresNotificationRepo implements NotificationRepo {
  constructor(
    private readonly pool: pg.Pool,
    private readonly signal: QueueSignal,
    private readonly listener: OutboxListener,
  ) {}

  async claim(owner: string, now: Date, leaseUntil: Date, limit: number): Promise<Notification[]> {
    // Claim and complete run per delivery: named, so each connection parses and plans them once.
    const { rows } = await this.pool.query<Row & { claimed_due_at: Date; claimed_priority: number }>({
      name: 'herald-claim',
      text: CLAIM_SQL,
      values: [now, limit, owner, leaseUntil],
    });
    rows.sort(
      (a, b) =>
        a.claimed_priority - b.claimed_priority ||
        a.claimed_due_at.getTime() - b.claimed_due_at.getTime() ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    return rows.map(POSTGRES_ROWS.notification);
  }

  async renewLeases(ids: string[], owner: string, leaseUntil: Date): Promise<string[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<{ id: string }>(RENEW_LEASES_SQL, [leaseUntil, ids, owner]);
    return rows.map((row) => row.id);
  }

  async complete(id: string, owner: string, o: AttemptOutcome): Promise<boolean> {
    const { rows } = await this.pool.query<{ n: number }>({
      name: 'herald-complete',
      text: COMPLETE_SQL,
      values: [
        id,
        owner,
        o.status,
        o.nextAttemptAt,
        o.lastError === null ? null : toJsonParam(o.lastError),
        o.sentAt,
        toTextParam(o.server),
        toJsonParam(o.rejectedRecipients),
        toJsonParam(o.log),
        o.throttled === true ? 1 : 0,
      ],
    });
    return (rows[0]?.n ?? 0) > 0;
  }

  async releaseAllLeases(): Promise<number> {
    const result = await this.pool.query(RELEASE_ALL_LEASES_SQL);
    const released = result.rowCount ?? 0;
    if (released > 0) await this.#wake();
    return released;
  }

  async nextDueAt(): Promise<Date | null> {
    const { rows } = await this.pool.query<{ due_at: Date | null }>(NEXT_DUE_SQL);
    return rows[0]?.due_at ?? null;
  }

  async postpone(id: string, owner: string, until: Date): Promise<boolean> {
    const result = await this.pool.query(POSTPONE_SQL, [until, id, owner]);
    return (result.rowCount ?? 0) > 0;
  }

  async get(id: string): Promise<(Notification & { attemptLog: AttemptLogEntry[] }) | null> {
    const [notification, attempts] = await Promise.all([
      this.pool.query<Row>(GET_NOTIFICATION_SQL, [id]),
      this.pool.query<AttemptRow<PostgresColumns>>(ATTEMPT_LOG_SQL, [id]),
    ]);
    const row = notification.rows[0];
    return row === undefined ? null : { ...POSTGRES_ROWS.notification(row), attemptLog: attempts.rows.map(POSTGRES_ROWS.attempt) };
  }

  async list(filter: NotificationFilter, page: PageRequest): Promise<Page<Notification>> {
    const { sql, params } = buildListQuery(NOTIFICATION_LIST, filter, page, POSTGRES_PARAMS);
    const { rows } = await this.pool.query<Row>(sql, params);
    return toPage(rows.map(POSTGRES_ROWS.notification), page.limit, (n) => ({ timeMs: n.createdAt.getTime(), id: n.id }));
  }

  /** Keeps `lastError` (the ledger still shows why it failed) until the next attempt overwrites it; keeps `attemptCount`. */
  async expediteDeferred(now: Date): Promise<number> {
    const result = await this.pool.query(EXPEDITE_DEFERRED_SQL, [now]);
    const expedited = result.rowCount ?? 0;
    if (expedited > 0) await this.#wake();
    return expedited;
  }

  async retry(id: string, now: Date): Promise<boolean> {
    const result = await this.pool.query(RETRY_SQL, [now, id]);
    const retried = (result.rowCount ?? 0) > 0;
    if (retried) await this.#wake();
    return retried;
  }

  async stats(): Promise<OutboxStats> {
    const { rows } = await this.pool.query<{ status: NotificationStatus; n: number; oldest: Date | null }>(STATS_SQL);
    const byStatus = Object.fromEntries(NOTIFICATION_STATUSES.map((s) => [s, 0])) as Record<NotificationStatus, number>;
    let oldest: Date | null = null;
    for (const row of rows) {
      byStatus[row.status] = row.n;
      if (row.oldest !== null && (oldest === null || row.oldest < oldest)) oldest = row.oldest;
    }
    return { byStatus, oldestPendingCreatedAt: oldest };
  }

  async prune(olderThan: Date, batchSize: number): Promise<number> {
    const result = await this.pool.query(PRUNE_FINISHED_SQL, [olderThan, batchSize]);
    return result.rowCount ?? 0;
  }

  /** Wakes local workers now and other instances through NOTIFY (after the commit). */
  async #wake(): Promise<void> {
    this.signal.emit();
    await this.pool.query(NOTIFY_SQL, this.listener.notifyParams());
  }
}
