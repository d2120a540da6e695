/**
 * scrypt with bounded concurrency. Each hash needs 16 MiB and a libuv thread for tens of
 * milliseconds; unbounded, a burst of log-ins would fill the thread pool (which DNS look-ups
 * and file I/O share) and the memory. At most `concurrency` run at once, at most `maxWaiting`
 * wait; beyond that the caller is told the check is busy (the route answers 429).
 */
import pLimit, { type LimitFunction } from 'p-limit';
import { hashPassword, verifyPassword } from './passwords.js';

/** Hashes at once by default: two keeps two libuv threads free for everything else. */
export const DEFAULT_HASH_CONCURRENCY = 2;
/** Log-ins that may wait for a free slot by default. */
export const DEFAULT_HASH_QUEUE = 32;

/** The outcome of a bounded check: the answer, or "too many at once". */
export type PasswordCheckResult = { kind: 'checked'; ok: boolean } | { kind: 'busy' };

/** Verifies and hashes passwords, a bounded number at a time. */
export class PasswordCheck {
  readonly #limit: LimitFunction;
  #hashes = 0;

  constructor(
    concurrency = DEFAULT_HASH_CONCURRENCY,
    private readonly maxWaiting = DEFAULT_HASH_QUEUE,
  ) {
    this.#limit = pLimit(concurrency);
  }

  /** How many scrypt computations this instance has run (or started); lets tests prove a blocked log-in hashed nothing. */
  get hashesRun(): number {
    return this.#hashes;
  }

  /** Checks `password` against a stored hash, or answers busy when too many are waiting. */
  async verify(password: string, stored: string): Promise<PasswordCheckResult> {
    if (this.#limit.pendingCount >= this.maxWaiting) return { kind: 'busy' };
    const ok = await this.#limit(() => {
      this.#hashes += 1;
      return verifyPassword(password, stored);
    });
    return { kind: 'checked', ok };
  }

  /** Hashes a new password (waits for a slot; changes are rare and authenticated). */
  hash(password: string): Promise<string> {
    return this.#limit(() => {
      this.#hashes += 1;
      return hashPassword(password);
    });
  }
}
