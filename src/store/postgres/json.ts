/**
 * JSON and text parameters for PostgreSQL. PostgreSQL cannot store U+0000 in `text`, nor
 * `\u0000` or a lone surrogate escape in `jsonb`; the HTTP layer already replaces them (API.md),
 * and this is the last line of defence (the shared rule is `domain/text.ts`): every JSON
 * parameter goes through `toJsonParam`, free text through `toTextParam`. Text taken from such
 * JSON inside SQL (`->>`) is then clean as well.
 */
import { storableJsonText, storableText } from '../../domain/text.js';

/** JSON text of `value`, safe for `jsonb`. */
export function toJsonParam(value: unknown): string {
  return storableJsonText(JSON.stringify(value));
}

/** A plain text parameter without NUL characters or lone surrogates. */
export function toTextParam<T extends string | null>(value: T): T {
  return (value === null ? value : storableText(value)) as T;
}
