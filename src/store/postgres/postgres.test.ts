/**
 * PostgreSQL-only behaviour: cross-instance wake-ups, concurrent migrations, prepared statements
 * across a rolling upgrade (NUL handling: the contract suite).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { item, makeEvent } from '../fixtures.test-helpers.js';
import { postgresTestUrl, storeFactories } from '../store-factories.test-helpers.js';
import { MIGRATIONS } from './migrations.js';
import { openPostgresStore } from './index.js';

const factory = (await storeFactories()).find((f) => f.name === 'postgres');
if (factory === undefined) throw new Error('no postgres factory');

describe.skipIf(factory.skip !== null)(factory.skip ?? 'postgres store', () => {
  afterEach(async () => {
    await factory.cleanup();
  });

  it('wakes other instances through LISTEN/NOTIFY, and itself exactly once', async () => {
    const a = await factory.open();
    const b = await factory.reopen();
    let wakesA = 0;
    a.onNotificationsQueued(() => {
      wakesA += 1;
    });
    const woken = new Promise<void>((resolve) => b.onNotificationsQueued(resolve));
    await a.events.ingest([item('n1')]);
    await expect(Promise.race([woken.then(() => 'woken'), sleep(3_000).then(() => 'timeout')])).resolves.toBe('woken');
    await sleep(200);
    expect(wakesA).toBe(1);
  });

  it('lets several instances start on a fresh schema at once (advisory lock)', async () => {
    const schema = `herald_test_${randomBytes(6).toString('hex')}`;
    const opening = [1, 2, 3].map(() => openPostgresStore({ url: postgresTestUrl(), schema, poolSize: 2 }));
    const stores = await Promise.all(opening);
    try {
      await stores[0]?.events.ingest([item('n1')]);
      expect(await stores[2]?.events.get('e-n1')).not.toBeNull();
      const client = new pg.Client({ connectionString: postgresTestUrl() });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.schema_migrations`);
        expect(rows[0]?.n).toBe(MIGRATIONS.length);
      } finally {
        await client.end();
      }
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      const client = new pg.Client({ connectionString: postgresTestUrl() });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => client.end());
    }
  });

  it('keeps serving its prepared statements after another instance migrates a column in (rolling upgrade)', async () => {
    const schema = `herald_test_${randomBytes(6).toString('hex')}`;
    // One connection, so the second round runs on the connection that prepared the first.
    const store = await openPostgresStore({ url: postgresTestUrl(), schema, poolSize: 1 });
    const admin = new pg.Client({ connectionString: postgresTestUrl() });
    await admin.connect();
    try {
      const claimAndLookUp = async (n: number) => {
        await store.events.ingest([item(`n${n}`)]);
        const claimed = await store.notifications.claim('worker', new Date('2100-01-01T00:00:00Z'), new Date('2100-01-01T00:01:00Z'), 10);
        expect(claimed.map((notification) => notification.id)).toEqual([`n${n}`]);
        expect((await store.agentTokens.findByHash('hash-a'))?.id).toBe('a');
        expect((await store.adminTokens.findByHash('hash-b'))?.id).toBe('b');
      };
      await store.agentTokens.create({ id: 'a', name: 'agents', tokenHash: 'hash-a', createdAt: new Date(0), revokedAt: null, lastUsedAt: null });
      const createdBy = { kind: 'user' as const, name: 'admin' };
      await store.adminTokens.create({ id: 'b', name: 'ci', tokenHash: 'hash-b', createdAt: new Date(0), revokedAt: null, lastUsedAt: null, createdBy });
      await claimAndLookUp(1);
      for (const table of ['notifications', 'agent_tokens', 'admin_tokens']) {
        await admin.query(`ALTER TABLE ${schema}.${table} ADD COLUMN added_by_a_newer_release text`);
      }
      await claimAndLookUp(2); // "cached plan must not change result type" if a statement said `*`
    } finally {
      await store.close();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => admin.end());
    }
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
