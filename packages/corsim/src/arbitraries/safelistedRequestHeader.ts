import fc from 'fast-check';
import type { SafelistedRequestHeaderName } from './_internals/lists.js';
import { SAFELISTED_REQUEST_HEADER_NAMES } from './_internals/lists.js';
import { randomCase, stringOf } from './_internals/helpers.js';

/** A request header as a `[name, value]` pair, the shape of `HeaderPairs` entries and of `fetch()`'s `headers` arrays. */
export type RequestHeader = [name: string, value: string];

const trim = (s: string): string => s.replace(/^[\t ]+|[\t ]+$/g, '');

/** Printable ASCII (and TAB inside) without the CORS-unsafe request-header bytes `"():<>?@[\]{}`. */
const ACCEPT_CHARS = [...Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)), '\t']
  .filter((c) => !'"():<>?@[\\]{}'.includes(c)).join('');
const LANGUAGE_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz *,-.;=';

const acceptValue = fc.oneof(
  fc.constantFrom('*/*', 'application/json', 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8', 'image/avif,image/webp'),
  stringOf(ACCEPT_CHARS, { minLength: 0, maxLength: 128 }).map(trim),
  fc.integer({ min: 120, max: 128 }).map((n) => 'a'.repeat(n)),
);
const languageValue = fc.oneof(
  fc.constantFrom('en-US,en;q=0.9', 'fr', 'de-CH, de;q=0.8', '*', ''),
  stringOf(LANGUAGE_CHARS, { minLength: 0, maxLength: 128 }).map(trim),
);
const TOKEN_LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789-';
const contentTypeValue = fc.tuple(
  fc.constantFrom('application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain').chain(randomCase),
  fc.array(fc.oneof(
    fc.constantFrom(';charset=UTF-8', '; charset=utf-8', ';boundary=----x1', ';garbage', ';a=b', ';charset=utf-8;format=flowed'),
    fc.tuple(stringOf(TOKEN_LOWER, { maxLength: 6 }), stringOf(TOKEN_LOWER, { maxLength: 6 })).map(([k, v]) => `;${k}=${v}`),
  ), { maxLength: 3 }),
).map(([essence, params]) => `${essence}${params.join('')}`).filter((v) => v.length <= 128);
const digits = (max: number): fc.Arbitrary<string> => fc.oneof(fc.nat(max).map(String), fc.bigInt({ min: 0n, max: 10n ** 15n }).map(String));
const rangeValue = fc.oneof(
  digits(1_000_000).map((n) => `bytes=${n}-`),
  fc.tuple(digits(1_000_000), digits(1_000_000)).map(([a, b]) => (BigInt(a) <= BigInt(b) ? `bytes=${a}-${b}` : `bytes=${b}-${a}`)),
);

/** A safelisted value for one of the safelisted names (spec rules; at most 128 bytes). */
export function safelistedValueFor(name: SafelistedRequestHeaderName): fc.Arbitrary<string> {
  switch (name) {
    case 'accept': return acceptValue;
    case 'accept-language':
    case 'content-language': return languageValue;
    case 'content-type': return contentTypeValue;
    case 'range': return rangeValue;
  }
}

export interface SafelistedRequestHeaderConstraints {
  /**
   * The safelisted names to draw from (lower case).
   * @defaultValue all five: `accept`, `accept-language`, `content-language`, `content-type`, `range`
   */
  readonly names?: readonly SafelistedRequestHeaderName[];
}

/**
 * A [CORS-safelisted request-header](https://fetch.spec.whatwg.org/#cors-safelisted-request-header): one of the five
 * names (in random case) with a value its rule accepts — `Accept` without CORS-unsafe bytes, a language tag list, a
 * `Content-Type` that parses to one of the three essences, a `Range` of the form `bytes=N-` or `bytes=N-M` with
 * N ≤ M — never over 128 bytes. Alone on a GET, HEAD or POST, it never causes a preflight.
 *
 * Two of them with the same name may not stay safelisted: Chromium combines duplicates (`a, b`) before it checks.
 *
 * @example
 * ```ts
 * fc.sample(safelistedRequestHeader(), 3);
 * // [['Accept', '*\/*'], ['content-TYPE', 'Text/Plain;charset=UTF-8'], ['range', 'bytes=0-99']]
 * ```
 */
export function safelistedRequestHeader(constraints: SafelistedRequestHeaderConstraints = {}): fc.Arbitrary<RequestHeader> {
  const names = constraints.names ?? SAFELISTED_REQUEST_HEADER_NAMES;
  return fc.constantFrom(...names).chain((name) => fc.tuple(randomCase(name), safelistedValueFor(name)));
}
