/**
 * "Send test message": posts the values on screen (saved or not) to
 * `POST /settings/email/test` and shows the diagnosis per server. Invalid settings come back as
 * field errors and are shown at their fields like on Save.
 */
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { useApi } from '../../app/session';
import { Card } from '../../components/Card';
import { Button } from '../../components/Button';
import { Checkbox } from '../../components/Checkbox';
import { Notice } from '../../components/Notice';
import { Icon } from '../../components/Icon';
import { isApiError } from '../../api/client';
import type { TestResult } from '../../api/types';
import { settingsInput, type SettingsForm } from './model';
import type { SettingsFormState } from './useSettingsForm';
import { TestResultView } from './TestResultView';

/** The test-message card. */
export function TestMessageCard({ state, form }: { state: SettingsFormState; form: SettingsForm }) {
  const { t, errorText } = useI18n();
  const api = useApi();
  const [allServers, setAllServers] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = async () => {
    if (!state.validate()) {
      setResult(null);
      setError(t('common.fixErrors'));
      return;
    }
    setBusy(true);
    setResult(null);
    setError(null);
    try {
      setResult(await api.testEmail(settingsInput(form), allServers));
    } catch (caught) {
      if (!isApiError(caught)) setError(String(caught));
      else if (!state.showApiError(caught)) setError(errorText(caught));
      else setError(t('common.fixErrors'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('test.title')} description={t('test.hint')} id="card-test">
      <div className="test-actions">
        <Button variant="secondary" busy={busy} onClick={() => void send()} id="test-send">
          {busy ? null : <Icon name="send" />}
          {busy ? t('test.sending') : t('test.send')}
        </Button>
        <Checkbox id="test-all-servers" label={t('test.allServers')} checked={allServers} onChange={setAllServers} />
      </div>
      <div aria-live="polite" className="test-output">
        {error !== null ? <Notice tone="danger">{error}</Notice> : null}
        {result !== null ? <TestResultView result={result} /> : null}
      </div>
    </Card>
  );
}
