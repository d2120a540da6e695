/**
 * What both stores share about migrations: the shape of one schema step and the decision
 * which steps to apply. Each store keeps its own list (`sqlite/migrations.ts`,
 * `postgres/migrations.ts`, same tables, columns and indexes in their own dialect) and its own
 * runner (SQLite is synchronous and single-process; PostgreSQL takes an advisory lock).
 */

/** One schema step, applied in its own transaction and recorded in `schema_migrations`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The migrations still to apply, in order, given the versions already recorded. Throws when
 * the database has a version this build does not know: it was written by a newer Herald, and
 * running an older one on it could lose data.
 */
export function pendingMigrations(applied: ReadonlySet<number>, migrations: readonly Migration[]): Migration[] {
  const newest = Math.max(0, ...migrations.map((m) => m.version));
  const unknown = [...applied].filter((version) => version > newest);
  if (unknown.length > 0) {
    throw new Error(
      `The database schema (version ${Math.max(...unknown)}) is newer than this Herald knows (${newest}); ` +
        'upgrade Herald instead of downgrading it.',
    );
  }
  return migrations.filter((migration) => !applied.has(migration.version));
}
