/**
 * `deliver`: one message over the configured servers in order with fresh connections, until
 * one accepts it or one refuses it permanently (5xx for the sender, every recipient or the
 * message); `allServers` tries every server (the test message's option).
 */
import type { DeliveryReport, OutgoingMessage, SmtpAttempt, TransportConfig } from './types.js';
import { WORKER_TIMEOUTS, type SmtpTimeouts } from './timeouts.js';
import { buildMessage } from './mime.js';
import { createHostResolver, planTargets } from './resolve.js';
import { Transcript } from './transcript.js';
import { configSecrets } from './secrets.js';
import type { TokenSource } from '../oauth/token-cache.js';
import { failureFromError } from './failure.js';
import { attemptOnce, failedAttempt } from './attempt.js';
import { isPermanentAttempt, summarize } from './report.js';

/** Options of `deliver`. */
export interface DeliverOptions {
  /** Try every server and report each, even after one delivered. */
  allServers?: boolean;
  /** Record the redacted protocol transcript of every attempt. */
  transcript?: boolean;
  /** Overrides of the worker's timeouts. */
  timeouts?: Partial<SmtpTimeouts>;
  /** Where XOAUTH2 tokens come from (required when the config uses OAuth). */
  tokens?: TokenSource;
  /** Try at most this many servers (MX hosts count one each); the last attempt notes the rest. */
  maxAttempts?: number;
  /** Stop everything after this long: the attempt under way is cut off, no further server is tried. */
  deadlineMs?: number;
}

/** Delivers one message with fresh connections (no pool, no health ordering). Never throws for SMTP trouble. */
export async function deliver(config: TransportConfig, message: OutgoingMessage, options: DeliverOptions = {}): Promise<DeliveryReport> {
  const timeouts: SmtpTimeouts = { ...WORKER_TIMEOUTS, ...options.timeouts };
  const secrets = configSecrets(config);
  const built = await buildMessage(message);
  const resolver = createHostResolver(config.dnsServers, timeouts.dnsMs);
  const deadline = options.deadlineMs === undefined ? null : new AbortController();
  const timer = deadline === null ? null : setTimeout(() => deadline.abort(), options.deadlineMs);
  const expired = (): boolean => deadline?.signal.aborted === true;
  try {
    const plan = await planTargets(config, resolver);
    const steps = options.maxAttempts === undefined ? plan : plan.slice(0, options.maxAttempts);
    const attempts: SmtpAttempt[] = [];
    for (const step of steps) {
      if (expired()) break;
      let attempt: SmtpAttempt;
      if (step.kind === 'failed') {
        attempt = failedAttempt(step.server, step.port, failureFromError(step.error, 'connect', secrets), null, [], undefined);
      } else {
        const transcript = options.transcript === true ? new Transcript(secrets) : null;
        attempt = await attemptOnce(step.target, built, resolver, {
          config,
          timeouts,
          transcript,
          secrets,
          tokens: options.tokens ?? null,
          ...(deadline === null ? {} : { signal: deadline.signal }),
        });
        if (expired() && !attempt.ok) attempt = cutOff(attempt, options.deadlineMs ?? 0);
      }
      attempts.push(attempt);
      // No token means no server can be tried: the next one would fail the same way.
      if (attempt.stage === 'token') break;
      if (options.allServers === true) continue;
      if (attempt.ok || isPermanentAttempt(attempt)) break;
    }
    const untried = plan.length - attempts.length;
    const last = attempts.at(-1);
    if (last !== undefined && untried > 0 && (options.allServers === true || !(last.ok || isPermanentAttempt(last)))) {
      const why = expired() ? `the time limit of ${(options.deadlineMs ?? 0) / 1000} s ran out` : `at most ${options.maxAttempts ?? plan.length} are tried`;
      attempts[attempts.length - 1] = withNote(last, `${untried} more server${untried === 1 ? ' was' : 's were'} not tried: ${why}`);
    }
    return summarize(attempts);
  } finally {
    if (timer !== null) clearTimeout(timer);
  }
}

/** The attempt the overall deadline cut off, said so (instead of the bare closed connection). */
function cutOff(attempt: SmtpAttempt, deadlineMs: number): SmtpAttempt {
  return {
    ...attempt,
    retryable: true,
    error: { code: 'CONNECTION_TIMEOUT', message: `The test ran out of its time limit (${deadlineMs / 1000} s) at stage ${attempt.stage}; this server answered too slowly.` },
  };
}

function withNote(attempt: SmtpAttempt, note: string): SmtpAttempt {
  return { ...attempt, note: attempt.note === undefined ? note : `${attempt.note}; ${note}` };
}
