/**
 * Starts the real server as a child process (`node --import tsx src/cli.ts serve`, or a
 * compiled `cli.js` as `npm start` runs it) on a free port with a temp data dir, a known admin
 * token and a pre-created console admin — the way an operator runs it, so tests exercise
 * config, wiring and shutdown too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '../../src/auth/passwords.js';
import { openStore } from '../../src/store/open.js';

/** The project root. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Options for a test server. */
export interface StartOptions {
  /** Extra environment (HERALD_*). */
  env?: Record<string, string>;
  /** Reuse a data dir (restart tests). */
  dataDir?: string;
  /** Role (`herald serve --role`). */
  role?: 'api' | 'worker' | 'all';
  /** Reuse the admin token of an earlier start. */
  adminToken?: string;
  /** A compiled `cli.js` to run as `npm start` does, instead of src/cli.ts under tsx. */
  compiledCli?: string;
}

/** A running test server. */
export interface HeraldProcess {
  url: string;
  adminToken: string;
  admin: { username: string; password: string };
  dataDir: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait (crash tests). */
  kill(): Promise<void>;
}

/** Console admin created before the first start. */
export const TEST_ADMIN = { username: 'admin', password: 'test-admin-password' };

async function seedAdmin(dataDir: string, env: Record<string, string>): Promise<void> {
  const store = await openStore({
    databaseUrl: env.HERALD_DATABASE_URL ?? null,
    dataDir,
    sqliteSync: 'normal',
    ...(env.HERALD_DATABASE_SCHEMA ? { postgresSchema: env.HERALD_DATABASE_SCHEMA } : {}),
  });
  try {
    if ((await store.users.findByUsername(TEST_ADMIN.username)) === null) {
      await store.users.create({ id: randomUUID(), username: TEST_ADMIN.username, passwordHash: await hashPassword(TEST_ADMIN.password), createdAt: new Date() });
    }
  } finally {
    await store.close();
  }
}

/** Starts Herald and resolves once it is ready: it printed its URL (a worker-only process: that it runs). */
export async function startHerald(options: StartOptions = {}): Promise<HeraldProcess> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'herald-test-'));
  const adminToken = options.adminToken ?? randomBytes(24).toString('hex');
  const env: Record<string, string> = {
    HERALD_LOG_LEVEL: 'warn',
    ...options.env,
    HERALD_LISTEN: options.env?.HERALD_LISTEN ?? '127.0.0.1:0',
    HERALD_DATA_DIR: dataDir,
    HERALD_ADMIN_TOKEN: adminToken,
  };
  await seedAdmin(dataDir, env);
  const entry = options.compiledCli !== undefined ? [options.compiledCli] : ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/cli.ts')];
  const child = spawn(process.execPath, [...entry, 'serve', '--role', options.role ?? 'all'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  // Ready when it prints its URL, or (a worker-only process, which has none) that it runs:
  // a test must not count the process's start-up as delivery latency.
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Herald did not start within 30 s:\n${output}`)), 30_000);
    const check = () => {
      const match = /Herald is listening on (https?:\/\/\S+?) /.exec(output);
      const ready = match?.[1] ?? (options.role === 'worker' && output.includes('Herald worker is running') ? '' : undefined);
      if (ready !== undefined) {
        clearTimeout(timer);
        resolve(ready);
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Herald exited with ${code} before it was ready:\n${output}`));
    });
  });

  return {
    url,
    adminToken,
    admin: TEST_ADMIN,
    dataDir,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A fetch helper with the admin token; `T` is the expected answer shape (not checked). */
export async function api<T = unknown>(
  herald: Pick<HeraldProcess, 'url' | 'adminToken'>,
  method: string,
  urlPath: string,
  body?: unknown,
  token = herald.adminToken,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${herald.url}${urlPath}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T };
}

/**
 * Turns grouping (storm control) off through the API, so every notifying event is its own
 * e-mail: for tests about the outbox that count one message per event.
 */
export async function turnGroupingOffVia(herald: Pick<HeraldProcess, 'url' | 'adminToken'>): Promise<void> {
  const answer = await api(herald, 'PUT', '/api/v1/settings/rules', { grouping: { by: [] } });
  if (answer.status !== 200) throw new Error(`PUT /api/v1/settings/rules answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}
