/**
 * Counts failed log-ins per (client address, user name) and blocks after too many, so a
 * password cannot be guessed at network speed. In memory: a restart forgives, which is fine
 * for a brake (not an audit log).
 */

/** Failures allowed within the window before 429. */
export const MAX_LOGIN_FAILURES = 5;
/** The window and the block duration. */
export const LOGIN_WINDOW_MS = 5 * 60 * 1000;
/** Keys tracked at most; old ones are dropped first (bounded memory). */
export const MAX_TRACKED_KEYS = 10_000;

/** Failed-login counter with a sliding block. */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(private readonly clock: () => Date) {}

  /** True when this key has failed too often within the window. */
  isBlocked(key: string): boolean {
    const entry = this.current(key);
    return entry !== undefined && entry.count >= MAX_LOGIN_FAILURES;
  }

  /** Records a failure. */
  fail(key: string): void {
    const entry = this.current(key) ?? { count: 0, since: this.clock().getTime() };
    entry.count += 1;
    this.failures.delete(key);
    this.failures.set(key, entry);
    if (this.failures.size > MAX_TRACKED_KEYS) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  /** Forgets a key after a successful log-in. */
  succeed(key: string): void {
    this.failures.delete(key);
  }

  private current(key: string): { count: number; since: number } | undefined {
    const entry = this.failures.get(key);
    if (entry !== undefined && this.clock().getTime() - entry.since > LOGIN_WINDOW_MS) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }
}
