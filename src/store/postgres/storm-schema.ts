/**
 * Schema of storm control (grouping, digests, rate limits) on PostgreSQL: its migration and
 * the backfill of events stored before it, kept in their own file so the main migration list
 * only appends lines. Same tables, columns and
 * indexes as `../sqlite/storm-schema.ts`.
 */
export const STORM_CONTROL_MIGRATION_SQL = `
  ALTER TABLE events ADD COLUMN group_id text COLLATE "C";
  ALTER TABLE events ADD COLUMN notification_id text COLLATE "C";
  CREATE INDEX events_by_notification ON events (notification_id, received_at, id) WHERE notification_id IS NOT NULL;
  CREATE INDEX events_pending_in_group ON events (group_id, received_at, id) WHERE group_id IS NOT NULL AND notification_id IS NULL;

  ALTER TABLE notifications ADD COLUMN kind text NOT NULL DEFAULT 'single' CHECK (kind IN ('single', 'first', 'digest'));
  ALTER TABLE notifications ADD COLUMN event_count integer NOT NULL DEFAULT 1;
  ALTER TABLE notifications ADD COLUMN group_id text COLLATE "C";
  ALTER TABLE notifications ADD COLUMN throttled_count integer NOT NULL DEFAULT 0;
  ALTER TABLE notifications ADD COLUMN priority smallint NOT NULL DEFAULT 0;
  DROP INDEX notifications_due;
  CREATE INDEX notifications_due ON notifications (priority, due_at, id) WHERE due_at IS NOT NULL;
  CREATE INDEX notifications_by_group ON notifications (group_id, created_at, id) WHERE group_id IS NOT NULL;
  CREATE INDEX notifications_by_sent ON notifications (sent_at) WHERE sent_at IS NOT NULL;

  CREATE TABLE event_groups (
    id                text COLLATE "C" PRIMARY KEY,
    group_key         text NOT NULL,
    key_json          jsonb NOT NULL,
    application_id    text,
    open              boolean NOT NULL,
    first_at          timestamptz NOT NULL,
    last_at           timestamptz NOT NULL,
    event_count       integer NOT NULL,
    pending_count     integer NOT NULL,
    first_done        boolean NOT NULL,
    last_notified_at  timestamptz,
    due_at            timestamptz,
    wait_ms           bigint NOT NULL,
    interval_ms       bigint NOT NULL,
    idle_ms           bigint NOT NULL,
    max_listed        integer NOT NULL
  );
  CREATE UNIQUE INDEX event_groups_open_key ON event_groups (group_key) WHERE open;
  CREATE INDEX event_groups_due ON event_groups (due_at, id) WHERE due_at IS NOT NULL;
  CREATE INDEX event_groups_by_last ON event_groups (last_at, id);

  CREATE TABLE transport_gates (
    key          text PRIMARY KEY,
    next_slot_at timestamptz NOT NULL,
    paused_until timestamptz NOT NULL,
    pause_ms     bigint NOT NULL
  );
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
    SELECT n.id AS notification_id, listed.event_id
    FROM notifications AS n, jsonb_array_elements_text(n.event_ids) AS listed(event_id)
    WHERE n.kind = 'single'
  ) AS covered
  WHERE events.id = covered.event_id AND events.notification_id IS NULL AND events.group_id IS NULL;
`;
