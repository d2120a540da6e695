/**
 * Child process of heap-policy.test.ts: applies the heap policy (argv[2] === 'policy') or not,
 * then keeps 8 "requests" in flight, each allocating ~1 MiB of small objects that die a few
 * turns later (the shape of batched ingest), and prints the largest heapTotal seen, in MiB.
 */
import { applyHeapPolicy } from './heap-policy.js';

if (process.argv[2] === 'policy') applyHeapPolicy([], '');
let peak = 0;
const request = async (): Promise<number> => {
  const rows = Array.from({ length: 5000 }, (_, i) => ({ id: `event-${i}-${Math.random()}`, fields: [i, String(i), { nested: i }] }));
  for (let turn = 0; turn < 4; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  return rows.length;
};
const until = Date.now() + 2000;
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (Date.now() < until) {
      await request();
      peak = Math.max(peak, process.memoryUsage().heapTotal);
    }
  }),
);
process.stdout.write(`${Math.round(peak / 1048576)}\n`);
