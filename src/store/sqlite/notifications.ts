/** The durable outbox on SQLite. */
import type Database from 'better-sqlite3';
import {
  NOTIFICATION_STATUSES,
  type AttemptLogEntry,
  type Notification,
  type NotificationStatus,
} from '../../domain/notification.js';
import { toPage } from '../cursor.js';
import { GroupCommit } from '../group-commit.js';
import { writeTogetherOrEachAlone } from './write-together.js';
import { NEXT_DUE_SQL, RELEASE_ALL_LEASES_SQL } from '../outbox-sql.js';
import { buildListQuery, NOTIFICATION_LIST, SQLITE_PARAMS } from '../list-query.js';
import type { AttemptOutcome, NotificationFilter, NotificationRepo, OutboxStats, Page, PageRequest } from '../ports.js';
import { SQLITE_ROWS, type AttemptRow, type NotificationRow, type SqliteColumns } from '../rows.js';
import type { QueueSignal } from '../signal.js';
import { StatementCache } from './statement-cache.js';
import { toJsonParam, toTextParam } from '../storable-params.js';

type Row = NotificationRow<SqliteColumns>;

/**
 * The oldest due rows, for a claim. `due_at <= now` covers both due queued/deferred rows and
 * expired `sending` leases. better-sqlite3 is synchronous and this is the only process on the
 * file, so the select and the lease (one transaction) cannot interleave with another claim.
 */
const SELECT_DUE_SQL = 'SELECT * FROM notifications WHERE priority = ? AND due_at <= ? ORDER BY due_at, id LIMIT ?';

/** Gives a claimed row back, queued until `?1`, without an attempt (rate limit, paused transport). */
const POSTPONE_SQL = `
  UPDATE notifications SET status = 'queued', next_attempt_at = ?, due_at = ?, lease_owner = NULL, lease_until = NULL
  WHERE id = ? AND status = 'sending' AND lease_owner = ?`;

/** Leases the claimed rows (`?4`: a JSON array of ids). */
const LEASE_SQL = `
  UPDATE notifications SET status = 'sending', lease_owner = ?, lease_until = ?, due_at = ?
  WHERE id IN (SELECT value FROM json_each(?))`;

const RENEW_LEASES_SQL = `
  UPDATE notifications SET lease_until = ?, due_at = ?
  WHERE id IN (SELECT value FROM json_each(?)) AND status = 'sending' AND lease_owner = ?
  RETURNING id`;

/** Applies an attempt's outcome if the owner still holds the row. */
const FINISH_ATTEMPT_SQL = `
  UPDATE notifications SET
    status = ?, next_attempt_at = ?, last_error = ?, sent_at = ?, server = ?, rejected_recipients = ?,
    due_at = ?, attempt_count = attempt_count + 1, throttled_count = throttled_count + ?,
    lease_owner = NULL, lease_until = NULL
  WHERE id = ? AND status = 'sending' AND lease_owner = ?
  RETURNING attempt_count`;

