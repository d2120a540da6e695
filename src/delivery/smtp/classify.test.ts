import { describe, expect, it } from 'vitest';
import { CLASSIFICATION_TABLE, classify, errorFacts, isPermanentRejection, isRetryable, stageFromFacts, type ErrorFacts } from './classify.js';
import type { Reason } from '../../domain/reason.js';

const facts = (over: Partial<ErrorFacts>): ErrorFacts => ({ code: null, originalCode: null, responseCode: null, command: null, timeoutType: null, ...over });

/** One case per table row: the facts as nodemailer 10.6 / Node report them, and the expected reason. */
const ROW_CASES: Record<string, { input: Partial<ErrorFacts>; reason: Reason }> = {
  'cert-expired': { input: { code: 'ESOCKET', originalCode: 'CERT_HAS_EXPIRED', command: 'CONN' }, reason: 'CERT_EXPIRED' },
  'cert-hostname': { input: { code: 'ESOCKET', originalCode: 'ERR_TLS_CERT_ALTNAME_INVALID', command: 'CONN' }, reason: 'CERT_HOSTNAME_MISMATCH' },
  'cert-untrusted': { input: { code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT', command: 'CONN' }, reason: 'CERT_UNTRUSTED' },
  'tls-version': { input: { code: 'ESOCKET', originalCode: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', command: 'CONN' }, reason: 'TLS_VERSION_REJECTED' },
  'tls-other': { input: { code: 'ESOCKET', originalCode: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', command: 'CONN' }, reason: 'TLS_HANDSHAKE_FAILED' },
  'dns-nodemailer': { input: { code: 'EDNS', originalCode: 'ECONNREFUSED', command: 'CONN' }, reason: 'DNS_FAILED' },
  'dns-node': { input: { code: 'ENOTFOUND' }, reason: 'DNS_FAILED' },
  timeout: { input: { code: 'ETIMEDOUT', command: 'CONN', timeoutType: 'GREETING_TIMEOUT' }, reason: 'CONNECTION_TIMEOUT' },
  'connection-system': { input: { code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN' }, reason: 'CONNECTION_FAILED' },
  'starttls-refused': { input: { code: 'ETLS', command: 'STARTTLS', responseCode: 502 }, reason: 'STARTTLS_NOT_OFFERED' },
  'tls-nodemailer': { input: { code: 'ETLS', command: 'CONN' }, reason: 'TLS_HANDSHAKE_FAILED' },
  auth: { input: { code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 535 }, reason: 'AUTH_FAILED' },
  sender: { input: { code: 'EENVELOPE', command: 'MAIL FROM', responseCode: 553 }, reason: 'SENDER_REJECTED' },
  recipient: { input: { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550 }, reason: 'RECIPIENT_REJECTED' },
  message: { input: { code: 'EMESSAGE', command: 'DATA', responseCode: 554 }, reason: 'MESSAGE_REJECTED' },
  'server-closing': { input: { code: 'EPROTOCOL', command: 'CONN', responseCode: 421 }, reason: 'CONNECTION_FAILED' },
  'connection-closed': { input: { code: 'ECONNECTION', command: 'CONN' }, reason: 'CONNECTION_FAILED' },
  protocol: { input: { code: 'EPROTOCOL', command: 'EHLO', responseCode: 500 }, reason: 'PROTOCOL_ERROR' },
  fallback: { input: { code: 'ESTREAM' }, reason: 'PROTOCOL_ERROR' },
};

describe('classification table', () => {
  it('has a test case for every row and no case without a row', () => {
    expect(Object.keys(ROW_CASES).sort()).toEqual(CLASSIFICATION_TABLE.map((r) => r.id).sort());
  });

  for (const row of CLASSIFICATION_TABLE) {
    it(`row "${row.id}" (${row.when}) → ${row.reason}`, () => {
      const c = ROW_CASES[row.id]!;
      const f = facts(c.input);
      expect(row.matches(f)).toBe(true);
      // and it is this row that decides (no earlier row shadows it)
      expect(CLASSIFICATION_TABLE.find((r) => r.matches(f))?.id).toBe(row.id);
      expect(classify(f)).toBe(c.reason);
      expect(row.reason).toBe(c.reason);
    });
  }

  it('recognises more untrusted-chain and version codes', () => {
    for (const code of ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']) {
      expect(classify(facts({ code: 'ESOCKET', originalCode: code }))).toBe('CERT_UNTRUSTED');
    }
    expect(classify(facts({ code: 'ESOCKET', originalCode: 'ERR_SSL_UNSUPPORTED_PROTOCOL' }))).toBe('TLS_VERSION_REJECTED');
    expect(classify(facts({ code: 'ESOCKET', originalCode: 'ECONNRESET' }))).toBe('CONNECTION_FAILED');
    expect(classify(facts({ code: 'ESOCKET', originalCode: 'EHOSTUNREACH' }))).toBe('CONNECTION_FAILED');
    expect(classify(facts({ code: 'EDNS', originalCode: 'EAI_AGAIN' }))).toBe('DNS_FAILED');
    expect(classify(facts({ code: 'EENVELOPE', command: 'DATA', responseCode: 554 }))).toBe('MESSAGE_REJECTED');
  });
});

describe('errorFacts', () => {
  it('reads a nodemailer error', () => {
    const err = Object.assign(new Error('x'), { code: 'ESOCKET', originalCode: 'CERT_HAS_EXPIRED', responseCode: 421, command: 'CONN', timeoutType: 'SOCKET_TIMEOUT' });
    expect(errorFacts(err)).toEqual({ code: 'ESOCKET', originalCode: 'CERT_HAS_EXPIRED', responseCode: 421, command: 'CONN', timeoutType: 'SOCKET_TIMEOUT' });
  });
  it('tolerates anything', () => {
    expect(errorFacts('boom')).toEqual(facts({}));
    expect(errorFacts(null)).toEqual(facts({}));
  });
});

describe('retryable and permanent', () => {
  it('4xx is retryable, 5xx is not', () => {
    expect(isRetryable('RECIPIENT_REJECTED', 450)).toBe(true);
    expect(isRetryable('RECIPIENT_REJECTED', 550)).toBe(false);
    expect(isRetryable('AUTH_FAILED', 454)).toBe(true);
    expect(isRetryable('AUTH_FAILED', 535)).toBe(false);
  });
  it('without a reply, network and TLS trouble is retryable, configuration is not', () => {
    expect(isRetryable('CONNECTION_FAILED', null)).toBe(true);
    expect(isRetryable('CERT_UNTRUSTED', null)).toBe(true);
    expect(isRetryable('NOT_CONFIGURED', null)).toBe(false);
    expect(isRetryable('TEMPLATE_ERROR', null)).toBe(false);
  });
  it('a refused STARTTLS stays retryable (server configuration, not the message)', () => {
    expect(isRetryable('STARTTLS_NOT_OFFERED', 502)).toBe(true);
  });
  it('only a 5xx refusal of sender, recipients or message is permanent', () => {
    expect(isPermanentRejection('RECIPIENT_REJECTED', 550)).toBe(true);
    expect(isPermanentRejection('SENDER_REJECTED', 553)).toBe(true);
    expect(isPermanentRejection('MESSAGE_REJECTED', 554)).toBe(true);
    expect(isPermanentRejection('RECIPIENT_REJECTED', 451)).toBe(false);
    expect(isPermanentRejection('AUTH_FAILED', 535)).toBe(false);
    expect(isPermanentRejection('PROTOCOL_ERROR', 554)).toBe(false);
  });
});

describe('stageFromFacts', () => {
  it.each([
    ['MAIL FROM', null, 'mail'],
    ['RCPT TO', null, 'rcpt'],
    ['DATA', null, 'data'],
    ['EHLO', null, 'ehlo'],
    ['HELO', null, 'ehlo'],
    ['STARTTLS', null, 'starttls'],
    ['AUTH LOGIN', null, 'auth'],
    ['CONN', 'CONNECT_TIMEOUT', 'connect'],
    ['CONN', 'GREETING_TIMEOUT', 'greeting'],
    ['CONN', 'UPGRADE_TIMEOUT', 'starttls'],
    ['CONN', null, null],
  ])('%s / %s → %s', (command, timeoutType, stage) => {
    expect(stageFromFacts(facts({ command, timeoutType }))).toBe(stage);
  });
});
