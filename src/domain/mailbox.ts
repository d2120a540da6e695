/**
 * One e-mail mailbox as an admin types it: `jane@example.com`, `Jane Doe <jane@example.com>`,
 * `"Doe, Jane" <jane@example.com>`. Checks the address against RFC 5321 (the SMTP envelope
 * is what must work) and normalises an IDN domain to punycode. Used for recipients and for
 * the rendered sender.
 */
import { CONTROL_CHARACTERS } from './text.js';
import { checkDnsName, checkIPv6, type Checked, isIPv4Address } from './hostname.js';

/** Longest local part (RFC 5321 4.5.3.1.1). */
export const MAX_LOCAL_PART_LENGTH = 64;
/** Longest address (RFC 5321 path limit 256 minus the angle brackets). */
export const MAX_ADDRESS_LENGTH = 254;

/** A parsed mailbox. */
export interface Mailbox {
  /** The display name without its quotes, or null when there is none. */
  displayName: string | null;
  /** The bare address for the SMTP envelope, domain in punycode. */
  address: string;
  /** The whole entry as typed (trimmed), with the domain in punycode: what is stored. */
  entry: string;
}

/** Result of parsing one entry: the mailbox, or a phrase saying what is wrong. */
export type MailboxResult = { ok: true; mailbox: Mailbox } | { ok: false; problem: string };

/** What the structure scan found outside quoted strings. */
interface Scan {
  unbalancedQuote: boolean;
  comma: boolean;
  opens: number[];
  closes: number[];
}

function scan(text: string): Scan {
  const result: Scan = { unbalancedQuote: false, comma: false, opens: [], closes: [] };
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (inQuotes) {
      if (ch === '\\') i++;
      else if (ch === '"') inQuotes = false;
      continue;
    }
    if (ch === '"') inQuotes = true;
    else if (ch === ',') result.comma = true;
    else if (ch === '<') result.opens.push(i);
    else if (ch === '>') result.closes.push(i);
  }
  result.unbalancedQuote = inQuotes;
  return result;
}

const COMMA_PROBLEM =
  'it contains a "," — separate addresses with ";" (a display name with a comma goes in double quotes: "Doe, Jane" <jane@example.com>)';

/** Parses one trimmed, non-empty entry. */
export function parseMailbox(entry: string): MailboxResult {
  if (CONTROL_CHARACTERS.test(entry)) {
    return { ok: false, problem: 'it contains a control character (a line break or tab?)' };
  }
  const s = scan(entry);
  if (s.unbalancedQuote) return { ok: false, problem: 'a double quote (") is not closed' };
  if (s.comma) return { ok: false, problem: COMMA_PROBLEM };
  if (s.opens.length > 1 || s.closes.length > 1) {
    return { ok: false, problem: 'it contains more than one "<" or ">"; write one address per entry' };
  }
  const open = s.opens[0];
  const close = s.closes[0];
  if (open === undefined && close === undefined) return bareMailbox(entry);
  if (open === undefined || close === undefined || close < open) {
    return { ok: false, problem: 'its "<" and ">" do not match; write Name <address>' };
  }
  if (entry.slice(close + 1).trim() !== '') {
    return { ok: false, problem: 'there is text after ">"; write Name <address>' };
  }
  const display = entry.slice(0, open).trim();
  const inner = entry.slice(open + 1, close);
  const address = inner.trim();
  const start = open + 1 + (inner.length - inner.trimStart().length);
  const checked = checkAddress(address);
  if (!checked.ok) return checked;
  return {
    ok: true,
    mailbox: {
      displayName: display === '' ? null : unquoteDisplayName(display),
      address: checked.value,
      entry: entry.slice(0, start) + checked.value + entry.slice(start + address.length),
    },
  };
}

function bareMailbox(entry: string): MailboxResult {
  if (hasSpaceOutsideQuotes(entry)) {
    const last = entry.split(/\s+/).pop() ?? '';
    if (last.includes('@') && !last.includes('"')) {
      return {
        ok: false,
        problem: `it contains a space; put the address in angle brackets after the name: Name <${last}>`,
      };
    }
    return { ok: false, problem: 'the address contains a space' };
  }
  const checked = checkAddress(entry);
  if (!checked.ok) return checked;
  return { ok: true, mailbox: { displayName: null, address: checked.value, entry: checked.value } };
}

function hasSpaceOutsideQuotes(text: string): boolean {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (inQuotes && ch === '\\') i++;
    else if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && /\s/.test(ch)) return true;
  }
  return false;
}

