/**
 * Access tokens cached per grant until shortly before they expire, shared by every delivery
 * and every pooled connection that uses the same settings. One request per grant at a time
 * (concurrent callers wait for it); a token the server rejected is replaced once by whoever
 * reports it first, and everyone else gets that replacement.
 */
import { grantKey, type TokenGrant } from './grant.js';
import type { AccessToken } from './token-endpoint.js';

/** Where a session gets its access token. */
export interface TokenSource {
  /** A token that is good for a while yet (cached or new). Throws TokenError. */
  get(grant: TokenGrant): Promise<AccessToken>;
  /** The server rejected `rejected`: a new one (unless another caller already replaced it). Throws TokenError. */
  renew(grant: TokenGrant, rejected: AccessToken): Promise<AccessToken>;
  /** The source's clock (how long a token is still valid). */
  now(): Date;
}

/** Fetches a token at the endpoint (requestToken with its options bound). */
export type TokenFetcher = (grant: TokenGrant, now: Date) => Promise<AccessToken>;

/** Longest head start before expiry at which a token is replaced. */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

/**
 * Pure: when a token should be replaced — five minutes before it expires, or halfway
 * through its life when it lives less than ten minutes.
 */
export function refreshDueAt(token: AccessToken): number {
  const lifetime = token.expiresAt - token.obtainedAt;
  return token.expiresAt - Math.min(REFRESH_BEFORE_EXPIRY_MS, lifetime / 2);
}

interface Entry {
  token: AccessToken | null;
  pending: Promise<AccessToken> | null;
}

/** The cache. Inject the clock; one instance per process for deliveries, a fresh one per test message. */
export class TokenCache implements TokenSource {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly fetchToken: TokenFetcher,
    private readonly clock: () => Date,
  ) {}

  now(): Date {
    return this.clock();
  }

  async get(grant: TokenGrant): Promise<AccessToken> {
    const entry = this.entryFor(grant);
    if (entry.token !== null && this.clock().getTime() < refreshDueAt(entry.token)) return entry.token;
    return this.fetchInto(grant, entry);
  }

  async renew(grant: TokenGrant, rejected: AccessToken): Promise<AccessToken> {
    const entry = this.entryFor(grant);
    if (entry.pending !== null) return entry.pending;
    if (entry.token !== null && entry.token.value !== rejected.value && this.clock().getTime() < refreshDueAt(entry.token)) return entry.token;
    entry.token = null;
    return this.fetchInto(grant, entry);
  }

  private entryFor(grant: TokenGrant): Entry {
    const key = grantKey(grant);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      this.forgetExpired();
      entry = { token: null, pending: null };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private fetchInto(grant: TokenGrant, entry: Entry): Promise<AccessToken> {
    if (entry.pending !== null) return entry.pending;
    const pending = this.fetchToken(grant, this.clock()).then(
      (token) => {
        entry.token = token;
        entry.pending = null;
        return token;
      },
      (err: unknown) => {
        entry.pending = null;
        throw err;
      },
    );
    entry.pending = pending;
    return pending;
  }

  /** Drops entries whose token expired and that nothing is fetching (settings changed since). */
  private forgetExpired(): void {
    const now = this.clock().getTime();
    for (const [key, entry] of this.entries) {
      if (entry.pending === null && (entry.token === null || entry.token.expiresAt <= now)) this.entries.delete(key);
    }
  }
}
