import fc from 'fast-check';
import { SAFELISTED_REQUEST_HEADER_NAMES, type SafelistedRequestHeaderName } from './_internals/lists.js';
import { method as methodArb, type MethodKind } from './method.js';
import { safelistedRequestHeader, type RequestHeader } from './safelistedRequestHeader.js';
import { unsafeSafelistedRequestHeader } from './unsafeSafelistedRequestHeader.js';
import { customRequestHeader } from './customRequestHeader.js';
import { forbiddenRequestHeader } from './forbiddenRequestHeader.js';

/** A generated `fetch()` request: it is also a valid `init` for `createBrowser().fetch(url, init)` and `corsFetch`. */
export interface GeneratedRequest {
  readonly method: string;
  readonly headers: RequestHeader[];
  /** A string body, only with a method that is not GET or HEAD; `null` otherwise. */
  readonly body: string | null;
  readonly mode: 'cors' | 'no-cors' | 'same-origin';
  readonly credentials: 'omit' | 'same-origin' | 'include';
  readonly redirect: 'follow' | 'error' | 'manual';
}

/** What goes into the header list of a {@link corsRequest}. */
export type RequestHeaderKind =
  /** Safelisted names with safelisted values, each name at most once (so Chromium's combining cannot make them unsafe). */
  | 'safelisted'
  /** Safelisted names with unsafe values. */
  | 'unsafe-value'
  /** Custom names (any value). */
  | 'custom'
  /** Forbidden names (dropped by fetch()). */
  | 'forbidden';

export interface CorsRequestConstraints {
  /**
   * `simple`: a safelisted method and only safelisted headers — never preflighted. `preflighted`: an unsafe method or
   * at least one unsafe header. `any`: either.
   * @defaultValue `'any'`
   */
  readonly kind?: 'simple' | 'preflighted' | 'any';
  /**
   * The header kinds an `any` / `preflighted` request may carry.
   * @defaultValue `['safelisted', 'unsafe-value', 'custom']`
   */
  readonly headerKinds?: readonly RequestHeaderKind[];
  /** @defaultValue 4 */
  readonly maxHeaders?: number;
  /** @defaultValue `['cors']` */
  readonly modes?: ReadonlyArray<GeneratedRequest['mode']>;
  /** @defaultValue all three */
  readonly credentials?: ReadonlyArray<GeneratedRequest['credentials']>;
  /** @defaultValue `['follow']` */
  readonly redirects?: ReadonlyArray<GeneratedRequest['redirect']>;
}

/** Safelisted headers with distinct names (case-insensitively), in random order. */
export function distinctSafelistedHeaders(maxHeaders: number = SAFELISTED_REQUEST_HEADER_NAMES.length): fc.Arbitrary<RequestHeader[]> {
  return fc.shuffledSubarray([...SAFELISTED_REQUEST_HEADER_NAMES], { maxLength: Math.min(maxHeaders, SAFELISTED_REQUEST_HEADER_NAMES.length) })
    .chain((names: SafelistedRequestHeaderName[]) => fc.tuple(...names.map((n) => safelistedRequestHeader({ names: [n] }))))
    .map((hs) => [...hs]);
}

function headerOfKind(kind: RequestHeaderKind): fc.Arbitrary<RequestHeader> {
  switch (kind) {
    case 'safelisted': return safelistedRequestHeader();
    case 'unsafe-value': return unsafeSafelistedRequestHeader();
    case 'custom': return customRequestHeader();
    case 'forbidden': return forbiddenRequestHeader();
  }
}

function bodyFor(method: string): fc.Arbitrary<string | null> {
  const upper = method.toUpperCase();
  if (upper === 'GET' || upper === 'HEAD') return fc.constant(null);
  return fc.option(fc.oneof(fc.constantFrom('', 'payload', '{"a":1}', 'a=1&b=2'), fc.string({ maxLength: 20 })), { freq: 2 });
}

/**
 * A request as page script makes it: method, headers (as `[name, value]` pairs, names in random case), body,
 * mode, credentials and redirect mode. `kind: 'simple'` requests use a safelisted method and distinct safelisted
 * headers, so they are never preflighted; `kind: 'preflighted'` requests always carry an unsafe method or an unsafe
 * header (named by no other header of the request). Same-name headers are combined by Chromium before the safelist
 * checks them, so two safelisted headers with one name may make an `any` request preflighted. A string body gets `Content-Type: text/plain;charset=UTF-8` from `fetch()` unless the headers set one.
 *
 * @example
 * ```ts
 * const [r] = fc.sample(corsRequest({ kind: 'preflighted', credentials: ['include'] }), 1);
 * await browser.fetch('https://api.example.test/x', r); // r: { method: 'PUT', headers: [['X-Api-Key', 'k']], … }
 * ```
 */
export function corsRequest(constraints: CorsRequestConstraints = {}): fc.Arbitrary<GeneratedRequest> {
  const kind = constraints.kind ?? 'any';
  const maxHeaders = constraints.maxHeaders ?? 4;
  const headerKinds = constraints.headerKinds ?? ['safelisted', 'unsafe-value', 'custom'];
  const common = fc.record({
    mode: fc.constantFrom(...(constraints.modes ?? ['cors'] as const)),
    credentials: fc.constantFrom(...(constraints.credentials ?? ['omit', 'same-origin', 'include'] as const)),
    redirect: fc.constantFrom(...(constraints.redirects ?? ['follow'] as const)),
  });
  const anyHeaders = fc.array(fc.constantFrom(...headerKinds).chain(headerOfKind), { maxLength: maxHeaders });
  const unsafeHeader = fc.oneof(unsafeSafelistedRequestHeader(), customRequestHeader());
  let methodAndHeaders: fc.Arbitrary<{ method: string; headers: RequestHeader[] }>;
  switch (kind) {
    case 'simple':
      methodAndHeaders = fc.record({ method: methodArb({ kind: 'safelisted' }), headers: distinctSafelistedHeaders(maxHeaders) });
      break;
    case 'preflighted':
      methodAndHeaders = fc.oneof(
        fc.record({ method: methodArb({ kind: 'unsafe' }), headers: anyHeaders }),
        // The unsafe header is the only one with its name: Chromium combines same-name headers before it checks them,
        // and `text/plain;a=b` combined with an unsafe `text/plain,` is a safelisted `text/plain;a=b, text/plain,`.
        fc.tuple(methodArb({ kind: 'any' as MethodKind }), anyHeaders, unsafeHeader, fc.nat()).map(([m, hs, u, at]) => {
          const others = hs.filter(([n]) => n.toLowerCase() !== u[0].toLowerCase());
          const i = at % (others.length + 1);
          return { method: m, headers: [...others.slice(0, i), u, ...others.slice(i)] };
        }),
      );
      break;
    case 'any':
      methodAndHeaders = fc.record({ method: methodArb(), headers: anyHeaders });
      break;
  }
  return fc.tuple(methodAndHeaders, common)
    .chain(([mh, c]) => bodyFor(mh.method).map((body): GeneratedRequest => ({ ...mh, ...c, body })));
}
