#!/usr/bin/env node
/**
 * `postinstall`: proves that better-sqlite3's native module loads on the Node.js running
 * `npm ci`. Offline, node-gyp builds it against whatever headers `nodedir` points at, so the
 * install can succeed with a module that only fails when Herald starts; this turns that into a
 * failed install with one sentence saying what to do. Plain JavaScript because it runs before
 * the TypeScript build. The start-time counterpart is NativeModuleError (src/store/errors.ts).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

try {
  const Database = require('better-sqlite3');
  new Database(':memory:').close();
} catch (error) {
  process.stderr.write(`herald: ${nativeModuleProblem(error)}\n`);
  process.exit(1);
}

/** The one sentence for a native module that does not load (kept in step with src/store/errors.ts). */
function nativeModuleProblem(error) {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  const builtFor = /NODE_MODULE_VERSION (\d+)/.exec(message)?.[1];
  const why =
    builtFor !== undefined && builtFor !== process.versions.modules
      ? `it was built for NODE_MODULE_VERSION ${builtFor}, this Node needs ${process.versions.modules}`
      : message;
  return (
    `better-sqlite3's native module does not load on this Node.js ${process.version} (${why}), ` +
    'so Herald cannot open its SQLite database; rebuild it for this Node with "npm rebuild better-sqlite3" ' +
    "(offline: with npm_config_nodedir set to this Node's headers)."
  );
}
