/**
 * The `/events` page query with a device filter on SQLite. The device's entries live in the two
 * parts of the device index (`device-index.ts`), so the page is read from each part, newest
 * first with the other filters and the cursor applied, and the two are merged here. Two
 * queries and a merge of two short sorted lists, not one UNION: each part then walks its own
 * order and stops at the page's end, whereas SQLite would sort all of a device's rows first.
 */
import { decodeCursor } from '../cursor.js';
import { EVENT_LIST, type ListQuery } from '../list-query.js';
import type { EventFilter, PageRequest } from '../ports.js';
import { LIVE_PENDING_JOIN } from './device-index.js';

/** Each part of the device index joined to its events (`p` the entry, `e` the event). */
const DEVICE_INDEX_PARTS = [
  'events_by_device AS p CROSS JOIN events AS e ON e.id = p.event_id',
  `events_by_device_pending AS p CROSS JOIN events AS e ON ${LIVE_PENDING_JOIN}`,
] as const;

/** The page query of each part of the device index for `filter` (whose `deviceName` is set). */
export function deviceListQueries(filter: EventFilter & { deviceName: string }, page: PageRequest): ListQuery<number>[] {
  const cursor = decodeCursor(page.before);
  return DEVICE_INDEX_PARTS.map((from) => {
    const where = ['p.device_name = ?'];
    const params: (string | number)[] = [filter.deviceName];
    for (const key of Object.keys(EVENT_LIST.filterColumns) as (keyof EventFilter)[]) {
      const value = filter[key];
      if (key === 'deviceName' || value === undefined) continue;
      where.push(`e.${EVENT_LIST.filterColumns[key]} = ?`);
      params.push(value);
    }
    if (cursor !== null) {
      // The first term lets the index seek; the row value then orders ties by id.
      where.push('p.received_at <= ?', '(p.received_at, p.event_id) < (?, ?)');
      params.push(cursor.timeMs, cursor.timeMs, cursor.id);
    }
    params.push(page.limit + 1);
    const sql = `SELECT e.* FROM ${from} WHERE ${where.join(' AND ')} ORDER BY p.received_at DESC, p.event_id DESC LIMIT ?`;
    return { sql, params };
  });
}

/** A row's place in the newest-first order. */
interface NewestFirst {
  received_at: number;
  id: string;
}

/** Two newest-first lists as one, cut at `limit` rows. */
export function mergeNewestFirst<R extends NewestFirst>(a: readonly R[], b: readonly R[], limit: number): R[] {
  const merged: R[] = [];
  let i = 0;
  let j = 0;
  while (merged.length < limit) {
    const left = a[i];
    const right = b[j];
    if (left !== undefined && (right === undefined || isNewer(left, right))) {
      merged.push(left);
      i += 1;
    } else if (right !== undefined) {
      merged.push(right);
      j += 1;
    } else {
      break;
    }
  }
  return merged;
}

/** SQLite's order: time, then id by its UTF-8 bytes (BINARY collation), which `>` on strings is not. */
function isNewer(a: NewestFirst, b: NewestFirst): boolean {
  if (a.received_at !== b.received_at) return a.received_at > b.received_at;
  return Buffer.compare(Buffer.from(a.id), Buffer.from(b.id)) > 0;
}
