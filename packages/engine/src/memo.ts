/**
 * A bounded memo for a pure function of a string: the engine's costliest small steps (a MIME parse, a Public Suffix
 * List lookup, a string hash) meet few distinct inputs per page, so their answers are remembered; the memo is
 * emptied when it holds `limit` entries, so it stays bounded whatever the input.
 */
export function boundedMemo<T>(compute: (key: string) => T, limit = 512): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    if (known.has(key)) return known.get(key) as T;
    if (known.size >= limit) known.clear();
    const value = compute(key);
    known.set(key, value);
    return value;
  };
}
