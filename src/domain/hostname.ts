/**
 * Host name and IP address checks shared by recipients (domains), servers, `helo` and
 * `tls.serverName`. Returns a problem phrase instead of throwing so each caller can say which
 * entry and field is at fault.
 */
import { createRequire } from 'node:module';
import { isIPv4 } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { Tr46Options } from 'tr46';
import { CONTROL_CHARACTERS } from './text.js';

/** Result of a check: the normalised value, or a phrase saying what is wrong. */
export type Checked = { ok: true; value: string } | { ok: false; problem: string };

/** Longest DNS name in text form (RFC 1035, without the trailing dot). */
export const MAX_DNS_NAME_LENGTH = 253;
/** Longest DNS label (RFC 1035). */
export const MAX_DNS_LABEL_LENGTH = 63;

const LDH_LABEL = /^[A-Za-z0-9-]+$/;
const NON_ASCII = /[^\u0000-\u007f]/;

/**
 * IDNA (UTS #46, non-transitional, as browsers and Node's URL parser do) through `tr46` rather
 * than `url.domainToASCII`: from Node 24 on, `domainToASCII('xn--zz.example')` no longer
 * rejects a label that is not valid punycode, so the same input was accepted or refused
 * depending on the Node version. tr46 decodes every `xn--` label, refuses one that does not
 * decode, decodes to plain ASCII or does not re-encode to itself, and checks the decoded
 * characters (bidi, joiners, disallowed code points) like any Unicode label.
 */
const IDNA_OPTIONS: Tr46Options = {
  checkBidi: true,
  checkHyphens: false, // as in URLs; the LDH check below refuses leading and trailing hyphens
  checkJoiners: true,
  useSTD3ASCIIRules: false, // the LDH check below says which character is not allowed
  transitionalProcessing: false,
  verifyDNSLength: false, // lengths are checked below, with a message that names the part
};

/**
 * tr46's `toASCII`, loaded on the first name that needs it (non-ASCII, or an `xn--` label): its
 * Unicode tables take ~5 MiB of memory per thread, and plain ASCII names (nearly all of them)
 * are checked without them — the delivery thread re-parses every recipient it sends to.
 */
let tr46ToASCII: ((domain: string, options: Tr46Options) => string | null) | null = null;
function idnaToASCII(domain: string, options: Tr46Options): string | null {
  tr46ToASCII ??= (createRequire(import.meta.url)('tr46') as typeof import('tr46')).toASCII;
  return tr46ToASCII(domain, options);
}

/** True when `label` (ASCII, starting with `xn--` in any case) is valid punycode of a valid IDN label. */
export function isValidPunycodeLabel(label: string): boolean {
  const ascii = idnaToASCII(label, IDNA_OPTIONS);
  return ascii !== null && ascii === label.toLowerCase() && ascii.startsWith('xn--');
}

/**
 * Checks a DNS host name (RFC 1123 letters-digits-hyphens labels). An internationalised
 * name is converted to punycode (`bücher.example` → `xn--bcher-kva.example`); an ASCII name
 * is returned as typed (DNS is case-insensitive, and admins expect to see what they typed).
 * `singleLabel` allows a name without a dot (`localhost`).
 */
export function checkDnsName(name: string, singleLabel: boolean): Checked {
  if (name === '') return { ok: false, problem: 'the host name is empty' };
  if (/\s/.test(name)) return { ok: false, problem: 'it contains a space' };
  if (CONTROL_CHARACTERS.test(name)) return { ok: false, problem: 'it contains a control character' };
  if (name.endsWith('.') && name !== '.') {
    return { ok: false, problem: 'it ends with a dot; remove the trailing dot' };
  }
  let ascii = name;
  if (NON_ASCII.test(name)) {
    ascii = idnaToASCII(name, IDNA_OPTIONS) ?? '';
    if (ascii === '') return { ok: false, problem: 'it is not a valid internationalised domain name' };
  }
  if (ascii.length > MAX_DNS_NAME_LENGTH) {
    return { ok: false, problem: `it is longer than ${MAX_DNS_NAME_LENGTH} characters` };
  }
  const labels = ascii.split('.');
  if (labels.some((l) => l === '')) {
    return { ok: false, problem: 'it has an empty label (a leading dot or two dots in a row)' };
  }
  for (const label of labels) {
    const problem = labelProblem(label);
    if (problem !== null) return { ok: false, problem };
  }
  if (labels.length > 1 && /^[0-9]+$/.test(labels[labels.length - 1] ?? '')) {
    return {
      ok: false,
      problem: 'its last label is all digits, so it is neither a host name nor a valid IPv4 address (four numbers 0-255)',
    };
  }
  if (!singleLabel && labels.length < 2) {
    return { ok: false, problem: 'it needs a domain (e.g. "mail.example.com")' };
  }
  const badPunycode = labels.find((l) => l.toLowerCase().startsWith('xn--') && !isValidPunycodeLabel(l));
  if (badPunycode !== undefined) {
    return { ok: false, problem: `the part "${badPunycode}" is not valid punycode ("xn--" must be followed by an encoded international name)` };
  }
  return { ok: true, value: ascii };
}

function labelProblem(label: string): string | null {
  if (label.length > MAX_DNS_LABEL_LENGTH) {
    return `the part "${label.slice(0, 20)}…" is longer than ${MAX_DNS_LABEL_LENGTH} characters`;
  }
  if (!LDH_LABEL.test(label)) {
    const bad = [...label].find((c) => !/[A-Za-z0-9-]/.test(c)) ?? '?';
    return `"${bad}" is not allowed in a host name (only letters, digits, hyphens and dots)`;
  }
  if (label.startsWith('-') || label.endsWith('-')) {
    return `the part "${label}" starts or ends with a hyphen`;
  }
  return null;
}

/** True for a dotted-quad IPv4 address (no leading zeros, each number 0-255). */
export function isIPv4Address(text: string): boolean {
  return isIPv4(text);
}

/**
 * Checks an IPv6 address and returns its compressed RFC 5952 form (`2001:db8::1`; an
 * IPv4-mapped address keeps its dotted tail, `::ffff:10.0.0.1`). Zone ids (`%eth0`) are refused:
 * they only mean something on one machine.
 */
export function checkIPv6(text: string): Checked {
  if (text.includes('%')) {
    return { ok: false, problem: 'zone ids ("%eth0") are not supported; use an address that is valid on every interface' };
  }
  if (!ipaddr.IPv6.isValid(text)) return { ok: false, problem: 'it is not a valid IPv6 address' };
  const address = ipaddr.IPv6.parse(text);
  if (address.isIPv4MappedAddress()) {
    return { ok: true, value: `::ffff:${address.toIPv4Address().toString()}` };
  }
  return { ok: true, value: address.toRFC5952String() };
}
