import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyHeapPolicy, operatorSizesHeap } from './heap-policy.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const churn = path.join(HERE, 'heap-churn.test-helpers.ts');
const peakHeapMiB = (mode: 'policy' | 'default'): number =>
  Number(execFileSync(process.execPath, ['--import', 'tsx', churn, mode], { encoding: 'utf8' }).trim());

describe('heap policy', () => {
  it('keeps the heap of a request-shaped allocation churn far smaller than V8 defaults do', () => {
    const withPolicy = peakHeapMiB('policy');
    const withDefaults = peakHeapMiB('default');
    expect(withPolicy).toBeLessThan(withDefaults * 0.7);
  }, 30_000);

  it('gives V8 only flags it knows: applying the policy prints nothing', () => {
    const script = `import { applyHeapPolicy } from ${JSON.stringify(path.join(HERE, 'heap-policy.ts'))}; applyHeapPolicy([], '');`;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stderr + result.stdout).toBe('');
  });

  it("leaves the operator's own heap sizing alone", () => {
    expect(applyHeapPolicy(['--max-semi-space-size=8'], '')).toEqual([]);
    expect(applyHeapPolicy([], '--heap_growing_percent=80')).toEqual([]);
    expect(applyHeapPolicy(['--semi-space-growth-factor=2'], '--max-old-space-size=512')).toEqual([]);
    expect(applyHeapPolicy(['--memory-pool'], '')).toEqual([]);
    expect(applyHeapPolicy([], '--no-memory-pool')).toEqual([]);
  });

  it('reads whole flag names: other V8 flags that share a prefix leave the policy on', () => {
    expect(operatorSizesHeap(['--memory-pool-timeout=2'], '')).toBe(false);
    expect(operatorSizesHeap([], '--max-semi-space-size-extra=1 --max-old-space-size=512')).toBe(false);
    expect(operatorSizesHeap(['--heap-growing-percent', '30'], '')).toBe(true);
    expect(operatorSizesHeap([], '--semi_space_growth_factor=2')).toBe(true);
  });
});
