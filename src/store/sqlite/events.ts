/** Events and the ingest transaction on SQLite. */
import type Database from 'better-sqlite3';
import type { HeraldEvent } from '../../domain/event.js';
import type { Severity } from '../../domain/severity.js';
import { decodeCursor, toPage } from '../cursor.js';
import type { EventFilter, EventRepo, IngestItem, IngestResult, Page, PageRequest } from '../ports.js';
import type { QueueSignal } from '../signal.js';
import { isPending, prepareNotificationInsert } from './notification-rows.js';

interface EventRow {
  id: string;
  received_at: number;
  occurred_at: number;
  severity: Severity;
  type: string;
  type_name: string | null;
  description: string | null;
  device_id: string | null;
  device_name: string | null;
  device_domain: string | null;
  device_ip: string | null;
  application_id: string | null;
  application_name: string | null;
  application_version: string | null;
  task: string | null;
  data: string | null;
  source_ip: string | null;
}

type EventParams = [
  string, number, number, Severity, string, string | null, string | null, string | null, string | null,
  string | null, string | null, string | null, string | null, string | null, string | null, string | null,
  string | null,
];

function toEvent(row: EventRow): HeraldEvent {
  return {
    id: row.id,
    occurredAt: new Date(row.occurred_at),
    receivedAt: new Date(row.received_at),
    severity: row.severity,
    type: row.type,
    typeName: row.type_name,
    description: row.description,
    device: { id: row.device_id, name: row.device_name, domain: row.device_domain, ip: row.device_ip },
    application: { id: row.application_id, name: row.application_name, version: row.application_version },
    task: row.task,
    data: row.data === null ? null : (JSON.parse(row.data) as Record<string, unknown>),
    sourceIp: row.source_ip,
  };
}

/** Filter columns of `GET /api/v1/events`, each backed by its own `(column, received_at, id)` index. */
const FILTER_COLUMNS = {
  severity: 'severity',
  applicationId: 'application_id',
  deviceName: 'device_name',
} as const satisfies Record<keyof EventFilter, string>;

/** Events waiting for a group commit that make it worth writing at once. */
export const GROUP_COMMIT_FLUSH_ITEMS = 100;

/** An ingest call waiting for the next group commit. */
interface PendingBatch {
  items: IngestItem[];
  resolve: (result: IngestResult) => void;
  reject: (error: unknown) => void;
}

/** `EventRepo` over `events`; ingest also writes `notifications` in the same transaction. */
export class SqliteEventRepo implements EventRepo {
  readonly #ingest;
  readonly #ingestMany;
  readonly #pendingBatches: PendingBatch[] = [];
  #pendingItems = 0;
  readonly #get;
  readonly #newestBeyond;
  readonly #deleteUpTo;
  readonly #deleteOlder;
  /** List statements by SQL text: at most 16 shapes (filters present × cursor). */
  readonly #listStatements = new Map<string, Database.Statement<(string | number)[], EventRow>>();

