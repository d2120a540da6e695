/** Request events → stored events: marked storable for the store, the source address made storable. */
import { describe, expect, it } from 'vitest';
import { isMarkedStorable } from '../domain/text.js';
import { toEvents } from './event-input.js';

describe('toEvents', () => {
  const input = { id: 'e1', occurredAt: '2026-11-28T04:00:00Z', severity: 'info' as const, type: 'T' };

  it('marks each event storable (its text came through the JSON body guard) and cleans the source address', () => {
    const [event] = toEvents([input], new Date(0), '10.0.0.1\u0000');
    expect(event).toBeDefined();
    expect(isMarkedStorable(event as object)).toBe(true);
    expect(event?.sourceIp).toBe('10.0.0.1\uFFFD');
    // A copy is another value: not marked, so a store checks it.
    expect(isMarkedStorable({ ...event })).toBe(false);
  });
});
