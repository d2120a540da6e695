/** The WAL checkpoint loop, on real database files. */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { BUSY_INTERVAL_MS, IDLE_INTERVAL_MS, startWalCheckpointer, type WalCheckpointer } from './checkpointer.js';
import { growingWal, type GrowingWal } from './checkpointer.test-helpers.js';

const COMMITS = 12;

let wal: GrowingWal | null = null;
let checkpointer: WalCheckpointer | null = null;
/** What the loop under test reported through onError (nothing, in every test here). */
let reported: Error[] = [];
const report = (error: Error): void => {
  reported.push(error);
};

afterEach(() => {
  const seen = reported;
  reported = [];
  checkpointer?.stop();
  checkpointer = null;
  wal?.close();
  wal = null;
  expect(seen).toEqual([]);
});

/** Commits COMMITS transactions with pauses the loop can use; returns how often the WAL was started over. */
async function commitWithPauses(target: GrowingWal): Promise<number> {
  const before = target.walRestarts();
  for (let i = 0; i < COMMITS; i += 1) {
    target.commit();
    await sleep(BUSY_INTERVAL_MS * 2);
  }
  return target.walRestarts() - before;
}

describe('startWalCheckpointer', () => {
  it('without it, a writer that does not checkpoint never starts its WAL over', async () => {
    wal = growingWal();
    expect(await commitWithPauses(wal)).toBe(0);
  });

  it('copies the frames while the WAL grows, so the writer keeps starting it over', async () => {
    wal = growingWal();
    wal.commit(); // the loop's first look comes after IDLE_INTERVAL_MS
    checkpointer = startWalCheckpointer({ path: wal.path, sync: 'normal' }, report);
    await sleep(IDLE_INTERVAL_MS + 100);
    // Commits find the WAL copied and start it over from its beginning.
    expect(await commitWithPauses(wal)).toBeGreaterThanOrEqual(COMMITS / 2);
  });

  it('stops on stop()', async () => {
    wal = growingWal();
    checkpointer = startWalCheckpointer({ path: wal.path, sync: 'full' }, report);
    checkpointer.stop();
    checkpointer.stop();
    expect(await commitWithPauses(wal)).toBe(0);
  });

  it('refuses a database file that does not exist (it never creates one)', () => {
    expect(() => startWalCheckpointer({ path: join('/nonexistent-herald', 'x.db'), sync: 'normal' }, () => undefined)).toThrow();
  });
});
