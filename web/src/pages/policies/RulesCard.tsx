/** The server rules (`GET/PUT /settings/rules`): severities and event-type switches. */
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { useApi } from '../../app/session';
import { Card } from '../../components/Card';
import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { isApiError } from '../../api/client';
import type { Rules } from '../../api/types';
import { SeverityChecks } from './SeverityChecks';
import { EventTypeSwitches } from './EventTypeSwitches';
import { GroupingFields } from './GroupingFields';
import { validateGrouping } from '../settings/validate';
import { useProblemText } from '../settings/useProblemText';
import { focusFirst } from '../../app/focusFirst';

/** The server rules as loaded, their edits, and saving them. */
function useServerRules() {
  const { t, errorText, fieldErrorText } = useI18n();
  const api = useApi();
  const problemText = useProblemText();
  const [rules, setRules] = useState<Rules | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'danger'; text: string } | null>(null);
  /** Errors next to the grouping numbers, by API path (`grouping.idleSeconds`). */
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let active = true;
    api
      .getRules()
      .then((r) => active && setRules(r))
      .catch((e: unknown) => active && isApiError(e) && setMessage({ tone: 'danger', text: errorText(e) }));
    return () => {
      active = false;
    };
  }, [api, errorText]);

  const save = async () => {
    if (rules === null) return;
    setMessage(null);
    // checked in the browser first: every bad number at once, the first focused
    const problems = validateGrouping(rules.grouping);
    const keys = Object.keys(problems) as Array<keyof typeof problems>;
    setErrors(Object.fromEntries(keys.flatMap((key) => (problems[key] === undefined ? [] : [[`grouping.${key}`, problemText(problems[key])]]))));
    if (keys.length > 0) {
      setMessage({ tone: 'danger', text: t('common.fixErrors') });
      focusFirst(keys.map((key) => `rules-grouping-${key}`));
      return;
    }
    setBusy(true);
    try {
      setRules(await api.putRules(rules));
      setMessage({ tone: 'success', text: t('rules.saved') });
    } catch (e) {
      setMessage({ tone: 'danger', text: isApiError(e) ? errorText(e) : String(e) });
      if (isApiError(e) && e.field?.startsWith('grouping.') === true) setErrors({ [e.field]: fieldErrorText(e) });
    } finally {
      setBusy(false);
    }
  };

  /** An edit: the last save's message no longer applies. */
  const edit = (patch: Partial<Rules>) => {
    setRules((current) => (current === null ? current : { ...current, ...patch }));
    setMessage(null);
    if ('grouping' in patch) setErrors({});
  };
  return { rules, message, errors, busy, save, edit };
}

/** The "Server rules" card. */
export function RulesCard() {
  const { t } = useI18n();
  const { rules, message, errors, busy, save, edit } = useServerRules();

  return (
    <Card
      title={t('rules.serverRules')}
      id="card-rules"
      actions={
        <Button variant="primary" busy={busy} onClick={() => void save()} disabled={rules === null} id="rules-save">
          {t('common.save')}
        </Button>
      }
    >
      {message !== null ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      {rules === null ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <div className="stack">
          <SeverityChecks legend={t('rules.severities')} idPrefix="rules-severity" value={rules.severities} onChange={(severities) => edit({ severities })} />
          <div>
            <p className="field__label">{t('rules.eventTypes')}</p>
            <p className="field__hint">{t('rules.eventTypesHint')}</p>
            <EventTypeSwitches idPrefix="rules" value={rules.eventTypes} onChange={(eventTypes) => edit({ eventTypes })} />
          </div>
          <section aria-labelledby="rules-grouping-title" className="stack">
            <h3 id="rules-grouping-title" className="card__subtitle">{t('storm.grouping')}</h3>
            <GroupingFields idPrefix="rules-grouping" errorPrefix="grouping" value={rules.grouping} errors={errors} onChange={(grouping) => edit({ grouping })} />
          </section>
        </div>
      )}
    </Card>
  );
}
