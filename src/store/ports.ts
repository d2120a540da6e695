/**
 * The persistence seam. Two implementations with the same file set: `sqlite/` (embedded
 * default, one process) and `postgres/` (several instances). Everything is async so both fit
 * one interface; one contract suite (`contract/*.contract.test.ts`, a file per repository) runs against both.
 *
 * Only `store/*` imports a database driver. Secrets arrive here already sealed.
 */
import type { StoredCertificate } from '../domain/certificate.js';
import type { EmailSettings } from '../domain/email-settings.js';
import type { HeraldEvent } from '../domain/event.js';
import type { GroupKey } from '../domain/grouping.js';
import type { AttemptLogEntry, Notification, NotificationStatus } from '../domain/notification.js';
import type { DeliveryError } from '../domain/reason.js';
import type { Policy } from '../domain/policy.js';
import type { Rules } from '../domain/rules.js';
import type { Severity } from '../domain/severity.js';

/** A page of a newest-first list; `nextCursor` is opaque and goes back as `before`. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Paging input: `limit` already clamped to 1..500 by the caller. */
export interface PageRequest {
  limit: number;
  before?: string | undefined;
}

/** A document with its version; the version increases on every write (transport caches key on it). */
export interface Versioned<T> {
  value: T;
  version: number;
}

/** Server-wide singleton documents (settings). */
export interface SettingsRepo {
  /** Null before the first write. */
  getEmail(): Promise<Versioned<EmailSettings> | null>;
  putEmail(settings: EmailSettings): Promise<Versioned<EmailSettings>>;
  getRules(): Promise<Versioned<Rules> | null>;
  putRules(rules: Rules): Promise<Versioned<Rules>>;
  /**
   * A number that changes whenever the email settings, rules, policies or certificates change;
   * lets other instances notice changes without a restart.
   */
  configVersion(): Promise<number>;
}

/** Console users (admins). */
export interface AdminUser {
  id: string;
  username: string;
  /** scrypt hash in the `scrypt$N$r$p$salt$hash` form. */
  passwordHash: string;
  createdAt: Date;
}

/** Admin users, for the first-start bootstrap and console login. */
export interface UserRepo {
  count(): Promise<number>;
  findByUsername(username: string): Promise<AdminUser | null>;
  /** Null when absent (a session's user). */
  findById(id: string): Promise<AdminUser | null>;
  create(user: AdminUser): Promise<void>;
  /** Replaces a user's password hash; false when the user does not exist. */
  setPasswordHash(id: string, passwordHash: string): Promise<boolean>;
}

