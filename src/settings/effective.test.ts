import { defaultGrouping } from '../domain/grouping.js';
import { describe, expect, it } from 'vitest';
import { defaultEmailSettings, type EmailSettings } from '../domain/email-settings.js';
import type { Policy } from '../domain/policy.js';
import { defaultRules, type Rules } from '../domain/rules.js';
import { effectivePolicy } from './effective.js';
import { sealedFake } from './fake-secrets.test-helpers.js';

const ALL_EMAIL_PATHS = [
  'email.recipients',
  'email.servers',
  'email.port',
  'email.useMx',
  'email.helo',
  'email.auth',
  'email.tls.mode',
  'email.tls.implicit',
  'email.tls.minVersion',
  'email.tls.verifyHostname',
  'email.tls.serverName',
  'email.tls.serverCa',
  'email.tls.clientCertificate',
  'email.sender',
  'email.subject',
  'email.body',
  'email.digestSubject',
  'email.digestBody',
  'email.rateLimit',
];

function defaults(): EmailSettings {
  return {
    ...defaultEmailSettings(),
    recipients: ['soc@corp.example'],
    servers: ['mail1.corp.example', 'mail2.corp.example'],
    auth: { enabled: true, username: 'herald', password: sealedFake('server-pw') },
    tls: { ...defaultEmailSettings().tls, mode: 'required', serverCa: 'ca-corp' },
  };
}

function rules(): Rules {
  return { severities: ['critical', 'error'], eventTypes: { A: true, B: false }, grouping: defaultGrouping() };
}

