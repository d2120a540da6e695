/** Per-application policies on PostgreSQL. */
import type pg from 'pg';
import type { Policy } from '../../domain/policy.js';
import type { PolicyRepo } from '../ports.js';
import { toJsonParam, toTextParam } from '../storable-params.js';
import { BUMP_CONFIG_VERSION } from './settings.js';
import { POSTGRES_ROWS, type PolicyRow, type PostgresColumns } from '../rows.js';

/** `PolicyRepo` over `policies`; writes bump the config version. */
export class PostgresPolicyRepo implements PolicyRepo {
  constructor(private readonly pool: pg.Pool) {}

  async put(policy: Policy): Promise<Policy> {
    const { rows } = await this.pool.query<PolicyRow<PostgresColumns>>(
      `WITH ${BUMP_CONFIG_VERSION}
       INSERT INTO policies (application_id, name, email, rules, created_at, updated_at)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6)
       ON CONFLICT (application_id) DO UPDATE SET
         name = excluded.name, email = excluded.email, rules = excluded.rules, updated_at = excluded.updated_at
       RETURNING *`,
      [
        toTextParam(policy.applicationId),
        toTextParam(policy.name),
        toJsonParam(policy.email),
        toJsonParam(policy.rules),
        policy.createdAt,
        policy.updatedAt,
      ],
    );
    const row = rows[0];
    if (row === undefined) throw new Error(`policy ${policy.applicationId} was not written`);
    return POSTGRES_ROWS.policy(row);
  }

  async get(applicationId: string): Promise<Policy | null> {
    const { rows } = await this.pool.query<PolicyRow<PostgresColumns>>('SELECT * FROM policies WHERE application_id = $1', [
      toTextParam(applicationId),
    ]);
    return rows[0] === undefined ? null : POSTGRES_ROWS.policy(rows[0]);
  }

  async list(): Promise<Policy[]> {
    const { rows } = await this.pool.query<PolicyRow<PostgresColumns>>('SELECT * FROM policies ORDER BY application_id');
    return rows.map(POSTGRES_ROWS.policy);
  }

  async delete(applicationId: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ n: number }>(
      `WITH gone AS (DELETE FROM policies WHERE application_id = $1 RETURNING 1),
            bump AS (UPDATE config_version SET version = version + 1 WHERE id = 1 AND EXISTS (SELECT 1 FROM gone))
       SELECT count(*)::int AS n FROM gone`,
      [toTextParam(applicationId)],
    );
    return (rows[0]?.n ?? 0) > 0;
  }
}
