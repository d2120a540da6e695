/**
 * Starts a worker thread from a module that sits next to the caller: `name.js` from the build,
 * or `name.ts` when Herald runs from its TypeScript sources (tests, `node --import tsx`), in
 * which case the thread registers tsx before importing it.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** A worker running the module `name` (no extension) found beside `callerUrl` (the caller's `import.meta.url`). */
export function startModuleWorker(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const typescript = callerUrl.endsWith('.ts');
  const entry = new URL(`./${name}.${typescript ? 'ts' : 'js'}`, callerUrl);
  if (!typescript) return new Worker(entry, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
