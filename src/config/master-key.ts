/**
 * Where the master keys come from: `HERALD_MASTER_KEY` (one key, or `new,old` during a
 * rotation), else `<dataDir>/master.key` — created with mode 0600 on the first start, one
 * base64 key per line, the current key first and, while `herald admin rotate-key` runs (or
 * was interrupted), the previous key after it. A key file that group or others may read is
 * refused: it opens every stored secret.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config.js';
import { KEY_BYTES } from './secret-box.js';

/** The master keys in use and where they came from. */
export interface MasterKeys {
  /** The current key first, then keys still accepted for opening (an unfinished rotation). */
  keys: Buffer[];
  /** The key file, or null when the keys came from HERALD_MASTER_KEY. */
  file: string | null;
}

/** Name of the key file in the data dir. */
export const KEY_FILE_NAME = 'master.key';

/**
 * The configured keys (HERALD_MASTER_KEY), else the key file (created when missing). Throws
 * ConfigError for a key file with group/other permissions or that holds no valid key.
 */
export function loadMasterKeys(configured: readonly Buffer[] | null, dataDir: string): MasterKeys {
  if (configured !== null && configured.length > 0) return { keys: [...configured], file: null };
  const file = path.join(dataDir, KEY_FILE_NAME);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    const fd = fs.openSync(file, 'wx', 0o600);
    try {
      fs.writeSync(fd, randomBytes(KEY_BYTES).toString('base64') + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return { keys: readKeyFile(file), file };
}

/** Reads a key file after checking its mode; throws ConfigError with one sentence. */
export function readKeyFile(file: string): Buffer[] {
  const fd = fs.openSync(file, 'r');
  try {
    const mode = fs.fstatSync(fd).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new ConfigError(
        `${file} may be read by other users (mode ${mode.toString(8).padStart(4, '0')}); it opens every stored secret, so run \`chmod 600 ${file}\` and start again.`,
      );
    }
    const lines = fs.readFileSync(fd, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line !== '');
    const keys = lines.map((line) => (/^[A-Za-z0-9+/]+={0,2}$/.test(line) ? Buffer.from(line, 'base64') : Buffer.alloc(0)));
    if (keys.length === 0 || keys.some((key) => key.length !== KEY_BYTES)) {
      throw new ConfigError(`${file} does not hold the base64 of 32 bytes on each line; restore it from your backup (secrets stored under it cannot be read without it).`);
    }
    return keys;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Replaces the key file atomically (write a 0600 temp file, fsync, rename, fsync the folder):
 * after a crash the file holds either the old or the new list, never a torn one.
 */
export function writeKeyFile(file: string, keys: readonly Buffer[]): void {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temp, 'w', 0o600);
  try {
    fs.writeSync(fd, keys.map((key) => key.toString('base64')).join('\n') + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
  const dir = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
}
