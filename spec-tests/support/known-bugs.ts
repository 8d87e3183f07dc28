/**
 * Predicates for the inputs that hit a still-open bug found by the properties and fuzz targets. The fuzz targets
 * accept what such inputs do (so CI stays green) and check everything else; properties/known-bugs.test.ts reproduces
 * each bug as an expected failure. When a bug is fixed its test fails ("expected to fail"): turn it into an ordinary
 * regression test and delete its predicate here, so the inputs it covered count again.
 *
 * Fixed in 221a9af (their predicates are gone; their tests stay as regression tests): Range positions past 2^53,
 * unvalidated response headers, the facade's argument conversion, most unvalidated transport results.
 */

/** Whether `v` survives the implicit conversion of a template literal (Symbols and prototype-less objects do not). */
const canStringify = (v: unknown): boolean => {
  try {
    void `${v as string}`;
    return true;
  } catch {
    return false;
  }
};

/**
 * Open: `corsFetch` input outside its TypeScript types that it throws on (`Cannot read properties of undefined
 * (reading 'mode')`, `object null is not iterable`) instead of resolving with a TypeError outcome that names the
 * member: an `init` that is not an object, `headers` that are null or hold entries that are not arrays, an input or an
 * init member that cannot become a string.
 */
export function isMalformedInitMember(input: unknown, init: unknown): boolean {
  if (!canStringify(input)) return true;
  if (init === null || typeof init !== 'object') return true;
  const i = init as Record<string, unknown>;
  for (const key of ['method', 'mode', 'credentials', 'redirect']) if (i[key] !== undefined && !canStringify(i[key])) return true;
  const h = i.headers;
  if (h === undefined) return false;
  if (h === null || typeof h !== 'object') return true;
  if (Array.isArray(h)) {
    for (let k = 0; k < h.length; k++) {
      const p: unknown = h[k];
      if (!Array.isArray(p) || !canStringify(p[0]) || !canStringify(p[1])) return true;
    }
    return false;
  }
  try {
    return Object.values(h).some((v) => !canStringify(v));
  } catch {
    return true;
  }
}

/**
 * Open: a transport that rejects with a reason `String()` cannot convert (a prototype-less object) makes `corsFetch`
 * reject: send()'s catch block builds its detail with `String(error)`.
 */
export function isUnprintableRejection(reason: unknown): boolean {
  try {
    String(reason);
    return false;
  } catch {
    return true;
  }
}
