/** The durable outbox on SQLite. */
import type Database from 'better-sqlite3';
import {
  NOTIFICATION_STATUSES,
  type AttemptLogEntry,
  type Notification,
  type NotificationStatus,
  type Stage,
  type TlsFacts,
} from '../../domain/notification.js';
import type { DeliveryError } from '../../domain/reason.js';
import { decodeCursor, toPage } from '../cursor.js';
import type { AttemptOutcome, NotificationFilter, NotificationRepo, OutboxStats, Page, PageRequest } from '../ports.js';
import type { QueueSignal } from '../signal.js';
import { dateOrNull, toNotification, type NotificationRow } from './notification-rows.js';

interface AttemptRow {
  at: number;
  server: string;
  stage: Stage;
  ok: number;
  error: string | null;
  tls: string | null;
  note: string | null;
}

function toAttempt(row: AttemptRow): AttemptLogEntry {
  const entry: AttemptLogEntry = {
    at: new Date(row.at),
    server: row.server,
    stage: row.stage,
    ok: row.ok === 1,
    error: row.error === null ? null : (JSON.parse(row.error) as DeliveryError),
    tls: row.tls === null ? null : (JSON.parse(row.tls) as TlsFacts),
  };
  if (row.note !== null) entry.note = row.note;
  return entry;
}

type CompleteParams = [
  NotificationStatus, number | null, string | null, number | null, string | null, string, number | null, string, string,
];

