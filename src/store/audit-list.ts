/** The audit log's insert parameters and newest-first page query (shared by both stores; see list-query.ts). */
import type { ListSource } from './list-query.js';
import type { AuditRecord } from './ports.js';
import { toJsonParam, toTextParams } from './storable-params.js';

/** `GET /api/v1/audit`: no filters, served by the `(at, id)` index. */
export const AUDIT_LIST: ListSource<Record<string, never>> = { table: 'audit_log', timeColumn: 'at', filterColumns: {} };

/** The columns of an audit insert, in the order of `auditParams`. */
export const AUDIT_COLUMNS = 'id, at, actor_kind, actor_name, client_ip, action, target, changed_fields';

/** The parameters of an audit insert (see `AUDIT_COLUMNS`); `time` writes `at` as the store keeps times. */
export function auditParams<Time>(record: AuditRecord, time: (at: Date) => Time) {
  const { id, actor, clientIp, action, target } = record;
  return toTextParams([id, time(record.at), actor.kind, actor.name, clientIp, action, target, toJsonParam(record.changedFields)] as const);
}
