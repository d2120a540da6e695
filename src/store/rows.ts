/**
 * Row types and row → domain mappings shared by both stores. The tables have the same columns
 * on SQLite and PostgreSQL; only the drivers hand back some column kinds differently
 * (better-sqlite3: epoch ms, JSON text, 0/1; pg: Date, parsed jsonb, boolean). A row type is
 * therefore generic over those kinds (`ColumnKinds`), and one mapping per table reads them
 * through the store's `RowCodec`. A new column is added here once, for both stores.
 */
import type { CertificateInfo, CertificateWarning, StoredCertificate } from '../domain/certificate.js';
import type { HeraldEvent } from '../domain/event.js';
import type { AttemptLogEntry, Notification, NotificationKind, NotificationStatus, Stage, TlsFacts } from '../domain/notification.js';
import type { Policy, PolicyEmailOverrides, PolicyRulesOverrides } from '../domain/policy.js';
import type { DeliveryError, Reason } from '../domain/reason.js';
import type { Severity } from '../domain/severity.js';
import type { GroupKey } from '../domain/grouping.js';
import type { AdminToken, AdminUser, AgentToken, AuditRecord, EventGroup, Session, StoredEvent } from './ports.js';

/** How a driver returns a time, a JSON document, a boolean and a BIGINT column. */
export interface ColumnKinds {
  time: unknown;
  json: unknown;
  bool: unknown;
  bigint: unknown;
}

/** better-sqlite3: INTEGER epoch ms, TEXT JSON, INTEGER 0/1. */
export interface SqliteColumns extends ColumnKinds {
  time: number;
  json: string;
  bool: number;
  bigint: number;
}

/** pg: timestamptz as Date, jsonb already parsed, boolean, bigint as decimal text. */
export interface PostgresColumns extends ColumnKinds {
  time: Date;
  json: unknown;
  bool: boolean;
  bigint: string;
}

/** Reads a driver's column kinds into domain values. */
export interface RowCodec<C extends ColumnKinds> {
  time(value: C['time']): Date;
  json<T>(value: C['json']): T;
  bool(value: C['bool']): boolean;
  bigint(value: C['bigint']): number;
}

/** SQLite's codec. */
export const SQLITE_CODEC: RowCodec<SqliteColumns> = {
  time: (ms) => new Date(ms),
  json: <T>(text: string): T => JSON.parse(text) as T,
  bool: (value) => value === 1,
  bigint: (value) => value,
};

/** PostgreSQL's codec: pg has done the work already. */
export const POSTGRES_CODEC: RowCodec<PostgresColumns> = {
  time: (date) => date,
  json: <T>(value: unknown): T => value as T,
  bool: (value) => value,
  bigint: (value) => Number(value),
};

function timeOrNull<C extends ColumnKinds>(codec: RowCodec<C>, value: C['time'] | null): Date | null {
  return value === null ? null : codec.time(value);
}

function jsonOrNull<C extends ColumnKinds, T>(codec: RowCodec<C>, value: C['json'] | null): T | null {
  return value === null ? null : codec.json<T>(value);
}

/** An `events` row. */
export interface EventRow<C extends ColumnKinds> {
  id: string;
  received_at: C['time'];
  occurred_at: C['time'];
  severity: Severity;
  type: string;
  type_name: string | null;
  description: string | null;
  device_id: string | null;
  device_name: string | null;
  device_domain: string | null;
  device_ip: string | null;
  application_id: string | null;
  application_name: string | null;
  application_version: string | null;
  task: string | null;
  data: C['json'] | null;
  source_ip: string | null;
  group_id: string | null;
  notification_id: string | null;
}

/** `events` row → domain. */
export function toEvent<C extends ColumnKinds>(codec: RowCodec<C>, row: EventRow<C>): HeraldEvent {
  return {
    id: row.id,
    occurredAt: codec.time(row.occurred_at),
    receivedAt: codec.time(row.received_at),
    severity: row.severity,
    type: row.type,
    typeName: row.type_name,
    description: row.description,
    device: { id: row.device_id, name: row.device_name, domain: row.device_domain, ip: row.device_ip },
    application: { id: row.application_id, name: row.application_name, version: row.application_version },
    task: row.task,
    data: jsonOrNull<C, Record<string, unknown>>(codec, row.data),
    sourceIp: row.source_ip,
  };
}

