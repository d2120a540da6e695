/**
 * The newest-first keyset page query of the list endpoints (`/events`, `/notifications`),
 * built the same way for both stores: equality filters on indexed columns, then the cursor
 * `(time, id) < (cursor)`, ordered `(time DESC, id DESC)`, one row more than the page so the
 * caller knows whether another page exists (see `toPage`).
 */
import { decodeCursor } from './cursor.js';
import type { EventFilter, NotificationFilter, PageRequest } from './ports.js';

/** How a store writes parameters: SQLite `?` and epoch ms, PostgreSQL `$n` and Date. */
export interface ParamDialect<Time> {
  /** The placeholder of the n-th parameter (1-based). */
  placeholder(n: number): string;
  /** A cursor time as the driver wants it. */
  time(ms: number): Time;
}

/** SQLite: `?` and INTEGER epoch ms. */
export const SQLITE_PARAMS: ParamDialect<number> = { placeholder: () => '?', time: (ms) => ms };

/** PostgreSQL: `$n` and timestamptz. */
export const POSTGRES_PARAMS: ParamDialect<Date> = { placeholder: (n) => `$${n}`, time: (ms) => new Date(ms) };

/** A list query: its SQL text (few shapes, so a store may cache statements by it) and parameters. */
export interface ListQuery<Time> {
  sql: string;
  params: (string | number | Time)[];
}

/** What to list: the table, its sort time column and the filter → column mapping. */
export interface ListSource<F> {
  /** The table, or a join (then `select` names the listed row's columns). */
  table: string;
  timeColumn: string;
  /** The order's and the cursor's tie-breaker; default `id`. */
  idColumn?: string;
  /** What each row selects; default `*`. */
  select?: string;
  filterColumns: { readonly [K in keyof F]-?: string };
}

/**
 * `GET /api/v1/events`: each filter column is backed by its own `(column, received_at, id)` index
 * (on SQLite the device filter reads its index in two parts instead: `sqlite/device-list.ts`).
 */
export const EVENT_LIST: ListSource<EventFilter> = {
  table: 'events',
  timeColumn: 'received_at',
  filterColumns: { severity: 'severity', applicationId: 'application_id', deviceName: 'device_name', notificationId: 'notification_id' },
};

/** `GET /api/v1/notifications`: the status filter is served by `(status, created_at, id)`. */
export const NOTIFICATION_LIST: ListSource<NotificationFilter> = {
  table: 'notifications',
  timeColumn: 'created_at',
  filterColumns: { status: 'status' },
};

/** Builds the page query of `source` for `filter` and `page` (throws `InputError` on a bad cursor). */
export function buildListQuery<F extends object, Time>(
  source: ListSource<F>,
  filter: F,
  page: PageRequest,
  dialect: ParamDialect<Time>,
): ListQuery<Time> {
  const where: string[] = [];
  const params: (string | number | Time)[] = [];
  const next = (value: string | number | Time): string => {
    params.push(value);
    return dialect.placeholder(params.length);
  };
  for (const key of Object.keys(source.filterColumns) as (keyof F & string)[]) {
    const value = filter[key];
    if (value === undefined) continue;
    where.push(`${source.filterColumns[key]} = ${next(String(value))}`);
  }
  const idColumn = source.idColumn ?? 'id';
  const cursor = decodeCursor(page.before);
  if (cursor !== null) {
    where.push(`(${source.timeColumn}, ${idColumn}) < (${next(dialect.time(cursor.timeMs))}, ${next(cursor.id)})`);
  }
  const sql =
    `SELECT ${source.select ?? '*'} FROM ${source.table} ${where.length > 0 ? `WHERE ${where.join(' AND ')} ` : ''}` +
    `ORDER BY ${source.timeColumn} DESC, ${idColumn} DESC LIMIT ${next(page.limit + 1)}`;
  return { sql, params };
}
