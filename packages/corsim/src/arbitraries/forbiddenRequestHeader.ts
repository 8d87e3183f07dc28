import fc from 'fast-check';
import { CHROMIUM_EXTRA_FORBIDDEN_HEADER_NAMES, FORBIDDEN_METHODS, FORBIDDEN_REQUEST_HEADER_NAMES, METHOD_OVERRIDE_HEADER_NAMES } from './_internals/lists.js';
import { nameInRandomCase, randomCase, stringOf } from './_internals/helpers.js';
import type { RequestHeader } from './safelistedRequestHeader.js';

export interface ForbiddenRequestHeaderConstraints {
  /**
   * Also draw the names a browser forbids beyond the spec (Chromium: `User-Agent`,
   * `Access-Control-Request-Private-Network`).
   * @defaultValue `false`
   */
  readonly browserExtras?: boolean;
  /**
   * A value for the header; by default a marker `forbidden-<n>` that is easy to look for on the wire (method-override
   * headers always get a list holding a forbidden method).
   */
  readonly value?: fc.Arbitrary<string>;
}

/**
 * A [forbidden request-header](https://fetch.spec.whatwg.org/#forbidden-request-header) as script might set it: a name
 * of the fixed list, a `Proxy-` or `Sec-` name, or `X-HTTP-Method(-Override)` / `X-Method-Override` whose value lists
 * `CONNECT`, `TRACE` or `TRACK` — in random case. `fetch()` drops it silently: it never reaches the network and never
 * affects the preflight.
 *
 * @example
 * ```ts
 * fc.sample(forbiddenRequestHeader(), 3);
 * // [['Cookie', 'forbidden-3'], ['sec-ch-ua', 'forbidden-0'], ['X-HTTP-Method-Override', 'GET, trace']]
 * ```
 */
export function forbiddenRequestHeader(constraints: ForbiddenRequestHeaderConstraints = {}): fc.Arbitrary<RequestHeader> {
  const value = constraints.value ?? fc.nat(999).map((n) => `forbidden-${n}`);
  const listed = fc.tuple(nameInRandomCase(FORBIDDEN_REQUEST_HEADER_NAMES), value);
  const prefixed = fc.tuple(
    fc.tuple(fc.constantFrom('proxy-', 'sec-').chain(randomCase), stringOf('abcdefghijklmnopqrstuvwxyz-', { minLength: 0, maxLength: 10 }))
      .map(([p, rest]) => `${p}${rest}`),
    value,
  );
  const override = fc.tuple(
    nameInRandomCase(METHOD_OVERRIDE_HEADER_NAMES),
    fc.tuple(fc.constantFrom(...FORBIDDEN_METHODS).chain(randomCase), fc.array(fc.constantFrom('GET', 'PUT', 'patch'), { maxLength: 2 }), fc.boolean())
      .map(([bad, others, first]) => (first ? [bad, ...others] : [...others, bad]).join(', ')),
  );
  const arbs: Array<fc.Arbitrary<RequestHeader>> = [listed, prefixed, override];
  if (constraints.browserExtras) arbs.push(fc.tuple(nameInRandomCase(CHROMIUM_EXTRA_FORBIDDEN_HEADER_NAMES), value));
  return fc.oneof(...arbs);
}
