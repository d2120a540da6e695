/**
 * Error classification: nodemailer / Node errors → the closed `Reason` set, as a table read
 * top to bottom (first match wins). nodemailer wraps Node's error codes: a TLS certificate
 * error arrives as `code: 'ESOCKET'` with `originalCode: 'CERT_HAS_EXPIRED'`, a refused
 * connection as `ESOCKET`/`ECONNREFUSED`, a DNS failure as `EDNS`/`ENOTFOUND`; SMTP replies
 * carry `responseCode` and the `command` they answered (`MAIL FROM`, `RCPT TO`, `DATA`, …).
 */
import type { Reason } from '../../domain/reason.js';
import type { Stage } from '../../domain/notification.js';

/** The facts of an error that classification looks at. */
export interface ErrorFacts {
  /** nodemailer's code (`ESOCKET`, `ETLS`, `EAUTH`, …) or a Node code. */
  code: string | null;
  /** The Node/system code that nodemailer replaced with its own (`ECONNREFUSED`, `CERT_HAS_EXPIRED`). */
  originalCode: string | null;
  /** The SMTP reply code when the server answered. */
  responseCode: number | null;
  /** The command the error belongs to (`CONN`, `EHLO`, `STARTTLS`, `AUTH PLAIN`, `MAIL FROM`, `RCPT TO`, `DATA`, `API`). */
  command: string | null;
  /** nodemailer's timeout kind (`CONNECT_TIMEOUT`, `GREETING_TIMEOUT`, `UPGRADE_TIMEOUT`, `SOCKET_TIMEOUT`). */
  timeoutType: string | null;
  /** The server's reply text (`451 4.7.500 Server busy. Please try again later.`), when it answered. */
  response: string | null;
}

/** One row of the classification table. */
export interface ClassificationRow {
  /** Stable name of the row (unit tests have one case per row). */
  id: string;
  /** What the row recognises, in words. */
  when: string;
  matches(facts: ErrorFacts): boolean;
  reason: Reason;
}

/** Reads the classification facts off anything thrown (nodemailer errors, Node errors). */
export function errorFacts(err: unknown): ErrorFacts {
  const record = typeof err === 'object' && err !== null ? (err as Record<string, unknown>) : {};
  const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
  const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  return {
    code: str(record['code']),
    originalCode: str(record['originalCode']),
    responseCode: num(record['responseCode']),
    command: str(record['command']),
    timeoutType: str(record['timeoutType']),
    response: str(record['response']),
  };
}

/** The most specific system code: Node's own code under nodemailer's, else the code itself. */
function systemCode(f: ErrorFacts): string | null {
  return f.originalCode ?? f.code;
}

const systemCodeIn =
  (...codes: string[]) =>
  (f: ErrorFacts): boolean => {
    const code = systemCode(f);
    return code !== null && codes.includes(code);
  };

/** Node's certificate verification codes that mean "chain not trusted". */
const UNTRUSTED_CODES = [
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'ERR_TLS_CERT_SIGNATURE_ALGORITHM_UNSUPPORTED',
];

/** OpenSSL errors (as Node codes) that mean the two sides share no protocol version. */
const VERSION_PATTERN =
  /^ERR_SSL_(TLSV1_ALERT_PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL|NO_PROTOCOLS_AVAILABLE|VERSION_TOO_LOW|UNSUPPORTED_SSL_VERSION|WRONG_SSL_VERSION)$/;

/** Reply codes a server throttles with (Microsoft 365: 421/451 4.7.500; Postfix: 421/450/452). */
const THROTTLING_REPLY_CODES: readonly number[] = [421, 450, 451, 452];

/** The enhanced status code (RFC 3463) at the start of a reply's text after the basic code, or null. */
export function enhancedStatusCode(response: string | null | undefined): string | null {
  const match = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(response ?? '');
  return match?.[1] ?? null;
}

