/**
 * In-process `smtp-server` peers on 127.0.0.1 (port 0), configured per test case, recording
 * what the SERVER saw: TLS (from the socket), client certificate, authenticated user,
 * envelope and message.
 */
import net from 'node:net';
import tls from 'node:tls';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';

/** One message as the peer received it. */
export interface ReceivedMessage {
  secure: boolean;
  tlsProtocol: string | null;
  clientCertificateSubject: string | null;
  user: string | null;
  heloName: string;
  mailFrom: string | null;
  rcptTo: string[];
  data: string;
}

/** One TLS session the peer completed. */
export interface SeenTls {
  protocol: string | null;
  clientCertificateSubject: string | null;
}

/** A running peer. */
export interface TestPeer {
  port: number;
  messages: ReceivedMessage[];
  tlsSessions: SeenTls[];
  /** Commands the peer saw per connection (by session id), e.g. to prove AUTH never happened. */
  authAttempts: Array<{ method: string; username: string | undefined; secure: boolean }>;
  connections: number;
  close(): Promise<void>;
}

function subjectOf(socket: tls.TLSSocket): string | null {
  const cert = socket.getPeerX509Certificate();
  return cert === undefined ? null : cert.subject.replace(/\n/g, ', ');
}

/** Starts a peer; `options` are smtp-server options (handlers you pass replace the recording ones except onData). */
export async function startPeer(options: SMTPServerOptions = {}): Promise<TestPeer> {
  const messages: ReceivedMessage[] = [];
  const tlsSessions: SeenTls[] = [];
  const authAttempts: TestPeer['authAttempts'] = [];
  const tlsBySession = new Map<string, SeenTls>();
  const peer: TestPeer = { port: 0, messages, tlsSessions, authAttempts, connections: 0, close: async () => undefined };
  const userOnAuth = options.onAuth;
  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    authOptional: true,
    ...options,
    onConnect(session, callback) {
      peer.connections += 1;
      if (options.onConnect) options.onConnect(session, callback);
      else callback();
    },
    onSecure(socket, session, callback) {
      if (socket instanceof tls.TLSSocket) {
        const seen = { protocol: socket.getProtocol() ?? null, clientCertificateSubject: subjectOf(socket) };
        tlsSessions.push(seen);
        tlsBySession.set(session.id, seen);
      }
      callback();
    },
    onAuth(auth, session, callback) {
      authAttempts.push({ method: auth.method, username: auth.username, secure: session.secure });
      if (userOnAuth) userOnAuth(auth, session, callback);
      else callback(new Error('No authentication here'));
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const seen = tlsBySession.get(session.id);
        const user = (session as { user?: unknown }).user;
        messages.push({
          secure: session.secure,
          tlsProtocol: seen?.protocol ?? null,
          clientCertificateSubject: seen?.clientCertificateSubject ?? null,
          user: typeof user === 'string' ? user : null,
          heloName: session.hostNameAppearsAs,
          mailFrom: session.envelope.mailFrom === false ? null : session.envelope.mailFrom.address,
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        if (options.onData) options.onData(stream, session, callback);
        else callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  peer.port = typeof address === 'object' && address !== null ? address.port : 0;
  peer.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return peer;
}

/** An SMTP-ish error with a reply code, as smtp-server callbacks expect. */
export function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** `count` distinct loopback ports nothing listens on (each was bound once and closed). */
export async function closedPorts(count: number): Promise<number[]> {
  // All listen before any closes: a port closed at once may be handed out again by the next
  // listen(0), and a repeated server would be deduplicated from the settings (seen in CI).
  const servers = Array.from({ length: count }, () => net.createServer());
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  return ports;
}
