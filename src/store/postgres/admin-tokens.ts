/** Admin tokens on PostgreSQL (same life cycle as agent tokens, plus who created each). */
import type pg from 'pg';
import type { AdminToken, AdminTokenRepo } from '../ports.js';
import { type AdminTokenRow, POSTGRES_ROWS, type PostgresColumns } from '../rows.js';
import { toTextParam } from '../storable-params.js';

/** `AdminTokenRepo` over `admin_tokens`; revocation keeps the row. */
export class PostgresAdminTokenRepo implements AdminTokenRepo {
  constructor(private readonly pool: pg.Pool) {}

  async create(token: AdminToken): Promise<void> {
    await this.pool.query(
      `INSERT INTO admin_tokens (id, name, token_hash, created_at, created_by_kind, created_by_name, revoked_at, last_used_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        token.id,
        toTextParam(token.name),
        token.tokenHash,
        token.createdAt,
        token.createdBy.kind,
        toTextParam(token.createdBy.name),
        token.revokedAt,
        token.lastUsedAt,
      ],
    );
  }

  async list(): Promise<AdminToken[]> {
    const { rows } = await this.pool.query<AdminTokenRow<PostgresColumns>>('SELECT * FROM admin_tokens ORDER BY created_at DESC, id DESC');
    return rows.map(POSTGRES_ROWS.adminToken);
  }

  async findByHash(tokenHash: string): Promise<AdminToken | null> {
    const { rows } = await this.pool.query<AdminTokenRow<PostgresColumns>>('SELECT * FROM admin_tokens WHERE token_hash = $1', [tokenHash]);
    return rows[0] === undefined ? null : POSTGRES_ROWS.adminToken(rows[0]);
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const result = await this.pool.query('UPDATE admin_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, toTextParam(id)]);
    return (result.rowCount ?? 0) > 0;
  }

  async markUsed(id: string, at: Date): Promise<void> {
    await this.pool.query('UPDATE admin_tokens SET last_used_at = $1 WHERE id = $2', [at, id]);
  }
}
