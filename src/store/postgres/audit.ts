/** The audit log on PostgreSQL. */
import type pg from 'pg';
import { AUDIT_COLUMNS, AUDIT_LIST, auditParams } from '../audit-list.js';
import { toPage } from '../cursor.js';
import { buildListQuery, POSTGRES_PARAMS } from '../list-query.js';
import type { AuditRecord, AuditRepo, Page, PageRequest } from '../ports.js';
import { type AuditRow, POSTGRES_ROWS, type PostgresColumns } from '../rows.js';

const APPEND_SQL = `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`;

const PRUNE_SQL = 'DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < $1 ORDER BY at, id LIMIT $2)';

/** `AuditRepo` over `audit_log`. */
export class PostgresAuditRepo implements AuditRepo {
  constructor(private readonly pool: pg.Pool) {}

  async append(record: AuditRecord): Promise<void> {
    await this.pool.query(APPEND_SQL, [...auditParams(record, (at) => at)]);
  }

  async list(page: PageRequest): Promise<Page<AuditRecord>> {
    const { sql, params } = buildListQuery(AUDIT_LIST, {}, page, POSTGRES_PARAMS);
    const { rows } = await this.pool.query<AuditRow<PostgresColumns>>(sql, params);
    return toPage(rows.map(POSTGRES_ROWS.audit), page.limit, (r) => ({ timeMs: r.at.getTime(), id: r.id }));
  }

  async prune(olderThan: Date, batchSize: number): Promise<number> {
    const result = await this.pool.query(PRUNE_SQL, [olderThan, batchSize]);
    return result.rowCount ?? 0;
  }
}
