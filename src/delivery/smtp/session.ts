/**
 * One SMTP session on one address, driven with nodemailer's SMTPConnection directly (not the
 * transport) so Herald sees what it must: the final EHLO (to make AUTH mandatory and pick the
 * mechanism), the TLS socket (facts for the attempt log), and where a failure happened.
 * Open = connect + greeting + EHLO + STARTTLS per mode + AUTH; then any number of messages.
 */
import SMTPConnection, { type SMTPConnectionSendInfo } from 'nodemailer/lib/smtp-connection';
import type { TlsFacts, Stage } from '../../domain/notification.js';
import type { AttemptFailure, TokenFacts, TransportConfig } from './types.js';
import type { SmtpTimeouts } from './timeouts.js';
import { QUIT_TIMEOUT_MS } from './timeouts.js';
import { connectionOptions, type ConnectionTarget, type TlsPlan } from './connection-options.js';
import { failureFromError, heraldFailure } from './failure.js';
import { tlsFactsOf } from './tls-facts.js';
import { tokenVariants, type Transcript } from './transcript.js';
import { planAuth } from './auth-plan.js';
import { loginWithToken, obtainToken } from './xoauth2.js';
import type { TokenSource } from '../oauth/token-cache.js';
import type { AccessToken } from '../oauth/token-endpoint.js';

/** The SASL mechanisms an EHLO reply advertises (`250-AUTH PLAIN LOGIN`, `250-AUTH=LOGIN`). */
export function advertisedAuth(ehloReply: string | false): string[] {
  if (ehloReply === false) return [];
  const mechanisms = new Set<string>();
  for (const line of ehloReply.split(/\r?\n/)) {
    const match = /^\d{3}[ -]AUTH[ =](.*)$/i.exec(line.trim());
    if (match) for (const m of (match[1] ?? '').split(/[\s=]+/)) if (m !== '') mechanisms.add(m.toUpperCase());
  }
  return [...mechanisms];
}

/**
 * Whether an EHLO reply is one that leaves STARTTLS out (a reply to anything else, such as a
 * refused STARTTLS command, says nothing about what was offered).
 */
export function ehloWithoutStartTls(reply: string | false): boolean {
  return reply !== false && /^250[ -]/.test(reply) && !/^\d{3}[ -]STARTTLS\b/im.test(reply);
}

/** What a session needs besides the target. */
export interface SessionSettings {
  config: TransportConfig;
  timeouts: SmtpTimeouts;
  transcript: Transcript | null;
  /** `plaintext` for the opportunistic fallback. */
  plan: TlsPlan;
  /** Forms of the credentials to scrub from messages. */
  secrets: readonly string[];
  /** Where XOAUTH2 tokens come from; needed when `config.auth.oauth2` is set. */
  tokens: TokenSource | null;
  /** Closes the connection when aborted (the test message's overall deadline). */
  signal?: AbortSignal;
}

/** Opening a session: a session, or where and why it failed (with TLS facts when a handshake happened). */
export type OpenResult =
  | { ok: true; session: SmtpSession }
  | { ok: false; failure: AttemptFailure; tls: TlsFacts | null; tlsFailed: boolean };

/** Sending one message over an open session. */
export type SendResult =
  | { ok: true; accepted: string[]; rejected: string[]; response: string }
  | { ok: false; failure: AttemptFailure; rejected: string[]; connectionLost: boolean };

/** The connection's stage when an error does not say which command it belongs to. */
function connectStage(conn: SMTPConnection): Stage {
  if (conn.upgrading === true) return 'starttls';
  if (conn.stage === 'init') return 'connect';
  if (conn.lastServerResponse === false) return 'greeting';
  return 'ehlo';
}

const TLS_REASONS = new Set(['TLS_HANDSHAKE_FAILED', 'TLS_VERSION_REJECTED', 'CERT_UNTRUSTED', 'CERT_HOSTNAME_MISMATCH', 'CERT_EXPIRED']);

/**
 * Runs one callback-style step, settling on its callback or on the connection failing
 * under it ('error' / 'end'), whichever comes first.
 */
function step<T>(conn: SMTPConnection, run: (done: (err: Error | null | undefined, value?: T) => void) => void): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve, reject) => {
    let settled = false;
    const finish = (err: unknown, value?: T): void => {
      if (settled) return;
      settled = true;
      conn.off('error', onError);
      conn.off('end', onEnd);
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve(value);
    };
    const onError = (err: Error): void => finish(err);
    const onEnd = (): void => finish(Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION', command: 'CONN' }));
    conn.once('error', onError);
    conn.once('end', onEnd);
    run((err, value) => finish(err, value));
  });
}

