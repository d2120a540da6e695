/**
 * `herald --help` and `herald <command> --help`, run as a user runs them (a child process via
 * `node --import tsx src/cli.ts`): every command is listed, every option a command accepts is
 * described, and a bad option points at the help.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/support/herald.test-helpers.js';
import { EVENTS_SEND_OPTIONS } from './events-send.js';
import { renderCommandHelp, usageLine } from './help.js';
import { SERVE_OPTIONS } from './serve.js';
import { TEST_MESSAGE_OPTIONS } from './test-message.js';
import { RESET_PASSWORD_OPTIONS } from './reset-password.js';
import { ROTATE_KEY_OPTIONS } from './rotate-key.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function herald(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/cli.ts'), ...args], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? '' } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

const COMMANDS: Array<[string[], Record<string, unknown>]> = [
  [['serve'], SERVE_OPTIONS],
  [['test-message'], TEST_MESSAGE_OPTIONS],
  [['events', 'send'], EVENTS_SEND_OPTIONS],
  [['admin', 'rotate-key'], ROTATE_KEY_OPTIONS],
  [['admin', 'reset-password'], RESET_PASSWORD_OPTIONS],
];

describe('herald --help', () => {
  it('lists every command and exits 0', async () => {
    const run = await herald('--help');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Usage: herald <command> \[options\]/);
    for (const [words] of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${words.join(' ')} +\\S`, 'm'));
  });

  it('without a command prints the overview and exits 1', async () => {
    const run = await herald();
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Commands:/);
  });

  it.each(COMMANDS)('%j --help describes every option and exits 0', async (words, options) => {
    const run = await herald(...words, '--help');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const usage = run.stdout.split('\n')[0] ?? '';
    // a command without options has a bare usage line
    const bare = `Usage: herald ${words.join(' ')}`;
    expect(Object.keys(options).length === 0 ? usage === bare : usage.startsWith(`${bare} [--`)).toBe(true);
    for (const name of Object.keys(options)) expect(usage).toContain(`[--${name}`);
    for (const name of [...Object.keys(options), 'help']) {
      // An option's row: two spaces, the option (with its value), at least two spaces, a description.
      expect(run.stdout).toMatch(new RegExp(`^  --${name}( \\S+)? {2,}\\S.{10,}$`, 'm'));
    }
  });

  it('"herald admin --help" names the admin commands and exits 0; "herald admin" alone exits 1', async () => {
    const [help, bare] = await Promise.all([herald('admin', '--help'), herald('admin')]);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^  admin rotate-key +\S/m);
    expect(help.stdout).toMatch(/^  admin reset-password +\S/m);
    expect(bare.code).toBe(1);
    expect(bare.stdout).toBe(help.stdout);
  });

  it('"herald help events send" is the same as "herald events send --help"', async () => {
    const [viaHelp, viaFlag] = await Promise.all([herald('help', 'events', 'send'), herald('events', 'send', '--help')]);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
  });

  it('an unknown option says which and points at the command\'s help', async () => {
    const run = await herald('test-message', '--too', 'x@x.example');
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^herald: .*'--too'.*\(see herald test-message --help\)\.$/m);
  });

  it('an unknown command names the commands', async () => {
    const run = await herald('send');
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('herald: Unknown command "send"; the commands are "serve", "test-message", "events send", "admin rotate-key", "admin reset-password" (see herald --help).');
  });
});

describe('renderCommandHelp', () => {
  const help = {
    name: 'demo',
    brief: 'a demo',
    summary: 'Does a demo.',
    options: { file: { value: 'FILE', text: 'the file' }, quiet: { text: 'say less' } },
    notes: ['Exit status: 0.'],
  };

  it('aligns the options and lists --help last', () => {
    expect(renderCommandHelp(help)).toBe(
      [
        'Usage: herald demo [--file FILE] [--quiet]',
        '',
        'Does a demo.',
        '',
        'Options:',
        '  --file FILE  the file',
        '  --quiet      say less',
        '  --help       show this help and exit',
        '',
        'Exit status: 0.',
        '',
      ].join('\n'),
    );
    expect(usageLine(help)).toBe('herald demo [--file FILE] [--quiet]');
  });
});
