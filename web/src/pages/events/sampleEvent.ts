/**
 * The sample event the console posts so a new admin sees the whole path (event → rules →
 * notification → SMTP) without an agent: critical (the default rules notify about it), on a
 * made-up device in the documentation address range (RFC 5737), in the console's language.
 */
import type { EventInput } from '../../api/types';

/** The application id sample events carry (a policy for it can route them elsewhere). */
export const SAMPLE_APPLICATION_ID = 'herald-sample';

/** A random id: `crypto.randomUUID` needs a secure context, the console may be served over plain HTTP. */
function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `sample-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** A fresh sample event; the texts come from the caller (translated). */
export function sampleEvent(texts: { typeName: string; description: string; task: string }, now: Date = new Date()): EventInput {
  return {
    id: randomId(),
    occurredAt: now.toISOString(),
    severity: 'critical',
    type: 'HERALD_SAMPLE_EVENT',
    typeName: texts.typeName,
    description: texts.description,
    device: { id: 'herald-sample-device', name: 'SAMPLE-PC-01', domain: 'EXAMPLE', ip: '192.0.2.10' },
    application: { id: SAMPLE_APPLICATION_ID, name: 'Herald', version: 'sample' },
    task: texts.task,
  };
}