/**
 * The OAuth access token for XOAUTH2 (null without OAuth), fetched before connecting (stage
 * `token`): without one no server is tried. Its forms join `secrets` and the transcript's.
 */
async function accessTokenFor(
  settings: SessionSettings,
  secrets: string[],
): Promise<{ ok: true; token: AccessToken | null } | { ok: false; failure: AttemptFailure }> {
  const { config, transcript } = settings;
  const grant = config.auth.enabled ? config.auth.oauth2 : undefined;
  if (grant === undefined) return { ok: true, token: null };
  if (settings.tokens === null) throw new Error('OAuth 2.0 settings need a token source');
  const got = await obtainToken(settings.tokens, grant, secrets);
  if (!got.ok) {
    transcript?.note(`No access token: ${got.failure.error.message}`);
    return got;
  }
  const variants = tokenVariants(config.auth.username, got.token.value);
  secrets.push(...variants);
  transcript?.addSecrets(variants);
  transcript?.note(`OAuth access token from ${got.token.endpoint}, valid until ${new Date(got.token.expiresAt).toISOString()}`);
  return { ok: true, token: got.token };
}

/** A connection (not yet connected) that the settings' abort signal closes. */
function newConnection(target: ConnectionTarget, settings: SessionSettings): SMTPConnection {
  const { config, transcript } = settings;
  const conn = new SMTPConnection(connectionOptions(config, target, settings.timeouts, settings.plan, transcript?.logger() ?? null));
  // A persistent listener: an 'error' event without one would crash the process.
  conn.on('error', () => undefined);
  // An overall deadline closes the connection, which fails whatever step is waiting on it.
  const onAbort = (): void => conn.close();
  settings.signal?.addEventListener('abort', onAbort, { once: true });
  conn.once('end', () => settings.signal?.removeEventListener('abort', onAbort));
  if (settings.signal?.aborted === true) conn.close();
  return conn;
}

/** AUTH after the final EHLO, as `planAuth` decides: skipped, refused, by password or by XOAUTH2. */
async function authenticate(
  conn: SMTPConnection,
  settings: SessionSettings,
  /** Forms of the credentials to scrub; a renewed token's forms are added to it. */
  secrets: string[],
  token: AccessToken | null,
): Promise<{ ok: true; usedToken: TokenFacts | undefined } | { ok: false; failure: AttemptFailure }> {
  const { config, transcript } = settings;
  const plan = planAuth({
    enabled: config.auth.enabled,
    oauth: config.auth.oauth2 !== undefined,
    allowUnencrypted: config.auth.allowUnencrypted === true,
    encrypted: conn.secure,
    fallback: settings.plan === 'plaintext',
    offered: advertisedAuth(conn.lastServerResponse),
  });
  switch (plan.kind) {
    case 'skip':
      return { ok: true, usedToken: undefined };
    case 'refuse':
      return { ok: false, failure: heraldFailure(plan.reason, 'auth', plan.detail, true) };
    case 'password': {
      const password = config.auth.password;
      if (password === null) {
        return { ok: false, failure: heraldFailure('AUTH_FAILED', 'auth', 'No password is set for ESMTP authentication.', false) };
      }
      try {
        await step<boolean>(conn, (done) => conn.login({ user: config.auth.username, pass: password, method: plan.mechanism }, (err, ok) => done(err, ok)));
      } catch (err) {
        return { ok: false, failure: failureFromError(err, 'auth', secrets) };
      }
      return { ok: true, usedToken: undefined };
    }
    case 'xoauth2': {
      const grant = config.auth.oauth2;
      if (token === null || grant === undefined || settings.tokens === null) throw new Error('XOAUTH2 planned without a token');
      const login = { source: settings.tokens, grant, username: config.auth.username, secrets, transcript };
      const outcome = await loginWithToken(conn, token, login, (run) => step<void>(conn, (done) => run(done)));
      if (!outcome.ok) return outcome;
      const validForMs = outcome.token.expiresAt - settings.tokens.now().getTime();
      return { ok: true, usedToken: { endpoint: outcome.token.endpoint, validForSeconds: Math.max(0, Math.floor(validForMs / 1000)) } };
    }
  }
}

/** An open, ready (and authenticated, when configured) SMTP session. */
export class SmtpSession {
  private ended = false;
  private readonly endListeners: Array<() => void> = [];

