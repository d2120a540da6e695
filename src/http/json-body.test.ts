import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.js';
import { MAX_JSON_DEPTH, nestingExceeds, parseJsonBody } from './json-body.js';

const codeOf = (text: string): string | null => {
  try {
    parseJsonBody(text);
    return null;
  } catch (error) {
    return (error as InputError).code;
  }
};

describe('parseJsonBody', () => {
  it('accepts the deepest allowed nesting and refuses one level more', () => {
    const at = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(codeOf(at(MAX_JSON_DEPTH))).toBeNull();
    expect(codeOf(at(MAX_JSON_DEPTH + 1))).toBe('VALIDATION_FAILED');
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ a: '['.repeat(500) + '\\"{{{' + '"'.repeat(3) });
    expect(nestingExceeds(text, 2)).toBe(false);
    expect(parseJsonBody(text)).toEqual(JSON.parse(text));
    expect(nestingExceeds('{"a\\\\":[[[1]]]}', 3)).toBe(true);
  });

  it('keeps __proto__ and constructor.prototype out; a plain "constructor" key is data', () => {
    expect(codeOf('{"__proto__": {"polluted": true}}')).toBe('VALIDATION_FAILED');
    expect(codeOf('{"a": [{"\\u005f\\u005fproto__": 1}]}')).toBe('VALIDATION_FAILED');
    expect(codeOf('{"constructor": {"prototype": {"polluted": true}}}')).toBe('VALIDATION_FAILED');
    expect(parseJsonBody('{"constructor": "fine"}')).toEqual({ constructor: 'fine' });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('replaces escaped NUL and lone surrogates, keeps escaped pairs, and tells bad JSON apart', () => {
    expect(parseJsonBody('{"a\\u0000": ["\\ud800x", "\\ud83d\\ude00"]}')).toEqual({ 'a\uFFFD': ['\uFFFDx', '\uD83D\uDE00'] });
    expect(parseJsonBody('null')).toBeNull();
    expect(codeOf('{"a": ')).toBe('INVALID_JSON');
    expect(codeOf('  ')).toBe('VALIDATION_FAILED');
  });
});
