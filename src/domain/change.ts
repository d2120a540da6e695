/**
 * A change made through the API, as the audit log records it (API.md "Audit log"): who, what,
 * which fields — field names only, never a value. Services report changes through
 * `ChangeListener`, so the audit log is one port, not a line in every route.
 */

/** Who made a change. `name` is the user's name or the token's name; `clientIp` as Fastify sees it. */
export interface Actor {
  kind: 'user' | 'admin-token';
  name: string;
  clientIp: string | null;
}

/** What a settings write did (dotted, API.md's style: `settings.email.update`). */
export type SettingsAction =
  | 'settings.email.update'
  | 'settings.rules.update'
  | 'policy.update'
  | 'policy.delete'
  | 'certificate.create'
  | 'certificate.delete';

/** One committed change. */
export interface Change {
  at: Date;
  actor: Actor;
  action: SettingsAction;
  /** What was changed: `settings`, `rules`, a policy's application id, a certificate id. */
  target: string;
  /** Dotted paths of the fields whose stored value changed (`tls.mode`, `auth.password`). */
  changedFields: string[];
}

/** Told about every committed change, before the snapshot is invalidated (the audit log's hook). */
export type ChangeListener = (change: Change) => Promise<void>;
