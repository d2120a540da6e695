/** Records that may hold sealed secrets, rewritten one transaction each (key rotation), on PostgreSQL. */
import type pg from 'pg';
import type { SealedRecordRef, SealedRecordRepo } from '../ports.js';
import { rewriteStrings } from '../sealed-records.js';
import { inTransaction } from './connection.js';
import { toJsonParam } from '../storable-params.js';

/** Per table: the row lock-and-read and the write of the column that may hold secrets. */
const SQL = {
  documents: {
    read: 'SELECT value AS data FROM documents WHERE name = $1 FOR UPDATE',
    write: 'UPDATE documents SET value = $1::jsonb WHERE name = $2',
  },
  policies: {
    read: 'SELECT email AS data FROM policies WHERE application_id = $1 FOR UPDATE',
    write: 'UPDATE policies SET email = $1::jsonb WHERE application_id = $2',
  },
  certificates: {
    read: 'SELECT private_key_sealed AS data FROM certificates WHERE id = $1 FOR UPDATE',
    write: 'UPDATE certificates SET private_key_sealed = $1 WHERE id = $2',
  },
} as const;

const LIST_SQL = `
  SELECT "table", key FROM (
    SELECT 'documents' AS "table", name AS key, 1 AS part FROM documents
    UNION ALL SELECT 'certificates', id, 2 FROM certificates WHERE private_key_sealed IS NOT NULL
    UNION ALL SELECT 'policies', application_id, 3 FROM policies
  ) AS records
  ORDER BY part, key COLLATE "C"`;

/** `SealedRecordRepo` over `documents`, `policies.email` and `certificates.private_key_sealed`. */
export class PostgresSealedRecordRepo implements SealedRecordRepo {
  constructor(private readonly pool: pg.Pool) {}

  async list(): Promise<SealedRecordRef[]> {
    const { rows } = await this.pool.query<{ table: SealedRecordRef['table']; key: string }>(LIST_SQL);
    return rows.map((row) => ({ table: row.table, key: row.key }));
  }

  async rewrite(ref: SealedRecordRef, rewrite: (text: string) => string): Promise<number> {
    const sql = SQL[ref.table];
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ data: unknown }>(sql.read, [ref.key]);
      const data = rows[0]?.data;
      if (data === undefined || data === null) return 0;
      const result = rewriteStrings(data, rewrite);
      if (result.changed === 0) return 0;
      const next = ref.table === 'certificates' ? String(result.value) : toJsonParam(result.value);
      await client.query(sql.write, [next, ref.key]);
      await client.query('UPDATE config_version SET version = version + 1 WHERE id = 1');
      return result.changed;
    });
  }
}
