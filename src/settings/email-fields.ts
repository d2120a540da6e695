/**
 * Parsers of the individual e-mail settings fields. The server settings (email-settings.ts)
 * and policies (policy.ts) both use them, so a value is judged the same way wherever it is
 * typed, and every error names its field (`port`, `email.tls.mode`, …).
 */
import { EMAIL_NUMBER_LIMITS, type EmailSettings, TLS_MIN_VERSIONS, TLS_MODES, type TlsMode, type TlsSettings } from '../domain/email-settings.js';
import { InputError } from '../domain/errors.js';
import { findUnknownVariables, TemplateError } from '../templates/render.js';
import { renderSender, type RenderedSender } from '../templates/sender.js';
import { eventTemplateValues, sampleEvent } from '../templates/variables.js';
import type { RateLimit } from '../domain/grouping.js';
import { expectBoolean, expectInteger, expectLine, expectObject, expectOneOf, expectString, joinField, readKey, rejectUnknownKeys, VALIDATION_FAILED } from './fields.js';
import { checkDnsName, checkIPv6, isIPv4Address } from '../domain/hostname.js';
import { parseRecipients } from './recipients.js';
import { parseServers } from './servers.js';

/** The API's code for a `%NAME%` that is not a known variable. */
export const UNKNOWN_TEMPLATE_VARIABLE = 'UNKNOWN_TEMPLATE_VARIABLE';

/** Every top-level key of the settings document, in API.md order. */
export const EMAIL_SETTINGS_KEYS = [
  'recipients',
  'servers',
  'port',
  'useMx',
  'helo',
  'auth',
  'tls',
  'sender',
  'subject',
  'body',
  'digestSubject',
  'digestBody',
  'rateLimit',
] as const satisfies ReadonlyArray<keyof EmailSettings>;

/** Every key of `tls`, in API.md order. */
export const TLS_KEYS = [
  'mode',
  'implicit',
  'minVersion',
  'verifyHostname',
  'serverName',
  'serverCa',
  'clientCertificate',
] as const satisfies ReadonlyArray<keyof TlsSettings>;

/** The settings fields that are a single value (everything but the `auth` and `tls` objects). */
export type ScalarEmailKey = Exclude<keyof EmailSettings, 'auth' | 'tls'>;

/** Scalar settings keys, in API.md order. */
export const SCALAR_EMAIL_KEYS = EMAIL_SETTINGS_KEYS.filter(
  (k): k is ScalarEmailKey => k !== 'auth' && k !== 'tls',
);

/** Fields where `null` is a value (not "absent"). */
export const NULLABLE_EMAIL_FIELDS: readonly string[] = ['helo', 'tls.serverName', 'tls.serverCa', 'tls.clientCertificate'];

/** A parser of one field: untrusted value and its JSON path in, normalised value out. */
export type FieldParser<T> = (value: unknown, field: string) => T;


/** Longest subject or sender template. */
export const MAX_HEADER_TEMPLATE_LENGTH = 900;
/** Longest body template. */
export const MAX_BODY_TEMPLATE_LENGTH = 65_536;
/** Longest certificate id or user name we accept. */
const MAX_ID_LENGTH = 200;

/** Parsers of the scalar settings fields. */
export const EMAIL_FIELD_PARSERS: { readonly [K in ScalarEmailKey]: FieldParser<EmailSettings[K]> } = {
  recipients: (value, field) => parseRecipients(value, field),
  servers: (value, field) => parseServers(value, field),
  port: (value, field) => expectInteger(value, field, EMAIL_NUMBER_LIMITS.port.min, EMAIL_NUMBER_LIMITS.port.max),
  useMx: expectBoolean,
  helo: parseHelo,
  sender: parseSenderTemplate,
  subject: parseSubjectTemplate,
  body: parseBodyTemplate,
  digestSubject: parseSubjectTemplate,
  digestBody: parseBodyTemplate,
  rateLimit: parseRateLimit,
};

const RATE = EMAIL_NUMBER_LIMITS['rateLimit.perMinute'];

/** `rateLimit`: `{"perMinute": null | 1–100000}`; an absent perMinute means no limit. */
export function parseRateLimit(value: unknown, field: string): RateLimit {
  const object = expectObject(value, field);
  rejectUnknownKeys(object, ['perMinute'], field);
  const perMinute = readKey(object, 'perMinute');
  if (perMinute === undefined || perMinute === null) return { perMinute: null };
  return { perMinute: expectInteger(perMinute, joinField(field, 'perMinute'), RATE.min, RATE.max) };
}

/** Parsers of the `tls` fields. */
export const TLS_FIELD_PARSERS: { readonly [K in keyof TlsSettings]: FieldParser<TlsSettings[K]> } = {
  mode: (value, field) => expectOneOf(value, field, TLS_MODES),
  implicit: expectBoolean,
  minVersion: (value, field) => expectOneOf(value, field, TLS_MIN_VERSIONS),
  verifyHostname: expectBoolean,
  serverName: parseServerName,
  serverCa: parseCertificateId,
  clientCertificate: parseCertificateId,
};

