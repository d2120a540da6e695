/** Store contract: claiming, leases and completing attempts, on SQLite and PostgreSQL alike (see harness.test-helpers.ts). */
import { describe, expect, it } from 'vitest';
import { at, logEntry, outcome, seedNotifications, T0 } from '../fixtures.test-helpers.js';
import { describeStoreContract } from './harness.test-helpers.js';

describeStoreContract('claim', (t) => {
  describe('notifications: claim and leases', () => {
    it('claims due queued/deferred rows oldest due first, respecting limit', async () => {
      await seedNotifications(t.store, [
        { id: 'late', nextAttemptAt: at(3000) },
        { id: 'q1', nextAttemptAt: at(1000) },
        { id: 'd1', status: 'deferred', nextAttemptAt: at(500), attemptCount: 1 },
        { id: 'future', nextAttemptAt: at(60_000) },
        { id: 'sent', status: 'sent', nextAttemptAt: null, sentAt: T0 },
        { id: 'failed', status: 'failed', nextAttemptAt: null },
      ]);
      const claimed = await t.store.notifications.claim('w1', at(5000), at(35_000), 2);
      expect(claimed.map((n) => n.id)).toEqual(['d1', 'q1']);
      for (const n of claimed) {
        expect(n).toMatchObject({ status: 'sending', leaseOwner: 'w1', leaseUntil: at(35_000) });
      }
      expect((await t.store.notifications.claim('w2', at(5000), at(35_000), 10)).map((n) => n.id)).toEqual(['late']);
      expect(await t.store.notifications.claim('w3', at(5000), at(35_000), 10)).toEqual([]);
      expect((await t.store.notifications.get('q1'))?.status).toBe('sending');
    });

    it('never hands out a valid lease; takes over an expired one', async () => {
      await seedNotifications(t.store, [{ id: 'n1' }]);
      await t.store.notifications.claim('w1', T0, at(30_000), 10);
      expect(await t.store.notifications.claim('w2', at(29_999), at(60_000), 10)).toEqual([]);
      const taken = await t.store.notifications.claim('w2', at(30_000), at(60_000), 10);
      expect(taken.map((n) => [n.id, n.leaseOwner])).toEqual([['n1', 'w2']]);
      // The old owner lost it: no renewal, no completion.
      expect(await t.store.notifications.renewLeases(['n1'], 'w1', at(90_000))).toEqual([]);
      expect(await t.store.notifications.complete('n1', 'w1', outcome())).toBe(false);
    });

    it('orders expired leases and due rows by when they became due', async () => {
      await seedNotifications(t.store, [{ id: 'a', nextAttemptAt: at(0) }]);
      await t.store.notifications.claim('w1', at(0), at(10_000), 1); // lease expires at 10 s
      await seedNotifications(t.store, [{ id: 'b', nextAttemptAt: at(5_000) }, { id: 'c', nextAttemptAt: at(20_000) }]);
      const claimed = await t.store.notifications.claim('w2', at(30_000), at(60_000), 10);
      expect(claimed.map((n) => n.id)).toEqual(['b', 'a', 'c']);
    });

    it('never gives one row to two concurrent claimers', async () => {
      const specs = Array.from({ length: 40 }, (_, i) => ({ id: `n${String(i).padStart(2, '0')}`, nextAttemptAt: at(i) }));
      await seedNotifications(t.store, specs);
      const other = t.factory.name === 'postgres' ? await t.factory.reopen() : t.store;
      const [a, b] = await Promise.all([
        t.store.notifications.claim('w1', at(1000), at(60_000), 25),
        other.notifications.claim('w2', at(1000), at(60_000), 25),
      ]);
      const ids = [...a, ...b].map((n) => n.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(40);
    });

    it('renews only the leases the owner holds', async () => {
      await seedNotifications(t.store, [{ id: 'n1' }, { id: 'n2' }, { id: 'n3' }]);
      await t.store.notifications.claim('w1', T0, at(30_000), 2);
      await t.store.notifications.claim('w2', T0, at(30_000), 1);
      const held = await t.store.notifications.renewLeases(['n1', 'n2', 'n3', 'nope'], 'w1', at(90_000));
      expect(held.sort()).toEqual(['n1', 'n2']);
      expect(await t.store.notifications.renewLeases([], 'w1', at(90_000))).toEqual([]);
      expect((await t.store.notifications.get('n1'))?.leaseUntil).toEqual(at(90_000));
      expect((await t.store.notifications.get('n3'))?.leaseUntil).toEqual(at(30_000));
      // A renewed lease is not up for grabs at the old expiry.
      expect((await t.store.notifications.claim('w3', at(60_000), at(120_000), 10)).map((n) => n.id)).toEqual(['n3']);
    });

    it('completes for the owner: counts the attempt, appends the log, clears the lease', async () => {
      await seedNotifications(t.store, [{ id: 'n1' }]);
      await t.store.notifications.claim('w1', T0, at(30_000), 1);
      const temporary = { code: 'CONNECTION_FAILED' as const, message: 'refused' };
      expect(await t.store.notifications.complete('n1', 'w2', outcome())).toBe(false);
      const deferred = outcome({
        status: 'deferred',
        nextAttemptAt: at(60_000),
        lastError: temporary,
        sentAt: null,
        server: null,
        log: [
          logEntry({ server: 'mail1', stage: 'connect', ok: false, error: temporary, tls: null }),
          logEntry({ server: 'mail2', stage: 'connect', ok: false, error: { ...temporary, smtpCode: 421 }, tls: null, note: 'n' }),
        ],
      });
      expect(await t.store.notifications.complete('n1', 'w1', deferred)).toBe(true);
      expect(await t.store.notifications.complete('n1', 'w1', outcome())).toBe(false); // lease gone
      const afterFirst = await t.store.notifications.get('n1');
      expect(afterFirst).toMatchObject({
        status: 'deferred',
        attemptCount: 1,
        nextAttemptAt: at(60_000),
        lastError: temporary,
        leaseOwner: null,
        leaseUntil: null,
      });
      expect(afterFirst?.attemptLog).toEqual(deferred.log);
      expect(await t.store.notifications.nextDueAt()).toEqual(at(60_000));
      expect(await t.store.notifications.claim('w1', at(59_999), at(90_000), 1)).toEqual([]);
      expect(await t.store.notifications.claim('w1', at(60_000), at(90_000), 1)).toHaveLength(1);
      const sent = outcome({ rejectedRecipients: ['jane@example.com'] });
      expect(await t.store.notifications.complete('n1', 'w1', sent)).toBe(true);
      const final = await t.store.notifications.get('n1');
      expect(final).toMatchObject({
        status: 'sent',
        attemptCount: 2,
        nextAttemptAt: null,
        lastError: null,
        sentAt: at(5_000),
        server: 'mail1.corp.example',
        rejectedRecipients: ['jane@example.com'],
        leaseOwner: null,
      });
      expect(final?.attemptLog).toEqual([...deferred.log, ...sent.log]);
      expect(await t.store.notifications.nextDueAt()).toBeNull();
    });

    it('keeps each attempt\'s plaintextReason (why "if supported" went in clear) beside its note', async () => {
      await seedNotifications(t.store, [{ id: 'n1' }]);
      await t.store.notifications.claim('w1', T0, at(30_000), 1);
      const refused = { code: 'CONNECTION_FAILED' as const, message: 'refused' };
      const busy = { code: 'RECIPIENT_REJECTED' as const, message: 'try later', smtpCode: 451 };
      const sent = outcome({
        log: [
          logEntry({ server: 'mail0', stage: 'connect', ok: false, error: refused, tls: null }),
          logEntry({ server: 'mail1', stage: 'rcpt', ok: false, error: busy, tls: null, note: 'the server did not offer STARTTLS; sent without TLS (opportunistic)', plaintextReason: 'STARTTLS_NOT_OFFERED' }),
          logEntry({ server: 'mail2', tls: null, note: 'TLS handshake failed (TLS_HANDSHAKE_FAILED); delivered without TLS (opportunistic)', plaintextReason: 'TLS_HANDSHAKE_FAILED' }),
        ],
      });
      expect(await t.store.notifications.complete('n1', 'w1', sent)).toBe(true);
      const log = (await t.store.notifications.get('n1'))?.attemptLog;
      expect(log).toEqual(sent.log);
      expect(log?.map((entry) => entry.plaintextReason)).toEqual([undefined, 'STARTTLS_NOT_OFFERED', 'TLS_HANDSHAKE_FAILED']);
      expect(log?.[0]).not.toHaveProperty('plaintextReason');
    });

    it('releases every lease back to queued, due at once', async () => {
      await seedNotifications(t.store, [{ id: 'n1' }, { id: 'n2' }, { id: 'n3', nextAttemptAt: at(1) }]);
      await t.store.notifications.claim('w1', at(10), at(30_000), 2);
      let wakes = 0;
      t.store.onNotificationsQueued(() => {
        wakes += 1;
      });
      expect(await t.store.notifications.releaseAllLeases()).toBe(2);
      expect(wakes).toBe(1);
      expect(await t.store.notifications.releaseAllLeases()).toBe(0);
      const n1 = await t.store.notifications.get('n1');
      expect(n1).toMatchObject({ status: 'queued', leaseOwner: null, leaseUntil: null });
      expect((await t.store.notifications.claim('w2', at(10), at(30_000), 10)).map((n) => n.id).sort()).toEqual([
        'n1',
        'n2',
        'n3',
      ]);
    });

    it('nextDueAt is the earliest due time or lease expiry among pending rows', async () => {
      expect(await t.store.notifications.nextDueAt()).toBeNull();
      await seedNotifications(t.store, [
        { id: 'n1', nextAttemptAt: at(5_000) },
        { id: 'n2', nextAttemptAt: at(1_000) },
        { id: 'x', status: 'failed', nextAttemptAt: null },
      ]);
      expect(await t.store.notifications.nextDueAt()).toEqual(at(1_000));
      await t.store.notifications.claim('w', at(1_000), at(3_000), 1);
      expect(await t.store.notifications.nextDueAt()).toEqual(at(3_000));
    });
  });
});
