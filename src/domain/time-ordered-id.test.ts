import { describe, expect, it } from 'vitest';
import { TimeOrderedIds, timeOrderedId } from './time-ordered-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('time-ordered ids (UUIDv7)', () => {
  it('are version-7 UUIDs with the millisecond time in the first 48 bits', () => {
    const at = Date.UTC(2026, 10, 28, 4, 0, 0, 123);
    const id = new TimeOrderedIds(() => at).next();
    expect(id).toMatch(UUID_V7);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sort by creation time across milliseconds, also when the clock steps back', () => {
    let now = 1_800_000_000_000;
    const ids = new TimeOrderedIds(() => now);
    const made: string[] = [];
    for (let i = 0; i < 1000; i += 1) {
      made.push(ids.next());
      now += i === 500 ? -5_000 : 1; // a clock step back keeps the last millisecond
    }
    const prefixes = made.map((id) => id.slice(0, 13));
    expect([...prefixes].sort()).toEqual(prefixes);
  });

  it('sort in the order they were made within one millisecond, also past the counter\'s end', () => {
    const ids = new TimeOrderedIds(() => 1_800_000_000_000);
    const made = Array.from({ length: 5_000 }, () => ids.next()); // more than one counter's worth
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
    for (const id of made) expect(id).toMatch(UUID_V7);
  });

  it('are unique and random beyond the time', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => timeOrderedId()));
    expect(ids.size).toBe(10_000);
    for (const id of [...ids].slice(0, 50)) expect(id).toMatch(UUID_V7);
  });
});