/** Refuses implicit TLS (SMTPS) with a mode other than `required` (API.md). */
export function checkImplicitTls(mode: TlsMode, implicit: boolean, field: string): void {
  if (implicit && mode !== 'required') {
    throw new InputError(
      VALIDATION_FAILED,
      `Implicit TLS (SMTPS, usually port 465) needs TLS mode "required"; set tls.mode to "required" or turn implicit TLS off.`,
      field,
    );
  }
}

/**
 * `helo`: null (this machine's name), a host name (IDN → punycode) or an address literal
 * (`[10.0.0.1]`, `[IPv6:2001:db8::1]`). A bare IP is written as its literal, because EHLO
 * requires one; an empty string means null.
 */
export function parseHelo(value: unknown, field: string): string | null {
  if (value === null) return null;
  const text = expectLine(value, field, 255).trim();
  if (text === '') return null;
  const problem = (why: string): InputError =>
    new InputError(VALIDATION_FAILED, `"${text}" cannot be used as the EHLO name: ${why}.`, field);
  if (isIPv4Address(text)) return `[${text}]`;
  if (text.startsWith('[') && text.endsWith(']')) {
    const inner = text.slice(1, -1);
    if (isIPv4Address(inner)) return text;
    if (inner.slice(0, 5).toLowerCase() === 'ipv6:') {
      const v6 = checkIPv6(inner.slice(5));
      if (!v6.ok) throw problem(v6.problem);
      return `[IPv6:${v6.value}]`;
    }
    throw problem('an address literal is [IPv4] or [IPv6:address]');
  }
  if (text.includes(':')) {
    const v6 = checkIPv6(text);
    if (!v6.ok) throw problem(v6.problem);
    return `[IPv6:${v6.value}]`;
  }
  const dns = checkDnsName(text, true);
  if (!dns.ok) throw problem(dns.problem);
  return dns.value;
}

/** `tls.serverName`: null, a host name (IDN → punycode) or an IP address; '' means null. */
export function parseServerName(value: unknown, field: string): string | null {
  if (value === null) return null;
  const text = expectLine(value, field, 255).trim();
  if (text === '') return null;
  if (isIPv4Address(text)) return text;
  if (text.includes(':')) {
    const v6 = checkIPv6(text);
    if (v6.ok) return v6.value;
    throw new InputError(VALIDATION_FAILED, `"${text}" is not a valid server name: ${v6.problem}.`, field);
  }
  const dns = checkDnsName(text, true);
  if (!dns.ok) throw new InputError(VALIDATION_FAILED, `"${text}" is not a valid server name: ${dns.problem}.`, field);
  return dns.value;
}

/** A certificate id or null. Whether it exists (and is of the right kind) the caller checks. */
export function parseCertificateId(value: unknown, field: string): string | null {
  if (value === null) return null;
  const id = expectLine(value, field, MAX_ID_LENGTH).trim();
  if (id === '') {
    throw new InputError(VALIDATION_FAILED, `"${field}" must be a certificate id or null.`, field);
  }
  return id;
}

/** Refuses unknown `%VARIABLES%` with the API's precise code. */
export function checkTemplateVariables(template: string, field: string): void {
  const unknown = findUnknownVariables(template);
  if (unknown.length > 0) {
    const list = unknown.map((n) => `%${n}%`).join(', ');
    throw new InputError(
      UNKNOWN_TEMPLATE_VARIABLE,
      `"${field}" uses unknown variable${unknown.length > 1 ? 's' : ''} ${list}; see the list of template variables, and write %% for a literal percent sign.`,
      field,
    );
  }
}

/** `subject`: one line, known variables only; trimmed. */
export function parseSubjectTemplate(value: unknown, field: string): string {
  const text = expectLine(value, field, MAX_HEADER_TEMPLATE_LENGTH).trim();
  checkTemplateVariables(text, field);
  return text;
}

/** `body`: known variables only; line ends stored as LF. */
export function parseBodyTemplate(value: unknown, field: string): string {
  const text = expectString(value, field).replace(/\r\n?/g, '\n');
  if (text.length > MAX_BODY_TEMPLATE_LENGTH) {
    throw new InputError(VALIDATION_FAILED, `"${field}" is too long (at most ${MAX_BODY_TEMPLATE_LENGTH} characters).`, field, 400, { kind: 'maxLength', max: MAX_BODY_TEMPLATE_LENGTH });
  }
  checkTemplateVariables(text, field);
  return text;
}

/**
 * `sender`: a template that renders to one mailbox (`herald@corp.example`,
 * `Herald <herald@corp.example>`, `%COMPUTER%@corp.example`). Checked by rendering it with the
 * sample event; stored trimmed, and with an IDN domain in punycode when it has no variables.
 */
export function parseSenderTemplate(value: unknown, field: string): string {
  const text = expectLine(value, field, MAX_HEADER_TEMPLATE_LENGTH).trim();
  if (text === '') {
    throw new InputError(VALIDATION_FAILED, 'Enter a sender address, e.g. herald@corp.example.', field, 400, { kind: 'required' });
  }
  checkTemplateVariables(text, field);
  let rendered: RenderedSender;
  try {
    rendered = renderSender(text, eventTemplateValues(sampleEvent()));
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    throw new InputError(
      VALIDATION_FAILED,
      `The sender must be one e-mail address, optionally with a name (Herald <herald@corp.example>). ${error.message}`,
      field,
    );
  }
  return text.includes('%') ? text : rendered.entry;
}
