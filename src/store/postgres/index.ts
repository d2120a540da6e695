/**
 * The PostgreSQL store (pg Pool; any number of Herald instances share one database).
 *
 * Schema (see migrations.ts; same tables, columns and indexes as SQLite): times are
 * `timestamptz`, documents `jsonb`, ids `text COLLATE "C"`.
 * - `documents(name, value, version)`: email settings and rules; `config_version`: one
 *   counter bumped by a CTE in the same statement as every settings/rules/policy/certificate
 *   write, so other instances notice changes by polling one row.
 * - `admin_users`, `agent_tokens` (revocation sets `revoked_at`), `sessions`, `certificates`,
 *   `policies` (upsert keeps `created_at`).
 * - `events`: one column per field, `data` jsonb. `(received_at, id)` for the newest-first
 *   cursor and prune; `(severity|application_id|device_name, received_at, id)` per filter.
 * - `notifications`: the outbox, with the derived `due_at` (next_attempt_at while
 *   queued/deferred, lease_until while sending, NULL when finished) under one partial index:
 *   claim is `UPDATE … FROM (SELECT … WHERE due_at <= now ORDER BY due_at LIMIT n FOR UPDATE
 *   SKIP LOCKED) RETURNING …`, so concurrent workers never get the same row and never wait
 *   for each other. `(created_at, id)` and `(status, created_at, id)` serve ledger, stats, prune.
 * - `notification_attempts`: the attempt log keyed `(notification_id, attempt_no, ordinal)`.
 *
 * Reasoning: ingest sends a whole batch as ONE JSON parameter (one JSON.stringify, no per-row
 * work in JavaScript): `INSERT … SELECT FROM json_to_recordset … ON CONFLICT (id) DO NOTHING
 * RETURNING id` tells which events are new, then one insert of exactly their notifications,
 * both in one transaction (one statement when no event joins a group); concurrent requests
 * share that transaction (group commit, events.ts). Wake-ups: the in-process signal plus `pg_notify('herald_outbox')`
 * for other instances (see listener.ts). Migrations run under an advisory lock (migrate.ts).
 * The `schema` option isolates an instance (tests) in its own schema via `search_path`.
 */
import type { Store } from '../ports.js';
import { QueueSignal } from '../signal.js';
import { PostgresAuditRepo } from './audit.js';
import { PostgresTokenRepo } from './tokens.js';
import { ADMIN_TOKENS, AGENT_TOKENS } from '../token-tables.js';
import { POSTGRES_ROWS } from '../rows.js';
import { PostgresCertificateRepo } from './certificates.js';
import { clientConfig, createPool, DEFAULT_POOL_SIZE } from './connection.js';
import { PostgresEventRepo } from './events.js';
import { OutboxListener } from './listener.js';
import { PostgresLoginFailureRepo } from './login-failures.js';
import { migrate } from './migrate.js';
import { PostgresGroupRepo } from './groups.js';
import { PostgresThroughputRepo } from './throughput.js';
import { PostgresTransportGateRepo } from './transport-gates.js';
import { PostgresNotificationRepo } from './notifications.js';
import { PostgresPolicyRepo } from './policies.js';
import { PostgresSealedRecordRepo } from './sealed-records.js';
import { PostgresSessionRepo } from './sessions.js';
import { PostgresSettingsRepo } from './settings.js';
import { PostgresUserRepo } from './users.js';

/** Options of the PostgreSQL store. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`. */
  url: string;
  /** Schema to use (created if missing; lower-case identifier); default: the server's search_path. */
  schema?: string | undefined;
  /** Pool size; default `DEFAULT_POOL_SIZE`. */
  poolSize?: number | undefined;
}

/** Opens the pool, applies pending migrations (advisory lock), starts LISTEN. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const pool = createPool(options.url, options.schema, options.poolSize ?? DEFAULT_POOL_SIZE);
  const signal = new QueueSignal();
  const listener = new OutboxListener(clientConfig(options.url, options.schema), options.schema ?? '', signal);
  try {
    await migrate(pool, options.schema);
    await listener.start();
  } catch (error) {
    await listener.close();
    await pool.end().catch(() => undefined);
    throw error;
  }
  let closed = false;
  return {
    // `duplicates` pairs this list with ../sqlite/index.ts: each names its own store's classes, one per port field, so there is nothing to share.
    kind: 'postgres',
    settings: new PostgresSettingsRepo(pool),
    users: new PostgresUserRepo(pool),
    agentTokens: new PostgresTokenRepo(pool, AGENT_TOKENS, POSTGRES_ROWS.agentToken),
    sessions: new PostgresSessionRepo(pool),
    certificates: new PostgresCertificateRepo(pool),
    policies: new PostgresPolicyRepo(pool),
    events: new PostgresEventRepo(pool, signal, listener),
    notifications: new PostgresNotificationRepo(pool, signal, listener),
    sealedRecords: new PostgresSealedRecordRepo(pool),
    adminTokens: new PostgresTokenRepo(pool, ADMIN_TOKENS, POSTGRES_ROWS.adminToken),
    loginFailures: new PostgresLoginFailureRepo(pool),
    audit: new PostgresAuditRepo(pool),
    groups: new PostgresGroupRepo(pool, signal, listener),
    transportGates: new PostgresTransportGateRepo(pool),
    throughput: new PostgresThroughputRepo(pool),
    onNotificationsQueued: (callback) => signal.on(callback),
    close: async () => {
      if (closed) return;
      closed = true;
      signal.clear();
      await listener.close();
      await pool.end();
    },
  };
}
