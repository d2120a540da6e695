/** The list conventions of API.md: `limit` (default 50, clamped to 1..500) and `before`. */
import { InputError } from '../domain/errors.js';
import type { PageRequest } from '../store/ports.js';

/** Default page size. */
export const DEFAULT_LIMIT = 50;
/** Largest page size; bigger requests are clamped, not refused. */
export const MAX_LIMIT = 500;

/** Query-string schema fragment shared by list routes. */
export const pagingQuerySchema = {
  limit: { type: 'string', pattern: '^[0-9]+$', description: `Page size, default ${DEFAULT_LIMIT}, clamped to ${MAX_LIMIT}.` },
  before: { type: 'string', description: 'The nextCursor of the previous page.' },
} as const;

/** Reads limit/before from a validated query. */
export function pageRequest(query: { limit?: string; before?: string }): PageRequest {
  const limit = query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit);
  if (!Number.isFinite(limit)) throw new InputError('VALIDATION_FAILED', 'The query parameter "limit" must be a number.', 'limit');
  return { limit: Math.min(Math.max(limit, 1), MAX_LIMIT), before: query.before || undefined };
}
