/**
 * The rules document (`PUT /api/v1/settings/rules`): which events become e-mails. Also the
 * field parsers policies reuse for their `rules` subset.
 */
import { InputError } from '../domain/errors.js';
import { defaultGrouping, GROUPING_DIMENSIONS, GROUPING_NUMBER_LIMITS, type Grouping, type GroupingDimension } from '../domain/grouping.js';
import { defaultRules, type Rules } from '../domain/rules.js';
import { isSeverity, SEVERITIES, type Severity } from '../domain/severity.js';
import { expectBoolean, expectInteger, expectObject, hasKey, joinField, readKey, rejectUnknownKeys, VALIDATION_FAILED } from './fields.js';
import { CONTROL_CHARACTERS } from '../domain/text.js';

/** Keys of the rules document. */
export const RULES_KEYS = ['severities', 'eventTypes', 'grouping'] as const satisfies ReadonlyArray<keyof Rules>;

/** Longest event type name accepted as a key. */
export const MAX_EVENT_TYPE_LENGTH = 256;

/**
 * Parses a full rules document: absent fields take their defaults (critical and error
 * notify, no per-type overrides).
 */
export function parseRules(raw: unknown): Rules {
  const object = expectObject(raw, '');
  rejectUnknownKeys(object, RULES_KEYS, '');
  const rules = defaultRules();
  if (hasKey(object, 'severities')) rules.severities = parseSeverities(readKey(object, 'severities'), 'severities');
  if (hasKey(object, 'eventTypes')) rules.eventTypes = parseEventTypes(readKey(object, 'eventTypes'), 'eventTypes');
  if (hasKey(object, 'grouping')) rules.grouping = parseGrouping(readKey(object, 'grouping'), 'grouping');
  return rules;
}

/** Keys of `grouping`. */
export const GROUPING_KEYS = ['by', 'waitSeconds', 'intervalSeconds', 'idleSeconds', 'maxListed'] as const satisfies ReadonlyArray<keyof Grouping>;

/**
 * A full `grouping` object: absent fields take their defaults. `by` is a set of dimensions
 * (duplicates dropped, canonical order); `[]` turns grouping off.
 */
export function parseGrouping(raw: unknown, field: string): Grouping {
  const object = expectObject(raw, field);
  rejectUnknownKeys(object, GROUPING_KEYS, field);
  const grouping = defaultGrouping();
  if (hasKey(object, 'by')) grouping.by = parseGroupingBy(readKey(object, 'by'), joinField(field, 'by'));
  for (const key of ['waitSeconds', 'intervalSeconds', 'idleSeconds', 'maxListed'] as const) {
    const { min, max } = GROUPING_NUMBER_LIMITS[key];
    if (hasKey(object, key)) grouping[key] = expectInteger(readKey(object, key), joinField(field, key), min, max);
  }
  return grouping;
}

function parseGroupingBy(value: unknown, field: string): GroupingDimension[] {
  if (!Array.isArray(value)) {
    throw new InputError(VALIDATION_FAILED, `"${field}" must be an array of ${GROUPING_DIMENSIONS.join(', ')} ([] turns grouping off).`, field);
  }
  const given = new Set<GroupingDimension>();
  value.forEach((item: unknown, i) => {
    if (typeof item !== 'string' || !(GROUPING_DIMENSIONS as readonly string[]).includes(item)) {
      throw new InputError(VALIDATION_FAILED, `${JSON.stringify(item)} cannot group events; use ${GROUPING_DIMENSIONS.join(', ')}.`, `${field}[${i}]`);
    }
    given.add(item as GroupingDimension);
  });
  return GROUPING_DIMENSIONS.filter((d) => given.has(d));
}

/** An array of known severities; duplicates dropped; returned most severe first (canonical order). */
export function parseSeverities(value: unknown, field: string): Severity[] {
  if (!Array.isArray(value)) {
    throw new InputError(VALIDATION_FAILED, `"${field}" must be an array of severities (${SEVERITIES.join(', ')}).`, field);
  }
  const given = new Set<Severity>();
  value.forEach((item: unknown, i) => {
    if (!isSeverity(item)) {
      throw new InputError(
        VALIDATION_FAILED,
        `${JSON.stringify(item)} is not a severity; use one of ${SEVERITIES.join(', ')}.`,
        `${field}[${i}]`,
      );
    }
    given.add(item);
  });
  return SEVERITIES.filter((s) => given.has(s));
}

/**
 * An object of event type → true (always notify) / false (never notify). Keys must be
 * non-empty, without surrounding spaces or control characters (they are compared exactly
 * with the events' `type`).
 */
export function parseEventTypes(value: unknown, field: string): Record<string, boolean> {
  const object = expectObject(value, field);
  const entries: Array<[string, boolean]> = [];
  for (const key of Object.keys(object)) {
    const keyField = joinField(field, key);
    if (key.trim() === '') {
      throw new InputError(VALIDATION_FAILED, `An event type in "${field}" is empty; remove it.`, field);
    }
    if (key.trim() !== key || CONTROL_CHARACTERS.test(key) || key.length > MAX_EVENT_TYPE_LENGTH) {
      throw new InputError(
        VALIDATION_FAILED,
        `The event type "${key.trim()}" must have no surrounding spaces or control characters and at most ${MAX_EVENT_TYPE_LENGTH} characters.`,
        keyField,
      );
    }
    entries.push([key, expectBoolean(readKey(object, key), keyField)]);
  }
  return Object.fromEntries(entries);
}
