/** Admin users on PostgreSQL. */
import type pg from 'pg';
import type { AdminUser, UserRepo } from '../ports.js';
import { POSTGRES_ROWS, type PostgresColumns, type UserRow } from '../rows.js';
import { toTextParam } from '../storable-params.js';

/** `UserRepo` over `admin_users`; usernames are unique and compared exactly. */
export class PostgresUserRepo implements UserRepo {
  constructor(private readonly pool: pg.Pool) {}

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM admin_users');
    return rows[0]?.n ?? 0;
  }

  async findByUsername(username: string): Promise<AdminUser | null> {
    const { rows } = await this.pool.query<UserRow<PostgresColumns>>('SELECT * FROM admin_users WHERE username = $1', [toTextParam(username)]);
    return rows[0] === undefined ? null : POSTGRES_ROWS.user(rows[0]);
  }

  async findById(id: string): Promise<AdminUser | null> {
    const { rows } = await this.pool.query<UserRow<PostgresColumns>>('SELECT * FROM admin_users WHERE id = $1', [id]);
    return rows[0] === undefined ? null : POSTGRES_ROWS.user(rows[0]);
  }

  async create(user: AdminUser): Promise<void> {
    await this.pool.query(
      'INSERT INTO admin_users (id, username, password_hash, created_at) VALUES ($1, $2, $3, $4)',
      [user.id, toTextParam(user.username), user.passwordHash, user.createdAt],
    );
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<boolean> {
    const result = await this.pool.query('UPDATE admin_users SET password_hash = $1 WHERE id = $2', [passwordHash, id]);
    return (result.rowCount ?? 0) > 0;
  }
}