/** `events` row → domain, with the group the event joined and the notification that covers it. */
export function toStoredEvent<C extends ColumnKinds>(codec: RowCodec<C>, row: EventRow<C>): StoredEvent {
  return { ...toEvent(codec, row), groupId: row.group_id, notificationId: row.notification_id };
}

/** A `notifications` row. */
export interface NotificationRow<C extends ColumnKinds> {
  id: string;
  status: NotificationStatus;
  event_ids: C['json'];
  application_id: string | null;
  recipients: C['json'];
  sender: string;
  subject: string;
  body: string;
  message_id: string;
  attempt_count: number;
  next_attempt_at: C['time'] | null;
  last_error: C['json'] | null;
  created_at: C['time'];
  age_from: C['time'];
  sent_at: C['time'] | null;
  server: string | null;
  rejected_recipients: C['json'];
  lease_owner: string | null;
  lease_until: C['time'] | null;
  due_at: C['time'] | null;
  kind: NotificationKind;
  event_count: number;
  group_id: string | null;
  throttled_count: number;
}

/**
 * Every column of a `notifications` row, for the prepared statements that return rows: a
 * named statement that said `*` would fail with "cached plan must not change result type" on
 * every pooled connection of a running instance once a migration adds a column (rolling upgrade).
 */
export const NOTIFICATION_COLUMNS: readonly string[] = Object.keys({
  id: true, status: true, event_ids: true, application_id: true, recipients: true, sender: true,
  subject: true, body: true, message_id: true, attempt_count: true, next_attempt_at: true,
  last_error: true, created_at: true, age_from: true, sent_at: true, server: true,
  rejected_recipients: true, lease_owner: true, lease_until: true, due_at: true, kind: true,
  event_count: true, group_id: true, throttled_count: true,
} satisfies Record<keyof NotificationRow<ColumnKinds>, true>); // a missing column is a type error

/** `notifications` row → domain. */
export function toNotification<C extends ColumnKinds>(codec: RowCodec<C>, row: NotificationRow<C>): Notification {
  return {
    id: row.id,
    status: row.status,
    kind: row.kind,
    eventIds: codec.json<string[]>(row.event_ids),
    eventCount: row.event_count,
    groupId: row.group_id,
    applicationId: row.application_id,
    recipients: codec.json<string[]>(row.recipients),
    sender: row.sender,
    subject: row.subject,
    body: row.body,
    messageId: row.message_id,
    attemptCount: row.attempt_count,
    throttledCount: row.throttled_count,
    nextAttemptAt: timeOrNull(codec, row.next_attempt_at),
    lastError: jsonOrNull<C, DeliveryError>(codec, row.last_error),
    createdAt: codec.time(row.created_at),
    ageFrom: codec.time(row.age_from),
    sentAt: timeOrNull(codec, row.sent_at),
    server: row.server,
    rejectedRecipients: codec.json<string[]>(row.rejected_recipients),
    leaseOwner: row.lease_owner,
    leaseUntil: timeOrNull(codec, row.lease_until),
  };
}

/** A `notification_attempts` row (as the attempt-log query selects it). */
export interface AttemptRow<C extends ColumnKinds> {
  at: C['time'];
  server: string;
  stage: Stage;
  ok: C['bool'];
  error: C['json'] | null;
  tls: C['json'] | null;
  note: string | null;
  plaintext_reason: Reason | null;
}

/** `notification_attempts` row → attempt-log entry (`note` and `plaintextReason` only when there is one). */
export function toAttempt<C extends ColumnKinds>(codec: RowCodec<C>, row: AttemptRow<C>): AttemptLogEntry {
  const entry: AttemptLogEntry = {
    at: codec.time(row.at),
    server: row.server,
    stage: row.stage,
    ok: codec.bool(row.ok),
    error: jsonOrNull<C, DeliveryError>(codec, row.error),
    tls: jsonOrNull<C, TlsFacts>(codec, row.tls),
  };
  if (row.note !== null) entry.note = row.note;
  if (row.plaintext_reason !== null) entry.plaintextReason = row.plaintext_reason;
  return entry;
}

