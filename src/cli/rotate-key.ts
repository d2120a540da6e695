/**
 * `herald admin rotate-key`: re-seals every stored secret (SMTP passwords, OAuth secrets,
 * private keys — in settings, policies and certificates, on either store) under a new master
 * key. Crash-safe by construction:
 *   1. the new key is ADDED (key file: `new` line above `old`; environment: the operator sets
 *      `HERALD_MASTER_KEY=new,old`), so from then on both keys open everything;
 *   2. each record is re-sealed in its own transaction (it is either all old or all new);
 *   3. only when every sealed value is under the new key is the old key dropped.
 * A SIGKILL anywhere leaves every secret readable; running the command again finishes the job.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config/config.js';
import { loadMasterKeys, writeKeyFile } from '../config/master-key.js';
import { createSecretBox, KEY_BYTES, masterKeyId, type Keyring } from '../config/secret-box.js';
import type { SealedSecret } from '../domain/email-settings.js';
import { openStore } from '../store/open.js';
import type { SealedRecordRef, Store } from '../store/ports.js';
import { CliError } from './errors.js';
import type { CommandHelp } from './help.js';

/** The command's options (`parseArgs` config). */
export const ROTATE_KEY_OPTIONS = {} as const;

/** `herald admin rotate-key --help`. */
export const ROTATE_KEY_HELP: CommandHelp<keyof typeof ROTATE_KEY_OPTIONS> = {
  name: 'admin rotate-key',
  brief: 're-seal every stored secret under a new master key',
  summary:
    'Re-seals every stored secret under a new master key, one record per transaction; interrupted, it loses\n' +
    'nothing and a second run finishes. With the key file (SQLite, HERALD_MASTER_KEY unset): stop the server\n' +
    'first; the command adds a new key to master.key, re-seals, then removes the old key. With\n' +
    'HERALD_MASTER_KEY: set it to "new,old" on every instance first (the command prints a new key and the\n' +
    'steps when it holds only one), run the command, then set it to "new" alone.',
  options: {},
  notes: ['docs/OPERATIONS.md, "Rotating the master key", has the whole procedure.'],
};

/** What a re-sealing pass found and did. */
export interface ResealOutcome {
  /** Records looked at. */
  records: number;
  /** Secrets re-sealed under the current key by this pass. */
  resealed: number;
  /** Sealed values that none of the configured keys opens (left as they are). */
  unopenable: number;
}

/**
 * Re-seals every sealed value that is not under `keyring`'s current key, one record per
 * transaction; `onRecord` is told after each record (progress; tests interrupt here).
 */
export async function resealAll(store: Store, keyring: Keyring, onRecord: (done: number, total: number) => void = () => undefined): Promise<ResealOutcome> {
  const refs: SealedRecordRef[] = await store.sealedRecords.list();
  const outcome: ResealOutcome = { records: refs.length, resealed: 0, unopenable: 0 };
  for (const [index, ref] of refs.entries()) {
    let unopenable = 0;
    const resealed = await store.sealedRecords.rewrite(ref, (text) => {
      if (!keyring.looksSealed(text) || keyring.isCurrent(text)) return text;
      try {
        return keyring.seal(keyring.open(text as SealedSecret));
      } catch {
        unopenable += 1;
        return text;
      }
    });
    outcome.resealed += resealed;
    outcome.unopenable += unopenable;
    onRecord(index + 1, refs.length);
  }
  return outcome;
}

/** Counts the sealed values not (yet) under the current key; writes nothing. */
export async function countNotCurrent(store: Store, keyring: Keyring): Promise<number> {
  let count = 0;
  for (const ref of await store.sealedRecords.list()) {
    await store.sealedRecords.rewrite(ref, (text) => {
      if (keyring.looksSealed(text) && !keyring.isCurrent(text)) count += 1;
      return text;
    });
  }
  return count;
}

/** Where the rotation prints (stdout in the command; a buffer in tests). */
export interface RotationIo {
  out(line: string): void;
  /** Called after each record (tests interrupt the rotation here). */
  onRecord?: (done: number, total: number) => void;
}

/**
 * Runs the rotation for `config` on the store `open` opens (and this closes); returns the
 * exit code.
 */
export async function rotateMasterKey(config: Config, io: RotationIo, open: () => Promise<Store>): Promise<number> {
  if (config.masterKeys !== null && config.masterKeys.length < 2) {
    const fresh = randomBytes(KEY_BYTES).toString('base64');
    io.out('HERALD_MASTER_KEY holds one key, so there is nothing to rotate to yet. To rotate:');
    io.out(`  1. on every instance set HERALD_MASTER_KEY=<new>,<current> and restart it; a new key: ${fresh}`);
    io.out('  2. run `herald admin rotate-key` again with that value;');
    io.out('  3. on every instance set HERALD_MASTER_KEY=<new> alone and restart it.');
    return 1;
  }
  // Open the store first: on SQLite this fails while the server runs, before anything changes.
  const store = await open();
  try {
    const loaded = loadMasterKeys(config.masterKeys, config.dataDir);
    let keys = loaded.keys;
    if (loaded.file !== null) {
      if (keys.length === 1) {
        keys = [randomBytes(KEY_BYTES), ...keys];
        writeKeyFile(loaded.file, keys);
        io.out(`Added the new master key ${masterKeyId(keys[0] as Buffer)} to ${loaded.file}; the old key stays until every secret is re-sealed.`);
      } else {
        io.out(`Resuming the rotation to master key ${masterKeyId(keys[0] as Buffer)} (${loaded.file} still holds ${keys.length - 1} older key(s)).`);
      }
    }
    const keyring = createSecretBox(keys);
    const progress = (done: number, total: number) => {
      if (done % 100 === 0 || done === total) io.out(`Re-sealing: ${done} of ${total} records done.`);
      io.onRecord?.(done, total);
    };
    const outcome = await resealAll(store, keyring, progress);
    const left = await countNotCurrent(store, keyring);
    if (outcome.unopenable > 0 || left > 0) {
      throw new CliError(
        `${Math.max(outcome.unopenable, left)} stored secret(s) open with none of the configured master keys, so the old keys are kept; restore the key they were sealed with (master.key or HERALD_MASTER_KEY from your backup) and run the command again.`,
      );
    }
    io.out(`Re-sealed ${outcome.resealed} secret(s) in ${outcome.records} record(s); every secret is now sealed under master key ${keyring.currentKeyId}.`);
    if (loaded.file !== null) {
      writeKeyFile(loaded.file, [keys[0] as Buffer]);
      io.out(`Removed the old key from ${loaded.file}. Back up the new file; backups of the database taken before now need the old key.`);
    } else {
      io.out('Now set HERALD_MASTER_KEY to the new key alone (the first one) on every instance and restart it.');
    }
    return 0;
  } finally {
    await store.close();
  }
}

/** The command: `herald admin rotate-key`. */
export async function runRotateKey(args: string[]): Promise<number> {
  parseArgs({ args, options: ROTATE_KEY_OPTIONS });
  const config = loadConfig();
  const open = () =>
    openStore({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      sqliteSync: config.sqliteSync,
      ...(config.databaseSchema !== null ? { postgresSchema: config.databaseSchema } : {}),
    });
  return rotateMasterKey(config, { out: (line) => process.stdout.write(`${line}\n`) }, open);
}
