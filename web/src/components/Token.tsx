/**
 * An id, host name, address or IP shown as one unbreakable token: it never wraps mid-value
 * (a wrapped "10.1.2.3" or UUID reads as two values); where space is short it ends in an
 * ellipsis and the whole value is in the tooltip (and still copied whole when selected).
 */

/** One value on one line. */
export function Token({ value, className }: { value: string; className?: string }) {
  return (
    <span className={className === undefined ? 'token' : `token ${className}`} title={value}>
      {value}
    </span>
  );
}

/** Several values, each unbreakable, wrapping only between values. */
export function TokenList({ values, empty = '—' }: { values: readonly string[]; empty?: string }) {
  if (values.length === 0) return <span className="text-muted">{empty}</span>;
  return (
    <span className="token-group">
      {values.map((value, index) => (
        <Token key={`${index}-${value}`} value={value} />
      ))}
    </span>
  );
}
