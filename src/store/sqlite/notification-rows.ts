/**
 * Notification rows on SQLite: the column mapping shared by the ingest transaction
 * (`events.ts`) and the outbox (`notifications.ts`).
 */
import type Database from 'better-sqlite3';
import type { Notification, NotificationStatus } from '../../domain/notification.js';
import type { DeliveryError } from '../../domain/reason.js';
import type { NewNotification } from '../ports.js';

/** A `notifications` row as better-sqlite3 returns it. */
export interface NotificationRow {
  id: string;
  status: NotificationStatus;
  event_ids: string;
  application_id: string | null;
  recipients: string;
  sender: string;
  subject: string;
  body: string;
  message_id: string;
  attempt_count: number;
  next_attempt_at: number | null;
  last_error: string | null;
  created_at: number;
  age_from: number;
  sent_at: number | null;
  server: string | null;
  rejected_recipients: string;
  lease_owner: string | null;
  lease_until: number | null;
  due_at: number | null;
}

/** Row → domain. */
export function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    status: row.status,
    eventIds: JSON.parse(row.event_ids) as string[],
    applicationId: row.application_id,
    recipients: JSON.parse(row.recipients) as string[],
    sender: row.sender,
    subject: row.subject,
    body: row.body,
    messageId: row.message_id,
    attemptCount: row.attempt_count,
    nextAttemptAt: dateOrNull(row.next_attempt_at),
    lastError: row.last_error === null ? null : (JSON.parse(row.last_error) as DeliveryError),
    createdAt: new Date(row.created_at),
    ageFrom: new Date(row.age_from),
    sentAt: dateOrNull(row.sent_at),
    server: row.server,
    rejectedRecipients: JSON.parse(row.rejected_recipients) as string[],
    leaseOwner: row.lease_owner,
    leaseUntil: dateOrNull(row.lease_until),
  };
}

/** Epoch ms or null → Date or null. */
export function dateOrNull(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}

/** Whether a new notification waits for a worker (as opposed to being finished at once). */
export function isPending(status: NotificationStatus): boolean {
  return status === 'queued' || status === 'deferred' || status === 'sending';
}

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
];

/** A prepared insert of one new notification (no lease). */
export type NotificationInsert = (n: NewNotification) => void;

/** Prepares the insert used by the ingest transaction. */
export function prepareNotificationInsert(db: Database.Database): NotificationInsert {
  const insert = db.prepare<InsertParams>(
    `INSERT INTO notifications (
       id, status, event_ids, application_id, recipients, sender, subject, body, message_id,
       attempt_count, next_attempt_at, last_error, created_at, age_from, sent_at, server,
       rejected_recipients, due_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (n) => {
    insert.run(
      n.id,
      n.status,
      JSON.stringify(n.eventIds),
      n.applicationId,
      JSON.stringify(n.recipients),
      n.sender,
      n.subject,
      n.body,
      n.messageId,
      n.attemptCount,
      n.nextAttemptAt?.getTime() ?? null,
      n.lastError === null ? null : JSON.stringify(n.lastError),
      n.createdAt.getTime(),
      n.ageFrom.getTime(),
      n.sentAt?.getTime() ?? null,
      n.server,
      JSON.stringify(n.rejectedRecipients),
      dueAtOf(n),
    );
  };
}
