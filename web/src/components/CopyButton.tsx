/** Copies a text to the clipboard and says so for a moment. */
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { Button } from './Button';

/** A button that copies `text`; falls back to selecting a hidden textarea without clipboard access. */
export function CopyButton({ text }: { text: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return undefined;
    const timer = window.setTimeout(() => setCopied(false), 2000);
    return () => window.clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const area = document.createElement('textarea');
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
  };

  return (
    <Button variant="secondary" onClick={() => void copy()} aria-live="polite">
      {copied ? t('common.copied') : t('common.copy')}
    </Button>
  );
}
