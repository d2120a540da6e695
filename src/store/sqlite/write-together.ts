/**
 * How a SQLite group commit writes its jobs (see `../group-commit.ts`): all in ONE plain
 * transaction, and only if one of them throws, the whole group again with each job in its own
 * savepoint, so the failing job fails alone and the others still commit. A savepoint for every
 * job, always, cost ~40 % of the store's CPU for groups of small jobs (single-event requests,
 * one completion per delivery); a job that throws is the rare case (a bug, or text a direct
 * store call did not clean).
 */
import type Database from 'better-sqlite3';
import { settle, type Settled } from '../group-commit.js';

/** The group commit's `commit`: `write` runs once per job, the caller's transaction around it. */
export function writeTogetherOrEachAlone<J, R>(db: Database.Database, write: (job: J) => R): (jobs: readonly J[]) => Settled<R>[] {
  const writeOne = db.transaction(write);
  const writeTogether = db.transaction((jobs: readonly J[]) => jobs.map((job) => write(job)));
  // Nested, writeOne runs as a SAVEPOINT inside this transaction.
  const writeEachAlone = db.transaction((jobs: readonly J[]) => jobs.map((job) => settle(() => writeOne(job))));
  return (jobs) => {
    const [only] = jobs;
    if (jobs.length === 1 && only !== undefined) return [settle(() => writeOne(only))];
    try {
      return writeTogether(jobs).map((value) => ({ ok: true, value }));
    } catch {
      return writeEachAlone(jobs);
    }
  };
}
