/**
 * Predicates for inputs that a fuzz target must treat specially, with the reason. The engine bugs the properties and
 * fuzz targets found are reproduced in properties/known-bugs.test.ts: open ones as expected failures, fixed ones as
 * regression tests. When a bug is fixed, its predicate here goes, so that the inputs it covered count again.
 *
 * Fixed since the properties found them (their predicates are gone): Range positions past 2^53, unvalidated response
 * headers, the facade's argument conversion, unvalidated transport results (rejections included), `corsFetch` with
 * an `init` of the wrong shape, headers given as a Map. The preflight-cache key that ignored a redirect taint needed no predicate (no fuzz
 * target chains a redirect into a later direct request).
 */

/** Whether `String(v)` throws (a prototype-less object), or `v` is a Symbol (which the URL parser refuses). */
function unconvertible(v: unknown): boolean {
  if (typeof v === 'symbol') return true;
  try {
    String(v);
    return false;
  } catch {
    return true;
  }
}

/**
 * Not a bug: input that WebIDL itself refuses with a TypeError because it cannot be converted to a string — an input
 * that is a Symbol or a prototype-less object, a method, mode, credentials, redirect or header name/value that is a
 * prototype-less object. `corsFetch` throws that TypeError (with the JS engine's message) rather than resolving with
 * an outcome, as the platform's `fetch()` rejects.
 */
export function isUnconvertible(input: unknown, init: unknown): boolean {
  if (unconvertible(input)) return true;
  if (init === null || typeof init !== 'object') return false;
  const i = init as Record<string, unknown>;
  for (const key of ['mode', 'credentials', 'redirect']) if (i[key] !== undefined && unconvertible(i[key])) return true;
  if (i.method !== undefined && typeof i.method !== 'symbol' && unconvertible(i.method)) return true;
  const h = i.headers;
  if (h === null || typeof h !== 'object') return false;
  try {
    const values = Array.isArray(h) ? h.flatMap((p: unknown) => (Array.isArray(p) ? p.slice(0, 2) : [])) : Object.values(h);
    return values.some((v) => typeof v !== 'symbol' && unconvertible(v)) || (!Array.isArray(h) && Object.values(h).some((v) => typeof v === 'symbol'));
  } catch {
    return true;
  }
}
