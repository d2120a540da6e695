import { describe, expect, it } from 'vitest';
import { pendingMigrations, type Migration } from './migration.js';

const steps: Migration[] = [
  { version: 1, name: 'one', sql: 'CREATE TABLE a (x int)' },
  { version: 2, name: 'two', sql: 'CREATE TABLE b (x int)' },
];

describe('pendingMigrations', () => {
  it('returns the steps not yet applied, in order', () => {
    expect(pendingMigrations(new Set(), steps).map((m) => m.version)).toEqual([1, 2]);
    expect(pendingMigrations(new Set([1]), steps).map((m) => m.version)).toEqual([2]);
    expect(pendingMigrations(new Set([1, 2]), steps)).toEqual([]);
  });

  it('refuses a database written by a newer Herald', () => {
    expect(() => pendingMigrations(new Set([1, 2, 3]), steps)).toThrow(/version 3\) is newer than this Herald knows \(2\)/);
  });
});
