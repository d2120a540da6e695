/**
 * Applies pending migrations at open. Several instances may start at once, so the whole run
 * holds a session advisory lock keyed on the schema: the first applies, the others wait and
 * then find nothing to do. Each migration is one transaction.
 */
import type pg from 'pg';
import { pendingMigrations, type Migration } from '../migration.js';
import { MIGRATIONS } from './migrations.js';

/**
 * Brings the schema up to date (creating `schema` first when given); returns the versions
 * applied now.
 */
export async function migrate(
  pool: pg.Pool,
  schema: string | undefined,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ key: string }>(
      "SELECT 'herald:migrate:' || coalesce($1::text, current_schema(), 'public') AS key",
      [schema ?? null],
    );
    const lockKey = rows[0]?.key ?? 'herald:migrate';
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    try {
      return await applyPending(client, schema, migrations);
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
    }
  } finally {
    client.release();
  }
}

async function applyPending(
  client: pg.PoolClient,
  schema: string | undefined,
  migrations: readonly Migration[],
): Promise<number[]> {
  // The name was checked by checkSchemaName when the pool was made (lower-case identifier).
  if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await client.query(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )
  `);
  const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
  const applied = new Set(rows.map((row) => row.version));
  const done: number[] = [];
  for (const migration of pendingMigrations(applied, migrations)) {
    await client.query('BEGIN');
    try {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    done.push(migration.version);
  }
  return done;
}
