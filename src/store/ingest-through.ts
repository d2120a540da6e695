/** The ingest call both stores share on top of their ingest group commit. */
import type { GroupCommit } from './group-commit.js';
import type { IngestItem, IngestResult } from './ports.js';

/**
 * An ingest call through a store's ingest group commit: an empty batch commits nothing, and the
 * caller gets only the counts (what else the commit reports stays inside the store).
 */
export async function ingestThrough<R extends IngestResult>(groupCommit: GroupCommit<IngestItem[], R>, items: IngestItem[]): Promise<IngestResult> {
  if (items.length === 0) return { accepted: 0, duplicates: 0 };
  const { accepted, duplicates } = await groupCommit.submit(items);
  return { accepted, duplicates };
}
