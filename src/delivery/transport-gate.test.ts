/**
 * The transport gate across instances: a throttling pause one instance records in the store
 * stops every other instance's sending through that transport — at once for a rate-limited
 * transport, within SHARED_PAUSE_REFRESH_MS for an unlimited one — and a delivery through
 * any instance ends the throttling streak. Real stores: PostgreSQL with two connections as two
 * instances would have them; SQLite (one process by design) with two gates on one file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { at } from '../store/fixtures.test-helpers.js';
import type { Store } from '../store/ports.js';
import { storeFactories } from '../store/store-factories.test-helpers.js';
import { SHARED_PAUSE_REFRESH_MS, TransportGate } from './transport-gate.js';

const LIMITS = { baseMs: 5000, maxMs: 40_000 };

const factories = await storeFactories();

describe.each(factories)('$name store', (factory) => {
  describe.skipIf(factory.skip !== null)(factory.skip ?? 'transport gate shared through the store', () => {
    afterEach(() => factory.cleanup());

    /** Two gates as two instances have them, each with its own clock reading. */
    async function twoInstances(): Promise<{ a: TransportGate; b: TransportGate; setNow(ms: number): void }> {
      const first: Store = await factory.open();
      const second: Store = factory.name === 'postgres' ? await factory.reopen() : first;
      let now = at(0);
      const clock = (): Date => now;
      return {
        a: new TransportGate(first.transportGates, LIMITS, clock),
        b: new TransportGate(second.transportGates, LIMITS, clock),
        setNow: (ms) => {
          now = at(ms);
        },
      };
    }

    it("an unlimited transport stops for another instance's pause within the refresh time, and goes on after it", async () => {
      const { a, b, setNow } = await twoInstances();
      expect(await b.admit('k', null)).toEqual({ granted: true });
      setNow(100);
      expect(await a.throttled('k')).toEqual(at(100 + LIMITS.baseMs));
      // b read the store at 0: it may send until its next read, at most SHARED_PAUSE_REFRESH_MS later
      setNow(200);
      expect(await b.admit('k', null)).toEqual({ granted: true });
      setNow(SHARED_PAUSE_REFRESH_MS);
      expect(await b.admit('k', null)).toEqual({ granted: false, retryAt: at(100 + LIMITS.baseMs) });
      // known now: refused without asking the store again, also for other keys' traffic
      setNow(SHARED_PAUSE_REFRESH_MS + 1);
      expect(await b.admit('k', null)).toEqual({ granted: false, retryAt: at(100 + LIMITS.baseMs) });
      expect(await b.admit('other', null)).toEqual({ granted: true });
      setNow(100 + LIMITS.baseMs);
      expect(await b.admit('k', null)).toEqual({ granted: true });
    });

    it('a rate-limited transport honours the pause at once on every instance', async () => {
      const { a, b, setNow } = await twoInstances();
      expect(await b.admit('k', 60)).toEqual({ granted: true });
      setNow(100);
      await a.throttled('k');
      setNow(150);
      expect(await b.admit('k', 60)).toEqual({ granted: false, retryAt: at(100 + LIMITS.baseMs) });
    });

    it("a delivery through another instance ends the streak: the next throttle pauses for the base time again", async () => {
      const { a, b, setNow } = await twoInstances();
      expect(await a.throttled('k')).toEqual(at(LIMITS.baseMs));
      setNow(LIMITS.baseMs);
      expect(await a.throttled('k')).toEqual(at(3 * LIMITS.baseMs)); // the server keeps throttling: doubled
      // b learns of the pause from the store, sends after it, and the message goes through
      setNow(SHARED_PAUSE_REFRESH_MS + LIMITS.baseMs);
      expect((await b.admit('k', null)).granted).toBe(false);
      setNow(3 * LIMITS.baseMs);
      expect(await b.admit('k', null)).toEqual({ granted: true });
      await b.delivered('k');
      setNow(4 * LIMITS.baseMs);
      expect(await a.throttled('k')).toEqual(at(5 * LIMITS.baseMs));
    });

    it('a delivery through an instance that never saw the pause ends the streak too', async () => {
      const { a, b, setNow } = await twoInstances();
      expect(await a.throttled('k')).toEqual(at(LIMITS.baseMs));
      setNow(LIMITS.baseMs);
      expect(await a.throttled('k')).toEqual(at(3 * LIMITS.baseMs)); // doubled
      // b's first look at the store is after the pause: granted, and told of the streak
      setNow(3 * LIMITS.baseMs);
      expect(await b.admit('k', 60)).toEqual({ granted: true });
      await b.delivered('k');
      setNow(4 * LIMITS.baseMs);
      expect(await a.throttled('k')).toEqual(at(5 * LIMITS.baseMs)); // the base pause again, not doubled
    });
  });
});
