/** Events and the ingest transaction on PostgreSQL. */
import type pg from 'pg';
import { toPage } from '../cursor.js';
import { buildListQuery, EVENT_LIST, POSTGRES_PARAMS } from '../list-query.js';
import type { EventFilter, EventRepo, IngestItem, IngestResult, NewNotification, Page, PageRequest, StoredEvent } from '../ports.js';
import { POSTGRES_ROWS, type EventRow, type PostgresColumns } from '../rows.js';
import { PruneBoundary } from '../prune-boundary.js';
import type { QueueSignal } from '../signal.js';
import { inTransaction } from './connection.js';
import { joinGroups } from './groups.js';
import { toJsonParam } from '../storable-params.js';
import { NOTIFY_SQL, type OutboxListener } from './listener.js';
import { INSERT_NOTIFICATIONS_SQL } from './notification-rows.js';

type Row = EventRow<PostgresColumns>;


/**
 * Inserts the events given as a JSON array `$1` of `HeraldEvent` objects (as JSON.stringify
 * writes them) in one statement; the ids that were new come back. Sending the domain objects
 * as they are means no per-row reshaping in JavaScript: one JSON.stringify per batch, parsed
 * once by json_to_recordset. The batch holds no repeated id (the caller drops them), so the
 * row order does not matter for "first wins".
 */
const INSERT_EVENTS_SQL = `
  INSERT INTO events (
    id, received_at, occurred_at, severity, type, type_name, description, device_id,
    device_name, device_domain, device_ip, application_id, application_name,
    application_version, task, data, source_ip, notification_id)
  SELECT e.id, e."receivedAt", e."occurredAt", e.severity, e.type, e."typeName", e.description,
         e.device->>'id', e.device->>'name', e.device->>'domain', e.device->>'ip',
         e.application->>'id', e.application->>'name', e.application->>'version',
         e.task, nullif(e.data, 'null'::jsonb), e."sourceIp", e."notificationId"
  FROM json_to_recordset($1::json) AS e(
         id text, "receivedAt" timestamptz, "occurredAt" timestamptz, severity text, type text,
         "typeName" text, description text, device json, application json, task text,
         data jsonb, "sourceIp" text, "notificationId" text)
  ON CONFLICT (id) DO NOTHING
  RETURNING id`;

const GET_EVENT_SQL = 'SELECT * FROM events WHERE id = $1';

/** The newest row beyond the cap: it and everything older is over `maxCount`. */
const NEWEST_BEYOND_CAP_SQL = 'SELECT received_at, id FROM events ORDER BY received_at DESC, id DESC OFFSET $1 LIMIT 1';

const DELETE_UP_TO_SQL = `
  DELETE FROM events WHERE id IN (
    SELECT id FROM events WHERE (received_at, id) <= ($1, $2) ORDER BY received_at, id LIMIT $3)`;

const DELETE_OLDER_SQL = `
  DELETE FROM events WHERE id IN (
    SELECT id FROM events WHERE received_at < $1 ORDER BY received_at, id LIMIT $2)`;

/** Whether an ingest item joins a group (grouping on) rather than notifying on its own. */
function isGrouped(item: IngestItem): boolean {
  return item.group !== undefined && item.group !== null;
}

/** `EventRepo` over `events`; ingest also writes `notifications` in the same transaction. */
export class PostgresEventRepo implements EventRepo {
  readonly #capBoundary = new PruneBoundary<Date>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly signal: QueueSignal,
    private readonly listener: OutboxListener,
  ) {}

  async ingest(items: IngestItem[]): Promise<IngestResult> {
    if (items.length === 0) return { accepted: 0, duplicates: 0 };
    // First wins inside the batch: drop later repeats before the database sees them.
    const seen = new Set<string>();
    const unique = items.filter((item) => {
      if (seen.has(item.event.id)) return false;
      seen.add(item.event.id);
      return true;
    });
    const result = await inTransaction(this.pool, async (client) => {
      // A single (ungrouped) event names the notification that covers it as it is inserted.
      const inserted = await client.query<{ id: string }>(INSERT_EVENTS_SQL, [
        toJsonParam(unique.map((item) => (isGrouped(item) ? item.event : { ...item.event, notificationId: item.notification?.id ?? null }))),
      ]);
      const isNew = new Set(inserted.rows.map((row) => row.id));
      const notifications: NewNotification[] = [];
      const grouped: IngestItem[] = [];
      for (const item of unique) {
        if (!isNew.has(item.event.id)) continue;
        if (isGrouped(item)) grouped.push(item);
        else if (item.notification !== null) notifications.push(item.notification);
      }
      // Events join their groups in this transaction; a new group's first notification joins the insert.
      if (grouped.length > 0) notifications.push(...(await joinGroups(client, grouped)));
      if (notifications.length === 0) return { accepted: isNew.size, pending: false };
      const created = await client.query<{ status: string }>(INSERT_NOTIFICATIONS_SQL, [toJsonParam(notifications)]);
      const hasPending = created.rows.some((row) => row.status !== 'sent' && row.status !== 'failed');
      // NOTIFY is transactional: delivered to other instances only if this commits.
      if (hasPending) await client.query(NOTIFY_SQL, this.listener.notifyParams());
      return { accepted: isNew.size, pending: hasPending };
    });
    if (result.pending) this.signal.emit();
    return { accepted: result.accepted, duplicates: items.length - result.accepted };
  }

  async list(filter: EventFilter, page: PageRequest): Promise<Page<StoredEvent>> {
    const { sql, params } = buildListQuery(EVENT_LIST, filter, page, POSTGRES_PARAMS);
    const { rows } = await this.pool.query<Row>(sql, params);
    return toPage(rows.map(POSTGRES_ROWS.storedEvent), page.limit, (e) => ({ timeMs: e.receivedAt.getTime(), id: e.id }));
  }

  async get(id: string): Promise<StoredEvent | null> {
    const { rows } = await this.pool.query<Row>(GET_EVENT_SQL, [id]);
    return rows[0] === undefined ? null : POSTGRES_ROWS.storedEvent(rows[0]);
  }

  async prune(olderThan: Date, maxCount: number, batchSize: number): Promise<number> {
    // Both conditions select a prefix of the (received_at, id) order, so their union is the
    // longer prefix: one bounded range delete, oldest first, on events_by_received.
    const beyond = await this.#capBoundary.get(maxCount, async () => {
      const { rows } = await this.pool.query<{ received_at: Date; id: string }>(NEWEST_BEYOND_CAP_SQL, [Math.max(0, maxCount)]);
      return rows[0] === undefined ? null : { receivedAt: rows[0].received_at, id: rows[0].id };
    });
    const result =
      beyond !== null && beyond.receivedAt.getTime() >= olderThan.getTime()
        ? await this.pool.query(DELETE_UP_TO_SQL, [beyond.receivedAt, beyond.id, batchSize])
        : await this.pool.query(DELETE_OLDER_SQL, [olderThan, batchSize]);
    const deleted = result.rowCount ?? 0;
    this.#capBoundary.deleted(deleted, batchSize);
    return deleted;
  }
}
