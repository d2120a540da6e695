import { describe, expect, it } from 'vitest';
import { defaultEmailSettings, type EmailSettings } from '../domain/email-settings.js';
import type { InputError } from '../domain/errors.js';
import { inputErrorOf } from '../domain/errors.test-helpers.js';
import { parseEmailSettings } from './email-settings.js';
import { parsePolicy } from './policy.js';
import type { Policy } from '../domain/policy.js';
import { fakeSecrets, sealedFake } from './fake-secrets.test-helpers.js';

const secrets = fakeSecrets();

function stored(over: Partial<EmailSettings> = {}): EmailSettings {
  return {
    ...defaultEmailSettings(),
    servers: ['smtp.corp.example', 'backup.corp.example'],
    port: 587,
    auth: { enabled: true, mechanism: 'password', username: 'herald', password: sealedFake('stored-pw'), allowUnencrypted: false },
    tls: { ...defaultEmailSettings().tls, mode: 'required' },
    ...over,
  };
}

/** The GET document of `stored()` as a client sends it back, with changes. */
function body(over: Record<string, unknown> = {}, auth: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    servers: ['smtp.corp.example', 'backup.corp.example'],
    port: 587,
    tls: { mode: 'required' },
    auth: { enabled: true, username: 'herald', passwordSet: true, ...auth },
    ...over,
  };
}

function failure(run: () => unknown): InputError {
  return inputErrorOf(run);
}

describe('PASSWORD_REQUIRED: a stored password stays with its servers', () => {
  it('the same servers (any order) keep the stored password', () => {
    const settings = parseEmailSettings(body({ servers: 'backup.corp.example; SMTP.corp.example' }), { stored: stored(), secrets });
    expect(settings.auth.password).toBe(sealedFake('stored-pw'));
  });

  it.each([
    ['servers', { servers: ['evil.example'] }],
    ['an added server', { servers: ['smtp.corp.example', 'backup.corp.example', 'evil.example'] }],
    ['port', { port: 25 }],
    ['useMx', { useMx: true }],
    ['tls.mode', { tls: { mode: 'opportunistic' } }],
    ['tls.implicit', { tls: { mode: 'required', implicit: true } }],
  ])('a change of %s without the password is 400 PASSWORD_REQUIRED at auth.password', (_what, over) => {
    const error = failure(() => parseEmailSettings(body(over), { stored: stored(), secrets }));
    expect(error).toMatchObject({ code: 'PASSWORD_REQUIRED', field: 'auth.password', status: 400 });
    expect(error.message).not.toContain('stored-pw');
  });

  it('with the password typed again the change is accepted', () => {
    const settings = parseEmailSettings(body({ servers: ['new.corp.example'] }, { password: 'typed-again' }), { stored: stored(), secrets });
    expect(settings.auth.password).toBe(sealedFake('typed-again'));
  });

  it('a stored password of disabled auth is not carried to new servers either', () => {
    const previous = stored({ auth: { ...stored().auth, enabled: false } });
    expect(failure(() => parseEmailSettings(body({ servers: ['evil.example'] }), { stored: previous, secrets }))).toMatchObject({ code: 'PASSWORD_REQUIRED' });
  });

  it('auth off may change servers freely', () => {
    expect(parseEmailSettings(body({ servers: ['evil.example'] }, { enabled: false }), { stored: stored(), secrets }).servers).toEqual(['evil.example']);
  });

  it('OAuth: another token endpoint or tenant needs the client secret again', () => {
    const oauthStored = stored({
      auth: {
        enabled: true,
        mechanism: 'oauth2',
        username: 'alerts@corp.example',
        password: null,
        allowUnencrypted: false,
        oauth2: { provider: 'microsoft', tenant: 'corp.onmicrosoft.com', clientId: 'app', clientSecret: sealedFake('cs'), serviceAccountKey: null, tokenUrl: null, scope: null },
      },
    });
    const oauthBody = (oauth2: Record<string, unknown>): Record<string, unknown> =>
      body({}, { mechanism: 'oauth2', username: 'alerts@corp.example', passwordSet: false, oauth2: { provider: 'microsoft', tenant: 'corp.onmicrosoft.com', clientId: 'app', ...oauth2 } });
    expect(parseEmailSettings(oauthBody({}), { stored: oauthStored, secrets }).auth.oauth2?.clientSecret).toBe(sealedFake('cs'));
    expect(failure(() => parseEmailSettings(oauthBody({ tokenUrl: 'https://evil.example/token' }), { stored: oauthStored, secrets }))).toMatchObject({
      code: 'PASSWORD_REQUIRED',
      field: 'auth.oauth2.clientSecret',
    });
    expect(failure(() => parseEmailSettings(oauthBody({ tenant: 'evil.onmicrosoft.com' }), { stored: oauthStored, secrets }))).toMatchObject({
      code: 'PASSWORD_REQUIRED',
    });
    expect(failure(() => parseEmailSettings({ ...oauthBody({}), servers: ['evil.example'] }, { stored: oauthStored, secrets }))).toMatchObject({
      field: 'auth.oauth2.clientSecret',
    });
    expect(parseEmailSettings(oauthBody({ tokenUrl: 'https://login.example/token', clientSecret: 'new' }), { stored: oauthStored, secrets }).auth.oauth2?.clientSecret).toBe(
      sealedFake('new'),
    );
  });
});

