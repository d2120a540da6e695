import { describe, expect, it } from 'vitest';
import { planAuth, type AuthFacts } from './auth-plan.js';

const facts = (over: Partial<AuthFacts>): AuthFacts => ({
  enabled: true,
  oauth: false,
  allowUnencrypted: false,
  encrypted: true,
  fallback: false,
  offered: ['PLAIN', 'LOGIN'],
  ...over,
});

describe('planAuth', () => {
  it('skips when auth is off, whatever else holds', () => {
    expect(planAuth(facts({ enabled: false, encrypted: false }))).toEqual({ kind: 'skip' });
  });
  it('refuses credentials on an unencrypted connection (no STARTTLS, or stripped)', () => {
    const plan = planAuth(facts({ encrypted: false }));
    expect(plan).toMatchObject({ kind: 'refuse', reason: 'AUTH_REQUIRES_TLS' });
    expect(planAuth(facts({ encrypted: false, oauth: true, offered: ['XOAUTH2'] }))).toMatchObject({ reason: 'AUTH_REQUIRES_TLS' });
  });
  it('refuses them on the opportunistic fallback after a failed handshake, saying so', () => {
    const plan = planAuth(facts({ encrypted: false, fallback: true }));
    expect(plan.kind === 'refuse' && plan.reason === 'AUTH_REQUIRES_TLS' && /handshake failed/.test(plan.detail)).toBe(true);
  });
  it('sends them in clear only when allowed explicitly', () => {
    expect(planAuth(facts({ encrypted: false, allowUnencrypted: true }))).toEqual({ kind: 'password', mechanism: 'PLAIN' });
  });
  it('picks PLAIN, then LOGIN, then CRAM-MD5', () => {
    expect(planAuth(facts({ offered: ['CRAM-MD5', 'LOGIN'] }))).toEqual({ kind: 'password', mechanism: 'LOGIN' });
    expect(planAuth(facts({ offered: ['CRAM-MD5'] }))).toEqual({ kind: 'password', mechanism: 'CRAM-MD5' });
  });
  it('is AUTH_NOT_OFFERED when no usable mechanism is offered', () => {
    expect(planAuth(facts({ offered: [] }))).toMatchObject({ kind: 'refuse', reason: 'AUTH_NOT_OFFERED' });
    expect(planAuth(facts({ offered: ['XOAUTH2'] }))).toMatchObject({ kind: 'refuse', reason: 'AUTH_NOT_OFFERED' });
  });
  it('OAuth needs XOAUTH2 and never falls back to a password mechanism', () => {
    expect(planAuth(facts({ oauth: true, offered: ['PLAIN', 'XOAUTH2'] }))).toEqual({ kind: 'xoauth2' });
    expect(planAuth(facts({ oauth: true, offered: ['PLAIN', 'LOGIN'] }))).toMatchObject({ kind: 'refuse', reason: 'AUTH_NOT_OFFERED' });
  });
});
