/** Per-event-type switches with add and remove; a switch wins over the severity. */
import { useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { Checkbox } from '../../components/Checkbox';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';

interface EventTypeSwitchesProps {
  idPrefix: string;
  value: Record<string, boolean>;
  onChange(next: Record<string, boolean>): void;
  /** Shown per row before the switch, e.g. an inherited/overridden badge. */
  extra?: (type: string) => ReactNode;
  /** Text when there are no rows; null shows nothing. Default: "severities decide". */
  emptyText?: string | null;
}

/** A table of event types with a notify switch each, and a row to add one. */
export function EventTypeSwitches({ idPrefix, value, onChange, extra, emptyText }: EventTypeSwitchesProps) {
  const { t } = useI18n();
  const types = Object.keys(value).sort();

  return (
    <div className="event-types">
      {types.length === 0 ? (
        emptyText === null ? null : <p className="text-muted small">{emptyText ?? t('rules.noTypes')}</p>
      ) : (
        <ul className="type-list">
          {types.map((type) => (
            <li key={type} className="type-list__row">
              <span className="mono type-list__name">{type}</span>
              {extra?.(type)}
              <Checkbox variant="switch" id={`${idPrefix}-type-${type}`} label={`${t('rules.notify')}: ${type}`} hideLabel checked={value[type] === true} onChange={(checked) => onChange({ ...value, [type]: checked })} />
              <button
                type="button"
                className="icon-btn"
                aria-label={t('rules.removeType', { type })}
                title={t('rules.removeType', { type })}
                onClick={() => {
                  const next = { ...value };
                  delete next[type];
                  onChange(next);
                }}
              >
                <Icon name="trash" />
              </button>
            </li>
          ))}
        </ul>
      )}
      <AddTypeRow idPrefix={idPrefix} onAdd={(type) => onChange({ ...value, [type]: value[type] ?? true })} />
    </div>
  );
}

/** The input and button that add an event type (Enter adds too). */
function AddTypeRow({ idPrefix, onAdd }: { idPrefix: string; onAdd(type: string): void }) {
  const { t } = useI18n();
  const [newType, setNewType] = useState('');
  const add = () => {
    const type = newType.trim();
    if (type === '') return;
    onAdd(type);
    setNewType('');
  };
  return (
    <div className="input-row add-row">
      <label className="visually-hidden" htmlFor={`${idPrefix}-new-type`}>
        {t('rules.newType')}
      </label>
      <input
        id={`${idPrefix}-new-type`}
        type="text"
        placeholder="GNRL_EV_VIRUS_FOUND"
        spellCheck={false}
        value={newType}
        onChange={(e) => setNewType(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            add();
          }
        }}
      />
      <Button onClick={add} disabled={newType.trim() === ''}>
        <Icon name="plus" />
        {t('rules.addType')}
      </Button>
    </div>
  );
}
