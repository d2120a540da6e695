/** Per-application policies on SQLite. */
import type Database from 'better-sqlite3';
import type { Policy } from '../../domain/policy.js';
import type { PolicyRepo } from '../ports.js';
import { bumpConfigVersion } from './settings.js';
import { type PolicyRow, SQLITE_ROWS, type SqliteColumns } from '../rows.js';
import { toJsonParam, toTextParam } from '../storable-params.js';

/** `PolicyRepo` over `policies`; writes bump the config version. */
export class SqlitePolicyRepo implements PolicyRepo {
  readonly #put;
  readonly #get;
  readonly #list;
  readonly #delete;

  constructor(db: Database.Database) {
    const upsert = db.prepare<[string, string, string, string, number, number], PolicyRow<SqliteColumns>>(
      `INSERT INTO policies (application_id, name, email, rules, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (application_id) DO UPDATE SET
         name = excluded.name, email = excluded.email, rules = excluded.rules, updated_at = excluded.updated_at
       RETURNING *`,
    );
    const remove = db.prepare<[string]>('DELETE FROM policies WHERE application_id = ?');
    this.#get = db.prepare<[string], PolicyRow<SqliteColumns>>('SELECT * FROM policies WHERE application_id = ?');
    this.#list = db.prepare<[], PolicyRow<SqliteColumns>>('SELECT * FROM policies ORDER BY application_id');
    this.#put = db.transaction((policy: Policy): PolicyRow<SqliteColumns> => {
      const row = upsert.get(
        toTextParam(policy.applicationId),
        toTextParam(policy.name),
        toJsonParam(policy.email),
        toJsonParam(policy.rules),
        policy.createdAt.getTime(),
        policy.updatedAt.getTime(),
      );
      if (row === undefined) throw new Error(`policy ${policy.applicationId} was not written`);
      bumpConfigVersion(db);
      return row;
    });
    this.#delete = db.transaction((applicationId: string): boolean => {
      const deleted = remove.run(toTextParam(applicationId)).changes > 0;
      if (deleted) bumpConfigVersion(db);
      return deleted;
    });
  }

  async put(policy: Policy): Promise<Policy> {
    return SQLITE_ROWS.policy(this.#put(policy));
  }

  async get(applicationId: string): Promise<Policy | null> {
    const row = this.#get.get(toTextParam(applicationId));
    return row === undefined ? null : SQLITE_ROWS.policy(row);
  }

  async list(): Promise<Policy[]> {
    return this.#list.all().map(SQLITE_ROWS.policy);
  }

  async delete(applicationId: string): Promise<boolean> {
    return this.#delete(applicationId);
  }
}
