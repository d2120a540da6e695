/** Store contract: uploaded certificates, on SQLite and PostgreSQL alike (see harness.test-helpers.ts). */
import { describe, expect, it } from 'vitest';
import type { StoredCertificate } from '../../domain/certificate.js';
import { at, makeCertificate, T0 } from '../fixtures.test-helpers.js';
import { describeStoreContract } from './harness.test-helpers.js';

describeStoreContract('certificates', (t) => {
  describe('certificates', () => {
    it('round-trips, lists newest first and deletes', async () => {
      const ca: StoredCertificate = { ...makeCertificate('c1', T0), kind: 'ca', format: null, privateKeySealed: null, warnings: [] };
      const client = makeCertificate('c2', at(1));
      await t.store.certificates.insert(ca);
      await t.store.certificates.insert(client);
      expect(await t.store.certificates.get('c1')).toEqual(ca);
      expect(await t.store.certificates.get('c2')).toEqual(client);
      expect((await t.store.certificates.list()).map((c) => c.id)).toEqual(['c2', 'c1']);
      expect(await t.store.certificates.delete('c1')).toBe(true);
      expect(await t.store.certificates.delete('c1')).toBe(false);
      expect(await t.store.certificates.get('c1')).toBeNull();
    });
  });
});
