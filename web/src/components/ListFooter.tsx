/** Below a list: the error, the empty message, or "Load more". */
import { useI18n } from '../i18n/I18nProvider';
import type { PagedList } from './usePagedList';
import { Button } from './Button';
import { Notice } from './Notice';

/** Status line and paging button of a {@link PagedList}. */
export function ListFooter<T>({ list, emptyText }: { list: PagedList<T>; emptyText: string }) {
  const { t, errorText } = useI18n();
  return (
    <div className="list-footer">
      {list.error !== null ? <Notice tone="danger">{errorText(list.error)}</Notice> : null}
      {!list.loading && list.error === null && list.items.length === 0 ? <p className="empty">{emptyText}</p> : null}
      {list.loading ? <p role="status" className="text-muted">{t('common.loading')}</p> : null}
      {list.hasMore && !list.loading ? (
        <Button onClick={list.loadMore} id="load-more">
          {t('common.loadMore')}
        </Button>
      ) : null}
    </div>
  );
}
