/**
 * JSON parameters for PostgreSQL. PostgreSQL cannot store U+0000 in `text` nor `\u0000` in
 * `jsonb`; the HTTP layer already replaces NUL, and this is the last line of defence: every
 * JSON parameter goes through `toJsonParam`, which replaces an escaped NUL by U+FFFD. Text
 * taken from such JSON inside SQL (`->>`) is then NUL-free as well.
 */

/** `\u0000` not preceded by an odd number of backslashes (i.e. a real NUL, not a literal `\\u0000`). */
const ESCAPED_NUL = /(?<!\\)((?:\\\\)*)\\u0000/g;

/** JSON text of `value`, safe for `jsonb`. */
export function toJsonParam(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes('\\u0000') ? json.replace(ESCAPED_NUL, '$1\\ufffd') : json;
}

/** A plain text parameter without NUL characters. */
export function toTextParam<T extends string | null>(value: T): T {
  return (value !== null && value.includes('\0') ? value.replaceAll('\0', '\uFFFD') : value) as T;
}
