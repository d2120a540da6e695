/** Uploaded certificates on SQLite. */
import type Database from 'better-sqlite3';
import type { CertificateInfo, CertificateWarning, StoredCertificate } from '../../domain/certificate.js';
import type { CertificateRepo } from '../ports.js';
import { bumpConfigVersion } from './settings.js';

interface CertificateRow {
  id: string;
  kind: StoredCertificate['kind'];
  format: StoredCertificate['format'];
  certificate_pem: string;
  private_key_sealed: string | null;
  metadata: string;
  created_at: number;
}

/** The JSON in the `metadata` column. */
interface CertificateMetadata {
  certificates: CertificateInfo[];
  warnings: CertificateWarning[];
}

function toCertificate(row: CertificateRow): StoredCertificate {
  const metadata = JSON.parse(row.metadata) as CertificateMetadata;
  return {
    id: row.id,
    kind: row.kind,
    format: row.format,
    certificatePem: row.certificate_pem,
    privateKeySealed: row.private_key_sealed,
    certificates: metadata.certificates,
    warnings: metadata.warnings,
    createdAt: new Date(row.created_at),
  };
}

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
    this.#get = db.prepare<[string], CertificateRow>('SELECT * FROM certificates WHERE id = ?');
    this.#list = db.prepare<[], CertificateRow>('SELECT * FROM certificates ORDER BY created_at DESC, id DESC');
    this.#insert = db.transaction((cert: StoredCertificate) => {
      const metadata: CertificateMetadata = { certificates: cert.certificates, warnings: cert.warnings };
      insert.run(
        cert.id,
        cert.kind,
        cert.format,
        cert.certificatePem,
        cert.privateKeySealed,
        JSON.stringify(metadata),
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
    return row === undefined ? null : toCertificate(row);
  }

  async list(): Promise<StoredCertificate[]> {
    return this.#list.all().map(toCertificate);
  }

  async delete(id: string): Promise<boolean> {
    return this.#delete(id);
  }
}
