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

/**
 * better-sqlite3's native module does not load on the running Node.js (built for another Node's
 * ABI, or damaged). `main` prints the message — one sentence saying how to fix it — and exits 1
 * instead of a driver stack trace. The `postinstall` check (scripts/check-native-modules.mjs)
 * says the same at `npm ci`.
 */
export class NativeModuleError extends Error {
  override readonly name = 'NativeModuleError';

  constructor(
    /** What loading the module threw. */
    override readonly cause: unknown,
    runtime: { version: string; modules: string } = { version: process.version, modules: process.versions.modules },
  ) {
    const message = (cause instanceof Error ? cause.message : String(cause)).replace(/\s+/g, ' ').trim();
    const builtFor = /NODE_MODULE_VERSION (\d+)/.exec(message)?.[1];
    const why =
      builtFor !== undefined && builtFor !== runtime.modules
        ? `it was built for NODE_MODULE_VERSION ${builtFor}, this Node needs ${runtime.modules}`
        : message;
    super(
      `better-sqlite3's native module does not load on this Node.js ${runtime.version} (${why}), ` +
        'so Herald cannot open its SQLite database; rebuild it for this Node with "npm rebuild better-sqlite3" ' +
        "(offline: with npm_config_nodedir set to this Node's headers).",
    );
  }
}

/** True when `error` is Node failing to load a native addon (wrong ABI, wrong file, missing file). */
export function isNativeLoadFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  return (
    code === 'ERR_DLOPEN_FAILED' ||
    /NODE_MODULE_VERSION|did not self-register|Could not locate the bindings file|invalid ELF header/.test(error.message)
  );
}
