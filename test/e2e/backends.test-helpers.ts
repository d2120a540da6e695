/**
 * The two databases a server process can run on, for e2e tests that must pass on both:
 * SQLite in the process's data dir, or PostgreSQL in a random schema of the test server
 * (dropped by `cleanup`), with the master key PostgreSQL requires.
 */
import { randomBytes } from 'node:crypto';
import { dropPostgresSchemas, postgresTestUrl, storeFactories } from '../../src/store/store-factories.test-helpers.js';
import { afterEach } from 'vitest';
import type { HeraldProcess } from '../support/herald.test-helpers.js';
import type { SmtpSink } from './smtp-sink.test-helpers.js';

/** One database choice for `startHerald({ env })`. */
export interface Backend {
  name: 'sqlite' | 'postgres';
  /** Why it cannot run here (PostgreSQL unreachable outside CI), else null. */
  skip: string | null;
  /** Environment for every start of the same test (same schema and key across restarts). */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** Fast retries and leases, so outage and crash tests finish in seconds. */
export const FAST_ENV: Record<string, string> = {
  HERALD_RETRY_BASE_MS: '200',
  HERALD_RETRY_MAX_MS: '1000',
  HERALD_LEASE_MS: '2000',
};

/** Fresh backends; call again per test for a fresh schema. */
export async function backends(): Promise<Array<{ name: 'sqlite' | 'postgres'; skip: string | null; create(): Backend }>> {
  const factories = await storeFactories();
  const pgSkip = factories.find((f) => f.name === 'postgres')?.skip ?? null;
  return [
    { name: 'sqlite', skip: null, create: () => ({ name: 'sqlite', skip: null, env: {}, cleanup: async () => undefined }) },
    {
      name: 'postgres',
      skip: pgSkip,
      create: () => {
        const schema = `herald_e2e_${randomBytes(6).toString('hex')}`;
        return {
          name: 'postgres',
          skip: pgSkip,
          env: { HERALD_DATABASE_URL: postgresTestUrl(), HERALD_DATABASE_SCHEMA: schema, HERALD_MASTER_KEY: randomBytes(32).toString('base64') },
          cleanup: () => dropPostgresSchemas([schema]),
        };
      },
    },
  ];
}

/** What one e2e test starts: a database backend, an SMTP sink and server processes. */
export interface E2eRun {
  backend: Backend | null;
  sink: SmtpSink | null;
  readonly processes: HeraldProcess[];
}

/** A fresh `E2eRun` for each test of the enclosing describe; after each test its processes are killed, the sink closed, the database dropped. */
export function e2eRunPerTest(): E2eRun {
  const run: E2eRun = { backend: null, sink: null, processes: [] };
  afterEach(async () => {
    for (const herald of run.processes.splice(0)) await herald.kill();
    await run.sink?.close();
    run.sink = null;
    await run.backend?.cleanup();
    run.backend = null;
  });
  return run;
}
