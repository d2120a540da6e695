/**
 * The connection pool. With a `schema` every pooled connection starts with
 * `search_path=<schema>` (a startup option, so no connection can run a query before it is
 * set); tests use this to isolate themselves in a throw-away schema.
 */
import pg from 'pg';

/** Connections per instance; ingest, claim and the API share them (statements are short). */
export const DEFAULT_POOL_SIZE = 10;

/** How long to wait for a new connection before failing the query. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** A schema name we are willing to put into SQL: lower-case identifier, no quoting needed. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Throws unless `schema` is a plain lower-case identifier; returns it. */
export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`PostgreSQL schema name "${schema}" must match ${SCHEMA_NAME.source}`);
  }
  return schema;
}

/** Connection settings shared by the pool and the LISTEN connection. */
export function clientConfig(url: string, schema: string | undefined): pg.ClientConfig {
  return {
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ...(schema === undefined ? {} : { options: `-c search_path=${checkSchemaName(schema)}` }),
  };
}

/** Creates the pool; an idle connection that breaks is dropped, not a process crash. */
export function createPool(url: string, schema: string | undefined, size = DEFAULT_POOL_SIZE): pg.Pool {
  const pool = new pg.Pool({ ...clientConfig(url, schema), max: size });
  pool.on('error', () => {
    // The pool discards the broken idle client; the next query opens a new one.
  });
  return pool;
}

/** Runs `work` in one transaction on one pooled connection; rolls back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
