/**
 * `deliver` against real in-process SMTP servers (smtp-server), one configured per case.
 * Assertions look at what the SERVER saw (TLS from its socket, client certificate, user,
 * envelope), not only at Herald's report.
 */
import net from 'node:net';
import type { SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver } from './deliver.js';
import { makeSmtpTestPki, type SmtpTestPki } from './test-pki.test-helpers.js';
import { smtpError, startPeer, type TestPeer } from './test-peer.test-helpers.js';
import { TEST_TIMEOUTS, testConfig, testMail } from './test-config.test-helpers.js';
import type { TransportConfig } from './types.js';

let pki: SmtpTestPki;
const peers: TestPeer[] = [];
const rawServers: net.Server[] = [];

async function peer(options: Parameters<typeof startPeer>[0] = {}): Promise<TestPeer> {
  const p = await startPeer(options);
  peers.push(p);
  return p;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const run = (config: TransportConfig, opts: { allServers?: boolean } = {}) =>
  deliver(config, testMail(), { transcript: true, timeouts: TEST_TIMEOUTS, ...opts });

beforeAll(() => {
  pki = makeSmtpTestPki();
});
afterAll(async () => {
  await Promise.all(peers.map((p) => p.close()));
  for (const s of rawServers) s.close();
  pki.cleanup();
});

describe('plaintext and TLS "none"', () => {
  it('delivers without TLS when STARTTLS is not offered; the server gets the envelope, HELO name and message', async () => {
    const p = await peer({ disabledCommands: ['STARTTLS'] });
    const report = await run(testConfig([`127.0.0.1:${p.port}`]));
    expect(report.delivered).toBe(true);
    expect(report.acceptedBy).toBe('127.0.0.1');
    expect(report.attempts[0]).toMatchObject({ ok: true, stage: 'done', tls: null, port: p.port });
    expect(p.messages).toHaveLength(1);
    const seen = p.messages[0]!;
    expect(seen.secure).toBe(false);
    expect(seen.heloName).toBe('herald.test');
    expect(seen.mailFrom).toBe('herald@corp.example');
    expect(seen.rcptTo).toEqual(['soc@example.com', 'jane@example.com']);
    expect(seen.data).toContain('Message-ID: <n-1@corp.example>');
    expect(seen.data).toMatch(/^X-Herald-Notification-Id: n-1\r$/im);
    expect(seen.data).toContain('Subject: Hello from the tests');
    const transcript = report.attempts[0]!.transcript;
    expect(transcript.some((l) => l.startsWith('S: 220'))).toBe(true);
    expect(transcript).toContain('C: EHLO herald.test');
    expect(transcript.some((l) => l.startsWith('C: MAIL FROM:<herald@corp.example>'))).toBe(true);
  });

  it('"none" never sends STARTTLS even when offered', async () => {
    const p = await peer({ key: pki.server.key, cert: pki.server.cert });
    const report = await run(testConfig([`127.0.0.1:${p.port}`], { tls: { mode: 'none' } }));
    expect(report.delivered).toBe(true);
    expect(p.tlsSessions).toHaveLength(0);
    expect(p.messages[0]!.secure).toBe(false);
    expect(report.attempts[0]!.transcript).not.toContain('C: STARTTLS');
  });

  it("a server entry's own port wins over the configured port", async () => {
    const p = await peer({ disabledCommands: ['STARTTLS'] });
    const report = await run(testConfig([`127.0.0.1:${p.port}`], { port: 1 }));
    expect(report.delivered).toBe(true);
    expect(report.attempts[0]!.port).toBe(p.port);
  });

  it('uses the configured port for entries without one', async () => {
    const p = await peer({ disabledCommands: ['STARTTLS'] });
    const report = await run(testConfig(['127.0.0.1'], { port: p.port }));
    expect(report.delivered).toBe(true);
    expect(p.messages).toHaveLength(1);
  });
});

describe('opportunistic TLS', () => {
  it('uses STARTTLS when offered without verifying the certificate (self-signed)', async () => {
    const p = await peer({ key: pki.selfSigned.key, cert: pki.selfSigned.cert });
    const report = await run(testConfig([`127.0.0.1:${p.port}`]));
    expect(report.delivered).toBe(true);
    expect(p.messages[0]!.secure).toBe(true);
    expect(p.messages[0]!.tlsProtocol).toMatch(/^TLSv1\.[23]$/);
    const tls = report.attempts[0]!.tls!;
    expect(tls.authorized).toBe(false);
    expect(tls.protocol).toBe(p.messages[0]!.tlsProtocol);
    expect(tls.peerCertificate?.subject).toBe('CN=mail.test');
  });

  it('falls back to plaintext on the same server when the TLS handshake fails, and says so', async () => {
    // TLS 1.2 only and a client certificate demanded: Herald presents none in opportunistic mode.
    const p = await peer({
      key: pki.server.key,
      cert: pki.server.cert,
      ca: pki.ca.cert,
      requestCert: true,
      rejectUnauthorized: true,
      maxVersion: 'TLSv1.2',
    });
    const report = await run(testConfig([`127.0.0.1:${p.port}`]));
    expect(report.delivered).toBe(true);
    expect(report.attempts).toHaveLength(1);
    expect(report.attempts[0]!.note).toMatch(/TLS handshake failed .*delivered without TLS \(opportunistic\)/);
    expect(report.attempts[0]!.tls).toBeNull();
    expect(p.messages).toHaveLength(1);
    expect(p.messages[0]!.secure).toBe(false);
    expect(p.connections).toBe(2);
    expect(report.attempts[0]!.transcript).toContain('* Reconnecting without TLS (opportunistic)');
  });
});

describe('required TLS', () => {
  it('verifies the certificate against the configured CA and the host name (IP SAN)', async () => {
    const p = await peer({ key: pki.server.key, cert: pki.server.cert });
    const report = await run(testConfig([`127.0.0.1:${p.port}`], { tls: { mode: 'required' }, tlsMaterial: { ca: pki.ca.cert } }));
    expect(report.delivered).toBe(true);
    expect(p.messages[0]!.secure).toBe(true);
    const tls = report.attempts[0]!.tls!;
    expect(tls).toMatchObject({ authorized: true, protocol: 'TLSv1.3' });
    expect(tls.peerCertificate).toMatchObject({ subject: 'CN=mail.test', issuer: 'CN=Herald SMTP Test CA' });
    expect(tls.cipher).toBeTruthy();
  });

  it('fails with STARTTLS_NOT_OFFERED and sends nothing else when the server has no STARTTLS', async () => {
    const p = await peer({ disabledCommands: ['STARTTLS'], onAuth: (_a, _s, cb) => cb(null, { user: 'x' }) });
    const report = await run(
      testConfig([`127.0.0.1:${p.port}`], { tls: { mode: 'required' }, tlsMaterial: { ca: pki.ca.cert }, auth: { enabled: true, username: 'u', password: 'p' } }),
    );
    expect(report.delivered).toBe(false);
    expect(report.permanent).toBe(false);
    expect(report.attempts[0]).toMatchObject({ ok: false, stage: 'starttls', retryable: true });
    expect(report.attempts[0]!.error!.code).toBe('STARTTLS_NOT_OFFERED');
    expect(p.messages).toHaveLength(0);
    expect(p.authAttempts).toHaveLength(0);
    expect(report.attempts[0]!.transcript.some((l) => l.startsWith('C: MAIL') || l.startsWith('C: AUTH'))).toBe(false);
  });

  it('rejects a self-signed certificate (CERT_UNTRUSTED) and never sends AUTH or MAIL', async () => {
    const p = await peer({ key: pki.selfSigned.key, cert: pki.selfSigned.cert, onAuth: (_a, _s, cb) => cb(null, { user: 'x' }) });
    const report = await run(
      testConfig([`127.0.0.1:${p.port}`], { tls: { mode: 'required' }, tlsMaterial: { ca: pki.ca.cert }, auth: { enabled: true, username: 'u', password: 'p' } }),
    );
    expect(report.attempts[0]!.error!.code).toBe('CERT_UNTRUSTED');
    expect(report.attempts[0]!.stage).toBe('starttls');
    expect(p.messages).toHaveLength(0);
    expect(p.authAttempts).toHaveLength(0);
  });

  it('rejects a certificate from another CA (CERT_UNTRUSTED)', async () => {
    const p = await peer({ key: pki.server.key, cert: pki.server.cert });
    const report = await run(testConfig([`127.0.0.1:${p.port}`], { tls: { mode: 'required' }, tlsMaterial: { ca: pki.otherCa.cert } }));
    expect(report.attempts[0]!.error!.code).toBe('CERT_UNTRUSTED');
    expect(p.messages).toHaveLength(0);
  });

  it('rejects a certificate for another name (CERT_HOSTNAME_MISMATCH)', async () => {
    const p = await peer({ key: pki.wrongName.key, cert: pki.wrongName.cert });
    const report = await run(testConfig([`127.0.0.1:${p.port}`], { tls: { mode: 'required' }, tlsMaterial: { ca: pki.ca.cert } }));
    expect(report.attempts[0]!.error!.code).toBe('CERT_HOSTNAME_MISMATCH');
    expect(p.messages).toHaveLength(0);
  });

  it('verifyHostname=false still verifies the chain but skips the name', async () => {
    const p = await peer({ key: pki.wrongName.key, cert: pki.wrongName.cert });
    const ok = await run(testConfig([`127.0.0.1:${p.port}`], { tls: { mode: 'required', verifyHostname: false }, tlsMaterial: { ca: pki.ca.cert } }));
    expect(ok.delivered).toBe(true);
    expect(p.messages[0]!.secure).toBe(true);
    const other = await peer({ key: pki.selfSigned.key, cert: pki.selfSigned.cert });
    const bad = await run(testConfig([`127.0.0.1:${other.port}`], { tls: { mode: 'required', verifyHostname: false }, tlsMaterial: { ca: pki.ca.cert } }));
    expect(bad.attempts[0]!.error!.code).toBe('CERT_UNTRUSTED');
  });

  it('serverName overrides the name checked', async () => {
    const p = await peer({ key: pki.wrongName.key, cert: pki.wrongName.cert });
    const report = await run(testConfig([`127.0.0.1:${p.port}`], { tls: { mode: 'required', serverName: 'other.test' }, tlsMaterial: { ca: pki.ca.cert } }));
    expect(report.delivered).toBe(true);
  });

  it('reports an expired certificate as CERT_EXPIRED', async () => {
    const p = await peer({ key: pki.expired.key, cert: pki.expired.cert });
    const report = await run(testConfig([`127.0.0.1:${p.port}`], { tls: { mode: 'required' }, tlsMaterial: { ca: pki.ca.cert } }));
    expect(report.attempts[0]!.error!.code).toBe('CERT_EXPIRED');
    expect(p.messages).toHaveLength(0);
  });

  it('presents the client certificate when the server requires one', async () => {
    const options = { key: pki.server.key, cert: pki.server.cert, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: true };
    const p = await peer(options);
    const report = await run(
      testConfig([`127.0.0.1:${p.port}`], { tls: { mode: 'required' }, tlsMaterial: { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key } }),
    );
    expect(report.delivered).toBe(true);
    expect(p.messages[0]!.clientCertificateSubject).toBe('CN=herald-client');
    const without = await peer(options);
    const failed = await run(testConfig([`127.0.0.1:${without.port}`], { tls: { mode: 'required' }, tlsMaterial: { ca: pki.ca.cert } }));
    expect(failed.delivered).toBe(false);
    expect(failed.attempts[0]!.error!.code).toBe('TLS_HANDSHAKE_FAILED');
    expect(without.messages).toHaveLength(0);
  });

  it('"1.2" refuses a TLS 1.1-only server (TLS_VERSION_REJECTED); "any" talks TLS 1.1 to it', async () => {
    const legacy = { key: pki.server.key, cert: pki.server.cert, minVersion: 'TLSv1' as const, maxVersion: 'TLSv1.1' as const, ciphers: 'DEFAULT@SECLEVEL=0' };
    const p = await peer(legacy);
    const refused = await run(testConfig([`127.0.0.1:${p.port}`], { tls: { mode: 'required', minVersion: '1.2' }, tlsMaterial: { ca: pki.ca.cert } }));
    expect(refused.attempts[0]!.error!.code).toBe('TLS_VERSION_REJECTED');
    expect(p.messages).toHaveLength(0);
    const ok = await run(testConfig([`127.0.0.1:${p.port}`], { tls: { mode: 'required', minVersion: 'any' }, tlsMaterial: { ca: pki.ca.cert } }));
    expect(ok.delivered).toBe(true);
    expect(p.messages[0]!.tlsProtocol).toBe('TLSv1.1');
    expect(ok.attempts[0]!.tls!.protocol).toBe('TLSv1.1');
  });

  it('"1.2" talks TLS 1.2+ to a modern server', async () => {
    const p = await peer({ key: pki.server.key, cert: pki.server.cert, minVersion: 'TLSv1.2' });
    const report = await run(testConfig([`127.0.0.1:${p.port}`], { tls: { mode: 'required', minVersion: '1.2' }, tlsMaterial: { ca: pki.ca.cert } }));
    expect(report.delivered).toBe(true);
    expect(p.messages[0]!.tlsProtocol).toMatch(/^TLSv1\.[23]$/);
  });

  it('implicit TLS (SMTPS) is TLS from the first byte', async () => {
    const p = await peer({ secure: true, key: pki.server.key, cert: pki.server.cert });
    const report = await run(testConfig([`127.0.0.1:${p.port}`], { tls: { mode: 'required', implicit: true }, tlsMaterial: { ca: pki.ca.cert } }));
    expect(report.delivered).toBe(true);
    expect(p.messages[0]!.secure).toBe(true);
    expect(report.attempts[0]!.transcript).not.toContain('C: STARTTLS');
  });

  it('implicit TLS against a plaintext server fails as a TLS problem', async () => {
    const p = await peer({ disabledCommands: ['STARTTLS'] });
    const report = await run(testConfig([`127.0.0.1:${p.port}`], { tls: { mode: 'required', implicit: true }, tlsMaterial: { ca: pki.ca.cert } }));
    expect(report.delivered).toBe(false);
    expect(['TLS_HANDSHAKE_FAILED', 'TLS_VERSION_REJECTED', 'CONNECTION_TIMEOUT']).toContain(report.attempts[0]!.error!.code);
    expect(p.messages).toHaveLength(0);
  });
});

describe('ESMTP authentication', () => {
  const accept = (expectedPass: string): Pick<SMTPServerOptions, 'onAuth'> => ({
    onAuth(auth, _session, cb) {
      const ok = auth.method === 'CRAM-MD5' ? auth.validatePassword(expectedPass) : auth.password === expectedPass;
      if (ok && auth.username === 'herald') cb(null, { user: 'herald' });
      else cb(smtpError('Invalid username or password', 535));
    },
  });

  it('authenticates over TLS with PLAIN; the server saw the user', async () => {
    const p = await peer({ key: pki.server.key, cert: pki.server.cert, authOptional: false, ...accept('s3cret-Pw') });
    const report = await run(
      testConfig([`127.0.0.1:${p.port}`], { tls: { mode: 'required' }, tlsMaterial: { ca: pki.ca.cert }, auth: { enabled: true, username: 'herald', password: 's3cret-Pw' } }),
    );
    expect(report.delivered).toBe(true);
    expect(p.messages[0]!.user).toBe('herald');
    expect(p.authAttempts).toEqual([{ method: 'PLAIN', username: 'herald', secure: true }]);
    expect(report.attempts[0]!.transcript).toContain('C: AUTH PLAIN ****');
  });

  it('prefers PLAIN, then LOGIN, then CRAM-MD5 among what the server offers', async () => {
    const login = await peer({ key: pki.server.key, cert: pki.server.cert, authOptional: false, authMethods: ['CRAM-MD5', 'LOGIN'], ...accept('pw-1234') });
    const cfg = (port: number) =>
      testConfig([`127.0.0.1:${port}`], { tls: { mode: 'required' }, tlsMaterial: { ca: pki.ca.cert }, auth: { enabled: true, username: 'herald', password: 'pw-1234' } });
    expect((await run(cfg(login.port))).delivered).toBe(true);
    expect(login.authAttempts.map((a) => a.method)).toEqual(['LOGIN']);
    const cram = await peer({ key: pki.server.key, cert: pki.server.cert, authOptional: false, authMethods: ['CRAM-MD5'], ...accept('pw-1234') });
    expect((await run(cfg(cram.port))).delivered).toBe(true);
    expect(cram.authAttempts.map((a) => a.method)).toEqual(['CRAM-MD5']);
    expect(cram.messages[0]!.user).toBe('herald');
  });

  it('bad credentials are AUTH_FAILED with the SMTP code, and no MAIL is sent', async () => {
    const p = await peer({ key: pki.server.key, cert: pki.server.cert, authOptional: false, ...accept('right') });
    const report = await run(
      testConfig([`127.0.0.1:${p.port}`], { tls: { mode: 'required' }, tlsMaterial: { ca: pki.ca.cert }, auth: { enabled: true, username: 'herald', password: 'wrong' } }),
    );
    expect(report.attempts[0]).toMatchObject({ stage: 'auth', retryable: false });
    expect(report.attempts[0]!.error).toMatchObject({ code: 'AUTH_FAILED', smtpCode: 535 });
    expect(p.messages).toHaveLength(0);
  });

  it('a server that offers no AUTH is AUTH_NOT_OFFERED (never an unauthenticated send)', async () => {
    const p = await peer({ key: pki.server.key, cert: pki.server.cert, disabledCommands: ['AUTH'] });
    const report = await run(
      testConfig([`127.0.0.1:${p.port}`], { tls: { mode: 'required' }, tlsMaterial: { ca: pki.ca.cert }, auth: { enabled: true, username: 'herald', password: 'pw' } }),
    );
    expect(report.delivered).toBe(false);
    expect(report.attempts[0]!.error!.code).toBe('AUTH_NOT_OFFERED');
    expect(report.attempts[0]!.stage).toBe('auth');
    expect(p.messages).toHaveLength(0);
  });

  it('never leaks the password: transcript and error messages hold neither it nor its base64 forms', async () => {
    const user = 'herald';
    const password = 'Tr0ub4dor&3-unique';
    const forbidden = [
      password,
      Buffer.from(password).toString('base64'),
      Buffer.from(`\0${user}\0${password}`).toString('base64'),
      Buffer.from(`\0${user}\0`).toString('base64').slice(0, 8),
    ];
    const outputs: string[] = [];
    for (const methods of [['PLAIN'], ['LOGIN'], ['CRAM-MD5']]) {
      for (const expected of [password, 'something-else']) {
        const p = await peer({ key: pki.server.key, cert: pki.server.cert, authOptional: false, authMethods: methods, ...accept(expected) });
        const report = await run(
          testConfig([`127.0.0.1:${p.port}`], { tls: { mode: 'required' }, tlsMaterial: { ca: pki.ca.cert }, auth: { enabled: true, username: user, password } }),
        );
        expect(report.delivered).toBe(expected === password);
        outputs.push(JSON.stringify(report));
      }
    }
    const all = outputs.join('\n');
    expect(all).toContain('C: AUTH PLAIN ****');
    expect(all).toContain('C: AUTH LOGIN');
    expect(all).toContain('C: ****');
    for (const secret of forbidden) expect(all).not.toContain(secret);
  });
});

describe('SMTP replies, failover and permanence', () => {
  it('a 4xx for a recipient is retryable and the next server is tried', async () => {
    const busy = await peer({ disabledCommands: ['STARTTLS'], onRcptTo: (_a, _s, cb) => cb(smtpError('Try again later', 451)) });
    const live = await peer({ disabledCommands: ['STARTTLS'] });
    const report = await run(testConfig([`127.0.0.1:${busy.port}`, `127.0.0.1:${live.port}`]));
    expect(report.delivered).toBe(true);
    expect(report.attempts[0]).toMatchObject({ ok: false, stage: 'rcpt', retryable: true });
    expect(report.attempts[0]!.error).toMatchObject({ code: 'RECIPIENT_REJECTED', smtpCode: 451 });
    expect(report.attempts[1]!.ok).toBe(true);
    expect(live.messages).toHaveLength(1);
  });

  it('a 5xx for every recipient is permanent and ends the delivery', async () => {
    const refusing = await peer({ disabledCommands: ['STARTTLS'], onRcptTo: (_a, _s, cb) => cb(smtpError('No such user', 550)) });
    const live = await peer({ disabledCommands: ['STARTTLS'] });
    const report = await run(testConfig([`127.0.0.1:${refusing.port}`, `127.0.0.1:${live.port}`]));
    expect(report).toMatchObject({ delivered: false, permanent: true });
    expect(report.attempts).toHaveLength(1);
    expect(report.attempts[0]!.error).toMatchObject({ code: 'RECIPIENT_REJECTED', smtpCode: 550 });
    expect(report.rejectedRecipients).toEqual(['soc@example.com', 'jane@example.com']);
    expect(live.connections).toBe(0);
  });

  it('a partial rejection is delivered with the refused recipients', async () => {
    const p = await peer({
      disabledCommands: ['STARTTLS'],
      onRcptTo: (a, _s, cb) => (a.address === 'jane@example.com' ? cb(smtpError('Mailbox unavailable', 550)) : cb()),
    });
    const report = await run(testConfig([`127.0.0.1:${p.port}`]));
    expect(report.delivered).toBe(true);
    expect(report.rejectedRecipients).toEqual(['jane@example.com']);
    expect(p.messages[0]!.rcptTo).toEqual(['soc@example.com']);
  });

  it('MAIL FROM 5xx is SENDER_REJECTED, permanent', async () => {
    const p = await peer({ disabledCommands: ['STARTTLS'], onMailFrom: (_a, _s, cb) => cb(smtpError('Sender denied', 553)) });
    const report = await run(testConfig([`127.0.0.1:${p.port}`]));
    expect(report.permanent).toBe(true);
    expect(report.attempts[0]).toMatchObject({ stage: 'mail', retryable: false });
    expect(report.attempts[0]!.error).toMatchObject({ code: 'SENDER_REJECTED', smtpCode: 553 });
  });

  it('a 5xx after DATA is MESSAGE_REJECTED, permanent', async () => {
    const p = await peer({ disabledCommands: ['STARTTLS'], onData: (_st, _s, cb) => cb(smtpError('Content rejected', 554)) });
    const report = await run(testConfig([`127.0.0.1:${p.port}`]));
    expect(report.permanent).toBe(true);
    expect(report.attempts[0]).toMatchObject({ stage: 'data', retryable: false });
    expect(report.attempts[0]!.error).toMatchObject({ code: 'MESSAGE_REJECTED', smtpCode: 554 });
  });

  it('a closed port is CONNECTION_FAILED at connect', async () => {
    const port = await closedPort();
    const report = await run(testConfig([`127.0.0.1:${port}`]));
    expect(report.delivered).toBe(false);
    expect(report.permanent).toBe(false);
    expect(report.attempts[0]).toMatchObject({ stage: 'connect', retryable: true });
    expect(report.attempts[0]!.error!.code).toBe('CONNECTION_FAILED');
  });

  it('fails over from a dead server to a live one', async () => {
    const port = await closedPort();
    const live = await peer({ disabledCommands: ['STARTTLS'] });
    const report = await run(testConfig([`127.0.0.1:${port}`, `127.0.0.1:${live.port}`]));
    expect(report.delivered).toBe(true);
    expect(report.attempts.map((a) => a.ok)).toEqual([false, true]);
    expect(live.messages).toHaveLength(1);
  });

  it('allServers tries every server even after one delivered', async () => {
    const a = await peer({ disabledCommands: ['STARTTLS'] });
    const b = await peer({ disabledCommands: ['STARTTLS'] });
    const report = await run(testConfig([`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`]), { allServers: true });
    expect(report.attempts.map((x) => x.ok)).toEqual([true, true]);
    expect(a.messages).toHaveLength(1);
    expect(b.messages).toHaveLength(1);
  });

  it('a server that never greets is CONNECTION_TIMEOUT at greeting', async () => {
    const silent = net.createServer(() => undefined);
    rawServers.push(silent);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const report = await deliver(testConfig([`127.0.0.1:${port}`]), testMail(), {
      transcript: true,
      timeouts: { ...TEST_TIMEOUTS, greetingMs: 300, connectMs: 2_000 },
    });
    expect(report.attempts[0]).toMatchObject({ stage: 'greeting', retryable: true });
    expect(report.attempts[0]!.error!.code).toBe('CONNECTION_TIMEOUT');
  });

  it('an unresolvable name is DNS_FAILED', async () => {
    const report = await run(testConfig(['no-such-host.invalid']));
    expect(report.attempts[0]).toMatchObject({ stage: 'connect', retryable: true });
    expect(report.attempts[0]!.error!.code).toBe('DNS_FAILED');
  });
});
