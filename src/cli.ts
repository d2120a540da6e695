#!/usr/bin/env node
/**
 * `herald serve [--role api|worker|all]`, `herald test-message [--to …] [--all-servers]`,
 * `herald events send --file events.json`. Bad configuration exits 1 with one sentence.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config/config.js';
import { startHerald, type Role } from './main.js';
import { runTestMessageCommand } from './cli/test-message.js';
import { runEventsSend } from './cli/events-send.js';
import { NativeModuleError, StoreInUseError } from './store/errors.js';
import { CliError } from './cli/errors.js';

const USAGE = `Usage:
  herald serve [--role api|worker|all]
  herald test-message [--to "a@x.example; b@x.example"] [--all-servers] [--url URL --token TOKEN]
  herald events send --file events.json [--url URL] [--token TOKEN]
`;


async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'test-message':
      return runTestMessageCommand(rest);
    case 'events':
      if (rest[0] === 'send') return runEventsSend(rest.slice(1));
      throw new CliError(`Unknown events command "${rest[0] ?? ''}".\n${USAGE}`);
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      throw new CliError(`Unknown command "${command}".\n${USAGE}`);
  }
}

async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { role: { type: 'string', default: 'all' } } });
  const role = values.role;
  if (role !== 'api' && role !== 'worker' && role !== 'all') throw new CliError(`--role must be api, worker or all (got "${role}").`);
  const config = loadConfig();
  // Listen for the signals before starting, so one that arrives during start-up still drains.
  const stopRequested = new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  const herald = await startHerald(config, role as Role);
  await stopRequested;
  await herald.stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof CliError || error instanceof StoreInUseError || error instanceof NativeModuleError) {
      process.stderr.write(`herald: ${error.message}\n`);
    } else if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`herald: ${error.message}\n${USAGE}`);
    } else if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      process.stderr.write(`herald: the listen address is already in use (${error.message}); set HERALD_LISTEN to a free host:port.\n`);
    } else {
      process.stderr.write(`herald: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    process.exit(1);
  },
);
