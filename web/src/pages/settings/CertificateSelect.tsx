/**
 * A choice among the stored certificates of one kind (`GET /api/v1/certificates`), with "none"
 * as the first option. The list reloads when the value names a certificate it does not know yet
 * (one that was just uploaded).
 */
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { useApi } from '../../app/session';
import { Field } from '../../components/Field';
import type { CertificateView } from '../../api/types';

interface CertificateSelectProps {
  id: string;
  kind: CertificateView['kind'];
  label: string;
  /** Text of the "none" option. */
  noneLabel: string;
  value: string | null;
  error?: string;
  bare?: boolean;
  onChange(id: string | null): void;
}

/** The text of one certificate in the list. */
export function certificateOptionText(view: CertificateView, formatDate: (iso: string) => string): string {
  const leaf = view.certificates[0];
  return leaf === undefined ? view.id : `${leaf.subject} · ${formatDate(leaf.notAfter)}`;
}

/** A `<select>` of the stored certificates of `kind`. */
export function CertificateSelect({ id, kind, label, noneLabel, value, error, bare = false, onChange }: CertificateSelectProps) {
  const { formatDate } = useI18n();
  const api = useApi();
  const [items, setItems] = useState<CertificateView[] | null>(null);
  const known = items !== null && (value === null || items.some((item) => item.id === value));

  useEffect(() => {
    if (known) return undefined;
    let active = true;
    api
      .listCertificates()
      .then((page) => active && setItems(page.items.filter((item) => item.kind === kind)))
      .catch(() => active && setItems((current) => current ?? []));
    return () => {
      active = false;
    };
    // reloads only when the value changes to one the list does not know
  }, [api, kind, value]);

  const options = items ?? [];
  return (
    <Field id={id} label={label} error={error} className={bare ? 'field--bare' : undefined}>
      {(control) => (
        <select {...control} value={value ?? ''} disabled={items === null} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}>
          <option value="">{noneLabel}</option>
          {value !== null && !options.some((item) => item.id === value) ? <option value={value}>{value}</option> : null}
          {options.map((item) => (
            <option key={item.id} value={item.id}>
              {certificateOptionText(item, formatDate)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
