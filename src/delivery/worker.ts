/**
 * The outbox worker: claims due notifications with a lease, delivers them with bounded
 * concurrency, renews leases while attempts run, and drains on stop. Wakes on commit (the
 * store's signal) and polls as a fallback; a backlog never sits in memory — at most
 * `concurrency` notifications are claimed at once.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Notification } from '../domain/notification.js';
import type { Store } from '../store/ports.js';
import { deliverNotification, type PipelineDeps } from './pipeline.js';

/** Longest sleep on an idle queue when no wake-up arrives (fallback for missed signals). */
export const POLL_INTERVAL_MS = 1000;

/** Under load a claim waits until concurrency / CLAIM_BATCH_DIVISOR slots are free. */
export const CLAIM_BATCH_DIVISOR = 4;

/** Worker tuning. */
export interface WorkerOptions {
  /** Attempts running at once (the bounded active set). */
  concurrency: number;
  leaseMs: number;
}

/** Runs the delivery loop until stopped. */
export class Worker {
  readonly owner = `worker-${randomUUID()}`;
  private readonly inFlight = new Map<string, Promise<void>>();
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private unsubscribe: (() => void) | null = null;
  private renewTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly deps: PipelineDeps & { store: Store },
    private readonly options: WorkerOptions,
    private readonly logger: Logger,
  ) {}

  /** Starts claiming. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.deps.store.onNotificationsQueued(() => this.wake());
    this.renewTimer = setInterval(() => void this.renewLeases(), Math.max(100, Math.floor(this.options.leaseMs / 3)));
    this.renewTimer.unref();
    // Warm up before the first event: load the configuration (and with it the database pool's
    // connections), so a cold process does not spend the first attempt's 1-second budget on it.
    void this.deps.snapshots.get().catch(() => undefined);
    this.loop = this.run();
  }

  /** Wakes the loop now (new work was committed). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops claiming, waits for in-flight deliveries to finish and be recorded. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe?.();
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.inFlight.values()]);
    if (this.renewTimer !== null) clearInterval(this.renewTimer);
  }

  /** How many deliveries are running now. */
  get active(): number {
    return this.inFlight.size;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const free = this.options.concurrency - this.inFlight.size;
      const worthClaiming = free >= this.claimAtLeast();
      let claimed: Notification[] = [];
      if (worthClaiming) {
        this.woken = false;
        try {
          const now = this.deps.clock();
          claimed = await this.deps.store.notifications.claim(this.owner, now, new Date(now.getTime() + this.options.leaseMs), free);
        } catch (error) {
          this.logger.error({ err: error }, 'claiming notifications failed; retrying');
        }
        for (const notification of claimed) this.launch(notification);
      }
      if (claimed.length === free && free > 0) continue; // more may be due: claim again at once
      await this.sleep(await this.idleDelay(worthClaiming ? free : 0));
    }
  }

  /**
   * Free slots worth a claim: any when nothing is in flight, else a quarter of the active set.
   * Claiming per freed slot made one claim transaction per delivery under load; waiting for a
   * few slots batches claims (and their index updates) while the rest keep sending.
   */
  private claimAtLeast(): number {
    return this.inFlight.size === 0 ? 1 : Math.max(1, Math.floor(this.options.concurrency / CLAIM_BATCH_DIVISOR));
  }

  private launch(notification: Notification): void {
    const task = deliverNotification(this.deps, notification, this.owner)
      .then(() => undefined)
      .catch((error: unknown) => {
        // Unexpected (store down, bug): the lease expires and the notification is retried.
        this.logger.error({ err: error, notificationId: notification.id }, 'delivery attempt could not be recorded');
      })
      .finally(() => {
        this.inFlight.delete(notification.id);
        this.wake();
      });
    this.inFlight.set(notification.id, task);
  }

  private async idleDelay(free: number): Promise<number> {
    if (free <= 0) {
      // Saturated: only a finishing delivery frees a slot, and it wakes us. A wake-up from a
      // commit must not count, or the loop would spin in microtasks and starve the process.
      this.woken = false;
      return POLL_INTERVAL_MS;
    }
    try {
      const due = await this.deps.store.notifications.nextDueAt();
      if (due === null) return POLL_INTERVAL_MS;
      return Math.min(POLL_INTERVAL_MS, Math.max(0, due.getTime() - this.deps.clock().getTime()));
    } catch {
      return POLL_INTERVAL_MS;
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || !this.running || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }

  private async renewLeases(): Promise<void> {
    const ids = [...this.inFlight.keys()];
    if (ids.length === 0) return;
    try {
      const now = this.deps.clock().getTime();
      await this.deps.store.notifications.renewLeases(ids, this.owner, new Date(now + this.options.leaseMs));
    } catch (error) {
      this.logger.warn({ err: error }, 'renewing leases failed; another worker may take these over after expiry');
    }
  }
}
