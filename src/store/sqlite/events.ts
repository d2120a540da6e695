/** Events and the ingest transaction on SQLite. */
import type Database from 'better-sqlite3';
import type { HeraldEvent } from '../../domain/event.js';
import type { Severity } from '../../domain/severity.js';
import { toPage } from '../cursor.js';
import { GroupCommit } from '../group-commit.js';
import { writeTogetherOrEachAlone } from './write-together.js';
import { ingestThrough } from '../ingest-through.js';
import { buildListQuery, EVENT_LIST, SQLITE_PARAMS } from '../list-query.js';
import type { EventFilter, EventRepo, IngestItem, IngestResult, Page, PageRequest, StoredEvent } from '../ports.js';
import { isPending, SQLITE_ROWS, type EventRow, type SqliteColumns } from '../rows.js';
import { PruneBoundary, type CapBoundary } from '../prune-boundary.js';
import type { QueueSignal } from '../signal.js';
import { StatementCache } from './statement-cache.js';
import { prepareGroupJoin } from './groups.js';
import { prepareNotificationInsert } from './notification-rows.js';
import { toJsonParam, toTextParams } from '../storable-params.js';
import { isMarkedStorable } from '../../domain/text.js';
import { DEVICE_INDEX_MERGE_ROWS, DeviceIndex } from './device-index.js';
import { deviceListQueries, mergeNewestFirst } from './device-list.js';

type Row = EventRow<SqliteColumns>;

/** A row's place in the newest-first order. */
interface BoundaryRow {
  received_at: number;
  id: string;
}

type EventFieldParams = [
  string, number, number, Severity, string, string | null, string | null, string | null, string | null,
  string | null, string | null, string | null, string | null, string | null, string | null, string | null,
  string | null,
];

/** The event's fields, then the notification that covers it (null when grouped or not notifying). */
type EventParams = [...EventFieldParams, string | null];

/**
 * ON CONFLICT DO NOTHING: `changes` tells whether the event is new (the first one wins, also
 * for a repeated id inside one batch, since rows are inserted in order).
 */
const INSERT_EVENT_SQL = `
  INSERT INTO events (
    id, received_at, occurred_at, severity, type, type_name, description, device_id,
    device_name, device_domain, device_ip, application_id, application_name,
    application_version, task, data, source_ip, notification_id)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO NOTHING`;

const GET_EVENT_SQL = 'SELECT * FROM events WHERE id = ?';

/** The row `?` rows past the newest (newest-first order). */
const NTH_NEWEST_SQL = 'SELECT received_at, id FROM events ORDER BY received_at DESC, id DESC LIMIT 1 OFFSET ?';

/** The row `?` rows past the row (received_at, id) (newest-first order). */
const NTH_OLDER_SQL = `
  SELECT received_at, id FROM events WHERE (received_at, id) < (?, ?)
  ORDER BY received_at DESC, id DESC LIMIT 1 OFFSET ?`;

/**
 * Index entries stepped over per synchronous statement while looking for the cap boundary:
 * a few ms each, with a turn of the event loop in between, instead of one walk over
 * `maxCount` entries (~70 ms at 250k rows) stalling ingest and delivery at once.
 */
export const BOUNDARY_STEP_ROWS = 10_000;

const DELETE_UP_TO_SQL = `
  DELETE FROM events WHERE id IN (
    SELECT id FROM events WHERE (received_at, id) <= (?, ?) ORDER BY received_at, id LIMIT ?)`;

const DELETE_OLDER_SQL = `
  DELETE FROM events WHERE id IN (
    SELECT id FROM events WHERE received_at < ? ORDER BY received_at, id LIMIT ?)`;

/** Events waiting for a group commit that make it worth writing at once. */
export const GROUP_COMMIT_FLUSH_ITEMS = 100;

/** The outcome of one ingest call inside a group commit. */
type BatchResult = IngestResult & { pending: boolean };

/** `EventRepo` over `events`; ingest also writes `notifications` in the same transaction. */
export class SqliteEventRepo implements EventRepo {
  readonly #groupCommit: GroupCommit<IngestItem[], BatchResult>;
  readonly #get;
  readonly #nthNewest;
  readonly #nthOlder;
  readonly #deleteUpTo;
  readonly #deleteOlder;
  readonly #capBoundary = new PruneBoundary<number>();
  readonly #listStatements: StatementCache<(string | number)[], Row>;
  readonly #deviceIndex: DeviceIndex;
  readonly #listByDevice: (filter: EventFilter, page: PageRequest) => Row[];

