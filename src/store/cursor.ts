/**
 * Opaque paging cursors of the newest-first lists. A cursor is the `(time, id)` of the last
 * item of a page, so paging is stable even when many rows share one timestamp: the next page
 * is every row strictly before that tuple in `(time DESC, id DESC)` order.
 */
import { InputError } from '../domain/errors.js';
import type { Page } from './ports.js';

/** The position a cursor stands for. */
export interface CursorPosition {
  /** Epoch milliseconds of the sort time (receivedAt for events, createdAt for notifications). */
  timeMs: number;
  id: string;
}

/** Encodes a position as an opaque URL-safe string. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${position.timeMs}.${position.id}`, 'utf8').toString('base64url');
}

/**
 * Decodes a cursor from `before`; undefined/empty means "from the newest". A malformed cursor
 * is the client's mistake: 400 `VALIDATION_FAILED` on field `before`.
 */
export function decodeCursor(cursor: string | undefined): CursorPosition | null {
  if (cursor === undefined || cursor === '') return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const dot = text.indexOf('.');
  const timeMs = dot > 0 ? Number(text.slice(0, dot)) : Number.NaN;
  if (!Number.isSafeInteger(timeMs) || dot === text.length - 1) {
    throw new InputError('VALIDATION_FAILED', 'The paging cursor is not valid; start from the first page.', 'before');
  }
  return { timeMs, id: text.slice(dot + 1) };
}

/**
 * Builds a page from `limit + 1` fetched rows: the extra row only tells that another page
 * exists; the cursor points at the last row returned.
 */
export function toPage<T>(rows: T[], limit: number, positionOf: (item: T) => CursorPosition): Page<T> {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: last === undefined ? null : encodeCursor(positionOf(last)) };
}
