/**
 * When better-sqlite3's native module does not load on the running Node, `npm ci` (its
 * `postinstall` check) and the server's start fail with one sentence that says what to do.
 * The damaged install is real: a copy of better-sqlite3 whose addon file is not a loadable
 * library, next to a copy of the check script, so Node's own loader fails.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isNativeLoadFailure, NativeModuleError } from '../../src/store/errors.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-native-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

/** A project folder whose better-sqlite3 addon is a text file, not a shared library. */
function damagedInstall(): string {
  const project = path.join(temp, 'project');
  const modules = path.join(project, 'node_modules');
  for (const name of ['bindings', 'file-uri-to-path']) {
    fs.cpSync(path.join(ROOT, 'node_modules', name), path.join(modules, name), { recursive: true });
  }
  const sqlite = path.join(modules, 'better-sqlite3');
  fs.cpSync(path.join(ROOT, 'node_modules/better-sqlite3/lib'), path.join(sqlite, 'lib'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'node_modules/better-sqlite3/package.json'), path.join(sqlite, 'package.json'));
  fs.mkdirSync(path.join(sqlite, 'build/Release'), { recursive: true });
  fs.writeFileSync(path.join(sqlite, 'build/Release/better_sqlite3.node'), 'not a shared library\n');
  fs.mkdirSync(path.join(project, 'scripts'));
  fs.copyFileSync(path.join(ROOT, 'scripts/check-native-modules.mjs'), path.join(project, 'scripts/check-native-modules.mjs'));
  return project;
}

describe('native module check (postinstall)', () => {
  it('passes on the install the tests run on', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/check-native-modules.mjs')], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('fails with exit 1 and one sentence when the addon does not load', () => {
    const project = damagedInstall();
    const run = spawnSync(process.execPath, [path.join(project, 'scripts/check-native-modules.mjs')], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    const lines = run.stderr.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^herald: better-sqlite3's native module does not load on this Node\.js v\d+\.\d+\.\d+ \(.+\), so Herald cannot open its SQLite database; rebuild it for this Node with "npm rebuild better-sqlite3" .*\.$/);
  });

  it('is wired as the postinstall script', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.postinstall).toBe('node scripts/check-native-modules.mjs');
  });
});

describe('NativeModuleError (the start-time sentence)', () => {
  /** What Node really throws for a file that is not a shared library. */
  function realLoadFailure(): unknown {
    const file = path.join(temp, 'broken.node');
    fs.writeFileSync(file, 'not a shared library\n');
    try {
      createRequire(import.meta.url)(file);
    } catch (error) {
      return error;
    }
    throw new Error('loading a text file as an addon unexpectedly worked');
  }

  it('recognises Node failing to load an addon, and nothing else', () => {
    expect(isNativeLoadFailure(realLoadFailure())).toBe(true);
    expect(isNativeLoadFailure(new Error('SQLITE_CANTOPEN: unable to open database file'))).toBe(false);
    expect(isNativeLoadFailure('NODE_MODULE_VERSION')).toBe(false);
  });

  it('names both ABIs for a module built for another Node', () => {
    const cause = new Error(
      "The module '/x/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 147. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).",
    );
    expect(isNativeLoadFailure(cause)).toBe(true);
    const error = new NativeModuleError(cause, { version: 'v26.12.1', modules: '147' });
    expect(error.message).toBe(
      "better-sqlite3's native module does not load on this Node.js v26.12.1 (it was built for NODE_MODULE_VERSION 115, this Node needs 147), " +
        'so Herald cannot open its SQLite database; rebuild it for this Node with "npm rebuild better-sqlite3" ' +
        "(offline: with npm_config_nodedir set to this Node's headers).",
    );
    expect(error.message).not.toContain('\n');
  });

  it('says the same sentence as the postinstall check', () => {
    const project = path.join(temp, 'project');
    if (!fs.existsSync(project)) damagedInstall();
    const run = spawnSync(process.execPath, [path.join(project, 'scripts/check-native-modules.mjs')], { encoding: 'utf8' });
    const cause = (() => {
      try {
        createRequire(path.join(project, 'node_modules/better-sqlite3/lib/index.js'))('../build/Release/better_sqlite3.node');
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(run.stderr).toBe(`herald: ${new NativeModuleError(cause).message}\n`);
  });
});