/** A `policies` row. */
export interface PolicyRow<C extends ColumnKinds> {
  application_id: string;
  name: string;
  email: C['json'];
  rules: C['json'];
  created_at: C['time'];
  updated_at: C['time'];
}

/** `policies` row → domain. */
export function toPolicy<C extends ColumnKinds>(codec: RowCodec<C>, row: PolicyRow<C>): Policy {
  return {
    applicationId: row.application_id,
    name: row.name,
    email: codec.json<PolicyEmailOverrides>(row.email),
    rules: codec.json<PolicyRulesOverrides>(row.rules),
    createdAt: codec.time(row.created_at),
    updatedAt: codec.time(row.updated_at),
  };
}

/** The JSON in the `certificates.metadata` column. */
export interface CertificateMetadata {
  certificates: CertificateInfo[];
  warnings: CertificateWarning[];
}

/** A `certificates` row. */
export interface CertificateRow<C extends ColumnKinds> {
  id: string;
  kind: StoredCertificate['kind'];
  format: StoredCertificate['format'];
  certificate_pem: string;
  private_key_sealed: string | null;
  metadata: C['json'];
  created_at: C['time'];
}

/** `certificates` row → domain. */
export function toCertificate<C extends ColumnKinds>(codec: RowCodec<C>, row: CertificateRow<C>): StoredCertificate {
  const metadata = codec.json<CertificateMetadata>(row.metadata);
  return {
    id: row.id,
    kind: row.kind,
    format: row.format,
    certificatePem: row.certificate_pem,
    privateKeySealed: row.private_key_sealed,
    certificates: metadata.certificates,
    warnings: metadata.warnings,
    createdAt: codec.time(row.created_at),
  };
}

/** An `agent_tokens` row. */
export interface AgentTokenRow<C extends ColumnKinds> {
  id: string;
  name: string;
  token_hash: string;
  created_at: C['time'];
  revoked_at: C['time'] | null;
  last_used_at: C['time'] | null;
}

/** `agent_tokens` row → domain. */
export function toAgentToken<C extends ColumnKinds>(codec: RowCodec<C>, row: AgentTokenRow<C>): AgentToken {
  return {
    id: row.id,
    name: row.name,
    tokenHash: row.token_hash,
    createdAt: codec.time(row.created_at),
    revokedAt: timeOrNull(codec, row.revoked_at),
    lastUsedAt: timeOrNull(codec, row.last_used_at),
  };
}

/** An `admin_tokens` row: an agent token's columns plus who created it. */
export interface AdminTokenRow<C extends ColumnKinds> extends AgentTokenRow<C> {
  created_by_kind: 'user' | 'admin-token';
  created_by_name: string;
}

/** `admin_tokens` row → domain. */
export function toAdminToken<C extends ColumnKinds>(codec: RowCodec<C>, row: AdminTokenRow<C>): AdminToken {
  return { ...toAgentToken(codec, row), createdBy: { kind: row.created_by_kind, name: row.created_by_name } };
}

/** A `sessions` row. */
export interface SessionRow<C extends ColumnKinds> {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: C['time'];
  expires_at: C['time'];
}

/** `sessions` row → domain. */
export function toSession<C extends ColumnKinds>(codec: RowCodec<C>, row: SessionRow<C>): Session {
  return {
    tokenHash: row.token_hash,
    userId: row.user_id,
    csrfToken: row.csrf_token,
    createdAt: codec.time(row.created_at),
    expiresAt: codec.time(row.expires_at),
  };
}

/** An `admin_users` row. */
export interface UserRow<C extends ColumnKinds> {
  id: string;
  username: string;
  password_hash: string;
  created_at: C['time'];
}

/** `admin_users` row → domain. */
export function toUser<C extends ColumnKinds>(codec: RowCodec<C>, row: UserRow<C>): AdminUser {
  return { id: row.id, username: row.username, passwordHash: row.password_hash, createdAt: codec.time(row.created_at) };
}

/** An `audit_log` row. */
export interface AuditRow<C extends ColumnKinds> {
  id: string;
  at: C['time'];
  actor_kind: 'user' | 'admin-token';
  actor_name: string;
  client_ip: string | null;
  action: string;
  target: string;
  changed_fields: C['json'];
}

