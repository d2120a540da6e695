import { afterEach, describe, expect, it } from 'vitest';
import { REASONS } from '../domain/reason.js';
import { storeFactories } from '../store/store-factories.test-helpers.js';
import { countDeliveryAttempt, createMetrics } from './metrics.js';

const [sqlite] = await storeFactories();

describe('delivery attempt metric', () => {
  afterEach(() => sqlite!.cleanup());

  it('has a series for every reason from the start, and counts into it', async () => {
    const metrics = createMetrics(await sqlite!.open(), () => new Date());
    countDeliveryAttempt(metrics, false, 'THROTTLED');
    countDeliveryAttempt(metrics, true, null);
    const { values } = await metrics.deliveryAttempts.get();
    const byReason = new Map(values.filter((v) => v.labels['result'] === 'error').map((v) => [v.labels['reason'], v.value]));
    expect([...byReason.keys()].sort()).toEqual([...REASONS].sort());
    expect(byReason.get('THROTTLED')).toBe(1);
    expect(byReason.get('DNS_FAILED')).toBe(0);
    expect(values.find((v) => v.labels['result'] === 'ok')).toMatchObject({ labels: { reason: 'none' }, value: 1 });
  });
});
