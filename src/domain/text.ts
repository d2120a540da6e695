/**
 * Text that every store can hold: valid UTF-8 without NUL. PostgreSQL refuses U+0000 in `text`
 * and both `\u0000` and unpaired surrogate escapes in `jsonb`, so API.md says NUL characters and
 * lone surrogates in any text are replaced by U+FFFD. The HTTP boundary applies this to every
 * body and query string; the stores apply it again as the last line of defence.
 */

/** The replacement character API.md names. */
export const REPLACEMENT_CHARACTER = '\uFFFD';

/** A NUL, or a surrogate code unit (paired ones are told apart by `isWellFormed`). */
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

/** True when `text` holds a NUL or a lone surrogate. */
export function hasUnstorableText(text: string): boolean {
  return SUSPECT.test(text) && (text.includes('\u0000') || !text.isWellFormed());
}

/** `text` with every NUL and every lone surrogate replaced by U+FFFD (unchanged when clean). */
export function storableText(text: string): string {
  if (!SUSPECT.test(text)) return text;
  return text.toWellFormed().replaceAll('\u0000', REPLACEMENT_CHARACTER);
}

/**
 * A JSON value (as JSON.parse gives it) with `storableText` applied to every string, keys
 * included. Iterative, so a deep value cannot overflow the stack; values without suspect text
 * are returned as they are.
 */
export function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (typeof value !== 'object' || value === null) return value;
  const root: { value: unknown } = { value };
  const pending: Array<{ holder: Record<string, unknown> | unknown[]; key: string | number }> = [{ holder: root as unknown as Record<string, unknown>, key: 'value' }];
  while (pending.length > 0) {
    const { holder, key } = pending.pop() as { holder: Record<string, unknown> | unknown[]; key: string | number };
    const current = (holder as Record<string | number, unknown>)[key];
    if (typeof current === 'string') {
      (holder as Record<string | number, unknown>)[key] = storableText(current);
    } else if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i += 1) pending.push({ holder: current, key: i });
    } else if (typeof current === 'object' && current !== null) {
      const record = current as Record<string, unknown>;
      for (const name of Object.keys(record)) {
        const clean = storableText(name);
        if (clean !== name) {
          // Keep the entry, under its repaired name (a later clean duplicate would win in JSON too).
          Object.defineProperty(record, clean, { value: record[name], enumerable: true, writable: true, configurable: true });
          delete record[name];
        }
        pending.push({ holder: record, key: clean });
      }
    }
  }
  return root.value;
}

/**
 * An escape in JSON text that PostgreSQL's `jsonb` refuses: `\u0000`, or a surrogate escape
 * (well-formed JSON.stringify writes paired surrogates as the characters themselves, so an
 * escaped one is always lone), not preceded by an odd number of backslashes.
 */
const UNSTORABLE_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(?:0000|[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|[dD][89a-fA-F][0-9a-fA-F]{2})/g;

/**
 * JSON text (from JSON.stringify) with every escaped NUL and lone surrogate replaced by the
 * escape of U+FFFD; an escaped surrogate pair (hand-written JSON) is kept.
 */
export function storableJsonText(json: string): string {
  if (!json.includes('\\u')) return json;
  return json.replace(UNSTORABLE_ESCAPE, (match: string, backslashes: string) =>
    match.length - backslashes.length === 12 ? match : `${backslashes}\\ufffd`,
  );
}

/** Values marked by `markStorable` (a WeakSet: a marked value is collected like any other). */
const markedStorable = new WeakSet<object>();

/**
 * Marks `value` as holding only storable text: every string in it comes from text that already
 * went through `storableText`/`storableJson` (the HTTP boundary: every JSON body is parsed by
 * `http/json-body.ts`). A store may then skip its own check of that value (the ingest path
 * checked the same strings twice); a copy or any other value is not marked and is checked.
 */
export function markStorable<T extends object>(value: T): T {
  markedStorable.add(value);
  return value;
}

/** True when `value` itself was passed to `markStorable`. */
export function isMarkedStorable(value: object): boolean {
  return markedStorable.has(value);
}

/** Matches C0 controls, DEL and C1 controls (refused in one-line settings such as names and hosts). */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
