/**
 * Typed configuration from the environment (API.md "Running"), validated at start so a bad
 * value stops the server with one clear sentence instead of failing later.
 */
import path from 'node:path';
import net from 'node:net';

/** pino's levels. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Everything the process needs to know before it opens the store. */
export interface Config {
  listen: { host: string; port: number };
  dataDir: string;
  databaseUrl: string | null;
  /** PostgreSQL schema (extension: HERALD_DATABASE_SCHEMA); null = the connection's default. */
  databaseSchema: string | null;
  adminToken: string | null;
  /**
   * 32-byte keys from HERALD_MASTER_KEY (`key` or, during a rotation, `new,old`: the first
   * seals, all open), or null to use/create `<dataDir>/master.key` (SQLite only).
   */
  masterKeys: Buffer[] | null;
  logLevel: LogLevel;
  retryBaseMs: number;
  retryMaxMs: number;
  maxAgeMs: number;
  eventRetentionDays: number;
  eventMax: number;
  notificationRetentionDays: number;
  leaseMs: number;
  sqliteSync: 'normal' | 'full';
  dnsServers: string[];
  metricsToken: string | null;
  /** Deliveries running at once per worker (extension: HERALD_WORKER_CONCURRENCY). */
  workerConcurrency: number;
  /** Pooled SMTP connections per server (extension: HERALD_SMTP_MAX_CONNECTIONS). */
  smtpMaxConnections: number;
  /** Events per second each agent token may send, per instance (extension: HERALD_AGENT_EVENTS_PER_SECOND). */
  agentEventsPerSecond: number;
  /** PEM files for HTTPS (HERALD_TLS_CERT / HERALD_TLS_KEY), or null for plain HTTP. */
  tls: { certFile: string; keyFile: string } | null;
  /** Addresses/CIDRs of reverse proxies whose X-Forwarded-For/-Proto are believed (HERALD_TRUST_PROXY). */
  trustProxy: string[];
}

/** A configuration value that cannot be used; its message is the one sentence printed at exit. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Generous: above what one instance ingests on two cores (docs/BENCHMARKS.md), so only a
 * runaway agent meets it; lower it to protect agents from each other.
 */
export const DEFAULT_AGENT_EVENTS_PER_SECOND = 100_000;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

type Env = Record<string, string | undefined>;

/** Parses and validates the environment; throws ConfigError naming the variable at fault. */
export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = optional(env, 'HERALD_DATABASE_URL');
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      `HERALD_DATABASE_URL must be a postgres://… URL (got "${redactUrl(databaseUrl)}"); leave it unset for the embedded SQLite database.`,
    );
  }
  const masterKeys = parseMasterKeys(optional(env, 'HERALD_MASTER_KEY'));
  if (databaseUrl !== null && masterKeys === null) {
    throw new ConfigError(
      'HERALD_MASTER_KEY is required with PostgreSQL (every instance needs the same key): set it to the base64 of 32 random bytes, e.g. `openssl rand -base64 32`.',
    );
  }
  const retryBaseMs = positiveInt(env, 'HERALD_RETRY_BASE_MS', 60_000);
  const retryMaxMs = positiveInt(env, 'HERALD_RETRY_MAX_MS', 3_600_000);
  if (retryMaxMs < retryBaseMs) {
    throw new ConfigError(
      `HERALD_RETRY_MAX_MS (${retryMaxMs}) must not be smaller than HERALD_RETRY_BASE_MS (${retryBaseMs}).`,
    );
  }
  return {
    listen: parseListen(env.HERALD_LISTEN ?? '127.0.0.1:8080'),
    dataDir: path.resolve(env.HERALD_DATA_DIR ?? './data'),
    databaseUrl,
    databaseSchema: parseSchemaName(optional(env, 'HERALD_DATABASE_SCHEMA')),
    adminToken: parseAdminToken(optional(env, 'HERALD_ADMIN_TOKEN')),
    masterKeys,
    logLevel: parseLogLevel(env.HERALD_LOG_LEVEL ?? 'info'),
    retryBaseMs,
    retryMaxMs,
    maxAgeMs: positiveInt(env, 'HERALD_MAX_AGE_MS', 86_400_000),
    eventRetentionDays: positiveInt(env, 'HERALD_EVENT_RETENTION_DAYS', 30),
    eventMax: positiveInt(env, 'HERALD_EVENT_MAX', 400_000),
    notificationRetentionDays: positiveInt(env, 'HERALD_NOTIFICATION_RETENTION_DAYS', 90),
    leaseMs: positiveInt(env, 'HERALD_LEASE_MS', 30_000),
    sqliteSync: parseSqliteSync(env.HERALD_SQLITE_SYNC ?? 'normal'),
    dnsServers: parseDnsServers(optional(env, 'HERALD_DNS_SERVERS')),
    metricsToken: optional(env, 'HERALD_METRICS_TOKEN'),
    workerConcurrency: positiveInt(env, 'HERALD_WORKER_CONCURRENCY', 32),
    smtpMaxConnections: positiveInt(env, 'HERALD_SMTP_MAX_CONNECTIONS', 4),
    agentEventsPerSecond: positiveInt(env, 'HERALD_AGENT_EVENTS_PER_SECOND', DEFAULT_AGENT_EVENTS_PER_SECOND),
    tls: parseTlsFiles(optional(env, 'HERALD_TLS_CERT'), optional(env, 'HERALD_TLS_KEY')),
    trustProxy: parseTrustProxy(optional(env, 'HERALD_TRUST_PROXY')),
  };
}

