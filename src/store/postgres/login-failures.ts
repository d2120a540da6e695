/** Failed-login counters on PostgreSQL, shared by every instance. */
import type pg from 'pg';
import type { LoginFailureRepo } from '../ports.js';
import { toTextParam } from '../storable-params.js';

/** `LoginFailureRepo` over `login_failures`: one atomic upsert statement for all keys. */
export class PostgresLoginFailureRepo implements LoginFailureRepo {
  constructor(private readonly pool: pg.Pool) {}

  async count(keys: readonly string[], windowStartAfter: Date): Promise<Map<string, number>> {
    const safeKeys = keys.map((key) => toTextParam(key));
    const { rows } = await this.pool.query<{ key: string; failures: number }>(
      'SELECT key, failures FROM login_failures WHERE key = ANY($1::text[]) AND window_start > $2',
      [safeKeys, windowStartAfter],
    );
    const byKey = new Map(rows.map((row) => [row.key, row.failures]));
    return new Map(keys.map((key, index) => [key, byKey.get(safeKeys[index]!) ?? 0]));
  }

  async recordAttempt(keys: readonly string[], now: Date, windowStartAfter: Date): Promise<Map<string, number>> {
    // The row lock taken by ON CONFLICT DO UPDATE serialises concurrent instances per key.
    // Keys are sorted so two statements never lock the same rows in opposite orders.
    const safeKeys = keys.map((key) => toTextParam(key));
    const sorted = [...new Set(safeKeys)].sort();
    const { rows } = await this.pool.query<{ key: string; failures: number }>(
      `INSERT INTO login_failures (key, failures, window_start)
       SELECT key, 1, $2 FROM unnest($1::text[]) AS key
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN login_failures.window_start <= $3 THEN 1 ELSE login_failures.failures + 1 END,
         window_start = CASE WHEN login_failures.window_start <= $3 THEN $2 ELSE login_failures.window_start END
       RETURNING key, failures`,
      [sorted, now, windowStartAfter],
    );
    const byKey = new Map(rows.map((row) => [row.key, row.failures]));
    return new Map(keys.map((key, index) => [key, byKey.get(safeKeys[index]!) ?? 0]));
  }

  async clear(key: string): Promise<void> {
    await this.pool.query('DELETE FROM login_failures WHERE key = $1', [toTextParam(key)]);
  }

  async prune(before: Date): Promise<number> {
    const result = await this.pool.query('DELETE FROM login_failures WHERE window_start < $1', [before]);
    return result.rowCount ?? 0;
  }
}
