/**
 * XOAUTH2 end to end with real parts: a local HTTPS token endpoint (test CA) and smtp-server
 * with `authMethods: ['XOAUTH2']` over STARTTLS that accepts only tokens the endpoint issued
 * and has not revoked. Covers reuse across messages and pooled connections, expiry, a revoked
 * token (one refresh, then AUTH_FAILED), TOKEN_FAILED with the provider's text, and that no
 * secret or token shows up anywhere.
 */
import type { SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliver } from './deliver.js';
import { SmtpDeliverer } from './deliverer.js';
import { makeSmtpTestPki, type SmtpTestPki } from './test-pki.test-helpers.js';
import { startPeer, type TestPeer } from './test-peer.test-helpers.js';
import { TEST_TIMEOUTS, testConfig, testMail } from './test-config.test-helpers.js';
import type { TransportConfig } from './types.js';
import { TokenCache } from '../oauth/token-cache.js';
import { requestToken } from '../oauth/token-endpoint.js';
import type { TokenGrant } from '../oauth/grant.js';
import { MICROSOFT_BAD_SECRET, startTokenServer, type TokenServer } from '../oauth/token-server.test-helpers.js';

const MAILBOX = 'alerts@corp.example';
const SECRET = 'Sup3r~client.secret_value';
let pki: SmtpTestPki;
let endpoint: TokenServer;
let smtp: TestPeer;
/** Tokens the SMTP server refuses (revoked). */
const revoked = new Set<string>();
/** Every token the SMTP server was shown, in order. */
const presented: string[] = [];
let now = Date.parse('2026-11-30T23:00:00Z');
const clock = (): Date => new Date(now);

const xoauthServer: SMTPServerOptions = {
  authMethods: ['XOAUTH2'],
  authOptional: false,
  onAuth(auth, session, callback) {
    const token = auth.accessToken ?? '';
    presented.push(token);
    const valid = endpoint.issued.includes(token) && !revoked.has(token) && auth.username === MAILBOX && session.secure;
    if (valid) callback(null, { user: auth.username ?? '' });
    else callback(null, { data: { status: '401', schemes: 'bearer', scope: 'https://mail.google.com/' } });
  },
};

beforeAll(async () => {
  pki = makeSmtpTestPki();
  endpoint = await startTokenServer(pki.server);
  smtp = await startPeer({ key: pki.server.key, cert: pki.server.cert, ...xoauthServer });
});
afterAll(async () => {
  await smtp.close();
  await endpoint.close();
  pki.cleanup();
});
beforeEach(() => {
  endpoint.respond = null;
  endpoint.expiresIn = 3600;
  revoked.clear();
});

function grant(): TokenGrant {
  return { kind: 'client-credentials', tokenUrl: `${endpoint.origin}/corp/oauth2/v2.0/token`, clientId: 'app-id', clientSecret: SECRET, scope: 'https://outlook.office365.com/.default' };
}
function config(): TransportConfig {
  return testConfig([`127.0.0.1:${smtp.port}`], { auth: { enabled: true, username: MAILBOX, password: null, oauth2: grant() } });
}
function tokens(): TokenCache {
  return new TokenCache((g, at) => requestToken(g, at, { ca: pki.ca.cert }), clock);
}
const send = (cache: TokenCache) => deliver(config(), testMail(), { transcript: true, timeouts: TEST_TIMEOUTS, tokens: cache });

/** Every way a secret or token could be written down. */
function forbidden(): string[] {
  const forms = [SECRET, encodeURIComponent(SECRET)];
  for (const token of endpoint.issued) {
    forms.push(token, Buffer.from(token).toString('base64'), Buffer.from(`user=${MAILBOX}\x01auth=Bearer ${token}\x01\x01`).toString('base64'));
  }
  return forms;
}

