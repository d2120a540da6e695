/**
 * A pure function's results kept for the inputs it sees over and over (the same templates,
 * the same sender and recipients). Bounded: when `limit` inputs are kept the cache starts
 * over, so a stream of distinct inputs cannot grow it. A call that throws keeps nothing.
 */
export function boundedMemo<V>(compute: (key: string) => V, limit: number): (key: string) => V {
  const kept = new Map<string, V>();
  return (key) => {
    const known = kept.get(key);
    if (known !== undefined) return known;
    const value = compute(key);
    if (kept.size >= limit) kept.clear();
    kept.set(key, value);
    return value;
  };
}
