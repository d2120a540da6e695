/**
 * The core loop end to end, the README way (a real server process): an event in, an e-mail
 * out through a real SMTP server, the ledger says `sent` (and, the server offering no STARTTLS,
 * why the default "if supported" sent it in clear).
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startHerald, type HeraldProcess } from '../support/herald.test-helpers.js';

interface Received {
  from: string;
  to: string[];
  data: string;
}

describe('event in, e-mail out', () => {
  const received: Received[] = [];
  let smtp: SMTPServer;
  let port: number;
  let herald: HeraldProcess;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            data: Buffer.concat(chunks).toString(),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as AddressInfo).port;
    herald = await startHerald();
  });

  afterAll(async () => {
    await herald?.stop();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('delivers a critical event within seconds and records it as sent', async () => {
    const settings = await api(herald, 'PUT', '/api/v1/settings/email', {
      recipients: 'soc@corp.example; Jane Doe <jane@corp.example>',
      servers: `127.0.0.1:${port}`,
      sender: 'herald@corp.example',
    });
    expect(settings.status).toBe(200);
    const started = Date.now();
    const sent = await api<{ accepted: number; duplicates: number }>(herald, 'POST', '/api/v1/events', {
      events: [
        {
          id: 'evt-smoke-1',
          occurredAt: '2026-11-28T04:00:00Z',
          severity: 'critical',
          type: 'GNRL_EV_VIRUS_FOUND',
          typeName: 'Malicious object detected',
          description: 'Trojan.Win32.Agent detected in C:\\Users\\x\\a.exe',
          device: { name: 'WKS-042', domain: 'CORP', ip: '10.1.2.3' },
          application: { id: 'kes', name: 'Kaspersky Endpoint Security', version: '12.1' },
        },
        { id: 'evt-smoke-2', occurredAt: '2026-11-28T04:00:00Z', severity: 'info', type: 'KLPRCI_TaskState' },
      ],
    });
    expect(sent).toMatchObject({ status: 202, body: { accepted: 2, duplicates: 0 } });

    await expect.poll(() => received.length, { timeout: 10_000, interval: 50 }).toBe(1);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(5_000);
    const mail = received[0]!;
    expect(mail.from).toBe('herald@corp.example');
    expect(mail.to.sort()).toEqual(['jane@corp.example', 'soc@corp.example']);
    expect(mail.data).toMatch(/^Subject: \[Critical\] Malicious object detected on WKS-042/m);
    expect(mail.data).toMatch(/^X-Herald-Event-Id: evt-smoke-1$/im);
    expect(mail.data).toMatch(/^Auto-Submitted: auto-generated/m);
    const notificationId = /^X-Herald-Notification-Id: (\S+)/im.exec(mail.data)?.[1];
    expect(mail.data).toMatch(new RegExp(`^Message-ID: <${notificationId}@corp\\.example>`, 'im'));

    await expect
      .poll(async () => (await api<{ items: Array<{ status: string }> }>(herald, 'GET', '/api/v1/notifications')).body.items.map((n) => n.status), { timeout: 5_000 })
      .toEqual(['sent']);
    const detail = await api<{ status: string; server: string; attemptLog: Array<{ ok: boolean; stage: string; tls: unknown; note?: string; plaintextReason?: string }> }>(
      herald,
      'GET',
      `/api/v1/notifications/${notificationId}`,
    );
    expect(detail.body.server).toContain(String(port));
    // "if supported" (the default) against a server without STARTTLS: in clear, and the log says why
    expect(detail.body.attemptLog).toMatchObject([{ ok: true, stage: 'done', tls: null, plaintextReason: 'STARTTLS_NOT_OFFERED' }]);
    expect(detail.body.attemptLog[0]?.note).toContain('did not offer STARTTLS');
  });
});
