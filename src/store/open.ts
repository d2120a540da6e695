/**
 * Chooses and opens the store from configuration: PostgreSQL when `databaseUrl` is a
 * `postgres://` (or `postgresql://`) URL, otherwise SQLite at `<dataDir>/herald.db`.
 */
import { join } from 'node:path';
import type { Store } from './ports.js';

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
 *
 * Only the chosen store's module is loaded: a process on SQLite never loads `pg` (~1.4 MiB of
 * heap for its code and tables, in every process, for nothing), nor one on PostgreSQL the
 * native SQLite module.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const url = options.databaseUrl ?? '';
  if (url === '') {
    const { openSqliteStore } = await import('./sqlite/index.js');
    return openSqliteStore({ path: join(options.dataDir, SQLITE_FILE_NAME), sync: options.sqliteSync });
  }
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const { openPostgresStore } = await import('./postgres/index.js');
    return openPostgresStore({ url, schema: options.postgresSchema });
  }
  throw new Error('HERALD_DATABASE_URL must be a postgres:// URL (unset it to use SQLite in the data dir).');
}
