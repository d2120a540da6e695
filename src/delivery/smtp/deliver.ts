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
}

/** Delivers one message with fresh connections (no pool, no health ordering). Never throws for SMTP trouble. */
export async function deliver(config: TransportConfig, message: OutgoingMessage, options: DeliverOptions = {}): Promise<DeliveryReport> {
  const timeouts: SmtpTimeouts = { ...WORKER_TIMEOUTS, ...options.timeouts };
  const secrets = configSecrets(config);
  const built = await buildMessage(message);
  const resolver = createHostResolver(config.dnsServers, timeouts.dnsMs);
  const plan = await planTargets(config, resolver);
  const attempts: SmtpAttempt[] = [];
  for (const step of plan) {
    let attempt: SmtpAttempt;
    if (step.kind === 'failed') {
      attempt = failedAttempt(step.server, step.port, failureFromError(step.error, 'connect', secrets), null, [], undefined);
    } else {
      const transcript = options.transcript === true ? new Transcript(secrets) : null;
      attempt = await attemptOnce(step.target, built, resolver, { config, timeouts, transcript, secrets, tokens: options.tokens ?? null });
    }
    attempts.push(attempt);
    // No token means no server can be tried: the next one would fail the same way.
    if (attempt.stage === 'token') break;
    if (options.allServers === true) continue;
    if (attempt.ok || isPermanentAttempt(attempt)) break;
  }
  return summarize(attempts);
}
