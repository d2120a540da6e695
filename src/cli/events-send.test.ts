/**
 * `herald events send --file … --url … --token …` as a user runs it (a child process via
 * `node --import tsx src/cli.ts`) against a real server on a real SQLite store: a file of
 * events is posted (in requests of at most 1,000), the counts are printed, exit 0; a file
 * that is not JSON, holds no events, or has an invalid event exits 1 with one sentence.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../store/store-factories.test-helpers.js';
import { buildTestApp, type TestApp } from '../../test/support/app.test-helpers.js';
import { PROJECT_ROOT } from '../../test/support/herald.test-helpers.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function herald(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/cli.ts'), ...args], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? '' } }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

const [sqlite] = await storeFactories();

describe('herald events send', () => {
  let t: TestApp;
  let url: string;
  let dir: string;
  beforeAll(async () => {
    t = await buildTestApp(await sqlite!.open());
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-cli-'));
  });
  afterAll(async () => {
    await t.app.close();
    await sqlite!.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string, content: string) => {
    const filePath = path.join(dir, name);
    fs.writeFileSync(filePath, content);
    return filePath;
  };
  const ev = (id: string) => ({ id, occurredAt: '2026-11-28T04:00:00Z', severity: 'info', type: 'KLPRCI_TaskState' });

  it('posts a file in batches of 1,000, prints the counts and exits 0', async () => {
    const events = Array.from({ length: 1_500 }, (_, i) => ev(`cli-${i}`));
    events.push(ev('cli-0')); // a re-sent event: counted as a duplicate
    const run = await herald(['events', 'send', '--file', file('events.json', JSON.stringify({ events })), '--url', url, '--token', t.adminToken]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('Sent 1,501 events: 1,500 accepted, 1 duplicate.');
    expect(await t.context.store.events.get('cli-1499')).not.toBeNull();
    // A bare array works too.
    const array = await herald(['events', 'send', '--file', file('array.json', JSON.stringify([ev('cli-a')])), '--url', url, '--token', t.adminToken]);
    expect(array).toMatchObject({ code: 0, stdout: 'Sent 1 event: 1 accepted, no duplicates.\n' });
  });

  it('exits 1 with one sentence for a bad file, an invalid event, a missing file, an unreachable server', async () => {
    const events = Array.from({ length: 1_005 }, (_, i) => ev(`bad-${i}`));
    events[1_003] = { ...ev('bad-1003'), severity: 'loud' };
    const send = (filePath: string, target = url) => herald(['events', 'send', '--file', filePath, '--url', target, '--token', t.adminToken]);
    const [notJson, noEvents, invalid, invalidOnly, missing, down] = await Promise.all([
      send(file('not-json.json', '{"events": [')),
      send(file('empty.json', '{"items": []}')),
      send(file('bad.json', JSON.stringify(events))),
      send(file('bad-one.json', JSON.stringify([{ ...ev('only'), severity: 'loud' }]))),
      send(path.join(dir, 'nope.json')),
      send(file('one.json', JSON.stringify([ev('x')])), 'http://127.0.0.1:1'),
    ]);
    const expectations: Array<[Run, RegExp]> = [
      [notJson, /^herald: Cannot read .*not-json\.json as JSON/],
      [noEvents, /^herald: .*empty\.json holds no events/],
      // The index is the event's place in the file, not in its request of 1,000.
      [invalid, /^herald: Herald refused events 1,001–1,005 of 1,005 events \(HTTP 400\) — .*events\[1003\]\.severity.*; the 1,000 events before them were accepted\.$/m],
      [invalidOnly, /^herald: Herald refused event 1 of 1 event \(HTTP 400\) — .*events\[0\]\.severity.*; nothing was accepted\.$/m],
      [missing, /^herald: Cannot read .*nope\.json/],
      [down, /^herald: Cannot reach Herald at http:\/\/127\.0\.0\.1:1/],
    ];
    for (const [run, message] of expectations) {
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(await t.context.store.events.get('bad-0')).not.toBeNull(); // the first request was accepted
    expect(await t.context.store.events.get('bad-1000')).toBeNull(); // the refused one was not
  });
});