const LOG_ATTEMPT_SQL = `
  INSERT INTO notification_attempts (notification_id, attempt_no, ordinal, at, server, stage, ok, error, tls, note, plaintext_reason)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const GET_NOTIFICATION_SQL = 'SELECT * FROM notifications WHERE id = ?';

const ATTEMPT_LOG_SQL = `
  SELECT at, server, stage, ok, error, tls, note, plaintext_reason FROM notification_attempts
  WHERE notification_id = ? ORDER BY attempt_no, ordinal`;

const RETRY_SQL = `
  UPDATE notifications SET status = 'queued', next_attempt_at = ?, age_from = ?, due_at = ?
  WHERE id = ? AND status = 'failed'`;

const EXPEDITE_DEFERRED_SQL =
  "UPDATE notifications SET next_attempt_at = ?, due_at = ? WHERE status = 'deferred' AND due_at > ?";

const COUNT_BY_STATUS_SQL = 'SELECT status, count(*) AS n FROM notifications GROUP BY status';

const OLDEST_PENDING_SQL =
  "SELECT min(created_at) AS created_at FROM notifications WHERE status IN ('queued', 'deferred', 'sending')";

const PRUNE_FINISHED_SQL = `
  DELETE FROM notifications WHERE id IN (
    SELECT id FROM notifications WHERE status IN ('sent', 'failed') AND created_at < ?
    ORDER BY created_at LIMIT ?)`;

type FinishParams = [
  NotificationStatus, number | null, string | null, number | null, string | null, string, number | null, number, string, string,
];

type LogParams = [string, number, number, number, string, string, number, string | null, string | null, string | null, string | null];

/** One `complete` call. */
interface Completion {
  id: string;
  owner: string;
  outcome: AttemptOutcome;
}

/** The outbox's single statements (the claim and complete transactions prepare their own). */
function prepareOutboxStatements(db: Database.Database) {
  return {
    renew: db.prepare<[number, number, string, string], { id: string }>(RENEW_LEASES_SQL),
    releaseAll: db.prepare(RELEASE_ALL_LEASES_SQL),
    nextDue: db.prepare<[], { due_at: number | null }>(NEXT_DUE_SQL),
    postpone: db.prepare<[number, number, string, string]>(POSTPONE_SQL),
    get: db.prepare<[string], Row>(GET_NOTIFICATION_SQL),
    attempts: db.prepare<[string], AttemptRow<SqliteColumns>>(ATTEMPT_LOG_SQL),
    retry: db.prepare<[number, number, number, string]>(RETRY_SQL),
    expedite: db.prepare<[number, number, number]>(EXPEDITE_DEFERRED_SQL),
    countByStatus: db.prepare<[], { status: NotificationStatus; n: number }>(COUNT_BY_STATUS_SQL),
    oldestPending: db.prepare<[], { created_at: number | null }>(OLDEST_PENDING_SQL),
    prune: db.prepare<[number, number]>(PRUNE_FINISHED_SQL),
  };
}

/** The prepared statements of `prepareOutboxStatements`. */
type OutboxStatements = ReturnType<typeof prepareOutboxStatements>;

/** `NotificationRepo` over `notifications` + `notification_attempts`. */
export class SqliteNotificationRepo implements NotificationRepo {
  readonly #claim;
  readonly #completions: GroupCommit<Completion, boolean>;
  readonly #statements: OutboxStatements;
  readonly #listStatements: StatementCache<(string | number)[], Row>;

  constructor(
    private readonly db: Database.Database,
    private readonly signal: QueueSignal,
  ) {
    this.#claim = this.#claimTransaction();
    this.#completions = this.#completionGroupCommit();
    this.#listStatements = new StatementCache(db);
    this.#statements = prepareOutboxStatements(db);
  }

  /** Select the oldest due rows and lease them, in one transaction. */
  #claimTransaction(): (owner: string, now: number, leaseUntil: number, limit: number) => Notification[] {
    const selectDue = this.db.prepare<[number, number, number], Row>(SELECT_DUE_SQL);
    const lease = this.db.prepare<[string, number, number, string]>(LEASE_SQL);
    return this.db.transaction((owner: string, now: number, leaseUntil: number, limit: number) => {
      // A single event's or a group's first notification before digests (priority 0, then 1).
      const rows = selectDue.all(0, now, limit);
      if (rows.length < limit) rows.push(...selectDue.all(1, now, limit - rows.length));
      if (rows.length === 0) return [];
      lease.run(owner, leaseUntil, leaseUntil, JSON.stringify(rows.map((r) => r.id)));
      return rows.map((row) =>
        SQLITE_ROWS.notification({
          ...row,
          status: 'sending',
          lease_owner: owner,
          lease_until: leaseUntil,
          due_at: leaseUntil,
        }),
      );
    });
  }

  /**
   * Completions that arrive in the same turn of the event loop (a worker finishing several
   * deliveries at once) are committed together (see `../group-commit.ts`); one failing row
   * fails alone (`write-together.ts`). Each caller's promise still resolves only after the
   * commit that holds its row.
   */
  #completionGroupCommit(): GroupCommit<Completion, boolean> {
    return new GroupCommit<Completion, boolean>({ commit: writeTogetherOrEachAlone(this.db, this.#completeOne()) });
  }

  /** Applies one outcome and appends its attempt log under the new attempt number; false if the lease was lost. */
  #completeOne(): (completion: Completion) => boolean {
    const finish = this.db.prepare<FinishParams, { attempt_count: number }>(FINISH_ATTEMPT_SQL);
    const log = this.db.prepare<LogParams>(LOG_ATTEMPT_SQL);
    return ({ id, owner, outcome: o }: Completion): boolean => {
      const dueAt = o.status === 'deferred' ? (o.nextAttemptAt?.getTime() ?? Date.now()) : null;
      const row = finish.get(
        o.status,
        o.nextAttemptAt?.getTime() ?? null,
        o.lastError === null ? null : toJsonParam(o.lastError),
        o.sentAt?.getTime() ?? null,
        toTextParam(o.server),
        toJsonParam(o.rejectedRecipients),
        dueAt,
        o.throttled === true ? 1 : 0,
        id,
        owner,
      );
      if (row === undefined) return false;
      o.log.forEach((entry, ordinal) => {
        log.run(
          id,
          row.attempt_count,
          ordinal,
          entry.at.getTime(),
          toTextParam(entry.server),
          entry.stage,
          entry.ok ? 1 : 0,
          entry.error === null ? null : toJsonParam(entry.error),
          entry.tls === null ? null : toJsonParam(entry.tls),
          toTextParam(entry.note ?? null),
          entry.plaintextReason ?? null,
        );
      });
      return true;
    };
  }

  async claim(owner: string, now: Date, leaseUntil: Date, limit: number): Promise<Notification[]> {
    return this.#claim(owner, now.getTime(), leaseUntil.getTime(), limit);
  }

  async renewLeases(ids: string[], owner: string, leaseUntil: Date): Promise<string[]> {
    if (ids.length === 0) return [];
    const until = leaseUntil.getTime();
    return this.#statements.renew.all(until, until, JSON.stringify(ids), owner).map((row) => row.id);
  }

  async complete(id: string, owner: string, outcome: AttemptOutcome): Promise<boolean> {
    return this.#completions.submit({ id, owner, outcome });
  }

  async releaseAllLeases(): Promise<number> {
    const released = this.#statements.releaseAll.run().changes;
    if (released > 0) this.signal.emit();
    return released;
  }

  async nextDueAt(): Promise<Date | null> {
    const dueAt = this.#statements.nextDue.get()?.due_at ?? null;
    return dueAt === null ? null : new Date(dueAt);
  }

  async postpone(id: string, owner: string, until: Date): Promise<boolean> {
    const at = until.getTime();
    return this.#statements.postpone.run(at, at, id, owner).changes > 0;
  }

  async get(id: string): Promise<(Notification & { attemptLog: AttemptLogEntry[] }) | null> {
    const row = this.#statements.get.get(id);
    if (row === undefined) return null;
    return { ...SQLITE_ROWS.notification(row), attemptLog: this.#statements.attempts.all(id).map(SQLITE_ROWS.attempt) };
  }

  async list(filter: NotificationFilter, page: PageRequest): Promise<Page<Notification>> {
    const { sql, params } = buildListQuery(NOTIFICATION_LIST, filter, page, SQLITE_PARAMS);
    const rows = this.#listStatements.get(sql).all(...params);
    return toPage(rows.map(SQLITE_ROWS.notification), page.limit, (n) => ({ timeMs: n.createdAt.getTime(), id: n.id }));
  }

  /** Keeps `lastError` (the ledger still shows why it failed) until the next attempt overwrites it; keeps `attemptCount`. */
  async expediteDeferred(now: Date): Promise<number> {
    const at = now.getTime();
    const expedited = this.#statements.expedite.run(at, at, at).changes;
    if (expedited > 0) this.signal.emit();
    return expedited;
  }

  async retry(id: string, now: Date): Promise<boolean> {
    const at = now.getTime();
    const retried = this.#statements.retry.run(at, at, at, id).changes > 0;
    if (retried) this.signal.emit();
    return retried;
  }

  async stats(): Promise<OutboxStats> {
    const byStatus = Object.fromEntries(NOTIFICATION_STATUSES.map((s) => [s, 0])) as Record<NotificationStatus, number>;
    for (const row of this.#statements.countByStatus.all()) byStatus[row.status] = row.n;
    const oldest = this.#statements.oldestPending.get()?.created_at ?? null;
    return { byStatus, oldestPendingCreatedAt: oldest === null ? null : new Date(oldest) };
  }

  async prune(olderThan: Date, batchSize: number): Promise<number> {
    return this.#statements.prune.run(olderThan.getTime(), batchSize).changes;
  }
}
