/** Agent and admin tokens on PostgreSQL (the tables and statements: `../token-tables.ts`). */
import type pg from 'pg';
import type { AgentToken, TokenRepo } from '../ports.js';
import { toTextParams } from '../storable-params.js';
import { tokenSql, type TokenSql, type TokenTable } from '../token-tables.js';

/** `TokenRepo` over one token table (`AGENT_TOKENS`, `ADMIN_TOKENS`); revocation keeps the row. */
export class PostgresTokenRepo<T extends AgentToken, Row extends pg.QueryResultRow> implements TokenRepo<T> {
  readonly #sql: TokenSql;

  constructor(
    private readonly pool: pg.Pool,
    private readonly table: TokenTable<T>,
    private readonly fromRow: (row: Row) => T,
  ) {
    this.#sql = tokenSql(table, (n) => `$${n}`);
  }

  async create(token: T): Promise<void> {
    const times = [token.createdAt, token.revokedAt, token.lastUsedAt];
    await this.pool.query(this.#sql.insert, toTextParams([token.id, token.name, token.tokenHash, ...times, ...this.table.extraParams(token)]));
  }

  async list(): Promise<T[]> {
    const { rows } = await this.pool.query<Row>(this.#sql.list);
    return rows.map(this.fromRow);
  }

  async findByHash(tokenHash: string): Promise<T | null> {
    const { rows } = await this.pool.query<Row>(this.#sql.findByHash, [tokenHash]);
    return rows[0] === undefined ? null : this.fromRow(rows[0]);
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const result = await this.pool.query(this.#sql.revoke, toTextParams([at, id]));
    return (result.rowCount ?? 0) > 0;
  }

  async markUsed(id: string, at: Date): Promise<void> {
    await this.pool.query(this.#sql.markUsed, [at, id]);
  }
}
