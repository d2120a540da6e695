/**
 * The e-mail delivery settings of KSC's "notification delivery settings" page, as stored.
 * Server-wide they are the defaults; a policy overrides any subset (see policy.ts).
 */

/** KSC's three TLS choices. */
export type TlsMode = 'none' | 'opportunistic' | 'required';

/** `any` = TLS 1.0 and later, `1.2` = TLS 1.2 and later (KSC: "TLS 1.2 or later only"). */
export type TlsMinVersion = 'any' | '1.2';

/** TLS settings; all but `mode` take effect only in `required` mode but are kept whatever the mode. */
export interface TlsSettings {
  mode: TlsMode;
  implicit: boolean;
  minVersion: TlsMinVersion;
  verifyHostname: boolean;
  serverName: string | null;
  /** Certificate id (kind `ca`) or null for the system trust store. */
  serverCa: string | null;
  /** Certificate id (kind `client`) or null. */
  clientCertificate: string | null;
}

/**
 * A secret sealed by the secret box (AES-256-GCM under the master key); opaque text.
 * Never leaves the server; presenters turn it into `passwordSet`.
 */
export type SealedSecret = string & { readonly __sealed: unique symbol };

/** ESMTP authentication as stored: the password sealed. */
export interface AuthSettings {
  enabled: boolean;
  username: string;
  password: SealedSecret | null;
}

/** The full, normalised settings document as stored (and, minus the password, as shown). */
export interface EmailSettings {
  /** Normalised entries: trimmed, IDN domains in punycode, duplicates removed. */
  recipients: string[];
  /** Normalised entries: `host`, `host:port`, `[v6]:port`; IPv6 compressed. */
  servers: string[];
  port: number;
  useMx: boolean;
  helo: string | null;
  auth: AuthSettings;
  tls: TlsSettings;
  sender: string;
  subject: string;
  body: string;
}

/** The default TLS settings (API.md). */
export const DEFAULT_TLS_SETTINGS: TlsSettings = {
  mode: 'opportunistic',
  implicit: false,
  minVersion: 'any',
  verifyHostname: true,
  serverName: null,
  serverCa: null,
  clientCertificate: null,
};

/** Default subject: what an on-call admin needs to triage from the inbox list. */
export const DEFAULT_SUBJECT = '[%SEVERITY%] %EVENT% on %COMPUTER%';

/**
 * Default body: what an on-call admin needs at 3 a.m. to act without opening a console. What
 * happened comes first (name, then the description with the threat and path), then one
 * labelled fact per line, so a value the event lacks leaves an empty line end instead of
 * dangling punctuation, and the lines scan well on a phone.
 */
export const DEFAULT_BODY = [
  '%SEVERITY%: %EVENT%',
  '',
  '%DESCR%',
  '',
  'Device:        %COMPUTER%',
  'Domain:        %DOMAIN%',
  'Device IP:     %HOST_IP%',
  'Application:   %KL_PRODUCT% %KL_VERSION%',
  'Task:          %KLCSAK_EVENT_TASK_DISPLAY_NAME%',
  'Occurred at:   %RISE_TIME%',
  'Event type:    %EVENT_TYPE%',
  'Event id:      %EVENT_ID%',
  'Received from: %HOST_CONN_IP%',
  '',
  '--',
  'Sent by Herald.',
].join('\n');

/** Default sender when none is configured. */
export const DEFAULT_SENDER = 'herald@localhost';

/** The settings before the first PUT: empty recipients and servers, port 25, auth off, TLS opportunistic. */
export function defaultEmailSettings(): EmailSettings {
  return {
    recipients: [],
    servers: [],
    port: 25,
    useMx: false,
    helo: null,
    auth: { enabled: false, username: '', password: null },
    tls: { ...DEFAULT_TLS_SETTINGS },
    sender: DEFAULT_SENDER,
    subject: DEFAULT_SUBJECT,
    body: DEFAULT_BODY,
  };
}
