/**
 * Group commit: jobs that arrive close together (concurrent requests, a worker finishing
 * several deliveries at once) are written by ONE commit, so one WAL write / fsync / round trip
 * carries many callers' rows. Each caller's promise settles only after the commit that holds
 * its job, so "resolved" still means durable. Written by hand: it is a dozen lines of queueing
 * whose rules (when to flush, per-job failure) belong to the store, not a generic batching
 * library's.
 *
 * Rules:
 * - Jobs wait at most one turn of the event loop (`setImmediate`), or less: once the waiting
 *   weight reaches `flushAtWeight`, they are written at once (big batches gain nothing from
 *   waiting, and holding several parsed bodies at once only raises peak memory).
 * - `commit` gets the jobs in arrival order and returns one `Settled` per job: a job that fails
 *   (its own savepoint rolled back) fails alone. If `commit` throws, every job of that group
 *   fails with the error.
 * - With an asynchronous `commit`, at most `maxInFlight` commits run at once; jobs arriving
 *   meanwhile form the next group (the natural batching of a busy database).
 * - A group takes jobs in arrival order up to `maxGroupWeight` (at least one job); the rest
 *   wait for the next commit, so a burst behind a slow commit does not become one huge
 *   statement (and one huge retry should it fail).
 */

/** One job's outcome inside a group commit. */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** Runs `work` and captures its result or error (one job of a group). */
export function settle<R>(work: () => R): Settled<R> {
  try {
    return { ok: true, value: work() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** How a group commit writes and when it flushes. */
export interface GroupCommitOptions<J, R> {
  /** Writes the jobs in one transaction; one `Settled` per job, in order. */
  commit(jobs: readonly J[]): Settled<R>[] | Promise<Settled<R>[]>;
  /** Called after every job of a group has settled, with the successful values (e.g. to wake workers). */
  afterCommit?(values: readonly R[]): void;
  /** Weight of a job (e.g. its events); default 1. */
  weigh?(job: J): number;
  /** Waiting weight at which to flush without waiting for the next turn; default: never early. */
  flushAtWeight?: number;
  /** Concurrent asynchronous commits; default 1. */
  maxInFlight?: number;
  /** Most weight one commit takes (at least one job); default: everything waiting. */
  maxGroupWeight?: number;
}

interface Waiting<J, R> {
  job: J;
  weight: number;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/** A queue of jobs written in groups; see the module comment. */
export class GroupCommit<J, R> {
  readonly #options: GroupCommitOptions<J, R>;
  #waiting: Waiting<J, R>[] = [];
  #waitingWeight = 0;
  #scheduled = false;
  #inFlight = 0;

  constructor(options: GroupCommitOptions<J, R>) {
    this.#options = options;
  }

  /** Queues `job`; resolves with its value after the commit that holds it. */
  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const weight = this.#options.weigh?.(job) ?? 1;
      this.#waiting.push({ job, weight, resolve, reject });
      this.#waitingWeight += weight;
      if (this.#waitingWeight >= (this.#options.flushAtWeight ?? Number.POSITIVE_INFINITY)) this.#flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          this.#flush();
        });
      }
    });
  }

  #flush(): void {
    while (this.#waiting.length > 0 && this.#inFlight < (this.#options.maxInFlight ?? 1)) this.#commitGroup(this.#takeGroup());
  }

  /** Takes the waiting jobs of the next group: in arrival order, up to `maxGroupWeight`. */
  #takeGroup(): Waiting<J, R>[] {
    const cap = this.#options.maxGroupWeight ?? Number.POSITIVE_INFINITY;
    let count = 0;
    let weight = 0;
    for (const waiting of this.#waiting) {
      if (count > 0 && weight + waiting.weight > cap) break;
      count += 1;
      weight += waiting.weight;
    }
    this.#waitingWeight -= weight;
    return this.#waiting.splice(0, count);
  }

  #commitGroup(group: Waiting<J, R>[]): void {
    let outcome: Settled<R>[] | Promise<Settled<R>[]>;
    try {
      outcome = this.#options.commit(group.map((waiting) => waiting.job));
    } catch (error) {
      for (const waiting of group) waiting.reject(error);
      return;
    }
    if (Array.isArray(outcome)) {
      this.#settle(group, outcome);
      return;
    }
    this.#inFlight += 1;
    outcome
      .then(
        (results) => this.#settle(group, results),
        (error: unknown) => {
          for (const waiting of group) waiting.reject(error);
        },
      )
      .finally(() => {
        this.#inFlight -= 1;
        this.#flush();
      });
  }

  #settle(group: readonly Waiting<J, R>[], results: readonly Settled<R>[]): void {
    const values: R[] = [];
    group.forEach((waiting, i) => {
      const result = results[i];
      if (result === undefined) waiting.reject(new Error('group commit returned no result for a job'));
      else if (!result.ok) waiting.reject(result.error);
      else {
        values.push(result.value);
        waiting.resolve(result.value);
      }
    });
    this.#options.afterCommit?.(values);
  }
}
