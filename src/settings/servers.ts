/**
 * The `servers` list: SMTP servers as an admin types them in KSC
 * (`mail1.corp.example; 10.0.0.25; MAILSRV01; [2001:db8::1]:2525`), checked and normalised.
 *
 * Normalisation: entries are trimmed; DNS names keep the case they were typed in (DNS does not
 * care, and admins expect to see their own spelling) except that an IDN name becomes punycode
 * (lower case); IPv6 addresses are compressed (RFC 5952) and written without brackets unless
 * a port follows; a port loses leading zeros. Duplicates are compared case-insensitively after
 * normalisation (`mail.example` and `MAIL.example` are one server; `mail.example` and
 * `mail.example:25` are kept as two entries).
 */
import { InputError } from '../domain/errors.js';
import { CONTROL_CHARACTERS } from '../domain/text.js';
import { checkDnsName, checkIPv6, isIPv4Address } from '../domain/hostname.js';
import { VALIDATION_FAILED } from './fields.js';
import { dedupeBy, listEntries } from './list-input.js';

/** The API's error code for a bad server entry. */
export const INVALID_SERVER = 'INVALID_SERVER';

/** Longest NetBIOS computer name (the 16th byte is the service suffix). */
export const MAX_NETBIOS_LENGTH = 15;

/** Most server entries in one settings document or policy. */
export const MAX_SERVERS = 20;

/** One parsed server entry; delivery connects to `host` on `port ?? settings.port`. */
export interface ServerAddress {
  /** IPv4 dotted quad, compressed IPv6 (no brackets), DNS name (IDN in punycode) or NetBIOS name. */
  host: string;
  /** The entry's own port, or null to use the settings' `port`. */
  port: number | null;
  /** What `host` is: decides how it is resolved and how it is written back. */
  kind: 'ipv4' | 'ipv6' | 'dns' | 'netbios';
}

/**
 * Parses server input into normalised entries. Fails on the first bad entry with 400
 * `INVALID_SERVER` and field `${fieldPrefix}[i]` (i = index among the non-empty entries).
 */
export function parseServers(input: unknown, fieldPrefix = 'servers'): string[] {
  const entries = listEntries(input, fieldPrefix, 'servers', false);
  const formatted = entries.map((entry, i) => formatServerAddress(parseServerEntry(entry, `${fieldPrefix}[${i}]`)));
  const servers = dedupeBy(formatted, (s) => s.toLowerCase());
  if (servers.length > MAX_SERVERS) {
    throw new InputError(
      VALIDATION_FAILED,
      `Enter at most ${MAX_SERVERS} servers (there are ${servers.length}); they are tried one after the other, so a longer list only delays a failure.`,
      fieldPrefix,
    );
  }
  return servers;
}

/**
 * Parses one entry (`host`, `host:port`, bare IPv6, `[IPv6]:port`); throws `INVALID_SERVER`
 * naming `field`. Delivery uses it on stored entries to know where to connect.
 */
export function parseServerEntry(entry: string, field = 'servers'): ServerAddress {
  const trimmed = entry.trim();
  const result = checkServer(trimmed);
  if (typeof result === 'string') {
    throw new InputError(INVALID_SERVER, `Server "${trimmed}" is not valid: ${result}.`, field);
  }
  return result;
}

/** Writes a server back in its stored form: `host`, `host:port`, IPv6 as `[addr]:port`. */
export function formatServerAddress(server: ServerAddress): string {
  if (server.port === null) return server.host;
  const host = server.kind === 'ipv6' ? `[${server.host}]` : server.host;
  return `${host}:${server.port}`;
}

/** Returns the parsed server or a phrase saying what is wrong. */
function checkServer(entry: string): ServerAddress | string {
  if (entry === '') return 'the entry is empty';
  if (CONTROL_CHARACTERS.test(entry)) return 'it contains a control character (a line break or tab?)';
  if (entry.includes(',')) return 'it contains a ","; separate servers with ";"';
  const url = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(entry);
  if (url) {
    const hint = (url[1] ?? '').replace(/^.*@/, '');
    return `enter a host name or address (with ":port" if needed), not a URL${hint ? `: ${hint}` : ''}`;
  }
  if (/\s/.test(entry)) return 'it contains a space';
  if (entry.includes('@')) {
    return 'it looks like an e-mail address; enter the host name or IP address of the SMTP server';
  }
  if (entry.includes('/')) return 'it contains "/"; enter only a host name or address, with ":port" if needed';
  if (entry.startsWith('[')) return checkBracketed(entry);
  const colons = entry.split(':').length - 1;
  if (colons >= 2) {
    const v6 = checkIPv6(entry);
    if (!v6.ok) {
      return entry.includes('%') ? v6.problem : `${v6.problem} (to give an IPv6 address a port, write [address]:port)`;
    }
    return { host: v6.value, port: null, kind: 'ipv6' };
  }
  let host = entry;
  let port: number | null = null;
  if (colons === 1) {
    const index = entry.indexOf(':');
    host = entry.slice(0, index);
    const parsed = parsePort(entry.slice(index + 1));
    if (typeof parsed === 'string') return parsed;
    port = parsed;
    if (host === '') return 'the host before ":" is empty';
  }
  return checkHost(host, port);
}

function checkBracketed(entry: string): ServerAddress | string {
  const close = entry.indexOf(']');
  if (close < 0) return 'the "[" is not closed by "]"';
  const inside = entry.slice(1, close);
  const rest = entry.slice(close + 1);
  if (isIPv4Address(inside)) return 'brackets are only for IPv6 addresses; write an IPv4 address without them';
  const v6 = checkIPv6(inside);
  if (!v6.ok) return v6.problem;
  if (rest === '') return { host: v6.value, port: null, kind: 'ipv6' };
  if (!rest.startsWith(':')) return 'only ":port" may follow "]"';
  const port = parsePort(rest.slice(1));
  return typeof port === 'string' ? port : { host: v6.value, port, kind: 'ipv6' };
}

function parsePort(text: string): number | string {
  if (text === '') return 'the port after ":" is missing';
  if (!/^[0-9]{1,6}$/.test(text)) return `the port "${text}" is not a number from 1 to 65535`;
  const port = Number(text);
  if (port < 1 || port > 65535) return `the port ${port} is out of range (1 to 65535)`;
  return port;
}

const NETBIOS_NAME = /^[A-Za-z0-9!#$%^&'(){}~_-]+$/;

function checkHost(host: string, port: number | null): ServerAddress | string {
  if (isIPv4Address(host)) return { host, port, kind: 'ipv4' };
  if (/^[0-9]+$/.test(host)) return 'a server name cannot be only digits';
  if (/^[0-9.]+$/.test(host)) {
    return 'it is not a valid IPv4 address (four numbers from 0 to 255, without leading zeros)';
  }
  if (host.includes('.')) {
    const dns = checkDnsName(host, false);
    return dns.ok ? { host: dns.value, port, kind: 'dns' } : dns.problem;
  }
  if (host.length > MAX_NETBIOS_LENGTH) {
    return `a name without dots is a NetBIOS name, which has at most ${MAX_NETBIOS_LENGTH} characters (this one has ${host.length}); enter the full DNS name instead, e.g. ${host}.corp.example`;
  }
  if (!NETBIOS_NAME.test(host)) {
    const bad = [...host].find((c) => !NETBIOS_NAME.test(c)) ?? '?';
    return `"${bad}" is not allowed in a NetBIOS name (letters, digits, "-" and "_" are)`;
  }
  if (host.startsWith('-')) return 'a server name cannot start with a hyphen';
  return { host, port, kind: 'netbios' };
}
