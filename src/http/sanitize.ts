/** Replaces NUL characters in every string (keys included) of parsed JSON with U+FFFD. */
export function replaceNulCharacters(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('\u0000', '\uFFFD');
  if (Array.isArray(value)) return value.map(replaceNulCharacters);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key.replaceAll('\u0000', '\uFFFD')] = replaceNulCharacters(inner);
    return out;
  }
  return value;
}
