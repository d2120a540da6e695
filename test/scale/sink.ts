/**
 * An in-process SMTP sink (`smtp-server` on 127.0.0.1) that counts messages by Message-ID
 * and remembers which client port each came from, so a test can tell which server process
 * delivered it (`portsOfProcess` maps a pid to its local TCP ports through /proc).
 */
import fs from 'node:fs';
import { SMTPServer } from 'smtp-server';

/** One accepted message. */
export interface Delivered {
  messageId: string;
  remotePort: number;
  at: number;
}

/** A running sink. */
export interface CountingSink {
  port: number;
  delivered: Delivered[];
  /** Distinct Message-IDs accepted. */
  unique(): number;
  /** Message-IDs accepted more than once, with their counts. */
  duplicates(): Map<string, number>;
  close(): Promise<void>;
}

const MESSAGE_ID = /^Message-ID:[ \t]*(\S+)/im;

/** Starts a sink that accepts everything at once. */
export async function startCountingSink(): Promise<CountingSink> {
  const delivered: Delivered[] = [];
  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    closeTimeout: 200,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const head = Buffer.concat(chunks).toString('utf8').split(/\r?\n\r?\n/, 1)[0] ?? '';
        delivered.push({ messageId: MESSAGE_ID.exec(head)?.[1] ?? '(none)', remotePort: session.remotePort, at: Date.now() });
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : 0,
    delivered,
    unique: () => new Set(delivered.map((d) => d.messageId)).size,
    duplicates() {
      const counts = new Map<string, number>();
      for (const d of delivered) counts.set(d.messageId, (counts.get(d.messageId) ?? 0) + 1);
      return new Map([...counts].filter(([, n]) => n > 1));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The local TCP ports of a process's sockets (Linux /proc); empty when unreadable. */
export function portsOfProcess(pid: number): Set<number> {
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
      const local = fields[1];
      const inode = fields[9];
      if (local === undefined || inode === undefined || !inodes.has(inode)) continue;
      ports.add(Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16));
    }
  }
  return ports;
}
