/** Console sessions on PostgreSQL. */
import type pg from 'pg';
import type { Session, SessionRepo } from '../ports.js';
import { POSTGRES_ROWS, type SessionRow, type PostgresColumns } from '../rows.js';

/** `SessionRepo` over `sessions`; an expired session is not found. */
export class PostgresSessionRepo implements SessionRepo {
  constructor(private readonly pool: pg.Pool) {}

  async create(session: Session): Promise<void> {
    await this.pool.query(
      'INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [session.tokenHash, session.userId, session.csrfToken, session.createdAt, session.expiresAt],
    );
  }

  async find(tokenHash: string, now: Date): Promise<Session | null> {
    const { rows } = await this.pool.query<SessionRow<PostgresColumns>>(
      'SELECT * FROM sessions WHERE token_hash = $1 AND expires_at > $2',
      [tokenHash, now],
    );
    const row = rows[0];
    return row === undefined ? null : POSTGRES_ROWS.session(row);
  }

  async delete(tokenHash: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async deleteForUser(userId: string, keepTokenHash: string | null): Promise<number> {
    const result = await this.pool.query(
      'DELETE FROM sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2',
      [userId, keepTokenHash],
    );
    return result.rowCount ?? 0;
  }

  async pruneExpired(before: Date): Promise<number> {
    const result = await this.pool.query('DELETE FROM sessions WHERE expires_at < $1', [before]);
    return result.rowCount ?? 0;
  }
}
