/**
 * The store contract: every behaviour the rest of Herald relies on, run against SQLite and
 * PostgreSQL alike (see test-support.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredCertificate } from '../domain/certificate.js';
import { defaultEmailSettings } from '../domain/email-settings.js';
import { InputError } from '../domain/errors.js';
import type { Policy } from '../domain/policy.js';
import { defaultRules } from '../domain/rules.js';
import { at, item, logEntry, makeEvent, makeNotification, seedNotifications, T0 } from './fixtures.test-helpers.js';
import type { AttemptOutcome, Store } from './ports.js';
import { storeFactories } from './test-support.js';

const factories = await storeFactories();

function cert(id: string, createdAt: Date): StoredCertificate {
  return {
    id,
    kind: 'client',
    format: 'pkcs12',
    certificatePem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    privateKeySealed: 'sealed:abc',
    certificates: [
      {
        subject: 'CN=herald',
        issuer: 'CN=Corp CA',
        serialNumber: '01',
        notBefore: '2025-01-01T00:00:00.000Z',
        notAfter: '2027-01-01T00:00:00.000Z',
        fingerprintSha256: 'AB:CD',
        selfSigned: false,
      },
    ],
    warnings: ['EXPIRES_SOON'],
    createdAt,
  };
}

function policy(applicationId: string, overrides: Partial<Policy> = {}): Policy {
  return {
    applicationId,
    name: `Policy ${applicationId}`,
    email: { recipients: ['a@example.com'], tls: { mode: 'required' }, helo: null },
    rules: { severities: ['critical'], eventTypes: { X: false } },
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

function outcome(overrides: Partial<AttemptOutcome> = {}): AttemptOutcome {
  return {
    status: 'sent',
    nextAttemptAt: null,
    lastError: null,
    sentAt: at(5_000),
    server: 'mail1.corp.example',
    rejectedRecipients: [],
    log: [logEntry({ at: at(5_000) })],
    ...overrides,
  };
}

describe.each(factories)('$name store', (factory) => {
  describe.skipIf(factory.skip !== null)(factory.skip ?? 'contract', () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.open();
    });
    afterEach(async () => {
      await factory.cleanup();
    });

    it('reports its kind', () => {
      expect(store.kind).toBe(factory.name);
    });

    describe('settings', () => {
      it('is null before the first put, then versioned from 1 upwards', async () => {
        expect(await store.settings.getEmail()).toBeNull();
        expect(await store.settings.getRules()).toBeNull();
        const email = { ...defaultEmailSettings(), recipients: ['soc@example.com'], servers: ['mail1'] };
        expect(await store.settings.putEmail(email)).toEqual({ value: email, version: 1 });
        expect(await store.settings.getEmail()).toEqual({ value: email, version: 1 });
        const changed = { ...email, port: 587 };
        expect((await store.settings.putEmail(changed)).version).toBe(2);
        expect(await store.settings.getEmail()).toEqual({ value: changed, version: 2 });
        expect(await store.settings.putRules(defaultRules())).toEqual({ value: defaultRules(), version: 1 });
        expect(await store.settings.getRules()).toEqual({ value: defaultRules(), version: 1 });
      });

      it('bumps configVersion on settings, rules, policy and certificate writes only', async () => {
        const versions: number[] = [await store.settings.configVersion()];
        const step = async (write: () => Promise<unknown>): Promise<void> => {
          await write();
          versions.push(await store.settings.configVersion());
        };
        await step(() => store.settings.putEmail(defaultEmailSettings()));
        await step(() => store.settings.putRules(defaultRules()));
        await step(() => store.policies.put(policy('kes')));
        await step(() => store.policies.delete('kes'));
        await step(() => store.certificates.insert(cert('c1', T0)));
        await step(() => store.certificates.delete('c1'));
        for (let i = 1; i < versions.length; i += 1) expect(versions[i]).toBeGreaterThan(versions[i - 1] ?? Infinity);
        const before = await store.settings.configVersion();
        await store.policies.delete('absent');
        await store.certificates.delete('absent');
        await store.events.ingest([item('n1')]);
        expect(await store.settings.configVersion()).toBe(before);
      });
    });

    describe('users and sessions', () => {
      it('creates, counts and finds admin users', async () => {
        expect(await store.users.count()).toBe(0);
        const user = { id: 'u1', username: 'admin', passwordHash: 'scrypt$16384$8$1$salt$hash', createdAt: T0 };
        await store.users.create(user);
        expect(await store.users.count()).toBe(1);
        expect(await store.users.findByUsername('admin')).toEqual(user);
        expect(await store.users.findById('u1')).toEqual(user);
        expect(await store.users.findByUsername('Admin')).toBeNull();
        expect(await store.users.findById('u2')).toBeNull();
        await expect(store.users.create({ ...user, id: 'u2' })).rejects.toThrow();
      });

      it('finds a session until it expires, and not after delete', async () => {
        await store.users.create({ id: 'u1', username: 'admin', passwordHash: 'h', createdAt: T0 });
        const session = { tokenHash: 'th', userId: 'u1', csrfToken: 'csrf', createdAt: T0, expiresAt: at(60_000) };
        await store.sessions.create(session);
        expect(await store.sessions.find('th', at(59_999))).toEqual(session);
        expect(await store.sessions.find('th', at(60_000))).toBeNull();
        expect(await store.sessions.find('other', T0)).toBeNull();
        await store.sessions.delete('th');
        expect(await store.sessions.find('th', T0)).toBeNull();
      });
    });

    describe('agent tokens', () => {
      it('lists newest first, revokes keeping the row, finds revoked ones by hash', async () => {
        const a = { id: 't1', name: 'agents A', tokenHash: 'ha', createdAt: T0, revokedAt: null, lastUsedAt: null };
        const b = { ...a, id: 't2', name: 'agents B', tokenHash: 'hb', createdAt: at(1) };
        await store.agentTokens.create(a);
        await store.agentTokens.create(b);
        expect((await store.agentTokens.list()).map((t) => t.id)).toEqual(['t2', 't1']);
        expect(await store.agentTokens.findByHash('ha')).toEqual(a);
        expect(await store.agentTokens.revoke('t1', at(10))).toBe(true);
        expect(await store.agentTokens.revoke('t1', at(20))).toBe(false);
        expect(await store.agentTokens.revoke('nope', at(20))).toBe(false);
        expect(await store.agentTokens.findByHash('ha')).toEqual({ ...a, revokedAt: at(10) });
        expect(await store.agentTokens.list()).toHaveLength(2);
        await store.agentTokens.markUsed('t2', at(30));
        expect((await store.agentTokens.findByHash('hb'))?.lastUsedAt).toEqual(at(30));
        expect(await store.agentTokens.findByHash('nope')).toBeNull();
      });
    });

    describe('certificates', () => {
      it('round-trips, lists newest first and deletes', async () => {
        const ca: StoredCertificate = { ...cert('c1', T0), kind: 'ca', format: null, privateKeySealed: null, warnings: [] };
        const client = cert('c2', at(1));
        await store.certificates.insert(ca);
        await store.certificates.insert(client);
        expect(await store.certificates.get('c1')).toEqual(ca);
        expect(await store.certificates.get('c2')).toEqual(client);
        expect((await store.certificates.list()).map((c) => c.id)).toEqual(['c2', 'c1']);
        expect(await store.certificates.delete('c1')).toBe(true);
        expect(await store.certificates.delete('c1')).toBe(false);
        expect(await store.certificates.get('c1')).toBeNull();
      });
    });

    describe('policies', () => {
      it('puts (keeping createdAt), gets, lists by applicationId and deletes', async () => {
        const first = await store.policies.put(policy('kes'));
        expect(first).toEqual(policy('kes'));
        await store.policies.put(policy('aaa'));
        const replaced = await store.policies.put(
          policy('kes', { name: 'renamed', email: {}, rules: {}, createdAt: at(99), updatedAt: at(100) }),
        );
        expect(replaced).toEqual(policy('kes', { name: 'renamed', email: {}, rules: {}, createdAt: T0, updatedAt: at(100) }));
        expect(await store.policies.get('kes')).toEqual(replaced);
        expect((await store.policies.list()).map((p) => p.applicationId)).toEqual(['aaa', 'kes']);
        expect(await store.policies.delete('kes')).toBe(true);
        expect(await store.policies.delete('kes')).toBe(false);
        expect(await store.policies.get('kes')).toBeNull();
      });
    });

    describe('events: ingest', () => {
      it('stores every field exactly', async () => {
        const full = makeEvent('e1');
        const sparse = makeEvent('e2', {
          typeName: null,
          description: null,
          device: { id: null, name: null, domain: null, ip: null },
          application: { id: null, name: null, version: null },
          task: null,
          data: null,
          sourceIp: null,
          severity: 'info',
        });
        expect(
          await store.events.ingest([
            { event: full, notification: null },
            { event: sparse, notification: null },
          ]),
        ).toEqual({ accepted: 2, duplicates: 0 });
        expect(await store.events.get('e1')).toEqual(full);
        expect(await store.events.get('e2')).toEqual(sparse);
        expect(await store.events.get('e3')).toBeNull();
      });

      it('writes the notification with the event', async () => {
        const n = makeNotification('n1', 'e1', { lastError: null, rejectedRecipients: ['x@example.com'] });
        await store.events.ingest([{ event: makeEvent('e1'), notification: n }]);
        expect(await store.notifications.get('n1')).toEqual({ ...n, leaseOwner: null, leaseUntil: null, attemptLog: [] });
      });

      it('first wins for a re-sent id: counted as duplicate, stored and notified once', async () => {
        await store.events.ingest([item('n1')]);
        const again = item('n2', {}, { id: 'e-n1', description: 'other content' });
        expect(await store.events.ingest([again, item('n3')])).toEqual({ accepted: 1, duplicates: 1 });
        expect((await store.events.get('e-n1'))?.description).toBe(makeEvent('x').description);
        expect(await store.notifications.get('n2')).toBeNull();
        expect((await store.notifications.list({}, { limit: 10 })).items.map((n) => n.id).sort()).toEqual(['n1', 'n3']);
      });

      it('first wins inside one batch too', async () => {
        const first = item('n1', {}, { id: 'same', description: 'first' });
        const second = item('n2', {}, { id: 'same', description: 'second' });
        expect(await store.events.ingest([first, second])).toEqual({ accepted: 1, duplicates: 1 });
        expect((await store.events.get('same'))?.description).toBe('first');
        expect(await store.notifications.get('n1')).not.toBeNull();
        expect(await store.notifications.get('n2')).toBeNull();
      });

      it('is all or nothing', async () => {
        await store.events.ingest([item('n1')]);
        // The second item's notification id collides with an existing one: the batch fails.
        const batch = [item('n2'), { event: makeEvent('e-x'), notification: makeNotification('n1', 'e-x') }, item('n3')];
        await expect(store.events.ingest(batch)).rejects.toThrow();
        expect(await store.events.get('e-n2')).toBeNull();
        expect(await store.events.get('e-x')).toBeNull();
        expect(await store.notifications.get('n2')).toBeNull();
        expect((await store.notifications.stats()).byStatus.queued).toBe(1);
        // An invalid row (unknown severity) fails the whole batch as well.
        const invalid = item('n5', {}, { severity: 'bogus' as 'info' });
        await expect(store.events.ingest([item('n4'), invalid])).rejects.toThrow();
        expect(await store.events.get('e-n4')).toBeNull();
      });

      it('accepts an empty batch', async () => {
        expect(await store.events.ingest([])).toEqual({ accepted: 0, duplicates: 0 });
      });

      it('does not crash on NUL characters', async () => {
        const event = makeEvent('nul', { description: 'a\u0000b', data: { 'k\u0000': 'v\u0000', literal: '\\u0000' } });
        await store.events.ingest([{ event, notification: makeNotification('n-nul', 'nul', { subject: 's\u0000' }) }]);
        const stored = await store.events.get('nul');
        expect(['a\u0000b', 'a\uFFFDb']).toContain(stored?.description);
        expect(stored?.data?.['literal']).toBe('\\u0000');
        expect(await store.notifications.get('n-nul')).not.toBeNull();
      });

      it('wakes listeners after a commit that created pending notifications only', async () => {
        let wakes = 0;
        const off = store.onNotificationsQueued(() => {
          wakes += 1;
        });
        await store.events.ingest([item('n1')]);
        expect(wakes).toBe(1);
        await store.events.ingest([item('n1')]); // duplicate: nothing new
        await store.events.ingest([{ event: makeEvent('quiet'), notification: null }]);
        await store.events.ingest([item('n2', { status: 'failed', nextAttemptAt: null })]);
        expect(wakes).toBe(1);
        off();
        await store.events.ingest([item('n3')]);
        expect(wakes).toBe(1);
      });
    });

    describe('events: list and prune', () => {
      // 7 events, several sharing one receivedAt, with mixed attributes.
      beforeEach(async () => {
        const spec: Array<[string, number, 'critical' | 'info', string, string]> = [
          ['a', 0, 'critical', 'kes', 'WKS-1'],
          ['b', 1000, 'info', 'kes', 'WKS-2'],
          ['c', 1000, 'critical', 'kes', 'WKS-1'],
          ['d', 1000, 'critical', 'ksn', 'WKS-1'],
          ['e', 1000, 'info', 'kes', 'WKS-1'],
          ['f', 2000, 'critical', 'kes', 'WKS-1'],
          ['g', 3000, 'critical', 'kes', 'WKS-2'],
        ];
        await store.events.ingest(
          spec.map(([id, ms, severity, app, device]) => ({
            event: makeEvent(id, {
              receivedAt: at(ms),
              severity,
              application: { id: app, name: null, version: null },
              device: { id: null, name: device, domain: null, ip: null },
            }),
            notification: null,
          })),
        );
      });

      it('pages newest first with a stable cursor across equal timestamps', async () => {
        const seen: string[] = [];
        let before: string | undefined;
        for (let pages = 0; pages < 10; pages += 1) {
          const page = await store.events.list({}, { limit: 2, before });
          expect(page.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.items.map((e) => e.id));
          if (page.nextCursor === null) break;
          before = page.nextCursor;
        }
        expect(seen).toEqual(['g', 'f', 'e', 'd', 'c', 'b', 'a']);
        const all = await store.events.list({}, { limit: 7 });
        expect(all.items).toHaveLength(7);
        expect(all.nextCursor).toBeNull();
      });

      it('combines filters', async () => {
        const ids = async (filter: Parameters<Store['events']['list']>[0]): Promise<string[]> =>
          (await store.events.list(filter, { limit: 50 })).items.map((e) => e.id);
        expect(await ids({ severity: 'info' })).toEqual(['e', 'b']);
        expect(await ids({ applicationId: 'ksn' })).toEqual(['d']);
        expect(await ids({ deviceName: 'WKS-2' })).toEqual(['g', 'b']);
        expect(await ids({ severity: 'critical', applicationId: 'kes', deviceName: 'WKS-1' })).toEqual(['f', 'c', 'a']);
        const first = await store.events.list({ severity: 'critical', deviceName: 'WKS-1' }, { limit: 2 });
        expect(first.items.map((e) => e.id)).toEqual(['f', 'd']);
        const second = await store.events.list(
          { severity: 'critical', deviceName: 'WKS-1' },
          { limit: 2, before: first.nextCursor ?? undefined },
        );
        expect(second.items.map((e) => e.id)).toEqual(['c', 'a']);
        expect(second.nextCursor).toBeNull();
      });

      it('refuses a malformed cursor with a 400 InputError', async () => {
        await expect(store.events.list({}, { limit: 5, before: 'not-a-cursor' })).rejects.toBeInstanceOf(InputError);
      });

      it('prunes by age, oldest first, at most batchSize per call', async () => {
        expect(await store.events.prune(at(1500), 100, 3)).toBe(3);
        expect(await store.events.prune(at(1500), 100, 3)).toBe(2);
        expect(await store.events.prune(at(1500), 100, 3)).toBe(0);
        expect((await store.events.list({}, { limit: 50 })).items.map((e) => e.id)).toEqual(['g', 'f']);
      });

      it('prunes beyond the newest maxCount, and the union with the age limit', async () => {
        expect(await store.events.prune(at(-1), 3, 100)).toBe(4);
        expect((await store.events.list({}, { limit: 50 })).items.map((e) => e.id)).toEqual(['g', 'f', 'e']);
        expect(await store.events.prune(at(2500), 2, 100)).toBe(2);
        expect((await store.events.list({}, { limit: 50 })).items.map((e) => e.id)).toEqual(['g']);
        expect(await store.events.prune(at(-1), 0, 100)).toBe(1);
      });
    });

    describe('notifications: claim and leases', () => {
      it('claims due queued/deferred rows oldest due first, respecting limit', async () => {
        await seedNotifications(store, [
          { id: 'late', nextAttemptAt: at(3000) },
          { id: 'q1', nextAttemptAt: at(1000) },
          { id: 'd1', status: 'deferred', nextAttemptAt: at(500), attemptCount: 1 },
          { id: 'future', nextAttemptAt: at(60_000) },
          { id: 'sent', status: 'sent', nextAttemptAt: null, sentAt: T0 },
          { id: 'failed', status: 'failed', nextAttemptAt: null },
        ]);
        const claimed = await store.notifications.claim('w1', at(5000), at(35_000), 2);
        expect(claimed.map((n) => n.id)).toEqual(['d1', 'q1']);
        for (const n of claimed) {
          expect(n).toMatchObject({ status: 'sending', leaseOwner: 'w1', leaseUntil: at(35_000) });
        }
        expect((await store.notifications.claim('w2', at(5000), at(35_000), 10)).map((n) => n.id)).toEqual(['late']);
        expect(await store.notifications.claim('w3', at(5000), at(35_000), 10)).toEqual([]);
        expect((await store.notifications.get('q1'))?.status).toBe('sending');
      });

      it('never hands out a valid lease; takes over an expired one', async () => {
        await seedNotifications(store, [{ id: 'n1' }]);
        await store.notifications.claim('w1', T0, at(30_000), 10);
        expect(await store.notifications.claim('w2', at(29_999), at(60_000), 10)).toEqual([]);
        const taken = await store.notifications.claim('w2', at(30_000), at(60_000), 10);
        expect(taken.map((n) => [n.id, n.leaseOwner])).toEqual([['n1', 'w2']]);
        // The old owner lost it: no renewal, no completion.
        expect(await store.notifications.renewLeases(['n1'], 'w1', at(90_000))).toEqual([]);
        expect(await store.notifications.complete('n1', 'w1', outcome())).toBe(false);
      });

      it('orders expired leases and due rows by when they became due', async () => {
        await seedNotifications(store, [{ id: 'a', nextAttemptAt: at(0) }]);
        await store.notifications.claim('w1', at(0), at(10_000), 1); // lease expires at 10 s
        await seedNotifications(store, [{ id: 'b', nextAttemptAt: at(5_000) }, { id: 'c', nextAttemptAt: at(20_000) }]);
        const claimed = await store.notifications.claim('w2', at(30_000), at(60_000), 10);
        expect(claimed.map((n) => n.id)).toEqual(['b', 'a', 'c']);
      });

      it('never gives one row to two concurrent claimers', async () => {
        const specs = Array.from({ length: 40 }, (_, i) => ({ id: `n${String(i).padStart(2, '0')}`, nextAttemptAt: at(i) }));
        await seedNotifications(store, specs);
        const other = factory.name === 'postgres' ? await factory.reopen() : store;
        const [a, b] = await Promise.all([
          store.notifications.claim('w1', at(1000), at(60_000), 25),
          other.notifications.claim('w2', at(1000), at(60_000), 25),
        ]);
        const ids = [...a, ...b].map((n) => n.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(40);
      });

      it('renews only the leases the owner holds', async () => {
        await seedNotifications(store, [{ id: 'n1' }, { id: 'n2' }, { id: 'n3' }]);
        await store.notifications.claim('w1', T0, at(30_000), 2);
        await store.notifications.claim('w2', T0, at(30_000), 1);
        const held = await store.notifications.renewLeases(['n1', 'n2', 'n3', 'nope'], 'w1', at(90_000));
        expect(held.sort()).toEqual(['n1', 'n2']);
        expect(await store.notifications.renewLeases([], 'w1', at(90_000))).toEqual([]);
        expect((await store.notifications.get('n1'))?.leaseUntil).toEqual(at(90_000));
        expect((await store.notifications.get('n3'))?.leaseUntil).toEqual(at(30_000));
        // A renewed lease is not up for grabs at the old expiry.
        expect((await store.notifications.claim('w3', at(60_000), at(120_000), 10)).map((n) => n.id)).toEqual(['n3']);
      });

      it('completes for the owner: counts the attempt, appends the log, clears the lease', async () => {
        await seedNotifications(store, [{ id: 'n1' }]);
        await store.notifications.claim('w1', T0, at(30_000), 1);
        const temporary = { code: 'CONNECTION_FAILED' as const, message: 'refused' };
        expect(await store.notifications.complete('n1', 'w2', outcome())).toBe(false);
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
        expect(await store.notifications.complete('n1', 'w1', deferred)).toBe(true);
        expect(await store.notifications.complete('n1', 'w1', outcome())).toBe(false); // lease gone
        const afterFirst = await store.notifications.get('n1');
        expect(afterFirst).toMatchObject({
          status: 'deferred',
          attemptCount: 1,
          nextAttemptAt: at(60_000),
          lastError: temporary,
          leaseOwner: null,
          leaseUntil: null,
        });
        expect(afterFirst?.attemptLog).toEqual(deferred.log);
        expect(await store.notifications.nextDueAt()).toEqual(at(60_000));
        expect(await store.notifications.claim('w1', at(59_999), at(90_000), 1)).toEqual([]);
        expect(await store.notifications.claim('w1', at(60_000), at(90_000), 1)).toHaveLength(1);
        const sent = outcome({ rejectedRecipients: ['jane@example.com'] });
        expect(await store.notifications.complete('n1', 'w1', sent)).toBe(true);
        const final = await store.notifications.get('n1');
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
        expect(await store.notifications.nextDueAt()).toBeNull();
      });

      it('releases every lease back to queued, due at once', async () => {
        await seedNotifications(store, [{ id: 'n1' }, { id: 'n2' }, { id: 'n3', nextAttemptAt: at(1) }]);
        await store.notifications.claim('w1', at(10), at(30_000), 2);
        let wakes = 0;
        store.onNotificationsQueued(() => {
          wakes += 1;
        });
        expect(await store.notifications.releaseAllLeases()).toBe(2);
        expect(wakes).toBe(1);
        expect(await store.notifications.releaseAllLeases()).toBe(0);
        const n1 = await store.notifications.get('n1');
        expect(n1).toMatchObject({ status: 'queued', leaseOwner: null, leaseUntil: null });
        expect((await store.notifications.claim('w2', at(10), at(30_000), 10)).map((n) => n.id).sort()).toEqual([
          'n1',
          'n2',
          'n3',
        ]);
      });

      it('nextDueAt is the earliest due time or lease expiry among pending rows', async () => {
        expect(await store.notifications.nextDueAt()).toBeNull();
        await seedNotifications(store, [
          { id: 'n1', nextAttemptAt: at(5_000) },
          { id: 'n2', nextAttemptAt: at(1_000) },
          { id: 'x', status: 'failed', nextAttemptAt: null },
        ]);
        expect(await store.notifications.nextDueAt()).toEqual(at(1_000));
        await store.notifications.claim('w', at(1_000), at(3_000), 1);
        expect(await store.notifications.nextDueAt()).toEqual(at(3_000));
      });
    });

    describe('notifications: retry, stats, list, prune', () => {
      it('brings deferred notifications forward when the transport settings change, nothing else', async () => {
        await seedNotifications(store, [
          { id: 'later', status: 'deferred', nextAttemptAt: at(3_600_000) },
          { id: 'due', status: 'deferred', nextAttemptAt: at(1_000) },
          { id: 'q', nextAttemptAt: at(5_000_000) },
          { id: 'f', status: 'failed', nextAttemptAt: null },
        ]);
        let wakes = 0;
        store.onNotificationsQueued(() => {
          wakes += 1;
        });
        expect(await store.notifications.expediteDeferred(at(2_000))).toBe(1);
        expect(wakes).toBe(1);
        expect(await store.notifications.get('later')).toMatchObject({ status: 'deferred', nextAttemptAt: at(2_000), ageFrom: T0 });
        expect((await store.notifications.get('due'))?.nextAttemptAt).toEqual(at(1_000));
        expect((await store.notifications.get('q'))?.nextAttemptAt).toEqual(at(5_000_000));
        expect((await store.notifications.claim('w', at(2_000), at(30_000), 10)).map((n) => n.id).sort()).toEqual(['due', 'later']);
        expect(await store.notifications.expediteDeferred(at(2_000))).toBe(0);
      });

      it('retries only failed ones: queued now, age restarted, lastError kept', async () => {
        const error = { code: 'MAX_AGE_EXCEEDED' as const, message: 'too old' };
        await seedNotifications(store, [
          { id: 'f', status: 'failed', nextAttemptAt: null, lastError: error, attemptCount: 3 },
          { id: 'q' },
          { id: 's', status: 'sent', nextAttemptAt: null },
        ]);
        let wakes = 0;
        store.onNotificationsQueued(() => {
          wakes += 1;
        });
        expect(await store.notifications.retry('f', at(99_000))).toBe(true);
        expect(wakes).toBe(1);
        expect(await store.notifications.get('f')).toMatchObject({
          status: 'queued',
          nextAttemptAt: at(99_000),
          ageFrom: at(99_000),
          createdAt: T0,
          attemptCount: 3,
          lastError: error,
        });
        expect(await store.notifications.retry('f', at(99_000))).toBe(false);
        expect(await store.notifications.retry('q', at(99_000))).toBe(false);
        expect(await store.notifications.retry('s', at(99_000))).toBe(false);
        expect(await store.notifications.retry('absent', at(99_000))).toBe(false);
        expect(wakes).toBe(1);
        const claimed = await store.notifications.claim('w', at(99_000), at(120_000), 10);
        expect(claimed.map((n) => n.id).sort()).toEqual(['f', 'q']);
      });

      it('counts per status (zeros included) and the oldest pending createdAt', async () => {
        expect(await store.notifications.stats()).toEqual({
          byStatus: { queued: 0, sending: 0, deferred: 0, sent: 0, failed: 0 },
          oldestPendingCreatedAt: null,
        });
        await seedNotifications(store, [
          { id: 'old-sent', status: 'sent', createdAt: at(-9_000), nextAttemptAt: null },
          { id: 'q', createdAt: at(-5_000) },
          { id: 'd', status: 'deferred', createdAt: at(-1_000) },
          { id: 'q2', createdAt: at(-7_000), nextAttemptAt: at(-7_000) },
        ]);
        await store.notifications.claim('w', at(10), at(30_000), 1); // q2 (due first) → sending
        const stats = await store.notifications.stats();
        expect(stats.byStatus).toEqual({ queued: 1, sending: 1, deferred: 1, sent: 1, failed: 0 });
        expect(stats.oldestPendingCreatedAt).toEqual(at(-7_000));
      });

      it('lists newest first with status filter and a stable cursor', async () => {
        await seedNotifications(store, [
          { id: 'a', createdAt: at(0) },
          { id: 'b', createdAt: at(1) },
          { id: 'c', createdAt: at(1) },
          { id: 'd', createdAt: at(1), status: 'failed', nextAttemptAt: null },
          { id: 'e', createdAt: at(2) },
        ]);
        const first = await store.notifications.list({}, { limit: 3 });
        expect(first.items.map((n) => n.id)).toEqual(['e', 'd', 'c']);
        const second = await store.notifications.list({}, { limit: 3, before: first.nextCursor ?? undefined });
        expect(second.items.map((n) => n.id)).toEqual(['b', 'a']);
        expect(second.nextCursor).toBeNull();
        expect((await store.notifications.list({ status: 'failed' }, { limit: 3 })).items.map((n) => n.id)).toEqual(['d']);
        const queued1 = await store.notifications.list({ status: 'queued' }, { limit: 2 });
        expect(queued1.items.map((n) => n.id)).toEqual(['e', 'c']);
        const queued2 = await store.notifications.list({ status: 'queued' }, { limit: 2, before: queued1.nextCursor ?? undefined });
        expect(queued2.items.map((n) => n.id)).toEqual(['b', 'a']);
        await expect(store.notifications.list({}, { limit: 1, before: '%%%' })).rejects.toBeInstanceOf(InputError);
      });

      it('prunes only finished notifications older than the limit, with their attempt log', async () => {
        await seedNotifications(store, [
          { id: 's1', status: 'sent', createdAt: at(-3), nextAttemptAt: null },
          { id: 'f1', status: 'failed', createdAt: at(-2), nextAttemptAt: null },
          { id: 's2', status: 'sent', createdAt: at(-1), nextAttemptAt: null },
          { id: 'q', createdAt: at(-10) },
          { id: 'd', status: 'deferred', createdAt: at(-10) },
          { id: 'new', status: 'sent', createdAt: at(5), nextAttemptAt: null },
          { id: 'live', createdAt: at(-10), nextAttemptAt: at(-10) },
        ]);
        await store.notifications.claim('w', T0, at(30_000), 1); // 'live' → sending
        await store.notifications.complete('live', 'w', outcome({ status: 'failed', sentAt: null }));
        expect(await store.notifications.prune(T0, 2)).toBe(2);
        expect(await store.notifications.prune(T0, 2)).toBe(2);
        expect(await store.notifications.prune(T0, 2)).toBe(0);
        const left = (await store.notifications.list({}, { limit: 50 })).items.map((n) => n.id).sort();
        expect(left).toEqual(['d', 'new', 'q']);
        expect(await store.notifications.get('live')).toBeNull();
      });
    });

    it('keeps everything across close and reopen', async () => {
      await store.events.ingest([item('n1')]);
      await store.settings.putEmail(defaultEmailSettings());
      await store.close();
      const again = await factory.reopen();
      expect(await again.events.get('e-n1')).not.toBeNull();
      expect((await again.notifications.get('n1'))?.status).toBe('queued');
      expect((await again.settings.getEmail())?.version).toBe(1);
    });
  });
});