/** An agent token as stored: only the SHA-256 of the token. */
export interface AgentToken {
  id: string;
  name: string;
  tokenHash: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/**
 * Stored bearer tokens of one kind (revocation keeps the row so a revoked token answers 401,
 * not a lookup miss). Agent and admin tokens share this life cycle (API.md).
 */
export interface TokenRepo<T extends AgentToken> {
  create(token: T): Promise<void>;
  /** Newest first, revoked ones included. */
  list(): Promise<T[]>;
  findByHash(tokenHash: string): Promise<T | null>;
  /** False when no such token (or already revoked). */
  revoke(id: string, at: Date): Promise<boolean>;
  /**
   * Records that the token was used (`lastUsedAt`). One small write: callers should throttle
   * it (e.g. only when the stored lastUsedAt is older than a minute).
   */
  markUsed(id: string, at: Date): Promise<void>;
}

/** Agent tokens: they may only send events. */
export type AgentTokenRepo = TokenRepo<AgentToken>;

/** A console login session; the cookie holds the token, the store only its SHA-256. */
export interface Session {
  tokenHash: string;
  userId: string;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
}

/** Console sessions. */
export interface SessionRepo {
  create(session: Session): Promise<void>;
  find(tokenHash: string, now: Date): Promise<Session | null>;
  delete(tokenHash: string): Promise<void>;
  /** Ends every session of a user except `keepTokenHash` (null: all); returns how many. */
  deleteForUser(userId: string, keepTokenHash: string | null): Promise<number>;
  /** Deletes sessions that expired before `before`; returns how many. */
  pruneExpired(before: Date): Promise<number>;
}

/** Uploaded CA bundles and client certificates. */
export interface CertificateRepo {
  insert(cert: StoredCertificate): Promise<void>;
  get(id: string): Promise<StoredCertificate | null>;
  /** Newest first. */
  list(): Promise<StoredCertificate[]>;
  /** False when absent. The caller checks references first (409). */
  delete(id: string): Promise<boolean>;
}

/** Per-application policies. */
export interface PolicyRepo {
  /** Insert or replace; keeps `createdAt` of an existing one. */
  put(policy: Policy): Promise<Policy>;
  get(applicationId: string): Promise<Policy | null>;
  /** Ordered by applicationId. */
  list(): Promise<Policy[]>;
  delete(applicationId: string): Promise<boolean>;
}

/** A notification to create together with its event, in the ingest transaction. */
export type NewNotification = Omit<Notification, 'leaseOwner' | 'leaseUntil'>;

/**
 * One event of an ingest batch and the notification it produces (null: it does not notify).
 * With `group` set (grouping on), the event joins that group instead: `notification` is then
 * used only when the event starts a new group that notifies at once (it becomes the group's
 * `first`); otherwise it is dropped and the event waits for the group's next notification.
 */
export interface IngestItem {
  event: HeraldEvent;
  notification: NewNotification | null;
  group?: GroupJoin | null;
}

/** The group a notifying event belongs to, with the grouping settings a new group starts with. */
export interface GroupJoin {
  key: GroupKey;
  /** Canonical text of the key (see domain/grouping.ts `groupKeyOf`). */
  keyText: string;
  waitMs: number;
  intervalMs: number;
  idleMs: number;
  maxListed: number;
}

/** An event as stored, with the group it joined and the notification that covers it. */
export interface StoredEvent extends HeraldEvent {
  groupId: string | null;
  /** Null when it did not notify, or while it waits for its group's next notification. */
  notificationId: string | null;
}

/** Result of an ingest batch. */
export interface IngestResult {
  accepted: number;
  duplicates: number;
}

/** Filters of `GET /api/v1/events`. */
export interface EventFilter {
  severity?: Severity | undefined;
  applicationId?: string | undefined;
  deviceName?: string | undefined;
  /** The events a notification covers. */
  notificationId?: string | undefined;
}

/** Events and the ingest transaction. */
export interface EventRepo {
  /**
   * ONE transaction: inserts the events whose id is new (the first wins, within the batch
   * too) and the notifications of exactly those events. Duplicates are counted, not stored
   * again, and their notifications dropped. Durable when it resolves.
   */
  ingest(items: IngestItem[]): Promise<IngestResult>;
  list(filter: EventFilter, page: PageRequest): Promise<Page<StoredEvent>>;
  get(id: string): Promise<StoredEvent | null>;
  /**
   * Deletes at most `batchSize` events received before `olderThan` or beyond the newest
   * `maxCount`; returns how many were deleted (0 = nothing left to prune).
   */
  prune(olderThan: Date, maxCount: number, batchSize: number): Promise<number>;
}

/** What the worker writes back after an attempt (see outbox/decide.ts). */
export interface AttemptOutcome {
  status: Extract<NotificationStatus, 'sent' | 'deferred' | 'failed'>;
  nextAttemptAt: Date | null;
  lastError: DeliveryError | null;
  sentAt: Date | null;
  server: string | null;
  rejectedRecipients: string[];
  /** Appended to the attempt log (one entry per server tried). */
  log: AttemptLogEntry[];
  /** The attempt ended THROTTLED: counted in throttledCount, so it does not grow the backoff. */
  throttled?: boolean;
}

/** Filters of `GET /api/v1/notifications`. */
export interface NotificationFilter {
  status?: NotificationStatus | undefined;
}

/** Counts for metrics. */
export interface OutboxStats {
  byStatus: Record<NotificationStatus, number>;
  /** createdAt of the oldest queued/deferred/sending one, or null. */
  oldestPendingCreatedAt: Date | null;
}

/** The durable outbox: the queue is its state. */
export interface NotificationRepo {
  /**
   * Atomically claims up to `limit` due notifications (`queued`/`deferred` with
   * nextAttemptAt <= now, or `sending` with an expired lease), oldest due first, sets them
   * `sending` with the lease, and returns them. Safe with several workers (SKIP LOCKED on
   * PostgreSQL).
   */
  claim(owner: string, now: Date, leaseUntil: Date, limit: number): Promise<Notification[]>;
  /** Extends the lease of notifications this owner still holds; returns the ids still held. */
  renewLeases(ids: string[], owner: string, leaseUntil: Date): Promise<string[]>;
  /** Applies an attempt's outcome if `owner` still holds the lease; false otherwise. Increments attemptCount. */
  complete(id: string, owner: string, outcome: AttemptOutcome): Promise<boolean>;
  /**
   * Gives a claimed notification back without an attempt (rate limit, paused transport): it
   * stays `queued` until `until`; attemptCount and the log are unchanged. False when the
   * owner no longer holds it.
   */
  postpone(id: string, owner: string, until: Date): Promise<boolean>;
  /** Releases every lease (SQLite start: a single process takes back all leases at once). Returns how many. */
  releaseAllLeases(): Promise<number>;
  /** Earliest nextAttemptAt/leaseUntil among pending ones, so the worker can sleep until then. */
  nextDueAt(): Promise<Date | null>;
  get(id: string): Promise<(Notification & { attemptLog: AttemptLogEntry[] }) | null>;
  list(filter: NotificationFilter, page: PageRequest): Promise<Page<Notification>>;
  /**
   * Makes every `deferred` notification due now (its backoff is cut short; age clock unchanged).
   * Called when an admin changes the transport settings, so fixing a server fixes the queue at
   * once. Returns how many were brought forward.
   */
  expediteDeferred(now: Date): Promise<number>;
  /** `failed` → `queued` now, age clock restarted; false when it is not `failed` (or absent). */
  retry(id: string, now: Date): Promise<boolean>;
  stats(): Promise<OutboxStats>;
  /** Deletes at most `batchSize` finished (`sent`/`failed`) notifications created before `olderThan`. */
  prune(olderThan: Date, batchSize: number): Promise<number>;
}

// ---- Admin tokens, login throttling, audit log (harden-b) ----

/** Who created an admin token: a console user by name, or `HERALD_ADMIN_TOKEN`. */
export interface TokenCreator {
  kind: 'user' | 'admin-token';
  name: string;
}

/** An admin token as stored: only the SHA-256 of the token, plus who created it. */
export interface AdminToken extends AgentToken {
  createdBy: TokenCreator;
}

/** Admin tokens (API.md "Agent tokens": same life cycle, plus who created each). */
export type AdminTokenRepo = TokenRepo<AdminToken>;

/**
 * Failed-login counters shared by every instance (one row per key, e.g. `addr:10.0.0.1` or
 * `user:admin`). A key counts failures in a fixed window that starts with its first failure.
 */
export interface LoginFailureRepo {
  /** Failures of each key whose window started after `windowStartAfter`; missing keys are 0. */
  count(keys: readonly string[], windowStartAfter: Date): Promise<Map<string, number>>;
  /**
   * Counts one more attempt for each key atomically (safe with concurrent instances) and
   * returns the new counts; a key whose window started at or before `windowStartAfter`
   * starts a new window at `now` with 1. Counting before the password check (and clearing on
   * success) keeps the limit exact even when many attempts arrive at once.
   */
  recordAttempt(keys: readonly string[], now: Date, windowStartAfter: Date): Promise<Map<string, number>>;
  /** Forgets a key (a successful log-in clears its keys). */
  clear(key: string): Promise<void>;
  /** Deletes keys whose window started before `before` (they no longer block); returns how many. */
  prune(before: Date): Promise<number>;
}

/** One entry of the audit log (API.md "Audit log"): field names only, never a value. */
export interface AuditRecord {
  id: string;
  at: Date;
  actor: { kind: 'user' | 'admin-token'; name: string };
  clientIp: string | null;
  /** Dotted, e.g. `settings.email.update`, `session.login.failed`. */
  action: string;
  target: string;
  changedFields: string[];
}

/** The audit log: appended to, listed newest first, pruned like finished notifications. */
export interface AuditRepo {
  append(record: AuditRecord): Promise<void>;
  list(page: PageRequest): Promise<Page<AuditRecord>>;
  /** Deletes at most `batchSize` entries older than `olderThan`; returns how many. */
  prune(olderThan: Date, batchSize: number): Promise<number>;
}

/** A group of events (storm control) as stored. */
export interface EventGroup {
  id: string;
  key: GroupKey;
  applicationId: string | null;
  /** Received time of its first and latest event. */
  firstAt: Date;
  lastAt: Date;
  eventCount: number;
  /** Events not yet covered by a notification. */
  pendingCount: number;
  /** Whether the group's first notification exists. */
  firstDone: boolean;
  /** When the scheduler turns the pending events into a notification; null = nothing pending. */
  nextDigestAt: Date | null;
  /** Open = not yet replaced by a newer group of the same key. */
  open: boolean;
  idleMs: number;
  maxListed: number;
  notificationIds: string[];
}

/** A due group handed to the notification builder, inside the transaction that creates it. */
export interface DueGroup {
  group: EventGroup;
  kind: 'first' | 'digest';
  /** Pending events, newest first: at least max(maxListed, 50) when there are that many. */
  newest: StoredEvent[];
  eventCount: number;
  deviceCount: number;
  firstOccurredAt: Date;
  lastOccurredAt: Date;
}

/**
 * Builds the notification of a due group (pure and synchronous: it runs inside the store's
 * transaction). The store fills in `kind`, `groupId`, `eventIds` and `eventCount`.
 */
export type GroupNotificationBuilder = (due: DueGroup, now: Date) => NewNotification;

/** Filters of `GET /api/v1/groups`. */
export interface GroupFilter {
  /** True: only groups that are open and not idle at `now`. */
  active?: boolean | undefined;
}

/** Groups of storm control. */
export interface GroupRepo {
  /** Newest activity first. */
  list(filter: GroupFilter, page: PageRequest, now: Date): Promise<Page<EventGroup>>;
  get(id: string): Promise<EventGroup | null>;
  /**
   * Turns up to `limit` due groups into one notification each (first or digest), each group
   * in its own transaction that also marks its events covered, so every event is covered by
   * exactly one notification even with several schedulers (PostgreSQL: SKIP LOCKED) or a
   * crash. Returns how many notifications were created.
   */
  flushDue(now: Date, limit: number, build: GroupNotificationBuilder): Promise<number>;
  /** The earliest due time of any group, so the scheduler can sleep until then. */
  nextDueAt(): Promise<Date | null>;
}

/** What a transport gate answers: go now, or come back at `retryAt`. */
export type GateDecision = { granted: true } | { granted: false; retryAt: Date };

/**
 * The store's answer for a slot: when granted, also whether the key has a throttling streak on
 * record (from any instance), so the delivery that follows ends it wherever it is sent from.
 */
export type StoredGateDecision = { granted: true; throttleStreak: boolean } | { granted: false; retryAt: Date };

/**
 * Rate limit and throttling pause per transport key, shared by every instance through the
 * store: sends are spaced `spacingMs` apart (a "next free slot" per key), and a throttling
 * reply pauses the key (doubling while it keeps throttling).
 */
export interface TransportGateRepo {
  /** Takes the key's next send slot when it is free at `now` and the key is not paused. */
  take(key: string, now: Date, spacingMs: number | null): Promise<StoredGateDecision>;
  /** A throttling reply: pause from now for base, then double per consecutive throttle, at most max. Returns the end. */
  pause(key: string, now: Date, baseMs: number, maxMs: number): Promise<Date>;
  /** A message went through: the next throttle starts again at base. */
  clearPause(key: string): Promise<void>;
}

/** Per-minute counts for the console's chart. */
export interface ThroughputMinute {
  /** Start of the minute. */
  minute: Date;
  eventsReceived: number;
  emailsSent: number;
}

/** Counts over time (console chart). */
export interface ThroughputRepo {
  /** One entry per minute from `since` (rounded down) to `until`, zeros included. */
  perMinute(since: Date, until: Date): Promise<ThroughputMinute[]>;
}

/** The whole store. */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  readonly settings: SettingsRepo;
  readonly users: UserRepo;
  readonly agentTokens: AgentTokenRepo;
  readonly sessions: SessionRepo;
  readonly certificates: CertificateRepo;
  readonly policies: PolicyRepo;
  readonly events: EventRepo;
  readonly notifications: NotificationRepo;
  readonly sealedRecords: SealedRecordRepo;
  readonly adminTokens: AdminTokenRepo;
  readonly loginFailures: LoginFailureRepo;
  readonly audit: AuditRepo;
  readonly groups: GroupRepo;
  readonly transportGates: TransportGateRepo;
  readonly throughput: ThroughputRepo;
  /**
   * Registers a callback fired after a commit that created due notifications in THIS
   * process (PostgreSQL: also via LISTEN/NOTIFY from other instances). The worker wakes on it.
   */
  onNotificationsQueued(listener: () => void): () => void;
  close(): Promise<void>;
}

/** One stored record that may hold sealed secrets (documents, policies, client certificates). */
export type SealedRecordRef =
  | { table: 'documents'; key: string }
  | { table: 'policies'; key: string }
  | { table: 'certificates'; key: string };

/**
 * Every record that may hold sealed secrets, for re-sealing them under a new master key
 * (`herald admin rotate-key`). Each record is rewritten in its own short transaction, so an
 * interrupted rotation leaves every record either as it was or fully re-sealed.
 */
export interface SealedRecordRepo {
  /** Every such record, in a stable order: documents by name, certificates by id, policies by application id. */
  list(): Promise<SealedRecordRef[]>;
  /**
   * In one transaction: reads the record (locked against concurrent writes), passes each of
   * its strings to `rewrite`, writes back those it changed and bumps the config version.
   * Returns how many strings changed (0 also when the record is gone).
   */
  rewrite(ref: SealedRecordRef, rewrite: (text: string) => string): Promise<number>;
}
