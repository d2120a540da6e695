/**
 * "Send test message" over HTTP and from the command line, against real in-process SMTP
 * servers: unsaved settings, the stored password when none is given, servers in order or all,
 * NOT_CONFIGURED, and a diagnosis that names the failure. The CLI prints it and exits 0/1.
 */
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';
import { buildTestApp, type TestApp } from '../support/app.test-helpers.js';
import { api, PROJECT_ROOT, startHerald, type HeraldProcess } from '../support/herald.test-helpers.js';
import fs from 'node:fs';
import os from 'node:os';

type Attempt = {
  server: string;
  port: number;
  ok: boolean;
  stage: string;
  error: { code: string; message: string; smtpCode?: number } | null;
  transcript: string[];
  tls: { protocol: string | null } | null;
  note?: string;
  plaintextReason?: string;
};
type TestAnswer = { delivered: boolean; attempts: Attempt[] };
type ErrorAnswer = { error: { code: string; field?: string } };

const PASSWORD = 'smtp-Secret-4711';
const seen: Array<{ user: string | undefined; to: string[] }> = [];
let smtp: SMTPServer;
let smtpPort: number;
let closedPort: number;

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'herald' && auth.password === PASSWORD) callback(null, { user: 'herald' });
      else callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        seen.push({ user: typeof session.user === 'string' ? session.user : undefined, to: session.envelope.rcptTo.map((r) => r.address) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  const closed = new SMTPServer({});
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  closedPort = (closed.server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
});
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

describe('POST /api/v1/settings/email/test', () => {
  let t: TestApp;
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ databaseUrl: null, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'herald-tm-')), sqliteSync: 'normal' });
    t = await buildTestApp(store);
  });
  afterAll(async () => {
    await t.app.close();
    await store.close();
  });

  it('says NOT_CONFIGURED with the field when there is no server or recipient', async () => {
    const noServer = await t.call<ErrorAnswer>('POST', '/api/v1/settings/email/test', { settings: { recipients: 'a@x.example' } });
    expect(noServer.status).toBe(400);
    expect(noServer.body.error).toMatchObject({ code: 'NOT_CONFIGURED', field: 'settings.servers' });
    const noRecipient = await t.call<ErrorAnswer>('POST', '/api/v1/settings/email/test', { settings: { servers: '127.0.0.1' } });
    expect(noRecipient.body.error).toMatchObject({ code: 'NOT_CONFIGURED', field: 'recipients' });
  });

  it('tests unsaved settings, fails over from a dead server, and uses the stored password when none is sent', async () => {
    const servers = `127.0.0.1:${closedPort}; 127.0.0.1:${smtpPort}`;
    const auth = { enabled: true, username: 'herald', allowUnencrypted: true };
    const put = await t.call('PUT', '/api/v1/settings/email', { recipients: 'stored@x.example', servers, tls: { mode: 'none' }, auth: { ...auth, password: PASSWORD } });
    expect(put.status).toBe(200);
    const answer = await t.call<TestAnswer>('POST', '/api/v1/settings/email/test', {
      settings: { recipients: 'ops@x.example', servers, tls: { mode: 'none' }, auth },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.delivered).toBe(true);
    expect(answer.body.attempts.map((a) => [a.port, a.ok, a.stage])).toEqual([
      [closedPort, false, 'connect'],
      [smtpPort, true, 'done'],
    ]);
    expect(answer.body.attempts[0]?.error?.code).toBe('CONNECTION_FAILED');
    expect(answer.body.attempts[1]?.transcript.join('\n')).toMatch(/C: AUTH PLAIN \*+/);
    expect(answer.raw).not.toContain(PASSWORD);
    expect(seen.at(-1)).toEqual({ user: 'herald', to: ['ops@x.example'] });
  });

  it('never sends the stored password to servers it was not saved for: PASSWORD_REQUIRED, and nothing is sent', async () => {
    const servers = `127.0.0.1:${closedPort}; 127.0.0.1:${smtpPort}`;
    await t.call('PUT', '/api/v1/settings/email', {
      recipients: 'stored@x.example',
      servers,
      tls: { mode: 'none' },
      auth: { enabled: true, username: 'herald', allowUnencrypted: true, password: PASSWORD },
    });
    const before = seen.length;
    const auth = { enabled: true, username: 'herald', allowUnencrypted: true };
    const moved = await t.call<ErrorAnswer>('POST', '/api/v1/settings/email/test', {
      settings: { recipients: 'ops@x.example', servers: `127.0.0.1:${smtpPort}`, tls: { mode: 'none' }, auth },
    });
    expect(moved.status).toBe(400);
    expect(moved.body.error).toMatchObject({ code: 'PASSWORD_REQUIRED', field: 'auth.password' });
    const otherPort = await t.call<ErrorAnswer>('POST', '/api/v1/settings/email/test', { settings: { servers, port: 2525, tls: { mode: 'none' }, auth } });
    expect(otherPort.body.error.code).toBe('PASSWORD_REQUIRED');
    const putMoved = await t.call<ErrorAnswer>('PUT', '/api/v1/settings/email', { servers: `127.0.0.1:${smtpPort}`, tls: { mode: 'none' }, auth });
    expect(putMoved.status).toBe(400);
    expect(putMoved.body.error).toMatchObject({ code: 'PASSWORD_REQUIRED', field: 'auth.password' });
    expect(seen.length).toBe(before);
    const typed = await t.call<TestAnswer>('POST', '/api/v1/settings/email/test', {
      settings: { recipients: 'ops@x.example', servers: `127.0.0.1:${smtpPort}`, tls: { mode: 'none' }, auth: { ...auth, password: PASSWORD } },
    });
    expect(typed.body.delivered).toBe(true);
  });

  it('a policy whose own password was saved for other servers cannot be tested against new ones', async () => {
    await t.call('PUT', '/api/v1/settings/email', { recipients: 'stored@x.example', servers: `127.0.0.1:${smtpPort}`, tls: { mode: 'none' } });
    const policy = await t.call('PUT', '/api/v1/policies/kes', {
      email: { auth: { enabled: true, username: 'herald', allowUnencrypted: true, password: PASSWORD } },
    });
    expect(policy.status).toBe(200);
    const moved = await t.call<ErrorAnswer>('POST', '/api/v1/settings/email/test', { policy: 'kes', settings: { servers: '127.0.0.2', tls: { mode: 'none' } } });
    expect(moved.status).toBe(400);
    expect(moved.body.error.code).toBe('PASSWORD_REQUIRED');
    const same = await t.call<TestAnswer>('POST', '/api/v1/settings/email/test', { policy: 'kes' });
    expect(same.body.delivered).toBe(true);
    await t.call('DELETE', '/api/v1/policies/kes');
  });

  it('refuses TLS "none" with auth unless unencrypted auth is allowed', async () => {
    const refused = await t.call<ErrorAnswer>('PUT', '/api/v1/settings/email', { servers: '127.0.0.1', tls: { mode: 'none' }, auth: { enabled: true, username: 'herald', password: 'x' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'auth.allowUnencrypted' });
  });

  it('says when "if the server supports it" ended without TLS because the server did not offer STARTTLS', async () => {
    // hideSTARTTLS: the server could do TLS but its EHLO does not offer STARTTLS
    const hidden = new SMTPServer({ hideSTARTTLS: true, authOptional: true, logger: false, onData: (stream, _s, done) => stream.resume().on('end', () => done()) });
    await new Promise<void>((resolve) => hidden.listen(0, '127.0.0.1', resolve));
    const port = (hidden.server.address() as AddressInfo).port;
    try {
      const answer = await t.call<TestAnswer>('POST', '/api/v1/settings/email/test', {
        settings: { servers: `127.0.0.1:${port}`, tls: { mode: 'opportunistic' } },
        recipients: 'a@x.example',
      });
      expect(answer.body.delivered).toBe(true);
      expect(answer.body.attempts[0]).toMatchObject({ ok: true, tls: null, plaintextReason: 'STARTTLS_NOT_OFFERED' });
      expect(answer.body.attempts[0]?.note).toMatch(/did not offer STARTTLS; sent without TLS/);
      // TLS not wanted: nothing to explain
      const none = await t.call<TestAnswer>('POST', '/api/v1/settings/email/test', { settings: { servers: `127.0.0.1:${port}`, tls: { mode: 'none' } }, recipients: 'a@x.example' });
      expect(none.body.attempts[0]?.plaintextReason).toBeUndefined();
      expect(none.body.attempts[0]?.note).toBeUndefined();
    } finally {
      await new Promise<void>((resolve) => hidden.close(() => resolve()));
    }
    // a server that offers STARTTLS (smtp-server's own certificate): TLS is used, no reason given
    const offering = new SMTPServer({ authOptional: true, logger: false, onData: (stream, _s, done) => stream.resume().on('end', () => done()) });
    await new Promise<void>((resolve) => offering.listen(0, '127.0.0.1', resolve));
    try {
      const tls = await t.call<TestAnswer>('POST', '/api/v1/settings/email/test', {
        settings: { servers: `127.0.0.1:${(offering.server.address() as AddressInfo).port}`, tls: { mode: 'opportunistic' } },
        recipients: 'a@x.example',
      });
      expect(tls.body.attempts[0]?.ok).toBe(true);
      expect(tls.body.attempts[0]?.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
      expect(tls.body.attempts[0]?.plaintextReason).toBeUndefined();
    } finally {
      await new Promise<void>((resolve) => offering.close(() => resolve()));
    }
  });

  it('reports AUTH_FAILED with the server code, and every server with allServers', async () => {
    const answer = await t.call<TestAnswer>('POST', '/api/v1/settings/email/test', {
      settings: { servers: `127.0.0.1:${smtpPort}; 127.0.0.1:${closedPort}`, tls: { mode: 'none' }, auth: { enabled: true, username: 'herald', password: 'wrong', allowUnencrypted: true } },
      recipients: 'a@x.example',
      allServers: true,
    });
    expect(answer.body.delivered).toBe(false);
    expect(answer.body.attempts).toHaveLength(2);
    expect(answer.body.attempts[0]).toMatchObject({ ok: false, stage: 'auth', error: { code: 'AUTH_FAILED', smtpCode: 535 } });
    expect(answer.body.attempts[1]).toMatchObject({ ok: false, stage: 'connect', error: { code: 'CONNECTION_FAILED' } });
  });
});

describe('herald test-message', () => {
  let herald: HeraldProcess;
  beforeAll(async () => {
    herald = await startHerald();
  });
  afterAll(async () => {
    await herald.stop();
  });

  /** Runs the CLI asynchronously: the SMTP server lives in this process and must keep answering. */
  const run = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/cli.ts'), 'test-message', '--url', herald.url, '--token', herald.adminToken, ...args],
        { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 },
        (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });

  it('prints the diagnosis and exits 0 when delivered, 1 when not', async () => {
    await api(herald, 'PUT', '/api/v1/settings/email', { recipients: 'soc@x.example', servers: `127.0.0.1:${smtpPort}`, tls: { mode: 'none' }, auth: { enabled: true, username: 'herald', password: PASSWORD, allowUnencrypted: true } });
    const ok = await run('--to', 'cli@x.example');
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout.split('\n')[0]).toBe(`Test message delivered by 127.0.0.1 port ${smtpPort}.`);
    expect(ok.stdout).not.toContain('delivered by ?');
    expect(ok.stdout).not.toContain(PASSWORD);
    expect(seen.at(-1)?.to).toEqual(['cli@x.example']);

    await api(herald, 'PUT', '/api/v1/settings/email', { recipients: 'soc@x.example', servers: `127.0.0.1:${closedPort}` });
    const failed = await run();
    expect(failed.status).toBe(1);
    expect(failed.stdout.split('\n')[0]).toBe('Test message NOT delivered.');
    expect(failed.stdout).toMatch(/CONNECTION_FAILED|refused/i);
  });
});
