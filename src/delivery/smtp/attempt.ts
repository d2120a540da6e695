/**
 * One attempt on one target with a fresh connection: open, send, QUIT. Used by `deliver` and
 * the test message; the pooled deliverer has its own path over reused sessions.
 */
import type { TlsFacts } from '../../domain/notification.js';
import type { Reason } from '../../domain/reason.js';
import type { AttemptFailure, SmtpAttempt, TokenFacts } from './types.js';
import type { BuiltMessage } from './mime.js';
import type { HostResolver, Target } from './resolve.js';
import type { SessionSettings } from './session.js';
import type { SendResult } from './session.js';
import { openTarget } from './open-target.js';

/** A failed attempt record. */
export function failedAttempt(
  server: string,
  port: number,
  failure: AttemptFailure,
  tls: TlsFacts | null,
  transcript: string[],
  note: string | undefined,
  rejectedRecipients: string[] = [],
): SmtpAttempt {
  return {
    server,
    port,
    ok: false,
    stage: failure.stage,
    tls,
    error: failure.error,
    retryable: failure.retryable,
    rejectedRecipients,
    transcript,
    ...(note === undefined ? {} : { note }),
  };
}

/** The attempt record of a send over an open session. */
export function sentAttempt(
  target: Target,
  result: SendResult,
  tls: TlsFacts | null,
  transcript: string[],
  note: string | undefined,
  token: TokenFacts | undefined = undefined,
): SmtpAttempt {
  const withToken = token === undefined ? {} : { token };
  if (!result.ok) return { ...failedAttempt(target.server, target.port, result.failure, tls, transcript, note, result.rejected), ...withToken };
  return {
    ...withToken,
    server: target.server,
    port: target.port,
    ok: true,
    stage: 'done',
    tls,
    error: null,
    retryable: false,
    rejectedRecipients: result.rejected,
    transcript,
    ...(note === undefined ? {} : { note }),
  };
}

/** Opens a fresh session on `target`, sends `message`, says QUIT. Never throws. */
export async function attemptOnce(
  target: Target,
  message: BuiltMessage,
  resolver: HostResolver,
  settings: Omit<SessionSettings, 'plan'>,
): Promise<SmtpAttempt> {
  const lines = (): string[] => (settings.transcript === null ? [] : [...settings.transcript.lines]);
  const opened = await openTarget(target, resolver, settings);
  if (!opened.ok) return failedAttempt(target.server, target.port, opened.failure, opened.tls, lines(), opened.note);
  const result = await opened.session.send(message.envelope, message.raw);
  await opened.session.quit();
  const attempt = sentAttempt(target, result, opened.session.tls, lines(), opened.note, opened.session.token);
  return withPlaintextReason(attempt, opened.plaintextReason);
}

/** The attempt with why "if supported" went in clear (`reason` undefined: unchanged), for the test answer and the attempt log. */
export function withPlaintextReason(attempt: SmtpAttempt, reason: Reason | undefined): SmtpAttempt {
  return reason === undefined ? attempt : { ...attempt, plaintextReason: reason };
}
