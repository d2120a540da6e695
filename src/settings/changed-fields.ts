/**
 * Which fields a write changed, for the audit log: dotted paths of the leaves whose stored
 * value differs (`tls.mode`, `auth.password`). Arrays count as one value (`recipients`), so a
 * reordered list is one change. Sealed secrets are re-sealed with a fresh nonce whenever they are
 * sent, so a password that was sent again shows as changed, and one that was kept does not.
 */

type Value = unknown;

function isPlainObject(value: Value): value is Record<string, Value> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function sameLeaf(a: Value, b: Value): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  return Object.is(a, b);
}

function sameValue(a: Value, b: Value): boolean {
  return isPlainObject(a) && isPlainObject(b) ? changedFields(a, b).length === 0 : sameLeaf(a, b);
}

/** Dotted paths where `after` differs from `before` (null/absent `before` = everything in `after`). */
export function changedFields(before: Value, after: Value, prefix = ''): string[] {
  if (!isPlainObject(before) || !isPlainObject(after)) {
    return sameLeaf(before, after) ? [] : [prefix === '' ? '*' : prefix];
  }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changed: string[] = [];
  for (const key of keys) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const [a, b] = [before[key], after[key]];
    if (isPlainObject(a) || isPlainObject(b)) {
      const nested = isPlainObject(a ?? {}) && isPlainObject(b ?? {}) ? changedFields(a ?? {}, b ?? {}, path) : [path];
      // An object that appeared or vanished empty still changed (a policy's `email.tls: {}`).
      changed.push(...(nested.length === 0 && (a === undefined) !== (b === undefined) ? [path] : nested));
    } else if (!sameLeaf(a, b)) changed.push(path);
  }
  return changed;
}
