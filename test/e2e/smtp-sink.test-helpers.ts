/**
 * A real in-process SMTP server (`smtp-server` on 127.0.0.1) whose behaviour tests change while
 * it runs: accept, answer 4xx or 5xx to every RCPT, reject some recipients, delay DATA. It
 * records every accepted message with its Message-ID so tests count deliveries (and
 * duplicates) the way a receiver would.
 */
import net from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message the sink accepted. */
export interface SinkMessage {
  /** When the sink answered 250 to the message (epoch ms). */
  at: number;
  /** When its transaction began: the client's MAIL FROM reached the sink (epoch ms). */
  startedAt: number;
  mailFrom: string | null;
  rcptTo: string[];
  data: string;
  messageId: string | null;
  /** The client's TCP port: tells which process delivered it (see test/support/proc.test-helpers.ts). */
  remotePort: number;
  header(name: string): string | null;
}

/** How the sink answers; change the fields at any time. */
export interface SinkBehaviour {
  /** `accept`, `tempfail` (451 to every RCPT) or `permfail` (550 to every RCPT). */
  mode: 'accept' | 'tempfail' | 'permfail';
  /** Recipients answered 550 while others are accepted. */
  rejectRecipients: Set<string>;
  /** Milliseconds to wait after the message body before answering 250. */
  dataDelayMs: number;
  /** The next this-many messages are received in full and then answered 451 (a failed DATA). */
  failNextData: number;
  /** The next this-many transactions get Microsoft 365's throttling reply to RCPT (451 4.7.500). */
  throttleNext: number;
}

/** A running sink. */
export interface SmtpSink {
  port: number;
  messages: SinkMessage[];
  /** Every message body received, including those answered 451 at the end of DATA. */
  received: SinkMessage[];
  /** Connections accepted so far. */
  connections: number;
  /** When each throttling reply was given (epoch ms). */
  throttledAt: number[];
  behaviour: SinkBehaviour;
  /** Called when a message's DATA arrives (before the delay). */
  onDataStart: (() => void) | null;
  /** Message-IDs delivered more than once, with their counts. */
  duplicates(): Map<string, number>;
  /** Distinct Message-IDs delivered. */
  unique(): number;
  close(): Promise<void>;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

function headerOf(data: string, name: string): string | null {
  const head = data.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const pattern = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im');
  return pattern.exec(unfolded)?.[1]?.trim() ?? null;
}

/** A port that nothing listens on right now (for "server down" cases). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts a sink on `port` (0 = any free port). */
export async function startSink(port = 0, behaviour: Partial<SinkBehaviour> = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const sink: SmtpSink = {
    port: 0,
    messages,
    received: [],
    connections: 0,
    throttledAt: [],
    behaviour: { mode: 'accept', rejectRecipients: new Set(), dataDelayMs: 0, failNextData: 0, throttleNext: 0, ...behaviour },
    onDataStart: null,
    duplicates() {
      const counts = new Map<string, number>();
      for (const message of messages) {
        const id = message.messageId ?? '(none)';
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return new Map([...counts].filter(([, count]) => count > 1));
    },
    unique: () => new Set(messages.map((message) => message.messageId ?? '(none)')).size,
    close: async () => undefined,
  };
  /** MAIL FROM time of each connection's current transaction, by session id. */
  const transactionStart = new Map<string, number>();
  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    closeTimeout: 200,
    size: 10 * 1024 * 1024,
    onConnect(_session, callback) {
      sink.connections += 1;
      callback();
    },
    onMailFrom(_address, session, callback) {
      transactionStart.set(session.id, Date.now());
      callback();
    },
    onClose(session) {
      transactionStart.delete(session.id);
    },
    onRcptTo(address, _session, callback) {
      const { mode, rejectRecipients } = sink.behaviour;
      if (sink.behaviour.throttleNext > 0) {
        sink.behaviour.throttleNext -= 1;
        sink.throttledAt.push(Date.now());
        return callback(smtpError('4.7.500 Server busy. Please try again later.', 451));
      }
      if (mode === 'tempfail') return callback(smtpError('4.3.0 Mailbox temporarily unavailable, try later', 451));
      if (mode === 'permfail' || rejectRecipients.has(address.address.toLowerCase())) {
        return callback(smtpError('5.1.1 No such user here', 550));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      sink.onDataStart?.();
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const data = Buffer.concat(chunks).toString('utf8');
        const message: SinkMessage = {
          at: Date.now(),
          startedAt: transactionStart.get(session.id) ?? Date.now(),
          mailFrom: session.envelope.mailFrom === false ? null : session.envelope.mailFrom.address,
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          data,
          messageId: headerOf(data, 'Message-ID'),
          remotePort: session.remotePort,
          header: (name) => headerOf(data, name),
        };
        sink.received.push(message);
        if (sink.behaviour.failNextData > 0) {
          sink.behaviour.failNextData -= 1;
          callback(smtpError('4.3.0 Queue full, try again later', 451));
          return;
        }
        const finish = () => {
          messages.push({ ...message, at: Date.now() });
          callback();
        };
        if (sink.behaviour.dataDelayMs > 0) setTimeout(finish, sink.behaviour.dataDelayMs);
        else finish();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  sink.port = typeof address === 'object' && address !== null ? address.port : 0;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}

/**
 * Decodes RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) in a header value, the way
 * a mail client shows it. Written here because no MIME parser is a dependency of the project
 * and tests only need UTF-8 words; adjacent encoded words join without the space between them.
 */
export function decodeMimeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_all, encoding: string, text: string) => {
      if (encoding.toLowerCase() === 'b') return Buffer.from(text, 'base64').toString('utf8');
      const bytes = text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, hex: string) => `%${hex}`);
      return decodeURIComponent(bytes.replace(/%(?![0-9a-f]{2})/gi, '%25'));
    });
}
