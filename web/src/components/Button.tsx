/** The console's button: one look per intent. */
import type { ButtonHTMLAttributes } from 'react';

/** What a button is for. */
export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger' | 'link';

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  busy?: boolean;
  size?: 'md' | 'sm';
}

/** A `<button>` (type="button" unless told) with variant styling and a busy state. */
export function Button({ variant = 'secondary', busy = false, size = 'md', className, type, disabled, children, ...rest }: ButtonProps) {
  return (
    <button
      type={type ?? 'button'}
      className={['btn', `btn--${variant}`, size === 'sm' ? 'btn--sm' : '', busy ? 'btn--busy' : '', className ?? ''].join(' ').replace(/\s+/g, ' ').trim()}
      disabled={disabled === true || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}
