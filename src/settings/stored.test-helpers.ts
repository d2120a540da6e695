/** Stored settings and policies with a (fake-)sealed password, for tests of parsers and presenters. */
import { defaultEmailSettings, type EmailSettings } from '../domain/email-settings.js';
import type { Policy } from '../domain/policy.js';
import { sealedFake } from './fake-secrets.test-helpers.js';

/** The default settings with AUTH on and the password `old` sealed. */
export function storedWithPassword(): EmailSettings {
  const s = defaultEmailSettings();
  s.auth = { enabled: true, username: 'herald', password: sealedFake('old') };
  return s;
}

/** When `storedPolicy` was saved. */
export const STORED_POLICY_AT = new Date('2026-01-01T00:00:00Z');

/** Policy `kes` with its own server and sealed password `policy-pw`. */
export function storedPolicy(): Policy {
  return {
    applicationId: 'kes',
    name: 'KES',
    email: {
      servers: ['relay.example'],
      auth: { enabled: true, username: 'kes', password: sealedFake('policy-pw') },
    },
    rules: {},
    createdAt: STORED_POLICY_AT,
    updatedAt: STORED_POLICY_AT,
  };
}
