/**
 * The PostgreSQL schema as numbered migrations. Never edit a released migration; append a new
 * one. Times are `timestamptz` (written with millisecond precision), documents `jsonb`, ids
 * `text COLLATE "C"` (byte order: fast comparisons and the same cursor order as SQLite).
 * Kept in step with `../sqlite/migrations.ts` (same tables, columns and indexes).
 *
 * `duplicates` pairs this file with `../sqlite/migrations.ts`, and the pair stays: both describe the
 * same schema, so comments and many DDL lines read alike, but each must be written in its own
 * dialect (column types, STRICT, COLLATE, JSON types), and a released migration is never edited.
 */
import type { Migration } from '../migration.js';
import { BACKFILL_NOTIFICATION_ID_SQL, STORM_CONTROL_MIGRATION_SQL } from './storm-schema.js';

/** Every migration, in order. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      -- Singleton documents (email settings, rules) with a per-document version.
      CREATE TABLE documents (
        name    text PRIMARY KEY,
        value   jsonb NOT NULL,
        version integer NOT NULL
      );

      -- One row: bumped by every settings/rules/policy/certificate write.
      CREATE TABLE config_version (
        id      smallint PRIMARY KEY CHECK (id = 1),
        version bigint NOT NULL
      );
      INSERT INTO config_version (id, version) VALUES (1, 0);

      -- Unused on PostgreSQL (several instances are the point); kept for the same table set.
      CREATE TABLE process_holder (
        id         smallint PRIMARY KEY CHECK (id = 1),
        pid        integer NOT NULL,
        hostname   text NOT NULL,
        started_at timestamptz NOT NULL
      );

      CREATE TABLE admin_users (
        id            text PRIMARY KEY,
        username      text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        created_at    timestamptz NOT NULL
      );

      CREATE TABLE agent_tokens (
        id           text COLLATE "C" PRIMARY KEY,
        name         text NOT NULL,
        token_hash   text NOT NULL UNIQUE,
        created_at   timestamptz NOT NULL,
        revoked_at   timestamptz,
        last_used_at timestamptz
      );
      CREATE INDEX agent_tokens_by_created ON agent_tokens (created_at, id);

      CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        user_id    text NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX sessions_by_user ON sessions (user_id);

      CREATE TABLE certificates (
        id                 text COLLATE "C" PRIMARY KEY,
        kind               text NOT NULL CHECK (kind IN ('ca', 'client')),
        format             text CHECK (format IN ('x509', 'pkcs12')),
        certificate_pem    text NOT NULL,
        private_key_sealed text,
        metadata           jsonb NOT NULL, -- {"certificates": [...], "warnings": [...]}
        created_at         timestamptz NOT NULL
      );
      CREATE INDEX certificates_by_created ON certificates (created_at, id);

      CREATE TABLE policies (
        application_id text COLLATE "C" PRIMARY KEY,
        name           text NOT NULL,
        email          jsonb NOT NULL,
        rules          jsonb NOT NULL,
        created_at     timestamptz NOT NULL,
        updated_at     timestamptz NOT NULL
      );

      CREATE TABLE events (
        id                  text COLLATE "C" PRIMARY KEY,
        received_at         timestamptz NOT NULL,
        occurred_at         timestamptz NOT NULL,
        severity            text NOT NULL CHECK (severity IN ('critical', 'error', 'warning', 'info')),
        type                text NOT NULL,
        type_name           text,
        description         text,
        device_id           text,
        device_name         text,
        device_domain       text,
        device_ip           text,
        application_id      text,
        application_name    text,
        application_version text,
        task                text,
        data                jsonb,
        source_ip           text
      );
      -- Newest-first list and cursor, and prune (oldest first).
      CREATE INDEX events_by_received ON events (received_at, id);
      -- One per list filter; with several filters the planner picks one (or a bitmap AND).
      CREATE INDEX events_by_severity ON events (severity, received_at, id);
      CREATE INDEX events_by_application ON events (application_id, received_at, id);
      CREATE INDEX events_by_device ON events (device_name, received_at, id);

      CREATE TABLE notifications (
        id                  text COLLATE "C" PRIMARY KEY,
        status              text NOT NULL CHECK (status IN ('queued', 'sending', 'deferred', 'sent', 'failed')),
        event_ids           jsonb NOT NULL,
        application_id      text,
        recipients          jsonb NOT NULL,
        sender              text NOT NULL,
        subject             text NOT NULL,
        body                text NOT NULL,
        message_id          text NOT NULL,
        attempt_count       integer NOT NULL,
        next_attempt_at     timestamptz,
        last_error          jsonb,
        created_at          timestamptz NOT NULL,
        age_from            timestamptz NOT NULL,
        sent_at             timestamptz,
        server              text,
        rejected_recipients jsonb NOT NULL,
        lease_owner         text,
        lease_until         timestamptz,
        -- When a worker may take the row: next_attempt_at for queued/deferred, lease_until
        -- for sending, NULL when finished. One column, one index for claim and nextDueAt.
        due_at              timestamptz
      );
      CREATE INDEX notifications_due ON notifications (due_at, id) WHERE due_at IS NOT NULL;
      -- Newest-first ledger and cursor.
      CREATE INDEX notifications_by_created ON notifications (created_at, id);
      -- Status filter of the ledger, stats, releaseAllLeases, prune of finished ones.
      CREATE INDEX notifications_by_status ON notifications (status, created_at, id);

      -- The attempt log: one row per server tried, ordered by (attempt_no, ordinal).
      CREATE TABLE notification_attempts (
        notification_id text COLLATE "C" NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
        attempt_no      integer NOT NULL,
        ordinal         integer NOT NULL,
        at              timestamptz NOT NULL,
        server          text NOT NULL,
        stage           text NOT NULL,
        ok              boolean NOT NULL,
        error           jsonb,
        tls             jsonb,
        note            text,
        PRIMARY KEY (notification_id, attempt_no, ordinal)
      );
    `,
  },
  {
    version: 2,
    name: 'admin tokens and shared failed-login counters',
    sql: `
      CREATE TABLE admin_tokens (
        id              text COLLATE "C" PRIMARY KEY,
        name            text NOT NULL,
        token_hash      text NOT NULL UNIQUE,
        created_at      timestamptz NOT NULL,
        created_by_kind text NOT NULL CHECK (created_by_kind IN ('user', 'admin-token')),
        created_by_name text NOT NULL,
        revoked_at      timestamptz,
        last_used_at    timestamptz
      );
      CREATE INDEX admin_tokens_by_created ON admin_tokens (created_at, id);

      -- Failed log-ins per key (addr:<ip>, user:<name>), counted in a window from the first failure.
      CREATE TABLE login_failures (
        key          text COLLATE "C" PRIMARY KEY,
        failures     integer NOT NULL,
        window_start timestamptz NOT NULL
      );
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
        id             text COLLATE "C" PRIMARY KEY,
        at             timestamptz NOT NULL,
        actor_kind     text NOT NULL CHECK (actor_kind IN ('user', 'admin-token')),
        actor_name     text NOT NULL,
        client_ip      text,
        action         text NOT NULL,
        target         text NOT NULL,
        changed_fields jsonb NOT NULL -- array of dotted field names, never values
      );
      -- Newest-first list and cursor, and prune (oldest first).
      CREATE INDEX audit_log_by_at ON audit_log (at, id);
    `,
  },
  { version: 4, name: 'storm control: groups, digests, rate limits', sql: STORM_CONTROL_MIGRATION_SQL },
  // (5 is SQLite's alone: its filter indexes keyed by rowid)
  { version: 6, name: 'events stored before grouping: notificationId from their single notification', sql: BACKFILL_NOTIFICATION_ID_SQL },
  {
    version: 7,
    name: 'attempt log: why "if supported" went in clear',
    // The Reason code (STARTTLS_NOT_OFFERED or the failed handshake's) beside the English note,
    // so the console can say it in its own language. Null for attempts logged before.
    sql: 'ALTER TABLE notification_attempts ADD COLUMN plaintext_reason text;',
  },
];
