/**
 * Schema of storm control (grouping, digests, rate limits) on SQLite: its migration and the
 * backfill of events stored before it, kept in their own file so the main migration list only
 * appends lines. Same tables, columns and
 * indexes as `../postgres/storm-schema.ts`.
 */
export const STORM_CONTROL_MIGRATION_SQL = `
  -- Which group an event joined, and which notification covers it (null while it waits for
  -- its group's next digest, or when it does not notify).
  ALTER TABLE events ADD COLUMN group_id TEXT;
  ALTER TABLE events ADD COLUMN notification_id TEXT;
  -- GET /api/v1/events?notificationId=
  CREATE INDEX events_by_notification ON events (notification_id, received_at, id) WHERE notification_id IS NOT NULL;
  -- A group's events not yet covered: what its next digest takes.
  CREATE INDEX events_pending_in_group ON events (group_id, received_at, id) WHERE group_id IS NOT NULL AND notification_id IS NULL;

  ALTER TABLE notifications ADD COLUMN kind TEXT NOT NULL DEFAULT 'single' CHECK (kind IN ('single', 'first', 'digest'));
  ALTER TABLE notifications ADD COLUMN event_count INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE notifications ADD COLUMN group_id TEXT;
  ALTER TABLE notifications ADD COLUMN throttled_count INTEGER NOT NULL DEFAULT 0;
  -- Claim order: 0 (single, a group's first) before 1 (digests), then by due time.
  ALTER TABLE notifications ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
  DROP INDEX notifications_due;
  CREATE INDEX notifications_due ON notifications (priority, due_at, id) WHERE due_at IS NOT NULL;
  CREATE INDEX notifications_by_group ON notifications (group_id, created_at, id) WHERE group_id IS NOT NULL;
  -- Per-minute "e-mails sent" of the console's chart.
  CREATE INDEX notifications_by_sent ON notifications (sent_at) WHERE sent_at IS NOT NULL;

  -- One row per group. open = 1 until a later event finds it idle and starts a new group;
  -- due_at is when the scheduler must turn its pending events into a notification.
  CREATE TABLE event_groups (
    id                TEXT PRIMARY KEY,
    group_key         TEXT NOT NULL,
    key_json          TEXT NOT NULL,
    application_id    TEXT,
    open              INTEGER NOT NULL,
    first_at          INTEGER NOT NULL,
    last_at           INTEGER NOT NULL,
    event_count       INTEGER NOT NULL,
    pending_count     INTEGER NOT NULL,
    first_done        INTEGER NOT NULL,
    last_notified_at  INTEGER,
    due_at            INTEGER,
    wait_ms           INTEGER NOT NULL,
    interval_ms       INTEGER NOT NULL,
    idle_ms           INTEGER NOT NULL,
    max_listed        INTEGER NOT NULL
  ) STRICT;
  CREATE UNIQUE INDEX event_groups_open_key ON event_groups (group_key) WHERE open = 1;
  CREATE INDEX event_groups_due ON event_groups (due_at, id) WHERE due_at IS NOT NULL;
  CREATE INDEX event_groups_by_last ON event_groups (last_at, id);

  -- Rate limit and throttling pause per transport (see delivery/transport-gate.ts).
  CREATE TABLE transport_gates (
    key          TEXT PRIMARY KEY,
    next_slot_at INTEGER NOT NULL,
    paused_until INTEGER NOT NULL,
    pause_ms     INTEGER NOT NULL
  ) STRICT;
`;

/**
 * Events stored before grouping existed have no notification_id; each was covered by the
 * `single` notification that lists it in event_ids (one event each then). Sets it from there,
 * so `GET /events` shows, and `?notificationId=` finds, what covered them. Events whose
 * notification retention already removed (or that never notified) stay null.
 */
export const BACKFILL_NOTIFICATION_ID_SQL = `
  UPDATE events SET notification_id = covered.notification_id
  FROM (
    SELECT n.id AS notification_id, listed.value AS event_id
    FROM notifications AS n, json_each(n.event_ids) AS listed
    WHERE n.kind = 'single'
  ) AS covered
  WHERE events.id = covered.event_id AND events.notification_id IS NULL AND events.group_id IS NULL;
`;