  /** `deviceIndexMergeRows`: when the device index merges (`device-index.ts`); tests lower it. */
  constructor(
    private readonly db: Database.Database,
    signal: QueueSignal,
    deviceIndexMergeRows = DEVICE_INDEX_MERGE_ROWS,
  ) {
    this.#deviceIndex = new DeviceIndex(db, deviceIndexMergeRows);
    this.#groupCommit = this.#ingestGroupCommit(signal);
    this.#listStatements = new StatementCache(db);
    this.#get = db.prepare<[string], Row>(GET_EVENT_SQL);
    this.#nthNewest = db.prepare<[number], BoundaryRow>(NTH_NEWEST_SQL);
    this.#nthOlder = db.prepare<[number, string, number], BoundaryRow>(NTH_OLDER_SQL);
    this.#deleteUpTo = db.prepare<[number, string, number]>(DELETE_UP_TO_SQL);
    this.#deleteOlder = db.prepare<[number, number]>(DELETE_OLDER_SQL);
    // Both parts of the device index read in one transaction: one snapshot of the two.
    this.#listByDevice = db.transaction((filter: EventFilter, page: PageRequest) => {
      const [merged = [], pending = []] = deviceListQueries(filter, page).map(({ sql, params }) => this.#listStatements.get(sql).all(...params));
      return mergeNewestFirst(merged, pending, page.limit + 1);
    });
  }

  /**
   * Group commit (see `../group-commit.ts`): batches of concurrent requests are written in ONE
   * transaction, in arrival order, so "the first wins" holds across them; a failing batch fails
   * alone (`write-together.ts`). One WAL commit then carries many requests' rows, which share
   * the dirty index pages; a 202 still means durable.
   */
  #ingestGroupCommit(signal: QueueSignal): GroupCommit<IngestItem[], BatchResult> {
    return new GroupCommit<IngestItem[], BatchResult>({
      commit: writeTogetherOrEachAlone(this.db, this.#ingestItems()),
      afterCommit: (results) => {
        if (results.some((result) => result.pending)) signal.emit();
        this.#deviceIndex.added(results.reduce((sum, result) => sum + result.accepted, 0));
      },
      weigh: (items) => items.length,
      flushAtWeight: GROUP_COMMIT_FLUSH_ITEMS,
    });
  }

  /**
   * One batch's writes (the caller holds the transaction): the new events, and the
   * notification of each new one; with grouping, each new notifying event joins its group
   * instead (see `groups.ts`).
   */
  #ingestItems(): (items: IngestItem[]) => BatchResult {
    const insertEvent = this.db.prepare<EventParams>(INSERT_EVENT_SQL);
    const insertNotification = prepareNotificationInsert(this.db);
    const joinGroup = prepareGroupJoin(this.db, insertNotification);
    return (items: IngestItem[]): BatchResult => {
      let accepted = 0;
      let pending = false;
      for (const { event, notification, group } of items) {
        const grouped = group !== undefined && group !== null;
        const coveredBy = grouped ? null : (notification?.id ?? null);
        // Events marked at the HTTP boundary hold storable text already (one check, not two).
        const params = isMarkedStorable(event) ? eventParams(event, JSON.stringify) : toTextParams(eventParams(event, toJsonParam));
        if (insertEvent.run(...params, coveredBy).changes === 0) continue;
        accepted += 1;
        if (grouped) {
          pending = joinGroup(event, group, notification) || pending;
        } else if (notification !== null) {
          insertNotification(notification);
          pending ||= isPending(notification.status);
        }
      }
      return { accepted, duplicates: items.length - accepted, pending };
    };
  }

  async ingest(items: IngestItem[]): Promise<IngestResult> {
    return ingestThrough(this.#groupCommit, items);
  }

  async list(filter: EventFilter, page: PageRequest): Promise<Page<StoredEvent>> {
    const rows = filter.deviceName !== undefined ? this.#listByDevice(filter, page) : this.#listPage(filter, page);
    return toPage(rows.map(SQLITE_ROWS.storedEvent), page.limit, (e) => ({ timeMs: e.receivedAt.getTime(), id: e.id }));
  }

  #listPage(filter: EventFilter, page: PageRequest): Row[] {
    const { sql, params } = buildListQuery(EVENT_LIST, filter, page, SQLITE_PARAMS);
    return this.#listStatements.get(sql).all(...params);
  }

  async get(id: string): Promise<StoredEvent | null> {
    const row = this.#get.get(id);
    return row === undefined ? null : SQLITE_ROWS.storedEvent(row);
  }

  async prune(olderThan: Date, maxCount: number, batchSize: number): Promise<number> {
    // Both conditions select a prefix of the (received_at, id) order, so their union is the
    // longer prefix: one bounded range delete, oldest first, on events_by_received.
    const beyond = await this.#capBoundary.get(maxCount, () => this.#newestBeyond(Math.max(0, maxCount)));
    const deleted =
      beyond !== null && beyond.receivedAt >= olderThan.getTime()
        ? this.#deleteUpTo.run(beyond.receivedAt, beyond.id, batchSize).changes
        : this.#deleteOlder.run(olderThan.getTime(), batchSize).changes;
    this.#capBoundary.deleted(deleted, batchSize);
    this.#deviceIndex.pruned(deleted);
    return deleted;
  }

  /**
   * The row `offset` rows past the newest, found BOUNDARY_STEP_ROWS index entries at a time.
   * Rows that arrive between the steps are newer than the walked part (they are received
   * now), so the row found is the same as one walk would have found.
   */
  async #newestBeyond(offset: number): Promise<CapBoundary<number> | null> {
    let row = this.#nthNewest.get(Math.min(offset, BOUNDARY_STEP_ROWS - 1));
    let remaining = offset - Math.min(offset, BOUNDARY_STEP_ROWS - 1);
    while (row !== undefined && remaining > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      const step = Math.min(remaining, BOUNDARY_STEP_ROWS);
      row = this.#nthOlder.get(row.received_at, row.id, step - 1);
      remaining -= step;
    }
    return row === undefined ? null : { receivedAt: row.received_at, id: row.id };
  }
}

/** The parameters of INSERT_EVENT_SQL but the last (the covering notification); `json` writes `data`. */
function eventParams(e: HeraldEvent, json: (value: unknown) => string): EventFieldParams {
  return [
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
    e.data === null ? null : json(e.data),
    e.sourceIp,
  ];
}
