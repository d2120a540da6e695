/**
 * SMTP peers and baselines for the delivery benchmarks: Postfix's `smtp-sink` (accepts at
 * once), an in-process `smtp-server` sink that timestamps each message by its event id (for
 * latency), raw nodemailer (`sendMail` over a pool: the baseline Herald is compared with),
 * and Postfix's `smtp-source` (the baseline against a real Postfix).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { SMTPServer } from 'smtp-server';

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A running external process listening on a port. */
export interface Listener {
  port: number;
  /** The process (for its CPU time); absent for an in-process listener. */
  pid?: number;
  close(): Promise<void>;
}

/** Starts Postfix's smtp-sink (accepts every message at once, keeps nothing). */
export async function startSmtpSink(): Promise<Listener> {
  const port = await freePort();
  const args = [...(process.getuid?.() === 0 ? ['-u', 'nobody'] : []), `127.0.0.1:${port}`, '1024'];
  const child: ChildProcess = spawn('/usr/sbin/smtp-sink', args, { stdio: 'ignore' });
  process.on('exit', () => child.kill('SIGKILL'));
  await waitForPort(port, 5000);
  return {
    port,
    ...(child.pid !== undefined ? { pid: child.pid } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** One message the timing sink accepted. */
export interface Arrival {
  /** performance.now() when its data was complete. */
  at: number;
  /** X-Herald-Event-Id (a digest lists up to 50). */
  eventIds: string[];
  /** X-Herald-Event-Count (how many events it covers), 1 when absent. */
  eventCount: number;
}

/** An in-process sink that records when each event's message arrived (X-Herald-Event-Id). */
export interface TimingSink extends Listener {
  /** Arrival time per event id listed in a message. */
  arrivals: Map<string, number>;
  /** Every accepted message, in arrival order. */
  messages: Arrival[];
}

const EVENT_ID = /^X-Herald-Event-Id:[ \t]*(.*)$/im;
const EVENT_COUNT = /^X-Herald-Event-Count:[ \t]*(\d+)/im;

/** The header block of a message, folded lines unfolded. */
function headerBlock(message: string): string {
  const end = message.indexOf('\r\n\r\n');
  return (end === -1 ? message : message.slice(0, end)).replace(/\r\n[ \t]+/g, ' ');
}

/** Starts the timing sink; the arrival time is taken when the message's data is complete (just before the 250). */
export async function startTimingSink(): Promise<TimingSink> {
  const arrivals = new Map<string, number>();
  const messages: Arrival[] = [];
  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    closeTimeout: 200,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const at = performance.now();
        const headers = headerBlock(Buffer.concat(chunks).toString('utf8'));
        const eventIds = (EVENT_ID.exec(headers)?.[1] ?? '').split(',').map((id) => id.trim()).filter((id) => id !== '');
        for (const id of eventIds) arrivals.set(id, at);
        messages.push({ at, eventIds, eventCount: Number(EVENT_COUNT.exec(headers)?.[1] ?? 1) });
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : 0,
    arrivals,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The message Herald sends for a notification, for the nodemailer baseline (same headers, similar size). */
export function baselineMessage(i: number): SendMailOptions {
  return {
    from: 'herald@corp.example',
    to: ['soc@herald.test'],
    subject: `[Critical] Malicious object detected on WKS-${String(i % 5000).padStart(4, '0')}`,
    text:
      `Event: Malicious object detected\nSeverity: Critical\nComputer: WKS-${i % 5000} (CORP, 10.1.0.1)\n` +
      `Application: Kaspersky Endpoint Security 12.1.0.506\nTime: 2026-11-28T04:00:00.000Z\n` +
      `Description: Trojan.Win32.Agent.${i % 997} detected in C:\\Users\\user\\AppData\\Local\\Temp\\setup_${i}.exe\n`,
    messageId: `<baseline-${i}-${Date.now()}@corp.example>`,
    headers: { 'X-Herald-Notification-Id': `baseline-${i}`, 'X-Herald-Event-Id': `evt-${i}`, 'Auto-Submitted': 'auto-generated' },
  };
}

/**
 * Raw nodemailer: `count` messages through one pooled transport with `connections`
 * connections, all queued at once; resolves with the ms until every 250. `maxMessages:
 * Infinity` because nodemailer's pool otherwise recycles a connection after 100 messages and
 * pauses 100 ms doing so.
 */
export async function nodemailerBaseline(port: number, connections: number, count: number): Promise<number> {
  const transport = nodemailer.createTransport({
    pool: true,
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    maxConnections: connections,
    maxMessages: Number.POSITIVE_INFINITY,
  });
  try {
    await transport.sendMail(baselineMessage(-1)); // open one connection first, as Herald's pool is warm too
    const started = performance.now();
    await Promise.all(Array.from({ length: count }, (_, i) => transport.sendMail(baselineMessage(i))));
    return performance.now() - started;
  } finally {
    transport.close();
  }
}

/** Postfix's smtp-source: `count` messages of ~`size` bytes over `sessions` parallel sessions; resolves with the ms taken. */
export function smtpSource(port: number, sessions: number, count: number, size: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      '/usr/sbin/smtp-source',
      ['-s', String(sessions), '-m', String(count), '-l', String(size), '-f', 'herald@corp.example', '-t', 'soc@herald.test', `127.0.0.1:${port}`],
      { timeout: 300_000 },
      (error, _stdout, stderr) => (error ? reject(new Error(`smtp-source failed: ${error.message} ${stderr}`)) : resolve(performance.now() - started)),
    );
  });
}
