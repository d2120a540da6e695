/**
 * The audit log in the console's language: each action (the server's closed union, so a new
 * action without words in every language does not compile) and each changed field by its
 * form label instead of its JSON path.
 */
import type { AuditAction } from '../../../src/domain/audit';
import type { Language } from './language';

const en: Readonly<Record<AuditAction, string>> = {
  'settings.email.update': 'Notification settings changed',
  'settings.rules.update': 'Rules changed',
  'policy.update': 'Policy saved',
  'policy.delete': 'Policy deleted',
  'certificate.create': 'Certificate uploaded',
  'certificate.delete': 'Certificate deleted',
  'agent-token.create': 'Agent token created',
  'agent-token.revoke': 'Agent token revoked',
  'admin-token.create': 'Admin token created',
  'admin-token.revoke': 'Admin token revoked',
  'user.create': 'User created',
  'user.password.change': 'Password changed',
  'user.password.reset': 'Password reset',
  'notification.retry': 'Notification retried',
  'session.login': 'Signed in',
  'session.login.failed': 'Sign-in failed',
  'session.logout': 'Signed out',
};

const de: Readonly<Record<AuditAction, string>> = {
  'settings.email.update': 'Benachrichtigungseinstellungen geändert',
  'settings.rules.update': 'Regeln geändert',
  'policy.update': 'Richtlinie gespeichert',
  'policy.delete': 'Richtlinie gelöscht',
  'certificate.create': 'Zertifikat hochgeladen',
  'certificate.delete': 'Zertifikat gelöscht',
  'agent-token.create': 'Agenten-Token erstellt',
  'agent-token.revoke': 'Agenten-Token widerrufen',
  'admin-token.create': 'Admin-Token erstellt',
  'admin-token.revoke': 'Admin-Token widerrufen',
  'user.create': 'Benutzer angelegt',
  'user.password.change': 'Kennwort geändert',
  'user.password.reset': 'Kennwort zurückgesetzt',
  'notification.retry': 'Benachrichtigung erneut versucht',
  'session.login': 'Angemeldet',
  'session.login.failed': 'Anmeldung fehlgeschlagen',
  'session.logout': 'Abgemeldet',
};

const tables: Record<Language, Readonly<Record<AuditAction, string>>> = { en, de };

/** The words for an audit action, or undefined for one this console does not know (a newer server). */
export function auditActionText(language: Language, action: string): string | undefined {
  const table = tables[language];
  return Object.hasOwn(table, action) ? table[action as AuditAction] : undefined;
}
