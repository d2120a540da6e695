/**
 * Starting the server the README way: bad configuration exits 1 with one sentence and no stack
 * trace; the first start prints the generated admin credentials once; a second process on the
 * same SQLite database refuses to start.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, PROJECT_ROOT, startHerald } from '../support/herald.test-helpers.js';

/** Runs `herald serve` until it exits or prints its URL; returns exit code and output. */
function serve(env: Record<string, string>, untilReady = false): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/cli.ts'), 'serve'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', HERALD_LISTEN: '127.0.0.1:0', HERALD_LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (untilReady && stdout.includes('Herald is listening on')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'herald-start-'));

describe('server start', () => {
  it.each([
    [{ HERALD_LISTEN: 'nonsense' }, /^herald: HERALD_LISTEN must be host:port/],
    [{ HERALD_MASTER_KEY: Buffer.alloc(31).toString('base64') }, /^herald: HERALD_MASTER_KEY must be the base64 of exactly 32 bytes/],
    [{ HERALD_DATABASE_URL: 'postgres://u:secretpw@127.0.0.1/x' }, /^herald: HERALD_MASTER_KEY is required with PostgreSQL/],
    [{ HERALD_RETRY_BASE_MS: 'soon' }, /^herald: HERALD_RETRY_BASE_MS must be a positive whole number/],
  ])('refuses %o with one sentence and exit code 1', async (env, message) => {
    const result = await serve({ HERALD_DATA_DIR: tempDir(), ...env });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toContain('secretpw');
  });

  it('refuses a master.key that group or others may read, with one sentence and exit code 1', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'master.key'), `${Buffer.alloc(32, 9).toString('base64')}\n`, { mode: 0o644 });
    fs.chmodSync(path.join(dataDir, 'master.key'), 0o644);
    const result = await serve({ HERALD_DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^herald: .*master\.key may be read by other users \(mode 0644\).*chmod 600/);
    expect(result.stderr).not.toContain(Buffer.alloc(32, 9).toString('base64'));
    fs.chmodSync(path.join(dataDir, 'master.key'), 0o600);
    expect((await serve({ HERALD_DATA_DIR: dataDir }, true)).code).toBe(0);
  });

  it('creates the first admin once and prints its credentials only then', async () => {
    const dataDir = tempDir();
    const first = await serve({ HERALD_DATA_DIR: dataDir }, true);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/user:\s+admin/);
    const password = /password:\s+(\S+)/.exec(first.stdout)?.[1];
    expect(password).toBeDefined();
    expect(fs.statSync(path.join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
    const second = await serve({ HERALD_DATA_DIR: dataDir }, true);
    expect(second.stdout).not.toMatch(/password:/);
    // The password works for the console log-in (checked against the scrypt hash).
    const herald = await startHerald({ dataDir });
    try {
      const login = await fetch(`${herald.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      expect(login.headers.get('set-cookie')).toMatch(/herald_session=.*HttpOnly.*SameSite=Strict/i);
    } finally {
      await herald.stop();
    }
  });

  it('refuses a second process on the same SQLite database, and SIGTERM exits 0 leaving no WAL behind', async () => {
    const herald = await startHerald();
    try {
      const events = Array.from({ length: 200 }, (_, i) => ({ id: `start-${i}`, occurredAt: '2026-11-28T04:00:00Z', severity: 'info', type: 'GNRL_EV_VIRUS_FOUND' }));
      expect((await api(herald, 'POST', '/api/v1/events', { events })).status).toBe(202);
      expect(fs.existsSync(path.join(herald.dataDir, 'herald.db-wal'))).toBe(true);
      const second = await serve({ HERALD_DATA_DIR: herald.dataDir });
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/in use by another Herald process/);
      expect(second.stderr).not.toMatch(/\n\s+at /);
    } finally {
      expect(await herald.stop()).toBe(0);
    }
    // An orderly stop closes the store last: its connection copies the WAL into herald.db and removes it.
    expect(fs.existsSync(path.join(herald.dataDir, 'herald.db-wal'))).toBe(false);
  });
});
