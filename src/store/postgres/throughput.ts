/** Per-minute counts of events received and e-mails sent (the console's chart) on PostgreSQL. */
import type pg from 'pg';
import type { ThroughputMinute, ThroughputRepo } from '../ports.js';
import { fillMinutes, MINUTE_MS } from '../throughput.js';

const PER_MINUTE_SQL = (table: string, column: string): string => `
  SELECT (floor(extract(epoch FROM ${column}) / 60) * 60000)::float8 AS minute, count(*)::int AS n
  FROM ${table} WHERE ${column} >= $1 AND ${column} < $2 GROUP BY 1`;

const EVENTS_SQL = PER_MINUTE_SQL('events', 'received_at');
const SENT_SQL = PER_MINUTE_SQL('notifications', 'sent_at');

/** `ThroughputRepo` over `events.received_at` and `notifications.sent_at` (both indexed). */
export class PostgresThroughputRepo implements ThroughputRepo {
  constructor(private readonly pool: pg.Pool) {}

  async perMinute(since: Date, until: Date): Promise<ThroughputMinute[]> {
    const from = Math.floor(since.getTime() / MINUTE_MS) * MINUTE_MS;
    const [events, sent] = await Promise.all([
      this.pool.query<{ minute: number; n: number }>(EVENTS_SQL, [new Date(from), until]),
      this.pool.query<{ minute: number; n: number }>(SENT_SQL, [new Date(from), until]),
    ]);
    return fillMinutes(from, until.getTime(), events.rows, sent.rows);
  }
}
