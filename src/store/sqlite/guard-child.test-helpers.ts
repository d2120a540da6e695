/**
 * Child process for process-guard.test.ts: opens the SQLite store at argv[2] and prints
 * `OPEN` (then stays alive until killed) or `REFUSED <message>` (exit code 3).
 */
import { openSqliteStore, StoreInUseError } from './index.js';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: guard-child <db path>');
try {
  await openSqliteStore({ path, sync: 'normal' });
  process.stdout.write('OPEN\n');
  setInterval(() => undefined, 60_000);
} catch (error) {
  if (!(error instanceof StoreInUseError)) throw error;
  process.stdout.write(`REFUSED ${error.message}\n`);
  process.exit(3);
}
