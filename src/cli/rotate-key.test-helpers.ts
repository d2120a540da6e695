/** Stored secrets for rotation tests: seeding under an old key, reading and opening them all. */
import { createCipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from '../config/secret-box.js';
import { defaultEmailSettings, type SealedSecret } from '../domain/email-settings.js';
import type { Store } from '../store/ports.js';

/** Policies seeded by default. */
export const POLICIES = 12;

/** Seeds a password in the settings, one in each policy (one of them v1), and client keys. */
export async function seedSecrets(store: Store, box: Keyring, oldKey: Buffer, policies = POLICIES): Promise<Map<string, string>> {
  const expected = new Map<string, string>();
  const settings = defaultEmailSettings();
  await store.settings.putEmail({ ...settings, auth: { enabled: true, username: 'u', password: box.seal('smtp password') } });
  expected.set('settings', 'smtp password');
  for (let i = 0; i < 3; i += 1) {
    await store.certificates.insert({
      id: `cert-${i}`,
      kind: 'client',
      format: 'x509',
      certificatePem: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n',
      privateKeySealed: box.seal(`PRIVATE KEY ${i}`),
      certificates: [],
      warnings: [],
      createdAt: new Date(),
    });
    expected.set(`cert-${i}`, `PRIVATE KEY ${i}`);
  }
  for (let i = 0; i < policies; i += 1) {
    const id = `app-${String(i).padStart(4, '0')}`;
    const password = i === 5 ? sealV1(oldKey, `pw ${i}`) : box.seal(`pw ${i}`);
    await store.policies.put({ applicationId: id, name: id, email: { auth: { enabled: true, username: 'u', password } }, rules: {}, createdAt: new Date(), updatedAt: new Date() });
    expected.set(id, `pw ${i}`);
  }
  return expected;
}

/** A value as the first version sealed it (no key id). */
function sealV1(key: Buffer, plaintext: string): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `v1.${iv.toString('base64')}.${cipher.getAuthTag().toString('base64')}.${ciphertext.toString('base64')}` as SealedSecret;
}

/** Every stored sealed value by label. */
export async function sealedValues(store: Store): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  const settings = await store.settings.getEmail();
  if (settings?.value.auth.password) values.set('settings', settings.value.auth.password);
  for (const cert of await store.certificates.list()) if (cert.privateKeySealed !== null) values.set(cert.id, cert.privateKeySealed);
  for (const policy of await store.policies.list()) if (policy.email.auth?.password) values.set(policy.applicationId, policy.email.auth.password);
  return values;
}

/** Opens every stored secret with `keyring`; returns the plaintexts by label (throws if one does not open). */
export async function openAll(store: Store, keyring: Keyring): Promise<Map<string, string>> {
  return new Map([...(await sealedValues(store))].map(([label, sealed]) => [label, keyring.open(sealed as SealedSecret)]));
}

