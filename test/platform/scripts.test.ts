/**
 * `npm ci && npm start` builds exactly once: nothing in the install lifecycle builds, `start`
 * does. (npm runs preinstall/install/postinstall/preprepare/prepare/postprepare on `npm ci` and
 * prestart/start/poststart on `npm start`.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

const INSTALL_LIFECYCLE = ['preinstall', 'install', 'postinstall', 'preprepare', 'prepare', 'postprepare'];
const START_LIFECYCLE = ['prestart', 'start', 'poststart'];

/** How many times the given lifecycle scripts run the build (directly or through `npm run build`). */
function builds(names: string[]): number {
  return names
    .map((name) => scripts[name] ?? '')
    .reduce((count, command) => count + (command.match(/npm run build\b|\btsc -p tsconfig\.build\.json|\bvite build\b/g)?.length ?? 0), 0);
}

describe('npm ci && npm start', () => {
  it('builds once, in start', () => {
    expect(builds(INSTALL_LIFECYCLE)).toBe(0);
    expect(builds(START_LIFECYCLE)).toBe(1);
  });

  it('starts the built server', () => {
    expect(scripts.start).toMatch(/node dist\/src\/cli\.js serve$/);
  });
});
