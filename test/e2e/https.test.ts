/**
 * The HTTPS listener the way an operator runs it: HERALD_TLS_CERT/HERALD_TLS_KEY from a test CA
 * made at test time; the client pins that CA (no verification is switched off anywhere).
 * TLS 1.2 or later only, security headers with HSTS, the session cookie Secure and `__Host-`
 * prefixed; bad files stop the start with one sentence and exit 1.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSmtpTestPki, type SmtpTestPki } from '../../src/delivery/smtp/test-pki.test-helpers.js';
import { PROJECT_ROOT, startHerald, type HeraldProcess } from '../support/herald.test-helpers.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTPS request that trusts only the test CA. */
function request(url: string, ca: string, options: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = https.request(
      url,
      {
        method: options.method ?? 'GET',
        ca,
        headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function serve(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/cli.ts'), 'serve'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', HERALD_LISTEN: '127.0.0.1:0', HERALD_LOG_LEVEL: 'warn', HERALD_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'herald-tls-')), ...env },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Herald is listening on')) child.kill('SIGTERM');
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('HTTPS listener', { timeout: 60_000 }, () => {
  let pki: SmtpTestPki;
  let herald: HeraldProcess;
  beforeAll(async () => {
    pki = makeSmtpTestPki();
    herald = await startHerald({ env: { HERALD_TLS_CERT: path.join(pki.dir, 'server.crt'), HERALD_TLS_KEY: path.join(pki.dir, 'server.key') } });
  }, 60_000);
  afterAll(async () => {
    await herald?.stop();
    pki?.cleanup();
  });

  it('serves the API over HTTPS with HSTS and the security headers', async () => {
    expect(herald.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const health = await request(`${herald.url}/healthz`, pki.ca.cert);
    expect(health.status).toBe(200);
    expect(health.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(String(health.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    expect(health.headers['x-frame-options']).toBe('DENY');
    const settings = await request(`${herald.url}/api/v1/settings/email`, pki.ca.cert, { headers: { authorization: `Bearer ${herald.adminToken}` } });
    expect(settings.status).toBe(200);
  });

  it('refuses a client that trusts another CA, and one that offers only TLS 1.1', async () => {
    await expect(request(`${herald.url}/healthz`, pki.otherCa.cert)).rejects.toThrow(/self-signed|unable to (get|verify)|certificate/i);
    const port = Number(new URL(herald.url).port);
    const outcome = await new Promise<string>((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port, ca: pki.ca.cert, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }, () => {
        resolve(`connected with ${socket.getProtocol()}`);
        socket.end();
      });
      socket.on('error', (error) => resolve(`refused: ${error.message}`));
    });
    expect(outcome).toMatch(/^refused/);
  });

  it('sets the session cookie Secure with the __Host- prefix', async () => {
    const login = await request(`${herald.url}/api/v1/session`, pki.ca.cert, { method: 'POST', body: { username: herald.admin.username, password: herald.admin.password } });
    expect(login.status).toBe(200);
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-herald_session=[^;]+;.*Secure/);
    const me = await request(`${herald.url}/api/v1/session`, pki.ca.cert, { headers: { cookie: cookie.split(';')[0]! } });
    expect(me.status).toBe(200);
    expect(JSON.parse(me.body)).toMatchObject({ username: herald.admin.username });
  });

  it('stops at start with one sentence when a TLS file is missing, not PEM, or the key does not fit', async () => {
    const garbage = path.join(pki.dir, 'garbage.pem');
    fs.writeFileSync(garbage, 'not a pem file\n');
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ HERALD_TLS_CERT: path.join(pki.dir, 'missing.crt'), HERALD_TLS_KEY: path.join(pki.dir, 'server.key') }, /^herald: HERALD_TLS_CERT names a file that cannot be read \(.*ENOENT\)\.$/],
      [{ HERALD_TLS_CERT: garbage, HERALD_TLS_KEY: path.join(pki.dir, 'server.key') }, /^herald: HERALD_TLS_CERT \(.*\) is not a PEM certificate\.$/],
      [{ HERALD_TLS_CERT: path.join(pki.dir, 'server.crt'), HERALD_TLS_KEY: path.join(pki.dir, 'client.key') }, /^herald: HERALD_TLS_KEY \(.*\) does not belong to the certificate in HERALD_TLS_CERT\.$/],
      [{ HERALD_TLS_CERT: path.join(pki.dir, 'server.crt') }, /^herald: Set both HERALD_TLS_CERT and HERALD_TLS_KEY/],
    ];
    for (const [env, message] of cases) {
      const result = await serve(env);
      expect(result.code, JSON.stringify(env)).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr.trim()).toMatch(message);
    }
  });
});
