import fc from 'fast-check';
import { dnsLabel } from './_internals/helpers.js';

/** What {@link origin} generates. */
export interface OriginConstraints {
  /**
   * The schemes to draw from.
   * @defaultValue `['http', 'https']`
   */
  readonly schemes?: ReadonlyArray<'http' | 'https'>;
  /**
   * Which hosts: `domain` (names under the reserved `.test` / `.example` TLDs, so no public suffix gets in the way of
   * cookies), or `any` (also `localhost`, IPv4 and IPv6 literals).
   * @defaultValue `'domain'`
   */
  readonly hosts?: 'domain' | 'any';
  /**
   * Whether the origin carries an explicit, non-default port: always, never, or sometimes.
   * @defaultValue `'sometimes'`
   */
  readonly port?: 'always' | 'never' | 'sometimes';
}

/** A host name under a reserved TLD: `api.example.test`, `x1.y-2.example`. */
export function domainHost(): fc.Arbitrary<string> {
  return fc.tuple(fc.array(dnsLabel, { minLength: 1, maxLength: 3 }), fc.constantFrom('test', 'example'))
    .map(([labels, tld]) => [...labels, tld].join('.'));
}

const ipHosts = fc.oneof(
  fc.constant('localhost'),
  fc.tuple(fc.integer({ min: 1, max: 254 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 })).map((p) => p.join('.')),
  fc.constantFrom('[::1]', '[2001:db8::1]', '[fe80::1]'),
);

/**
 * A serialized [origin](https://html.spec.whatwg.org/multipage/browsers.html#concept-origin): `scheme://host[:port]`,
 * lower case, no trailing slash, the default port left out — exactly what `new URL(x).origin` gives, so it can be
 * used as a page origin, compared byte for byte with an `Origin` header, or put in `Access-Control-Allow-Origin`.
 *
 * @example
 * ```ts
 * fc.sample(origin({ schemes: ['https'], port: 'never' }), 2);
 * // ['https://a.example.test', 'https://k9-x.example']
 * ```
 */
export function origin(constraints: OriginConstraints = {}): fc.Arbitrary<string> {
  const schemes = constraints.schemes ?? ['http', 'https'];
  const host = constraints.hosts === 'any' ? fc.oneof({ weight: 3, arbitrary: domainHost() }, { weight: 1, arbitrary: ipHosts }) : domainHost();
  const portArb = fc.integer({ min: 1, max: 65535 }).filter((p) => p !== 80 && p !== 443);
  const port: fc.Arbitrary<number | null> = constraints.port === 'always' ? portArb
    : constraints.port === 'never' ? fc.constant(null)
      : fc.option(portArb, { freq: 2 });
  return fc.tuple(fc.constantFrom(...schemes), host, port)
    .map(([scheme, h, p]) => new URL(`${scheme}://${h}${p === null ? '' : `:${p}`}`).origin);
}

/**
 * A URL on `base` (a serialized origin): a path of a few segments, sometimes a query, sometimes a fragment (which
 * never goes on the wire).
 *
 * @example
 * ```ts
 * fc.sample(urlOn('https://api.example.test'), 2);
 * // ['https://api.example.test/a/b', 'https://api.example.test/x?q=1#frag']
 * ```
 */
export function urlOn(base: string, constraints: { readonly fragment?: boolean } = {}): fc.Arbitrary<string> {
  const segment = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-_.~'), minLength: 1, maxLength: 8 })
    .filter((s) => s !== '.' && s !== '..');
  return fc.tuple(
    fc.array(segment, { minLength: 0, maxLength: 3 }),
    fc.option(fc.string({ unit: fc.constantFrom(...'abcxyz0123=&'), minLength: 1, maxLength: 8 }), { freq: 4 }),
    constraints.fragment === false ? fc.constant(null) : fc.option(fc.constantFrom('frag', 'top', ''), { freq: 6 }),
  ).map(([segs, q, f]) => `${base}/${segs.join('/')}${q === null ? '' : `?${q}`}${f === null ? '' : `#${f}`}`);
}
