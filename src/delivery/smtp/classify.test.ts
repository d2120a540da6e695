import { describe, expect, it } from 'vitest';
import { CLASSIFICATION_TABLE, classify, errorFacts, isPermanentRejection, isRetryable, stageFromFacts, type ErrorFacts } from './classify.js';
import type { Reason } from '../../domain/reason.js';

const facts = (over: Partial<ErrorFacts>): ErrorFacts => ({ code: null, originalCode: null, responseCode: null, command: null, timeoutType: null, response: null, ...over });

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
  'throttled-enhanced': { input: { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 451, response: '451 4.7.500 Server busy. Please try again later.' }, reason: 'THROTTLED' },
  'throttled-text': { input: { code: 'EPROTOCOL', command: 'CONN', responseCode: 421, response: '421 Too many connections from your host, slow down' }, reason: 'THROTTLED' },
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

describe('throttling replies', () => {
  it('are THROTTLED on MAIL, RCPT and DATA and at the greeting, with 4.7.x or a rate/limit text', () => {
    expect(classify(facts({ code: 'EENVELOPE', command: 'MAIL FROM', responseCode: 450, response: '450 4.7.1 Too much mail from 10.0.0.1' }))).toBe('THROTTLED');
    expect(classify(facts({ code: 'EMESSAGE', command: 'DATA', responseCode: 452, response: '452 4.3.1 Message rate limit exceeded' }))).toBe('THROTTLED');
    expect(classify(facts({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 451, response: '451 Throttled: sending too fast' }))).toBe('THROTTLED');
  });

  it('are not THROTTLED when the code or the command says something else', () => {
    // a 5xx is permanent whatever its text
    expect(classify(facts({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550, response: '550 5.7.1 Rate limit policy' }))).toBe('RECIPIENT_REJECTED');
    // too many recipients is the message's fault (4.5.3), not a rate
    expect(classify(facts({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 452, response: '452 4.5.3 Too many recipients' }))).toBe('RECIPIENT_REJECTED');
    // 4.7.0 on STARTTLS/AUTH is a TLS or credentials problem
    expect(classify(facts({ code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 454, response: '454 4.7.0 Temporary authentication failure' }))).toBe('AUTH_FAILED');
    // greylisting without rate words
    expect(classify(facts({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 450, response: '450 4.2.0 Greylisted, please try again later' }))).toBe('RECIPIENT_REJECTED');
    // a 421 closing the connection without rate words stays a connection failure
    expect(classify(facts({ code: 'EPROTOCOL', command: 'CONN', responseCode: 421, response: '421 Service not available' }))).toBe('CONNECTION_FAILED');
  });

  it('are retryable', () => {
    expect(isRetryable('THROTTLED', 451)).toBe(true);
  });
});

describe('errorFacts', () => {
  it('reads a nodemailer error', () => {
    const err = Object.assign(new Error('x'), { code: 'ESOCKET', originalCode: 'CERT_HAS_EXPIRED', responseCode: 421, command: 'CONN', timeoutType: 'SOCKET_TIMEOUT', response: '421 4.7.0 busy' });
    expect(errorFacts(err)).toEqual({ code: 'ESOCKET', originalCode: 'CERT_HAS_EXPIRED', responseCode: 421, command: 'CONN', timeoutType: 'SOCKET_TIMEOUT', response: '421 4.7.0 busy' });
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
