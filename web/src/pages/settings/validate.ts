/**
 * The settings form checked in the browser before saving or testing: every bad field at once,
 * as problems the page words in its language. It checks what can be checked without the
 * server (shape of addresses and names, ranges, what enabled authentication needs); the
 * server checks everything again and has the last word.
 */
import type { RequestErrorCode } from '../../../../src/domain/error-codes';
import type { Grouping, TlsMode } from '../../api/types';
import { EMAIL_NUMBER_LIMITS } from '../../../../src/domain/email-settings';
import { GROUPING_NUMBER_LIMITS } from '../../../../src/domain/grouping';
import { entries, type AuthForm, type PasswordIntent, type SettingsForm } from './model';
import type { SettingsFieldKey } from './fieldErrors';

const { port: PORT, 'rateLimit.perMinute': RATE } = EMAIL_NUMBER_LIMITS;

/** What is wrong with one field. */
export type Problem =
  /** Bad entries of a `;`-separated list: 1-based positions and the text typed. */
  | { kind: 'entries'; code: Extract<RequestErrorCode, 'INVALID_RECIPIENT' | 'INVALID_SERVER'>; entries: Array<{ n: number; value: string }> }
  | { kind: 'required' }
  | { kind: 'range'; min: number; max: number }
  | { kind: 'https' }
  /** Credentials would travel in clear: TLS off with authentication, not explicitly allowed. */
  | { kind: 'unencrypted' };

/** Problems by field, in the order the fields appear on the page. */
export type Problems = Partial<Record<SettingsFieldKey, Problem>>;

/** A DNS name, a NetBIOS name or an IPv4 address: letters (any script), digits, `-`, `_`, dots between labels. */
const HOST = /^(?!-)[\p{L}\p{N}_-]{1,63}(?<!-)(?:\.(?!-)[\p{L}\p{N}_-]{1,63}(?<!-))*\.?$/u;
/** An IPv6 address (shape only). */
const IPV6 = /^[0-9a-f:.]*:[0-9a-f:.]*$/i;

/** `host`, `host:port`, `[ipv6]:port` or a bare IPv6 address. */
export function isServerEntry(entry: string): boolean {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed !== null) return IPV6.test(bracketed[1] ?? '') && portOk(bracketed[2]);
  if (IPV6.test(entry) && entry.split(':').length > 2) return true;
  const [host = '', port, ...rest] = entry.split(':');
  return rest.length === 0 && host.length <= 253 && HOST.test(host) && portOk(port);
}

function portOk(port: string | undefined): boolean {
  return port === undefined || (/^\d{1,5}$/.test(port) && Number(port) >= PORT.min && Number(port) <= PORT.max);
}

/** `local@domain` or `Name <local@domain>`: one `@`, no spaces in the address, a plausible domain. */
export function isRecipientEntry(entry: string): boolean {
  const named = /^(.*?)\s*<([^<>]*)>$/.exec(entry);
  const address = named !== null ? (named[2] ?? '') : entry;
  if (named === null && /[<>]/.test(entry)) return false;
  const at = address.lastIndexOf('@');
  if (at <= 0 || at > 64) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (/\s/.test(local) || (local.includes('@') && !/^".*"$/.test(local))) return false;
  return /^\[[^\]]+\]$/.test(domain) || (domain.includes('.') && HOST.test(domain));
}

/** Bad entries of a list, 1-based like the messages. */
function badEntries(text: string, ok: (entry: string) => boolean): Array<{ n: number; value: string }> {
  return entries(text)
    .map((value, index) => ({ n: index + 1, value }))
    .filter(({ value }) => !ok(value));
}

/** A whole number within [min, max] as typed, or null. */
function integerIn(text: string, min: number, max: number): boolean {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) && Number(trimmed) >= min && Number(trimmed) <= max;
}

/** A secret that will be there after saving: typed now, or stored and kept. */
function secretPresent(intent: PasswordIntent, stored: boolean): boolean {
  if (intent.kind === 'set') return intent.value !== '';
  return intent.kind === 'keep' && stored;
}

