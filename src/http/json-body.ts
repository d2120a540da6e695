/**
 * The JSON body parser of every route: secure-json-parse (what Fastify itself uses) keeps
 * `__proto__` and `constructor.prototype` keys out, a nesting limit keeps deep documents away
 * from the recursive code behind it (schema validation, JSON.stringify, the settings parsers),
 * and NUL characters and lone surrogates become U+FFFD (API.md; PostgreSQL cannot store them).
 */
import secureJson from 'secure-json-parse';
import { InputError } from '../domain/errors.js';
import { storableJson } from '../domain/text.js';

/** Deepest nesting of objects/arrays a body may have (the deepest real document has about 6). */
export const MAX_JSON_DEPTH = 64;

/** An escape that decodes to a NUL or a surrogate; only then is the parsed value walked. */
const SUSPECT_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

/**
 * Parses a request body; throws InputError: `INVALID_JSON` for what is not JSON,
 * `VALIDATION_FAILED` for forbidden keys and too deep nesting.
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw new InputError('VALIDATION_FAILED', 'The request body is empty; send a JSON document.');
  if (nestingExceeds(text, MAX_JSON_DEPTH)) {
    throw new InputError('VALIDATION_FAILED', `The request body is nested more than ${MAX_JSON_DEPTH} levels deep; send a flatter document.`);
  }
  let parsed: unknown;
  try {
    parsed = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error', safe: true });
  } catch {
    throw new InputError('INVALID_JSON', 'The request body is not valid JSON.');
  }
  if (parsed === null && text.trim() !== 'null') {
    throw new InputError('VALIDATION_FAILED', 'The request body must not contain the keys "__proto__" or "constructor.prototype".');
  }
  return SUSPECT_ESCAPE.test(text) ? storableJson(parsed) : parsed;
}

/**
 * True when brackets nest deeper than `limit` outside strings. Written by hand because no JSON
 * library offers a depth limit; it is one linear pass that jumps over strings with indexOf.
 * Malformed text is left to the parser (which then refuses it).
 */
export function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0x22 /* " */) {
      i = endOfString(text, i);
    } else if (code === 0x5b /* [ */ || code === 0x7b /* { */) {
      depth += 1;
      if (depth > limit) return true;
    } else if (code === 0x5d /* ] */ || code === 0x7d /* } */) {
      depth -= 1;
    }
  }
  return false;
}

/** Index of the quote that closes the string opened at `start` (or the end of the text). */
function endOfString(text: string, start: number): number {
  let i = start;
  for (;;) {
    i = text.indexOf('"', i + 1);
    if (i === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(i - 1 - backslashes) === 0x5c /* \ */) backslashes += 1;
    if (backslashes % 2 === 0) return i;
  }
}
