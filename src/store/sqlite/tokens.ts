/** Agent and admin tokens on SQLite (the tables and statements: `../token-tables.ts`). */
import type Database from 'better-sqlite3';
import type { AgentToken, TokenRepo } from '../ports.js';
import { toTextParams } from '../storable-params.js';
import { tokenSql, type TokenTable } from '../token-tables.js';

/** `TokenRepo` over one token table (`AGENT_TOKENS`, `ADMIN_TOKENS`); revocation keeps the row. */
export class SqliteTokenRepo<T extends AgentToken, Row> implements TokenRepo<T> {
  readonly #create;
  readonly #list;
  readonly #findByHash;
  readonly #revoke;
  readonly #markUsed;

  constructor(
    db: Database.Database,
    private readonly table: TokenTable<T>,
    private readonly fromRow: (row: Row) => T,
  ) {
    const sql = tokenSql(table, () => '?');
    this.#create = db.prepare<Array<string | number | null>>(sql.insert);
    this.#list = db.prepare<[], Row>(sql.list);
    this.#findByHash = db.prepare<[string], Row>(sql.findByHash);
    this.#revoke = db.prepare<[number, string]>(sql.revoke);
    this.#markUsed = db.prepare<[number, string]>(sql.markUsed);
  }

  async create(token: T): Promise<void> {
    const times = [token.createdAt.getTime(), token.revokedAt?.getTime() ?? null, token.lastUsedAt?.getTime() ?? null];
    this.#create.run(...toTextParams([token.id, token.name, token.tokenHash, ...times, ...this.table.extraParams(token)]));
  }

  async list(): Promise<T[]> {
    return this.#list.all().map(this.fromRow);
  }

  async findByHash(tokenHash: string): Promise<T | null> {
    const row = this.#findByHash.get(tokenHash);
    return row === undefined ? null : this.fromRow(row);
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    return this.#revoke.run(at.getTime(), id).changes > 0;
  }

  async markUsed(id: string, at: Date): Promise<void> {
    this.#markUsed.run(at.getTime(), id);
  }
}