/** What enabled authentication needs (the user name and its mechanism's credentials). */
function authProblems(form: AuthForm, tlsMode: TlsMode, problems: Problems): void {
  if (!form.authEnabled) return;
  if (form.username.trim() === '') problems['auth.username'] = { kind: 'required' };
  if (form.mechanism === 'password') {
    if (!secretPresent(form.password, form.passwordSet)) problems['auth.password'] = { kind: 'required' };
  } else {
    const o = form.oauth2;
    if (o.provider === 'microsoft' && o.tenant.trim() === '' && o.tokenUrl.trim() === '') problems['auth.oauth2.tenant'] = { kind: 'required' };
    if (o.provider === 'generic' && o.tokenUrl.trim() === '') problems['auth.oauth2.tokenUrl'] = { kind: 'required' };
    if (o.tokenUrl.trim() !== '' && !/^https:\/\/[^\s/@]+/i.test(o.tokenUrl.trim())) problems['auth.oauth2.tokenUrl'] = { kind: 'https' };
    if (o.provider !== 'google' && o.clientId.trim() === '') problems['auth.oauth2.clientId'] = { kind: 'required' };
    if (o.provider !== 'google' && !secretPresent(o.clientSecret, o.clientSecretSet)) problems['auth.oauth2.clientSecret'] = { kind: 'required' };
    if (o.provider === 'google' && !secretPresent(o.serviceAccountKey, o.serviceAccountKeySet)) problems['auth.oauth2.serviceAccountKey'] = { kind: 'required' };
  }
  if (tlsMode === 'none' && !form.allowUnencrypted) problems['auth.allowUnencrypted'] = { kind: 'unencrypted' };
}

/** The e-mail fields a form holds as typed; an absent one (a policy's inherited field) is not checked. */
export interface EmailFields {
  recipients?: string;
  servers?: string;
  port?: string;
  sender?: string;
  ratePerMinute?: string;
  auth?: AuthForm;
  /** The TLS mode the messages go out with (decides whether unencrypted authentication is in question). */
  tlsMode: TlsMode;
}

/** Every problem of these fields; empty when they may be sent. */
export function validateEmailFields(fields: EmailFields): Problems {
  const problems: Problems = {};
  const recipients = fields.recipients === undefined ? [] : badEntries(fields.recipients, isRecipientEntry);
  if (recipients.length > 0) problems.recipients = { kind: 'entries', code: 'INVALID_RECIPIENT', entries: recipients };
  const servers = fields.servers === undefined ? [] : badEntries(fields.servers, isServerEntry);
  if (servers.length > 0) problems.servers = { kind: 'entries', code: 'INVALID_SERVER', entries: servers };
  if (fields.port !== undefined && !integerIn(fields.port, PORT.min, PORT.max)) problems.port = { kind: 'range', ...PORT };
  if (fields.auth !== undefined) authProblems(fields.auth, fields.tlsMode, problems);
  if (fields.sender !== undefined && fields.sender.trim() === '') problems.sender = { kind: 'required' };
  const rate = fields.ratePerMinute ?? '';
  if (rate.trim() !== '' && !integerIn(rate, RATE.min, RATE.max)) problems['rateLimit.perMinute'] = { kind: 'range', ...RATE };
  return problems;
}

/** Every problem of the settings form; empty when it may be sent. */
export function validateSettings(form: SettingsForm): Problems {
  return validateEmailFields({ ...form, auth: form, tlsMode: form.tls.mode });
}

/** The grouping numbers out of their ranges, by key (`waitSeconds`, …). */
export function validateGrouping(grouping: Grouping): Partial<Record<keyof typeof GROUPING_NUMBER_LIMITS, Problem>> {
  const problems: Partial<Record<keyof typeof GROUPING_NUMBER_LIMITS, Problem>> = {};
  for (const key of Object.keys(GROUPING_NUMBER_LIMITS) as Array<keyof typeof GROUPING_NUMBER_LIMITS>) {
    const { min, max } = GROUPING_NUMBER_LIMITS[key];
    if (!integerIn(String(grouping[key]), min, max)) problems[key] = { kind: 'range', min, max };
  }
  return problems;
}
