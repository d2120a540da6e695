/**
 * Cursor paging over a list endpoint: the first page on filter change, "Load more" passes
 * `before=<nextCursor>` and appends.
 */
import { useCallback, useEffect, useState } from 'react';
import { isApiError, type ApiError } from '../api/client';
import type { Page } from '../api/types';

/** State and actions of a paged list. */
export interface PagedList<T> {
  items: T[];
  loading: boolean;
  error: ApiError | null;
  hasMore: boolean;
  loadMore(): void;
  reload(): void;
}

/** `fetchPage(before)` must change identity when the filter changes (useCallback on the filter). */
export function usePagedList<T>(fetchPage: (before: string | null) => Promise<Page<T>>): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let active = true;
    setLoading(true);
    setError(null);
    fetchPage(null)
      .then((page) => {
        if (!active) return;
        setItems(page.items);
        setCursor(page.nextCursor ?? null);
      })
      .catch((e: unknown) => active && isApiError(e) && setError(e))
      .finally(() => active && setLoading(false));
    return () => {
      active = false;
    };
  }, [fetchPage, generation]);

  const loadMore = useCallback(() => {
    if (cursor === null) return;
    setLoading(true);
    fetchPage(cursor)
      .then((page) => {
        setItems((current) => [...current, ...page.items]);
        setCursor(page.nextCursor ?? null);
      })
      .catch((e: unknown) => isApiError(e) && setError(e))
      .finally(() => setLoading(false));
  }, [cursor, fetchPage]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  return { items, loading, error, hasMore: cursor !== null, loadMore, reload };
}
