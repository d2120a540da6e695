/** Agent tokens on SQLite. */
import type Database from 'better-sqlite3';
import type { AgentToken, AgentTokenRepo } from '../ports.js';
import { type AgentTokenRow, SQLITE_ROWS, type SqliteColumns } from '../rows.js';
import { toTextParam } from '../storable-params.js';

/** `AgentTokenRepo` over `agent_tokens`; revocation keeps the row. */
export class SqliteAgentTokenRepo implements AgentTokenRepo {
  readonly #create;
  readonly #list;
  readonly #findByHash;
  readonly #revoke;
  readonly #markUsed;

  constructor(db: Database.Database) {
    this.#create = db.prepare<[string, string, string, number, number | null, number | null]>(
      `INSERT INTO agent_tokens (id, name, token_hash, created_at, revoked_at, last_used_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.#list = db.prepare<[], AgentTokenRow<SqliteColumns>>('SELECT * FROM agent_tokens ORDER BY created_at DESC, id DESC');
    this.#findByHash = db.prepare<[string], AgentTokenRow<SqliteColumns>>('SELECT * FROM agent_tokens WHERE token_hash = ?');
    this.#revoke = db.prepare<[number, string]>(
      'UPDATE agent_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
    );
    this.#markUsed = db.prepare<[number, string]>('UPDATE agent_tokens SET last_used_at = ? WHERE id = ?');
  }

  async create(token: AgentToken): Promise<void> {
    this.#create.run(
      token.id,
      toTextParam(token.name),
      token.tokenHash,
      token.createdAt.getTime(),
      token.revokedAt?.getTime() ?? null,
      token.lastUsedAt?.getTime() ?? null,
    );
  }

  async list(): Promise<AgentToken[]> {
    return this.#list.all().map(SQLITE_ROWS.agentToken);
  }

  async findByHash(tokenHash: string): Promise<AgentToken | null> {
    const row = this.#findByHash.get(tokenHash);
    return row === undefined ? null : SQLITE_ROWS.agentToken(row);
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    return this.#revoke.run(at.getTime(), id).changes > 0;
  }

  async markUsed(id: string, at: Date): Promise<void> {
    this.#markUsed.run(at.getTime(), id);
  }
}
