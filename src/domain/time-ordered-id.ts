/**
 * Time-ordered notification ids (UUID version 7, RFC 9562): 48 bits of Unix milliseconds,
 * then random bits. New ids sort after older ones, so inserts into the notifications primary
 * key (and anything keyed on the id) land at the right edge of the B-tree instead of on a
 * random page: the index stays append-only and its hot pages stay in cache as the table grows
 * to millions of rows. Within one millisecond the 12-bit `rand_a` field is a counter (RFC 9562
 * §6.2, method 1), so ids made by one generator sort exactly in the order they were made —
 * the audit log relies on that to list two changes of the same millisecond in order. They
 * remain unguessable (62 random bits, plus a random counter start) and look like any UUID.
 */
import { randomFillSync } from 'node:crypto';

/** Random bytes fetched per refill (256 ids' worth): one syscall instead of one per id. */
const POOL_BYTES = 16 * 256;

/** The `rand_a` counter's largest value (12 bits). */
const COUNTER_MAX = 0xfff;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Makes UUIDv7 ids; the clock is injectable for tests. */
export class TimeOrderedIds {
  private readonly pool = Buffer.alloc(POOL_BYTES);
  private offset = POOL_BYTES;
  private lastMs = 0;
  private counter = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * The next id, sorting after the previous one: never earlier than its millisecond (a clock
   * step back is ignored), and in the same millisecond one counter step later.
   */
  next(): string {
    if (this.offset + 16 > POOL_BYTES) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const b = this.pool.subarray(this.offset, this.offset + 16);
    this.offset += 16;
    let ms = Math.max(this.now(), this.lastMs);
    if (ms === this.lastMs && this.counter < COUNTER_MAX) {
      this.counter += 1;
    } else {
      // A new millisecond (or a full counter, which borrows the next one): start the counter at
      // a random value in its lower half, so it has at least 2,048 steps left.
      if (ms === this.lastMs) ms += 1;
      this.counter = (((b[6] ?? 0) & 0x07) << 8) | (b[7] ?? 0);
    }
    this.lastMs = ms;
    // 48-bit big-endian milliseconds (exact: below 2^53, divided without bit operators).
    const high = Math.floor(ms / 2 ** 16);
    b[0] = (high / 2 ** 24) & 0xff;
    b[1] = (high / 2 ** 16) & 0xff;
    b[2] = (high / 2 ** 8) & 0xff;
    b[3] = high & 0xff;
    b[4] = (ms / 2 ** 8) & 0xff;
    b[5] = ms & 0xff;
    b[6] = 0x70 | (this.counter >> 8); // version 7, then the counter's high 4 bits
    b[7] = this.counter & 0xff;
    b[8] = ((b[8] ?? 0) & 0x3f) | 0x80; // variant 10
    let hex = '';
    for (let i = 0; i < 16; i += 1) {
      hex += HEX[b[i] ?? 0];
      if (i === 3 || i === 5 || i === 7 || i === 9) hex += '-';
    }
    return hex;
  }
}

const shared = new TimeOrderedIds();

/** A new time-ordered id from the process-wide generator. */
export function timeOrderedId(): string {
  return shared.next();
}