describe('XOAUTH2 over STARTTLS', () => {
  it('authenticates with the token from the endpoint; one token serves many messages', async () => {
    const cache = tokens();
    const requestsBefore = endpoint.requests.length;
    const messagesBefore = smtp.messages.length;
    const reports = [await send(cache), await send(cache), await send(cache)];
    expect(reports.map((r) => r.delivered)).toEqual([true, true, true]);
    expect(endpoint.requests.length - requestsBefore).toBe(1);
    const received = smtp.messages.slice(messagesBefore);
    expect(received.map((m) => [m.user, m.secure])).toEqual([
      [MAILBOX, true],
      [MAILBOX, true],
      [MAILBOX, true],
    ]);
    expect(presented.slice(-3)).toEqual([endpoint.issued.at(-1), endpoint.issued.at(-1), endpoint.issued.at(-1)]);
    expect(reports[0]!.attempts[0]!.token).toEqual({ endpoint: `${endpoint.origin}/corp/oauth2/v2.0/token`, validForSeconds: 3600 });
    expect(reports[0]!.attempts[0]!.transcript).toContain('C: AUTH XOAUTH2 ****');
    const text = JSON.stringify(reports);
    for (const secret of forbidden()) expect(text).not.toContain(secret);
  });

  it('pooled deliverer: every connection of the pool authenticates with the one cached token', async () => {
    const cache = tokens();
    const requestsBefore = endpoint.requests.length;
    const presentedBefore = presented.length;
    const deliverer = new SmtpDeliverer(config(), { clock: { now: clock }, maxConnections: 3, timeouts: TEST_TIMEOUTS, tokens: cache });
    const reports = await Promise.all(Array.from({ length: 6 }, () => deliverer.send(testMail())));
    await deliverer.close();
    expect(reports.every((r) => r.delivered)).toBe(true);
    expect(endpoint.requests.length - requestsBefore).toBe(1);
    const used = presented.slice(presentedBefore);
    expect(used.length).toBeGreaterThanOrEqual(2);
    expect(new Set(used)).toEqual(new Set([endpoint.issued.at(-1)]));
  });

  it('fetches a new token when the cached one nears its expiry', async () => {
    endpoint.expiresIn = 600;
    const cache = tokens();
    const requestsBefore = endpoint.requests.length;
    expect((await send(cache)).delivered).toBe(true);
    const first = endpoint.issued.at(-1);
    now += 4 * 60_000; // 6 minutes left: still good
    expect((await send(cache)).delivered).toBe(true);
    expect(endpoint.requests.length - requestsBefore).toBe(1);
    now += 2 * 60_000; // 4 minutes left: within the 5 minutes before expiry
    const report = await send(cache);
    expect(report.delivered).toBe(true);
    expect(endpoint.requests.length - requestsBefore).toBe(2);
    expect(presented.at(-1)).toBe(endpoint.issued.at(-1));
    expect(presented.at(-1)).not.toBe(first);
  });

  it('a revoked token is replaced once (334 challenge, 535, new token) and the message goes through', async () => {
    const cache = tokens();
    expect((await send(cache)).delivered).toBe(true);
    const old = endpoint.issued.at(-1)!;
    revoked.add(old);
    const requestsBefore = endpoint.requests.length;
    const report = await send(cache);
    expect(report.delivered).toBe(true);
    expect(endpoint.requests.length - requestsBefore).toBe(1);
    expect(presented.slice(-2)).toEqual([old, endpoint.issued.at(-1)]);
    // the next message reuses the replacement
    expect((await send(cache)).delivered).toBe(true);
    expect(endpoint.requests.length - requestsBefore).toBe(1);
    const text = JSON.stringify(report);
    for (const secret of forbidden()) expect(text).not.toContain(secret);
  });

  it('when the new token is refused too: exactly one refresh, then AUTH_FAILED with 535', async () => {
    const cache = tokens();
    const requestsBefore = endpoint.requests.length;
    const presentedBefore = presented.length;
    const strict = await startPeer({
      key: pki.server.key,
      cert: pki.server.cert,
      authMethods: ['XOAUTH2'],
      authOptional: false,
      onAuth(auth, _session, callback) {
        presented.push(auth.accessToken ?? '');
        callback(null, { data: { status: '401', schemes: 'bearer' } });
      },
    });
    const report = await deliver(testConfig([`127.0.0.1:${strict.port}`], { auth: { enabled: true, username: MAILBOX, password: null, oauth2: grant() } }), testMail(), {
      transcript: true,
      timeouts: TEST_TIMEOUTS,
      tokens: cache,
    });
    await strict.close();
    expect(report.delivered).toBe(false);
    expect(report.attempts[0]).toMatchObject({ stage: 'auth', retryable: false, error: { code: 'AUTH_FAILED', smtpCode: 535 } });
    expect(endpoint.requests.length - requestsBefore).toBe(2);
    expect(presented.length - presentedBefore).toBe(2);
    expect(strict.messages).toHaveLength(0);
    const text = JSON.stringify(report);
    for (const secret of forbidden()) expect(text).not.toContain(secret);
  });

  it('TOKEN_FAILED at stage token with the provider’s AADSTS text; the SMTP server is not even contacted', async () => {
    endpoint.respond = () => MICROSOFT_BAD_SECRET;
    const connectionsBefore = smtp.connections;
    const config2 = testConfig([`127.0.0.1:${smtp.port}`, `127.0.0.1:${smtp.port}`], { auth: { enabled: true, username: MAILBOX, password: null, oauth2: grant() } });
    const report = await deliver(config2, testMail(), { transcript: true, timeouts: TEST_TIMEOUTS, tokens: tokens() });
    expect(report.delivered).toBe(false);
    expect(report.attempts).toHaveLength(1);
    expect(report.attempts[0]).toMatchObject({ ok: false, stage: 'token', retryable: false, error: { code: 'TOKEN_FAILED' } });
    expect(report.attempts[0]!.error!.message).toMatch(/invalid_client: AADSTS7000215: Invalid client secret provided/);
    expect(smtp.connections).toBe(connectionsBefore);
    expect(JSON.stringify(report)).not.toContain(SECRET);
  });

  it('a server without XOAUTH2 is AUTH_NOT_OFFERED (no fallback to a password mechanism)', async () => {
    const plainOnly = await startPeer({ key: pki.server.key, cert: pki.server.cert, authMethods: ['PLAIN', 'LOGIN'], authOptional: false });
    const report = await deliver(testConfig([`127.0.0.1:${plainOnly.port}`], { auth: { enabled: true, username: MAILBOX, password: null, oauth2: grant() } }), testMail(), {
      timeouts: TEST_TIMEOUTS,
      tokens: tokens(),
    });
    await plainOnly.close();
    expect(report.attempts[0]!.error!.code).toBe('AUTH_NOT_OFFERED');
    expect(plainOnly.authAttempts).toEqual([]);
  });
});
