/**
 * Why a delivery attempt (or a whole notification) failed: a closed set. It is the API's
 * `error.code`, a notification's `lastError.code` and a metric label, so adding a member is
 * an API change.
 */
export type Reason =
  | 'DNS_FAILED'
  | 'CONNECTION_FAILED'
  | 'CONNECTION_TIMEOUT'
  | 'STARTTLS_NOT_OFFERED'
  | 'TLS_HANDSHAKE_FAILED'
  | 'TLS_VERSION_REJECTED'
  | 'CERT_UNTRUSTED'
  | 'CERT_HOSTNAME_MISMATCH'
  | 'CERT_EXPIRED'
  | 'AUTH_NOT_OFFERED'
  | 'AUTH_FAILED'
  | 'AUTH_REQUIRES_TLS'
  | 'TOKEN_FAILED'
  | 'SENDER_REJECTED'
  | 'RECIPIENT_REJECTED'
  | 'MESSAGE_REJECTED'
  | 'PROTOCOL_ERROR'
  | 'NOT_CONFIGURED'
  | 'CERTIFICATE_UNAVAILABLE'
  | 'TEMPLATE_ERROR'
  | 'MAX_AGE_EXCEEDED';

/** Every reason, for metric label initialisation and schema enums. */
export const REASONS: readonly Reason[] = [
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
  'AUTH_REQUIRES_TLS',
  'TOKEN_FAILED',
  'SENDER_REJECTED',
  'RECIPIENT_REJECTED',
  'MESSAGE_REJECTED',
  'PROTOCOL_ERROR',
  'NOT_CONFIGURED',
  'CERTIFICATE_UNAVAILABLE',
  'TEMPLATE_ERROR',
  'MAX_AGE_EXCEEDED',
];

/** The `{code, message, smtpCode}` object of the API: an attempt's error, a notification's lastError. */
export interface DeliveryError {
  code: Reason;
  message: string;
  smtpCode?: number;
}
