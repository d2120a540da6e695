/**
 * Renders the three templates of a notification for one event: what is fixed when the
 * notification is created (API.md "Notifications").
 */
import type { HeraldEvent } from '../domain/event.js';
import { renderTemplate } from './render.js';
import { renderSender } from './sender.js';
import { digestTemplateValues, eventTemplateValues, type DigestFacts, type TemplateValues } from './variables.js';

/** The sender, subject and body templates (from the effective settings). */
export interface NotificationTemplates {
  sender: string;
  subject: string;
  body: string;
}

/** The rendered message content. */
export interface RenderedNotification {
  /**
   * A valid mailbox (`addr` or `Name <addr>`, the name quoted when needed), IDN domain in
   * punycode; event values can only ever be part of the name or the address (sender.ts).
   */
  sender: string;
  /** One header line. */
  subject: string;
  /** Plain text, LF line ends. */
  body: string;
}

/**
 * Renders sender and subject in header mode and the body in body mode. Throws `TemplateError`
 * for an unknown variable or when the rendered sender is not a valid mailbox (e.g. a
 * variable put a space into the address): both are permanent failures.
 */
export function renderNotification(templates: NotificationTemplates, event: HeraldEvent): RenderedNotification {
  return renderWith(templates, eventTemplateValues(event));
}

/** The digest templates of the effective settings. */
export interface DigestTemplates {
  sender: string;
  digestSubject: string;
  digestBody: string;
}

/** Renders a digest (several events of one group) with `digestSubject` / `digestBody`. */
export function renderDigest(templates: DigestTemplates, digest: DigestFacts): RenderedNotification {
  return renderWith({ sender: templates.sender, subject: templates.digestSubject, body: templates.digestBody }, digestTemplateValues(digest));
}

function renderWith(templates: NotificationTemplates, values: TemplateValues): RenderedNotification {
  return {
    sender: renderSender(templates.sender, values).entry,
    subject: renderTemplate(templates.subject, values, 'header'),
    body: renderTemplate(templates.body, values, 'body'),
  };
}
