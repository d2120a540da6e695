import { defaultGrouping } from '../domain/grouping.js';
import { describe, expect, it } from 'vitest';
import type { InputError } from '../domain/errors.js';
import { inputErrorOf } from '../domain/errors.test-helpers.js';
import { defaultRules } from '../domain/rules.js';
import { parseRules } from './rules.js';

function failure(raw: unknown): InputError {
  return inputErrorOf(() => parseRules(raw), raw);
}

describe('parseRules', () => {
  it('gives the defaults for an empty document', () => {
    expect(parseRules({})).toEqual(defaultRules());
  });

  it('parses the API.md example', () => {
    expect(
      parseRules({ severities: ['critical', 'error'], eventTypes: { GNRL_EV_VIRUS_FOUND: true, KLPRCI_TaskState: false } }),
    ).toEqual({ severities: ['critical', 'error'], eventTypes: { GNRL_EV_VIRUS_FOUND: true, KLPRCI_TaskState: false }, grouping: defaultGrouping() });
  });

  it('de-duplicates severities and puts them in canonical order', () => {
    expect(parseRules({ severities: ['info', 'critical', 'info', 'warning'] }).severities).toEqual(['critical', 'warning', 'info']);
  });

  it('allows no severities at all', () => {
    expect(parseRules({ severities: [] }).severities).toEqual([]);
  });

  it('replaces the whole document (absent eventTypes → none)', () => {
    expect(parseRules({ severities: ['info'] })).toEqual({ severities: ['info'], eventTypes: {}, grouping: defaultGrouping() });
  });

  it('keeps a __proto__ event type as an ordinary key', () => {
    const rules = parseRules(JSON.parse('{"eventTypes": {"__proto__": true}}'));
    expect(Object.keys(rules.eventTypes)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(rules.eventTypes)).toBe(Object.prototype);
  });

  it.each([
    ['severities', { severities: 'critical' }],
    ['severities[1]', { severities: ['critical', 'fatal'] }],
    ['severities[0]', { severities: ['Critical'] }],
    ['severities[0]', { severities: [4] }],
    ['eventTypes', { eventTypes: [] }],
    ['eventTypes', { eventTypes: { '': true } }],
    ['eventTypes.FOO', { eventTypes: { FOO: 'yes' } }],
    ['eventTypes.FOO', { eventTypes: { FOO: null } }],
    ['eventTypes. FOO', { eventTypes: { ' FOO': true } }],
    ['eventTypes.A\nB', { eventTypes: { 'A\nB': true } }],
    ['severity', { severity: ['info'] }],
  ])('rejects with field %j', (field, raw) => {
    const error = failure(raw);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.field).toBe(field);
  });

  it('says which severities exist', () => {
    expect(failure({ severities: ['fatal'] }).message).toMatch(/critical, error, warning, info/);
  });
});

describe('grouping', () => {
  it('defaults to application and event type, first at once, digests every 5 minutes, idle after an hour', () => {
    expect(parseRules({}).grouping).toEqual({ by: ['application', 'eventType'], waitSeconds: 0, intervalSeconds: 300, idleSeconds: 3600, maxListed: 50 });
  });

  it('parses the API.md example and puts "by" in canonical order without duplicates', () => {
    const grouping = parseRules({ grouping: { by: ['eventType', 'application', 'eventType'], waitSeconds: 30, intervalSeconds: 600, idleSeconds: 7200, maxListed: 20 } }).grouping;
    expect(grouping).toEqual({ by: ['application', 'eventType'], waitSeconds: 30, intervalSeconds: 600, idleSeconds: 7200, maxListed: 20 });
  });

  it('takes [] as grouping off and fills absent fields with defaults', () => {
    expect(parseRules({ grouping: { by: [] } }).grouping).toEqual({ ...defaultGrouping(), by: [] });
  });

  it.each([
    [{ by: ['host'] }, 'grouping.by[0]'],
    [{ by: 'application' }, 'grouping.by'],
    [{ waitSeconds: -1 }, 'grouping.waitSeconds'],
    [{ intervalSeconds: 0 }, 'grouping.intervalSeconds'],
    [{ idleSeconds: 1.5 }, 'grouping.idleSeconds'],
    [{ maxListed: 5000 }, 'grouping.maxListed'],
    [{ repeat: 1 }, 'grouping.repeat'],
  ])('refuses %j with VALIDATION_FAILED at %s', (grouping, field) => {
    expect(() => parseRules({ grouping })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', field }));
  });
});
