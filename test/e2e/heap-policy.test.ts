/**
 * The heap policy reaches the server's own isolate in time: `herald serve`, run from the
 * compiled build as `npm start` runs it, applies the policy before its modules run, so the main
 * isolate's young generation is frozen small (8 MiB of new space on Node 24 and 26, where it
 * used to be 16) and does not grow under load. On Node 22 (V8 12) the new space has reached
 * 16 MiB before any module runs, so there the test only shows that it is frozen at 16 (V8's
 * default would let it grow to 32). Read from the server's own metrics (prom-client's
 * heap-space gauges). The compiled build, because `--import tsx` grows the young generation
 * before any of Herald's modules are even parsed.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/herald.test-helpers.js';

const MiB = 1024 * 1024;
/** New space (two semi-spaces) the policy leaves the main isolate, by V8 line: see heap-policy-first.ts. */
const NEW_SPACE_LIMIT = Number(process.versions.v8.split('.')[0]) >= 13 ? 8 * MiB : 16 * MiB;

/** `herald_process_nodejs_heap_space_size_total_bytes` of V8's new space, from GET /metrics. */
async function newSpaceBytes(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('herald_process_nodejs_heap_space_size_total_bytes{space="new"}'));
  if (line === undefined) throw new Error('no heap-space gauge for the new space in /metrics');
  return Number(line.split(' ').at(-1));
}

describe('heap policy of herald serve (compiled)', () => {
  let buildDir = '';
  beforeAll(() => {
    // Under dist/ (git-ignored) so that the compiled modules resolve node_modules as npm start's do.
    fs.mkdirSync(path.join(PROJECT_ROOT, 'dist'), { recursive: true });
    buildDir = fs.mkdtempSync(path.join(PROJECT_ROOT, 'dist', 'test-heap-'));
    execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(PROJECT_ROOT, 'tsconfig.build.json'), '--outDir', buildDir], { cwd: PROJECT_ROOT });
  }, 120_000);
  afterAll(() => fs.rmSync(buildDir, { recursive: true, force: true }));

  it('keeps the main isolate young generation small from the start, also after a burst of requests', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-heap-'));
    const child = spawn(process.execPath, [path.join(buildDir, 'src', 'cli.js'), 'serve'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', HERALD_LISTEN: '127.0.0.1:0', HERALD_LOG_LEVEL: 'warn', HERALD_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /Herald is listening on (http:\/\/\S+?) /.exec(output);
          if (match?.[1] !== undefined) resolve(match[1]);
        });
        void exited.then(() => reject(new Error(`herald serve exited:\n${output}`)));
        setTimeout(() => reject(new Error(`herald serve did not start within 30 s:\n${output}`)), 30_000).unref();
      });
      const atStart = await newSpaceBytes(url);
      expect(atStart).toBeLessThanOrEqual(NEW_SPACE_LIMIT);
      await Promise.all(Array.from({ length: 200 }, () => fetch(`${url}/api/openapi.json`).then((r) => r.arrayBuffer())));
      expect(await newSpaceBytes(url)).toBeLessThanOrEqual(atStart);
      expect(output).not.toMatch(/unrecognized flag/);
    } finally {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
