/**
 * Inputs and results of the SMTP delivery engine. The caller (settings + certs + secret box)
 * resolves secrets and certificates; nothing here reads the store.
 */
import type { TlsSettings } from '../../domain/email-settings.js';
import type { DeliveryError, Reason } from '../../domain/reason.js';
import type { Stage, TlsFacts } from '../../domain/notification.js';
import type { TokenGrant } from '../oauth/grant.js';

/** Everything needed to talk to the admin's SMTP servers; the caller resolves secrets and certificates. */
export interface TransportConfig {
  /** Normalised entries: `host`, `host:port`, `[v6]:port`, IPv4, bare IPv6, NetBIOS names. */
  servers: string[];
  /** Port for entries without their own port. */
  port: number;
  /** Entries are mail domains; try their MX hosts by preference. */
  useMx: boolean;
  /** Name sent in EHLO; null = `os.hostname()`. */
  helo: string | null;
  /**
   * ESMTP authentication; the password in plaintext here and never logged. With `oauth2`
   * the mechanism is XOAUTH2 with a token from that grant; `allowUnencrypted` (default
   * false) lets credentials go over a connection without TLS.
   */
  auth: { enabled: boolean; username: string; password: string | null; allowUnencrypted?: boolean; oauth2?: TokenGrant };
  /** TLS settings as stored (src/domain/email-settings.ts). */
  tls: TlsSettings;
  /** PEM material resolved from the certificate ids (`serverCa`, `clientCertificate`). */
  tlsMaterial: { ca?: string; cert?: string; key?: string };
  /** HERALD_DNS_SERVERS: `ip[:port]` resolvers for names and MX; absent = the system's. */
  dnsServers?: string[];
}

/** One rendered message; MIME is built from it once per delivery. */
export interface OutgoingMessage {
  /** `<id@domain>`, stable across retries. */
  messageId: string;
  /** Sender address (also the envelope sender). */
  from: string;
  /** Bare addresses or `Name <addr>`. */
  to: string[];
  subject: string;
  text: string;
  /** Extra headers (`X-Herald-Notification-Id`, `Auto-Submitted`, …). */
  headers: Record<string, string>;
}

/** What one attempt on one server ended with. */
export interface SmtpAttempt {
  /** The server entry, or the MX host when `useMx`. */
  server: string;
  port: number;
  ok: boolean;
  /** Where the attempt ended (API.md `stage`). */
  stage: Stage;
  tls: TlsFacts | null;
  error: DeliveryError | null;
  /** Whether trying again later may succeed. */
  retryable: boolean;
  /** Recipients this server refused while accepting the message for others. */
  rejectedRecipients: string[];
  /** Redacted protocol lines (`S: …`, `C: …`, `* …`); empty unless transcripts are on. */
  transcript: string[];
  /** Free-text remark, e.g. the opportunistic fallback to plaintext. */
  note?: string;
  /**
   * Opportunistic TLS ("if the server supports it") ended without TLS: `STARTTLS_NOT_OFFERED`
   * when the server's EHLO did not offer it, else the code of the failed handshake before the
   * plaintext reconnect. Absent when the session used TLS or TLS was not wanted.
   */
  plaintextReason?: Reason;
  /** OAuth: the token endpoint used and how long the token was still valid (never the token). */
  token?: TokenFacts;
}

/** What an attempt may tell about its OAuth access token. */
export interface TokenFacts {
  endpoint: string;
  /** Seconds the token was still valid when the session authenticated. */
  validForSeconds: number;
}

/** The outcome of delivering one message over the configured servers. */
export interface DeliveryReport {
  delivered: boolean;
  /** A 5xx rejected every recipient or the message: do not retry. */
  permanent: boolean;
  attempts: SmtpAttempt[];
  /** The server that accepted the message. */
  acceptedBy: string | null;
  /** Recipients refused by the accepting server (or by the permanent rejection). */
  rejectedRecipients: string[];
}

/** How one failed step is reported inside an attempt. */
export interface AttemptFailure {
  stage: Stage;
  error: DeliveryError;
  retryable: boolean;
}
