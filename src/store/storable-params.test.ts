/** The store's last line of defence against text neither store can give back as written. */
import { describe, expect, it } from 'vitest';
import { toJsonParam, toTextParam, toTextParams } from './storable-params.js';

describe('storable parameters', () => {
  it('toJsonParam replaces real NULs and leaves a literal backslash-u0000 alone', () => {
    const json = toJsonParam({ a: 'x\u0000y', b: '\\u0000', c: '\\\u0000', [`k\u0000`]: 1 });
    expect(JSON.parse(json)).toEqual({ a: 'x\uFFFDy', b: '\\u0000', c: '\\\uFFFD', 'k\uFFFD': 1 });
  });

  it('toTextParam and toTextParams replace NULs and lone surrogates, keep pairs, nulls and numbers', () => {
    expect(toTextParam('a\u0000b\uD800')).toBe('a\uFFFDb\uFFFD');
    expect(toTextParam(null)).toBeNull();
    const json = toJsonParam(['\uDC00']);
    expect(toTextParams(['x\u0000', 1, null, '\uD83D\uDE00', json] as const)).toEqual(['x\uFFFD', 1, null, '\uD83D\uDE00', json]);
  });
});
