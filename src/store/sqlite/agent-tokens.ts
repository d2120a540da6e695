/** Agent tokens on SQLite. */
import type Database from 'better-sqlite3';
import type { AgentToken, AgentTokenRepo } from '../ports.js';

interface TokenRow {
  id: string;
  name: string;
  token_hash: string;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}

function toToken(row: TokenRow): AgentToken {
  return {
    id: row.id,
    name: row.name,
    tokenHash: row.token_hash,
    createdAt: new Date(row.created_at),
    revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
  };
}

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
    this.#list = db.prepare<[], TokenRow>('SELECT * FROM agent_tokens ORDER BY created_at DESC, id DESC');
    this.#findByHash = db.prepare<[string], TokenRow>('SELECT * FROM agent_tokens WHERE token_hash = ?');
    this.#revoke = db.prepare<[number, string]>(
      'UPDATE agent_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
    );
    this.#markUsed = db.prepare<[number, string]>('UPDATE agent_tokens SET last_used_at = ? WHERE id = ?');
  }

  async create(token: AgentToken): Promise<void> {
    this.#create.run(
      token.id,
      token.name,
      token.tokenHash,
      token.createdAt.getTime(),
      token.revokedAt?.getTime() ?? null,
      token.lastUsedAt?.getTime() ?? null,
    );
  }

  async list(): Promise<AgentToken[]> {
    return this.#list.all().map(toToken);
  }

  async findByHash(tokenHash: string): Promise<AgentToken | null> {
    const row = this.#findByHash.get(tokenHash);
    return row === undefined ? null : toToken(row);
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    return this.#revoke.run(at.getTime(), id).changes > 0;
  }

  async markUsed(id: string, at: Date): Promise<void> {
    this.#markUsed.run(at.getTime(), id);
  }
}
