/**
 * Chooses and opens the store from configuration: PostgreSQL when `databaseUrl` is a
 * `postgres://` (or `postgresql://`) URL, otherwise SQLite at `<dataDir>/herald.db`.
 */
import { join } from 'node:path';
import { openPostgresStore } from './postgres/index.js';
import type { Store } from './ports.js';
import { openSqliteStore } from './sqlite/index.js';

export { StoreInUseError } from './errors.js';

/** The configuration `openStore` needs. */
export interface OpenStoreOptions {
  /** `HERALD_DATABASE_URL`; unset/null = SQLite. */
  databaseUrl?: string | null;
  /** `HERALD_DATA_DIR`: holds `herald.db` (created when missing). */
  dataDir: string;
  /** `HERALD_SQLITE_SYNC`. */
  sqliteSync: 'normal' | 'full';
  /** PostgreSQL schema (tests isolate themselves in one); default: the server's search_path. */
  postgresSchema?: string;
}

/** The SQLite file name inside the data dir. */
export const SQLITE_FILE_NAME = 'herald.db';

/**
 * Opens the configured store (migrations applied). Throws `StoreInUseError` when another
 * process holds the SQLite file, and a plain Error for an unsupported URL scheme.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const url = options.databaseUrl ?? '';
  if (url === '') {
    return openSqliteStore({ path: join(options.dataDir, SQLITE_FILE_NAME), sync: options.sqliteSync });
  }
  if (/^postgres(ql)?:\/\//i.test(url)) {
    return openPostgresStore({ url, schema: options.postgresSchema });
  }
  throw new Error('HERALD_DATABASE_URL must be a postgres:// URL (unset it to use SQLite in the data dir).');
}
