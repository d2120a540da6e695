/**
 * Recently failed servers go last for a while, so a dead host is not hammered (and does not
 * cost every message a connect timeout). In memory, per deliverer; the clock is injected.
 */
import { SERVER_HEALTH_PENALTY_MS } from './timeouts.js';

/** The time source (tests move it by hand). */
export interface Clock {
  now(): Date;
}

/** Remembers when each server last failed. */
export class ServerHealth {
  private readonly failedAt = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    /** How long a failure pushes a server to the back, in ms. */
    private readonly penaltyMs: number = SERVER_HEALTH_PENALTY_MS,
  ) {}

  /** Records a server-level failure (connect, TLS, AUTH, 4xx …). */
  failed(key: string): void {
    this.failedAt.set(key, this.clock.now().getTime());
  }

  /** Records a success: the server is back in its configured place. */
  succeeded(key: string): void {
    this.failedAt.delete(key);
  }

  /** Whether the server failed within the penalty window. */
  isPenalized(key: string): boolean {
    const at = this.failedAt.get(key);
    if (at === undefined) return false;
    if (this.clock.now().getTime() - at < this.penaltyMs) return true;
    this.failedAt.delete(key);
    return false;
  }

  /** The items in configured order, penalised ones moved to the end (keeping their order). */
  order<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
    const healthy: T[] = [];
    const penalized: T[] = [];
    for (const item of items) (this.isPenalized(keyOf(item)) ? penalized : healthy).push(item);
    return [...healthy, ...penalized];
  }
}
