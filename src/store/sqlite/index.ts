/**
 * The embedded SQLite store (better-sqlite3, one process).
 *
 * Schema (see migrations.ts; times are INTEGER epoch ms, documents JSON TEXT, tables STRICT):
 * - `documents(name, value, version)`: the email settings and rules; `config_version`: one
 *   counter bumped in the same transaction as every settings/rules/policy/certificate write.
 * - `admin_users`, `agent_tokens` (revocation sets `revoked_at`, the row stays), `sessions`
 *   (expired ones are simply not found), `certificates` (PEM, sealed key, metadata JSON),
 *   `policies` (email/rules overrides as JSON; upsert keeps `created_at`).
 * - `events`: one column per field (filters need columns; only `data` is JSON). Indexes:
 *   `(received_at, id)` for the newest-first cursor and for prune, and
 *   `(severity|application_id|device_name, received_at)`, one per list filter (each entry ends
 *   with the integer rowid; ties of received_at are sorted by id when read).
 * - `notifications`: the outbox. `due_at` is derived: next_attempt_at for queued/deferred,
 *   lease_until for sending, NULL when finished, so claim ("due or lease expired, oldest
 *   first") and nextDueAt are one range scan of one partial index. `(created_at, id)` and
 *   `(status, created_at, id)` serve the ledger, stats and prune.
 * - `notification_attempts`: the attempt log, keyed `(notification_id, attempt_no, ordinal)`,
 *   deleted with its notification.
 *
 * Reasoning: WAL + `synchronous=NORMAL` keeps a commit durable against a process crash at
 * the cost of one fsync per checkpoint, not per commit (`full` adds power-loss safety).
 * better-sqlite3 is synchronous, so every repo method is one short transaction of prepared
 * statements; an ingest batch is one transaction (a 500-event batch takes a few ms).
 * One process per file, enforced by `process-guard.ts`.
 */
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import type { Store } from '../ports.js';
import { QueueSignal } from '../signal.js';
import { SqliteAuditRepo } from './audit.js';
import { SqliteTokenRepo } from './tokens.js';
import { ADMIN_TOKENS, AGENT_TOKENS } from '../token-tables.js';
import { SQLITE_ROWS } from '../rows.js';
import { SqliteCertificateRepo } from './certificates.js';
import { openConnection, type SqliteSync } from './connection.js';
import { SqliteEventRepo } from './events.js';
import { SqliteLoginFailureRepo } from './login-failures.js';
import { SqliteGroupRepo } from './groups.js';
import { migrate } from './migrate.js';
import { SqliteNotificationRepo } from './notifications.js';
import { SqlitePolicyRepo } from './policies.js';
import { SqliteSealedRecordRepo } from './sealed-records.js';
import { acquireProcessLock, recordHolder } from './process-guard.js';
import { SqliteSessionRepo } from './sessions.js';
import { SqliteSettingsRepo } from './settings.js';
import { SqliteThroughputRepo } from './throughput.js';
import { SqliteTransportGateRepo } from './transport-gates.js';
import { SqliteUserRepo } from './users.js';

export { StoreInUseError } from '../errors.js';
export type { SqliteSync } from './connection.js';

/** Options of the SQLite store. */
export interface SqliteStoreOptions {
  /** The database file; its directory is created when missing. */
  path: string;
  sync: SqliteSync;
}

/**
 * Opens the store: takes the process lock (or throws `StoreInUseError`), opens the file with
 * WAL, applies pending migrations and records this process as the holder.
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  mkdirSync(dirname(options.path), { recursive: true });
  const lock = acquireProcessLock(options.path);
  try {
    const db = openConnection(options.path, options.sync);
    try {
      migrate(db);
      recordHolder(db, hostname());
    } catch (error) {
      db.close();
      throw error;
    }
    const signal = new QueueSignal();
    let closed = false;
    return {
      // `duplicates` pairs this list with ../postgres/index.ts: each names its own store's classes, one per port field, so there is nothing to share.
    kind: 'sqlite',
      settings: new SqliteSettingsRepo(db),
      users: new SqliteUserRepo(db),
      agentTokens: new SqliteTokenRepo(db, AGENT_TOKENS, SQLITE_ROWS.agentToken),
      sessions: new SqliteSessionRepo(db),
      certificates: new SqliteCertificateRepo(db),
      policies: new SqlitePolicyRepo(db),
      events: new SqliteEventRepo(db, signal),
      notifications: new SqliteNotificationRepo(db, signal),
      sealedRecords: new SqliteSealedRecordRepo(db),
      adminTokens: new SqliteTokenRepo(db, ADMIN_TOKENS, SQLITE_ROWS.adminToken),
      loginFailures: new SqliteLoginFailureRepo(db),
      audit: new SqliteAuditRepo(db),
      groups: new SqliteGroupRepo(db, signal),
      transportGates: new SqliteTransportGateRepo(db),
      throughput: new SqliteThroughputRepo(db),
      onNotificationsQueued: (listener) => signal.on(listener),
      close: async () => {
        if (closed) return;
        closed = true;
        signal.clear();
        try {
          db.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
