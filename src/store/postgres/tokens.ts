/** Agent and admin tokens on PostgreSQL (the tables and statements: `../token-tables.ts`). */
import type pg from 'pg';
import { GroupCommit } from '../group-commit.js';
import type { AgentToken, TokenRepo } from '../ports.js';
import { toTextParams } from '../storable-params.js';
import { tokenColumns, tokenSql, type TokenSql, type TokenTable } from '../token-tables.js';

/**
 * Token look-ups running at once (each one round trip). Every authenticated request starts
 * with one; those that arrive while these run are answered by the next query together.
 */
export const LOOKUPS_IN_FLIGHT = 2;

/** `TokenRepo` over one token table (`AGENT_TOKENS`, `ADMIN_TOKENS`); revocation keeps the row. */
export class PostgresTokenRepo<T extends AgentToken, Row extends pg.QueryResultRow> implements TokenRepo<T> {
  readonly #sql: TokenSql;
  readonly #lookups: GroupCommit<string, T | null>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly table: TokenTable<T>,
    private readonly fromRow: (row: Row) => T,
  ) {
    this.#sql = tokenSql(table, (n) => `$${n}`);
    // Look-ups of concurrent requests share one query (`= ANY`): each request still reads the
    // table after it arrived, so a revocation committed before it is seen, as with its own query.
    const byHashes = `SELECT ${tokenColumns(table).join(', ')} FROM ${table.name} WHERE token_hash = ANY($1::text[])`;
    this.#lookups = new GroupCommit({
      commit: async (hashes) => {
        // Named: each pooled connection parses and plans it once.
        const { rows } = await this.pool.query<Row>({ name: `herald-${table.name}-by-hashes`, text: byHashes, values: [[...new Set(hashes)]] });
        const found = new Map(rows.map((row) => [String(row['token_hash']), this.fromRow(row)]));
        return hashes.map((hash) => ({ ok: true as const, value: found.get(hash) ?? null }));
      },
      maxInFlight: LOOKUPS_IN_FLIGHT,
    });
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
    return this.#lookups.submit(tokenHash);
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const result = await this.pool.query(this.#sql.revoke, toTextParams([at, id]));
    return (result.rowCount ?? 0) > 0;
  }

  async markUsed(id: string, at: Date): Promise<void> {
    await this.pool.query(this.#sql.markUsed, [at, id]);
  }
}
