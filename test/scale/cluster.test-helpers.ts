/**
 * Helpers for the scale-out tests: one PostgreSQL schema and master key shared by several
 * real server processes (`startHerald`), the way a production cluster shares one database,
 * and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { SNAPSHOT_RECHECK_MS } from '../../src/settings/snapshot.js';
import { dropPostgresSchemas, postgresTestUrl, storeFactories } from '../../src/store/store-factories.test-helpers.js';
import { api, startHerald, type HeraldProcess, type StartOptions, turnGroupingOffVia } from '../support/herald.test-helpers.js';

/** A shared database for several instances. */
export interface Cluster {
  /** Environment every instance gets (same URL, schema and key). */
  env: Record<string, string>;
  /** Every instance started through `start`, for cleanup. */
  instances: HeraldProcess[];
  /** Starts one more instance on the shared database. */
  start(options?: Omit<StartOptions, 'env'> & { env?: Record<string, string> }): Promise<HeraldProcess>;
  /**
   * Starts `count` instances (role `all`): the first alone (it seeds the console admin and
   * applies the migrations), the others at once.
   */
  startMany(count: number): Promise<HeraldProcess[]>;
  /** Kills every instance and drops the schema. */
  cleanup(): Promise<void>;
}

/** Why PostgreSQL cannot be used here (then the suite is skipped visibly), or null. */
export async function postgresSkip(): Promise<string | null> {
  const factories = await storeFactories();
  return factories.find((f) => f.name === 'postgres')?.skip ?? null;
}

/** Short leases and retries so take-over happens within seconds. */
export const SCALE_ENV: Record<string, string> = {
  HERALD_LEASE_MS: '2000',
  HERALD_RETRY_BASE_MS: '200',
  HERALD_RETRY_MAX_MS: '1000',
};

/** A fresh schema and key; instances started through it share both (and one admin token). */
export function createCluster(): Cluster {
  const schema = `herald_scale_${randomBytes(6).toString('hex')}`;
  const env = {
    ...SCALE_ENV,
    HERALD_DATABASE_URL: postgresTestUrl(),
    HERALD_DATABASE_SCHEMA: schema,
    HERALD_MASTER_KEY: randomBytes(32).toString('base64'),
  };
  const adminToken = randomBytes(24).toString('hex');
  const instances: HeraldProcess[] = [];
  return {
    env,
    instances,
    async start(options = {}) {
      const herald = await startHerald({ ...options, adminToken, env: { ...env, ...options.env } });
      instances.push(herald);
      return herald;
    },
    async startMany(count) {
      const first = await this.start();
      const rest = await Promise.all(Array.from({ length: count - 1 }, () => this.start()));
      return [first, ...rest];
    },
    async cleanup() {
      await Promise.all(instances.splice(0).map((herald) => herald.kill()));
      await dropPostgresSchemas([schema]);
    },
  };
}

/** `count` critical events (each notifies under the default rules) with ids `${prefix}-<n>`. */
export function criticalEvents(prefix: string, count: number, from = 0): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${from + i}`,
    occurredAt: '2026-11-28T04:00:00Z',
    severity: 'critical',
    type: 'GNRL_EV_VIRUS_FOUND',
    device: { name: `WKS-${(from + i) % 1000}` },
  }));
}

/** Posts events in batches of `batch`; throws unless every batch is answered 202. */
export async function postEvents(herald: HeraldProcess, events: Array<Record<string, unknown>>, batch = 500): Promise<void> {
  for (let i = 0; i < events.length; i += batch) {
    const answer = await api<{ accepted: number }>(herald, 'POST', '/api/v1/events', { events: events.slice(i, i + batch) });
    if (answer.status !== 202) throw new Error(`POST /api/v1/events answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
}

/** Sets the server e-mail settings through `herald` (recipient soc@corp.example, no TLS) and waits until every instance can have seen them. */
export async function useServer(herald: HeraldProcess, port: number): Promise<void> {
  const answer = await api(herald, 'PUT', '/api/v1/settings/email', {
    recipients: 'soc@corp.example',
    servers: `127.0.0.1:${port}`,
    sender: 'herald@corp.example',
    tls: { mode: 'none' },
  });
  if (answer.status !== 200) throw new Error(`PUT /api/v1/settings/email answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  // One e-mail per event: the scale tests count deliveries per notification.
  await turnGroupingOffVia(herald);
  // Other instances re-check the config version at most every SNAPSHOT_RECHECK_MS (plus the
  // time the reload takes on a busy machine); an event they ingest before that is judged by
  // the settings they had, which at first setup means "no servers" → failed NOT_CONFIGURED.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

/** How long a settings change is given to reach every instance (several recheck periods). */
export const SETTLE_MS = 4 * SNAPSHOT_RECHECK_MS;
