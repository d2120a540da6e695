/** Console sessions on SQLite. */
import type Database from 'better-sqlite3';
import type { Session, SessionRepo } from '../ports.js';
import { SQLITE_ROWS, type SessionRow, type SqliteColumns } from '../rows.js';

/** `SessionRepo` over `sessions`; an expired session is not found. */
export class SqliteSessionRepo implements SessionRepo {
  readonly #create;
  readonly #find;
  readonly #delete;
  readonly #deleteForUser;
  readonly #pruneExpired;

  constructor(db: Database.Database) {
    this.#create = db.prepare<[string, string, string, number, number]>(
      'INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.#find = db.prepare<[string, number], SessionRow<SqliteColumns>>(
      'SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?',
    );
    this.#delete = db.prepare<[string]>('DELETE FROM sessions WHERE token_hash = ?');
    this.#deleteForUser = db.prepare<[string, string | null]>(
      'DELETE FROM sessions WHERE user_id = ? AND token_hash IS NOT ?',
    );
    this.#pruneExpired = db.prepare<[number]>('DELETE FROM sessions WHERE expires_at < ?');
  }

  async create(session: Session): Promise<void> {
    this.#create.run(
      session.tokenHash,
      session.userId,
      session.csrfToken,
      session.createdAt.getTime(),
      session.expiresAt.getTime(),
    );
  }

  async find(tokenHash: string, now: Date): Promise<Session | null> {
    const row = this.#find.get(tokenHash, now.getTime());
    return row === undefined ? null : SQLITE_ROWS.session(row);
  }

  async delete(tokenHash: string): Promise<void> {
    this.#delete.run(tokenHash);
  }

  async deleteForUser(userId: string, keepTokenHash: string | null): Promise<number> {
    return this.#deleteForUser.run(userId, keepTokenHash).changes;
  }

  async pruneExpired(before: Date): Promise<number> {
    return this.#pruneExpired.run(before.getTime()).changes;
  }
}
