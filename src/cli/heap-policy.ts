/**
 * The server's V8 heap policy. V8's defaults size the heap for a batch job: the young
 * generation grows to 16 MiB semi-spaces and the old generation may grow to about four times
 * what survived the last full collection. Under batched ingest almost everything a request
 * allocates dies within the request, but the requests in flight survive a scavenge or two and
 * are promoted, so the old generation fills with garbage up to that limit: peak RSS ~315 MiB
 * for ~30 MiB of live objects (bench `memory`, Node 26). Keeping the young generation at its
 * initial size and letting the old one grow by 40 % over the live size measured 315 → 188 MiB
 * with the same ingest rate (more, shorter collections).
 *
 * Both flags are read by V8 each time it sizes a space, so setting them at start-up takes
 * effect; the growth factor of 1 keeps the young generation at the size it has when the policy
 * is applied, which is why `heap-policy-first.ts` applies it before the other modules run
 * (the sizes that gives are in its comment). A third, `--min-semi-space-size=4`, is read only
 * when an isolate is created: it leaves the main isolate (already running) as it is and gives
 * the delivery thread, started after, 4 MiB semi-spaces. Each message it builds is garbage a
 * moment later, and with the 1 MiB default its scavenges took 13 % of its CPU (5 % with 4 MiB;
 * bench/notes.md, delivery). A fourth, `--no-memory-pool` (Node 26), makes V8 give the pages a
 * collection frees back to the system instead of keeping them pooled for reuse (10–13.5 MiB
 * seen under ingest).
 * An operator's own choice (on the command line or in NODE_OPTIONS) wins.
 */
import v8 from 'node:v8';

/**
 * Whether this V8 pools freed pages (`--memory-pool`, V8 14: Node 26). Older ones (Node 22 and
 * 24) do not know the flag and would print "unrecognized flag" on stderr.
 */
const V8_POOLS_PAGES = Number(process.versions.v8.split('.')[0]) >= 14;

/** The flags applied, unless the operator set one of them. */
export const HEAP_FLAGS: readonly string[] = [
  '--semi-space-growth-factor=1',
  '--heap-growing-percent=40',
  '--min-semi-space-size=4',
  ...(V8_POOLS_PAGES ? ['--no-memory-pool'] : []),
];

/**
 * Whether the operator sized the heap themselves (one of the flags the policy sets, on the
 * command line or in NODE_OPTIONS). Whole flag names only: V8's `--memory-pool-timeout` is not
 * `--memory-pool`.
 */
export function operatorSizesHeap(execArgv: readonly string[], nodeOptions: string): boolean {
  const given = `${execArgv.join(' ')} ${nodeOptions}`.replaceAll('_', '-');
  return /--(max-semi-space-size|min-semi-space-size|semi-space-growth-factor|heap-growing-percent|(no-)?memory-pool)(?=[=\s]|$)/.test(given);
}

/** Applies HEAP_FLAGS unless the process was started with its own heap sizing; returns the flags applied. */
export function applyHeapPolicy(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env['NODE_OPTIONS'] ?? ''): string[] {
  if (operatorSizesHeap(execArgv, nodeOptions)) return [];
  for (const flag of HEAP_FLAGS) v8.setFlagsFromString(flag);
  return [...HEAP_FLAGS];
}
