/** A titled card: the console's unit of grouping. */
import type { ReactNode } from 'react';

interface CardProps {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  className?: string;
  id?: string;
  children: ReactNode;
}

/** A white panel with an optional header (title, description, actions). */
export function Card({ title, description, actions, className, id, children }: CardProps) {
  const headingId = id !== undefined ? `${id}-title` : undefined;
  return (
    <section className={['card', className ?? ''].join(' ').trim()} id={id} aria-labelledby={headingId}>
      {title !== undefined || actions !== undefined ? (
        <header className="card__header">
          <div>
            {title !== undefined ? (
              <h2 className="card__title" id={headingId}>
                {title}
              </h2>
            ) : null}
            {description !== undefined ? <p className="card__description">{description}</p> : null}
          </div>
          {actions !== undefined ? <div className="card__actions">{actions}</div> : null}
        </header>
      ) : null}
      <div className="card__body">{children}</div>
    </section>
  );
}
