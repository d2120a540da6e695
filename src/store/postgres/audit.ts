/** The audit log on PostgreSQL. */
import type pg from 'pg';
import { AUDIT_LIST } from '../audit-list.js';
import { toPage } from '../cursor.js';
import { buildListQuery, POSTGRES_PARAMS } from '../list-query.js';
import type { AuditRecord, AuditRepo, Page, PageRequest } from '../ports.js';
import { toJsonParam, toTextParam } from '../storable-params.js';

interface AuditRow {
  id: string;
  at: Date;
  actor_kind: 'user' | 'admin-token';
  actor_name: string;
  client_ip: string | null;
  action: string;
  target: string;
  changed_fields: string[];
}

function toRecord(row: AuditRow): AuditRecord {
  return {
    id: row.id,
    at: row.at,
    actor: { kind: row.actor_kind, name: row.actor_name },
    clientIp: row.client_ip,
    action: row.action,
    target: row.target,
    changedFields: row.changed_fields,
  };
}

/** `AuditRepo` over `audit_log`. */
export class PostgresAuditRepo implements AuditRepo {
  constructor(private readonly pool: pg.Pool) {}

  async append(record: AuditRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO audit_log (id, at, actor_kind, actor_name, client_ip, action, target, changed_fields)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
      [
        record.id,
        record.at,
        record.actor.kind,
        toTextParam(record.actor.name),
        toTextParam(record.clientIp),
        record.action,
        toTextParam(record.target),
        toJsonParam(record.changedFields),
      ],
    );
  }

  async list(page: PageRequest): Promise<Page<AuditRecord>> {
    const { sql, params } = buildListQuery(AUDIT_LIST, {}, page, POSTGRES_PARAMS);
    const { rows } = await this.pool.query<AuditRow>(sql, params);
    return toPage(rows.map(toRecord), page.limit, (r) => ({ timeMs: r.at.getTime(), id: r.id }));
  }

  async prune(olderThan: Date, batchSize: number): Promise<number> {
    const result = await this.pool.query(
      'DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < $1 ORDER BY at, id LIMIT $2)',
      [olderThan, batchSize],
    );
    return result.rowCount ?? 0;
  }
}