function optional(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new ConfigError(`${name} must be a positive whole number (got "${raw}").`);
  }
  return Number(raw);
}

/** `host:port`, `[v6]:port` or `:port` (all interfaces). */
function parseListen(raw: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s[\]]*)):(\d{1,5})$/.exec(raw.trim());
  const port = match ? Number(match[3]) : NaN;
  const host = match ? (match[1] ?? match[2] ?? '') : '';
  if (!match || port < 0 || port > 65535 || (match[1] !== undefined && net.isIPv6(host) === false)) {
    throw new ConfigError(
      `HERALD_LISTEN must be host:port, e.g. 127.0.0.1:8080, 0.0.0.0:8080 or [::1]:8080 (got "${raw}").`,
    );
  }
  return { host: host === '' ? '0.0.0.0' : host, port };
}

function parseSchemaName(raw: string | null): string | null {
  if (raw !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(raw)) {
    throw new ConfigError(`HERALD_DATABASE_SCHEMA must be a lower-case SQL identifier such as herald (got "${raw}").`);
  }
  return raw;
}

/** `key` or `new,old[,…]` (a rotation in progress: the first seals, every one opens). */
function parseMasterKeys(raw: string | null): Buffer[] | null {
  if (raw === null) return null;
  return raw.split(',').map((part) => {
    const text = part.trim();
    const key = /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
    if (key.length !== 32) {
      throw new ConfigError(
        `HERALD_MASTER_KEY must be the base64 of exactly 32 bytes (it decodes to ${key.length}), or "new,old" during a key rotation; make one with \`openssl rand -base64 32\`.`,
      );
    }
    return key;
  });
}

function parseAdminToken(raw: string | null): string | null {
  if (raw !== null && raw.length < 16) {
    throw new ConfigError('HERALD_ADMIN_TOKEN must be at least 16 characters; make one with `openssl rand -hex 32`.');
  }
  return raw;
}

function parseLogLevel(raw: string): LogLevel {
  const level = raw.trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(`HERALD_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${raw}").`);
  }
  return level as LogLevel;
}

function parseSqliteSync(raw: string): 'normal' | 'full' {
  const value = raw.trim().toLowerCase();
  if (value !== 'normal' && value !== 'full') {
    throw new ConfigError(`HERALD_SQLITE_SYNC must be "normal" or "full" (got "${raw}").`);
  }
  return value;
}

function parseDnsServers(raw: string | null): string[] {
  if (raw === null) return [];
  return raw.split(',').map((entry) => {
    const server = entry.trim();
    const bare = /^\[([^\]]+)\](?::\d+)?$/.exec(server)?.[1] ?? server.replace(/:\d+$/, '');
    if (net.isIP(bare) === 0 && net.isIP(server) === 0) {
      throw new ConfigError(`HERALD_DNS_SERVERS must be a comma-separated list of ip[:port] (got "${server}").`);
    }
    return server;
  });
}

function parseTlsFiles(cert: string | null, key: string | null): { certFile: string; keyFile: string } | null {
  if (cert === null && key === null) return null;
  if (cert === null || key === null) {
    throw new ConfigError(
      `Set both HERALD_TLS_CERT and HERALD_TLS_KEY (PEM files) for HTTPS, or neither for plain HTTP; only ${cert === null ? 'HERALD_TLS_KEY' : 'HERALD_TLS_CERT'} is set.`,
    );
  }
  return { certFile: path.resolve(cert), keyFile: path.resolve(key) };
}

/** `10.0.0.1, 192.168.0.0/16, ::1` → the entries, each checked (Fastify's proxy-addr takes them as they are). */
function parseTrustProxy(raw: string | null): string[] {
  if (raw === null) return [];
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [address, bits, extra] = entry.split('/');
      const family = net.isIP(address ?? '');
      const maxBits = family === 6 ? 128 : 32;
      const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
      if (family === 0 || !bitsOk || extra !== undefined) {
        throw new ConfigError(`HERALD_TRUST_PROXY must be a comma-separated list of IP addresses or CIDRs such as 10.0.0.1, 192.168.0.0/16 (got "${entry}").`);
      }
      return entry;
    });
}

/** Hides a password in a database URL before it is shown anywhere. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:****@');
}
