import { describe, expect, it } from 'vitest';
import { hasUnstorableText, isMarkedStorable, markStorable, storableJson, storableJsonText, storableText } from './text.js';

describe('storable text', () => {
  it('replaces NUL and lone surrogates by U+FFFD and keeps pairs and clean text as they are', () => {
    expect(storableText('a\u0000b')).toBe('a\uFFFDb');
    expect(storableText('x\uD800y\uDC00')).toBe('x\uFFFDy\uFFFD');
    expect(storableText('emoji \uD83D\uDE00')).toBe('emoji \uD83D\uDE00');
    const clean = 'plain text';
    expect(storableText(clean)).toBe(clean);
    expect(hasUnstorableText('a\u0000')).toBe(true);
    expect(hasUnstorableText('\uDFFF')).toBe(true);
    expect(hasUnstorableText('\uD83D\uDE00')).toBe(false);
  });

  it('repairs every string and key of a JSON value, however deep', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    let cursor = storableJson(deep);
    for (let i = 0; i < 100_000; i += 1) cursor = (cursor as unknown[])[0];
    expect(cursor).toBe('bottom\uFFFD');
    expect(storableJson({ 'k\u0000': { v: ['\uD800', 1, null, true] } })).toEqual({ 'k\uFFFD': { v: ['\uFFFD', 1, null, true] } });
  });

  it('fixes escapes in JSON text that jsonb refuses, not literal backslashes or escaped pairs', () => {
    const json = storableJsonText(JSON.stringify({ a: 'x\u0000y', b: '\\u0000', c: '\\\u0000', d: 'l\uD800', e: '\\ud800', [`k\u0000`]: 1 }));
    expect(JSON.parse(json)).toEqual({ a: 'x\uFFFDy', b: '\\u0000', c: '\\\uFFFD', d: 'l\uFFFD', e: '\\ud800', 'k\uFFFD': 1 });
    expect(storableJsonText('"\\ud83d\\ude00"')).toBe('"\\ud83d\\ude00"');
    expect(storableJsonText('"\\udc00\\ud83d"')).toBe('"\\ufffd\\ufffd"');
  });

  it('remembers values marked storable, and only those', () => {
    const marked = markStorable({ text: 'clean' });
    expect(isMarkedStorable(marked)).toBe(true);
    expect(isMarkedStorable({ text: 'clean' })).toBe(false);
  });
});
