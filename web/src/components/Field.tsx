/**
 * A labelled form field: label, the control (rendered by the caller with the ids it needs for
 * accessibility), an optional hint and an error that sits right under the control.
 */
import { useId, type ReactNode } from 'react';

/** What a control inside a {@link Field} must spread onto itself. */
export interface ControlProps {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
}

interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  /** id to use for the control (tests and error focus address it); generated when absent. */
  id?: string;
  className?: string;
  children(control: ControlProps): ReactNode;
}

/** One labelled input with its hint and error. */
export function Field({ label, hint, error, id, className, children }: FieldProps) {
  const generated = useId();
  const controlId = id ?? generated;
  const hintId = hint !== undefined ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['field', error ? 'field--invalid' : '', className ?? ''].join(' ').trim()}>
      <label className="field__label" htmlFor={controlId}>
        {label}
      </label>
      {children({ id: controlId, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {error ? (
        <p className="field__error" id={errorId} role="alert" data-field-error={controlId}>
          {error}
        </p>
      ) : null}
      {hint !== undefined ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** An error attached to a group of controls (radio groups, checkboxes) rather than one input. */
export function FieldError({ id, error }: { id: string; error?: string | null }) {
  if (!error) return null;
  return (
    <p className="field__error" id={`${id}-error`} role="alert" data-field-error={id}>
      {error}
    </p>
  );
}
