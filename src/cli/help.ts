/**
 * `herald --help` and `herald <command> --help`. Each command declares its `parseArgs` options
 * and a `CommandHelp` keyed by the same option names, so an option without a description does
 * not compile.
 */

/** How one option is shown: its value placeholder (none for a flag) and what it does. */
export interface OptionHelp {
  value?: string;
  text: string;
}

/** A command's help: synopsis, what it does, every option, and notes (environment, exit codes). */
export interface CommandHelp<Option extends string> {
  /** The command as typed: `test-message`, `events send`. */
  name: string;
  /** One line for `herald --help`. */
  brief: string;
  /** What the command does, for `herald <command> --help`. */
  summary: string;
  options: Readonly<Record<Option, OptionHelp>>;
  notes: readonly string[];
}

/** A command's help as a value the overview can list, whatever its option names. */
export type AnyCommandHelp = CommandHelp<string>;

/** The options every command takes (none of them needs a value). */
export const HELP_OPTION: OptionHelp = { text: 'show this help and exit' };

/** The usage line: `herald events send [--file FILE] …`. */
export function usageLine(help: AnyCommandHelp): string {
  const options = Object.entries(help.options).map(([name, option]) => `[--${name}${option.value === undefined ? '' : ` ${option.value}`}]`);
  return ['herald', help.name, ...options].join(' ');
}

/** `herald <command> --help`. */
export function renderCommandHelp(help: AnyCommandHelp): string {
  const rows: Array<[string, string]> = Object.entries({ ...help.options, help: HELP_OPTION }).map(([name, option]) => [
    `--${name}${option.value === undefined ? '' : ` ${option.value}`}`,
    option.text,
  ]);
  const width = Math.max(...rows.map(([left]) => left.length));
  const lines = [`Usage: ${usageLine(help)}`, '', help.summary, '', 'Options:'];
  for (const [left, text] of rows) lines.push(`  ${left.padEnd(width)}  ${text}`);
  if (help.notes.length > 0) lines.push('', ...help.notes);
  return `${lines.join('\n')}\n`;
}

/** `herald --help`: every command with its summary. */
export function renderOverview(commands: readonly AnyCommandHelp[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'Usage: herald <command> [options]',
    '',
    'Herald: events in, e-mail out through your SMTP servers, nothing lost.',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.brief}`),
    '',
    'Run "herald <command> --help" for the options of a command.',
    'Exit status: 0 on success, 1 on failure (the reason is printed as one sentence).',
    '',
  ].join('\n');
}
