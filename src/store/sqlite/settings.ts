/** Settings documents (email, rules) and the global config version, on SQLite. */
import type Database from 'better-sqlite3';
import { defaultEmailSettings, type EmailSettings } from '../../domain/email-settings.js';
import { defaultRules, type Rules } from '../../domain/rules.js';
import type { SettingsRepo, Versioned } from '../ports.js';
import { toJsonParam } from '../storable-params.js';

/**
 * Bumps the global config version; call inside the transaction of any settings, rules,
 * policy or certificate write so the bump commits (or rolls back) with it.
 */
export function bumpConfigVersion(db: Database.Database): void {
  db.prepare('UPDATE config_version SET version = version + 1 WHERE id = 1').run();
}

/** `SettingsRepo` over the `documents` and `config_version` tables. */
export class SqliteSettingsRepo implements SettingsRepo {
  readonly #get;
  readonly #put;
  readonly #configVersion;
  readonly #write;

  constructor(db: Database.Database) {
    this.#get = db.prepare<[string], { value: string; version: number }>(
      'SELECT value, version FROM documents WHERE name = ?',
    );
    this.#put = db.prepare<[string, string], { version: number }>(
      `INSERT INTO documents (name, value, version) VALUES (?, ?, 1)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, version = documents.version + 1
       RETURNING version`,
    );
    this.#configVersion = db.prepare<[], { version: number }>('SELECT version FROM config_version WHERE id = 1');
    this.#write = db.transaction((name: string, json: string): number => {
      const row = this.#put.get(name, json);
      bumpConfigVersion(db);
      if (row === undefined) throw new Error(`document ${name} was not written`);
      return row.version;
    });
  }

  async getEmail(): Promise<Versioned<EmailSettings> | null> {
    // Documents saved before a field existed get its default (e.g. digestSubject, rateLimit).
    const stored = await this.#read<EmailSettings>('email');
    return stored === null ? null : { ...stored, value: { ...defaultEmailSettings(), ...stored.value } };
  }

  async putEmail(settings: EmailSettings): Promise<Versioned<EmailSettings>> {
    return { value: settings, version: this.#write('email', toJsonParam(settings)) };
  }

  async getRules(): Promise<Versioned<Rules> | null> {
    const stored = await this.#read<Rules>('rules');
    return stored === null ? null : { ...stored, value: { ...defaultRules(), ...stored.value } };
  }

  async putRules(rules: Rules): Promise<Versioned<Rules>> {
    return { value: rules, version: this.#write('rules', toJsonParam(rules)) };
  }

  async configVersion(): Promise<number> {
    return this.#configVersion.get()?.version ?? 0;
  }

  #read<T>(name: string): Versioned<T> | null {
    const row = this.#get.get(name);
    return row === undefined ? null : { value: JSON.parse(row.value) as T, version: row.version };
  }
}
