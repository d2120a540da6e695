/**
 * The `/events` page query with a device filter on SQLite. The device's entries live in the two
 * parts of the device index (`device-index.ts`), so the page is read from each part, newest
 * first with the other filters and the cursor applied, and the two are merged here. Two
 * queries and a merge of two short sorted lists, not one UNION: each part then walks its own
 * order and stops at the page's end, whereas SQLite would sort all of a device's rows first.
 */
import { buildListQuery, SQLITE_PARAMS, type ListQuery, type ListSource } from '../list-query.js';
import type { EventFilter, PageRequest } from '../ports.js';
import { LIVE_ENTRY_JOIN } from './device-index.js';

/**
 * One part of the device index as a list source: `p` the entry, `e` its event. The entry's
 * key orders the page, so the merged part is read by its primary key, without a sort.
 */
function deviceIndexPart(table: string): ListSource<EventFilter> {
  return {
    table,
    select: 'e.*',
    timeColumn: 'p.received_at',
    idColumn: 'p.event_id',
    filterColumns: { severity: 'e.severity', applicationId: 'e.application_id', deviceName: 'p.device_name', notificationId: 'e.notification_id' },
  };
}

const DEVICE_INDEX_PARTS = [
  deviceIndexPart(`events_by_device AS p CROSS JOIN events AS e ON ${LIVE_ENTRY_JOIN}`),
  deviceIndexPart(`events_by_device_pending AS p CROSS JOIN events AS e ON ${LIVE_ENTRY_JOIN}`),
];

/** The page query of each part of the device index for `filter` (its `deviceName` set). */
export function deviceListQueries(filter: EventFilter, page: PageRequest): ListQuery<number>[] {
  return DEVICE_INDEX_PARTS.map((part) => buildListQuery(part, filter, page, SQLITE_PARAMS));
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
