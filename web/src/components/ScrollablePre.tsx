/**
 * Preformatted text in a box that scrolls: reachable with the keyboard (WCAG 2.1.1, axe's
 * `scrollable-region-focusable`) and announced as a named region when it gets the focus.
 */
import type { HTMLAttributes } from 'react';

/** A `<pre>` that keyboard users can focus and scroll; `label` names it for screen readers. */
export function ScrollablePre({ label, className, ...rest }: HTMLAttributes<HTMLPreElement> & { label: string }) {
  return <pre tabIndex={0} role="region" aria-label={label} className={['scrollable', className].filter(Boolean).join(' ')} {...rest} />;
}
