/**
 * OAuth 2.0 through the whole pipeline (a real server process): events in, notifications out
 * over XOAUTH2 — one token from the HTTPS token endpoint (trusted through NODE_EXTRA_CA_CERTS)
 * serves every notification and pooled connection; a token that cannot be had defers the
 * notification at stage `token` with the provider's AADSTS text; the process output never
 * holds the client secret or a token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOAuthPeers, type OAuthPeers } from '../../src/delivery/oauth/xoauth2-peer.test-helpers.js';
import { MICROSOFT_BAD_SECRET } from '../../src/delivery/oauth/token-server.test-helpers.js';
import { api, startHerald, type HeraldProcess } from '../support/herald.test-helpers.js';

const SECRET = 'e2e~Client.Secret-31337';
const MAILBOX = 'alerts@corp.example';

type Notification = { id: string; status: string; lastError: { code: string; message: string } | null };

describe('OAuth 2.0 end to end', () => {
  let peers: OAuthPeers;
  let herald: HeraldProcess;

  beforeAll(async () => {
    peers = await startOAuthPeers(MAILBOX);
    herald = await startHerald({ env: { NODE_EXTRA_CA_CERTS: peers.caFile } });
  }, 120_000);

  afterAll(async () => {
    await herald?.stop();
    await peers?.close();
  });

  const settings = (scope: string | null) => ({
    recipients: 'soc@corp.example',
    servers: `127.0.0.1:${peers.smtp.port}`,
    sender: MAILBOX,
    auth: {
      enabled: true,
      mechanism: 'oauth2',
      username: MAILBOX,
      oauth2: { provider: 'generic', clientId: 'herald-app', clientSecret: SECRET, tokenUrl: `${peers.endpoint.origin}/oauth2/token`, scope },
    },
  });

  const events = (prefix: string, count: number) => ({
    events: Array.from({ length: count }, (_, i) => ({
      id: `${prefix}-${i}`,
      occurredAt: '2026-11-30T23:00:00Z',
      severity: 'critical',
      // one event type each: every event is its own notification, whatever the grouping
      type: `${prefix.toUpperCase()}_TYPE_${i}`,
      device: { name: `WKS-${i}` },
      application: { id: 'kes', name: 'KES', version: '12' },
    })),
  });

  it('one token for many notifications: the endpoint is asked once, every message goes out over XOAUTH2', async () => {
    expect((await api(herald, 'PUT', '/api/v1/settings/email', settings('https://outlook.office365.com/.default'))).status).toBe(200);
    const before = peers.endpoint.requests.length;
    expect((await api(herald, 'POST', '/api/v1/events', events('many', 8))).status).toBe(202);
    await expect.poll(() => peers.smtp.messages.length, { timeout: 30_000, interval: 100 }).toBe(8);
    expect(peers.endpoint.requests.length - before).toBe(1);
    expect(peers.endpoint.requests.at(-1)!.form).toEqual({ grant_type: 'client_credentials', client_id: 'herald-app', client_secret: SECRET, scope: 'https://outlook.office365.com/.default' });
    expect(peers.smtp.messages.every((m) => m.user === MAILBOX && m.secure)).toBe(true);
    await expect
      .poll(async () => (await api<{ items: Notification[] }>(herald, 'GET', '/api/v1/notifications?status=sent')).body.items.length, { timeout: 10_000 })
      .toBe(8);
  });

  it('a token the provider refuses defers the notification at stage token with the AADSTS text', async () => {
    peers.endpoint.respond = () => MICROSOFT_BAD_SECRET;
    // another scope is another grant: the cached token does not apply
    expect((await api(herald, 'PUT', '/api/v1/settings/email', settings('https://outlook.office365.com/SMTP.Send'))).status).toBe(200);
    expect((await api(herald, 'POST', '/api/v1/events', events('refused', 1))).status).toBe(202);
    let failed: Notification | undefined;
    await expect
      .poll(
        async () => {
          const items = (await api<{ items: Array<Notification & { eventIds: string[] }> }>(herald, 'GET', '/api/v1/notifications')).body.items;
          failed = items.find((n) => n.eventIds.includes('refused-0'));
          return failed?.lastError?.code;
        },
        { timeout: 30_000, interval: 200 },
      )
      .toBe('TOKEN_FAILED');
    // kept for a retry (the admin may fix the app registration), never dropped
    expect(failed!.status).toBe('deferred');
    peers.endpoint.respond = null;
    expect(failed!.lastError!.message).toMatch(/invalid_client: AADSTS7000215: Invalid client secret provided/);
    const detail = await api<{ attemptLog: Array<{ stage: string; ok: boolean }> }>(herald, 'GET', `/api/v1/notifications/${failed!.id}`);
    expect(detail.body.attemptLog[0]).toMatchObject({ stage: 'token', ok: false });
    // the provider is fixed and the settings saved again: the waiting notification goes out now
    const delivered = peers.smtp.messages.length;
    expect((await api(herald, 'PUT', '/api/v1/settings/email', settings('https://outlook.office365.com/SMTP.Send'))).status).toBe(200);
    await expect.poll(() => peers.smtp.messages.length, { timeout: 20_000, interval: 100 }).toBe(delivered + 1);
    const output = herald.output();
    expect(output).not.toContain(SECRET);
    for (const token of peers.endpoint.issued) {
      expect(output).not.toContain(token);
      expect(JSON.stringify(detail.body)).not.toContain(token);
    }
  });
});
