/**
 * The audit log (API.md "Audit log"): who changed what and when, with the names of the
 * changed fields only — never a value, so a secret cannot reach it by construction (callers
 * pass field names; the settings service passes `changedFields` of its documents).
 */
import type { AuditAction } from '../domain/audit.js';
import type { Actor, Change } from '../domain/change.js';
import { timeOrderedId } from '../domain/time-ordered-id.js';
import type { AuditRecord, Store } from '../store/ports.js';

/** One entry to record; `at` and the id are added here. */
export interface AuditEntry {
  actor: Actor;
  action: AuditAction;
  target: string;
  changedFields: readonly string[];
}

/** Longest actor name or target kept (a failed log-in's user name is typed by anyone). */
export const MAX_AUDIT_TEXT = 200;

/** Writes audit entries to the store. */
export class AuditLog {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
  ) {}

  /** Records one entry. */
  async record(entry: AuditEntry): Promise<void> {
    const record: AuditRecord = {
      id: timeOrderedId(), // same-millisecond entries list in the order they happened
      at: this.clock(),
      actor: { kind: entry.actor.kind, name: entry.actor.name.slice(0, MAX_AUDIT_TEXT) },
      clientIp: entry.actor.clientIp,
      action: entry.action,
      target: entry.target.slice(0, MAX_AUDIT_TEXT),
      changedFields: [...entry.changedFields],
    };
    await this.store.audit.append(record);
  }

  /** The settings service's change listener: every settings, rules, policy and certificate write. */
  readonly onSettingsChange = (change: Change): Promise<void> =>
    this.record({ actor: change.actor, action: change.action, target: change.target, changedFields: change.changedFields });
}
