/**
 * Live preview of the templates: `POST /templates/preview` a moment after the last keystroke;
 * an unknown variable is reported at its field.
 */
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { useApi } from '../../app/session';
import { isApiError } from '../../api/client';
import type { TemplateTriple } from '../../api/types';
import { fieldTarget, type SettingsFieldKey } from './fieldErrors';
import { ScrollablePre } from '../../components/ScrollablePre';

const DEBOUNCE_MS = 350;

interface TemplatePreviewProps extends TemplateTriple {
  /** Must be stable (useCallback): the preview re-runs when it changes. */
  onFieldError(key: SettingsFieldKey, message: string | null): void;
}

/** An e-mail-looking panel with the rendered sender, subject and body. */
export function TemplatePreview({ sender, subject, body, onFieldError }: TemplatePreviewProps) {
  const { t, errorText, fieldErrorText } = useI18n();
  const api = useApi();
  const [rendered, setRendered] = useState<TemplateTriple | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    const timer = window.setTimeout(() => {
      api
        .previewTemplates({ sender, subject, body })
        .then((result) => {
          if (!active) return;
          setRendered(result);
          setError(null);
          for (const key of ['sender', 'subject', 'body'] as const) onFieldError(key, null);
        })
        .catch((caught: unknown) => {
          if (!active || !isApiError(caught)) return;
          const target = fieldTarget(caught.field);
          if (target !== null) onFieldError(target.key, fieldErrorText(caught));
          setError(errorText(caught));
        });
    }, DEBOUNCE_MS);
    return () => {
      active = false;
      window.clearTimeout(timer);
    };
  }, [api, sender, subject, body, errorText, fieldErrorText, onFieldError]);

  return (
    <section className="preview" aria-labelledby="preview-title" aria-live="polite">
      <header className="preview__header">
        <h3 id="preview-title" className="preview__title">
          {t('settings.preview')}
        </h3>
        <span className="text-muted small">{t('settings.previewHint')}</span>
      </header>
      {error !== null ? <p className="preview__error">{error}</p> : null}
      {rendered !== null ? (
        <div className={`mail${error !== null ? ' mail--stale' : ''}`} data-testid="template-preview">
          <dl className="mail__headers">
            <dt>{t('settings.previewFrom')}</dt>
            <dd>{rendered.sender}</dd>
            <dt>{t('settings.previewSubject')}</dt>
            <dd className="mail__subject">{rendered.subject}</dd>
          </dl>
          <ScrollablePre className="mail__body" label={t('settings.previewBody')}>
            {rendered.body}
          </ScrollablePre>
        </div>
      ) : error === null ? (
        <p className="preview__loading text-muted small" role="status">
          {t('common.loading')}
        </p>
      ) : null}
    </section>
  );
}
