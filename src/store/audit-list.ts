/** The audit log's newest-first page query (shared by both stores; see list-query.ts). */
import type { ListSource } from './list-query.js';

/** `GET /api/v1/audit`: no filters, served by the `(at, id)` index. */
export const AUDIT_LIST: ListSource<Record<string, never>> = { table: 'audit_log', timeColumn: 'at', filterColumns: {} };
