/**
 * Outbox SQL that reads the same in both dialects (no parameters). Statements with
 * parameters live in each store, since SQLite writes `?` and PostgreSQL `$n`.
 */

/** Due again at once: the row was due when it was claimed, so its old next_attempt_at is in the past. */
export const RELEASE_ALL_LEASES_SQL = `
  UPDATE notifications SET status = 'queued', lease_owner = NULL, lease_until = NULL,
    next_attempt_at = coalesce(next_attempt_at, created_at), due_at = coalesce(next_attempt_at, created_at)
  WHERE status = 'sending'`;

/**
 * When the next row falls due (queued/deferred time or lease expiry): the earliest of each
 * claim priority, so each is one step on the `(priority, due_at, id)` index. `due_at` is NULL
 * when nothing is pending.
 */
export const NEXT_DUE_SQL = `
  SELECT min(due_at) AS due_at FROM (
    SELECT due_at FROM (SELECT due_at FROM notifications WHERE priority = 0 AND due_at IS NOT NULL ORDER BY due_at LIMIT 1) AS urgent
    UNION ALL
    SELECT due_at FROM (SELECT due_at FROM notifications WHERE priority = 1 AND due_at IS NOT NULL ORDER BY due_at LIMIT 1) AS digests
  ) AS due`;

