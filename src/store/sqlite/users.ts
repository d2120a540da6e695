/** Admin users on SQLite. */
import type Database from 'better-sqlite3';
import type { AdminUser, UserRepo } from '../ports.js';
import { SQLITE_ROWS, type SqliteColumns, type UserRow } from '../rows.js';
import { toTextParam } from '../storable-params.js';

/** `UserRepo` over `admin_users`; usernames are unique and compared exactly. */
export class SqliteUserRepo implements UserRepo {
  readonly #count;
  readonly #find;
  readonly #findById;
  readonly #create;
  readonly #setPasswordHash;

  constructor(db: Database.Database) {
    this.#count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM admin_users');
    this.#find = db.prepare<[string], UserRow<SqliteColumns>>('SELECT * FROM admin_users WHERE username = ?');
    this.#findById = db.prepare<[string], UserRow<SqliteColumns>>('SELECT * FROM admin_users WHERE id = ?');
    this.#create = db.prepare<[string, string, string, number]>(
      'INSERT INTO admin_users (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)',
    );
    this.#setPasswordHash = db.prepare<[string, string]>('UPDATE admin_users SET password_hash = ? WHERE id = ?');
  }

  async count(): Promise<number> {
    return this.#count.get()?.n ?? 0;
  }

  async findByUsername(username: string): Promise<AdminUser | null> {
    const row = this.#find.get(toTextParam(username));
    return row === undefined ? null : SQLITE_ROWS.user(row);
  }

  async findById(id: string): Promise<AdminUser | null> {
    const row = this.#findById.get(id);
    return row === undefined ? null : SQLITE_ROWS.user(row);
  }

  async create(user: AdminUser): Promise<void> {
    this.#create.run(user.id, toTextParam(user.username), user.passwordHash, user.createdAt.getTime());
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<boolean> {
    return this.#setPasswordHash.run(passwordHash, id).changes > 0;
  }
}
