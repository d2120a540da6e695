/**
 * `herald test-message [--to …] [--all-servers]`: "Send test message" from the command line,
 * with the stored settings. Through the running server's API (the usual case: SQLite allows one
 * process); prints the diagnosis in readable text; exit 0 when delivered, 1 when not.
 */
import { parseArgs } from 'node:util';
import { formatDiagnosis } from '../delivery/smtp/index.js';
import type { DeliveryReport } from '../delivery/smtp/types.js';
import { apiTarget, callApi, errorMessage } from './api-client.js';
import { CliError } from './errors.js';

/** Runs the command. */
export async function runTestMessageCommand(args: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { to: { type: 'string' }, 'all-servers': { type: 'boolean', default: false }, policy: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' } },
  });
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
  const report: DeliveryReport = {
    delivered: result.delivered,
    permanent: false,
    attempts: result.attempts,
    acceptedBy: null,
    rejectedRecipients: [],
  };
  out.write(formatDiagnosis(report) + '\n');
  return result.delivered ? 0 : 1;
}
