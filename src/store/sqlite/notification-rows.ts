/**
 * Writing new notification rows on SQLite (the ingest transaction in `events.ts`); reading
 * them is the shared mapping in `../rows.ts`.
 */
import type Database from 'better-sqlite3';
import type { NewNotification } from '../ports.js';
import { isPending, priorityOf } from '../rows.js';
import { toJsonParam, toTextParams } from '../storable-params.js';

/**
 * `due_at` of a new row: when a worker may take it. Queued/deferred without a time are due
 * at creation; a row inserted as `sending` without a lease is due at once as well.
 */
export function dueAtOf(n: NewNotification): number | null {
  if (!isPending(n.status)) return null;
  return (n.nextAttemptAt ?? n.createdAt).getTime();
}

type InsertParams = [
  string, string, string, string | null, string, string, string, string, string, number,
  number | null, string | null, number, number, number | null, string | null, string, number | null,
  string, number, string | null, number, number,
];

const INSERT_NOTIFICATION_SQL = `
  INSERT INTO notifications (
    id, status, event_ids, application_id, recipients, sender, subject, body, message_id,
    attempt_count, next_attempt_at, last_error, created_at, age_from, sent_at, server,
    rejected_recipients, due_at, kind, event_count, group_id, throttled_count, priority)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** A prepared insert of one new notification (no lease). */
export type NotificationInsert = (n: NewNotification) => void;

/** Prepares the insert used by the ingest transaction. */
export function prepareNotificationInsert(db: Database.Database): NotificationInsert {
  const insert = db.prepare<InsertParams>(INSERT_NOTIFICATION_SQL);
  return (n) => {
    insert.run(...toTextParams(insertParams(n)));
  };
}

/** The parameters of INSERT_NOTIFICATION_SQL (JSON columns as `toJsonParam` text). */
function insertParams(n: NewNotification): InsertParams {
  return [
    n.id,
    n.status,
    toJsonParam(n.eventIds),
    n.applicationId,
    toJsonParam(n.recipients),
    n.sender,
    n.subject,
    n.body,
    n.messageId,
    n.attemptCount,
    n.nextAttemptAt?.getTime() ?? null,
    n.lastError === null ? null : toJsonParam(n.lastError),
    n.createdAt.getTime(),
    n.ageFrom.getTime(),
    n.sentAt?.getTime() ?? null,
    n.server,
    toJsonParam(n.rejectedRecipients),
    dueAtOf(n),
    n.kind,
    n.eventCount,
    n.groupId,
    n.throttledCount,
    priorityOf(n.kind),
  ];
}
