#!/usr/bin/env node
/**
 * `herald serve | test-message | events send | admin rotate-key | admin reset-password`, each with `--help`. Bad configuration or input
 * exits 1 with one sentence.
 */
// First: the heap policy must be in place before the other modules load (see the module).
import './cli/heap-policy-first.js';
import { ConfigError } from './config/config.js';
import { runServe, SERVE_HELP } from './cli/serve.js';
import { runTestMessageCommand, TEST_MESSAGE_HELP } from './cli/test-message.js';
import { EVENTS_SEND_HELP, runEventsSend } from './cli/events-send.js';
import { ROTATE_KEY_HELP, runRotateKey } from './cli/rotate-key.js';
import { RESET_PASSWORD_HELP, runResetPassword } from './cli/reset-password.js';
import { renderCommandHelp, renderOverview, type AnyCommandHelp } from './cli/help.js';
import { NativeModuleError, StoreInUseError } from './store/errors.js';
import { CliError } from './cli/errors.js';

/** Every command, in the order `herald --help` lists them. */
const COMMANDS: readonly AnyCommandHelp[] = [SERVE_HELP, TEST_MESSAGE_HELP, EVENTS_SEND_HELP, ROTATE_KEY_HELP, RESET_PASSWORD_HELP];

const OVERVIEW = renderOverview(COMMANDS);

function wantsHelp(args: string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

/** Prints a command's help when asked for; otherwise runs it. */
function helpOr(help: AnyCommandHelp, args: string[], run: (args: string[]) => Promise<number>): Promise<number> {
  if (!wantsHelp(args)) return run(args);
  process.stdout.write(renderCommandHelp(help));
  return Promise.resolve(0);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return helpOr(SERVE_HELP, rest, runServe);
    case 'test-message':
      return helpOr(TEST_MESSAGE_HELP, rest, (args) => runTestMessageCommand(args));
    case 'events':
      if (rest[0] === 'send') return helpOr(EVENTS_SEND_HELP, rest.slice(1), (args) => runEventsSend(args));
      if (rest.length === 0 || wantsHelp(rest)) {
        process.stdout.write(renderCommandHelp(EVENTS_SEND_HELP));
        return rest.length === 0 ? 1 : 0;
      }
      throw new CliError(`Unknown events command "${rest[0] ?? ''}"; the only one is "herald events send" (see herald events send --help).`);
    case 'admin':
      if (rest[0] === 'rotate-key') return helpOr(ROTATE_KEY_HELP, rest.slice(1), runRotateKey);
      if (rest[0] === 'reset-password') return helpOr(RESET_PASSWORD_HELP, rest.slice(1), (args) => runResetPassword(args));
      if (rest.length === 0 || wantsHelp(rest)) {
        // "herald admin" alone or "herald admin --help": the overview names both admin commands
        process.stdout.write(OVERVIEW);
        return rest.length === 0 ? 1 : 0;
      }
      throw new CliError(`Unknown admin command "${rest[0] ?? ''}"; see herald --help.`);
    case 'help': {
      const topic = COMMANDS.find((help) => help.name === rest.join(' ') || help.name.split(' ')[0] === rest[0]);
      process.stdout.write(topic === undefined ? OVERVIEW : renderCommandHelp(topic));
      return 0;
    }
    case undefined:
      process.stdout.write(OVERVIEW);
      return 1;
    case '--help':
    case '-h':
      process.stdout.write(OVERVIEW);
      return 0;
    default:
      throw new CliError(`Unknown command "${command}"; the commands are ${COMMANDS.map((help) => `"${help.name}"`).join(', ')} (see herald --help).`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof CliError || error instanceof StoreInUseError || error instanceof NativeModuleError) {
      process.stderr.write(`herald: ${error.message}\n`);
    } else if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('ERR_PARSE_ARGS')) {
      const command = COMMANDS.find((help) => help.name.split(' ')[0] === process.argv[2]);
      process.stderr.write(`herald: ${error.message} (see herald ${command === undefined ? '' : `${command.name} `}--help).\n`);
    } else if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      process.stderr.write(`herald: the listen address is already in use (${error.message}); set HERALD_LISTEN to a free host:port.\n`);
    } else {
      process.stderr.write(`herald: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    process.exit(1);
  },
);
