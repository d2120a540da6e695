/**
 * Failed-login limits (API.md Conventions): one budget per client address AND one per user
 * name, counted in the store so every instance shares them. Pure decisions here; the
 * counters live in `store.loginFailures`.
 *
 * Why both: a per-address limit alone lets a botnet guess one account's password from many
 * addresses; a per-user limit alone lets one address try every user name. The per-user budget
 * is the larger one, so an attacker can lock an account out only by failing that often.
 */
import ipaddr from 'ipaddr.js';

/** How many failures each key may have within one window. */
export interface LoginLimits {
  /** Failures per client address (IPv6: per /64, which one subscriber usually holds). */
  perAddress: number;
  /** Failures per user name (case-insensitive), from any address. */
  perUser: number;
  /** A key's window starts at its first failure and lasts this long; so does a block. */
  windowMs: number;
}

/** Defaults: 10 per address, 20 per user name, 15 minutes. */
export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAddress: 10, perUser: 20, windowMs: 15 * 60 * 1000 };

/** The two counter keys of a log-in attempt. */
export interface LoginKeys {
  address: string;
  user: string;
}

/** Keys for an attempt: `addr:<address or IPv6 /64>` and `user:<lower-cased name>`. */
export function loginKeys(clientAddress: string, username: string): LoginKeys {
  return { address: `addr:${addressKey(clientAddress)}`, user: `user:${username.trim().toLowerCase()}` };
}

/** IPv4 (and IPv4-mapped IPv6) as is; other IPv6 addresses by their /64 prefix. */
export function addressKey(clientAddress: string): string {
  if (!ipaddr.isValid(clientAddress)) return clientAddress;
  const parsed = ipaddr.parse(clientAddress);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  const parts = v6.parts.slice(0, 4).concat([0, 0, 0, 0]);
  return `${new ipaddr.IPv6(parts).toString()}/64`;
}

/** Whether an attempt may go on to the password check, and if not, which budget is spent. */
export type LoginVerdict = { blocked: false } | { blocked: true; by: 'address' | 'user' };

/** Pure: decides from the current failure counts of the attempt's keys. */
export function loginVerdict(counts: { address: number; user: number }, limits: LoginLimits): LoginVerdict {
  if (counts.address >= limits.perAddress) return { blocked: true, by: 'address' };
  if (counts.user >= limits.perUser) return { blocked: true, by: 'user' };
  return { blocked: false };
}
