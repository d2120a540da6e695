/** Prepared statements kept by SQL text, for queries built at run time in a few shapes. */
import type Database from 'better-sqlite3';

/**
 * Prepares each distinct SQL text once. Use only where the number of shapes is bounded
 * (e.g. the list queries: filters present × cursor), since entries are never evicted.
 */
export class StatementCache<Params extends unknown[], Row> {
  readonly #statements = new Map<string, Database.Statement<Params, Row>>();

  constructor(private readonly db: Database.Database) {}

  /** The prepared statement of `sql`. */
  get(sql: string): Database.Statement<Params, Row> {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare<Params, Row>(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}
