/** Events and the ingest transaction on PostgreSQL. */
import type pg from 'pg';
import { toPage } from '../cursor.js';
import { GroupCommit, type Settled } from '../group-commit.js';
import { ingestThrough } from '../ingest-through.js';
import { buildListQuery, EVENT_LIST, POSTGRES_PARAMS } from '../list-query.js';
import type { EventFilter, EventRepo, IngestItem, IngestResult, NewNotification, Page, PageRequest, StoredEvent } from '../ports.js';
import { POSTGRES_ROWS, type EventRow, type PostgresColumns } from '../rows.js';
import { PruneBoundary } from '../prune-boundary.js';
import type { QueueSignal } from '../signal.js';
import { inTransaction } from './connection.js';
import { joinGroups } from './groups.js';
import { toJsonParam } from '../storable-params.js';
import { NOTIFY_SQL, type OutboxListener } from './listener.js';
import { INSERT_NOTIFICATIONS_SQL, insertNotificationsSql, PENDING_STATUSES_SQL } from './notification-rows.js';

type Row = EventRow<PostgresColumns>;

/**
 * Inserts the events given as a JSON array `$1` of `HeraldEvent` objects (as JSON.stringify
 * writes them) in one statement. Sending the domain objects as they are means no per-row
 * reshaping in JavaScript: one JSON.stringify per batch, parsed once by json_to_recordset. The
 * batch holds no repeated id (the caller drops them), so the row order does not matter for
 * "first wins".
 */
const EVENTS_INSERT = `
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
  ON CONFLICT (id) DO NOTHING`;

/** The events of `$1` (see EVENTS_INSERT); the ids that were new come back. */
const INSERT_EVENTS_SQL = `${EVENTS_INSERT} RETURNING id`;

/**
 * The whole ingest of ungrouped events as ONE statement (so one round trip and an implicit
 * transaction): the events of `$1`, the notifications of `$2` that cover a new event, and
 * `pg_notify($3, $4)` when one of those is pending (transactional, like NOTIFY). One row per
 * new event id, each with whether pending notifications were created.
 */
const INGEST_UNGROUPED_SQL = `
  WITH new_events AS (${INSERT_EVENTS_SQL}, notification_id),
  created AS (${insertNotificationsSql('$2', 'WHERE id IN (SELECT notification_id FROM new_events)')}),
  woken AS (SELECT pg_notify($3, $4) FROM (SELECT 1 FROM created WHERE status IN ${PENDING_STATUSES_SQL} LIMIT 1) AS any_pending)
  SELECT id, (SELECT count(*) FROM woken) > 0 AS pending FROM new_events`;

const GET_EVENT_SQL = 'SELECT * FROM events WHERE id = $1';

/** The newest row beyond the cap: it and everything older is over `maxCount`. */
const NEWEST_BEYOND_CAP_SQL = 'SELECT received_at, id FROM events ORDER BY received_at DESC, id DESC OFFSET $1 LIMIT 1';

const DELETE_UP_TO_SQL = `
  DELETE FROM events WHERE id IN (
    SELECT id FROM events WHERE (received_at, id) <= ($1, $2) ORDER BY received_at, id LIMIT $3)`;

const DELETE_OLDER_SQL = `
  DELETE FROM events WHERE id IN (
    SELECT id FROM events WHERE received_at < $1 ORDER BY received_at, id LIMIT $2)`;

/**
 * Ingest transactions running at once (each on its own pooled connection). Requests arriving
 * while they run form the next group, so under load a commit carries many requests.
 */
export const INGEST_COMMITS_IN_FLIGHT = 2;

/**
 * Most events one ingest transaction takes: requests beyond it wait for the next one, so a
 * burst of big batches behind a slow commit does not become one huge statement (its JSON
 * parameter held in memory at once, and one long replay should it fail).
 */
export const INGEST_MAX_GROUP_EVENTS = 5000;

/** The outcome of one request's batch inside a group commit. */
type BatchResult = IngestResult & { pending: boolean };

/** Whether an ingest item joins a group (grouping on) rather than notifying on its own. */
function isGrouped(item: IngestItem): boolean {
  return item.group !== undefined && item.group !== null;
}

/** `EventRepo` over `events`; ingest also writes `notifications` in the same transaction. */
export class PostgresEventRepo implements EventRepo {
  readonly #capBoundary = new PruneBoundary<Date>();
  readonly #groupCommit = this.#ingestGroupCommit();

