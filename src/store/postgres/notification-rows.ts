/**
 * Notification rows on PostgreSQL: the column mapping shared by the ingest statement
 * (`events.ts`) and the outbox (`notifications.ts`).
 */
import type { Notification, NotificationStatus } from '../../domain/notification.js';
import type { DeliveryError } from '../../domain/reason.js';

/** A `notifications` row as pg returns it (jsonb parsed, timestamptz as Date). */
export interface NotificationRow {
  id: string;
  status: NotificationStatus;
  event_ids: string[];
  application_id: string | null;
  recipients: string[];
  sender: string;
  subject: string;
  body: string;
  message_id: string;
  attempt_count: number;
  next_attempt_at: Date | null;
  last_error: DeliveryError | null;
  created_at: Date;
  age_from: Date;
  sent_at: Date | null;
  server: string | null;
  rejected_recipients: string[];
  lease_owner: string | null;
  lease_until: Date | null;
  due_at: Date | null;
}

/** Row → domain. */
export function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    status: row.status,
    eventIds: row.event_ids,
    applicationId: row.application_id,
    recipients: row.recipients,
    sender: row.sender,
    subject: row.subject,
    body: row.body,
    messageId: row.message_id,
    attemptCount: row.attempt_count,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    ageFrom: row.age_from,
    sentAt: row.sent_at,
    server: row.server,
    rejectedRecipients: row.rejected_recipients,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
  };
}

/** Statuses that wait for a worker; `due_at` is set only for these. */
export const PENDING_STATUSES_SQL = "('queued', 'deferred', 'sending')";

/**
 * Inserts the new notifications given as a jsonb array `$1` of `NewNotification` objects
 * (dates as ISO strings) in one statement. `due_at` is derived: pending ones are due at
 * nextAttemptAt (or creation); finished ones never.
 */
export const INSERT_NOTIFICATIONS_SQL = `
  INSERT INTO notifications (
    id, status, event_ids, application_id, recipients, sender, subject, body, message_id,
    attempt_count, next_attempt_at, last_error, created_at, age_from, sent_at, server,
    rejected_recipients, due_at)
  SELECT id, status, event_ids, application_id, recipients, sender, subject, body, message_id,
         attempt_count, next_attempt_at, last_error, created_at, age_from, sent_at, server,
         rejected_recipients,
         CASE WHEN status IN ${PENDING_STATUSES_SQL} THEN coalesce(next_attempt_at, created_at) END
  FROM (
    SELECT n->>'id' AS id,
           n->>'status' AS status,
           n->'eventIds' AS event_ids,
           n->>'applicationId' AS application_id,
           n->'recipients' AS recipients,
           n->>'sender' AS sender,
           n->>'subject' AS subject,
           n->>'body' AS body,
           n->>'messageId' AS message_id,
           (n->>'attemptCount')::int AS attempt_count,
           (n->>'nextAttemptAt')::timestamptz AS next_attempt_at,
           nullif(n->'lastError', 'null'::jsonb) AS last_error,
           (n->>'createdAt')::timestamptz AS created_at,
           (n->>'ageFrom')::timestamptz AS age_from,
           (n->>'sentAt')::timestamptz AS sent_at,
           n->>'server' AS server,
           n->'rejectedRecipients' AS rejected_recipients
    FROM jsonb_array_elements($1::jsonb) AS batch(n)
  ) AS new_rows
  RETURNING status`;
