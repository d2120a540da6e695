import net from 'node:net';

/** A server entry split into host and optional port. */
export interface ServerEntry {
  /** Host name, NetBIOS name or IP literal (IPv6 without brackets). */
  host: string;
  /** The entry's own port, which wins over the configured one; null = none. */
  port: number | null;
}

/**
 * Splits an already validated, normalised server entry: `host`, `host:port`, `[v6]:port`,
 * `[v6]`, IPv4, bare IPv6. Kept tiny on purpose (src/settings validates entries).
 */
export function splitServerEntry(entry: string): ServerEntry {
  const trimmed = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(trimmed);
  if (bracketed) {
    return { host: bracketed[1] ?? '', port: bracketed[2] === undefined ? null : Number(bracketed[2]) };
  }
  if (net.isIPv6(trimmed)) {
    return { host: trimmed, port: null };
  }
  const withPort = /^([^:]+):(\d+)$/.exec(trimmed);
  if (withPort) {
    return { host: withPort[1] ?? '', port: Number(withPort[2]) };
  }
  return { host: trimmed, port: null };
}