/** `audit_log` row → domain. */
export function toAuditRecord<C extends ColumnKinds>(codec: RowCodec<C>, row: AuditRow<C>): AuditRecord {
  return {
    id: row.id,
    at: codec.time(row.at),
    actor: { kind: row.actor_kind, name: row.actor_name },
    clientIp: row.client_ip,
    action: row.action,
    target: row.target,
    changedFields: codec.json<string[]>(row.changed_fields),
  };
}

// `duplicates` pairs some row types here by shape: they are column lists of different tables.
/** An `event_groups` row. */
export interface GroupRow<C extends ColumnKinds> {
  id: string;
  group_key: string;
  key_json: C['json'];
  application_id: string | null;
  open: C['bool'];
  first_at: C['time'];
  last_at: C['time'];
  event_count: number;
  pending_count: number;
  first_done: C['bool'];
  last_notified_at: C['time'] | null;
  due_at: C['time'] | null;
  wait_ms: C['bigint'];
  interval_ms: C['bigint'];
  idle_ms: C['bigint'];
  max_listed: number;
}

/** `event_groups` row → domain, with the ids of the notifications it has produced. */
export function toGroup<C extends ColumnKinds>(codec: RowCodec<C>, row: GroupRow<C>, notificationIds: string[]): EventGroup {
  return {
    id: row.id,
    key: codec.json<GroupKey>(row.key_json),
    applicationId: row.application_id,
    firstAt: codec.time(row.first_at),
    lastAt: codec.time(row.last_at),
    eventCount: row.event_count,
    pendingCount: row.pending_count,
    firstDone: codec.bool(row.first_done),
    nextDigestAt: timeOrNull(codec, row.due_at),
    open: codec.bool(row.open),
    idleMs: codec.bigint(row.idle_ms),
    maxListed: row.max_listed,
    notificationIds,
  };
}

/** Claim priority of a kind: a single event or a group's first (0) before digests (1) — API.md "Order under pressure". */
export function priorityOf(kind: NotificationKind): number {
  return kind === 'digest' ? 1 : 0;
}

/** Statuses that wait for a worker (`due_at` is set only for these). */
export const PENDING_STATUSES = ['queued', 'deferred', 'sending'] as const satisfies readonly NotificationStatus[];

/** Whether a notification in `status` waits for a worker (as opposed to being finished). */
export function isPending(status: NotificationStatus): boolean {
  return (PENDING_STATUSES as readonly NotificationStatus[]).includes(status);
}

/** Every row → domain mapping, bound to one store's codec. */
export interface RowMappers<C extends ColumnKinds> {
  event(row: EventRow<C>): HeraldEvent;
  storedEvent(row: EventRow<C>): StoredEvent;
  notification(row: NotificationRow<C>): Notification;
  attempt(row: AttemptRow<C>): AttemptLogEntry;
  policy(row: PolicyRow<C>): Policy;
  certificate(row: CertificateRow<C>): StoredCertificate;
  agentToken(row: AgentTokenRow<C>): AgentToken;
  adminToken(row: AdminTokenRow<C>): AdminToken;
  session(row: SessionRow<C>): Session;
  user(row: UserRow<C>): AdminUser;
  audit(row: AuditRow<C>): AuditRecord;
  group(row: GroupRow<C>, notificationIds: string[]): EventGroup;
}

function rowMappers<C extends ColumnKinds>(codec: RowCodec<C>): RowMappers<C> {
  return {
    event: (row) => toEvent(codec, row),
    storedEvent: (row) => toStoredEvent(codec, row),
    notification: (row) => toNotification(codec, row),
    attempt: (row) => toAttempt(codec, row),
    policy: (row) => toPolicy(codec, row),
    certificate: (row) => toCertificate(codec, row),
    agentToken: (row) => toAgentToken(codec, row),
    adminToken: (row) => toAdminToken(codec, row),
    session: (row) => toSession(codec, row),
    user: (row) => toUser(codec, row),
    audit: (row) => toAuditRecord(codec, row),
    group: (row, notificationIds) => toGroup(codec, row, notificationIds),
  };
}

/** The SQLite store's row mappings. */
export const SQLITE_ROWS = rowMappers(SQLITE_CODEC);

/** The PostgreSQL store's row mappings. */
export const POSTGRES_ROWS = rowMappers(POSTGRES_CODEC);
