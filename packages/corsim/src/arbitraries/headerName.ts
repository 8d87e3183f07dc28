import fc from 'fast-check';
import { TCHARS, isCustomName } from './_internals/lists.js';
import { randomCase, stringOf } from './_internals/helpers.js';

/**
 * Any [header name](https://fetch.spec.whatwg.org/#header-name): an RFC 9110 `token` of 1 to `maxLength`
 * characters. It may be safelisted, forbidden or custom.
 *
 * @example
 * ```ts
 * fc.sample(headerName(), 3); // ['x', "A'b", 'content-TYPE']
 * ```
 */
export function headerName(constraints: { readonly maxLength?: number } = {}): fc.Arbitrary<string> {
  return fc.oneof(
    stringOf(TCHARS, { minLength: 1, maxLength: constraints.maxLength ?? 16 }),
    fc.constantFrom('accept', 'content-type', 'range', 'origin', 'cookie', 'sec-fetch-mode', 'x-requested-with', 'authorization').chain(randomCase),
  );
}

/**
 * A custom request-header name: a token that is neither forbidden, nor CORS-safelisted by the spec or by any
 * browser (client hints, `Save-Data`), nor a method-override name — so a request carrying it is always preflighted
 * and the name always appears in `Access-Control-Request-Headers`. Letters come in random case.
 *
 * @example
 * ```ts
 * fc.sample(customHeaderName(), 3); // ['X-Api-Key', 'authorization', 'x-b1']
 * ```
 */
export function customHeaderName(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom('x-custom', 'x-api-key', 'authorization', 'x-requested-with', 'cache-control', 'if-none-match', 'x-b', 'a').chain(randomCase) },
    { weight: 2, arbitrary: stringOf('abcdefghijklmnopqrstuvwxyz0123456789-', { minLength: 1, maxLength: 10 }).map((s) => `x-${s}`).chain(randomCase) },
    { weight: 1, arbitrary: stringOf(TCHARS, { minLength: 1, maxLength: 12 }) },
  ).filter(isCustomName);
}
