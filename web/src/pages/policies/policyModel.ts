/**
 * A policy as the editor holds it: its e-mail overrides flattened to one key per overridable
 * field (`tls.mode`, `rateLimit.perMinute` etc.; `auth` as one unit, edited like the settings
 * page's), its rule overrides, and the conversions from the stored policy and to the PUT body.
 * An absent key means "inherited".
 */
import type { EmailSettingsView, Grouping, Policy, PolicyEmail, Rules, Severity, TlsMinVersion, TlsMode } from '../../api/types';
import { authForm, authInput, numberOrText, type AuthForm } from '../settings/model';

/** Every overridable e-mail field with its editor value. */
export interface FlatEmail {
  recipients: string;
  servers: string;
  port: string;
  useMx: boolean;
  auth: AuthForm;
  'tls.mode': TlsMode;
  'tls.minVersion': TlsMinVersion;
  'tls.verifyHostname': boolean;
  'tls.serverName': string;
  'tls.implicit': boolean;
  'tls.serverCa': string | null;
  'tls.clientCertificate': string | null;
  helo: string | null;
  sender: string;
  subject: string;
  body: string;
  digestSubject: string;
  digestBody: string;
  /** Messages per minute as typed; '' = no limit. */
  'rateLimit.perMinute': string;
}

/** A key of {@link FlatEmail}. */
export type EmailKey = keyof FlatEmail;

/** The keys the editor shows, in page order. */
export const EDITABLE_EMAIL_KEYS: readonly EmailKey[] = [
  'recipients',
  'servers',
  'port',
  'useMx',
  'helo',
  'auth',
  'tls.mode',
  'tls.minVersion',
  'tls.verifyHostname',
  'tls.serverName',
  'tls.implicit',
  'tls.serverCa',
  'tls.clientCertificate',
  'sender',
  'subject',
  'body',
  'digestSubject',
  'digestBody',
  'rateLimit.perMinute',
];

/** The editor's state of one policy. */
export interface PolicyDraft {
  applicationId: string;
  name: string;
  email: Partial<FlatEmail>;
  severities: Severity[] | null;
  eventTypes: Record<string, boolean>;
  /** The policy's own grouping (as a whole), or null to inherit the server's. */
  grouping: Grouping | null;
}

const TLS_KEYS = ['mode', 'minVersion', 'verifyHostname', 'serverName', 'implicit', 'serverCa', 'clientCertificate'] as const;

function listText(value: string[] | string | undefined): string {
  return Array.isArray(value) ? value.join('; ') : (value ?? '');
}

/** A stored policy's `auth` (the API answers it as a view: secrets only as `…Set`). */
function authOf(value: NonNullable<PolicyEmail['auth']>): AuthForm {
  return authForm('passwordSet' in value ? value : { enabled: value.enabled, username: value.username, passwordSet: false });
}

/** A rate limit as the admin types it ('' = none). */
function rateText(perMinute: number | string | null): string {
  return perMinute === null ? '' : String(perMinute);
}

/** The editor values of the effective settings (what a newly switched-on override starts from). */
export function flatFromSettings(settings: EmailSettingsView): FlatEmail {
  return {
    recipients: settings.recipients.join('; '),
    servers: settings.servers.join('; '),
    port: String(settings.port),
    useMx: settings.useMx,
    auth: authForm(settings.auth),
    'tls.mode': settings.tls.mode,
    'tls.minVersion': settings.tls.minVersion,
    'tls.verifyHostname': settings.tls.verifyHostname,
    'tls.serverName': settings.tls.serverName ?? '',
    'tls.implicit': settings.tls.implicit,
    'tls.serverCa': settings.tls.serverCa,
    'tls.clientCertificate': settings.tls.clientCertificate,
    helo: settings.helo,
    sender: settings.sender,
    subject: settings.subject,
    body: settings.body,
    digestSubject: settings.digestSubject,
    digestBody: settings.digestBody,
    'rateLimit.perMinute': rateText(settings.rateLimit.perMinute),
  };
}

