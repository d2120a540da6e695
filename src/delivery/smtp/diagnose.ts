/**
 * "Send test message" that diagnoses: fresh connections, short timeouts, a redacted transcript
 * per server (its readable text for the CLI is in diagnosis-text.ts).
 */
import type { DeliveryReport, OutgoingMessage, TransportConfig } from './types.js';
import { DIAGNOSIS_DEADLINE_MS, DIAGNOSIS_MAX_ATTEMPTS, DIAGNOSIS_TIMEOUTS } from './timeouts.js';
import { deliver } from './deliver.js';
import type { TokenSource } from '../oauth/token-cache.js';

/**
 * Sends the test message over fresh connections with transcripts and the test's short
 * timeouts: at most DIAGNOSIS_MAX_ATTEMPTS servers, everything within DIAGNOSIS_DEADLINE_MS.
 */
export function diagnose(config: TransportConfig, message: OutgoingMessage, options: { allServers: boolean; tokens?: TokenSource }): Promise<DeliveryReport> {
  return deliver(config, message, {
    allServers: options.allServers,
    transcript: true,
    timeouts: DIAGNOSIS_TIMEOUTS,
    maxAttempts: DIAGNOSIS_MAX_ATTEMPTS,
    deadlineMs: DIAGNOSIS_DEADLINE_MS,
    ...(options.tokens === undefined ? {} : { tokens: options.tokens }),
  });
}
