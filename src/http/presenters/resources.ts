/**
 * What leaves the server: plain JSON with RFC 3339 times; never a secret, a hash or key
 * material. Every response body of a resource goes through one of these.
 */
import type { StoredCertificate } from '../../domain/certificate.js';
import type { HeraldEvent } from '../../domain/event.js';
import type { AttemptLogEntry, Notification } from '../../domain/notification.js';
import type { AdminToken, AgentToken, AuditRecord, EventGroup, StoredEvent, ThroughputMinute } from '../../store/ports.js';

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

/** An event as the API shows it (with its group and covering notification when stored). */
export function presentEvent(event: HeraldEvent & Partial<Pick<StoredEvent, 'groupId' | 'notificationId'>>) {
  return {
    id: event.id,
    occurredAt: iso(event.occurredAt),
    receivedAt: iso(event.receivedAt),
    severity: event.severity,
    type: event.type,
    typeName: event.typeName,
    description: event.description,
    device: event.device,
    application: event.application,
    task: event.task,
    data: event.data,
    sourceIp: event.sourceIp,
    notificationId: event.notificationId ?? null,
    groupId: event.groupId ?? null,
  };
}

/** A notification of the ledger (list entry). */
export function presentNotification(notification: Notification) {
  return {
    id: notification.id,
    status: notification.status,
    kind: notification.kind,
    eventIds: notification.eventIds,
    eventCount: notification.eventCount,
    groupId: notification.groupId,
    applicationId: notification.applicationId,
    recipients: notification.recipients,
    sender: notification.sender,
    subject: notification.subject,
    messageId: notification.messageId,
    attemptCount: notification.attemptCount,
    nextAttemptAt: iso(notification.nextAttemptAt),
    lastError: notification.lastError,
    createdAt: iso(notification.createdAt),
    sentAt: iso(notification.sentAt),
    server: notification.server,
    rejectedRecipients: notification.rejectedRecipients,
  };
}

/** One attempt-log entry. */
export function presentAttempt(entry: AttemptLogEntry) {
  return {
    at: iso(entry.at),
    server: entry.server,
    stage: entry.stage,
    ok: entry.ok,
    error: entry.error,
    tls: entry.tls,
    ...(entry.note !== undefined ? { note: entry.note } : {}),
    ...(entry.plaintextReason !== undefined ? { plaintextReason: entry.plaintextReason } : {}),
  };
}

/** A notification with its attempt log and body (detail view). */
export function presentNotificationDetail(notification: Notification & { attemptLog: AttemptLogEntry[] }) {
  return { ...presentNotification(notification), body: notification.body, attemptLog: notification.attemptLog.map(presentAttempt) };
}

/** Certificate metadata (never the key). */
export function presentCertificate(cert: StoredCertificate) {
  return {
    id: cert.id,
    kind: cert.kind,
    format: cert.format,
    certificates: cert.certificates,
    warnings: cert.warnings,
    createdAt: iso(cert.createdAt),
  };
}

/** An agent token without the token (shown only once, at creation). */
export function presentAgentToken(token: AgentToken) {
  return {
    id: token.id,
    name: token.name,
    createdAt: iso(token.createdAt),
    revokedAt: iso(token.revokedAt),
    lastUsedAt: iso(token.lastUsedAt),
  };
}

/** An admin token as the API lists it (never the token or its hash). */
export function presentAdminToken(token: AdminToken) {
  return { ...presentAgentToken(token), createdBy: { kind: token.createdBy.kind, name: token.createdBy.name } };
}

/** An audit log entry as the API shows it (API.md "Audit log"). */
export function presentAuditRecord(record: AuditRecord) {
  return {
    at: iso(record.at),
    actor: { kind: record.actor.kind, name: record.actor.name },
    clientIp: record.clientIp,
    action: record.action,
    target: record.target,
    changedFields: record.changedFields,
  };
}

/** A group of storm control (`GET /api/v1/groups`). */
export function presentGroup(group: EventGroup) {
  return {
    id: group.id,
    key: group.key,
    applicationId: group.applicationId,
    firstAt: iso(group.firstAt),
    lastAt: iso(group.lastAt),
    eventCount: group.eventCount,
    pendingCount: group.pendingCount,
    nextDigestAt: iso(group.nextDigestAt),
    notificationIds: group.notificationIds,
  };
}

/** One minute of the throughput chart. */
export function presentThroughputMinute(minute: ThroughputMinute) {
  return { minute: iso(minute.minute), eventsReceived: minute.eventsReceived, emailsSent: minute.emailsSent };
}