/** Words of a throttling reply without a 4.7.x code ("rate limit exceeded", "too many connections", "throttled"). */
const THROTTLING_TEXT = /\b(rate|limit(ed|s)?|too many (connections|messages|mails|emails|requests)|throttl\w*|slow down)\b/i;

/**
 * A throttling reply (API.md `rateLimit`): 421/450/451/452 with enhanced code 4.7.x, or with a
 * rate/limit text whose enhanced code (if any) is not about the address or the message
 * (4.1.x/4.2.x/4.5.x/4.6.x: "452 4.5.3 Too many recipients" is the message's fault, not a rate).
 * Not on STARTTLS or AUTH, where 4.7.0 means a TLS/credential problem.
 */
function isThrottlingReply(f: ErrorFacts): boolean {
  if (f.responseCode === null || !THROTTLING_REPLY_CODES.includes(f.responseCode)) return false;
  const command = (f.command ?? '').toUpperCase();
  if (command === 'STARTTLS' || command.startsWith('AUTH')) return false;
  const enhanced = enhancedStatusCode(f.response);
  if (enhanced !== null && enhanced.startsWith('4.7.')) return true;
  const textAllowed = enhanced === null || /^4\.[347]\./.test(enhanced);
  return textAllowed && THROTTLING_TEXT.test(f.response ?? '');
}

/**
 * The table, first match wins. Certificate and TLS codes come before the generic socket
 * rows because nodemailer reports them as `ESOCKET`; `EDNS` comes before the connection rows
 * because a resolver's own ECONNREFUSED is a DNS failure.
 */
