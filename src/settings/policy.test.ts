import { describe, expect, it } from 'vitest';
import { STORED_POLICY_AT, storedPolicy } from './stored.test-helpers.js';
import { DEFAULT_SUBJECT } from '../domain/email-settings.js';
import type { InputError } from '../domain/errors.js';
import { inputErrorOf } from '../domain/errors.test-helpers.js';
import type { Policy } from '../domain/policy.js';
import { parsePolicy } from './policy.js';
import { fakeSecrets, sealedFake } from './fake-secrets.test-helpers.js';

const now = new Date('2026-11-28T04:00:00Z');

function parse(raw: unknown, stored: Policy | null = null): Policy {
  return parsePolicy(raw, { applicationId: 'kes', stored, secrets: fakeSecrets(), now });
}

function failure(raw: unknown, stored: Policy | null = null): InputError {
  return inputErrorOf(() => parse(raw, stored), raw);
}

describe('parsePolicy', () => {
  it('parses an empty body as a policy that inherits everything', () => {
    expect(parse({})).toEqual({ applicationId: 'kes', name: 'kes', email: {}, rules: {}, createdAt: now, updatedAt: now });
  });

  it('keeps only present fields, normalised by the settings parsers', () => {
    const policy = parse({
      name: ' Endpoint Security ',
      email: { recipients: 'kes@corp.example; ; Ops <ops@bücher.example>', port: 587, helo: null, subject: '[KES] %EVENT%' },
      rules: { severities: ['warning', 'critical', 'warning'], eventTypes: { GNRL_EV_VIRUS_FOUND: true } },
    });
    expect(policy.name).toBe('Endpoint Security');
    expect(policy.email).toEqual({
      recipients: ['kes@corp.example', 'Ops <ops@xn--bcher-kva.example>'],
      port: 587,
      helo: null,
      subject: '[KES] %EVENT%',
    });
    expect(policy.rules).toEqual({ severities: ['critical', 'warning'], eventTypes: { GNRL_EV_VIRUS_FOUND: true } });
  });

  it('keeps createdAt of the stored policy and sets updatedAt to now', () => {
    const policy = parse({}, storedPolicy());
    expect(policy.createdAt).toEqual(STORED_POLICY_AT);
    expect(policy.updatedAt).toEqual(now);
  });

  it('takes tls as a partial object', () => {
    expect(parse({ email: { tls: { minVersion: '1.2', serverCa: null } } }).email.tls).toEqual({ minVersion: '1.2', serverCa: null });
  });

  it('prefixes field errors with email. and rules.', () => {
    expect(failure({ email: { recipients: 'ok@x.example; bad' } })).toMatchObject({ code: 'INVALID_RECIPIENT', field: 'email.recipients[1]' });
    expect(failure({ email: { servers: 'smtp://x.example', auth: { enabled: false } } })).toMatchObject({ code: 'INVALID_SERVER', field: 'email.servers[0]' });
    expect(failure({ email: { port: 0 } })).toMatchObject({ code: 'VALIDATION_FAILED', field: 'email.port' });
    expect(failure({ email: { tls: { mode: 'tls' } } })).toMatchObject({ field: 'email.tls.mode' });
    expect(failure({ email: { body: '%NOPE%' } })).toMatchObject({ code: 'UNKNOWN_TEMPLATE_VARIABLE', field: 'email.body' });
    expect(failure({ email: { sender: 'nobody' } })).toMatchObject({ code: 'VALIDATION_FAILED', field: 'email.sender' });
    expect(failure({ rules: { severities: ['info', 'nope'] } })).toMatchObject({ field: 'rules.severities[1]' });
    expect(failure({ rules: { eventTypes: { FOO: 1 } } })).toMatchObject({ field: 'rules.eventTypes.FOO' });
  });

  it.each([
    ['email.recipent', { email: { recipent: 'x@y.example' } }],
    ['email.tls.implict', { email: { tls: { implict: true } } }],
    ['email.auth.pass', { email: { auth: { pass: 'x' } } }],
    ['rules.severity', { rules: { severity: [] } }],
    ['emial', { emial: {} }],
  ])('rejects the unknown key %s', (field, raw) => {
    expect(failure(raw)).toMatchObject({ code: 'VALIDATION_FAILED', field });
  });

  it.each([
    ['email.port', { email: { port: null } }],
    ['email.recipients', { email: { recipients: null } }],
    ['email.auth', { email: { auth: null } }],
    ['email.tls', { email: { tls: null } }],
    ['email.tls.mode', { email: { tls: { mode: null } } }],
    ['email.subject', { email: { subject: null } }],
  ])('refuses null for %s (not nullable) with a hint to leave it out', (field, raw) => {
    const error = failure(raw);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    expect(error.message).toMatch(/leave it out to inherit/);
  });

  it('requires auth when servers are overridden', () => {
    const error = failure({ email: { servers: 'relay.example' } });
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'email.auth', status: 400 });
    expect(parse({ email: { servers: 'relay.example', auth: { enabled: false } } }).email.auth).toEqual({
      enabled: false,
      mechanism: 'password',
      username: '',
      password: null,
      allowUnencrypted: false,
    });
  });

  describe('auth password relative to the stored policy', () => {
    it('absent keeps the stored policy password', () => {
      const policy = parse({ email: { servers: 'relay.example', auth: { enabled: true, username: 'kes' } } }, storedPolicy());
      expect(policy.email.auth?.password).toBe(sealedFake('policy-pw'));
    });
    it('a string sets it, sealed', () => {
      const policy = parse({ email: { auth: { enabled: true, username: 'kes', password: 'new' } } }, storedPolicy());
      expect(policy.email.auth?.password).toBe(sealedFake('new'));
    });
    it('null clears it', () => {
      expect(parse({ email: { auth: { password: null } } }, storedPolicy()).email.auth?.password).toBeNull();
    });
    it('with no stored policy auth, absent means none (enabled auth then needs one)', () => {
      expect(failure({ email: { auth: { enabled: true, username: 'kes' } } })).toMatchObject({ field: 'email.auth.password' });
    });
  });

  describe('implicit TLS', () => {
    it('is fine with mode required in the same policy', () => {
      expect(parse({ email: { tls: { mode: 'required', implicit: true } } }).email.tls).toEqual({ mode: 'required', implicit: true });
    });
    it('needs the mode set in the policy itself', () => {
      const error = failure({ email: { tls: { implicit: true } } });
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'email.tls.implicit' });
      expect(error.message).toMatch(/required/);
    });
    it('is refused with another mode', () => {
      expect(failure({ email: { tls: { mode: 'opportunistic', implicit: true } } }).field).toBe('email.tls.implicit');
    });
  });

  it('refuses a body for another application', () => {
    expect(failure({ applicationId: 'other' })).toMatchObject({ code: 'VALIDATION_FAILED', field: 'applicationId' });
  });

  it.each([[null], [[]], ['x']])('refuses a body that is not an object: %j', (raw) => {
    expect(failure(raw).code).toBe('VALIDATION_FAILED');
  });

  it('refuses a name that is not a line of text', () => {
    expect(failure({ name: 5 }).field).toBe('name');
    expect(failure({ name: 'a\nb' }).field).toBe('name');
  });

  it('keeps the default subject untouched when given', () => {
    expect(parse({ email: { subject: DEFAULT_SUBJECT } }).email.subject).toBe(DEFAULT_SUBJECT);
  });
});
