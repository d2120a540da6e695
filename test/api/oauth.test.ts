/**
 * OAuth 2.0 over HTTP: settings with write-only client secret and service account key, and
 * "Send test message" through a real HTTPS token endpoint (test CA, trusted by this app's
 * token requests only) and a real smtp-server with XOAUTH2 over STARTTLS: the `token` stage,
 * TOKEN_FAILED with the provider's AADSTS text, and neither secret nor token in any answer,
 * log line or the database file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';
import { startOAuthPeers, type OAuthPeers } from '../../src/delivery/oauth/xoauth2-peer.test-helpers.js';
import { MICROSOFT_BAD_SECRET } from '../../src/delivery/oauth/token-server.test-helpers.js';
import { buildTestApp, type TestApp } from '../support/app.test-helpers.js';

type Attempt = { stage: string; ok: boolean; error: { code: string; message: string } | null; transcript: string[]; token?: { endpoint: string; validForSeconds: number } };
type TestAnswer = { delivered: boolean; attempts: Attempt[] };
type ErrorAnswer = { error: { code: string; field?: string; message: string } };

const MAILBOX = 'alerts@corp.example';
const SECRET = 'Entra~Secret.4711-unique';
const PRIVATE_PEM = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

let peers: OAuthPeers;
let store: Store;
let dataDir: string;
let t: TestApp;

beforeAll(async () => {
  peers = await startOAuthPeers();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-oauth-'));
  store = await openStore({ databaseUrl: null, dataDir, sqliteSync: 'normal' });
  t = await buildTestApp(store, {}, { tokenCa: peers.pki.ca.cert });
});
afterAll(async () => {
  await t.app.close();
  await store.close();
  await peers.close();
});

const microsoft = (over: Record<string, unknown> = {}) => ({
  recipients: 'soc@corp.example',
  servers: `127.0.0.1:${peers.smtp.port}`,
  sender: MAILBOX,
  auth: {
    enabled: true,
    mechanism: 'oauth2',
    username: MAILBOX,
    oauth2: { provider: 'microsoft', tenant: 'corp.onmicrosoft.com', clientId: 'app-id', clientSecret: SECRET, tokenUrl: `${peers.endpoint.origin}/corp/oauth2/v2.0/token`, ...over },
  },
});

describe('OAuth 2.0 settings and Send test message', () => {
  it('stores the client secret write-only: GET shows clientSecretSet, never the secret', async () => {
    const put = await t.call<{ auth: Record<string, unknown> }>('PUT', '/api/v1/settings/email', microsoft());
    expect(put.status).toBe(200);
    expect(put.body.auth).toEqual({
      enabled: true,
      mechanism: 'oauth2',
      username: MAILBOX,
      passwordSet: false,
      allowUnencrypted: false,
      oauth2: {
        provider: 'microsoft',
        tenant: 'corp.onmicrosoft.com',
        clientId: 'app-id',
        clientSecretSet: true,
        serviceAccountKeySet: false,
        tokenUrl: `${peers.endpoint.origin}/corp/oauth2/v2.0/token`,
        scope: null,
      },
    });
    expect(put.raw).not.toContain(SECRET);
    // sent back as GET answered it, the secret stays
    const again = await t.call<{ auth: { oauth2: { clientSecretSet: boolean } } }>('PUT', '/api/v1/settings/email', { ...put.body, subject: 'x %EVENT%' });
    expect(again.body.auth.oauth2.clientSecretSet).toBe(true);
  });

  it('refuses incomplete OAuth settings with the field to fix', async () => {
    const noTenant = await t.call<ErrorAnswer>('PUT', '/api/v1/settings/email', { auth: { enabled: true, mechanism: 'oauth2', username: MAILBOX, oauth2: { provider: 'microsoft', clientId: 'a', clientSecret: 'b' } } });
    expect(noTenant.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'auth.oauth2.tenant' });
    const httpUrl = await t.call<ErrorAnswer>('PUT', '/api/v1/settings/email', microsoft({ tokenUrl: 'http://login.example/token' }));
    expect(httpUrl.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'auth.oauth2.tokenUrl' });
    const badKey = await t.call<ErrorAnswer>('PUT', '/api/v1/settings/email', { auth: { enabled: true, mechanism: 'oauth2', username: MAILBOX, oauth2: { provider: 'google', serviceAccountKey: '{"type":"service_account"}' } } });
    expect(badKey.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'auth.oauth2.serviceAccountKey' });
  });

  it('a test message shows the token stage facts and delivers with XOAUTH2', async () => {
    await t.call('PUT', '/api/v1/settings/email', microsoft());
    const requestsBefore = peers.endpoint.requests.length;
    const answer = await t.call<TestAnswer>('POST', '/api/v1/settings/email/test', {});
    expect(answer.status).toBe(200);
    expect(answer.body.delivered).toBe(true);
    const attempt = answer.body.attempts[0]!;
    expect(attempt.token).toMatchObject({ endpoint: `${peers.endpoint.origin}/corp/oauth2/v2.0/token` });
    expect(attempt.token!.validForSeconds).toBeGreaterThan(3500);
    expect(attempt.transcript).toContain('C: AUTH XOAUTH2 ****');
    expect(attempt.transcript.some((line) => line.includes(`OAuth access token from ${peers.endpoint.origin}`))).toBe(true);
    expect(peers.endpoint.requests.length - requestsBefore).toBe(1);
    expect(peers.endpoint.requests.at(-1)!.form).toEqual({ grant_type: 'client_credentials', client_id: 'app-id', client_secret: SECRET, scope: 'https://outlook.office365.com/.default' });
    expect(peers.smtp.messages.at(-1)!.user).toBe(MAILBOX);
    const token = peers.endpoint.issued.at(-1)!;
    for (const text of [answer.raw, t.logs.join('')]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(token);
      expect(text).not.toContain(Buffer.from(token).toString('base64'));
      expect(text).not.toContain(Buffer.from(`user=${MAILBOX}\x01auth=Bearer ${token}\x01\x01`).toString('base64'));
    }
  });

  it('TOKEN_FAILED at stage token carries the AADSTS code and description, never the secret', async () => {
    peers.endpoint.respond = () => MICROSOFT_BAD_SECRET;
    const answer = await t.call<TestAnswer>('POST', '/api/v1/settings/email/test', {});
    peers.endpoint.respond = null;
    expect(answer.status).toBe(200);
    expect(answer.body.delivered).toBe(false);
    expect(answer.body.attempts).toHaveLength(1);
    expect(answer.body.attempts[0]).toMatchObject({ stage: 'token', ok: false, error: { code: 'TOKEN_FAILED' } });
    expect(answer.body.attempts[0]!.error!.message).toMatch(/answered 401: invalid_client: AADSTS7000215/);
    expect(answer.raw).not.toContain(SECRET);
    expect(t.logs.join('')).not.toContain(SECRET);
  });

  it('unsaved settings that point the stored secret at another token endpoint need it again', async () => {
    const requestsBefore = peers.endpoint.requests.length;
    const settings = microsoft({ tokenUrl: 'https://evil.example/token' });
    delete (settings.auth.oauth2 as Record<string, unknown>)['clientSecret'];
    const answer = await t.call<ErrorAnswer>('POST', '/api/v1/settings/email/test', { settings });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'PASSWORD_REQUIRED', field: 'auth.oauth2.clientSecret' });
    expect(peers.endpoint.requests.length).toBe(requestsBefore);
  });

  it('a Google service account key is write-only and sealed; the JWT reaches the endpoint from the key', async () => {
    const key = JSON.stringify({ type: 'service_account', private_key_id: 'k1', private_key: PRIVATE_PEM, client_email: 'herald@p.iam.gserviceaccount.com', token_uri: `${peers.endpoint.origin}/google/token` });
    const put = await t.call<{ auth: { oauth2: Record<string, unknown> } }>('PUT', '/api/v1/settings/email', {
      recipients: 'soc@corp.example',
      servers: `127.0.0.1:${peers.smtp.port}`,
      auth: { enabled: true, mechanism: 'oauth2', username: MAILBOX, oauth2: { provider: 'google', serviceAccountKey: key } },
    });
    expect(put.status).toBe(200);
    expect(put.body.auth.oauth2).toMatchObject({ provider: 'google', serviceAccountKeySet: true });
    expect(put.raw).not.toContain('PRIVATE KEY');
    const answer = await t.call<TestAnswer>('POST', '/api/v1/settings/email/test', {});
    expect(answer.body.delivered).toBe(true);
    expect(peers.endpoint.requests.at(-1)!.path).toBe('/google/token');
    expect(answer.raw).not.toContain('PRIVATE KEY');
    const bytes = Buffer.concat(
      fs.readdirSync(dataDir).filter((f) => fs.statSync(path.join(dataDir, f)).isFile()).map((f) => fs.readFileSync(path.join(dataDir, f))),
    );
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(Buffer.from('PRIVATE KEY'))).toBe(false);
    expect(bytes.includes(Buffer.from(SECRET))).toBe(false);
  });
});
