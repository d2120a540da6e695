/**
 * Migration 7 on both stores: `notification_attempts.plaintext_reason` (why "if supported" went
 * in clear) is added to a database that already holds an attempt log. The attempts logged
 * before keep their note and have no plaintextReason; attempts logged after keep theirs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { at, logEntry, outcome, seedNotifications, T0 } from './fixtures.test-helpers.js';
import type { Store } from './ports.js';
import { rawSql, storeFactories } from './store-factories.test-helpers.js';

/** Makes the database look as a Herald before migration 7 left it. */
const AS_BEFORE_MIGRATION_7 = `
  ALTER TABLE notification_attempts DROP COLUMN plaintext_reason;
  DELETE FROM schema_migrations WHERE version = 7;
`;

const NOT_OFFERED_NOTE = 'the server did not offer STARTTLS; sent without TLS (opportunistic)';

/** Claims `id` and completes it as sent with one attempt in clear. */
async function sendInClear(store: Store, id: string, plaintextReason: 'STARTTLS_NOT_OFFERED' | undefined): Promise<void> {
  expect((await store.notifications.claim('w', T0, at(30_000), 1)).map((n) => n.id)).toEqual([id]);
  const entry = logEntry({ tls: null, note: NOT_OFFERED_NOTE, ...(plaintextReason === undefined ? {} : { plaintextReason }) });
  expect(await store.notifications.complete(id, 'w', outcome({ log: [entry] }))).toBe(true);
}

const factories = await storeFactories();

describe.each(factories)('$name store', (factory) => {
  describe.skipIf(factory.skip !== null)(factory.skip ?? 'migration 7: plaintextReason of each attempt', () => {
    afterEach(() => factory.cleanup());

    it('adds the column to an existing attempt log: old attempts keep their note without a reason, new ones store it', async () => {
      const store = await factory.open();
      await seedNotifications(store, [{ id: 'before' }]);
      await sendInClear(store, 'before', undefined);
      await store.close();

      await rawSql(factory, AS_BEFORE_MIGRATION_7);
      const reopened = await factory.reopen();
      const old = await reopened.notifications.get('before');
      expect(old?.attemptLog).toHaveLength(1);
      expect(old?.attemptLog[0]?.note).toBe(NOT_OFFERED_NOTE);
      expect(old?.attemptLog[0]).not.toHaveProperty('plaintextReason');

      await seedNotifications(reopened, [{ id: 'after' }]);
      await sendInClear(reopened, 'after', 'STARTTLS_NOT_OFFERED');
      expect((await reopened.notifications.get('after'))?.attemptLog[0]).toMatchObject({ note: NOT_OFFERED_NOTE, plaintextReason: 'STARTTLS_NOT_OFFERED' });
    });
  });
});
