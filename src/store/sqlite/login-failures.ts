/** Failed-login counters on SQLite (one process per file, but the same contract as PostgreSQL). */
import type Database from 'better-sqlite3';
import type { LoginFailureRepo } from '../ports.js';
import { toTextParam } from '../storable-params.js';

/** `LoginFailureRepo` over `login_failures`: one upsert per key, in one transaction. */
export class SqliteLoginFailureRepo implements LoginFailureRepo {
  readonly #count;
  readonly #record;
  readonly #clear;
  readonly #prune;
  readonly #recordAll;

  constructor(db: Database.Database) {
    this.#count = db.prepare<[string, number], { failures: number }>(
      'SELECT failures FROM login_failures WHERE key = ? AND window_start > ?',
    );
    // A window that began at or before the cut-off restarts at 1; otherwise count on.
    this.#record = db.prepare<[{ key: string; now: number; cutoff: number }], { failures: number }>(
      `INSERT INTO login_failures (key, failures, window_start) VALUES (@key, 1, @now)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN window_start <= @cutoff THEN 1 ELSE failures + 1 END,
         window_start = CASE WHEN window_start <= @cutoff THEN @now ELSE window_start END
       RETURNING failures`,
    );
    this.#clear = db.prepare<[string]>('DELETE FROM login_failures WHERE key = ?');
    this.#prune = db.prepare<[number]>('DELETE FROM login_failures WHERE window_start < ?');
    this.#recordAll = db.transaction((keys: readonly string[], now: number, cutoff: number) => {
      const counts = new Map<string, number>();
      for (const key of keys) counts.set(key, this.#record.get({ key: toTextParam(key), now, cutoff })?.failures ?? 0);
      return counts;
    });
  }

  async count(keys: readonly string[], windowStartAfter: Date): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const key of keys) counts.set(key, this.#count.get(toTextParam(key), windowStartAfter.getTime())?.failures ?? 0);
    return counts;
  }

  async recordAttempt(keys: readonly string[], now: Date, windowStartAfter: Date): Promise<Map<string, number>> {
    return this.#recordAll(keys, now.getTime(), windowStartAfter.getTime());
  }

  async clear(key: string): Promise<void> {
    this.#clear.run(toTextParam(key));
  }

  async prune(before: Date): Promise<number> {
    return this.#prune.run(before.getTime()).changes;
  }
}
