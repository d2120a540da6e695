/** A labelled checkbox, optionally drawn as a switch. */
import { useId, type ReactNode } from 'react';

interface CheckboxProps {
  label: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
  id?: string;
  hint?: ReactNode;
  disabled?: boolean;
  variant?: 'checkbox' | 'switch';
  /** Hide the label visually (still read by screen readers). */
  hideLabel?: boolean;
}

/** `<input type=checkbox>` inside its `<label>`. */
export function Checkbox({ label, checked, onChange, id, hint, disabled, variant = 'checkbox', hideLabel = false }: CheckboxProps) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <div className={`check check--${variant}`}>
      <input
        type="checkbox"
        id={inputId}
        checked={checked}
        disabled={disabled}
        role={variant === 'switch' ? 'switch' : undefined}
        aria-describedby={hint !== undefined ? `${inputId}-hint` : undefined}
        onChange={(event) => onChange(event.target.checked)}
      />
      <label htmlFor={inputId} className={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      {hint !== undefined ? (
        <p className="field__hint check__hint" id={`${inputId}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}
