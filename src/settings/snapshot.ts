/**
 * The configuration in force (server e-mail settings, rules, policies), read from the store
 * and cached per `configVersion`, so hot paths (ingest, the worker) pay one cheap version read
 * instead of several document reads, and every instance sees changes without a restart.
 */
import { defaultEmailSettings, type EmailSettings } from '../domain/email-settings.js';
import type { EffectivePolicy, Policy } from '../domain/policy.js';
import { defaultRules, type Rules } from '../domain/rules.js';
import type { Store } from '../store/ports.js';
import { effectivePolicy } from './effective.js';

/** One consistent view of the configuration. */
export interface ConfigSnapshot {
  readonly version: number;
  readonly email: EmailSettings;
  readonly rules: Rules;
  /** The effective settings for an application id (memoised); the server defaults for null or no policy. */
  effectiveFor(applicationId: string | null): EffectivePolicy;
}

/** How long a snapshot is trusted without re-reading the version (bounds staleness across instances). */
export const SNAPSHOT_RECHECK_MS = 250;

/** Loads and caches snapshots. */
export class ConfigSnapshots {
  private current: ConfigSnapshot | null = null;
  private checkedAt = 0;
  private loading: Promise<ConfigSnapshot> | null = null;
  /** Bumped by invalidate(): a load that started before a write must not install its result. */
  private generation = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
  ) {}

  /** The snapshot in force; re-reads the store only when the config version moved. */
  async get(): Promise<ConfigSnapshot> {
    const now = this.clock().getTime();
    if (this.current !== null && now - this.checkedAt < SNAPSHOT_RECHECK_MS) return this.current;
    if (this.loading === null) {
      const load = this.refresh(now, this.generation).finally(() => {
        if (this.loading === load) this.loading = null;
      });
      this.loading = load;
    }
    return this.loading;
  }

  /**
   * The snapshot as of now, bypassing the recheck window: for the rare decision that must not
   * rest on settings up to SNAPSHOT_RECHECK_MS old (e.g. "nothing is configured" right after
   * another instance saved the settings).
   */
  async fresh(): Promise<ConfigSnapshot> {
    this.checkedAt = 0;
    return this.get();
  }

  /** Forgets the cache (after a write in this process, so the next read is fresh at once). */
  invalidate(): void {
    this.generation += 1;
    this.current = null;
    this.loading = null;
  }

  private async refresh(now: number, generation: number): Promise<ConfigSnapshot> {
    const version = await this.store.settings.configVersion();
    const cached = this.current;
    if (cached !== null && cached.version === version) {
      if (generation === this.generation) this.checkedAt = now;
      return cached;
    }
    const [email, rules, policies] = await Promise.all([
      this.store.settings.getEmail(),
      this.store.settings.getRules(),
      this.store.policies.list(),
    ]);
    const snapshot = buildSnapshot(version, email?.value ?? defaultEmailSettings(), rules?.value ?? defaultRules(), policies);
    // Only the newest generation may install its result; an older load still answers its callers.
    if (generation === this.generation) {
      this.current = snapshot;
      this.checkedAt = now;
    }
    return snapshot;
  }
}

/** Pure: a snapshot over loaded documents. */
export function buildSnapshot(version: number, email: EmailSettings, rules: Rules, policies: Policy[]): ConfigSnapshot {
  const byApplication = new Map(policies.map((policy) => [policy.applicationId, policy]));
  const memo = new Map<string | null, EffectivePolicy>();
  return {
    version,
    email,
    rules,
    effectiveFor(applicationId) {
      const key = applicationId !== null && byApplication.has(applicationId) ? applicationId : null;
      const cached = memo.get(key);
      if (cached !== undefined) return cached;
      const effective = effectivePolicy(email, rules, key === null ? null : (byApplication.get(key) ?? null));
      memo.set(key, effective);
      return effective;
    },
  };
}
