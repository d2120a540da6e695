/** What the tests read about other processes from Linux's /proc. */
import fs from 'node:fs';

/**
 * The local TCP ports of a process's sockets (Linux /proc); empty when unreadable. With
 * `connectedTo`, only those of connections to that remote port: a local port is unique only
 * per peer, so another process's connection to a different peer (say PostgreSQL) may have the
 * same one.
 */
export function portsOfProcess(pid: number, connectedTo?: number): Set<number> {
  const inodes = new Set<string>();
  try {
    for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match?.[1]) inodes.add(match[1]);
      } catch {
        // The descriptor closed while we looked.
      }
    }
  } catch {
    return new Set();
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [, local, remote] = fields;
      const inode = fields[9];
      if (local === undefined || remote === undefined || inode === undefined || !inodes.has(inode)) continue;
      if (connectedTo !== undefined && portOf(remote) !== connectedTo) continue;
      ports.add(portOf(local));
    }
  }
  return ports;
}

/** The port of a /proc/net/tcp address (`0100007F:1F90`: hexadecimal after the colon). */
function portOf(address: string): number {
  return Number.parseInt(address.slice(address.lastIndexOf(':') + 1), 16);
}
