/** Send test message: diagnosis text and the test message, against real in-process servers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from './diagnose.js';
import { formatDiagnosis } from './diagnosis-text.js';
import { testMessage } from './test-message.js';
import { makeSmtpTestPki, type SmtpTestPki } from './test-pki.test-helpers.js';
import { startPeer, type TestPeer } from './test-peer.test-helpers.js';
import { testConfig } from './test-config.test-helpers.js';

let pki: SmtpTestPki;
const peers: TestPeer[] = [];
beforeAll(() => {
  pki = makeSmtpTestPki();
});
afterAll(async () => {
  await Promise.all(peers.map((p) => p.close()));
  pki.cleanup();
});

describe('testMessage', () => {
  it('names the instance and the time', () => {
    const m = testMessage('herald@corp.example', ['soc@corp.example'], new Date('2026-11-28T04:00:00Z'));
    expect(m.subject).toBe('Herald test message');
    expect(m.text).toContain('2026-11-28T04:00:00.000Z');
    expect(m.messageId).toMatch(/^<test-[0-9a-f-]+@corp\.example>$/);
    expect(m.to).toEqual(['soc@corp.example']);
  });
});

describe('diagnose + formatDiagnosis', () => {
  it('reports each server with stage, TLS, error and transcript', async () => {
    const good = await startPeer({ key: pki.server.key, cert: pki.server.cert, authOptional: false, onAuth: (_a, _s, cb) => cb(null, { user: 'herald' }) });
    const untrusted = await startPeer({ key: pki.selfSigned.key, cert: pki.selfSigned.cert });
    peers.push(good, untrusted);
    const config = testConfig([`127.0.0.1:${untrusted.port}`, `127.0.0.1:${good.port}`], {
      tls: { mode: 'required' },
      tlsMaterial: { ca: pki.ca.cert },
      auth: { enabled: true, username: 'herald', password: 'Secret-123' },
    });
    const report = await diagnose(config, testMessage('herald@corp.example', ['soc@corp.example'], new Date()), { allServers: true });
    expect(report.delivered).toBe(true);
    expect(good.messages[0]!.data).toContain('Subject: Herald test message');
    const text = formatDiagnosis(report);
    expect(text).toContain('Test message delivered by 127.0.0.1.');
    expect(text).toContain(`[1] 127.0.0.1 port ${untrusted.port}: FAILED at STARTTLS / TLS handshake`);
    expect(text).toContain('Error: CERT_UNTRUSTED (temporary)');
    expect(text).toContain(`[2] 127.0.0.1 port ${good.port}: DELIVERED`);
    expect(text).toMatch(/TLS: TLS TLSv1\.3 \S+, certificate verified, subject "CN=mail\.test"/);
    expect(text).toContain('C: AUTH PLAIN ****');
    expect(text).toContain('S: 220 ');
    expect(text).not.toContain('Secret-123');
    expect(text).not.toContain(Buffer.from('Secret-123').toString('base64'));
  });

  it('says NOT delivered when nothing worked', () => {
    const text = formatDiagnosis({ delivered: false, permanent: false, attempts: [], acceptedBy: null, rejectedRecipients: [] });
    expect(text).toContain('NOT delivered');
    expect(text).toContain('No server was tried.');
  });
});
