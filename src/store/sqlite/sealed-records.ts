/** Records that may hold sealed secrets, rewritten one transaction each (key rotation), on SQLite. */
import type Database from 'better-sqlite3';
import type { SealedRecordRef, SealedRecordRepo } from '../ports.js';
import { rewriteStrings } from '../sealed-records.js';
import { bumpConfigVersion } from './settings.js';
import { toJsonParam } from '../storable-params.js';

/** `SealedRecordRepo` over `documents`, `policies.email` and `certificates.private_key_sealed`. */
export class SqliteSealedRecordRepo implements SealedRecordRepo {
  readonly #db: Database.Database;
  readonly #rewrite: (ref: SealedRecordRef, rewrite: (text: string) => string) => number;

  constructor(db: Database.Database) {
    this.#db = db;
    const readDocument = db.prepare<[string], { value: string }>('SELECT value FROM documents WHERE name = ?');
    const writeDocument = db.prepare<[string, string]>('UPDATE documents SET value = ? WHERE name = ?');
    const readPolicy = db.prepare<[string], { email: string }>('SELECT email FROM policies WHERE application_id = ?');
    const writePolicy = db.prepare<[string, string]>('UPDATE policies SET email = ? WHERE application_id = ?');
    const readKey = db.prepare<[string], { sealed: string | null }>('SELECT private_key_sealed AS sealed FROM certificates WHERE id = ?');
    const writeKey = db.prepare<[string, string]>('UPDATE certificates SET private_key_sealed = ? WHERE id = ?');
    const rewriteJson = (json: string | undefined, rewrite: (text: string) => string, write: (next: string) => void): number => {
      if (json === undefined) return 0;
      const result = rewriteStrings(JSON.parse(json), rewrite);
      if (result.changed > 0) write(toJsonParam(result.value));
      return result.changed;
    };
    this.#rewrite = db.transaction((ref: SealedRecordRef, rewrite: (text: string) => string): number => {
      let changed = 0;
      switch (ref.table) {
        case 'documents':
          changed = rewriteJson(readDocument.get(ref.key)?.value, rewrite, (next) => writeDocument.run(next, ref.key));
          break;
        case 'policies':
          changed = rewriteJson(readPolicy.get(ref.key)?.email, rewrite, (next) => writePolicy.run(next, ref.key));
          break;
        case 'certificates': {
          const sealed = readKey.get(ref.key)?.sealed;
          if (typeof sealed === 'string') {
            const next = rewrite(sealed);
            if (next !== sealed) {
              writeKey.run(next, ref.key);
              changed = 1;
            }
          }
          break;
        }
      }
      if (changed > 0) bumpConfigVersion(db);
      return changed;
    });
  }

  async list(): Promise<SealedRecordRef[]> {
    const db = this.#db;
    return [
      ...db.prepare<[], { key: string }>('SELECT name AS key FROM documents ORDER BY name').all().map((r) => ({ table: 'documents' as const, key: r.key })),
      ...db
        .prepare<[], { key: string }>('SELECT id AS key FROM certificates WHERE private_key_sealed IS NOT NULL ORDER BY id')
        .all()
        .map((r) => ({ table: 'certificates' as const, key: r.key })),
      ...db.prepare<[], { key: string }>('SELECT application_id AS key FROM policies ORDER BY application_id').all().map((r) => ({ table: 'policies' as const, key: r.key })),
    ];
  }

  async rewrite(ref: SealedRecordRef, rewrite: (text: string) => string): Promise<number> {
    return this.#rewrite(ref, rewrite);
  }
}
