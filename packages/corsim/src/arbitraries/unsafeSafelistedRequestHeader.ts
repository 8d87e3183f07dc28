import fc from 'fast-check';
import type { SafelistedRequestHeaderName } from './_internals/lists.js';
import { SAFELISTED_REQUEST_HEADER_NAMES } from './_internals/lists.js';
import { randomCase, stringOf } from './_internals/helpers.js';
import type { RequestHeader } from './safelistedRequestHeader.js';

const UNSAFE_BYTES = '"():<>?@[\\]{}';
const withUnsafeByte = (base: string): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom(...UNSAFE_BYTES, '\x01', '\x1f', '\x7f'), fc.nat(base.length))
    .map(([b, i]) => `${base.slice(0, i)}${b}${base.slice(i)}`);
/** Longer than 128 bytes, otherwise harmless. */
const tooLong = (unit: string): fc.Arbitrary<string> => fc.integer({ min: 129, max: 300 }).map((n) => unit.repeat(n).slice(0, n));

/** A value that the rule for `name` refuses (why is in the comments). */
export function unsafeValueFor(name: SafelistedRequestHeaderName): fc.Arbitrary<string> {
  switch (name) {
    case 'accept':
      return fc.oneof(withUnsafeByte('text/html'), tooLong('a'), fc.constantFrom('"', 'text/html; q="1"', 'application/json (x)'));
    case 'accept-language':
    case 'content-language':
      return fc.oneof(fc.constantFrom('en_US', 'en@x', 'de/CH', 'fr"', 'en+us', 'é', '\x01'), tooLong('en-US,'),
        stringOf('_@/+!#$%&~', { minLength: 1, maxLength: 4 }).map((s) => `en${s}`));
    case 'content-type':
      return fc.oneof(
        // Another essence.
        fc.constantFrom('application/json', 'text/html', 'text/xml', 'application/csp-report', 'image/png').chain(randomCase),
        // Does not parse as a MIME type.
        fc.constantFrom('text/plain,', 'text /plain', 'text', 'text/', '/plain', 'text/plain,text/html', 'text/plain, text/plain'),
        // A CORS-unsafe byte, or too long.
        fc.constantFrom('text/plain; charset="utf-8"', 'text/plain;a=(b)', 'multipart/form-data; boundary=<x>'),
        fc.integer({ min: 0, max: 150 }).map((n) => `text/plain;p=${'x'.repeat(129 - 'text/plain;p='.length + n)}`),
      );
    case 'range':
      return fc.oneof(
        fc.constantFrom('bytes=-5', 'bytes 0-', 'bytes=0-1,3-4', 'bytes =0-1', 'bytes=0- 1', 'items=0-1', 'bytes=', 'bytes=-', 'bytes=0-1,'),
        // Start after end, including past 2^53 where a float comparison gets it wrong.
        fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 20n })).filter(([a, b]) => a !== b)
          .map(([a, b]) => (a > b ? `bytes=${a}-${b}` : `bytes=${b}-${a}`)),
        fc.bigInt({ min: 2n ** 53n, max: 2n ** 53n + 100n }).map((n) => `bytes=${n + 1n}-${n}`),
      );
  }
}

/**
 * A CORS-safelisted request-header *name* (random case) with a value its rule refuses: an unsafe byte, more than
 * 128 bytes, a `Content-Type` with another essence or that does not parse, a `Range` that is not `bytes=N-[M]` with
 * N ≤ M. Such a header is CORS-unsafe: it always causes a preflight and appears in `Access-Control-Request-Headers`.
 * Values are valid header values (`fetch()` accepts them).
 *
 * @example
 * ```ts
 * fc.sample(unsafeSafelistedRequestHeader(), 3);
 * // [['Content-Type', 'application/json'], ['accept-language', 'en_US'], ['RANGE', 'bytes=-5']]
 * ```
 */
export function unsafeSafelistedRequestHeader(constraints: { readonly names?: readonly SafelistedRequestHeaderName[] } = {}): fc.Arbitrary<RequestHeader> {
  const names = constraints.names ?? SAFELISTED_REQUEST_HEADER_NAMES;
  return fc.constantFrom(...names).chain((name) => fc.tuple(randomCase(name), unsafeValueFor(name)));
}
