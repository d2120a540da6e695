import { describe, expect, it } from 'vitest';
import { boundedMemo } from './bounded-memo.js';

describe('boundedMemo', () => {
  it('computes each input once, starts over at the limit, and keeps nothing for a call that throws', () => {
    const computed: string[] = [];
    const memo = boundedMemo((key: string) => {
      computed.push(key);
      if (key === 'bad') throw new Error('no');
      return { key };
    }, 2);
    const a = memo('a');
    expect(memo('a')).toBe(a);
    memo('b');
    memo('c'); // the third input: the two kept are dropped
    expect(memo('a')).not.toBe(a);
    expect(() => memo('bad')).toThrow('no');
    expect(() => memo('bad')).toThrow('no');
    expect(computed).toEqual(['a', 'b', 'c', 'a', 'bad', 'bad']);
  });
});
