import type { Severity } from './severity.js';

/** An event reported by an application on a managed device, as stored. */
export interface HeraldEvent {
  /** The client's idempotency key, unique across Herald. */
  id: string;
  occurredAt: Date;
  /** When Herald received it; retention counts from here. */
  receivedAt: Date;
  severity: Severity;
  type: string;
  typeName: string | null;
  description: string | null;
  device: { id: string | null; name: string | null; domain: string | null; ip: string | null };
  application: { id: string | null; name: string | null; version: string | null };
  task: string | null;
  data: Record<string, unknown> | null;
  /** The address the request came from (`%HOST_CONN_IP%`). */
  sourceIp: string | null;
}
