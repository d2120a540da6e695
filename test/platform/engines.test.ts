/**
 * The Node versions Herald declares (`engines.node`) are versions every installed dependency
 * supports: a dependency that needs a newer Node than ours makes this fail instead of warning at
 * `npm ci` on a user's machine.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface PackageJson {
  engines: { node: string };
  devDependencies: Record<string, string>;
}
interface LockEntry {
  engines?: { node?: string } | string[];
}
interface Lockfile {
  packages: Record<string, LockEntry>;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as T;
}

const pkg = readJson<PackageJson>('package.json');
const lock = readJson<Lockfile>('package-lock.json');

describe('engines', () => {
  it('supports the LTS lines 22, 24 and 26 (the ones CI tests) and no longer Node 20', () => {
    for (const version of ['22.14.0', '24.0.0', '26.0.0']) expect(semver.satisfies(version, pkg.engines.node)).toBe(true);
    expect(semver.satisfies('20.19.0', pkg.engines.node)).toBe(false);
  });

  it('is within the Node range of every dependency in the lock file', () => {
    const narrower: string[] = [];
    for (const [name, entry] of Object.entries(lock.packages)) {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (name === '' || range === undefined) continue;
      if (!semver.subset(pkg.engines.node, range)) narrower.push(`${name} needs node ${range}`);
    }
    expect(narrower).toEqual([]);
  });

  it('types Node APIs of the oldest supported Node, so code cannot use anything newer', () => {
    const oldestMajor = semver.minVersion(pkg.engines.node)?.major;
    expect(semver.minVersion(pkg.devDependencies['@types/node'] ?? '')?.major).toBe(oldestMajor);
  });
});
