/**
 * Splits what an admin types into a KSC list field (`a@x; b@x;`) or sends as a JSON array
 * into entries, the first step of parsing recipients and servers.
 */
import { InputError } from '../domain/errors.js';
import { VALIDATION_FAILED } from './fields.js';

/** Most entries one list may hold; a guard against pasted garbage, far above real use. */
export const MAX_LIST_ENTRIES = 1000;

/**
 * Splits `;`-separated text into trimmed, non-empty entries. A `;` inside double quotes
 * (`"Doe; Jane" <j@x>`) does not split when `quoteAware` is set; a backslash escapes the
 * next character inside quotes.
 */
export function splitOnSemicolons(text: string, quoteAware: boolean): string[] {
  const parts: string[] = [];
  let current = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quoteAware && inQuotes && ch === '\\' && i + 1 < text.length) {
      current += ch + text.charAt(i + 1);
      i++;
      continue;
    }
    if (quoteAware && ch === '"') inQuotes = !inQuotes;
    if (ch === ';' && !inQuotes) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/**
 * Turns list input (one string, or an array of strings, each of which may itself hold
 * `;`-separated entries) into the non-empty entries, in order. Type errors name
 * `field` or `field[i]` (i = the array index).
 */
export function listEntries(input: unknown, field: string, what: string, quoteAware: boolean): string[] {
  let entries: string[];
  if (typeof input === 'string') {
    entries = splitOnSemicolons(input, quoteAware);
  } else if (Array.isArray(input)) {
    entries = [];
    input.forEach((item: unknown, i) => {
      if (typeof item !== 'string') {
        throw new InputError(VALIDATION_FAILED, `Each entry of "${field}" must be a string.`, `${field}[${i}]`);
      }
      entries.push(...splitOnSemicolons(item, quoteAware));
    });
  } else {
    throw new InputError(
      VALIDATION_FAILED,
      `"${field}" must be a list of ${what}: an array of strings or one string with entries separated by ";".`,
      field,
    );
  }
  if (entries.length > MAX_LIST_ENTRIES) {
    throw new InputError(VALIDATION_FAILED, `"${field}" has more than ${MAX_LIST_ENTRIES} entries.`, field);
  }
  return entries;
}

/** Removes duplicates by `key` (first wins), keeping order. */
export function dedupeBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(item);
    }
  }
  return out;
}
