/**
 * Pure: the nodemailer SMTPConnection options for one connection, per TLS mode. This is the
 * one place where Herald's TLS settings become nodemailer/Node TLS options.
 */
import net from 'node:net';
import os from 'node:os';
import tls from 'node:tls';
import type { SMTPConnectionOptions } from 'nodemailer/lib/smtp-connection';
import type { ExternalLogger } from 'nodemailer/lib/shared';
import type { TransportConfig } from './types.js';
import { SOCKET_CLOSE_TIMEOUT_MS, type SmtpTimeouts } from './timeouts.js';

/** OpenSSL 3 refuses TLS 1.0/1.1 and weak ciphers at its default security level 1+; level 0 allows them. */
export const LEGACY_CIPHERS = 'DEFAULT@SECLEVEL=0';

/** Where and how to connect. */
export interface ConnectionTarget {
  /** The IP address to connect to (already resolved). */
  address: string;
  /** The name the admin configured (host name, NetBIOS name or the IP itself): SNI and name check. */
  name: string;
  port: number;
}

/**
 * `configured` = the TLS mode as set; `plaintext` = the opportunistic fallback after a failed
 * handshake (no STARTTLS at all).
 */
export type TlsPlan = 'configured' | 'plaintext';

/** Node's name check for `name`, or none when `verifyHostname` is off (the chain is still verified). */
function identityCheck(config: TransportConfig, name: string): (host: string, cert: tls.PeerCertificate) => Error | undefined {
  if (!config.tls.verifyHostname) return () => undefined;
  const expected = config.tls.serverName ?? name;
  return (_host, cert) => tls.checkServerIdentity(expected, cert);
}

/** The options for one SMTPConnection; `secure` is always explicit (nodemailer turns it on for 465 otherwise). */
export function connectionOptions(
  config: TransportConfig,
  target: ConnectionTarget,
  timeouts: SmtpTimeouts,
  plan: TlsPlan,
  logger: ExternalLogger | null,
): SMTPConnectionOptions {
  const base = baseOptions(config, target, timeouts, logger);
  const sniName = config.tls.serverName ?? (net.isIP(target.name) ? undefined : target.name);
  const mode = plan === 'plaintext' ? 'none' : config.tls.mode;
  switch (mode) {
    case 'none':
      return { ...base, secure: false, ignoreTLS: true, requireTLS: false, opportunisticTLS: false };
    case 'opportunistic':
      return opportunisticOptions(base, sniName);
    case 'required':
      return requiredOptions(base, config, target, sniName);
  }
}

/** What every mode shares: address, EHLO name, timeouts, logging. */
function baseOptions(config: TransportConfig, target: ConnectionTarget, timeouts: SmtpTimeouts, logger: ExternalLogger | null): SMTPConnectionOptions {
  return {
    host: target.address,
    port: target.port,
    name: config.helo ?? os.hostname(),
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    dnsTimeout: timeouts.dnsMs,
    socketCloseTimeout: SOCKET_CLOSE_TIMEOUT_MS,
    logger: logger ?? false,
    transactionLog: logger !== null,
    debug: false,
  };
}

/** Postfix `may`: STARTTLS when offered, any certificate and any version. */
function opportunisticOptions(base: SMTPConnectionOptions, sniName: string | undefined): SMTPConnectionOptions {
  return {
    ...base,
    secure: false,
    ignoreTLS: false,
    requireTLS: false,
    opportunisticTLS: true,
    ...(sniName === undefined ? {} : { servername: sniName }),
    tls: {
      rejectUnauthorized: false,
      minVersion: 'TLSv1',
      ciphers: LEGACY_CIPHERS,
      ...(sniName === undefined ? {} : { servername: sniName }),
    },
  };
}

/** STARTTLS or implicit TLS, verified (CA bundle or system store, name check), client certificate when set. */
function requiredOptions(base: SMTPConnectionOptions, config: TransportConfig, target: ConnectionTarget, sniName: string | undefined): SMTPConnectionOptions {
  const legacy = config.tls.minVersion === 'any';
  const tlsOptions: tls.ConnectionOptions = {
    rejectUnauthorized: true,
    minVersion: legacy ? 'TLSv1' : 'TLSv1.2',
    checkServerIdentity: identityCheck(config, target.name),
    ...(legacy ? { ciphers: LEGACY_CIPHERS } : {}),
    ...(config.tlsMaterial.ca === undefined ? {} : { ca: config.tlsMaterial.ca }),
    ...(config.tlsMaterial.cert === undefined ? {} : { cert: config.tlsMaterial.cert }),
    ...(config.tlsMaterial.key === undefined ? {} : { key: config.tlsMaterial.key }),
    ...(sniName === undefined ? {} : { servername: sniName }),
  };
  return {
    ...base,
    secure: config.tls.implicit,
    requireTLS: !config.tls.implicit,
    ignoreTLS: false,
    opportunisticTLS: false,
    ...(sniName === undefined ? {} : { servername: sniName }),
    tls: tlsOptions,
  };
}
