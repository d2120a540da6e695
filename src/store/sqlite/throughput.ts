/** Per-minute counts of events received and e-mails sent (the console's chart) on SQLite. */
import type Database from 'better-sqlite3';
import type { ThroughputMinute, ThroughputRepo } from '../ports.js';
import { fillMinutes, MINUTE_MS } from '../throughput.js';

/** `ThroughputRepo` over `events.received_at` and `notifications.sent_at` (both indexed). */
export class SqliteThroughputRepo implements ThroughputRepo {
  readonly #events;
  readonly #sent;

  constructor(db: Database.Database) {
    this.#events = db.prepare<[number, number], { minute: number; n: number }>(
      `SELECT (received_at / ${MINUTE_MS}) * ${MINUTE_MS} AS minute, count(*) AS n FROM events
       WHERE received_at >= ? AND received_at < ? GROUP BY minute`,
    );
    this.#sent = db.prepare<[number, number], { minute: number; n: number }>(
      `SELECT (sent_at / ${MINUTE_MS}) * ${MINUTE_MS} AS minute, count(*) AS n FROM notifications
       WHERE sent_at >= ? AND sent_at < ? GROUP BY minute`,
    );
  }

  async perMinute(since: Date, until: Date): Promise<ThroughputMinute[]> {
    const from = Math.floor(since.getTime() / MINUTE_MS) * MINUTE_MS;
    const to = until.getTime();
    return fillMinutes(from, to, this.#events.all(from, to), this.#sent.all(from, to));
  }
}