  constructor(
    private readonly db: Database.Database,
    private readonly signal: QueueSignal,
  ) {
    // ON CONFLICT DO NOTHING: `changes` tells whether the event is new (the first one wins,
    // also for a repeated id inside one batch, since rows are inserted in order).
    const insertEvent = db.prepare<EventParams>(
      `INSERT INTO events (
         id, received_at, occurred_at, severity, type, type_name, description, device_id,
         device_name, device_domain, device_ip, application_id, application_name,
         application_version, task, data, source_ip)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    );
    const insertNotification = prepareNotificationInsert(db);
    this.#ingest = db.transaction((items: IngestItem[]) => {
      let accepted = 0;
      let pending = false;
      for (const { event: e, notification } of items) {
        const inserted =
          insertEvent.run(
            e.id,
            e.receivedAt.getTime(),
            e.occurredAt.getTime(),
            e.severity,
            e.type,
            e.typeName,
            e.description,
            e.device.id,
            e.device.name,
            e.device.domain,
            e.device.ip,
            e.application.id,
            e.application.name,
            e.application.version,
            e.task,
            e.data === null ? null : JSON.stringify(e.data),
            e.sourceIp,
          ).changes > 0;
        if (!inserted) continue;
        accepted += 1;
        if (notification !== null) {
          insertNotification(notification);
          pending ||= isPending(notification.status);
        }
      }
      return { accepted, duplicates: items.length - accepted, pending };
    });
    // The nested #ingest runs as a SAVEPOINT inside this transaction.
    this.#ingestMany = db.transaction((batches: readonly PendingBatch[]) => batches.map((batch) => this.#attempt(batch.items)));
    this.#get = db.prepare<[string], EventRow>('SELECT * FROM events WHERE id = ?');
    // The newest row beyond the cap: it and everything older is over `maxCount`.
    this.#newestBeyond = db.prepare<[number], { received_at: number; id: string }>(
      'SELECT received_at, id FROM events ORDER BY received_at DESC, id DESC LIMIT 1 OFFSET ?',
    );
    this.#deleteUpTo = db.prepare<[number, string, number]>(
      `DELETE FROM events WHERE id IN (
         SELECT id FROM events WHERE (received_at, id) <= (?, ?) ORDER BY received_at, id LIMIT ?)`,
    );
    this.#deleteOlder = db.prepare<[number, number]>(
      `DELETE FROM events WHERE id IN (
         SELECT id FROM events WHERE received_at < ? ORDER BY received_at, id LIMIT ?)`,
    );
  }

  /**
   * Group commit: batches that arrive in the same turn of the event loop (concurrent requests)
   * are written in ONE transaction, each in its own savepoint (a failing batch rolls back only
   * itself), in arrival order, so "the first wins" holds across them. Each caller resolves only
   * after the commit that holds its batch: a 202 still means durable. One WAL commit then
   * carries many requests' rows, which share the dirty index pages.
   */
  async ingest(items: IngestItem[]): Promise<IngestResult> {
    if (items.length === 0) return { accepted: 0, duplicates: 0 };
    return new Promise<IngestResult>((resolve, reject) => {
      this.#pendingBatches.push({ items, resolve, reject });
      this.#pendingItems += items.length;
      // Big batches gain nothing from waiting (they fill a commit on their own) and holding
      // several parsed 500-event bodies at once only raises peak memory: write them now.
      if (this.#pendingItems >= GROUP_COMMIT_FLUSH_ITEMS) this.#flushBatches();
      else if (this.#pendingBatches.length === 1) setImmediate(() => this.#flushBatches());
    });
  }

  #flushBatches(): void {
    if (this.#pendingBatches.length === 0) return; // flushed early by a big batch
    this.#pendingItems = 0;
    const batches = this.#pendingBatches.splice(0);
    let results: Array<{ ok: true; value: IngestResult & { pending: boolean } } | { ok: false; error: unknown }>;
    try {
      results = batches.length === 1 ? [this.#attempt(batches[0]?.items ?? [])] : this.#ingestMany(batches);
    } catch (error) {
      for (const batch of batches) batch.reject(error);
      return;
    }
    let pending = false;
    batches.forEach((batch, i) => {
      const result = results[i];
      if (result === undefined || !result.ok) {
        batch.reject(result?.error ?? new Error('ingest lost'));
        return;
      }
      pending ||= result.value.pending;
      batch.resolve({ accepted: result.value.accepted, duplicates: result.value.duplicates });
    });
    if (pending) this.signal.emit();
  }

  #attempt(items: IngestItem[]): { ok: true; value: IngestResult & { pending: boolean } } | { ok: false; error: unknown } {
    try {
      return { ok: true, value: this.#ingest(items) };
    } catch (error) {
      return { ok: false, error };
    }
  }

  async list(filter: EventFilter, page: PageRequest): Promise<Page<HeraldEvent>> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    for (const key of Object.keys(FILTER_COLUMNS) as (keyof EventFilter)[]) {
      const value = filter[key];
      if (value === undefined) continue;
      where.push(`${FILTER_COLUMNS[key]} = ?`);
      params.push(value);
    }
    const cursor = decodeCursor(page.before);
    if (cursor !== null) {
      where.push('(received_at, id) < (?, ?)');
      params.push(cursor.timeMs, cursor.id);
    }
    const sql =
      `SELECT * FROM events ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ` +
      'ORDER BY received_at DESC, id DESC LIMIT ?';
    let statement = this.#listStatements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare<(string | number)[], EventRow>(sql);
      this.#listStatements.set(sql, statement);
    }
    const rows = statement.all(...params, page.limit + 1);
    return toPage(rows.map(toEvent), page.limit, (e) => ({ timeMs: e.receivedAt.getTime(), id: e.id }));
  }

  async get(id: string): Promise<HeraldEvent | null> {
    const row = this.#get.get(id);
    return row === undefined ? null : toEvent(row);
  }

  async prune(olderThan: Date, maxCount: number, batchSize: number): Promise<number> {
    // Both conditions select a prefix of the (received_at, id) order, so their union is the
    // longer prefix: one bounded range delete, oldest first, on events_by_received.
    const beyond = this.#newestBeyond.get(Math.max(0, maxCount));
    if (beyond !== undefined && beyond.received_at >= olderThan.getTime()) {
      return this.#deleteUpTo.run(beyond.received_at, beyond.id, batchSize).changes;
    }
    return this.#deleteOlder.run(olderThan.getTime(), batchSize).changes;
  }
}
