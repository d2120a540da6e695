/**
 * Store contract: text with NUL characters or lone surrogates is stored with U+FFFD in their
 * place (API.md), by every repository that takes free text, on SQLite and PostgreSQL alike
 * (see harness.test-helpers.ts). The HTTP layer replaces them first; this proves the stores'
 * own guard (`../storable-params.ts`), so both give back the same text. (Events the HTTP layer
 * built are marked storable and SQLite skips its guard for them: test/api/malformed-input.test.ts
 * proves that path end to end.)
 */
import { describe, expect, it } from 'vitest';
import { defaultEmailSettings } from '../../domain/email-settings.js';
import { at, logEntry, makeEvent, makeNotification, makePolicy, outcome, T0 } from '../fixtures.test-helpers.js';
import { describeStoreContract } from './harness.test-helpers.js';

/** A NUL, a lone high and a lone low surrogate, and a valid pair that must stay. */
const BAD = 'a\u0000b\uD800c\uDC00d\uD83D\uDE00';
const CLEAN = 'a\uFFFDb\uFFFDc\uFFFDd\uD83D\uDE00';

describeStoreContract('storable text', (t) => {
  describe('NUL and lone surrogates become U+FFFD', () => {
    it('in events (fields and JSON data, keys too) and the notifications ingest creates', async () => {
      const event = makeEvent('e1', {
        typeName: BAD,
        description: BAD,
        device: { id: 'dev-1', name: BAD, domain: null, ip: null },
        task: BAD,
        data: { [`k${BAD}`]: BAD, list: [BAD], literal: '\\u0000' },
      });
      const notification = makeNotification('n1', 'e1', { subject: BAD, body: BAD, sender: `${BAD} <h@example.com>`, recipients: [BAD] });
      await t.store.events.ingest([{ event, notification }]);
      const stored = await t.store.events.get('e1');
      expect(stored).toMatchObject({ typeName: CLEAN, description: CLEAN, device: { name: CLEAN }, task: CLEAN });
      expect(stored?.data).toEqual({ [`k${CLEAN}`]: CLEAN, list: [CLEAN], literal: '\\u0000' });
      expect(await t.store.notifications.get('n1')).toMatchObject({
        subject: CLEAN,
        body: CLEAN,
        sender: `${CLEAN} <h@example.com>`,
        recipients: [CLEAN],
      });
    });

    it('in attempt outcomes and their log', async () => {
      await t.store.events.ingest([{ event: makeEvent('e1'), notification: makeNotification('n1', 'e1') }]);
      expect(await t.store.notifications.claim('w', T0, at(30_000), 1)).toHaveLength(1);
      const error = { code: 'CONNECTION_FAILED' as const, message: BAD };
      const done = outcome({
        status: 'failed',
        sentAt: null,
        lastError: error,
        server: BAD,
        rejectedRecipients: [BAD],
        log: [logEntry({ server: BAD, ok: false, stage: 'connect', error, tls: null, note: BAD })],
      });
      expect(await t.store.notifications.complete('n1', 'w', done)).toBe(true);
      const stored = await t.store.notifications.get('n1');
      expect(stored).toMatchObject({ lastError: { message: CLEAN }, server: CLEAN, rejectedRecipients: [CLEAN] });
      expect(stored?.attemptLog).toMatchObject([{ server: CLEAN, error: { message: CLEAN }, note: CLEAN }]);
    });

    it('in settings, policies and the audit log', async () => {
      await t.store.settings.putEmail({ ...defaultEmailSettings(), subject: BAD });
      expect((await t.store.settings.getEmail())?.value.subject).toBe(CLEAN);
      await t.store.policies.put(makePolicy('kes', { name: BAD, email: { subject: BAD } }));
      expect(await t.store.policies.get('kes')).toMatchObject({ name: CLEAN, email: { subject: CLEAN } });
      await t.store.audit.append({ id: 'a1', at: T0, actor: { kind: 'user', name: BAD }, clientIp: BAD, action: 'x.update', target: BAD, changedFields: [BAD] });
      expect((await t.store.audit.list({ limit: 1 })).items).toEqual([
        { id: 'a1', at: T0, actor: { kind: 'user', name: CLEAN }, clientIp: CLEAN, action: 'x.update', target: CLEAN, changedFields: [CLEAN] },
      ]);
    });

    it('in token names, user names and log-in failure keys', async () => {
      const token = { id: 't1', name: BAD, tokenHash: 'h1', createdAt: T0, revokedAt: null, lastUsedAt: null };
      await t.store.agentTokens.create(token);
      expect((await t.store.agentTokens.findByHash('h1'))?.name).toBe(CLEAN);
      await t.store.adminTokens.create({ ...token, createdBy: { kind: 'user', name: BAD } });
      expect(await t.store.adminTokens.findByHash('h1')).toMatchObject({ name: CLEAN, createdBy: { name: CLEAN } });
      await t.store.users.create({ id: 'u1', username: BAD, passwordHash: 'x', createdAt: T0 });
      expect((await t.store.users.findById('u1'))?.username).toBe(CLEAN);
      expect(await t.store.loginFailures.recordAttempt([BAD], at(1), T0)).toEqual(new Map([[BAD, 1]]));
      expect(await t.store.loginFailures.count([CLEAN, BAD], T0)).toEqual(new Map([[CLEAN, 1], [BAD, 1]]));
    });
  });
});
