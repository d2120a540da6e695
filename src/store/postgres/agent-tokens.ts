/** Agent tokens on PostgreSQL. */
import type pg from 'pg';
import type { AgentToken, AgentTokenRepo } from '../ports.js';
import { toTextParam } from '../storable-params.js';
import { type AgentTokenRow, POSTGRES_ROWS, type PostgresColumns } from '../rows.js';

/** `AgentTokenRepo` over `agent_tokens`; revocation keeps the row. */
export class PostgresAgentTokenRepo implements AgentTokenRepo {
  constructor(private readonly pool: pg.Pool) {}

  async create(token: AgentToken): Promise<void> {
    await this.pool.query(
      `INSERT INTO agent_tokens (id, name, token_hash, created_at, revoked_at, last_used_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [token.id, toTextParam(token.name), token.tokenHash, token.createdAt, token.revokedAt, token.lastUsedAt],
    );
  }

  async list(): Promise<AgentToken[]> {
    const { rows } = await this.pool.query<AgentTokenRow<PostgresColumns>>('SELECT * FROM agent_tokens ORDER BY created_at DESC, id DESC');
    return rows.map(POSTGRES_ROWS.agentToken);
  }

  async findByHash(tokenHash: string): Promise<AgentToken | null> {
    const { rows } = await this.pool.query<AgentTokenRow<PostgresColumns>>('SELECT * FROM agent_tokens WHERE token_hash = $1', [tokenHash]);
    return rows[0] === undefined ? null : POSTGRES_ROWS.agentToken(rows[0]);
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const result = await this.pool.query(
      'UPDATE agent_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL',
      [at, id],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async markUsed(id: string, at: Date): Promise<void> {
    await this.pool.query('UPDATE agent_tokens SET last_used_at = $1 WHERE id = $2', [at, id]);
  }
}
