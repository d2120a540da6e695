/**
 * The two token tables (agent and admin tokens) as both stores see them: one life cycle
 * (API.md "Agent tokens"), the same statements; an admin token also keeps who created it.
 * Each store writes the statements with its own placeholders and maps rows with its codec.
 */
import type { AdminToken, AgentToken } from './ports.js';

/** What sets one token table apart: its name and the columns beyond an agent token's. */
export interface TokenTable<T extends AgentToken> {
  name: 'agent_tokens' | 'admin_tokens';
  /** Columns after the common six (`COMMON_COLUMNS`). */
  extraColumns: readonly string[];
  /** The values of `extraColumns`. */
  extraParams(token: T): string[];
}

/** `agent_tokens`: the common columns only. */
export const AGENT_TOKENS: TokenTable<AgentToken> = { name: 'agent_tokens', extraColumns: [], extraParams: () => [] };

/** `admin_tokens`: plus who created each. */
export const ADMIN_TOKENS: TokenTable<AdminToken> = {
  name: 'admin_tokens',
  extraColumns: ['created_by_kind', 'created_by_name'],
  extraParams: (token) => [token.createdBy.kind, token.createdBy.name],
};

const COMMON_COLUMNS = ['id', 'name', 'token_hash', 'created_at', 'revoked_at', 'last_used_at'] as const;

/**
 * The columns of `table`, in insert order. Named (prepared) statements list them instead of
 * `*`, which would fail on running instances once a migration adds a column.
 */
export function tokenColumns<T extends AgentToken>(table: TokenTable<T>): string[] {
  return [...COMMON_COLUMNS, ...table.extraColumns];
}

/** The statements of one token table; `placeholder(n)` writes the n-th parameter (1-based). */
export interface TokenSql {
  /** Parameters: the common columns in `COMMON_COLUMNS` order, then `extraParams`. */
  insert: string;
  list: string;
  /** Parameter: the token hash. */
  findByHash: string;
  /** Parameters: the time, the id. */
  revoke: string;
  /** Parameters: the time, the id. */
  markUsed: string;
}

/** The SQL of `table` in a dialect given by its placeholder (`?` for SQLite, `$n` for PostgreSQL). */
export function tokenSql<T extends AgentToken>(table: TokenTable<T>, placeholder: (n: number) => string): TokenSql {
  const columns = tokenColumns(table);
  return {
    insert: `INSERT INTO ${table.name} (${columns.join(', ')}) VALUES (${columns.map((_, i) => placeholder(i + 1)).join(', ')})`,
    list: `SELECT * FROM ${table.name} ORDER BY created_at DESC, id DESC`,
    findByHash: `SELECT * FROM ${table.name} WHERE token_hash = ${placeholder(1)}`,
    revoke: `UPDATE ${table.name} SET revoked_at = ${placeholder(1)} WHERE id = ${placeholder(2)} AND revoked_at IS NULL`,
    markUsed: `UPDATE ${table.name} SET last_used_at = ${placeholder(1)} WHERE id = ${placeholder(2)}`,
  };
}