export const CLASSIFICATION_TABLE: readonly ClassificationRow[] = [
  { id: 'cert-expired', when: 'CERT_HAS_EXPIRED / CERT_NOT_YET_VALID', matches: systemCodeIn('CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID'), reason: 'CERT_EXPIRED' },
  { id: 'cert-hostname', when: 'ERR_TLS_CERT_ALTNAME_INVALID', matches: systemCodeIn('ERR_TLS_CERT_ALTNAME_INVALID'), reason: 'CERT_HOSTNAME_MISMATCH' },
  { id: 'cert-untrusted', when: 'chain verification codes (self-signed, unknown issuer, …)', matches: systemCodeIn(...UNTRUSTED_CODES), reason: 'CERT_UNTRUSTED' },
  {
    id: 'tls-version',
    when: 'protocol version alerts (ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION, ERR_SSL_UNSUPPORTED_PROTOCOL, …)',
    matches: (f) => VERSION_PATTERN.test(systemCode(f) ?? ''),
    reason: 'TLS_VERSION_REJECTED',
  },
  {
    id: 'tls-other',
    when: 'any other ERR_SSL_* / ERR_TLS_* / EPROTO',
    matches: (f) => /^(ERR_SSL_|ERR_TLS_|EPROTO$)/.test(systemCode(f) ?? ''),
    reason: 'TLS_HANDSHAKE_FAILED',
  },
  { id: 'dns-nodemailer', when: 'code EDNS', matches: (f) => f.code === 'EDNS', reason: 'DNS_FAILED' },
  {
    id: 'dns-node',
    when: 'ENOTFOUND / EAI_AGAIN / EAI_FAIL / ENODATA / ESERVFAIL / ENONAME',
    matches: systemCodeIn('ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'ENODATA', 'ESERVFAIL', 'ENONAME'),
    reason: 'DNS_FAILED',
  },
  {
    id: 'timeout',
    when: 'ETIMEDOUT (connect, greeting, STARTTLS or socket timeout)',
    matches: (f) => f.code === 'ETIMEDOUT' || f.originalCode === 'ETIMEDOUT',
    reason: 'CONNECTION_TIMEOUT',
  },
  {
    id: 'connection-system',
    when: 'ECONNREFUSED / ECONNRESET / EHOSTUNREACH / ENETUNREACH / EPIPE / ECONNABORTED',
    matches: systemCodeIn('ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED', 'EADDRNOTAVAIL', 'ENETDOWN', 'EHOSTDOWN'),
    reason: 'CONNECTION_FAILED',
  },
  {
    id: 'starttls-refused',
    when: 'ETLS on STARTTLS with a server reply (not offered / refused)',
    matches: (f) => f.code === 'ETLS' && f.command === 'STARTTLS' && f.responseCode !== null,
    reason: 'STARTTLS_NOT_OFFERED',
  },
  { id: 'tls-nodemailer', when: 'any other ETLS', matches: (f) => f.code === 'ETLS', reason: 'TLS_HANDSHAKE_FAILED' },
  {
    id: 'throttled-enhanced',
    when: '421/450/451/452 with enhanced code 4.7.x outside STARTTLS/AUTH ("451 4.7.500 Server busy")',
    matches: (f) => isThrottlingReply(f) && (enhancedStatusCode(f.response)?.startsWith('4.7.') ?? false),
    reason: 'THROTTLED',
  },
  {
    id: 'throttled-text',
    when: '421/450/451/452 whose text says rate/limit/too many/throttled ("421 Too many connections")',
    matches: isThrottlingReply,
    reason: 'THROTTLED',
  },
  { id: 'auth', when: 'EAUTH / ENOAUTH', matches: (f) => f.code === 'EAUTH' || f.code === 'ENOAUTH', reason: 'AUTH_FAILED' },
  {
    id: 'sender',
    when: 'EENVELOPE on MAIL FROM',
    matches: (f) => f.code === 'EENVELOPE' && f.command === 'MAIL FROM',
    reason: 'SENDER_REJECTED',
  },
  {
    id: 'recipient',
    when: 'EENVELOPE on RCPT TO (every recipient refused)',
    matches: (f) => f.code === 'EENVELOPE' && f.command === 'RCPT TO',
    reason: 'RECIPIENT_REJECTED',
  },
  {
    id: 'message',
    when: 'EENVELOPE on DATA, or EMESSAGE (the message refused)',
    matches: (f) => (f.code === 'EENVELOPE' && f.command === 'DATA') || f.code === 'EMESSAGE',
    reason: 'MESSAGE_REJECTED',
  },
  {
    id: 'server-closing',
    when: 'a 421 reply outside the envelope (service not available, closing)',
    matches: (f) => f.responseCode === 421,
    reason: 'CONNECTION_FAILED',
  },
  {
    id: 'connection-closed',
    when: 'ECONNECTION / ESOCKET (closed unexpectedly, socket error)',
    matches: (f) => f.code === 'ECONNECTION' || f.code === 'ESOCKET',
    reason: 'CONNECTION_FAILED',
  },
  { id: 'protocol', when: 'EPROTOCOL (bad greeting, EHLO/HELO refused, unexpected reply)', matches: (f) => f.code === 'EPROTOCOL', reason: 'PROTOCOL_ERROR' },
  { id: 'fallback', when: 'anything else', matches: () => true, reason: 'PROTOCOL_ERROR' },
];

/** The reason for an error's facts: the first matching row of the table. */
export function classify(facts: ErrorFacts): Reason {
  for (const row of CLASSIFICATION_TABLE) {
    if (row.matches(facts)) return row.reason;
  }
  return 'PROTOCOL_ERROR';
}

/** Reasons that are settled by configuration or content, not by waiting. */
const NEVER_RETRYABLE: ReadonlySet<Reason> = new Set<Reason>(['NOT_CONFIGURED', 'TEMPLATE_ERROR', 'MAX_AGE_EXCEEDED']);

/**
 * Whether trying again later may succeed: an SMTP reply decides when there is one (4xx yes,
 * 5xx no); without one, network, DNS, TLS, certificate and protocol trouble is temporary
 * (the server or its settings may be fixed), configuration/content reasons are not.
 * A refused STARTTLS is the exception: its 5xx ("command not recognized") says nothing
 * about the message, only that the server's TLS is not set up yet.
 */
export function isRetryable(reason: Reason, responseCode: number | null): boolean {
  if (reason === 'STARTTLS_NOT_OFFERED') return true;
  if (responseCode !== null && responseCode >= 400 && responseCode < 600) {
    return responseCode < 500;
  }
  return !NEVER_RETRYABLE.has(reason);
}

/** Reasons that, with a 5xx, end the delivery: the message itself is refused (`permanent`). */
export function isPermanentRejection(reason: Reason, responseCode: number | null): boolean {
  return (
    (reason === 'SENDER_REJECTED' || reason === 'RECIPIENT_REJECTED' || reason === 'MESSAGE_REJECTED') &&
    responseCode !== null &&
    responseCode >= 500 &&
    responseCode < 600
  );
}

/** The stage an error belongs to, when its command or timeout says so; null = ask the session. */
export function stageFromFacts(facts: ErrorFacts): Stage | null {
  const command = (facts.command ?? '').toUpperCase();
  if (command === 'MAIL FROM') return 'mail';
  if (command === 'RCPT TO') return 'rcpt';
  if (command === 'DATA') return 'data';
  if (command === 'EHLO' || command === 'HELO' || command === 'LHLO') return 'ehlo';
  if (command === 'STARTTLS') return 'starttls';
  if (command.startsWith('AUTH')) return 'auth';
  switch (facts.timeoutType) {
    case 'CONNECT_TIMEOUT':
      return 'connect';
    case 'GREETING_TIMEOUT':
      return 'greeting';
    case 'UPGRADE_TIMEOUT':
      return 'starttls';
    default:
      return null;
  }
}

/** What an admin can do about each reason; the first half of every error message. */
export const REASON_ADVICE: Readonly<Record<Reason, string>> = {
  DNS_FAILED: 'The server name could not be resolved; check the name and the DNS servers (HERALD_DNS_SERVERS).',
  CONNECTION_FAILED: 'Could not connect to the server or it dropped the connection; check the address, port and firewall.',
  CONNECTION_TIMEOUT: 'The server did not answer in time; check the address, port and firewall.',
  STARTTLS_NOT_OFFERED: 'TLS is required but the server does not offer STARTTLS; enable TLS on the server or use implicit TLS (usually port 465).',
  TLS_HANDSHAKE_FAILED: 'The TLS handshake failed; check the server TLS configuration and the client certificate.',
  TLS_VERSION_REJECTED: 'Herald and the server share no TLS version; the server may only support TLS 1.0/1.1 while "TLS 1.2 or later" is set.',
  CERT_UNTRUSTED: "The server's certificate is not trusted; set the CA that issued it as the server CA.",
  CERT_HOSTNAME_MISMATCH: "The server's certificate is not issued for this name; use the name in the certificate or set the expected server name.",
  CERT_EXPIRED: "The server's certificate is outside its validity period; renew it on the server.",
  AUTH_NOT_OFFERED: 'Authentication is enabled but the server offers no usable AUTH mechanism (PLAIN, LOGIN, CRAM-MD5, or XOAUTH2 for OAuth) on this connection.',
  AUTH_FAILED: 'The server refused the credentials (user name and password, or the OAuth access token).',
  AUTH_REQUIRES_TLS: 'Credentials are only sent over an encrypted connection, and this one is not encrypted.',
  TOKEN_FAILED: 'No OAuth 2.0 access token could be obtained; check the app registration, its secret or key, and its permissions.',
  SENDER_REJECTED: 'The server refused the sender address.',
  RECIPIENT_REJECTED: 'The server refused every recipient.',
  MESSAGE_REJECTED: 'The server refused the message.',
  PROTOCOL_ERROR: 'The server answered something unexpected.',
  THROTTLED: 'The server is limiting how fast it accepts mail; Herald pauses this transport and tries again (set rateLimit to stay below the limit).',
  NOT_CONFIGURED: 'No servers or no recipients are configured.',
  CERTIFICATE_UNAVAILABLE: 'The client certificate cannot be loaded.',
  TEMPLATE_ERROR: 'The message could not be rendered.',
  MAX_AGE_EXCEEDED: 'The notification was not delivered within its maximum age.',
};
