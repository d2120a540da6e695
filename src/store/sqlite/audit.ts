/** The audit log on SQLite. */
import type Database from 'better-sqlite3';
import { AUDIT_COLUMNS, AUDIT_LIST, auditParams } from '../audit-list.js';
import { toPage } from '../cursor.js';
import { buildListQuery, SQLITE_PARAMS } from '../list-query.js';
import type { AuditRecord, AuditRepo, Page, PageRequest } from '../ports.js';
import { type AuditRow, SQLITE_ROWS, type SqliteColumns } from '../rows.js';
import { StatementCache } from './statement-cache.js';

const APPEND_SQL = `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

const PRUNE_SQL = 'DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ? ORDER BY at, id LIMIT ?)';

/** `AuditRepo` over `audit_log`. */
export class SqliteAuditRepo implements AuditRepo {
  readonly #append;
  readonly #prune;
  readonly #listStatements: StatementCache<(string | number)[], AuditRow<SqliteColumns>>;

  constructor(db: Database.Database) {
    this.#append = db.prepare<[string, number, string, string, string | null, string, string, string]>(APPEND_SQL);
    this.#prune = db.prepare<[number, number]>(PRUNE_SQL);
    this.#listStatements = new StatementCache(db);
  }

  async append(record: AuditRecord): Promise<void> {
    this.#append.run(...auditParams(record, (at) => at.getTime()));
  }

  async list(page: PageRequest): Promise<Page<AuditRecord>> {
    const { sql, params } = buildListQuery(AUDIT_LIST, {}, page, SQLITE_PARAMS);
    const rows = this.#listStatements.get(sql).all(...params);
    return toPage(rows.map(SQLITE_ROWS.audit), page.limit, (r) => ({ timeMs: r.at.getTime(), id: r.id }));
  }

  async prune(olderThan: Date, batchSize: number): Promise<number> {
    return this.#prune.run(olderThan.getTime(), batchSize).changes;
  }
}