/** The draft of a stored policy. */
export function draftFromPolicy(policy: Policy): PolicyDraft {
  const e = policy.email;
  const email: Partial<FlatEmail> = {};
  if (e.recipients !== undefined) email.recipients = listText(e.recipients);
  if (e.servers !== undefined) email.servers = listText(e.servers);
  if (e.port !== undefined) email.port = String(e.port);
  if (e.useMx !== undefined) email.useMx = e.useMx;
  if (e.helo !== undefined) email.helo = e.helo;
  if (e.auth !== undefined) email.auth = authOf(e.auth);
  if (e.sender !== undefined) email.sender = e.sender;
  if (e.subject !== undefined) email.subject = e.subject;
  if (e.body !== undefined) email.body = e.body;
  if (e.digestSubject !== undefined) email.digestSubject = e.digestSubject;
  if (e.digestBody !== undefined) email.digestBody = e.digestBody;
  if (e.rateLimit !== undefined) email['rateLimit.perMinute'] = rateText(e.rateLimit.perMinute);
  const tls = e.tls ?? {};
  if (tls.mode !== undefined) email['tls.mode'] = tls.mode;
  if (tls.minVersion !== undefined) email['tls.minVersion'] = tls.minVersion;
  if (tls.verifyHostname !== undefined) email['tls.verifyHostname'] = tls.verifyHostname;
  if (tls.serverName !== undefined) email['tls.serverName'] = tls.serverName ?? '';
  if (tls.implicit !== undefined) email['tls.implicit'] = tls.implicit;
  if (tls.serverCa !== undefined) email['tls.serverCa'] = tls.serverCa;
  if (tls.clientCertificate !== undefined) email['tls.clientCertificate'] = tls.clientCertificate;
  return {
    applicationId: policy.applicationId,
    name: policy.name,
    email,
    severities: policy.rules.severities ?? null,
    eventTypes: { ...(policy.rules.eventTypes ?? {}) },
    grouping: policy.rules.grouping === undefined ? null : { ...policy.rules.grouping, by: [...policy.rules.grouping.by] },
  };
}

/** The PUT body: only the overridden fields are present. */
export function policyBody(draft: PolicyDraft): { name: string; email: PolicyEmail; rules: Partial<Rules> } {
  const d = draft.email;
  const email: PolicyEmail = {};
  if (d.recipients !== undefined) email.recipients = d.recipients;
  if (d.servers !== undefined) email.servers = d.servers;
  if (d.port !== undefined) email.port = numberOrText(d.port);
  if (d.useMx !== undefined) email.useMx = d.useMx;
  // an empty EHLO name is the explicit "this machine's host name" (null), not an empty string
  if (d.helo !== undefined) email.helo = d.helo === null || d.helo.trim() === '' ? null : d.helo.trim();
  if (d.auth !== undefined) email.auth = authInput(d.auth);
  if (d.sender !== undefined) email.sender = d.sender;
  if (d.subject !== undefined) email.subject = d.subject;
  if (d.body !== undefined) email.body = d.body;
  if (d.digestSubject !== undefined) email.digestSubject = d.digestSubject;
  if (d.digestBody !== undefined) email.digestBody = d.digestBody;
  const rate = d['rateLimit.perMinute'];
  if (rate !== undefined) email.rateLimit = { perMinute: rate.trim() === '' ? null : numberOrText(rate) };
  const tls: NonNullable<PolicyEmail['tls']> = {};
  for (const key of TLS_KEYS) {
    const value = d[`tls.${key}`];
    if (value === undefined) continue;
    if (key === 'serverName') tls.serverName = value === '' ? null : (value as string);
    else Object.assign(tls, { [key]: value });
  }
  if (Object.keys(tls).length > 0) email.tls = tls;
  const rules: Partial<Rules> = {};
  if (draft.severities !== null) rules.severities = draft.severities;
  if (Object.keys(draft.eventTypes).length > 0) rules.eventTypes = draft.eventTypes;
  if (draft.grouping !== null) rules.grouping = draft.grouping;
  return { name: draft.name, email, rules };
}

/**
 * Whether a path is inherited: listed itself or through an ancestor (the server lists
 * `rules.eventTypes` as a whole when the policy has none of its own).
 */
export function isInherited(inherited: ReadonlySet<string>, path: string): boolean {
  for (let at = path; at !== ''; at = at.includes('.') ? at.slice(0, at.lastIndexOf('.')) : '') {
    if (inherited.has(at)) return true;
  }
  return false;
}
