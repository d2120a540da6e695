/**
 * What the audit log records besides settings writes (those are `SettingsAction` in
 * change.ts): tokens, users, retries and log-ins (API.md "Audit log").
 */
import type { SettingsAction } from './change.js';

/** Changes and log-ins outside the settings service. */
export type AccessAction =
  | 'agent-token.create'
  | 'agent-token.revoke'
  | 'admin-token.create'
  | 'admin-token.revoke'
  | 'user.create'
  | 'user.password.change'
  | 'user.password.reset'
  | 'notification.retry'
  | 'session.login'
  | 'session.login.failed'
  | 'session.logout';

/** Every action an audit entry can name. */
export type AuditAction = SettingsAction | AccessAction;
