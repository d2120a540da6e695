/**
 * Rate limit and throttling pause per transport on PostgreSQL, shared by every instance: each
 * decision is one statement on the key's row, so two instances never take the same slot.
 */
import type pg from 'pg';
import type { StoredGateDecision, TransportGateRepo } from '../ports.js';

/**
 * `$1` key, `$2` now, `$3` spacing in ms (null: no rate limit, only the pause applies). The
 * row is created on first use; the UPDATE takes the slot only when it is free and the key is
 * not paused, and the final SELECT reports when to come back otherwise (and the throttling
 * streak on record, which the UPDATE leaves as it is).
 */
const TAKE_SQL = `
  WITH ensure AS (
    INSERT INTO transport_gates (key, next_slot_at, paused_until, pause_ms)
    VALUES ($1, '-infinity', '-infinity', 0)
    ON CONFLICT (key) DO NOTHING
  ), taken AS (
    UPDATE transport_gates SET next_slot_at = CASE WHEN $3::bigint IS NULL THEN next_slot_at
                                                   ELSE $2::timestamptz + $3::bigint * interval '1 millisecond' END
    WHERE key = $1 AND paused_until <= $2::timestamptz AND ($3::bigint IS NULL OR next_slot_at <= $2::timestamptz)
    RETURNING key
  )
  SELECT (SELECT count(*) FROM taken)::int AS granted,
         (SELECT greatest(paused_until, CASE WHEN $3::bigint IS NULL THEN '-infinity' ELSE next_slot_at END)
          FROM transport_gates WHERE key = $1) AS retry_at,
         (SELECT pause_ms FROM transport_gates WHERE key = $1)::bigint > 0 AS throttle_streak`;

const PAUSE_SQL = `
  INSERT INTO transport_gates AS g (key, next_slot_at, paused_until, pause_ms)
  VALUES ($1, '-infinity', $2::timestamptz + $3::bigint * interval '1 millisecond', $3)
  ON CONFLICT (key) DO UPDATE SET
    pause_ms = CASE WHEN g.pause_ms = 0 THEN $3::bigint ELSE least(g.pause_ms * 2, $4::bigint) END,
    paused_until = $2::timestamptz + (CASE WHEN g.pause_ms = 0 THEN $3::bigint ELSE least(g.pause_ms * 2, $4::bigint) END) * interval '1 millisecond'
  RETURNING paused_until`;

/** `TransportGateRepo` over `transport_gates`. */
export class PostgresTransportGateRepo implements TransportGateRepo {
  constructor(private readonly pool: pg.Pool) {}

  async take(key: string, now: Date, spacingMs: number | null): Promise<StoredGateDecision> {
    const { rows } = await this.pool.query<{ granted: number; retry_at: Date | null; throttle_streak: boolean | null }>(TAKE_SQL, [key, now, spacingMs]);
    const row = rows[0];
    if (row !== undefined && row.granted > 0) return { granted: true, throttleStreak: row.throttle_streak === true };
    // First use of the key: the ensure-insert is not visible to the statement's own UPDATE; take it now.
    if (row === undefined || row.retry_at === null) return this.take(key, now, spacingMs);
    return { granted: false, retryAt: row.retry_at };
  }

  async pause(key: string, now: Date, baseMs: number, maxMs: number): Promise<Date> {
    const { rows } = await this.pool.query<{ paused_until: Date }>(PAUSE_SQL, [key, now, baseMs, maxMs]);
    return rows[0]?.paused_until ?? new Date(now.getTime() + baseMs);
  }

  async clearPause(key: string): Promise<void> {
    await this.pool.query('UPDATE transport_gates SET pause_ms = 0 WHERE key = $1 AND pause_ms <> 0', [key]);
  }
}
