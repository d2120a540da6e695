/**
 * Pure: does an event notify, and with what message? Content (recipients, sender, subject,
 * body, Message-ID) is fixed here, at creation; transport settings are read at each attempt.
 */
import type { HeraldEvent } from '../domain/event.js';
import type { EffectivePolicy } from '../domain/policy.js';
import type { DeliveryError } from '../domain/reason.js';
import { shouldNotify } from '../domain/rules.js';
import { mailboxAddress } from '../settings/recipients.js';
import type { NewNotification } from '../store/ports.js';
import { renderNotification } from '../templates/notification.js';
import { TemplateError } from '../templates/render.js';
import { timeOrderedId } from '../domain/time-ordered-id.js';

/** `<{id}@{domain of the sender}>`: stable across retries so receivers can de-duplicate. */
export function messageIdFor(notificationId: string, sender: string): string {
  const address = mailboxAddress(sender);
  const domain = address.slice(address.lastIndexOf('@') + 1) || 'herald.invalid';
  return `<${notificationId}@${domain}>`;
}

/**
 * Makes the id of a new notification: time-ordered (UUIDv7) so the outbox's primary key
 * grows at one end instead of taking random inserts (see time-ordered-id.ts).
 */
export const newNotificationId: () => string = timeOrderedId;

/**
 * The notification an event produces under its effective policy, or null when the rules say
 * it does not notify. Misconfiguration is not silent: no recipients or servers gives a
 * notification that is `failed` with NOT_CONFIGURED; a template that cannot render gives
 * one `failed` with TEMPLATE_ERROR.
 */
export function notificationFor(event: HeraldEvent, effective: EffectivePolicy, now: Date, newId: () => string = newNotificationId): NewNotification | null {
  if (!shouldNotify(effective.rules, event.type, event.severity)) return null;
  return composeNotification(
    { id: newId(), applicationId: event.application.id, eventIds: [event.id], eventCount: 1 },
    effective,
    now,
    () => renderNotification(effective.email, event),
  );
}

/** What a new notification is about: its id and the events it covers. */
export interface NotificationSubject {
  id: string;
  applicationId: string | null;
  eventIds: string[];
  eventCount: number;
}

/**
 * A new `single` notification (callers set kind/group) with content from `render`: queued, or
 * `failed` at once with TEMPLATE_ERROR / NOT_CONFIGURED. Shared by single events and groups.
 */
export function composeNotification(
  about: NotificationSubject,
  effective: EffectivePolicy,
  now: Date,
  render: () => { sender: string; subject: string; body: string },
): NewNotification {
  const { id } = about;
  const settings = effective.email;
  const base = {
    id,
    kind: 'single' as const,
    eventIds: about.eventIds,
    eventCount: about.eventCount,
    groupId: null,
    throttledCount: 0,
    applicationId: about.applicationId,
    recipients: settings.recipients,
    attemptCount: 0,
    createdAt: now,
    ageFrom: now,
    sentAt: null,
    server: null,
    rejectedRecipients: [],
  };
  let content: { sender: string; subject: string; body: string };
  try {
    content = render();
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    const failure: DeliveryError = { code: 'TEMPLATE_ERROR', message: error.message };
    return { ...base, status: 'failed', sender: settings.sender, subject: '', body: '', messageId: `<${id}@herald.invalid>`, nextAttemptAt: null, lastError: failure };
  }
  const missing = settings.recipients.length === 0 ? 'recipients' : settings.servers.length === 0 ? 'SMTP servers' : null;
  if (missing !== null) {
    const where = about.applicationId ? `the policy of "${about.applicationId}" (or the server defaults)` : 'the server settings';
    return {
      ...base,
      ...content,
      status: 'failed',
      messageId: messageIdFor(id, content.sender),
      nextAttemptAt: null,
      lastError: { code: 'NOT_CONFIGURED', message: `No ${missing} are configured in ${where}; set them and retry this notification.` },
    };
  }
  return { ...base, ...content, status: 'queued', messageId: messageIdFor(id, content.sender), nextAttemptAt: now, lastError: null };
}
