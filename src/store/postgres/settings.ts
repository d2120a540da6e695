/** Settings documents (email, rules) and the global config version, on PostgreSQL. */
import type pg from 'pg';
import { defaultEmailSettings, type EmailSettings } from '../../domain/email-settings.js';
import { defaultRules, type Rules } from '../../domain/rules.js';
import type { SettingsRepo, Versioned } from '../ports.js';
import { toJsonParam } from '../storable-params.js';

/**
 * A CTE that bumps the global config version; prefix it (`WITH ${BUMP_CONFIG_VERSION}, …`)
 * to any settings, rules, policy or certificate write so both commit as one statement.
 * (A data-modifying CTE runs exactly once whether or not it is referenced.)
 */
export const BUMP_CONFIG_VERSION = 'bump AS (UPDATE config_version SET version = version + 1 WHERE id = 1)';

/** `SettingsRepo` over the `documents` and `config_version` tables. */
export class PostgresSettingsRepo implements SettingsRepo {
  constructor(private readonly pool: pg.Pool) {}

  async getEmail(): Promise<Versioned<EmailSettings> | null> {
    // Documents saved before a field existed get its default (e.g. digestSubject, rateLimit).
    const stored = await this.#read<EmailSettings>('email');
    return stored === null ? null : { ...stored, value: { ...defaultEmailSettings(), ...stored.value } };
  }

  async putEmail(settings: EmailSettings): Promise<Versioned<EmailSettings>> {
    return { value: settings, version: await this.#write('email', settings) };
  }

  async getRules(): Promise<Versioned<Rules> | null> {
    const stored = await this.#read<Rules>('rules');
    return stored === null ? null : { ...stored, value: { ...defaultRules(), ...stored.value } };
  }

  async putRules(rules: Rules): Promise<Versioned<Rules>> {
    return { value: rules, version: await this.#write('rules', rules) };
  }

  async configVersion(): Promise<number> {
    const { rows } = await this.pool.query<{ version: number }>(
      'SELECT version::float8 AS version FROM config_version WHERE id = 1',
    );
    return rows[0]?.version ?? 0;
  }

  async #read<T>(name: string): Promise<Versioned<T> | null> {
    const { rows } = await this.pool.query<{ value: T; version: number }>(
      'SELECT value, version FROM documents WHERE name = $1',
      [name],
    );
    const row = rows[0];
    return row === undefined ? null : { value: row.value, version: row.version };
  }

  async #write(name: string, value: unknown): Promise<number> {
    const { rows } = await this.pool.query<{ version: number }>(
      `WITH ${BUMP_CONFIG_VERSION}
       INSERT INTO documents (name, value, version) VALUES ($1, $2::jsonb, 1)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, version = documents.version + 1
       RETURNING version`,
      [name, toJsonParam(value)],
    );
    const row = rows[0];
    if (row === undefined) throw new Error(`document ${name} was not written`);
    return row.version;
  }
}
