/**
 * `herald serve [--role api|worker|all]`: runs the server until SIGTERM/SIGINT, then drains
 * in-flight deliveries and returns 0.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { startHerald, type Role } from '../main.js';
import { CliError } from './errors.js';
import type { CommandHelp } from './help.js';

/** The command's options (`parseArgs` config). */
export const SERVE_OPTIONS = {
  role: { type: 'string', default: 'all' },
} as const;

/** `herald serve --help`. */
export const SERVE_HELP: CommandHelp<keyof typeof SERVE_OPTIONS> = {
  name: 'serve',
  brief: 'run the server (API, console, delivery worker)',
  summary:
    'Runs the server: the HTTP API and console, and the delivery worker. Configured by HERALD_* environment\n' +
    'variables (see the README, "Configuration"); a bad value stops it with one sentence. Ctrl-C (SIGINT) or\n' +
    'SIGTERM drains in-flight deliveries and exits 0.',
  options: {
    role: { value: 'api|worker|all', text: 'api: only the HTTP API and console; worker: only delivery; all: both (default)' },
  },
  notes: [
    'The first start without HERALD_ADMIN_TOKEN and without an administrator creates the user "admin"',
    'and prints its password once.',
  ],
};

const ROLES: readonly Role[] = ['api', 'worker', 'all'];

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Runs the command until a stop signal; returns the exit code. */
export async function runServe(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: SERVE_OPTIONS });
  const role = values.role;
  if (!isRole(role)) throw new CliError(`--role must be api, worker or all (got "${role}").`);
  const config = loadConfig();
  // Listen for the signals before starting, so one that arrives during start-up still drains.
  const stopRequested = new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  const herald = await startHerald(config, role);
  await stopRequested;
  await herald.stop();
  return 0;
}
