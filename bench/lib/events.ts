/**
 * Realistic event batches for the benchmarks: KSC-like events of ~400 bytes with a severity
 * mix where 15 % notify under the default rules (5 % critical, 10 % error, 35 % warning,
 * 50 % info), or all critical when every event must notify.
 */
import { randomUUID } from 'node:crypto';

/** Share of events that notify under the default rules (critical + error) in the mix. */
export const NOTIFYING_SHARE = 0.15;

const TYPES: Record<string, [string, string]> = {
  critical: ['GNRL_EV_VIRUS_FOUND', 'Malicious object detected'],
  error: ['GNRL_EV_TASK_FAILED', 'Task failed'],
  warning: ['GNRL_EV_OBJECT_NOT_CURED', 'Object not disinfected'],
  info: ['KLPRCI_TaskState', 'Task state changed'],
};

/** Severity of the n-th event in the mix (deterministic: 1 in 20 critical, 2 in 20 error, …). */
export function severityOf(n: number): 'critical' | 'error' | 'warning' | 'info' {
  const slot = n % 20;
  if (slot === 0) return 'critical';
  if (slot <= 2) return 'error';
  if (slot <= 9) return 'warning';
  return 'info';
}

/** How an event differs from the default mix: how many devices send, which type it is. */
export interface EventShape {
  /** Devices the events are spread over (default 5,000). */
  devices?: number;
  /** Event type and its name (default: the severity's type). */
  type?: readonly [string, string];
}

/** One event as an agent sends it. */
export function eventJson(id: string, n: number, severity = severityOf(n), shape: EventShape = {}): string {
  const [type, typeName] = shape.type ?? TYPES[severity] ?? ['X', 'X'];
  const device = n % (shape.devices ?? 5000);
  return JSON.stringify({
    id,
    occurredAt: new Date(Date.UTC(2026, 10, 28, 4, 0, n % 3600)).toISOString(),
    severity,
    type,
    typeName,
    description: `Trojan.Win32.Agent.${n % 997} detected in C:\\Users\\user${device}\\AppData\\Local\\Temp\\setup_${n}.exe`,
    device: { id: `dev-${device}`, name: `WKS-${String(device).padStart(4, '0')}`, domain: 'CORP', ip: `10.1.${device >> 8}.${device & 255}` },
    application: { id: 'kes', name: 'Kaspersky Endpoint Security', version: '12.1.0.506' },
    task: 'Virus scan',
    data: { path: `C:\\Users\\user${device}\\AppData\\Local\\Temp\\setup_${n}.exe` },
  });
}

/**
 * How the benchmark's clients name their events: `sequential` ids (`<run>-<n>`) grow with time
 * as docs/API.md advises; `random` ones (UUIDv4) are what a client that follows no advice sends.
 */
export type EventIds = 'sequential' | 'random';

/** A request body with events `from … from+count-1` of run `run`. */
export function batchBody(run: string, from: number, count: number, severity?: 'critical', ids: EventIds = 'sequential'): string {
  const events: string[] = [];
  for (let i = 0; i < count; i += 1) events.push(eventJson(ids === 'random' ? randomUUID() : `${run}-${from + i}`, from + i, severity));
  return `{"events":[${events.join(',')}]}`;
}
