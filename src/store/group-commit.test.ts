import { describe, expect, it } from 'vitest';
import { GroupCommit, settle, type Settled } from './group-commit.js';

/** A commit that records each group it was given; a job 'bad' fails alone. */
function recorder(): { groups: string[][]; commit: (jobs: readonly string[]) => Settled<string>[] } {
  const groups: string[][] = [];
  return {
    groups,
    commit: (jobs) => {
      groups.push([...jobs]);
      return jobs.map((job) =>
        settle(() => {
          if (job === 'bad') throw new Error('bad job');
          return job.toUpperCase();
        }),
      );
    },
  };
}

/** An asynchronous commit that records each group and holds it until its release (in order) is called. */
function heldCommits(): { groups: string[][]; releases: Array<() => void>; commit: (jobs: readonly string[]) => Promise<Settled<string>[]> } {
  const groups: string[][] = [];
  const releases: Array<() => void> = [];
  return {
    groups,
    releases,
    commit: (jobs) => {
      groups.push([...jobs]);
      return new Promise((resolve) => {
        releases.push(() => resolve(jobs.map((job) => ({ ok: true, value: job }))));
      });
    },
  };
}

describe('GroupCommit', () => {
  it('writes jobs of one turn in one commit, in arrival order, each settling on its own', async () => {
    const { groups, commit } = recorder();
    const committed: string[][] = [];
    const gc = new GroupCommit<string, string>({ commit, afterCommit: (values) => committed.push([...values]) });
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((job) => gc.submit(job)));
    expect(groups).toEqual([['a', 'bad', 'c']]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'A',
      'bad job',
      'C',
    ]);
    expect(committed).toEqual([['A', 'C']]);
  });

  it('flushes at once when the waiting weight reaches the threshold', async () => {
    const { groups, commit } = recorder();
    const gc = new GroupCommit<string, string>({ commit, weigh: (job) => job.length, flushAtWeight: 5 });
    const first = gc.submit('ab');
    expect(groups).toEqual([]);
    const second = gc.submit('cde');
    expect(groups).toEqual([['ab', 'cde']]); // synchronously, without waiting for the next turn
    const third = gc.submit('f');
    await Promise.all([first, second, third]);
    expect(groups).toEqual([['ab', 'cde'], ['f']]);
  });

  it('fails every job of a group when the commit itself throws', async () => {
    const gc = new GroupCommit<string, string>({
      commit: () => {
        throw new Error('disk full');
      },
    });
    const results = await Promise.allSettled([gc.submit('a'), gc.submit('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('runs at most maxInFlight asynchronous commits; later jobs form the next group', async () => {
    const { groups, releases, commit } = heldCommits();
    const gc = new GroupCommit<string, string>({ commit });
    const a = gc.submit('a');
    await new Promise((resolve) => setImmediate(resolve));
    const later = [gc.submit('b'), gc.submit('c')];
    await new Promise((resolve) => setImmediate(resolve));
    expect(groups).toEqual([['a']]); // b and c wait for the commit in flight
    releases[0]?.();
    await a;
    await new Promise((resolve) => setImmediate(resolve));
    expect(groups).toEqual([['a'], ['b', 'c']]);
    releases[1]?.();
    expect(await Promise.all(later)).toEqual(['b', 'c']);
  });

  it('caps a group at maxGroupWeight: a burst behind a slow commit is written in several, in order', async () => {
    const { groups, releases, commit } = heldCommits();
    const gc = new GroupCommit<string, string>({
      commit,
      weigh: (job) => job.length,
      maxGroupWeight: 4,
      maxInFlight: 2,
    });
    const first = gc.submit('a');
    await new Promise((resolve) => setImmediate(resolve));
    const burst = ['bb', 'cc', 'd', 'eeeeee', 'f'].map((job) => gc.submit(job));
    await new Promise((resolve) => setImmediate(resolve));
    // one slot was free: the burst's first group only, at most 4 characters
    expect(groups).toEqual([['a'], ['bb', 'cc']]);
    releases[0]?.();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(groups).toEqual([['a'], ['bb', 'cc'], ['d']]); // 'eeeeee' would pass the cap
    releases[1]?.();
    releases[2]?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(groups).toEqual([['a'], ['bb', 'cc'], ['d'], ['eeeeee'], ['f']]); // a job over the cap goes alone
    releases[3]?.();
    releases[4]?.();
    expect(await Promise.all(burst)).toEqual(['bb', 'cc', 'd', 'eeeeee', 'f']);
  });
});
