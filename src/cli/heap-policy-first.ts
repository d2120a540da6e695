/**
 * Imported first by `cli.ts`, so that it is evaluated before cli.ts's other imports (only
 * `heap-policy.ts` and `node:v8` run before it): applies the heap policy for `herald serve`.
 * Its `--semi-space-growth-factor=1` freezes the main isolate's young generation at the size it
 * has at that moment. Applied when `serve` started (after every module had run its top-level
 * code), that was 8 MiB semi-spaces (16 MiB of new space); applied here, after the modules are
 * parsed but before they run, it is 4 MiB on Node 24 and 26 (Node 22's V8 has grown it to 8 MiB
 * by then either way). Memory benchmark's ingest phase, Node 26, with `--no-memory-pool`: peak
 * RSS 186 MiB median against 198, same ingest rate (bench/notes.md, memory).
 */
import { applyHeapPolicy } from './heap-policy.js';

if (process.argv[2] === 'serve') applyHeapPolicy();
