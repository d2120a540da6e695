/**
 * The shapes of the Herald HTTP API (shared/API.md) as the console sees them on the wire:
 * times are RFC 3339 strings, secrets are write-only.
 */

/** KSC's four severities, most severe first. */
export type Severity = 'critical' | 'error' | 'warning' | 'info';

/** Every severity in display order. */
export const SEVERITIES: readonly Severity[] = ['critical', 'error', 'warning', 'info'];

// The closed lists are the server's own (one `as const` each); those files have no imports.
export { DEFAULT_SENDER, TLS_MIN_VERSIONS, TLS_MODES, type TlsMinVersion, type TlsMode } from '../../../src/domain/email-settings';
export { REASONS, isReason, type Reason } from '../../../src/domain/reason';
import type { Reason } from '../../../src/domain/reason';
import type { TlsMinVersion, TlsMode } from '../../../src/domain/email-settings';

/** TLS settings as GET answers them. */
export interface TlsSettings {
  mode: TlsMode;
  implicit: boolean;
  minVersion: TlsMinVersion;
  verifyHostname: boolean;
  serverName: string | null;
  serverCa: string | null;
  clientCertificate: string | null;
}

/** How Herald authenticates. */
export type AuthMechanism = 'password' | 'oauth2';

/** Where OAuth access tokens come from. */
export type OAuth2Provider = 'microsoft' | 'google' | 'generic';

/** OAuth 2.0 settings as GET answers them: secrets only as `…Set`. */
export interface OAuth2View {
  provider: OAuth2Provider;
  tenant: string | null;
  clientId: string;
  clientSecretSet: boolean;
  serviceAccountKeySet: boolean;
  tokenUrl: string | null;
  scope: string | null;
}

/** OAuth 2.0 settings as PUT takes them: a string sets a secret, absent keeps it, null clears it. */
export interface OAuth2Input {
  provider: OAuth2Provider;
  tenant: string | null;
  clientId: string;
  clientSecret?: string | null;
  serviceAccountKey?: string | null;
  tokenUrl: string | null;
  scope: string | null;
}

/** ESMTP authentication as GET answers it: the password only as `passwordSet`. */
export interface AuthView {
  enabled: boolean;
  mechanism?: AuthMechanism;
  username: string;
  passwordSet: boolean;
  allowUnencrypted?: boolean;
  oauth2?: OAuth2View;
}

/** ESMTP authentication as PUT takes it: a string sets, absent keeps, null clears the password. */
export interface AuthInput {
  enabled: boolean;
  mechanism?: AuthMechanism;
  username: string;
  password?: string | null;
  allowUnencrypted?: boolean;
  oauth2?: OAuth2Input;
}

/** `GET /api/v1/settings/email`. */
export interface EmailSettingsView {
  recipients: string[];
  servers: string[];
  port: number;
  useMx: boolean;
  helo: string | null;
  auth: AuthView;
  tls: TlsSettings;
  sender: string;
  subject: string;
  body: string;
  digestSubject: string;
  digestBody: string;
  rateLimit: RateLimit;
}

/** `rateLimit` of the settings: at most this many messages a minute through them (null = no limit). */
export interface RateLimit {
  /** A number; the text as typed when it is not one, so the server names the field. */
  perMinute: number | string | null;
}

/** Body of `PUT /api/v1/settings/email` (and `settings` of the test request). */
export interface EmailSettingsInput {
  recipients: string | string[];
  servers: string | string[];
  /** A number; the text as typed when it is not one, so the server names the field. */
  port: number | string;
  useMx: boolean;
  helo: string | null;
  auth: AuthInput;
  tls: TlsSettings;
  sender: string;
  subject: string;
  body: string;
  digestSubject: string;
  digestBody: string;
  rateLimit: RateLimit;
}

/** Where an SMTP attempt ended. */
export type Stage = 'token' | 'connect' | 'greeting' | 'ehlo' | 'starttls' | 'auth' | 'mail' | 'rcpt' | 'data' | 'done';

