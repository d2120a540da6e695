import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyHeapPolicy } from './heap-policy.js';

const churn = path.join(path.dirname(fileURLToPath(import.meta.url)), 'heap-churn.test-helpers.ts');
const peakHeapMiB = (mode: 'policy' | 'default'): number =>
  Number(execFileSync(process.execPath, ['--import', 'tsx', churn, mode], { encoding: 'utf8' }).trim());

describe('heap policy', () => {
  it('keeps the heap of a request-shaped allocation churn far smaller than V8 defaults do', () => {
    const withPolicy = peakHeapMiB('policy');
    const withDefaults = peakHeapMiB('default');
    expect(withPolicy).toBeLessThan(withDefaults * 0.7);
  }, 30_000);

  it("leaves the operator's own heap sizing alone", () => {
    expect(applyHeapPolicy(['--max-semi-space-size=8'], '')).toEqual([]);
    expect(applyHeapPolicy([], '--heap_growing_percent=80')).toEqual([]);
    expect(applyHeapPolicy(['--semi-space-growth-factor=2'], '--max-old-space-size=512')).toEqual([]);
  });
});
