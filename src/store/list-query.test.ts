import { describe, expect, it } from 'vitest';
import { encodeCursor } from './cursor.js';
import { buildListQuery, EVENT_LIST, NOTIFICATION_LIST, POSTGRES_PARAMS, SQLITE_PARAMS } from './list-query.js';

describe('buildListQuery', () => {
  it('writes filters in a fixed order, then the cursor, with SQLite placeholders', () => {
    const before = encodeCursor({ timeMs: 1_000, id: 'e-9' });
    const query = buildListQuery(EVENT_LIST, { deviceName: 'WKS-1', severity: 'info' }, { limit: 10, before }, SQLITE_PARAMS);
    expect(query.sql).toBe(
      'SELECT * FROM events WHERE severity = ? AND device_name = ? AND (received_at, id) < (?, ?) ' +
        'ORDER BY received_at DESC, id DESC LIMIT ?',
    );
    expect(query.params).toEqual(['info', 'WKS-1', 1_000, 'e-9', 11]);
  });

  it('numbers PostgreSQL parameters and passes the cursor time as a Date', () => {
    const before = encodeCursor({ timeMs: 5, id: 'n1' });
    const query = buildListQuery(NOTIFICATION_LIST, { status: 'sent' }, { limit: 2, before }, POSTGRES_PARAMS);
    expect(query.sql).toBe(
      'SELECT * FROM notifications WHERE status = $1 AND (created_at, id) < ($2, $3) ORDER BY created_at DESC, id DESC LIMIT $4',
    );
    expect(query.params).toEqual(['sent', new Date(5), 'n1', 3]);
  });

  it('has no WHERE without filters or cursor', () => {
    expect(buildListQuery(NOTIFICATION_LIST, {}, { limit: 1 }, SQLITE_PARAMS).sql).toBe(
      'SELECT * FROM notifications ORDER BY created_at DESC, id DESC LIMIT ?',
    );
  });
});