/** Every stage in protocol order. */
export const STAGES: readonly Stage[] = ['token', 'connect', 'greeting', 'ehlo', 'starttls', 'auth', 'mail', 'rcpt', 'data', 'done'];

/** `{code, message, smtpCode}` of a failed attempt or a notification's lastError. */
export interface DeliveryError {
  code: Reason;
  message: string;
  smtpCode?: number;
}

/** Facts about the TLS session of an attempt. */
export interface TlsFacts {
  protocol: string | null;
  cipher: string | null;
  authorized: boolean;
  peerCertificate: { subject: string; issuer: string; notAfter: string } | null;
}

/** One server's attempt in a test message's diagnosis. */
export interface TestAttempt {
  server: string;
  port: number;
  ok: boolean;
  stage: Stage;
  tls: TlsFacts | null;
  error: DeliveryError | null;
  transcript: string[];
  /** OAuth: the token endpoint used and how long the token was still valid. */
  token?: { endpoint: string; validForSeconds: number };
  /** "If the server supports it" went in clear: why (`STARTTLS_NOT_OFFERED` or the failed handshake's code). */
  plaintextReason?: Reason;
}

/** Answer of `POST /api/v1/settings/email/test`. */
export interface TestResult {
  delivered: boolean;
  attempts: TestAttempt[];
}

/** Metadata of one certificate. */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  fingerprintSha256: string;
  selfSigned: boolean;
}

/** Warnings an upload may carry. */
export type CertificateWarning = 'EXPIRED' | 'NOT_YET_VALID' | 'EXPIRES_SOON' | 'NO_CLIENT_AUTH_USAGE';

/** A stored certificate's metadata (`POST`/`GET /api/v1/certificates`). */
export interface CertificateView {
  id: string;
  kind: 'ca' | 'client';
  certificates: CertificateInfo[];
  warnings: CertificateWarning[];
}

/** Body of `POST /api/v1/certificates`. */
export type CertificateUpload =
  | { kind: 'ca'; file: string }
  | { kind: 'client'; format: 'x509'; certificate: string; privateKey: string; password: string }
  | { kind: 'client'; format: 'pkcs12'; container: string; password: string };

/** `GET/PUT /api/v1/settings/rules`. */
export interface Rules {
  severities: Severity[];
  eventTypes: Record<string, boolean>;
  grouping: Grouping;
}

/** What a group is keyed by. */
export type GroupingDimension = 'application' | 'eventType' | 'device' | 'severity';

/** Every grouping dimension, in the server's canonical order. */
export const GROUPING_DIMENSIONS: readonly GroupingDimension[] = ['application', 'eventType', 'device', 'severity'];

/** Storm control (`rules.grouping`). */
export interface Grouping {
  by: GroupingDimension[];
  /** Numbers; the text as typed when it is not one, so the server names the field. */
  waitSeconds: number | string;
  intervalSeconds: number | string;
  idleSeconds: number | string;
  maxListed: number | string;
}

/** A group of events (`GET /api/v1/groups`). */
export interface GroupView {
  id: string;
  key: Partial<Record<GroupingDimension, string | null>>;
  applicationId: string | null;
  firstAt: string;
  lastAt: string;
  eventCount: number;
  pendingCount: number;
  nextDigestAt: string | null;
  notificationIds: string[];
}

/** One minute of `GET /api/v1/stats/throughput`. */
export interface ThroughputMinute {
  minute: string;
  eventsReceived: number;
  emailsSent: number;
}

/** The e-mail part of a policy: any subset of the settings. */
export interface PolicyEmail {
  recipients?: string[] | string;
  servers?: string[] | string;
  /** A number; the text as typed when it is not one, so the server names the field. */
  port?: number | string;
  useMx?: boolean;
  helo?: string | null;
  auth?: AuthView | AuthInput;
  tls?: Partial<TlsSettings>;
  sender?: string;
  subject?: string;
  body?: string;
  digestSubject?: string;
  digestBody?: string;
  rateLimit?: RateLimit;
}

