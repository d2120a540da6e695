/**
 * Background pruning (API.md: HERALD_EVENT_RETENTION_DAYS, HERALD_EVENT_MAX,
 * HERALD_NOTIFICATION_RETENTION_DAYS): small batches with pauses in between, so ingest is
 * never blocked behind a long delete. Queued notifications are never pruned.
 */
import type { Logger } from 'pino';
import type { Store } from '../store/ports.js';
import { DEFAULT_LOGIN_LIMITS } from '../auth/login-limits.js';

/** Rows deleted per statement. */
export const PRUNE_BATCH_SIZE = 500;
/** Pause between batches while there is more to delete (lets ingest transactions in). */
export const PRUNE_PAUSE_MS = 50;
/** How often a pruning pass starts. */
export const PRUNE_INTERVAL_MS = 60_000;

const DAY_MS = 86_400_000;

/** Retention limits. */
export interface RetentionLimits {
  eventRetentionDays: number;
  eventMax: number;
  notificationRetentionDays: number;
}

/** Runs pruning passes periodically until stopped. */
export class Pruner {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private pass: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly limits: RetentionLimits,
    private readonly clock: () => Date,
    private readonly logger: Logger,
  ) {}

  /** Starts the first pass soon and then every PRUNE_INTERVAL_MS. */
  start(): void {
    this.schedule(5_000);
  }

  /** Stops after the current batch. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    await this.pass;
  }

  /** One full pass; returns how many events and notifications were deleted. */
  async runOnce(): Promise<{ events: number; notifications: number }> {
    const now = this.clock().getTime();
    const eventCutoff = new Date(now - this.limits.eventRetentionDays * DAY_MS);
    const notificationCutoff = new Date(now - this.limits.notificationRetentionDays * DAY_MS);
    let events = 0;
    let notifications = 0;
    for (;;) {
      const deleted = await this.store.events.prune(eventCutoff, this.limits.eventMax, PRUNE_BATCH_SIZE);
      events += deleted;
      if (deleted < PRUNE_BATCH_SIZE || this.stopped) break;
      await pause(PRUNE_PAUSE_MS);
    }
    for (;;) {
      const deleted = await this.store.notifications.prune(notificationCutoff, PRUNE_BATCH_SIZE);
      notifications += deleted;
      if (deleted < PRUNE_BATCH_SIZE || this.stopped) break;
      await pause(PRUNE_PAUSE_MS);
    }
    // The audit log is kept like finished notifications (API.md "Audit log").
    let audit = 0;
    for (;;) {
      const deleted = await this.store.audit.prune(notificationCutoff, PRUNE_BATCH_SIZE);
      audit += deleted;
      if (deleted < PRUNE_BATCH_SIZE || this.stopped) break;
      await pause(PRUNE_PAUSE_MS);
    }
    // Expired sessions and failed-login windows that no longer block (small tables, one statement each).
    const sessions = await this.store.sessions.pruneExpired(new Date(now));
    await this.store.loginFailures.prune(new Date(now - DEFAULT_LOGIN_LIMITS.windowMs));
    if (events + notifications + sessions + audit > 0) this.logger.info({ events, notifications, sessions, audit }, 'pruned old records');
    return { events, notifications };
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.pass = this.runOnce()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'pruning failed; will try again'))
        .finally(() => this.schedule(PRUNE_INTERVAL_MS));
    }, delay);
    this.timer.unref();
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
