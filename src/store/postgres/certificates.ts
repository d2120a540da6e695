/** Uploaded certificates on PostgreSQL. */
import type pg from 'pg';
import type { StoredCertificate } from '../../domain/certificate.js';
import type { CertificateRepo } from '../ports.js';
import { toJsonParam } from '../storable-params.js';
import { BUMP_CONFIG_VERSION } from './settings.js';
import { type CertificateRow, POSTGRES_ROWS, type PostgresColumns } from '../rows.js';

/** `CertificateRepo` over `certificates`; writes bump the config version. */
export class PostgresCertificateRepo implements CertificateRepo {
  constructor(private readonly pool: pg.Pool) {}

  async insert(cert: StoredCertificate): Promise<void> {
    await this.pool.query(
      `WITH ${BUMP_CONFIG_VERSION}
       INSERT INTO certificates (id, kind, format, certificate_pem, private_key_sealed, metadata, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      [
        cert.id,
        cert.kind,
        cert.format,
        cert.certificatePem,
        cert.privateKeySealed,
        toJsonParam({ certificates: cert.certificates, warnings: cert.warnings }),
        cert.createdAt,
      ],
    );
  }

  async get(id: string): Promise<StoredCertificate | null> {
    const { rows } = await this.pool.query<CertificateRow<PostgresColumns>>('SELECT * FROM certificates WHERE id = $1', [id]);
    return rows[0] === undefined ? null : POSTGRES_ROWS.certificate(rows[0]);
  }

  async list(): Promise<StoredCertificate[]> {
    const { rows } = await this.pool.query<CertificateRow<PostgresColumns>>(
      'SELECT * FROM certificates ORDER BY created_at DESC, id DESC',
    );
    return rows.map(POSTGRES_ROWS.certificate);
  }

  async delete(id: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ n: number }>(
      `WITH gone AS (DELETE FROM certificates WHERE id = $1 RETURNING id),
            bump AS (UPDATE config_version SET version = version + 1 WHERE id = 1 AND EXISTS (SELECT 1 FROM gone))
       SELECT count(*)::int AS n FROM gone`,
      [id],
    );
    return (rows[0]?.n ?? 0) > 0;
  }
}