/** A per-application policy. */
export interface Policy {
  applicationId: string;
  name: string;
  email: PolicyEmail;
  rules: Partial<Rules>;
  createdAt?: string;
  updatedAt?: string;
}

/** `GET /api/v1/policies/{id}/effective`. */
export interface EffectivePolicy {
  email: EmailSettingsView;
  rules: Rules;
  inherited: string[];
}

/** An event as listed by `GET /api/v1/events`. */
export interface EventView {
  id: string;
  occurredAt: string;
  receivedAt?: string;
  severity: Severity;
  type: string;
  typeName: string | null;
  description: string | null;
  device: { id: string | null; name: string | null; domain: string | null; ip: string | null } | null;
  application: { id: string | null; name: string | null; version: string | null } | null;
  task: string | null;
  notificationId?: string | null;
  groupId?: string | null;
}

/** An event as an agent posts it (`POST /api/v1/events`). */
export interface EventInput {
  id: string;
  occurredAt: string;
  severity: Severity;
  type: string;
  typeName?: string;
  description?: string;
  device?: { id?: string; name?: string; domain?: string; ip?: string };
  application?: { id?: string; name?: string; version?: string };
  task?: string;
}

/** The outbox states. */
export type NotificationStatus = 'queued' | 'sending' | 'deferred' | 'sent' | 'failed';

/** Every notification status, for the filter. */
export const NOTIFICATION_STATUSES: readonly NotificationStatus[] = ['queued', 'sending', 'deferred', 'sent', 'failed'];

/** A notification as listed. */
export interface NotificationView {
  id: string;
  status: NotificationStatus;
  /** `single`, a group's `first`, or a `digest`. */
  kind?: 'single' | 'first' | 'digest';
  eventIds: string[];
  eventCount?: number;
  groupId?: string | null;
  applicationId: string | null;
  recipients: string[];
  subject: string;
  attemptCount: number;
  nextAttemptAt: string | null;
  lastError: DeliveryError | null;
  createdAt: string;
  sentAt: string | null;
  server: string | null;
  /** The sender (`From`), fixed when the notification was created. */
  sender?: string;
  /** `<{id}@{sender domain}>`. */
  messageId?: string;
}

/** One entry of a notification's attempt log. */
export interface AttemptLogEntry {
  at: string;
  server: string;
  stage: Stage;
  ok: boolean;
  error: DeliveryError | null;
  tls: TlsFacts | null;
  /** The server's English remark, e.g. that "if supported" went in clear. */
  note?: string;
  /** "If supported" went in clear: why (as on a test message's attempt); absent on entries logged before it was stored. */
  plaintextReason?: Reason;
}

/** `GET /api/v1/notifications/{id}`. */
export interface NotificationDetail extends NotificationView {
  attemptLog: AttemptLogEntry[];
  /** The rendered message text. */
  body?: string;
}

/** A list answer. */
export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

/** An agent token as listed (never the token itself). */
export interface AgentTokenView {
  id: string;
  name: string;
  createdAt?: string;
  /** Set once revoked; revoked tokens stay listed. */
  revokedAt?: string | null;
  lastUsedAt?: string | null;
}

/** `POST /api/v1/agent-tokens` → the token, shown once. */
export interface AgentTokenCreated {
  id: string;
  name: string;
  token: string;
}

/** An admin token as listed: like an agent token, plus who created it. */
export interface AdminTokenView extends AgentTokenView {
  createdBy?: { kind: 'user' | 'admin-token'; name: string };
}

/** An audit log entry (field names only). */
export interface AuditEntryView {
  at: string;
  actor: { kind: 'user' | 'admin-token'; name: string };
  clientIp: string | null;
  action: string;
  target: string;
  changedFields: string[];
}

/** A template variable offered by the picker. */
export interface TemplateVariable {
  name: string;
  description: string;
}

/** The three templates, raw or rendered. */
export interface TemplateTriple {
  sender: string;
  subject: string;
  body: string;
}

/** The signed-in console session. */
export interface Session {
  username: string;
  csrfToken: string;
}
