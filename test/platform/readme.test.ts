/**
 * The README's first ten minutes, pasted: a first start without HERALD_ADMIN_TOKEN prints what
 * the README shows (with the default log level), and the "Try it" commands run as they stand in bash against that server —
 * sign in with the printed password, create an admin token, point the settings at a real SMTP
 * server, send the test message, create an agent token, write events.json, report it — and the
 * critical event arrives as an e-mail. Only the "your values" block is replaced (with this
 * test's server, password and mailbox), and `node dist/src/cli.js` runs from the sources
 * (`node --import tsx src/cli.ts`), so the test does not depend on a build.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSink, type SmtpSink } from '../e2e/smtp-sink.test-helpers.js';
import { PROJECT_ROOT } from '../support/herald.test-helpers.js';

const README = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');

/** The fenced block of `language` that follows the first line containing `marker`. */
function blockAfter(marker: string, language: string): string {
  const at = README.indexOf(marker);
  if (at < 0) throw new Error(`README has no "${marker}"`);
  const fence = '```' + language + '\n';
  const start = README.indexOf(fence, at);
  const end = README.indexOf('\n```', start + fence.length);
  return README.slice(start + fence.length, end + 1);
}

/** The README's values block with each variable's example replaced by this test's value. */
function ourValues(block: string, values: Record<string, string>): string {
  const seen = new Set<string>();
  const replaced = block.replace(/^(export )?([A-Z_]+)=\S+/gm, (line, exported: string | undefined, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`the README defines ${name}, which this test does not know`);
    seen.add(name);
    return `${exported ?? ''}${name}='${value}'`;
  });
  expect([...seen].sort()).toEqual(Object.keys(values).sort());
  return replaced;
}

describe('README quick start', () => {
  let sink: SmtpSink;
  let herald: ChildProcess;
  let output = '';
  let dir: string;
  beforeAll(async () => {
    sink = await startSink();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-readme-'));
    fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    herald = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/cli.ts'), 'serve'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: dir, HERALD_DATA_DIR: path.join(dir, 'data'), HERALD_LISTEN: '127.0.0.1:0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    herald.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    herald.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 30_000;
    while (!/"msg":"herald started"}\n/.test(output)) {
      if (Date.now() > deadline || herald.exitCode !== null) throw new Error(`Herald did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(async () => {
    herald.kill('SIGTERM');
    await new Promise((resolve) => (herald.exitCode !== null ? resolve(null) : herald.once('exit', resolve)));
    await sink.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows exactly what the first start prints (but the password and the URL)', () => {
    const url = /Herald is listening on (http:\/\/\S+?) /.exec(output)?.[1] ?? '';
    const password = /password: (\S+)/.exec(output)?.[1] ?? '';
    const shown = blockAfter('prints its password, once', 'text');
    const example = {
      url: /Herald is listening on (http:\/\/\S+?) /.exec(shown)?.[1] ?? '',
      password: /password: (\S+)/.exec(shown)?.[1] ?? '',
    };
    expect(example.url).toBe('http://127.0.0.1:8080');
    expect(example.password).toHaveLength(password.length);
    const started = output.slice(0, output.indexOf('"msg":"herald started"}\n') + '"msg":"herald started"}\n'.length);
    const expected = shown.replaceAll(example.url, url).replace(example.password, password);
    // The log (JSON lines, written by pino's own stream) may interleave with the banner lines,
    // so the banner is compared in order and the log lines as a set.
    const banner = (text: string) => text.split('\n').filter((line) => !line.startsWith('{'));
    const log = (text: string) => text.split('\n').filter((line) => line.startsWith('{')).map((line) => line.replace(/"time":\d+/, '"time":…')).sort();
    expect(banner(started)).toEqual(banner(expected));
    expect(log(started)).toEqual(log(expected));
  });

  it('runs "Try it" as pasted, and the critical event is e-mailed', async () => {
    const url = /Herald is listening on (http:\/\/\S+?) /.exec(output)?.[1] ?? '';
    const password = /password: (\S+)/.exec(output)?.[1] ?? '';
    const values = ourValues(blockAfter('First your values', 'sh'), {
      HERALD_URL: url,
      PASSWORD: password,
      MAIL_SERVER: `127.0.0.1:${sink.port}`,
      MAIL_TO: 'soc@readme.example',
      MAIL_FROM: 'herald@readme.example',
    });
    const pasted = blockAfter('Then paste this as it is', 'sh');
    expect(pasted).toContain('node dist/src/cli.js');
    const script = `set -euo pipefail\n${values}\n${pasted.replaceAll('node dist/src/cli.js', `node --import tsx ${path.join(PROJECT_ROOT, 'src/cli.ts')}`)}`;
    // Asynchronously: the SMTP sink runs in this process and must keep answering meanwhile.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile('bash', ['-c', script], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir }, timeout: 120_000 }, (error, stdout, stderr) =>
        resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
      );
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Test message delivered by 127\\.0\\.0\\.1 port ${sink.port}\\.$`, 'm'));
    expect(run.stdout).toMatch(/^Sent 2 events: 2 accepted, no duplicates\.$/m);
    expect(fs.existsSync(path.join(dir, 'events.json'))).toBe(true);

    // The critical event's notification reaches the mailbox (the info event does not notify).
    const deadline = Date.now() + 30_000;
    const virusMail = () => sink.messages.find((m) => m.rcptTo.includes('soc@readme.example') && m.data.includes('WKS-042'));
    while (virusMail() === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(virusMail()?.mailFrom).toBe('herald@readme.example');
    // The last command shows a notification as JSON.
    const last = run.stdout.trim().split('\n').at(-1) ?? '';
    expect(JSON.parse(last)).toMatchObject({ items: [expect.objectContaining({ id: expect.any(String) })] });
  });
});
