/**
 * "Send test message": the settings on screen (saved or not; a missing password means the
 * stored one — unless the servers changed: PASSWORD_REQUIRED), or a policy's effective settings, delivered at once with a diagnosis of every
 * attempt. The answer says whether delivery worked; only invalid input throws (400).
 */
import { CertificateUnavailableError } from '../certs/tls-material.js';
import { defaultEmailSettings, type EmailSettings } from '../domain/email-settings.js';
import { InputError, orNotFound } from '../domain/errors.js';
import type { Reason } from '../domain/reason.js';
import { defaultRules } from '../domain/rules.js';
import type { SecretBox } from '../domain/secrets.js';
import { checkCertificateReferences } from '../settings/certificate-references.js';
import { checkSecretStaysWithServers, NO_SUPPLIED_SECRETS } from '../settings/credential-rules.js';
import { effectivePolicy } from '../settings/effective.js';
import { parseEmailSettings } from '../settings/email-settings.js';
import { expectBoolean, expectObject, expectString, readKey, rejectUnknownKeys } from '../settings/fields.js';
import { mailboxAddress, parseRecipients } from '../settings/recipients.js';
import type { Store } from '../store/ports.js';
import { renderNotification } from '../templates/notification.js';
import { TemplateError } from '../templates/render.js';
import { sampleEvent } from '../templates/variables.js';
import { testMessage } from './smtp/test-message.js';
import type { DeliveryReport, OutgoingMessage, TransportConfig } from './smtp/types.js';
import { transportConfigFor } from './transport-config.js';

/** Sends the test message: real SMTP, fresh connections, transcripts (`diagnose` in production). */
export type TestMessageSender = (
  config: TransportConfig,
  message: OutgoingMessage,
  options: { allServers: boolean },
) => Promise<DeliveryReport>;

/** What running a test needs. */
export interface TestMessageDeps {
  store: Store;
  secrets: SecretBox;
  clock: () => Date;
  dnsServers: string[];
  send: TestMessageSender;
}

/** The answer of the test route (API.md), plus `error` when nothing could be attempted. */
export interface TestMessageAnswer {
  delivered: boolean;
  attempts: DeliveryReport['attempts'];
  error?: { code: Reason; message: string };
}

/** What to test, resolved from the request body. */
interface TestTarget {
  settings: EmailSettings;
  recipients: string[];
  allServers: boolean;
}

/** Resolves what to test from the request body and sends it. */
export async function runTestMessage(deps: TestMessageDeps, rawBody: unknown): Promise<TestMessageAnswer> {
  const target = await resolveTestTarget(deps, rawBody);
  await checkCertificateReferences(deps.store, target.settings.tls, 'settings.');
  let sender: string;
  try {
    sender = renderNotification(target.settings, sampleEvent()).sender;
  } catch (error) {
    if (error instanceof TemplateError) return notAttempted('TEMPLATE_ERROR', error.message);
    throw error;
  }
  let transport: TransportConfig;
  try {
    transport = await transportConfigFor(target.settings, deps.store, deps.secrets, deps.dnsServers);
  } catch (error) {
    if (error instanceof CertificateUnavailableError) return notAttempted('CERTIFICATE_UNAVAILABLE', error.message);
    throw error;
  }
  const message = testMessage(mailboxAddress(sender), target.recipients, deps.clock());
  const report = await deps.send(transport, message, { allServers: target.allServers });
  return { delivered: report.delivered, attempts: report.attempts };
}

function notAttempted(code: Reason, message: string): TestMessageAnswer {
  return { delivered: false, attempts: [], error: { code, message } };
}

/** Body `{settings?, policy?, recipients?, allServers?}` → the settings, recipients and mode to test. */
async function resolveTestTarget({ store, secrets }: TestMessageDeps, rawBody: unknown): Promise<TestTarget> {
  const body = expectObject(rawBody, '');
  rejectUnknownKeys(body, ['settings', 'policy', 'recipients', 'allServers'], '');
  const stored = (await store.settings.getEmail())?.value ?? null;
  const rawSettings = readKey(body, 'settings');
  let settings: EmailSettings = rawSettings === undefined ? (stored ?? defaultEmailSettings()) : parseEmailSettings(rawSettings, { stored, secrets });
  const policyId = readKey(body, 'policy');
  if (policyId !== undefined && policyId !== null) {
    const applicationId = expectString(policyId, 'policy');
    const policy = orNotFound(await store.policies.get(applicationId), `Policy "${applicationId}"`);
    const tested = effectivePolicy(settings, defaultRules(), policy).email;
    if (policy.email.auth !== undefined && rawSettings !== undefined) {
      // The policy's own secret cannot be typed here: unsaved settings must not move it elsewhere.
      const saved = effectivePolicy(stored ?? defaultEmailSettings(), defaultRules(), policy).email;
      checkSecretStaysWithServers(tested, saved, NO_SUPPLIED_SECRETS, 'policy.email.auth');
    }
    settings = tested;
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
  return { settings, recipients, allServers };
}