describe('auth.allowUnencrypted', () => {
  it('TLS "none" with auth needs the explicit checkbox: 400 VALIDATION_FAILED at auth.allowUnencrypted', () => {
    const error = failure(() => parseEmailSettings(body({ tls: { mode: 'none' } }, { password: 'pw' }), { stored: stored(), secrets }));
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'auth.allowUnencrypted' });
    const allowed = parseEmailSettings(body({ tls: { mode: 'none' } }, { password: 'pw', allowUnencrypted: true }), { stored: stored(), secrets });
    expect(allowed.auth.allowUnencrypted).toBe(true);
  });
  it('defaults to false and is shown', () => {
    expect(parseEmailSettings({}, { stored: null, secrets }).auth.allowUnencrypted).toBe(false);
  });
});

describe('policies', () => {
  const now = new Date('2026-11-30T00:00:00Z');
  const storedPolicy: Policy = {
    applicationId: 'kes',
    name: 'kes',
    email: { servers: ['relay.example'], auth: { enabled: true, mechanism: 'password', username: 'kes', password: sealedFake('policy-pw'), allowUnencrypted: false } },
    rules: {},
    createdAt: now,
    updatedAt: now,
  };
  const ctx = { applicationId: 'kes', stored: storedPolicy, secrets, now, defaults: stored() };

  it('a policy that moves its servers must carry its password again', () => {
    const error = failure(() => parsePolicy({ email: { servers: 'evil.example', auth: { enabled: true, username: 'kes' } } }, ctx));
    expect(error).toMatchObject({ code: 'PASSWORD_REQUIRED', field: 'email.auth.password' });
    expect(parsePolicy({ email: { servers: 'relay.example', auth: { enabled: true, username: 'kes' } } }, ctx).email.auth?.password).toBe(sealedFake('policy-pw'));
  });
  it('a policy that inherits the servers but changes the inherited port via its own setting needs it too', () => {
    const error = failure(() => parsePolicy({ email: { servers: 'relay.example', port: 2525, auth: { enabled: true, username: 'kes' } } }, ctx));
    expect(error).toMatchObject({ code: 'PASSWORD_REQUIRED' });
  });
  it('a policy with TLS "none" and auth needs allowUnencrypted', () => {
    const error = failure(() => parsePolicy({ email: { servers: 'relay.example', tls: { mode: 'none' }, auth: { enabled: true, username: 'kes', password: 'x' } } }, ctx));
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'email.auth.allowUnencrypted' });
  });
});
