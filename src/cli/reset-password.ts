/**
 * `herald admin reset-password [--username admin]`: the way back in when the console password
 * is lost. Runs on the server's machine with the server's configuration (HERALD_DATA_DIR or
 * HERALD_DATABASE_URL), sets a new random password, ends that user's sessions and prints the
 * password once. Creates the user when it does not exist (a server bootstrapped with
 * HERALD_ADMIN_TOKEN has none).
 *
 * SQLite allows one process and the running server holds the file, so there the command
 * refuses with one sentence while the server runs (stop it, reset, start it). On PostgreSQL it
 * works while every instance runs: the next log-in reads the new hash from the shared store.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { hashPassword } from '../auth/passwords.js';
import { loginKeys } from '../auth/login-limits.js';
import { AuditLog } from '../audit/audit-log.js';
import { loadConfig } from '../config/config.js';
import { openStore } from '../store/open.js';
import { StoreInUseError } from '../store/errors.js';
import type { Store } from '../store/ports.js';
import { CliError } from './errors.js';
import type { CommandHelp } from './help.js';

// `duplicates` pairs these two declarations with serve.ts's: every command declares its options and help as data of this shape (help.ts prints it).
/** The command's options (`parseArgs` config). */
export const RESET_PASSWORD_OPTIONS = {
  username: { type: 'string', default: 'admin' },
} as const;

/** `herald admin reset-password --help`. */
export const RESET_PASSWORD_HELP: CommandHelp<keyof typeof RESET_PASSWORD_OPTIONS> = {
  name: 'admin reset-password',
  brief: "set a new random console password (on the server's machine)",
  summary:
    "Sets a new random password for a console user, ends that user's sessions and prints the password once; creates the user when it does not exist. Reads the server's configuration (HERALD_DATA_DIR or HERALD_DATABASE_URL).",
  options: {
    username: { value: 'NAME', text: 'the console user (default: admin)' },
  },
  notes: [
    'SQLite: the running server holds the database, so stop it first, reset, then start it again.',
    'PostgreSQL: works while the servers run. Exit status: 0 when the password was set, 1 otherwise.',
  ],
};

/** Bytes of randomness in a generated password (24 base64url characters). */
const PASSWORD_BYTES = 18;

/** Sets a new random password for `username` (creating the user if needed); returns it. */
export async function resetPassword(store: Store, username: string, now: Date): Promise<{ password: string; created: boolean }> {
  const password = randomBytes(PASSWORD_BYTES).toString('base64url');
  const passwordHash = await hashPassword(password);
  const user = await store.users.findByUsername(username);
  const audit = new AuditLog(store, () => now);
  const actor = { kind: 'user' as const, name: 'herald admin reset-password', clientIp: null };
  if (user === null) {
    await store.users.create({ id: randomUUID(), username, passwordHash, createdAt: now });
    await audit.record({ actor, action: 'user.create', target: username, changedFields: ['password'] });
    return { password, created: true };
  }
  await store.users.setPasswordHash(user.id, passwordHash);
  await store.sessions.deleteForUser(user.id, null);
  // The way back in: a user name locked by failed log-ins is unlocked too.
  await store.loginFailures.clear(loginKeys('', username).user);
  await audit.record({ actor, action: 'user.password.reset', target: username, changedFields: ['password'] });
  return { password, created: false };
}

/** Runs the command. */
export async function runResetPassword(args: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { values } = parseArgs({ args, options: RESET_PASSWORD_OPTIONS });
  const username = values.username.trim();
  if (username === '' || username.length > 200) throw new CliError('--username must be 1 to 200 characters.');
  const config = loadConfig();
  let store: Store;
  try {
    store = await openStore({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      sqliteSync: config.sqliteSync,
      ...(config.databaseSchema !== null ? { postgresSchema: config.databaseSchema } : {}),
    });
  } catch (error) {
    if (error instanceof StoreInUseError) {
      throw new CliError(
        `the Herald server (pid ${error.holderPid ?? 'unknown'}) holds the SQLite database ${error.databasePath}; stop it, run this command again, then start it.`,
      );
    }
    throw error;
  }
  try {
    const { password, created } = await resetPassword(store, username, new Date());
    out.write(
      [
        created ? `Created user ${username}. Its password (shown only now):` : `New password for ${username} (shown only now; its sessions have ended):`,
        `  ${password}`,
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await store.close();
  }
}