function policy(overrides: Partial<Policy> = {}): Policy {
  return {
    applicationId: 'kes',
    name: 'KES',
    email: {},
    rules: {},
    createdAt: new Date('2026-01-01T00:00:00Z'),
    updatedAt: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

describe('effectivePolicy', () => {
  it('with no policy, is the defaults and everything is inherited', () => {
    const result = effectivePolicy(defaults(), rules(), null);
    expect(result.email).toEqual(defaults());
    expect(result.rules).toEqual(rules());
    expect(result.inherited).toEqual([...ALL_EMAIL_PATHS, 'rules.severities', 'rules.eventTypes', 'rules.grouping']);
  });

  it('with an empty policy, is the same as no policy', () => {
    expect(effectivePolicy(defaults(), rules(), policy())).toEqual(effectivePolicy(defaults(), rules(), null));
  });

  it('overrides field by field and reports only the rest as inherited', () => {
    const result = effectivePolicy(defaults(), rules(), policy({ email: { recipients: ['kes-team@corp.example'], port: 587 } }));
    expect(result.email).toEqual({ ...defaults(), recipients: ['kes-team@corp.example'], port: 587 });
    expect(result.inherited).not.toContain('email.recipients');
    expect(result.inherited).not.toContain('email.port');
    expect(result.inherited).toContain('email.servers');
    expect(result.inherited).toHaveLength(ALL_EMAIL_PATHS.length - 2 + 3);
  });

  it('lets null override where null is a value', () => {
    const d = { ...defaults(), helo: 'herald.corp.example' };
    const result = effectivePolicy(d, rules(), policy({ email: { helo: null, tls: { serverCa: null } } }));
    expect(result.email.helo).toBeNull();
    expect(result.email.tls.serverCa).toBeNull();
    expect(result.inherited).not.toContain('email.helo');
    expect(result.inherited).not.toContain('email.tls.serverCa');
  });

  it('merges each tls field on its own', () => {
    const result = effectivePolicy(defaults(), rules(), policy({ email: { tls: { minVersion: '1.2' } } }));
    expect(result.email.tls).toEqual({ ...defaults().tls, minVersion: '1.2' });
    expect(result.inherited).toContain('email.tls.mode');
    expect(result.inherited).toContain('email.tls.serverCa');
    expect(result.inherited).not.toContain('email.tls.minVersion');
  });

  it('takes auth as a whole, password included', () => {
    const auth = { enabled: true, username: 'kes', password: null };
    const result = effectivePolicy(defaults(), rules(), policy({ email: { servers: ['kes-relay.example'], auth } }));
    expect(result.email.auth).toEqual(auth);
    expect(result.email.servers).toEqual(['kes-relay.example']);
    expect(result.inherited).not.toContain('email.auth');
  });

  it('follows later changes to the defaults for inherited fields', () => {
    const p = policy({ email: { port: 587 }, rules: { eventTypes: { C: true } } });
    const before = effectivePolicy(defaults(), rules(), p);
    const changed = { ...defaults(), servers: ['new-mail.corp.example'], port: 2525, subject: 'new %EVENT%' };
    const changedRules: Rules = { severities: ['critical'], eventTypes: { A: false, D: true }, grouping: defaultGrouping() };
    const after = effectivePolicy(changed, changedRules, p);
    expect(before.email.servers).toEqual(defaults().servers);
    expect(after.email.servers).toEqual(['new-mail.corp.example']);
    expect(after.email.subject).toBe('new %EVENT%');
    expect(after.email.port).toBe(587);
    expect(after.rules).toEqual({ severities: ['critical'], eventTypes: { A: false, D: true, C: true }, grouping: defaultGrouping() });
  });

  it('takes grouping as a whole from the policy, else from the defaults', () => {
    const own = { by: ['device' as const], waitSeconds: 30, intervalSeconds: 60, idleSeconds: 600, maxListed: 10 };
    const result = effectivePolicy(defaults(), rules(), policy({ rules: { grouping: own } }));
    expect(result.rules.grouping).toEqual(own);
    expect(result.inherited).not.toContain('rules.grouping');
    expect(effectivePolicy(defaults(), rules(), policy()).rules.grouping).toEqual(defaultGrouping());
  });

  it('takes severities as a whole', () => {
    const result = effectivePolicy(defaults(), rules(), policy({ rules: { severities: ['warning'] } }));
    expect(result.rules.severities).toEqual(['warning']);
    expect(result.inherited).not.toContain('rules.severities');
  });

  it('merges eventTypes key by key, policy winning, and lists inherited keys', () => {
    const result = effectivePolicy(defaults(), rules(), policy({ rules: { eventTypes: { B: true, C: false } } }));
    expect(result.rules.eventTypes).toEqual({ A: true, B: true, C: false });
    expect(result.inherited).toContain('rules.eventTypes.A');
    expect(result.inherited).not.toContain('rules.eventTypes.B');
    expect(result.inherited).not.toContain('rules.eventTypes');
  });

  it('an empty eventTypes object in a policy inherits every key individually', () => {
    const result = effectivePolicy(defaults(), rules(), policy({ rules: { eventTypes: {} } }));
    expect(result.rules.eventTypes).toEqual(rules().eventTypes);
    expect(result.inherited).toEqual(expect.arrayContaining(['rules.eventTypes.A', 'rules.eventTypes.B']));
    expect(result.inherited).not.toContain('rules.eventTypes');
  });

  it('does not carry implicit TLS into a policy that leaves required mode', () => {
    const d = { ...defaults(), port: 465, tls: { ...defaults().tls, mode: 'required' as const, implicit: true } };
    const result = effectivePolicy(d, rules(), policy({ email: { tls: { mode: 'opportunistic' } } }));
    expect(result.email.tls.mode).toBe('opportunistic');
    expect(result.email.tls.implicit).toBe(false);
    expect(effectivePolicy(d, rules(), null).email.tls.implicit).toBe(true);
  });

  it('does not alias the inputs', () => {
    const d = defaults();
    const r = rules();
    const p = policy({ email: { recipients: ['x@corp.example'] }, rules: { severities: ['info'] } });
    const result = effectivePolicy(d, r, p);
    result.email.servers.push('mutated.example');
    result.email.recipients.push('mutated@x.example');
    result.email.tls.mode = 'none';
    result.rules.eventTypes.Z = true;
    result.rules.severities.push('warning');
    expect(d).toEqual(defaults());
    expect(r).toEqual(rules());
    expect(p.email.recipients).toEqual(['x@corp.example']);
    expect(p.rules.severities).toEqual(['info']);
  });

  it('works with the built-in defaults', () => {
    const result = effectivePolicy(defaultEmailSettings(), defaultRules(), null);
    expect(result.email.port).toBe(25);
    expect(result.rules.severities).toEqual(['critical', 'error']);
  });
});
