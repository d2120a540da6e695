/**
 * "Send test message": the settings on screen (saved or not; a missing password means the
 * stored one), or a policy's effective settings, delivered synchronously with a diagnosis of
 * every attempt. 200 whether or not delivery worked; 400 only for invalid input.
 */
import { defaultEmailSettings, type EmailSettings } from '../../../domain/email-settings.js';
import { InputError } from '../../../domain/errors.js';
import { CertificateUnavailableError } from '../../../certs/tls-material.js';
import { transportConfigFor } from '../../../delivery/transport-config.js';
import { testMessage } from '../../../delivery/smtp/test-message.js';
import type { DeliveryReport } from '../../../delivery/smtp/types.js';
import { expectBoolean, expectObject, expectString, readKey, rejectUnknownKeys } from '../../../settings/fields.js';
import { effectivePolicy } from '../../../settings/effective.js';
import { parseEmailSettings } from '../../../settings/email-settings.js';
import { mailboxAddress, parseRecipients } from '../../../settings/recipients.js';
import { defaultRules } from '../../../domain/rules.js';
import { renderNotification } from '../../../templates/notification.js';
import { sampleEvent } from '../../../templates/variables.js';
import { TemplateError } from '../../../templates/render.js';
import type { AppContext } from '../../context.js';
import { notFound } from '../../errors.js';
import { checkCertificateReferences } from './certificate-references.js';

/** The answer of the test route (API.md), plus `error` when nothing could be attempted. */
export interface TestMessageAnswer {
  delivered: boolean;
  attempts: DeliveryReport['attempts'];
  error?: { code: string; message: string };
}

/** Resolves what to test and sends it. */
export async function runTestMessage(context: AppContext, rawBody: unknown): Promise<TestMessageAnswer> {
  const body = expectObject(rawBody, '');
  rejectUnknownKeys(body, ['settings', 'policy', 'recipients', 'allServers'], '');
  const { store, secrets } = context;
  const stored = (await store.settings.getEmail())?.value ?? null;
  const rawSettings = readKey(body, 'settings');
  let settings: EmailSettings = rawSettings === undefined ? (stored ?? defaultEmailSettings()) : parseEmailSettings(rawSettings, { stored, secrets });
  const policyId = readKey(body, 'policy');
  if (policyId !== undefined && policyId !== null) {
    const applicationId = expectString(policyId, 'policy');
    const policy = await store.policies.get(applicationId);
    if (policy === null) throw notFound(`Policy "${applicationId}"`);
    settings = effectivePolicy(settings, defaultRules(), policy).email;
  }
  const rawRecipients = readKey(body, 'recipients');
  const recipients = rawRecipients === undefined || rawRecipients === null ? settings.recipients : parseRecipients(rawRecipients, 'recipients');
  const allServersRaw = readKey(body, 'allServers');
  const allServers = allServersRaw === undefined ? false : expectBoolean(allServersRaw, 'allServers');
  if (settings.servers.length === 0) {
    throw new InputError('NOT_CONFIGURED', 'There is no SMTP server to test: enter at least one server.', 'settings.servers');
  }
  if (recipients.length === 0) {
    throw new InputError('NOT_CONFIGURED', 'There is no recipient for the test message: enter at least one recipient.', 'recipients');
  }
  await checkCertificateReferences(store, settings.tls, 'settings.');

  let sender: string;
  try {
    sender = renderNotification(settings, sampleEvent()).sender;
  } catch (error) {
    if (error instanceof TemplateError) return { delivered: false, attempts: [], error: { code: 'TEMPLATE_ERROR', message: error.message } };
    throw error;
  }
  let transport;
  try {
    transport = await transportConfigFor(settings, store, secrets, context.config.dnsServers);
  } catch (error) {
    if (error instanceof CertificateUnavailableError) {
      return { delivered: false, attempts: [], error: { code: 'CERTIFICATE_UNAVAILABLE', message: error.message } };
    }
    throw error;
  }
  const message = testMessage(mailboxAddress(sender), recipients, context.clock());
  const report = await context.sendTestMessage(transport, message, { allServers });
  return {
    delivered: report.delivered,
    attempts: report.attempts,
  };
}
