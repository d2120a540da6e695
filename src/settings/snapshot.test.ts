import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultEmailSettings } from '../domain/email-settings.js';
import { storeFactories } from '../store/store-factories.test-helpers.js';
import type { Store } from '../store/ports.js';
import { ConfigSnapshots, SNAPSHOT_RECHECK_MS } from './snapshot.js';

const [sqlite] = await storeFactories();

describe('ConfigSnapshots', () => {
  let store: Store;
  let now = 0;
  const clock = () => new Date(now);
  beforeEach(async () => {
    store = await sqlite!.open();
    now = 1_000_000;
  });
  afterEach(() => sqlite!.cleanup());

  it('serves defaults before any settings exist, and the same snapshot within the recheck window', async () => {
    const snapshots = new ConfigSnapshots(store, clock);
    const first = await snapshots.get();
    expect(first.email.recipients).toEqual([]);
    expect(first.rules.severities).toEqual(['critical', 'error']);
    expect(await snapshots.get()).toBe(first);
  });

  it('sees a change made elsewhere once the recheck window has passed', async () => {
    const snapshots = new ConfigSnapshots(store, clock);
    await snapshots.get();
    await store.settings.putEmail({ ...defaultEmailSettings(), recipients: ['a@x.example'] });
    expect((await snapshots.get()).email.recipients).toEqual([]);
    now += SNAPSHOT_RECHECK_MS;
    expect((await snapshots.get()).email.recipients).toEqual(['a@x.example']);
  });

  it('never lets a load that began before invalidate() install stale settings', async () => {
    const snapshots = new ConfigSnapshots(store, clock);
    const stale = snapshots.get(); // starts reading the empty configuration
    await store.settings.putEmail({ ...defaultEmailSettings(), recipients: ['new@x.example'] });
    snapshots.invalidate();
    const fresh = await snapshots.get();
    await stale;
    expect(fresh.email.recipients).toEqual(['new@x.example']);
    expect((await snapshots.get()).email.recipients).toEqual(['new@x.example']);
  });

  it('resolves a policy per application and falls back to the defaults', async () => {
    await store.settings.putEmail({ ...defaultEmailSettings(), recipients: ['soc@x.example'] });
    const t = new Date(now);
    await store.policies.put({ applicationId: 'kes', name: 'KES', email: { recipients: ['kes@x.example'] }, rules: {}, createdAt: t, updatedAt: t });
    const snapshot = await new ConfigSnapshots(store, clock).get();
    expect(snapshot.effectiveFor('kes').email.recipients).toEqual(['kes@x.example']);
    expect(snapshot.effectiveFor('other').email.recipients).toEqual(['soc@x.example']);
    expect(snapshot.effectiveFor(null).email.recipients).toEqual(['soc@x.example']);
    expect(snapshot.effectiveFor('kes')).toBe(snapshot.effectiveFor('kes'));
  });
});