  constructor(
    private readonly pool: pg.Pool,
    private readonly signal: QueueSignal,
    private readonly listener: OutboxListener,
  ) {}

  /**
   * Group commit (see `../group-commit.ts`): the batches of concurrent requests are written by
   * one transaction — one COMMIT (one WAL flush) and the same few round trips for all of them —
   * with at most `INGEST_COMMITS_IN_FLIGHT` such transactions at once. Events still join their
   * groups inside the transaction that stores them, and every caller resolves only after the
   * COMMIT that holds its events. Should the combined transaction fail, each batch is retried
   * in its own, so a bad batch fails alone.
   */
  #ingestGroupCommit(): GroupCommit<IngestItem[], IngestResult & { pending: boolean }> {
    return new GroupCommit({
      commit: async (batches) => {
        try {
          return (await this.#ingestTogether(batches)).map((value) => ({ ok: true as const, value }));
        } catch (error) {
          if (batches.length === 1) return [{ ok: false as const, error }];
          const one: Settled<BatchResult>[] = [];
          for (const batch of batches) {
            try {
              const [value] = await this.#ingestTogether([batch]);
              one.push(value === undefined ? { ok: false, error: new Error('no ingest result') } : { ok: true, value });
            } catch (batchError) {
              one.push({ ok: false, error: batchError });
            }
          }
          return one;
        }
      },
      afterCommit: (results) => {
        if (results.some((result) => result.pending)) this.signal.emit();
      },
      weigh: (items) => items.length,
      maxGroupWeight: INGEST_MAX_GROUP_EVENTS,
      maxInFlight: INGEST_COMMITS_IN_FLIGHT,
    });
  }

  /**
   * Writes `batches` in ONE transaction. The first occurrence of an id wins, across the
   * batches in arrival order as inside one; each batch gets its own accepted/duplicate counts.
   */
  async #ingestTogether(batches: readonly IngestItem[][]): Promise<BatchResult[]> {
    const seen = new Set<string>();
    const unique: IngestItem[] = [];
    const owner: number[] = [];
    batches.forEach((items, b) => {
      for (const item of items) {
        if (seen.has(item.event.id)) continue;
        seen.add(item.event.id);
        unique.push(item);
        owner.push(b);
      }
    });
    const { isNew, pending } = unique.some(isGrouped)
      ? await inTransaction(this.pool, (client) => this.#insert(client, unique))
      : await this.#insertUngrouped(unique);
    const accepted = batches.map(() => 0);
    unique.forEach((item, i) => {
      const b = owner[i];
      if (b !== undefined && isNew.has(item.event.id)) accepted[b] = (accepted[b] ?? 0) + 1;
    });
    return batches.map((items, b) => {
      const n = accepted[b] ?? 0;
      return { accepted: n, duplicates: items.length - n, pending: pending && n > 0 };
    });
  }

  /** Events without repeated ids, none joining a group, with their notifications: one statement. */
  async #insertUngrouped(unique: readonly IngestItem[]): Promise<{ isNew: Set<string>; pending: boolean }> {
    const notifications = unique.flatMap((item) => (item.notification === null ? [] : [item.notification]));
    // Named: each pooled connection parses and plans it once, not per group.
    const { rows } = await this.pool.query<{ id: string; pending: boolean }>({
      name: 'herald-ingest-ungrouped',
      text: INGEST_UNGROUPED_SQL,
      values: [
        toJsonParam(unique.map((item) => ({ ...item.event, notificationId: item.notification?.id ?? null }))),
        toJsonParam(notifications),
        ...this.listener.notifyParams(),
      ],
    });
    return { isNew: new Set(rows.map((row) => row.id)), pending: rows.some((row) => row.pending) };
  }

  /** The events without repeated ids, their notifications and group joins, inside `client`'s transaction. */
  async #insert(client: pg.PoolClient, unique: readonly IngestItem[]): Promise<{ isNew: Set<string>; pending: boolean }> {
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
    if (notifications.length === 0) return { isNew, pending: false };
    const created = await client.query<{ status: string }>(INSERT_NOTIFICATIONS_SQL, [toJsonParam(notifications)]);
    const pending = created.rows.some((row) => row.status !== 'sent' && row.status !== 'failed');
    // NOTIFY is transactional: delivered to other instances only if this commits.
    if (pending) await client.query(NOTIFY_SQL, this.listener.notifyParams());
    return { isNew, pending };
  }

  async ingest(items: IngestItem[]): Promise<IngestResult> {
    return ingestThrough(this.#groupCommit, items);
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
