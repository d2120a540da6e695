import type { RateLimit } from './grouping.js';

/**
 * The e-mail delivery settings of KSC's "notification delivery settings" page, as stored.
 * Server-wide they are the defaults; a policy overrides any subset (see policy.ts).
 *
 * The console (web/) imports its types and lists too: import nothing but domain files without imports of packages.
 */

/** KSC's three TLS choices, in the order the console shows them. */
export const TLS_MODES = ['none', 'opportunistic', 'required'] as const;

/** One TLS mode (API.md "Delivery semantics"). */
export type TlsMode = (typeof TLS_MODES)[number];

/** The minimum TLS versions, in the order the console shows them. */
export const TLS_MIN_VERSIONS = ['any', '1.2'] as const;

/** `any` = TLS 1.0 and later, `1.2` = TLS 1.2 and later (KSC: "TLS 1.2 or later only"). */
export type TlsMinVersion = (typeof TLS_MIN_VERSIONS)[number];

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

/** How Herald authenticates: a password (PLAIN/LOGIN/CRAM-MD5) or an OAuth 2.0 access token (XOAUTH2). */
export type AuthMechanism = 'password' | 'oauth2';

/** Where the access token comes from (API.md `auth.oauth2.provider`). */
export type OAuth2Provider = 'microsoft' | 'google' | 'generic';

/** OAuth 2.0 settings as stored: the client secret and the service account key sealed. */
export interface OAuth2Settings {
  provider: OAuth2Provider;
  /** Microsoft: the tenant (domain or id) whose token endpoint issues the token. */
  tenant: string | null;
  /** Microsoft and generic: the app's client id. */
  clientId: string;
  /** Microsoft and generic: the client secret (write-only). */
  clientSecret: SealedSecret | null;
  /** Google: the service account's JSON key (write-only). */
  serviceAccountKey: SealedSecret | null;
  /** Overrides the provider's token endpoint (sovereign clouds, tests); required for generic. */
  tokenUrl: string | null;
  /** Overrides the provider's scope. */
  scope: string | null;
}

/**
 * ESMTP authentication as stored: secrets sealed. `mechanism`, `allowUnencrypted` and
 * `oauth2` came with API revision 2; documents stored before it lack them, and absent means
 * the default (`password`, `false`, none) — read them through the helpers below.
 */
export interface AuthSettings {
  enabled: boolean;
  mechanism?: AuthMechanism;
  username: string;
  password: SealedSecret | null;
  /** Credentials may be sent on an unencrypted connection (default false: never). */
  allowUnencrypted?: boolean;
  oauth2?: OAuth2Settings;
}

/** The mechanism of stored auth (documents from before revision 2: `password`). */
export function authMechanismOf(auth: AuthSettings): AuthMechanism {
  return auth.mechanism ?? 'password';
}

/** Whether stored auth may send credentials without TLS (documents from before revision 2: no). */
export function allowsUnencryptedAuth(auth: AuthSettings): boolean {
  return auth.allowUnencrypted === true;
}

/** The OAuth 2.0 settings before any were given. */
export function defaultOAuth2Settings(): OAuth2Settings {
  return { provider: 'microsoft', tenant: null, clientId: '', clientSecret: null, serviceAccountKey: null, tokenUrl: null, scope: null };
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
  /** Subject template of a digest (a notification covering several events of a group). */
  digestSubject: string;
  /** Body template of a digest. */
  digestBody: string;
  /** At most this many messages per minute through these settings' transport. */
  rateLimit: RateLimit;
}

/**
 * The numeric limits of the settings (API.md): one place for the server's parser, the
 * published request schema and the console's checks before saving.
 */
export const EMAIL_NUMBER_LIMITS = {
  port: { min: 1, max: 65_535 },
  'rateLimit.perMinute': { min: 1, max: 100_000 },
} as const;

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

/** Default digest subject: the count first, so a storm reads as one line in the inbox. */
export const DEFAULT_DIGEST_SUBJECT = '[%SEVERITY%] %EVENT_COUNT% × %EVENT% on %DEVICE_COUNT% devices';

/** Default digest body: the counts and the time span, then the newest events one per line. */
export const DEFAULT_DIGEST_BODY = [
  '%EVENT_COUNT% × %EVENT% on %DEVICE_COUNT% devices',
  'between %FIRST_TIME% and %LAST_TIME%.',
  '',
  'Newest events:',
  '%EVENT_LIST%',
  '',
  'Latest event:',
  'Device:        %COMPUTER%',
  'Description:   %DESCR%',
  'Application:   %KL_PRODUCT% %KL_VERSION%',
  '',
  '--',
  'Sent by Herald. Further events of this kind are collected into one message at most every few minutes.',
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
    auth: { enabled: false, mechanism: 'password', username: '', password: null, allowUnencrypted: false },
    tls: { ...DEFAULT_TLS_SETTINGS },
    sender: DEFAULT_SENDER,
    subject: DEFAULT_SUBJECT,
    body: DEFAULT_BODY,
    digestSubject: DEFAULT_DIGEST_SUBJECT,
    digestBody: DEFAULT_DIGEST_BODY,
    rateLimit: { perMinute: null },
  };
}
