/** The title block at the top of each page. */
import type { ReactNode } from 'react';

/** Page title, subtitle and page-level actions. */
export function PageHeader({ title, subtitle, actions }: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1 className="page-header__title">{title}</h1>
        {subtitle !== undefined ? <p className="page-header__subtitle">{subtitle}</p> : null}
      </div>
      {actions !== undefined ? <div className="page-header__actions">{actions}</div> : null}
    </header>
  );
}
