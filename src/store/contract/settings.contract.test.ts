/** Store contract: settings and the config version, on SQLite and PostgreSQL alike (see harness.test-helpers.ts). */
import { describe, expect, it } from 'vitest';
import { defaultEmailSettings } from '../../domain/email-settings.js';
import { defaultRules } from '../../domain/rules.js';
import { item, makeCertificate, makePolicy, T0 } from '../fixtures.test-helpers.js';
import { describeStoreContract } from './harness.test-helpers.js';

describeStoreContract('settings', (t) => {
  it('reports its kind', () => {
    expect(t.store.kind).toBe(t.factory.name);
  });

  describe('settings', () => {
    it('is null before the first put, then versioned from 1 upwards', async () => {
      expect(await t.store.settings.getEmail()).toBeNull();
      expect(await t.store.settings.getRules()).toBeNull();
      const email = { ...defaultEmailSettings(), recipients: ['soc@example.com'], servers: ['mail1'] };
      expect(await t.store.settings.putEmail(email)).toEqual({ value: email, version: 1 });
      expect(await t.store.settings.getEmail()).toEqual({ value: email, version: 1 });
      const changed = { ...email, port: 587 };
      expect((await t.store.settings.putEmail(changed)).version).toBe(2);
      expect(await t.store.settings.getEmail()).toEqual({ value: changed, version: 2 });
      expect(await t.store.settings.putRules(defaultRules())).toEqual({ value: defaultRules(), version: 1 });
      expect(await t.store.settings.getRules()).toEqual({ value: defaultRules(), version: 1 });
    });

    it('bumps configVersion on settings, rules, policy and certificate writes only', async () => {
      const versions: number[] = [await t.store.settings.configVersion()];
      const step = async (write: () => Promise<unknown>): Promise<void> => {
        await write();
        versions.push(await t.store.settings.configVersion());
      };
      await step(() => t.store.settings.putEmail(defaultEmailSettings()));
      await step(() => t.store.settings.putRules(defaultRules()));
      await step(() => t.store.policies.put(makePolicy('kes')));
      await step(() => t.store.policies.delete('kes'));
      await step(() => t.store.certificates.insert(makeCertificate('c1', T0)));
      await step(() => t.store.certificates.delete('c1'));
      for (let i = 1; i < versions.length; i += 1) expect(versions[i]).toBeGreaterThan(versions[i - 1] ?? Infinity);
      const before = await t.store.settings.configVersion();
      await t.store.policies.delete('absent');
      await t.store.certificates.delete('absent');
      await t.store.events.ingest([item('n1')]);
      expect(await t.store.settings.configVersion()).toBe(before);
    });
  });
});
