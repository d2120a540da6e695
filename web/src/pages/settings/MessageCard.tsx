/**
 * Sender, subject and message template with a variable picker that inserts at the cursor of
 * the template field last used, and a live preview rendered by the server for a sample event.
 */
import { useRef, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { Card } from '../../components/Card';
import { Field } from '../../components/Field';
import type { MessageKey } from '../../i18n/en';
import { controlId } from './fieldErrors';
import type { SettingsForm } from './model';
import type { SettingsFormState } from './useSettingsForm';
import { VariablePicker } from './VariablePicker';
import { TemplatePreview } from './TemplatePreview';
import { DefaultSenderNotice, usesDefaultSender } from '../../components/DefaultSenderNotice';

/** The three template fields. */
export type TemplateKey = 'sender' | 'subject' | 'body';

const LABELS: Record<TemplateKey, MessageKey> = { sender: 'settings.sender', subject: 'settings.subject', body: 'settings.body' };

/** Inserts `text` into `value` at the selection of `element`; returns the new value and caret. */
function insertAt(element: HTMLInputElement | HTMLTextAreaElement | null, value: string, text: string): { value: string; caret: number } {
  const start = element?.selectionStart ?? value.length;
  const end = element?.selectionEnd ?? value.length;
  return { value: value.slice(0, start) + text + value.slice(end), caret: start + text.length };
}

/** The "Message" card. */
export function MessageCard({ state, form }: { state: SettingsFormState; form: SettingsForm }) {
  const { t } = useI18n();
  const { errors, update } = state;
  const [target, setTarget] = useState<TemplateKey>('body');
  const refs = {
    sender: useRef<HTMLInputElement>(null),
    subject: useRef<HTMLInputElement>(null),
    body: useRef<HTMLTextAreaElement>(null),
  };

  const insert = (variable: string) => {
    const element = refs[target].current;
    const next = insertAt(element, form[target], variable);
    update({ [target]: next.value });
    window.requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(next.caret, next.caret);
    });
  };

  return (
    <Card title={t('settings.message')} id="card-message">
      <div className="message-grid">
        <div className="stack">
          <Field id={controlId('sender')} label={t('settings.sender')} error={errors.sender}>
            {(control) => <input {...control} ref={refs.sender} type="text" spellCheck={false} value={form.sender} onFocus={() => setTarget('sender')} onChange={(e) => update({ sender: e.target.value })} />}
          </Field>
          {usesDefaultSender(form.sender) ? <DefaultSenderNotice /> : null}
          <Field id={controlId('subject')} label={t('settings.subject')} error={errors.subject}>
            {(control) => <input {...control} ref={refs.subject} type="text" value={form.subject} onFocus={() => setTarget('subject')} onChange={(e) => update({ subject: e.target.value })} />}
          </Field>
          <Field id={controlId('body')} label={t('settings.body')} error={errors.body}>
            {(control) => <textarea {...control} ref={refs.body} rows={12} spellCheck={false} className="mono" value={form.body} onFocus={() => setTarget('body')} onChange={(e) => update({ body: e.target.value })} />}
          </Field>
          <VariablePicker targetLabel={t(LABELS[target])} onInsert={insert} />
        </div>
        <TemplatePreview sender={form.sender} subject={form.subject} body={form.body} onFieldError={state.setFieldError} />
      </div>
    </Card>
  );
}
