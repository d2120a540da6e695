import { describe, expect, it } from 'vitest';
import { count, formatNumber, itemRange } from './wording.js';

describe('CLI wording', () => {
  it.each([
    [0, '0 events'],
    [1, '1 event'],
    [2, '2 events'],
    [1_500, '1,500 events'],
  ])('count(%d) → %j', (n, text) => {
    expect(count(n, 'event')).toBe(text);
  });

  it('takes an irregular plural', () => {
    expect(count(2, 'entry', 'entries')).toBe('2 entries');
    expect(count(1, 'entry', 'entries')).toBe('1 entry');
  });

  it.each([
    [1, 1, 'event 1'],
    [1, 1_000, 'events 1–1,000'],
    [1_001, 1_005, 'events 1,001–1,005'],
  ])('itemRange(%d, %d) → %j', (first, last, text) => {
    expect(itemRange(first, last, 'event')).toBe(text);
  });

  it('groups thousands', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
  });
});