/** A `complete` call waiting for the next grouped commit. */
interface PendingCompletion {
  id: string;
  owner: string;
  outcome: AttemptOutcome;
  resolve: (held: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * `NotificationRepo` over `notifications` + `notification_attempts`. better-sqlite3 is
 * synchronous and this is the only process on the file, so a claim (select + update in one
 * transaction) cannot interleave with another claim.
 */
export class SqliteNotificationRepo implements NotificationRepo {
  readonly #claim;
  readonly #renew;
  readonly #complete;
  readonly #releaseAll;
  readonly #nextDue;
  readonly #get;
  readonly #attempts;
  readonly #retry;
  readonly #expedite;
  readonly #countByStatus;
  readonly #oldestPending;
  readonly #prune;
  readonly #completeMany;
  readonly #pendingCompletions: PendingCompletion[] = [];
  readonly #listStatements = new Map<string, Database.Statement<(string | number)[], NotificationRow>>();

  constructor(
    private readonly db: Database.Database,
    private readonly signal: QueueSignal,
  ) {
    // due_at <= now covers both due queued/deferred rows and expired `sending` leases.
    const selectDue = db.prepare<[number, number], NotificationRow>(
      'SELECT * FROM notifications WHERE due_at <= ? ORDER BY due_at, id LIMIT ?',
    );
    const lease = db.prepare<[string, number, number, string]>(
      `UPDATE notifications SET status = 'sending', lease_owner = ?, lease_until = ?, due_at = ?
       WHERE id IN (SELECT value FROM json_each(?))`,
    );
    this.#claim = db.transaction((owner: string, now: number, leaseUntil: number, limit: number): Notification[] => {
      const rows = selectDue.all(now, limit);
      if (rows.length === 0) return [];
      lease.run(owner, leaseUntil, leaseUntil, JSON.stringify(rows.map((r) => r.id)));
      return rows.map((row) =>
        toNotification({ ...row, status: 'sending', lease_owner: owner, lease_until: leaseUntil, due_at: leaseUntil }),
      );
    });
    this.#renew = db.prepare<[number, number, string, string], { id: string }>(
      `UPDATE notifications SET lease_until = ?, due_at = ?
       WHERE id IN (SELECT value FROM json_each(?)) AND status = 'sending' AND lease_owner = ?
       RETURNING id`,
    );
    const finish = db.prepare<CompleteParams, { attempt_count: number }>(
      `UPDATE notifications SET
         status = ?, next_attempt_at = ?, last_error = ?, sent_at = ?, server = ?, rejected_recipients = ?,
         due_at = ?, attempt_count = attempt_count + 1, lease_owner = NULL, lease_until = NULL
       WHERE id = ? AND status = 'sending' AND lease_owner = ?
       RETURNING attempt_count`,
    );
    const log = db.prepare<[string, number, number, number, string, string, number, string | null, string | null, string | null]>(
      `INSERT INTO notification_attempts (notification_id, attempt_no, ordinal, at, server, stage, ok, error, tls, note)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#complete = db.transaction((id: string, owner: string, o: AttemptOutcome): boolean => {
      const dueAt = o.status === 'deferred' ? (o.nextAttemptAt?.getTime() ?? Date.now()) : null;
      const row = finish.get(
        o.status,
        o.nextAttemptAt?.getTime() ?? null,
        o.lastError === null ? null : JSON.stringify(o.lastError),
        o.sentAt?.getTime() ?? null,
        o.server,
        JSON.stringify(o.rejectedRecipients),
        dueAt,
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
          entry.server,
          entry.stage,
          entry.ok ? 1 : 0,
          entry.error === null ? null : JSON.stringify(entry.error),
          entry.tls === null ? null : JSON.stringify(entry.tls),
          entry.note ?? null,
        );
      });
      return true;
    });
    // The nested #complete runs as a SAVEPOINT: one failing row rolls back only itself.
    this.#completeMany = db.transaction((batch: readonly PendingCompletion[]) =>
      batch.map((c): { ok: true; held: boolean } | { ok: false; error: unknown } => {
        try {
          return { ok: true, held: this.#complete(c.id, c.owner, c.outcome) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
    // Due again at once: the row was due when it was claimed, so its old next_attempt_at is in the past.
    this.#releaseAll = db.prepare(
      `UPDATE notifications SET status = 'queued', lease_owner = NULL, lease_until = NULL,
         next_attempt_at = coalesce(next_attempt_at, created_at), due_at = coalesce(next_attempt_at, created_at)
       WHERE status = 'sending'`,
    );
    this.#nextDue = db.prepare<[], { due_at: number }>(
      'SELECT due_at FROM notifications WHERE due_at IS NOT NULL ORDER BY due_at LIMIT 1',
    );
    this.#get = db.prepare<[string], NotificationRow>('SELECT * FROM notifications WHERE id = ?');
    this.#attempts = db.prepare<[string], AttemptRow>(
      `SELECT at, server, stage, ok, error, tls, note FROM notification_attempts
       WHERE notification_id = ? ORDER BY attempt_no, ordinal`,
    );
    this.#retry = db.prepare<[number, number, number, string]>(
      `UPDATE notifications SET status = 'queued', next_attempt_at = ?, age_from = ?, due_at = ?
       WHERE id = ? AND status = 'failed'`,
    );
    this.#expedite = db.prepare<[number, number, number]>(
      `UPDATE notifications SET next_attempt_at = ?, due_at = ? WHERE status = 'deferred' AND due_at > ?`,
    );
    this.#countByStatus = db.prepare<[], { status: NotificationStatus; n: number }>(
      'SELECT status, count(*) AS n FROM notifications GROUP BY status',
    );
    this.#oldestPending = db.prepare<[], { created_at: number | null }>(
      `SELECT min(created_at) AS created_at FROM notifications WHERE status IN ('queued', 'deferred', 'sending')`,
    );
    this.#prune = db.prepare<[number, number]>(
      `DELETE FROM notifications WHERE id IN (
         SELECT id FROM notifications WHERE status IN ('sent', 'failed') AND created_at < ?
         ORDER BY created_at LIMIT ?)`,
    );
  }

  async claim(owner: string, now: Date, leaseUntil: Date, limit: number): Promise<Notification[]> {
    return this.#claim(owner, now.getTime(), leaseUntil.getTime(), limit);
  }

  async renewLeases(ids: string[], owner: string, leaseUntil: Date): Promise<string[]> {
    if (ids.length === 0) return [];
    const until = leaseUntil.getTime();
    return this.#renew.all(until, until, JSON.stringify(ids), owner).map((row) => row.id);
  }

  /**
   * Completions that arrive in the same turn of the event loop (a worker finishing several
   * deliveries at once) are committed together in one transaction, each in its own savepoint:
   * one WAL commit for many rows instead of one per row, which shares the dirty index pages.
   * Each caller's promise still resolves only after the commit that holds its row.
   */
  async complete(id: string, owner: string, outcome: AttemptOutcome): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.#pendingCompletions.push({ id, owner, outcome, resolve, reject });
      if (this.#pendingCompletions.length === 1) setImmediate(() => this.#flushCompletions());
    });
  }

  #flushCompletions(): void {
    const batch = this.#pendingCompletions.splice(0);
    let results: Array<{ ok: true; held: boolean } | { ok: false; error: unknown }>;
    try {
      results = this.#completeMany(batch);
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, i) => {
      const result = results[i];
      if (result === undefined || !result.ok) pending.reject(result?.error ?? new Error('completion lost'));
      else pending.resolve(result.held);
    });
  }

  async releaseAllLeases(): Promise<number> {
    const released = this.#releaseAll.run().changes;
    if (released > 0) this.signal.emit();
    return released;
  }

  async nextDueAt(): Promise<Date | null> {
    return dateOrNull(this.#nextDue.get()?.due_at ?? null);
  }

  async get(id: string): Promise<(Notification & { attemptLog: AttemptLogEntry[] }) | null> {
    const row = this.#get.get(id);
    if (row === undefined) return null;
    return { ...toNotification(row), attemptLog: this.#attempts.all(id).map(toAttempt) };
  }

  async list(filter: NotificationFilter, page: PageRequest): Promise<Page<Notification>> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.status !== undefined) {
      where.push('status = ?');
      params.push(filter.status);
    }
    const cursor = decodeCursor(page.before);
    if (cursor !== null) {
      where.push('(created_at, id) < (?, ?)');
      params.push(cursor.timeMs, cursor.id);
    }
    const sql =
      `SELECT * FROM notifications ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ` +
      'ORDER BY created_at DESC, id DESC LIMIT ?';
    let statement = this.#listStatements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare<(string | number)[], NotificationRow>(sql);
      this.#listStatements.set(sql, statement);
    }
    const rows = statement.all(...params, page.limit + 1);
    return toPage(rows.map(toNotification), page.limit, (n) => ({ timeMs: n.createdAt.getTime(), id: n.id }));
  }

  /** Keeps `lastError` (the ledger still shows why it failed) until the next attempt overwrites it; keeps `attemptCount`. */
  async expediteDeferred(now: Date): Promise<number> {
    const at = now.getTime();
    const expedited = this.#expedite.run(at, at, at).changes;
    if (expedited > 0) this.signal.emit();
    return expedited;
  }

  async retry(id: string, now: Date): Promise<boolean> {
    const at = now.getTime();
    const retried = this.#retry.run(at, at, at, id).changes > 0;
    if (retried) this.signal.emit();
    return retried;
  }

  async stats(): Promise<OutboxStats> {
    const byStatus = Object.fromEntries(NOTIFICATION_STATUSES.map((s) => [s, 0])) as Record<NotificationStatus, number>;
    for (const row of this.#countByStatus.all()) byStatus[row.status] = row.n;
    return { byStatus, oldestPendingCreatedAt: dateOrNull(this.#oldestPending.get()?.created_at ?? null) };
  }

  async prune(olderThan: Date, batchSize: number): Promise<number> {
    return this.#prune.run(olderThan.getTime(), batchSize).changes;
  }
}
