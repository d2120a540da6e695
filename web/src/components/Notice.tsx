/** An inline message box (success, error, warning, info). */
import type { ReactNode } from 'react';

/** A coloured message; errors are announced to screen readers at once. */
export function Notice({ tone, title, children }: { tone: 'success' | 'danger' | 'warning' | 'info'; title?: ReactNode; children?: ReactNode }) {
  return (
    <div className={`notice notice--${tone}`} role={tone === 'danger' ? 'alert' : 'status'}>
      {title !== undefined ? <p className="notice__title">{title}</p> : null}
      {children !== undefined ? <div className="notice__body">{children}</div> : null}
    </div>
  );
}