  private constructor(
    private readonly conn: SMTPConnection,
    /** TLS facts of the session; null when plaintext. */
    readonly tls: TlsFacts | null,
    private readonly secrets: readonly string[],
    /** The OAuth token the session authenticated with (facts only). */
    readonly token: TokenFacts | undefined,
    /** Opportunistic mode stayed in plaintext because the server's EHLO did not offer STARTTLS. */
    readonly startTlsNotOffered: boolean,
  ) {
    conn.on('end', () => {
      this.ended = true;
      for (const listener of this.endListeners.splice(0)) listener();
    });
  }

  /** Connects, secures per TLS mode, checks and performs AUTH. Never throws. */
  static async open(target: ConnectionTarget, settings: SessionSettings): Promise<OpenResult> {
    const secrets = [...settings.secrets];
    const token = await accessTokenFor(settings, secrets);
    if (!token.ok) return { ok: false, failure: token.failure, tls: null, tlsFailed: false };
    const conn = newConnection(target, settings);
    const fail = (failure: AttemptFailure, tls: TlsFacts | null): OpenResult => {
      conn.close();
      const tlsFailed = failure.stage === 'starttls' || TLS_REASONS.has(failure.error.code);
      return { ok: false, failure, tls, tlsFailed };
    };
    try {
      await step<void>(conn, (done) => conn.connect((err) => done(err)));
    } catch (err) {
      return fail(failureFromError(err, connectStage(conn), secrets), tlsFactsOf(conn._socket));
    }
    const tls = conn.secure ? tlsFactsOf(conn._socket) : null;
    const { tls: tlsSettings } = settings.config;
    // Read before AUTH replaces the last reply: the EHLO answer tells whether STARTTLS was offered.
    const startTlsNotOffered = !conn.secure && tlsSettings.mode === 'opportunistic' && settings.plan === 'configured' && ehloWithoutStartTls(conn.lastServerResponse);
    if (tlsSettings.mode === 'required' && settings.plan === 'configured' && !conn.secure) {
      // nodemailer's requireTLS already refuses this; a second lock costs nothing.
      return fail(heraldFailure('STARTTLS_NOT_OFFERED', 'starttls', 'The session is not encrypted.', true), null);
    }
    const auth = await authenticate(conn, settings, secrets, token.token);
    if (!auth.ok) return fail(auth.failure, tls);
    return { ok: true, session: new SmtpSession(conn, tls, secrets, auth.usedToken, startTlsNotOffered) };
  }

  /** False once the server or an error ended the connection. */
  get usable(): boolean {
    return !this.ended && !this.conn.destroyed;
  }

  /** Called once when the connection ends (idle close by the server, error, QUIT). */
  onEnd(listener: () => void): void {
    if (this.ended) listener();
    else this.endListeners.push(listener);
  }

  /** Sends one prebuilt message. Never throws. */
  async send(envelope: { from: string; to: string[] }, raw: Buffer): Promise<SendResult> {
    try {
      const info = await step<SMTPConnectionSendInfo>(this.conn, (done) =>
        this.conn.send({ from: envelope.from, to: envelope.to, size: raw.length }, raw, (err, result) => done(err, result)),
      );
      if (info === undefined || info === null) throw new Error('No answer to the message');
      return { ok: true, accepted: info.accepted, rejected: info.rejected, response: info.response };
    } catch (err) {
      const rejected = typeof err === 'object' && err !== null && Array.isArray((err as { rejected?: unknown }).rejected)
        ? ((err as { rejected: unknown[] }).rejected.filter((r): r is string => typeof r === 'string'))
        : [];
      const lastReply = this.conn.lastServerResponse;
      const fallback: Stage = typeof lastReply === 'string' && lastReply.startsWith('354') ? 'data' : 'mail';
      return { ok: false, failure: failureFromError(err, fallback, this.secrets), rejected, connectionLost: !this.usable };
    }
  }

  /** RSET after a refused message, so the connection can carry the next one. */
  async reset(): Promise<boolean> {
    if (!this.usable) return false;
    try {
      await step<boolean>(this.conn, (done) => this.conn.reset(done));
      return true;
    } catch {
      this.close();
      return false;
    }
  }

  /** QUIT, waiting briefly for the 221; then the connection is closed either way. */
  async quit(): Promise<void> {
    if (!this.usable) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.close();
        resolve();
      }, QUIT_TIMEOUT_MS);
      timer.unref();
      this.onEnd(() => {
        clearTimeout(timer);
        resolve();
      });
      this.conn.quit();
    });
  }

  /** Closes the connection at once. */
  close(): void {
    this.conn.close();
  }
}
