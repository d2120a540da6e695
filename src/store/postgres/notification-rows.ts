/**
 * Notification SQL shared by the ingest statement (`events.ts`) and the outbox
 * (`notifications.ts`); reading rows is the shared mapping in `../rows.ts`.
 */
import { PENDING_STATUSES } from '../rows.js';

/** Statuses that wait for a worker; `due_at` is set only for these. */
export const PENDING_STATUSES_SQL = `(${PENDING_STATUSES.map((status) => `'${status}'`).join(', ')})`;

/**
 * `INSERT … RETURNING status` of the new notifications given as a jsonb array parameter
 * (`param`, e.g. `$1`) of `NewNotification` objects (dates as ISO strings), in one statement;
 * `where` (optional, on the new rows' columns) keeps only some of them. `due_at` is derived:
 * pending ones are due at nextAttemptAt (or creation); finished ones never.
 */
export function insertNotificationsSql(param: string, where = ''): string {
  return `
  INSERT INTO notifications (
    id, status, event_ids, application_id, recipients, sender, subject, body, message_id,
    attempt_count, next_attempt_at, last_error, created_at, age_from, sent_at, server,
    rejected_recipients, due_at, kind, event_count, group_id, throttled_count, priority)
  SELECT id, status, event_ids, application_id, recipients, sender, subject, body, message_id,
         attempt_count, next_attempt_at, last_error, created_at, age_from, sent_at, server,
         rejected_recipients,
         CASE WHEN status IN ${PENDING_STATUSES_SQL} THEN coalesce(next_attempt_at, created_at) END,
         kind, event_count, group_id, throttled_count,
         CASE WHEN kind = 'digest' THEN 1 ELSE 0 END
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
           n->'rejectedRecipients' AS rejected_recipients,
           n->>'kind' AS kind,
           (n->>'eventCount')::int AS event_count,
           n->>'groupId' AS group_id,
           (n->>'throttledCount')::int AS throttled_count
    FROM jsonb_array_elements(${param}::jsonb) AS batch(n)
  ) AS new_rows
  ${where}
  RETURNING status`;
}

/** Inserts every notification of the jsonb array `$1` (see `insertNotificationsSql`). */
export const INSERT_NOTIFICATIONS_SQL = insertNotificationsSql('$1');
