/**
 * Engine bugs the properties found, each with the predicate that recognizes its inputs. Properties skip those inputs
 * (`fc.pre(!bug.matches(…))`) so that CI stays green, and properties/known-bugs.test.ts runs each bug's minimal
 * reproduction as an expected failure: when the engine is fixed, that test fails ("expected to fail") and the entry
 * must be removed here — the skipped inputs then count again.
 */
import type { HeaderPairs } from '@corsim/engine';

/** `Range: bytes=N-M` with N > M is not safelisted; the engine compares N and M as floats, so past 2^53 it can't tell. */
export function isRangeBeyondFloatPrecision(headers: HeaderPairs): boolean {
  return headers.some(([n, v]) => {
    if (n.toLowerCase() !== 'range') return false;
    const m = /^bytes=(\d+)-(\d+)$/.exec(v);
    if (!m) return false;
    const [start, end] = [m[1] as string, m[2] as string];
    return BigInt(start) > BigInt(end) && !(Number(start) > Number(end));
  });
}

export const KNOWN_BUGS = {
  rangeFloat: {
    id: 'safelist-range-float-compare',
    summary: "isSafelistedRange compares Number(start) > Number(end): 'bytes=9007199254740993-9007199254740992' (start > end) is safelisted.",
    matches: isRangeBeyondFloatPrecision,
  },
} as const;
// The other bugs' predicates are below; known-bugs.test.ts reproduces each bug.

/** A response header the HTTP parser of a browser would refuse: a name that is not a token, a value with NUL/CR/LF or a code unit above U+00FF. */
export function isInvalidResponseHeader([name, value]: readonly [string, string]): boolean {
  return !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name) || /[\0\r\n]|[^\x00-\xff]/.test(value);
}

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
 * Input of `corsFetch` outside its TypeScript types that it does not turn into a TypeError outcome but throws on (with a
 * message such as `method.toUpperCase is not a function`): `init` that is not an object, a `method` that is not a
 * string, `headers` that are null or hold entries that are not pairs, values that cannot become strings.
 */
export function isMalformedInitMember(input: unknown, init: unknown): boolean {
  if (!canStringify(input)) return true;
  if (init === null || typeof init !== 'object') return true;
  const i = init as Record<string, unknown>;
  if (i.method !== undefined && typeof i.method !== 'string') return true;
  for (const key of ['mode', 'credentials', 'redirect']) if (i[key] !== undefined && !canStringify(i[key])) return true;
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
 * A transport result that breaks the Transport type in a way send() does not check: a failure whose `netError` or
 * `detail`, or a response whose `statusText`, cannot become a string (a Symbol, an object without a prototype), header
 * names that are not strings, or a rejection with a reason `String()` cannot convert. `corsFetch` then rejects instead of resolving
 * with an `ERR_FAILED` outcome.
 */
export function isMalformedTransportResult(result: unknown): boolean {
  if (result instanceof TransportRejection) {
    try {
      String(result.reason);
      return false;
    } catch {
      return true;
    }
  }
  if (result === null || typeof result !== 'object') return false;
  const r = result as { ok?: unknown; netError?: unknown; detail?: unknown; response?: { statusText?: unknown } | null };
  if (!r.ok) return !canStringify(r.netError) || !canStringify(r.detail);
  if (typeof r.response !== 'object' || r.response === null) return false;
  if (!canStringify(r.response.statusText)) return true;
  const headers = (r.response as { headers?: unknown }).headers;
  // Entries that are not [string, string] pairs are not refused by send(): some throw there (ERR_FAILED with an
  // internal message), others get through and throw later (`n.toLowerCase is not a function`).
  if (!Array.isArray(headers)) return true; // a typed array has a map() too: it gets through as the header list
  for (let k = 0; k < headers.length; k++) {
    const p: unknown = headers[k];
    if (!Array.isArray(p) || typeof p[0] !== 'string' || typeof p[1] !== 'string') return true;
  }
  return false;
}

/** How a recording transport notes that the transport rejected. */
export class TransportRejection {
  constructor(readonly reason: unknown) {}
}
