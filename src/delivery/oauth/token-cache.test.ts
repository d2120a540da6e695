/** The cache's decisions with an injected clock and a counting fetcher (the cache is the unit here). */
import { describe, expect, it } from 'vitest';
import type { TokenGrant } from './grant.js';
import { refreshDueAt, TokenCache } from './token-cache.js';
import { TokenError, type AccessToken } from './token-endpoint.js';

const grant: TokenGrant = { kind: 'client-credentials', tokenUrl: 'https://login.example/t', clientId: 'a', clientSecret: 's', scope: '' };
const other: TokenGrant = { ...grant, clientId: 'b' };

function setup(lifetimeSeconds = 3600) {
  let now = 0;
  let fetched = 0;
  let fail: TokenError | null = null;
  const cache = new TokenCache(async (_g, at) => {
    fetched += 1;
    await new Promise((resolve) => setImmediate(resolve));
    if (fail !== null) throw fail;
    return { value: `t${fetched}`, endpoint: 'https://login.example/t', obtainedAt: at.getTime(), expiresAt: at.getTime() + lifetimeSeconds * 1000 };
  }, () => new Date(now));
  return {
    cache,
    fetched: () => fetched,
    advance: (ms: number) => (now += ms),
    failWith: (error: TokenError | null) => (fail = error),
  };
}

describe('refreshDueAt', () => {
  const token = (lifetimeMs: number): AccessToken => ({ value: 'x', endpoint: 'e', obtainedAt: 1000, expiresAt: 1000 + lifetimeMs });
  it('five minutes before expiry for normal lifetimes, halfway for short ones', () => {
    expect(refreshDueAt(token(3600_000))).toBe(1000 + 3300_000);
    expect(refreshDueAt(token(120_000))).toBe(1000 + 60_000);
  });
});

describe('TokenCache', () => {
  it('one request for concurrent callers, then the cached token until its refresh is due', async () => {
    const t = setup();
    const tokens = await Promise.all([t.cache.get(grant), t.cache.get(grant), t.cache.get(grant)]);
    expect(tokens.map((x) => x.value)).toEqual(['t1', 't1', 't1']);
    t.advance(3299_000);
    expect((await t.cache.get(grant)).value).toBe('t1');
    t.advance(1_000);
    expect((await t.cache.get(grant)).value).toBe('t2');
    expect(t.fetched()).toBe(2);
  });

  it('keys by grant: other settings get their own token', async () => {
    const t = setup();
    expect((await t.cache.get(grant)).value).toBe('t1');
    expect((await t.cache.get(other)).value).toBe('t2');
    expect((await t.cache.get(grant)).value).toBe('t1');
  });

  it('renew replaces a rejected token once, however many connections report it', async () => {
    const t = setup();
    const rejected = await t.cache.get(grant);
    const renewed = await Promise.all([t.cache.renew(grant, rejected), t.cache.renew(grant, rejected)]);
    expect(renewed.map((x) => x.value)).toEqual(['t2', 't2']);
    expect((await t.cache.renew(grant, rejected)).value).toBe('t2');
    expect(t.fetched()).toBe(2);
    expect((await t.cache.get(grant)).value).toBe('t2');
  });

  it('a failure is not cached: the next call asks again', async () => {
    const t = setup();
    t.failWith(new TokenError('down', 'https://login.example/t', true));
    await expect(t.cache.get(grant)).rejects.toThrow('down');
    t.failWith(null);
    expect((await t.cache.get(grant)).value).toBe('t2');
  });
});
