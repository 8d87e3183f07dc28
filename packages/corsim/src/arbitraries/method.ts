import fc from 'fast-check';
import { FORBIDDEN_METHODS, SAFELISTED_METHODS, TCHARS } from './_internals/lists.js';
import { nameInRandomCase, randomCase, stringOf } from './_internals/helpers.js';

/** Which methods {@link method} draws. */
export type MethodKind =
  /** GET, HEAD, POST in any case: after normalization a CORS-safelisted method, never preflighted by itself. */
  | 'safelisted'
  /** PUT, DELETE, PATCH, OPTIONS, `patch`, `put`, custom tokens…: not safelisted after normalization, always preflighted. */
  | 'unsafe'
  | 'any';

/** Upper-cased by normalization. */
const NORMALIZED_UNSAFE = ['PUT', 'DELETE', 'OPTIONS'];
/** Left as written by normalization (so `patch` is not `PATCH`). */
const OTHER_UNSAFE = ['PATCH', 'patch', 'Patch', 'PROPFIND', 'MKCOL', 'QUERY', 'chicken', 'NEW', 'LINK', 'purge'];

/**
 * A method script may pass to `fetch()` (a token, never `CONNECT`, `TRACE` or `TRACK`), in random case where that
 * keeps its kind: `get` normalizes to `GET` (safelisted), `put` to `PUT`, while `patch` stays `patch` and needs
 * `Access-Control-Allow-Methods: patch`.
 *
 * @example
 * ```ts
 * fc.sample(method({ kind: 'unsafe' }), 3); // ['PUT', 'patch', 'x-Q']
 * ```
 */
export function method(constraints: { readonly kind?: MethodKind } = {}): fc.Arbitrary<string> {
  const safelisted = nameInRandomCase(SAFELISTED_METHODS);
  const unsafe = fc.oneof(
    nameInRandomCase(NORMALIZED_UNSAFE),
    fc.constantFrom(...OTHER_UNSAFE),
    stringOf(TCHARS, { minLength: 1, maxLength: 8 }).filter((m) => !isSafelistedOrForbidden(m)),
  );
  switch (constraints.kind ?? 'any') {
    case 'safelisted': return safelisted;
    case 'unsafe': return unsafe;
    case 'any': return fc.oneof(safelisted, unsafe);
  }
}

function isSafelistedOrForbidden(m: string): boolean {
  const upper = m.toUpperCase();
  return (SAFELISTED_METHODS as readonly string[]).includes(upper) || (FORBIDDEN_METHODS as readonly string[]).includes(upper);
}

/**
 * A [forbidden method](https://fetch.spec.whatwg.org/#forbidden-method) in random case: `fetch()` throws a TypeError.
 *
 * @example
 * ```ts
 * fc.sample(forbiddenMethod(), 2); // ['trace', 'CONNECT']
 * ```
 */
export function forbiddenMethod(): fc.Arbitrary<string> {
  return fc.constantFrom(...FORBIDDEN_METHODS).chain(randomCase);
}
