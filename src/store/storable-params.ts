/**
 * Text and JSON parameters as both stores write them. PostgreSQL cannot store U+0000 in `text`,
 * nor `\u0000` or a lone surrogate escape in `jsonb`; SQLite stores both but hands them back, so
 * the same text would read differently per store. API.md says NUL characters and lone
 * surrogates are replaced by U+FFFD: the HTTP layer does it first, and every store write goes
 * through these as the last line of defence (the rule itself is `domain/text.ts`). Every JSON
 * parameter goes through `toJsonParam`, free text through `toTextParam` (or a whole row through
 * `toTextParams`). One exception, the hottest path: events built from a request body are marked
 * (`markStorable` in `ingest/event-input.ts`) and SQLite's ingest writes them unchecked, since
 * the body parser already replaced every NUL and lone surrogate in them; the same events built
 * any other way are checked here (contract/storable-text.contract.test.ts).
 */
import { storableJsonText, storableText } from '../domain/text.js';

/** JSON text of `value`, safe for `jsonb` and without escaped NULs or lone surrogates. */
export function toJsonParam(value: unknown): string {
  return storableJsonText(JSON.stringify(value));
}

/** A plain text parameter without NUL characters or lone surrogates. */
export function toTextParam<T extends string | null>(value: T): T {
  return (value === null ? value : storableText(value)) as T;
}

/**
 * A row of statement parameters with `toTextParam` applied to every string in it. JSON text
 * from `toJsonParam` passes unchanged (it holds no NUL and no lone surrogate).
 */
export function toTextParams<T extends readonly unknown[]>(params: T): T {
  return params.map((value) => (typeof value === 'string' ? storableText(value) : value)) as unknown as T;
}
