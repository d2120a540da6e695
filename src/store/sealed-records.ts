/**
 * The part of secret re-sealing both stores share: every string of a stored JSON document
 * passed through a rewrite (sealed secrets sit in the settings documents and policies at
 * paths that grow with features — `auth.password`, OAuth secrets — so the walk is generic).
 */

/** `value` with `rewrite` applied to every string in it (keys untouched), and how many changed. */
export function rewriteStrings(value: unknown, rewrite: (text: string) => string): { value: unknown; changed: number } {
  let changed = 0;
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const next = rewrite(node);
      if (next !== node) changed += 1;
      return next;
    }
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node === 'object' && node !== null) {
      return Object.fromEntries(Object.entries(node).map(([key, inner]) => [key, walk(inner)]));
    }
    return node;
  };
  const next = walk(value);
  return { value: next, changed };
}
