/**
 * Interoperability with a real MTA: Herald's SMTP engine against a private Postfix instance
 * (see postfix-instance.test-helpers.ts). Mail is read back from the Maildir Postfix delivered it to.
 * Without Postfix (or root) the suite FAILS with the reason: the README lists Postfix among
 * what the tests need and .ci/run installs it, so this coverage is never lost silently.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver } from '../../src/delivery/smtp/deliver.js';
import { makeSmtpTestPki, type SmtpTestPki } from '../../src/delivery/smtp/test-pki.test-helpers.js';
import { TEST_TIMEOUTS, testConfig } from '../../src/delivery/smtp/test-config.test-helpers.js';
import type { OutgoingMessage, TransportConfig } from '../../src/delivery/smtp/types.js';
import { POSTFIX_DOMAIN, postfixUnavailableReason, startPostfix, type PostfixInstance } from './postfix-instance.test-helpers.js';

const unavailable = postfixUnavailableReason();

if (unavailable !== null) {
  describe('Postfix interoperability', () => {
    it('needs Postfix', () => {
      throw new Error(`Postfix interoperability tests cannot run: ${unavailable}`);
    });
  });
} else {
  let pki: SmtpTestPki;
  let postfix: PostfixInstance;
  const PASSWORD = 'Postfix-Sasl-Pw1';

  const message = (marker: string): OutgoingMessage => ({
    messageId: `<${marker}@corp.example>`,
    from: 'herald@corp.example',
    to: [`Security Team <soc@${POSTFIX_DOMAIN}>`],
    subject: `Herald interop ${marker}`,
    text: `Marker ${marker}.`,
    headers: { 'X-Herald-Notification-Id': marker, 'Auto-Submitted': 'auto-generated' },
  });
  const server = (name: string): string => `127.0.0.1:${postfix.ports[name] ?? 0}`;
  const send = (config: TransportConfig, marker: string) => deliver(config, message(marker), { transcript: true, timeouts: TEST_TIMEOUTS });

  beforeAll(async () => {
    pki = makeSmtpTestPki();
    postfix = await startPostfix({
      tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert },
      mailboxes: ['soc'],
      saslUsers: [{ user: 'herald', password: PASSWORD }],
      listeners: {
        plain: { smtpd_tls_security_level: 'none' },
        starttls: { smtpd_tls_security_level: 'may' },
        ccert: {
          smtpd_tls_security_level: 'encrypt',
          smtpd_tls_ask_ccert: 'yes',
          smtpd_tls_req_ccert: 'yes',
          smtpd_tls_protocols: '>=TLSv1.2',
          smtpd_tls_mandatory_protocols: '>=TLSv1.2',
        },
        auth: {
          smtpd_tls_security_level: 'encrypt',
          smtpd_sasl_auth_enable: 'yes',
          smtpd_tls_auth_only: 'yes',
          smtpd_client_restrictions: 'permit_sasl_authenticated,reject',
          smtpd_relay_restrictions: 'permit_sasl_authenticated,reject',
          smtpd_recipient_restrictions: 'permit_sasl_authenticated,reject',
        },
      },
    });
  }, 60_000);

  afterAll(async () => {
    await postfix?.stop();
    pki?.cleanup();
  });

  describe('Postfix interoperability', () => {
    it('plain SMTP: delivered to the Maildir', async () => {
      const report = await send(testConfig([server('plain')], { tls: { mode: 'opportunistic' } }), 'plain-1');
      expect(report.delivered).toBe(true);
      expect(report.attempts[0]!.tls).toBeNull();
      const mail = await postfix.waitForMail('soc', 'plain-1');
      expect(mail).toContain('Subject: Herald interop plain-1');
      expect(mail).toMatch(/^Message-ID: <plain-1@corp\.example>/im);
      expect(mail).not.toMatch(/using TLSv/);
    });

    it('STARTTLS required, certificate verified against the test CA', async () => {
      const report = await send(testConfig([server('starttls')], { tls: { mode: 'required', minVersion: '1.2' }, tlsMaterial: { ca: pki.ca.cert } }), 'tls-1');
      expect(report.delivered).toBe(true);
      expect(report.attempts[0]!.tls).toMatchObject({ authorized: true, peerCertificate: { subject: 'CN=mail.test' } });
      const mail = await postfix.waitForMail('soc', 'tls-1');
      // Postfix's own Received header says what it negotiated.
      expect(mail).toMatch(/\(using TLSv1\.[23] with cipher /);
    });

    it('STARTTLS required against a CA that did not issue the certificate fails and sends nothing', async () => {
      const report = await send(testConfig([server('starttls')], { tls: { mode: 'required' }, tlsMaterial: { ca: pki.otherCa.cert } }), 'tls-bad');
      expect(report.delivered).toBe(false);
      expect(report.attempts[0]!.error!.code).toBe('CERT_UNTRUSTED');
    });

    it('client certificate required over TLS 1.2+: presented, verified by Postfix', async () => {
      const report = await send(
        testConfig([server('ccert')], {
          tls: { mode: 'required', minVersion: '1.2' },
          tlsMaterial: { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key },
        }),
        'ccert-1',
      );
      expect(report.delivered).toBe(true);
      const mail = await postfix.waitForMail('soc', 'ccert-1');
      expect(mail).toMatch(/client-signature|Client CN "herald-client"/);
      expect(mail).toContain('herald-client');
    });

    it('client certificate required: without one nothing is delivered', async () => {
      const report = await send(testConfig([server('ccert')], { tls: { mode: 'required', minVersion: '1.2' }, tlsMaterial: { ca: pki.ca.cert } }), 'ccert-none');
      expect(report.delivered).toBe(false);
      expect(report.attempts[0]!.ok).toBe(false);
    });

    it('AUTH over TLS with Cyrus sasldb: authenticated, Postfix names the sender', async () => {
      const report = await send(
        testConfig([server('auth')], {
          tls: { mode: 'required' },
          tlsMaterial: { ca: pki.ca.cert },
          auth: { enabled: true, username: 'herald', password: PASSWORD },
        }),
        'auth-1',
      );
      expect(report.delivered).toBe(true);
      expect(report.attempts[0]!.transcript).toContain('C: AUTH PLAIN ****');
      expect(JSON.stringify(report)).not.toContain(PASSWORD);
      const mail = await postfix.waitForMail('soc', 'auth-1');
      expect(mail).toMatch(/\(Authenticated sender: herald@mail\.herald\.test\)/);
      expect(mail).toMatch(/with ESMTPSA/);
    });

    it('AUTH with a wrong password is AUTH_FAILED (535) and nothing is delivered', async () => {
      const report = await send(
        testConfig([server('auth')], { tls: { mode: 'required' }, tlsMaterial: { ca: pki.ca.cert }, auth: { enabled: true, username: 'herald', password: 'wrong' } }),
        'auth-bad',
      );
      expect(report.attempts[0]!.error).toMatchObject({ code: 'AUTH_FAILED', smtpCode: 535 });
    });

    it('AUTH enabled against a listener without SASL is AUTH_NOT_OFFERED', async () => {
      const report = await send(testConfig([server('plain')], { auth: { enabled: true, username: 'herald', password: PASSWORD, allowUnencrypted: true } }), 'auth-none');
      expect(report.attempts[0]!.error!.code).toBe('AUTH_NOT_OFFERED');
    });

    it('without AUTH the SASL listener refuses the recipient (it really requires authentication)', async () => {
      const report = await send(testConfig([server('auth')], { tls: { mode: 'required' }, tlsMaterial: { ca: pki.ca.cert } }), 'noauth');
      expect(report.delivered).toBe(false);
      expect(['RECIPIENT_REJECTED', 'SENDER_REJECTED', 'PROTOCOL_ERROR']).toContain(report.attempts[0]!.error!.code);
    });
  });
}
