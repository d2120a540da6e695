/**
 * The SQLite schema as numbered migrations. Never edit a released migration; append a new one.
 * Times are INTEGER epoch milliseconds; JSON documents are TEXT. Kept in step with
 * `../postgres/migrations.ts` (same tables, columns and indexes; the differences: SQLite's
 * event filter indexes end at received_at, since every SQLite index entry ends with the rowid,
 * and its device filter index is two tables written in sorted runs, see `device-index.ts`).
 *
 * `duplicates` pairs this file with `../postgres/migrations.ts`, and the pair stays: both describe the
 * same schema, so comments and many DDL lines read alike, but each must be written in its own
 * dialect (column types, STRICT, COLLATE, JSON types), and a released migration is never edited.
 */
import type { Migration } from '../migration.js';
import { DEVICE_INDEX_MIGRATION_SQL, DEVICE_INDEX_SWEEP_MIGRATION_SQL } from './device-index.js';
import { BACKFILL_NOTIFICATION_ID_SQL, STORM_CONTROL_MIGRATION_SQL } from './storm-schema.js';

/** Every migration, in order. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      -- Singleton documents (email settings, rules) with a per-document version.
      CREATE TABLE documents (
        name    TEXT PRIMARY KEY,
        value   TEXT NOT NULL,
        version INTEGER NOT NULL
      ) STRICT;

      -- One row: bumped by every settings/rules/policy/certificate write.
      CREATE TABLE config_version (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL
      ) STRICT;
      INSERT INTO config_version (id, version) VALUES (1, 0);

      -- Who holds the database (written by the holder of the process lock, read for the
      -- "in use by pid …" message).
      CREATE TABLE process_holder (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        pid        INTEGER NOT NULL,
        hostname   TEXT NOT NULL,
        started_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE admin_users (
        id            TEXT PRIMARY KEY,
        username      TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        created_at    INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE agent_tokens (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        token_hash   TEXT NOT NULL UNIQUE,
        created_at   INTEGER NOT NULL,
        revoked_at   INTEGER,
        last_used_at INTEGER
      ) STRICT;
      CREATE INDEX agent_tokens_by_created ON agent_tokens (created_at, id);

      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id    TEXT NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
        csrf_token TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX sessions_by_user ON sessions (user_id);

      CREATE TABLE certificates (
        id                 TEXT PRIMARY KEY,
        kind               TEXT NOT NULL CHECK (kind IN ('ca', 'client')),
        format             TEXT CHECK (format IN ('x509', 'pkcs12')),
        certificate_pem    TEXT NOT NULL,
        private_key_sealed TEXT,
        metadata           TEXT NOT NULL, -- {"certificates": [...], "warnings": [...]}
        created_at         INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX certificates_by_created ON certificates (created_at, id);

      CREATE TABLE policies (
        application_id TEXT PRIMARY KEY,
        name           TEXT NOT NULL,
        email          TEXT NOT NULL,
        rules          TEXT NOT NULL,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE events (
        id                  TEXT PRIMARY KEY,
        received_at         INTEGER NOT NULL,
        occurred_at         INTEGER NOT NULL,
        severity            TEXT NOT NULL CHECK (severity IN ('critical', 'error', 'warning', 'info')),
        type                TEXT NOT NULL,
        type_name           TEXT,
        description         TEXT,
        device_id           TEXT,
        device_name         TEXT,
        device_domain       TEXT,
        device_ip           TEXT,
        application_id      TEXT,
        application_name    TEXT,
        application_version TEXT,
        task                TEXT,
        data                TEXT,
        source_ip           TEXT
      ) STRICT;
      -- Newest-first list and cursor, and prune (oldest first).
      CREATE INDEX events_by_received ON events (received_at, id);
      -- One per list filter; with several filters the planner picks one and checks the rest.
      CREATE INDEX events_by_severity ON events (severity, received_at, id);
      CREATE INDEX events_by_application ON events (application_id, received_at, id);
      CREATE INDEX events_by_device ON events (device_name, received_at, id);

      CREATE TABLE notifications (
        id                  TEXT PRIMARY KEY,
        status              TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'deferred', 'sent', 'failed')),
        event_ids           TEXT NOT NULL, -- JSON array
        application_id      TEXT,
        recipients          TEXT NOT NULL, -- JSON array
        sender              TEXT NOT NULL,
        subject             TEXT NOT NULL,
        body                TEXT NOT NULL,
        message_id          TEXT NOT NULL,
        attempt_count       INTEGER NOT NULL,
        next_attempt_at     INTEGER,
        last_error          TEXT, -- JSON {code, message, smtpCode?}
        created_at          INTEGER NOT NULL,
        age_from            INTEGER NOT NULL,
        sent_at             INTEGER,
        server              TEXT,
        rejected_recipients TEXT NOT NULL, -- JSON array
        lease_owner         TEXT,
        lease_until         INTEGER,
        -- When a worker may take the row: next_attempt_at for queued/deferred, lease_until
        -- for sending, NULL when finished. One column, one index for claim and nextDueAt.
        due_at              INTEGER
      ) STRICT;
      CREATE INDEX notifications_due ON notifications (due_at, id) WHERE due_at IS NOT NULL;
      -- Newest-first ledger and cursor.
      CREATE INDEX notifications_by_created ON notifications (created_at, id);
      -- Status filter of the ledger, stats, releaseAllLeases, prune of finished ones.
      CREATE INDEX notifications_by_status ON notifications (status, created_at, id);

      -- The attempt log: one row per server tried, ordered by (attempt_no, ordinal).
      CREATE TABLE notification_attempts (
        notification_id TEXT NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
        attempt_no      INTEGER NOT NULL,
        ordinal         INTEGER NOT NULL,
        at              INTEGER NOT NULL,
        server          TEXT NOT NULL,
        stage           TEXT NOT NULL,
        ok              INTEGER NOT NULL,
        error           TEXT, -- JSON
        tls             TEXT, -- JSON
        note            TEXT,
        PRIMARY KEY (notification_id, attempt_no, ordinal)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'admin tokens and shared failed-login counters',
    sql: `
      CREATE TABLE admin_tokens (
        id              TEXT PRIMARY KEY,
        name            TEXT NOT NULL,
        token_hash      TEXT NOT NULL UNIQUE,
        created_at      INTEGER NOT NULL,
        created_by_kind TEXT NOT NULL CHECK (created_by_kind IN ('user', 'admin-token')),
        created_by_name TEXT NOT NULL,
        revoked_at      INTEGER,
        last_used_at    INTEGER
      ) STRICT;
      CREATE INDEX admin_tokens_by_created ON admin_tokens (created_at, id);

      -- Failed log-ins per key (addr:<ip>, user:<name>), counted in a window from the first failure.
      CREATE TABLE login_failures (
        key          TEXT PRIMARY KEY,
        failures     INTEGER NOT NULL,
        window_start INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX login_failures_by_window ON login_failures (window_start);

      -- Pruning expired sessions.
      CREATE INDEX sessions_by_expiry ON sessions (expires_at);
    `,
  },
  {
    version: 3,
    name: 'audit log',
    sql: `
      CREATE TABLE audit_log (
        id             TEXT PRIMARY KEY,
        at             INTEGER NOT NULL,
        actor_kind     TEXT NOT NULL CHECK (actor_kind IN ('user', 'admin-token')),
        actor_name     TEXT NOT NULL,
        client_ip      TEXT,
        action         TEXT NOT NULL,
        target         TEXT NOT NULL,
        changed_fields TEXT NOT NULL -- JSON array of dotted field names, never values
      ) STRICT;
      -- Newest-first list and cursor, and prune (oldest first).
      CREATE INDEX audit_log_by_at ON audit_log (at, id);
    `,
  },
  { version: 4, name: 'storm control: groups, digests, rate limits', sql: STORM_CONTROL_MIGRATION_SQL },
  {
    version: 5,
    name: 'event filter indexes keyed by rowid',
    // Every index entry already ends with the integer rowid; the 36-character id in the three
    // filter indexes only repeated it (~16 % of the store's CPU per ingested event, measured).
    // A filter query now reads its rows in received_at order and sorts only the rows that share
    // one received_at by id ("temp b-tree for last term of ORDER BY"): same pages, same order.
    // PostgreSQL keeps (column, received_at, id): its index entries carry no such integer key.
    sql: `
      DROP INDEX events_by_severity;
      DROP INDEX events_by_application;
      DROP INDEX events_by_device;
      CREATE INDEX events_by_severity ON events (severity, received_at);
      CREATE INDEX events_by_application ON events (application_id, received_at);
      CREATE INDEX events_by_device ON events (device_name, received_at);
    `,
  },
  { version: 6, name: 'events stored before grouping: notificationId from their single notification', sql: BACKFILL_NOTIFICATION_ID_SQL },
  {
    version: 7,
    name: 'attempt log: why "if supported" went in clear',
    // The Reason code (STARTTLS_NOT_OFFERED or the failed handshake's) beside the English note,
    // so the console can say it in its own language. Null for attempts logged before.
    sql: 'ALTER TABLE notification_attempts ADD COLUMN plaintext_reason TEXT;',
  },
  { version: 8, name: 'device filter index written in sorted runs', sql: DEVICE_INDEX_MIGRATION_SQL },
  { version: 9, name: 'device filter index swept by its merge, not by a delete trigger', sql: DEVICE_INDEX_SWEEP_MIGRATION_SQL },
];
