/** The template variables (`GET /templates/variables`) as buttons that insert at the cursor. */
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { useApi } from '../../app/session';
import type { TemplateVariable } from '../../api/types';
import { variableDescription } from '../../i18n/variables';

/** A row of variable chips; clicking one inserts it into the last-focused template field. */
export function VariablePicker({ targetLabel, onInsert }: { targetLabel: string; onInsert(name: string): void }) {
  const { t, language } = useI18n();
  const api = useApi();
  const [variables, setVariables] = useState<TemplateVariable[]>([]);

  useEffect(() => {
    let active = true;
    api
      .templateVariables()
      .then((page) => active && setVariables(page.items))
      .catch(() => active && setVariables([]));
    return () => {
      active = false;
    };
  }, [api]);

  if (variables.length === 0) return null;
  return (
    <div className="variables" role="group" aria-labelledby="variables-label">
      <p className="field__label" id="variables-label">
        {t('settings.insertVariable')} <span className="text-muted">{t('settings.insertInto', { field: targetLabel })}</span>
      </p>
      <ul className="chips">
        {variables.map((variable) => ({ name: variable.name, description: variableDescription(language, variable.name, variable.description) })).map((variable) => (
          <li key={variable.name}>
            <button
              type="button"
              className="chip"
              title={variable.description}
              aria-label={`${variable.name} — ${variable.description}`}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => onInsert(variable.name)}
            >
              {variable.name}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
