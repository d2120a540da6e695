import { describe, expect, it } from 'vitest';
import { storedPolicy, storedWithPassword } from '../../settings/stored.test-helpers.js';
import { defaultEmailSettings, type EmailSettings } from '../../domain/email-settings.js';
import type { Policy } from '../../domain/policy.js';
import { parseEmailSettings } from '../../settings/email-settings.js';
import { parsePolicy } from '../../settings/policy.js';
import { fakeSecrets, sealedFake } from '../../settings/fake-secrets.test-helpers.js';
import { presentEmailSettings, presentPolicy } from './settings.js';

const secrets = fakeSecrets();

function parseSettings(raw: unknown, stored: EmailSettings | null = null): EmailSettings {
  return parseEmailSettings(raw, { stored, secrets });
}

function parsePolicyBody(raw: unknown, stored: Policy | null = null): Policy {
  return parsePolicy(raw, { applicationId: 'kes', stored, secrets, now: new Date('2026-11-28T04:00:00Z') });
}

describe('presentEmailSettings', () => {
  it('shows passwordSet, never the sealed password', () => {
    const shown = presentEmailSettings(storedWithPassword());
    expect(shown.auth).toEqual({ enabled: true, mechanism: 'password', username: 'herald', passwordSet: true, allowUnencrypted: false, oauth2: { provider: 'microsoft', tenant: null, clientId: '', clientSecretSet: false, serviceAccountKeySet: false, tokenUrl: null, scope: null } });
    expect(JSON.stringify(shown)).not.toContain('sealed:');
    expect(presentEmailSettings(defaultEmailSettings()).auth.passwordSet).toBe(false);
  });

  it('does not share arrays with the stored document', () => {
    const stored = { ...defaultEmailSettings(), recipients: ['a@x.example'] };
    presentEmailSettings(stored).recipients.push('b@x.example');
    expect(stored.recipients).toEqual(['a@x.example']);
  });

  it('gives a GET document that is valid PUT input and changes nothing', () => {
    const stored = parseSettings({
      recipients: 'a@x.example',
      servers: 'm.example',
      auth: { enabled: true, username: 'herald', password: 's3cret' },
      tls: { mode: 'required', implicit: true, minVersion: '1.2', serverCa: 'ca-1' },
      port: 465,
    });
    const roundTrip = parseSettings(JSON.parse(JSON.stringify(presentEmailSettings(stored))), stored);
    expect(roundTrip).toEqual(stored);
    expect(roundTrip.auth.password).toBe(sealedFake('s3cret'));
  });
});

describe('presentPolicy', () => {
  it('shows passwordSet instead of the password and ISO dates', () => {
    const shown = presentPolicy(storedPolicy());
    expect(shown).toEqual({
      applicationId: 'kes',
      name: 'KES',
      email: {
        servers: ['relay.example'],
        auth: { enabled: true, mechanism: 'password', username: 'kes', passwordSet: true, allowUnencrypted: false, oauth2: { provider: 'microsoft', tenant: null, clientId: '', clientSecretSet: false, serviceAccountKeySet: false, tokenUrl: null, scope: null } },
      },
      rules: {},
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(JSON.stringify(shown)).not.toContain('sealed:');
  });

  it('leaves absent fields absent', () => {
    const shown = presentPolicy({ ...storedPolicy(), email: {} });
    expect(Object.keys(shown.email)).toEqual([]);
  });

  it('gives a GET document that is valid PUT input and changes nothing', () => {
    const stored = parsePolicyBody(
      {
        name: 'KES',
        email: { servers: 'relay.example', auth: { enabled: true, username: 'kes', password: 'pw' }, tls: { mode: 'required' }, helo: null },
        rules: { eventTypes: { X: false } },
      },
      storedPolicy(),
    );
    const again = parsePolicyBody(JSON.parse(JSON.stringify(presentPolicy(stored))), stored);
    expect(again).toEqual(stored);
  });
});
