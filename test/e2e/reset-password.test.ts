/**
 * `herald admin reset-password`: on SQLite it refuses with one sentence while the server holds
 * the database and works once it is stopped; on PostgreSQL it works while the server runs. The
 * printed password logs in, the old one no longer does, and the user's sessions have ended.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, startHerald, type HeraldProcess } from '../support/herald.test-helpers.js';
import { backends, type Backend } from './backends.test-helpers.js';

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/cli.ts'), ...args], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function login(herald: HeraldProcess, password: string): Promise<{ status: number; cookie: string }> {
  const response = await fetch(`${herald.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: herald.admin.username, password }),
  });
  return { status: response.status, cookie: (response.headers.get('set-cookie') ?? '').split(';')[0]! };
}

const choices = await backends();

describe.each(choices)('herald admin reset-password on $name', (choice) => {
  describe.skipIf(choice.skip !== null)(choice.skip ?? 'reset', { timeout: 90_000 }, () => {
    let backend: Backend;
    let herald: HeraldProcess | null = null;
    afterEach(async () => {
      await herald?.stop();
      herald = null;
      await backend?.cleanup();
    });

    it('prints a new password that logs in and ends the old sessions', async () => {
      backend = choice.create();
      herald = await startHerald({ env: backend.env });
      const env = { ...backend.env, HERALD_DATA_DIR: herald.dataDir };
      const before = await login(herald, herald.admin.password);
      expect(before.status).toBe(200);

      if (choice.name === 'sqlite') {
        const refused = await cli(['admin', 'reset-password'], env);
        expect(refused.code).toBe(1);
        expect(refused.stderr.trim().split('\n')).toHaveLength(1);
        expect(refused.stderr).toMatch(/^herald: the Herald server \(pid \d+\) holds the SQLite database .*; stop it, run this command again, then start it\.$/m);
        await herald.stop();
      }
      const reset = await cli(['admin', 'reset-password', '--username', 'admin'], env);
      expect(reset.code, reset.stderr).toBe(0);
      const password = /^\s+(\S{24})$/m.exec(reset.stdout)?.[1];
      expect(password).toBeDefined();
      expect(reset.stdout).toContain('New password for admin');

      if (choice.name === 'sqlite') herald = await startHerald({ env: backend.env, dataDir: herald.dataDir, adminToken: herald.adminToken });
      const session = await fetch(`${herald!.url}/api/v1/session`, { headers: { cookie: before.cookie } });
      expect(session.status).toBe(401);
      expect((await login(herald!, herald!.admin.password)).status).toBe(401);
      expect((await login(herald!, password!)).status).toBe(200);
    });

    it('creates the user when it does not exist', async () => {
      backend = choice.create();
      herald = await startHerald({ env: backend.env });
      const env = { ...backend.env, HERALD_DATA_DIR: herald.dataDir };
      if (choice.name === 'sqlite') await herald.stop();
      const reset = await cli(['admin', 'reset-password', '--username', 'ops'], env);
      expect(reset.code, reset.stderr).toBe(0);
      expect(reset.stdout).toContain('Created user ops');
      const password = /^\s+(\S{24})$/m.exec(reset.stdout)?.[1]!;
      if (choice.name === 'sqlite') herald = await startHerald({ env: backend.env, dataDir: herald.dataDir, adminToken: herald.adminToken });
      const response = await fetch(`${herald!.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ops', password }) });
      expect(response.status).toBe(200);
    });
  });
});
