/** The audit log on SQLite. */
import type Database from 'better-sqlite3';
import { AUDIT_LIST } from '../audit-list.js';
import { toPage } from '../cursor.js';
import { buildListQuery, SQLITE_PARAMS } from '../list-query.js';
import type { AuditRecord, AuditRepo, Page, PageRequest } from '../ports.js';
import { toJsonParam, toTextParam } from '../storable-params.js';

interface AuditRow {
  id: string;
  at: number;
  actor_kind: 'user' | 'admin-token';
  actor_name: string;
  client_ip: string | null;
  action: string;
  target: string;
  changed_fields: string;
}

function toRecord(row: AuditRow): AuditRecord {
  return {
    id: row.id,
    at: new Date(row.at),
    actor: { kind: row.actor_kind, name: row.actor_name },
    clientIp: row.client_ip,
    action: row.action,
    target: row.target,
    changedFields: JSON.parse(row.changed_fields) as string[],
  };
}

/** `AuditRepo` over `audit_log`. */
export class SqliteAuditRepo implements AuditRepo {
  readonly #db: Database.Database;
  readonly #append;
  readonly #prune;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#append = db.prepare<[string, number, string, string, string | null, string, string, string]>(
      `INSERT INTO audit_log (id, at, actor_kind, actor_name, client_ip, action, target, changed_fields)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#prune = db.prepare<[number, number]>(
      'DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ? ORDER BY at, id LIMIT ?)',
    );
  }

  async append(record: AuditRecord): Promise<void> {
    this.#append.run(
      record.id,
      record.at.getTime(),
      record.actor.kind,
      toTextParam(record.actor.name),
      toTextParam(record.clientIp),
      record.action,
      toTextParam(record.target),
      toJsonParam(record.changedFields),
    );
  }

  async list(page: PageRequest): Promise<Page<AuditRecord>> {
    const { sql, params } = buildListQuery(AUDIT_LIST, {}, page, SQLITE_PARAMS);
    const rows = this.#db.prepare<(string | number)[], AuditRow>(sql).all(...params);
    return toPage(rows.map(toRecord), page.limit, (r) => ({ timeMs: r.at.getTime(), id: r.id }));
  }

  async prune(olderThan: Date, batchSize: number): Promise<number> {
    return this.#prune.run(olderThan.getTime(), batchSize).changes;
  }
}
