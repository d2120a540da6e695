/**
 * The readable text of a test-message diagnosis (`herald test-message`). Apart from diagnose.ts
 * so that printing a report does not load nodemailer.
 */
import type { DeliveryReport, SmtpAttempt } from './types.js';
import { describeTls } from './tls-facts.js';

/** The stages in session order, for "reached … of …" wording. */
const STAGE_WORDS: Readonly<Record<SmtpAttempt['stage'], string>> = {
  token: 'getting the OAuth access token',
  connect: 'connecting',
  greeting: 'waiting for the greeting',
  ehlo: 'EHLO',
  starttls: 'STARTTLS / TLS handshake',
  auth: 'authentication',
  mail: 'MAIL FROM (sender)',
  rcpt: 'RCPT TO (recipients)',
  data: 'DATA (message)',
  done: 'done',
};

function formatAttempt(attempt: SmtpAttempt, index: number): string[] {
  const lines: string[] = [];
  const verdict = attempt.ok ? 'DELIVERED' : 'FAILED';
  lines.push(`[${index + 1}] ${attempt.server} port ${attempt.port}: ${verdict}${attempt.ok ? '' : ` at ${STAGE_WORDS[attempt.stage]}`}`);
  if (attempt.note !== undefined) lines.push(`    Note: ${attempt.note}`);
  if (attempt.token !== undefined) lines.push(`    OAuth token: from ${attempt.token.endpoint}, valid for ${attempt.token.validForSeconds} s more`);
  lines.push(`    TLS: ${attempt.tls === null ? 'none (plaintext session)' : describeTls(attempt.tls)}`);
  if (attempt.error !== null) {
    const code = attempt.error.smtpCode === undefined ? '' : `, SMTP ${attempt.error.smtpCode}`;
    lines.push(`    Error: ${attempt.error.code}${code}${attempt.retryable ? ' (temporary)' : ' (permanent)'}`);
    lines.push(`           ${attempt.error.message}`);
  }
  if (attempt.rejectedRecipients.length > 0) lines.push(`    Refused recipients: ${attempt.rejectedRecipients.join(', ')}`);
  if (attempt.transcript.length > 0) {
    lines.push('    Transcript:');
    for (const line of attempt.transcript) lines.push(`      ${line}`);
  }
  return lines;
}

/** Readable text of a diagnosis: the verdict, then per server the stage, TLS, error and transcript. */
export function formatDiagnosis(report: DeliveryReport): string {
  const head = report.delivered
    ? `Test message delivered by ${report.acceptedBy ?? '?'}.`
    : report.permanent
      ? 'Test message NOT delivered: the server refused it permanently.'
      : 'Test message NOT delivered.';
  const lines = [head];
  if (report.attempts.length === 0) lines.push('No server was tried.');
  report.attempts.forEach((attempt, i) => {
    lines.push('');
    lines.push(...formatAttempt(attempt, i));
  });
  return `${lines.join('\n')}\n`;
}
