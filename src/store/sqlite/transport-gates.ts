/**
 * Rate limit and throttling pause per transport on SQLite (one process, so the rows are
 * simply this process's limiter state, kept across restarts).
 */
import type Database from 'better-sqlite3';
import type { StoredGateDecision, TransportGateRepo } from '../ports.js';

interface GateRow {
  next_slot_at: number;
  paused_until: number;
  pause_ms: number;
}

/** `TransportGateRepo` over `transport_gates`. */
export class SqliteTransportGateRepo implements TransportGateRepo {
  readonly #get;
  readonly #upsert;
  readonly #take;
  readonly #pause;
  readonly #clear;

  constructor(db: Database.Database) {
    this.#get = db.prepare<[string], GateRow>('SELECT next_slot_at, paused_until, pause_ms FROM transport_gates WHERE key = ?');
    this.#upsert = db.prepare<[string, number, number, number]>(
      `INSERT INTO transport_gates (key, next_slot_at, paused_until, pause_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET next_slot_at = excluded.next_slot_at, paused_until = excluded.paused_until,
         pause_ms = excluded.pause_ms`,
    );
    this.#take = db.transaction((key: string, now: number, spacingMs: number | null): StoredGateDecision => {
      const row = this.#get.get(key);
      if (row !== undefined && row.paused_until > now) return { granted: false, retryAt: new Date(row.paused_until) };
      const granted = { granted: true, throttleStreak: (row?.pause_ms ?? 0) > 0 } as const;
      if (spacingMs === null) return granted;
      if (row !== undefined && row.next_slot_at > now) return { granted: false, retryAt: new Date(row.next_slot_at) };
      this.#upsert.run(key, now + spacingMs, row?.paused_until ?? 0, row?.pause_ms ?? 0);
      return granted;
    });
    this.#pause = db.transaction((key: string, now: number, baseMs: number, maxMs: number): number => {
      const row = this.#get.get(key);
      const pauseMs = row === undefined || row.pause_ms === 0 ? baseMs : Math.min(row.pause_ms * 2, maxMs);
      this.#upsert.run(key, row?.next_slot_at ?? 0, now + pauseMs, pauseMs);
      return now + pauseMs;
    });
    this.#clear = db.prepare<[string]>('UPDATE transport_gates SET pause_ms = 0 WHERE key = ? AND pause_ms <> 0');
  }

  async take(key: string, now: Date, spacingMs: number | null): Promise<StoredGateDecision> {
    return this.#take(key, now.getTime(), spacingMs);
  }

  async pause(key: string, now: Date, baseMs: number, maxMs: number): Promise<Date> {
    return new Date(this.#pause(key, now.getTime(), baseMs, maxMs));
  }

  async clearPause(key: string): Promise<void> {
    this.#clear.run(key);
  }
}
