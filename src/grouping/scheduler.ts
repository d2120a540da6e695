/**
 * The group scheduler (storm control): turns due groups into their first notification (after
 * `waitSeconds`) or a digest (at most every `intervalSeconds`). Runs in every worker process;
 * the store makes each group's notification one transaction claimed like an outbox row, so
 * several schedulers never both create it and a crash never loses or doubles one.
 */
import type { Logger } from 'pino';
import type { ConfigSnapshots } from '../settings/snapshot.js';
import type { Store } from '../store/ports.js';
import { groupNotification } from './notification.js';

/** Longest sleep between looks at the groups (a group made due by an ingest is found within it). */
export const GROUP_POLL_INTERVAL_MS = 1000;

/** Groups flushed per store call before looking again. */
export const GROUP_FLUSH_BATCH = 50;

/** Runs the scheduling loop until stopped. */
export class GroupScheduler {
  private running = false;
  private loop: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private wakeUp: (() => void) | null = null;

  constructor(
    private readonly store: Store,
    private readonly snapshots: ConfigSnapshots,
    private readonly clock: () => Date,
    private readonly logger: Logger,
  ) {}

  /** Starts the loop. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the current group's transaction. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wakeUp?.();
    await this.loop;
  }

  /** Flushes every group due now; returns how many notifications were created. */
  async flushDue(): Promise<number> {
    const snapshot = await this.snapshots.get();
    let total = 0;
    for (;;) {
      const created = await this.store.groups.flushDue(this.clock(), GROUP_FLUSH_BATCH, (due, now) =>
        groupNotification(due, snapshot.effectiveFor(due.group.applicationId), now),
      );
      total += created;
      if (created < GROUP_FLUSH_BATCH || !this.running) return total;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let delay = GROUP_POLL_INTERVAL_MS;
      try {
        await this.flushDue();
        const due = await this.store.groups.nextDueAt();
        if (due !== null) delay = Math.min(delay, Math.max(0, due.getTime() - this.clock().getTime()));
      } catch (error) {
        this.logger.error({ err: error }, 'scheduling group notifications failed; retrying');
      }
      await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        if (this.timer !== null) clearTimeout(this.timer);
        this.timer = null;
        this.wakeUp = null;
        resolve();
      };
      this.timer = setTimeout(done, Math.max(ms, 10));
      this.wakeUp = done;
    });
  }
}
