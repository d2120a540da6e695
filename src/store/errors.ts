/**
 * Errors a store raises on purpose (everything else is a driver error and means a bug or an
 * outage). Kept apart from the implementations so callers can `instanceof` them without
 * importing a driver.
 */

/**
 * The SQLite database file is held by another live Herald process. SQLite is for one process;
 * several instances need PostgreSQL. `main` prints the message and exits non-zero.
 */
export class StoreInUseError extends Error {
  override readonly name = 'StoreInUseError';

  constructor(
    /** The database file that is held. */
    readonly databasePath: string,
    /** Process id of the holder as it recorded itself; null when it could not be read. */
    readonly holderPid: number | null,
  ) {
    super(
      `${databasePath} is in use by another Herald process (pid ${holderPid ?? 'unknown'}); ` +
        'SQLite allows one process — use PostgreSQL for several instances',
    );
  }
}
