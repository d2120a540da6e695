/**
 * Why a delivery attempt (or a whole notification) failed: a closed set. It is the API's
 * `error.code`, a notification's `lastError.code` and a metric label, so adding a member is
 * an API change.
 *
 * The console (web/) imports it too: import nothing but domain files without imports of packages.
 */
export const REASONS = [
  'DNS_FAILED',
  'CONNECTION_FAILED',
  'CONNECTION_TIMEOUT',
  'STARTTLS_NOT_OFFERED',
  'TLS_HANDSHAKE_FAILED',
  'TLS_VERSION_REJECTED',
  'CERT_UNTRUSTED',
  'CERT_HOSTNAME_MISMATCH',
  'CERT_EXPIRED',
  'AUTH_NOT_OFFERED',
  'AUTH_FAILED',
  /** AUTH would send the password on a connection without TLS (API.md `auth.allowUnencrypted`). */
  'AUTH_REQUIRES_TLS',
  /** The OAuth 2.0 token endpoint refused or could not be reached (stage `token`). */
  'TOKEN_FAILED',
  /** The server answered with a throttling reply (4.7.x, rate/limit text): deferred without growing the backoff, the transport pauses. */
  'THROTTLED',
  'SENDER_REJECTED',
  'RECIPIENT_REJECTED',
  'MESSAGE_REJECTED',
  'PROTOCOL_ERROR',
  'NOT_CONFIGURED',
  'CERTIFICATE_UNAVAILABLE',
  'TEMPLATE_ERROR',
  'MAX_AGE_EXCEEDED',
] as const;

/**
 * One member of the closed set. Everything keyed by reasons derives from `REASONS`: the metric
 * label values, the OpenAPI enum, the test-message answer, the console's error texts (a
 * `Record<Reason, string>`, so a reason without a translation does not compile).
 */
export type Reason = (typeof REASONS)[number];

/** Narrowing for codes read from outside (the API, the database). */
export function isReason(code: string): code is Reason {
  return (REASONS as readonly string[]).includes(code);
}

/** The `{code, message, smtpCode}` object of the API: an attempt's error, a notification's lastError. */
export interface DeliveryError {
  code: Reason;
  message: string;
  smtpCode?: number;
}
