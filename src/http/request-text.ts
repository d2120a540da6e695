/**
 * The parts of a request URL as text the stores can hold (API.md): query values with NUL and
 * lone surrogates replaced by U+FFFD; path parameters that hold them cannot be ids (404).
 */
import { parse as parseQueryString } from 'node:querystring';
import { hasUnstorableText, storableText } from '../domain/text.js';

/** Fastify's query-string parser: Node's, with every key and value made storable. */
export function storableQuery(query: string): Record<string, string | string[]> {
  const parsed = parseQueryString(query);
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of Object.entries(parsed)) {
    if (value === undefined) continue;
    out[storableText(key)] = Array.isArray(value) ? value.map(storableText) : storableText(value);
  }
  return out;
}

/** False when a path parameter holds a NUL or a lone surrogate: no stored id does. */
export function pathParamsFit(params: unknown): boolean {
  if (typeof params !== 'object' || params === null) return true;
  return Object.values(params).every((value) => typeof value !== 'string' || !hasUnstorableText(value));
}
