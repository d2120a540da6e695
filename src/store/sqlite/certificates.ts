/** Uploaded certificates on SQLite. */
import type Database from 'better-sqlite3';
import type { StoredCertificate } from '../../domain/certificate.js';
import type { CertificateRepo } from '../ports.js';
import { bumpConfigVersion } from './settings.js';
import { type CertificateMetadata, type CertificateRow, SQLITE_ROWS, type SqliteColumns } from '../rows.js';
import { toJsonParam } from '../storable-params.js';

/** `CertificateRepo` over `certificates`; writes bump the config version. */
export class SqliteCertificateRepo implements CertificateRepo {
  readonly #insert;
  readonly #get;
  readonly #list;
  readonly #delete;

  constructor(db: Database.Database) {
    const insert = db.prepare<[string, string, string | null, string, string | null, string, number]>(
      `INSERT INTO certificates (id, kind, format, certificate_pem, private_key_sealed, metadata, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const remove = db.prepare<[string]>('DELETE FROM certificates WHERE id = ?');
    this.#get = db.prepare<[string], CertificateRow<SqliteColumns>>('SELECT * FROM certificates WHERE id = ?');
    this.#list = db.prepare<[], CertificateRow<SqliteColumns>>('SELECT * FROM certificates ORDER BY created_at DESC, id DESC');
    this.#insert = db.transaction((cert: StoredCertificate) => {
      const metadata: CertificateMetadata = { certificates: cert.certificates, warnings: cert.warnings };
      insert.run(
        cert.id,
        cert.kind,
        cert.format,
        cert.certificatePem,
        cert.privateKeySealed,
        toJsonParam(metadata),
        cert.createdAt.getTime(),
      );
      bumpConfigVersion(db);
    });
    this.#delete = db.transaction((id: string): boolean => {
      const deleted = remove.run(id).changes > 0;
      if (deleted) bumpConfigVersion(db);
      return deleted;
    });
  }

  async insert(cert: StoredCertificate): Promise<void> {
    this.#insert(cert);
  }

  async get(id: string): Promise<StoredCertificate | null> {
    const row = this.#get.get(id);
    return row === undefined ? null : SQLITE_ROWS.certificate(row);
  }

  async list(): Promise<StoredCertificate[]> {
    return this.#list.all().map(SQLITE_ROWS.certificate);
  }

  async delete(id: string): Promise<boolean> {
    return this.#delete(id);
  }
}
