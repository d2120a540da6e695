/**
 * `herald test-message [--to …] [--all-servers]`: "Send test message" from the command line,
 * with the stored settings. Through the running server's API (the usual case: SQLite allows one
 * process); prints the diagnosis in readable text; exit 0 when delivered, 1 when not.
 */
import { parseArgs } from 'node:util';
import { formatDiagnosis } from '../delivery/smtp/diagnosis-text.js';
import { summarize } from '../delivery/smtp/report.js';
import type { DeliveryReport } from '../delivery/smtp/types.js';
import { apiTarget, callApi, CONNECTION_HELP, CONNECTION_OPTIONS, errorMessage } from './api-client.js';
import type { CommandHelp } from './help.js';
import { CliError } from './errors.js';

/** The command's options (`parseArgs` config). */
export const TEST_MESSAGE_OPTIONS = {
  to: { type: 'string' },
  'all-servers': { type: 'boolean', default: false },
  policy: { type: 'string' },
  ...CONNECTION_OPTIONS,
} as const;

/** `herald test-message --help`. */
export const TEST_MESSAGE_HELP: CommandHelp<keyof typeof TEST_MESSAGE_OPTIONS> = {
  name: 'test-message',
  brief: '"Send test message" with the saved settings and print the diagnosis',
  summary:
    '"Send test message": sends one test message with the saved e-mail settings now (not through the queue)\n' +
    'and prints which server accepted it, or per server where the session failed and why, with a transcript.',
  options: {
    to: { value: 'ADDRESSES', text: 'send to these recipients instead of the settings\' ones, e.g. "a@x.example; b@x.example"' },
    'all-servers': { text: 'try every server and report each, instead of stopping at the first that accepts' },
    policy: { value: 'APPLICATION_ID', text: 'test the effective settings of this application\'s policy instead of the defaults' },
    ...CONNECTION_HELP,
  },
  notes: ['Needs an admin token. Exit status: 0 when the message was delivered, 1 when not.'],
};

/** Runs the command. */
export async function runTestMessageCommand(args: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { values } = parseArgs({ args, options: TEST_MESSAGE_OPTIONS });
  const target = apiTarget(values.url, values.token);
  const body = {
    allServers: values['all-servers'],
    ...(values.to !== undefined ? { recipients: values.to } : {}),
    ...(values.policy !== undefined ? { policy: values.policy } : {}),
  };
  const { status, body: answer } = await callApi(target, 'POST', '/api/v1/settings/email/test', body);
  if (status !== 200) throw new CliError(`The test could not run (HTTP ${status}) — ${errorMessage(answer)}`);
  const result = answer as { delivered: boolean; attempts: DeliveryReport['attempts']; error?: { code: string; message: string } };
  if (result.error) {
    out.write(`Not sent: ${result.error.code}: ${result.error.message}\n`);
    return 1;
  }
  // The answer carries the attempts, not the report: summarise them as the server did, and name
  // the accepting server with its port, as the attempt lines do.
  const summary = summarize(result.attempts);
  const accepted = result.attempts.find((attempt) => attempt.ok);
  const report: DeliveryReport = { ...summary, acceptedBy: accepted === undefined ? null : `${accepted.server} port ${accepted.port}` };
  out.write(formatDiagnosis(report) + '\n');
  return result.delivered ? 0 : 1;
}
