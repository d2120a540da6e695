/**
 * Opens a session to one target: resolve its addresses, connect to them in turn while the
 * failure is at the connect stage, and — in opportunistic mode — when the TLS handshake
 * fails, reconnect once without TLS (Postfix's `may`; nodemailer's opportunisticTLS only
 * covers a refused STARTTLS command). The fallback, and a server that did not offer STARTTLS
 * at all, are recorded as the attempt's note and `plaintextReason`.
 */
import type { TlsFacts } from '../../domain/notification.js';
import type { Reason } from '../../domain/reason.js';
import type { AttemptFailure } from './types.js';
import type { HostResolver, Target } from './resolve.js';
import { SmtpSession, type SessionSettings } from './session.js';
import { failureFromError } from './failure.js';
import { describeTls } from './tls-facts.js';

/** A target's session, or why none could be opened. */
export type OpenedTarget =
  | { ok: true; session: SmtpSession; note: string | undefined; plaintextReason?: Reason }
  | { ok: false; failure: AttemptFailure; tls: TlsFacts | null; note: string | undefined };

/** Most addresses of one host tried before the next server. */
export const MAX_ADDRESSES_PER_HOST = 3;

/** Opens a session on `target` (settings.plan is ignored: this decides it). */
export async function openTarget(target: Target, resolver: HostResolver, settings: Omit<SessionSettings, 'plan'>): Promise<OpenedTarget> {
  const notes: string[] = target.via === undefined ? [] : [target.via];
  const noteText = (): string | undefined => (notes.length === 0 ? undefined : notes.join('; '));
  let addresses: string[];
  try {
    addresses = (await resolver.addresses(target.name)).slice(0, MAX_ADDRESSES_PER_HOST);
  } catch (err) {
    return { ok: false, failure: failureFromError(err, 'connect', settings.secrets), tls: null, note: noteText() };
  }
  let last: OpenedTarget | null = null;
  for (const address of addresses) {
    if (address !== target.name) notes.push(`address ${address}`);
    settings.transcript?.note(`Connecting to ${address} port ${target.port}`);
    const connection = { address, name: target.name, port: target.port };
    const opened = await SmtpSession.open(connection, { ...settings, plan: 'configured' });
    if (opened.ok) {
      if (opened.session.tls !== null) settings.transcript?.note(describeTls(opened.session.tls));
      if (!opened.session.startTlsNotOffered) return { ok: true, session: opened.session, note: noteText() };
      notes.push('the server did not offer STARTTLS; sent without TLS (opportunistic)');
      return { ok: true, session: opened.session, note: noteText(), plaintextReason: 'STARTTLS_NOT_OFFERED' };
    }
    if (opened.tls !== null) settings.transcript?.note(describeTls(opened.tls));
    settings.transcript?.note(`Failed at ${opened.failure.stage}: ${opened.failure.error.message}`);
    if (settings.config.tls.mode === 'opportunistic' && opened.tlsFailed) {
      notes.push(`TLS handshake failed (${opened.failure.error.code}); delivered without TLS (opportunistic)`);
      settings.transcript?.note('Reconnecting without TLS (opportunistic)');
      const plain = await SmtpSession.open(connection, { ...settings, plan: 'plaintext' });
      if (plain.ok) return { ok: true, session: plain.session, note: noteText(), plaintextReason: opened.failure.error.code };
      notes[notes.length - 1] = `TLS handshake failed (${opened.failure.error.code}); the connection without TLS failed too`;
      return { ok: false, failure: plain.failure, tls: null, note: noteText() };
    }
    last = { ok: false, failure: opened.failure, tls: opened.tls, note: noteText() };
    if (opened.failure.stage !== 'connect' || opened.tls !== null) return last;
  }
  return last ?? { ok: false, failure: failureFromError(Object.assign(new Error(`${target.name} has no addresses`), { code: 'ENODATA' }), 'connect', settings.secrets), tls: null, note: noteText() };
}