function unquoteDisplayName(display: string): string {
  if (display.length >= 2 && display.startsWith('"') && display.endsWith('"')) {
    return display.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return display;
}

/** Position of the `@` that separates local part and domain (the last one outside quotes), or -1. */
function atSign(address: string): { index: number; count: number } {
  let inQuotes = false;
  let index = -1;
  let count = 0;
  for (let i = 0; i < address.length; i++) {
    const ch = address.charAt(i);
    if (inQuotes && ch === '\\') i++;
    else if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === '@') {
      index = i;
      count++;
    }
  }
  return { index, count };
}

const ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+$/;
const QUOTED_CONTENT = /^(?:[\u0020\u0021\u0023-\u005b\u005d-\u007e]|\\[\u0020-\u007e])*$/;

/**
 * Checks a bare address (`local@domain`, RFC 5321 Mailbox) and returns it with the domain in
 * punycode. Quoted local parts (`"john doe"@example.com`) and address literals
 * (`user@[10.0.0.1]`, `user@[IPv6:2001:db8::1]`) are allowed; a non-ASCII local part is not
 * (it needs SMTPUTF8, which most servers refuse).
 */
export function checkAddress(address: string): Checked {
  if (address === '') return { ok: false, problem: 'the address is empty' };
  const at = atSign(address);
  if (at.count === 0) {
    return { ok: false, problem: 'it has no "@" (an address looks like name@example.com)' };
  }
  if (at.count > 1) return { ok: false, problem: 'it contains more than one "@"' };
  const local = address.slice(0, at.index);
  const domain = address.slice(at.index + 1);
  const localProblem = checkLocalPart(local);
  if (localProblem !== null) return { ok: false, problem: localProblem };
  const domainChecked = checkMailDomain(domain);
  if (!domainChecked.ok) return domainChecked;
  const normalised = `${local}@${domainChecked.value}`;
  if (normalised.length > MAX_ADDRESS_LENGTH) {
    return { ok: false, problem: `the address is longer than ${MAX_ADDRESS_LENGTH} characters` };
  }
  return { ok: true, value: normalised };
}

function checkLocalPart(local: string): string | null {
  if (local === '' || local === '""') return 'the part before "@" is empty';
  if (local.length > MAX_LOCAL_PART_LENGTH) {
    return `the part before "@" is longer than ${MAX_LOCAL_PART_LENGTH} characters`;
  }
  if (local.startsWith('"')) {
    if (!local.endsWith('"') || local.length < 2 || !QUOTED_CONTENT.test(local.slice(1, -1))) {
      return 'its quoted part before "@" is not valid (quotes must enclose the whole part before "@")';
    }
    return null;
  }
  if (/\s/.test(local)) return 'the address contains a space';
  if (/[^\u0000-\u007f]/.test(local)) {
    return 'the part before "@" contains non-ASCII characters, which most mail servers do not accept';
  }
  if (local.includes('"')) return 'a double quote may only enclose the whole part before "@"';
  if (local.startsWith('.') || local.endsWith('.')) return 'the part before "@" starts or ends with a dot';
  if (local.includes('..')) return 'the part before "@" contains two dots in a row ("..")';
  for (const atom of local.split('.')) {
    if (!ATEXT.test(atom)) {
      const bad = [...atom].find((c) => !ATEXT.test(c)) ?? '?';
      return `"${bad}" is not allowed before "@" unless that part is in double quotes`;
    }
  }
  return null;
}

function checkMailDomain(domain: string): Checked {
  if (domain === '') return { ok: false, problem: 'the domain after "@" is missing' };
  if (domain.startsWith('[')) {
    if (!domain.endsWith(']')) return { ok: false, problem: 'its address literal is missing the closing "]"' };
    const literal = domain.slice(1, -1);
    if (isIPv4Address(literal)) return { ok: true, value: domain };
    if (literal.slice(0, 5).toLowerCase() === 'ipv6:') {
      const v6 = checkIPv6(literal.slice(5));
      return v6.ok ? { ok: true, value: `[${literal.slice(0, 5)}${v6.value}]` } : v6;
    }
    if (checkIPv6(literal).ok) {
      return { ok: false, problem: `an IPv6 address literal needs the "IPv6:" tag: [IPv6:${literal}]` };
    }
    return { ok: false, problem: 'the text in brackets after "@" is not an IP address' };
  }
  if (isIPv4Address(domain)) {
    return { ok: false, problem: `put an IP address after "@" in brackets: [${domain}]` };
  }
  const checked = checkDnsName(domain, true);
  return checked.ok ? checked : { ok: false, problem: `its domain is not valid: ${checked.problem}` };
}
