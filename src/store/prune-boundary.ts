/**
 * The count limit of event retention ("keep the newest `maxCount`") needs the row at position
 * `maxCount` in newest-first order. Neither store can find it faster than by stepping over
 * `maxCount` index entries (O(n): tens of ms at a few hundred thousand rows, and on SQLite
 * that blocks the event loop). Finding it once per pruning pass instead of once per 500-row
 * batch keeps a pass from stalling ingest and delivery batch after batch.
 *
 * Reusing a boundary found earlier is safe: every row at or before it had at least
 * `maxCount` newer rows then, and since then rows were only added (newer) or pruned oldest
 * first, so it still has. A pass ends (and the next one looks again) when a delete takes
 * fewer rows than asked for.
 */

/** The newest row beyond the cap: it and everything older is over `maxCount`. */
export interface CapBoundary<Time> {
  receivedAt: Time;
  id: string;
}

/** Remembers the boundary for one pass (one `maxCount`). */
export class PruneBoundary<Time> {
  #known: { maxCount: number; boundary: CapBoundary<Time> | null } | null = null;

  /** The boundary for `maxCount`: remembered during a pass, else found with `find`. */
  async get(maxCount: number, find: () => Promise<CapBoundary<Time> | null> | CapBoundary<Time> | null): Promise<CapBoundary<Time> | null> {
    if (this.#known === null || this.#known.maxCount !== maxCount) this.#known = { maxCount, boundary: await find() };
    return this.#known.boundary;
  }

  /** Records how a batch went: fewer deleted than asked ends the pass. */
  deleted(count: number, batchSize: number): void {
    if (count < batchSize) this.#known = null;
  }
}
