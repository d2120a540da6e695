/** Admin tokens on SQLite (same life cycle as agent tokens, plus who created each). */
import type Database from 'better-sqlite3';
import type { AdminToken, AdminTokenRepo } from '../ports.js';
import { type AdminTokenRow, SQLITE_ROWS, type SqliteColumns } from '../rows.js';
import { toTextParam } from '../storable-params.js';

/** `AdminTokenRepo` over `admin_tokens`; revocation keeps the row. */
export class SqliteAdminTokenRepo implements AdminTokenRepo {
  readonly #create;
  readonly #list;
  readonly #findByHash;
  readonly #revoke;
  readonly #markUsed;

  constructor(db: Database.Database) {
    this.#create = db.prepare<[string, string, string, number, string, string, number | null, number | null]>(
      `INSERT INTO admin_tokens (id, name, token_hash, created_at, created_by_kind, created_by_name, revoked_at, last_used_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#list = db.prepare<[], AdminTokenRow<SqliteColumns>>('SELECT * FROM admin_tokens ORDER BY created_at DESC, id DESC');
    this.#findByHash = db.prepare<[string], AdminTokenRow<SqliteColumns>>('SELECT * FROM admin_tokens WHERE token_hash = ?');
    this.#revoke = db.prepare<[number, string]>('UPDATE admin_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
    this.#markUsed = db.prepare<[number, string]>('UPDATE admin_tokens SET last_used_at = ? WHERE id = ?');
  }

  async create(token: AdminToken): Promise<void> {
    this.#create.run(
      token.id,
      toTextParam(token.name),
      token.tokenHash,
      token.createdAt.getTime(),
      token.createdBy.kind,
      toTextParam(token.createdBy.name),
      token.revokedAt?.getTime() ?? null,
      token.lastUsedAt?.getTime() ?? null,
    );
  }

  async list(): Promise<AdminToken[]> {
    return this.#list.all().map(SQLITE_ROWS.adminToken);
  }

  async findByHash(tokenHash: string): Promise<AdminToken | null> {
    const row = this.#findByHash.get(tokenHash);
    return row === undefined ? null : SQLITE_ROWS.adminToken(row);
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    return this.#revoke.run(at.getTime(), id).changes > 0;
  }

  async markUsed(id: string, at: Date): Promise<void> {
    this.#markUsed.run(at.getTime(), id);
  }
}
