/**
 * Every timeout of the SMTP engine, in milliseconds (nodemailer `lib/` style: named constants
 * with their unit). The worker is patient; the test message answers a person waiting for it.
 */

/** The timeouts of one SMTP session. */
export interface SmtpTimeouts {
  /** DNS look-up + TCP connect + greeting + STARTTLS must finish within this (nodemailer connectionTimeout). */
  connectMs: number;
  /** Waiting for the 220 greeting (nodemailer greetingTimeout). */
  greetingMs: number;
  /** Inactivity on an established session, e.g. waiting for the reply to DATA (socketTimeout). */
  socketMs: number;
  /** One DNS look-up (names and MX). */
  dnsMs: number;
}

/** Worker: connect + greeting + STARTTLS within 30 s. */
export const WORKER_CONNECT_TIMEOUT_MS = 30_000;
/** Worker: the greeting within 30 s (RFC 5321 suggests 5 min; admins' servers answer at once). */
export const WORKER_GREETING_TIMEOUT_MS = 30_000;
/** Worker: 2 min of silence ends a session (a slow content filter after DATA still fits). */
export const WORKER_SOCKET_TIMEOUT_MS = 120_000;
/** Worker: one DNS look-up. */
export const WORKER_DNS_TIMEOUT_MS = 15_000;

/** Test message: connect within 10 s. */
export const DIAGNOSIS_CONNECT_TIMEOUT_MS = 10_000;
/** Test message: the greeting within 10 s. */
export const DIAGNOSIS_GREETING_TIMEOUT_MS = 10_000;
/** Test message: 30 s of silence ends the session. */
export const DIAGNOSIS_SOCKET_TIMEOUT_MS = 30_000;
/** Test message: one DNS look-up. */
export const DIAGNOSIS_DNS_TIMEOUT_MS = 10_000;

/** Test message: everything (all servers, DNS, sessions) within 60 s; a person is waiting. */
export const DIAGNOSIS_DEADLINE_MS = 60_000;
/** Test message: at most this many servers (MX hosts count one each) are tried. */
export const DIAGNOSIS_MAX_ATTEMPTS = 10;

/** After our FIN, how long the peer gets to close before the socket is destroyed. */
export const SOCKET_CLOSE_TIMEOUT_MS = 1_000;
/** How long QUIT may wait for the 221 before the connection is simply closed. */
export const QUIT_TIMEOUT_MS = 2_000;
/** A pooled connection idle this long is closed with QUIT. */
export const POOL_IDLE_TIMEOUT_MS = 30_000;
/** A server that failed is tried last for this long. */
export const SERVER_HEALTH_PENALTY_MS = 60_000;
/** MX answers are reused this long by the pooled deliverer. */
export const MX_CACHE_TTL_MS = 60_000;

/** The worker's timeouts. */
export const WORKER_TIMEOUTS: Readonly<SmtpTimeouts> = {
  connectMs: WORKER_CONNECT_TIMEOUT_MS,
  greetingMs: WORKER_GREETING_TIMEOUT_MS,
  socketMs: WORKER_SOCKET_TIMEOUT_MS,
  dnsMs: WORKER_DNS_TIMEOUT_MS,
};

/** The test message's short timeouts. */
export const DIAGNOSIS_TIMEOUTS: Readonly<SmtpTimeouts> = {
  connectMs: DIAGNOSIS_CONNECT_TIMEOUT_MS,
  greetingMs: DIAGNOSIS_GREETING_TIMEOUT_MS,
  socketMs: DIAGNOSIS_SOCKET_TIMEOUT_MS,
  dnsMs: DIAGNOSIS_DNS_TIMEOUT_MS,
};
