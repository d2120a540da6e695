/**
 * Outbox SQL that reads the same in both dialects (no parameters). Statements with
 * parameters live in each store, since SQLite writes `?` and PostgreSQL `$n`.
 */

/** Due again at once: the row was due when it was claimed, so its old next_attempt_at is in the past. */
export const RELEASE_ALL_LEASES_SQL = `
  UPDATE notifications SET status = 'queued', lease_owner = NULL, lease_until = NULL,
    next_attempt_at = coalesce(next_attempt_at, created_at), due_at = coalesce(next_attempt_at, created_at)
  WHERE status = 'sending'`;

/** When the next row falls due (queued/deferred time or lease expiry). */
export const NEXT_DUE_SQL = 'SELECT due_at FROM notifications WHERE due_at IS NOT NULL ORDER BY due_at LIMIT 1';
