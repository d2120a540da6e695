import type { DeliveryError, Reason } from './reason.js';

/** The outbox's states (Postfix: incoming / active / deferred / sent / bounced). */
export type NotificationStatus = 'queued' | 'sending' | 'deferred' | 'sent' | 'failed';

/** Every status, for validation and metrics. */
export const NOTIFICATION_STATUSES: readonly NotificationStatus[] = [
  'queued',
  'sending',
  'deferred',
  'sent',
  'failed',
];

/** What a notification covers: one event, a group's first notification, or a digest of a group's later events. */
export type NotificationKind = 'single' | 'first' | 'digest';

/** Every kind, for validation and schemas. */
export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['single', 'first', 'digest'];

/** At most this many event ids are kept on a notification (and sent in X-Herald-Event-Id). */
export const MAX_LISTED_EVENT_IDS = 50;

/** Where an SMTP attempt ended (API.md `stage`). */
export type Stage = 'token' | 'connect' | 'greeting' | 'ehlo' | 'starttls' | 'auth' | 'mail' | 'rcpt' | 'data' | 'done';

/** Facts about the TLS session of an attempt. */
export interface TlsFacts {
  protocol: string | null;
  cipher: string | null;
  authorized: boolean;
  peerCertificate: { subject: string; issuer: string; notAfter: string } | null;
}

/** One entry of a notification's attempt log (API.md `attemptLog`). */
export interface AttemptLogEntry {
  at: Date;
  server: string;
  stage: Stage;
  ok: boolean;
  error: DeliveryError | null;
  tls: TlsFacts | null;
  /** Free-text note, e.g. "TLS handshake failed; delivered without TLS (opportunistic)". */
  note?: string;
  /**
   * "If the server supports it" went in clear: `STARTTLS_NOT_OFFERED`, or the code of the failed
   * handshake before the reconnect without TLS. The note says the same in English; this lets the
   * console say it in its own language.
   */
  plaintextReason?: Reason;
}

/**
 * One message about one event (later: a digest of several) to all effective recipients.
 * Content is fixed at creation; transport settings are read at every attempt.
 */
export interface Notification {
  id: string;
  status: NotificationStatus;
  /** `single` (no grouping), `first` (a group's first) or `digest`. */
  kind: NotificationKind;
  /** The covered events' ids, newest first for a group, at most MAX_LISTED_EVENT_IDS. */
  eventIds: string[];
  /** How many events the notification covers (eventIds may list fewer). */
  eventCount: number;
  /** The group it belongs to (null for `single`). */
  groupId: string | null;
  applicationId: string | null;
  recipients: string[];
  sender: string;
  subject: string;
  body: string;
  /** `<{id}@{sender domain}>`, stable across retries so receivers can de-duplicate. */
  messageId: string;
  attemptCount: number;
  /**
   * Attempts that ended THROTTLED: they count in the log but not towards the retry backoff
   * (the transport pause handles them), so backoff grows with attemptCount − throttledCount.
   */
  throttledCount: number;
  nextAttemptAt: Date | null;
  lastError: DeliveryError | null;
  createdAt: Date;
  /** When the age clock started (creation, or the last manual retry). */
  ageFrom: Date;
  sentAt: Date | null;
  /** The server that accepted it. */
  server: string | null;
  /** Recipients the accepting server refused (partial success). */
  rejectedRecipients: string[];
  leaseOwner: string | null;
  leaseUntil: Date | null;
}
