/**
 * The [CORS-preflight fetch](https://fetch.spec.whatwg.org/#cors-preflight-fetch-0): the `OPTIONS` request a
 * browser sends before a request that is not CORS-safelisted, and the checks its response must pass.
 */
import type { HeaderPairs, WireRequest, WireResponse } from './ports.js';
import type { CorsErrorCode } from './reasons.js';
import type { CredentialsMode, RedirectMode } from './request.js';
import { blinkHeaderMapOrder } from './blink-header-map.js';
import { acceptEncodingFor, type BrowserProfile, type RequestHeaderCheckOrder } from './profiles/profile.js';
import type { LowercaseHeaderName } from './headers.js';
import {
  compareCodeUnits, convertHeaderNamesToSortedLowercaseList, convertHeaderNamesToSortedLowercaseSet, getHeader, hasHeader,
  lowercaseHeaderName,
} from './headers.js';
import { isToken, trimTabOrSpace } from './http-syntax.js';
import { corsCheck, preflightCode } from './cors-check.js';
import { allowsMethod, firstHeaderNotAllowed, type PreflightResult } from './preflight-cache.js';
import { isCorsSafelistedMethod } from './methods.js';

/** What the preflight is for. */
export interface PreflightFor {
  readonly url: URL;
  /** The actual request's method, normalized. */
  readonly method: string;
  /** The CORS-unsafe request-header names, in the order the check meets them. */
  readonly unsafeHeaderNames: readonly LowercaseHeaderName[];
  /** The serialized request origin (`null` once redirect-tainted). */
  readonly serializedOrigin: string;
  /** The actual request's credentials mode: the preflight itself never carries credentials, but its checks use it. */
  readonly credentials: CredentialsMode;
  /** The page URL, sent as `Referer`. */
  readonly referrer: string;
  /** The actual request's redirect mode. */
  readonly redirect: RedirectMode;
  /** Whether the preflight's URL is same origin with the page (a redirect may have led back there). */
  readonly toPageOrigin: boolean;
}

/**
 * Whether main fetch takes the CORS-preflight path
 * ([main fetch](https://fetch.spec.whatwg.org/#concept-main-fetch), the unsafe-request flag is always set by
 * `fetch()`): the method is not CORS-safelisted, or there are CORS-unsafe request-header names.
 */
export function needsCorsPreflight(method: string, unsafeHeaderNames: readonly string[]): boolean {
  return !isCorsSafelistedMethod(method) || unsafeHeaderNames.length > 0;
}

/**
 * The preflight request: `OPTIONS` to the same URL with `Accept: *\/*`, `Access-Control-Request-Method`,
 * `Access-Control-Request-Headers` (the sorted, lower-cased unsafe names joined by `,` with no space, omitted
 * when empty) and `Origin`; never cookies. `userAgent` is a `User-Agent` that script set on the request, which
 * a profile with `preflightCopiesUserAgent` sends instead of its own.
 */
export function makePreflightRequest(input: PreflightFor, profile: BrowserProfile, userAgent: string | null = null): WireRequest {
  const headers: HeaderPairs = [['Accept', '*/*'], ['Access-Control-Request-Method', input.method]];
  // Deviation(firefox): duplicate names are kept (`x-a,x-a` for two appended X-A values) — recorded:
  // custom-dup-name-acah-missing, -partial, -reflect.
  const names = profile.dedupePreflightHeaderNames
    ? convertHeaderNamesToSortedLowercaseSet(input.unsafeHeaderNames)
    : convertHeaderNamesToSortedLowercaseList(input.unsafeHeaderNames);
  if (names.length > 0) headers.push(['Access-Control-Request-Headers', names.join(',')]);
  // Deviation(webkit): a User-Agent that script set is copied onto the preflight — recorded: forbidden-user-agent.
  const ua = profile.preflightCopiesUserAgent && userAgent !== null ? userAgent : profile.userAgent;
  headers.push(['Origin', input.serializedOrigin], ['User-Agent', ua], ['Sec-Fetch-Mode', 'cors'],
    ['Referer', input.referrer], ['Accept-Encoding', acceptEncodingFor(profile, input.url)], ['Accept-Language', profile.acceptLanguage]);
  return { method: 'OPTIONS', url: urlWithoutFragment(input.url), headers, body: null };
}

/**
 * The unsafe names (in header-list order) in the order the profile's header check meets them
 * (`requestHeaderCheckOrder`): that order decides which name a failure reports.
 */
export function orderHeaderNamesForCheck(names: readonly LowercaseHeaderName[], order: RequestHeaderCheckOrder,
  allNames: readonly string[] = names): LowercaseHeaderName[] {
  switch (order.kind) {
    case 'blink-header-map': {
      if (names.length < 2) return [...names];
      // Deviation(chromium): the names come in the bucket order of the header map Blink hands over — recorded:
      // hdr-order-* (the same name for [A, B, C] and [C, B, A]); blink-header-map.ts has the model.
      const unsafe = new Set<string>(names);
      const ordered = blinkHeaderMapOrder([...allNames.map((n) => n.toLowerCase()), ...names]).filter((n) => unsafe.has(n)) as LowercaseHeaderName[];
      return names.length === ordered.length ? ordered : [...names];
    }
    case 'list':
      return [...names];
    case 'sorted':
      // Deviation(firefox): the first name missing in the sorted list is reported — recorded:
      // custom-custom-and-ct-json-acah-missing (content-type before x-custom), custom-two-acah-other (x-a before X-B).
      return [...names].sort(compareCodeUnits);
    case 'known-first':
      // Deviation(webkit): HTTPHeaderMap iterates its "common" headers before the others — recorded:
      // custom-custom-and-ct-json-acah-missing (Content-Type before X-Custom); WebCore HTTPHeaderMap.h.
      return [...names.filter((n) => order.known.has(n)), ...names.filter((n) => !order.known.has(n))];
  }
}

/** A URL as it goes on the wire: never with its fragment. */
export function urlWithoutFragment(url: URL): string {
  // A serialized URL has `#` only where its fragment starts: every component percent-encodes it.
  const href = url.href;
  const hash = href.indexOf('#');
  return hash === -1 ? href : href.slice(0, hash);
}

/** [Redirect status](https://fetch.spec.whatwg.org/#redirect-status): 301, 302, 303, 307, 308. */
export function isRedirectStatus(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** [Ok status](https://fetch.spec.whatwg.org/#ok-status): 200 to 299. */
export function isOkStatus(status: number): boolean {
  return status >= 200 && status <= 299;
}

/**
 * Whether the network layer treats a response as a redirect: a redirect status with a `Location`
 * (a 3xx without one is an ordinary response).
 */
export function isRedirectResponse(response: Pick<WireResponse, 'status' | 'headers'>): boolean {
  return isRedirectStatus(response.status) && hasHeader(response.headers, 'Location');
}

/**
 * Parses `Access-Control-Allow-Methods` / `-Headers` as a `#token` list, as Chromium does: split on commas,
 * trim, skip empty items; one item that is not a token makes the whole header invalid (`null`).
 * An absent header is an empty list.
 */
export function parseTokenList(value: string | null): string[] | null {
  if (value === null) return [];
  const items: string[] = [];
  for (const raw of value.split(',')) {
    const item = trimTabOrSpace(raw);
    if (item === '') continue;
    if (!isToken(item)) return null;
    items.push(item);
  }
  return items;
}

export type PreflightValidation =
  | { readonly ok: true; readonly result: PreflightResult; readonly maxAgeSeconds: number; readonly authorizationByWildcard: boolean }
  | {
    readonly ok: false; readonly code: CorsErrorCode; readonly parameter: string; readonly explanation: string;
    /** When only the method or header check failed: what the response approved (a profile may cache it anyway). */
    readonly parsed?: { readonly result: PreflightResult; readonly maxAgeSeconds: number };
  };

/**
 * Validates a preflight response: the checks run in the profile's `preflightCheckOrder`. Chromium's order
 * (preflight_controller.cc `CheckPreflightAccess`, the preflight loaded with redirect mode "error") is
 * redirect → CORS check (with the actual request's credentials) → ok status → parse the allow lists → method → headers.
 * The spec runs the same checks; only the order differs, and the order decides which reason a response with
 * several faults reports.
 */
export function validatePreflightResponse(response: WireResponse, input: PreflightFor, profile: BrowserProfile): PreflightValidation {
  if (!profile.preflightCheckOrder.includes('redirect')) throw new Error(`${profile.name}: preflightCheckOrder never checks for a redirect`);
  const credentials = input.credentials === 'include';
  const methodsValue = getHeader(response.headers, 'Access-Control-Allow-Methods');
  const headersValue = getHeader(response.headers, 'Access-Control-Allow-Headers');
  let methods: string[] | undefined;
  let headerNames: LowercaseHeaderName[] | undefined;
  const parsed = (): { result: PreflightResult; maxAgeSeconds: number } | undefined => methods && headerNames
    ? {
      result: { methods, headerNames, credentials },
      maxAgeSeconds: profile.preflightCache.parseMaxAge(getHeader(response.headers, 'Access-Control-Max-Age')),
    }
    : undefined;
  for (const check of profile.preflightCheckOrder) {
    switch (check) {
      case 'redirect':
        if (profile.preflightRedirectCheck === 'follow-mode' && input.redirect !== 'follow') break;
        if (isRedirectResponse(response)) {
          return fail('PreflightDisallowedRedirect', '', `The preflight was answered with a ${response.status} redirect; a preflight is never redirected.`);
        }
        break;
      case 'cors': {
        if (profile.preflightToPageOriginSkipsCorsCheck && input.toPageOrigin) break;
        const result = corsCheck(response.headers, input.serializedOrigin, input.credentials, profile.multipleAllowOriginValues);
        if (!result.ok) return fail(preflightCode(result.code), result.parameter, `On the preflight response: ${result.explanation}`);
        break;
      }
      case 'status':
        if (!isOkStatus(response.status)) {
          return fail('PreflightInvalidStatus', String(response.status),
            `The preflight response's status is ${response.status}, not an ok status (200-299).`);
        }
        break;
      case 'parse-methods': {
        const list = parseTokenList(methodsValue);
        if (list === null) {
          return fail('InvalidAllowMethodsPreflightResponse', methodsValue ?? '',
            `Access-Control-Allow-Methods ('${methodsValue}') is not a comma-separated list of methods.`);
        }
        methods = list;
        break;
      }
      case 'parse-headers': {
        const list = parseTokenList(headersValue);
        if (list === null) {
          return fail('InvalidAllowHeadersPreflightResponse', headersValue ?? '',
            `Access-Control-Allow-Headers ('${headersValue}') is not a comma-separated list of header names.`);
        }
        headerNames = list.map(lowercaseHeaderName);
        break;
      }
      case 'method':
        if (methods === undefined) {
          throw new Error(`${profile.name}: preflightCheckOrder checks the method before parsing Access-Control-Allow-Methods`);
        }
        if (!allowsMethod(methods, credentials, input.method)) {
          return fail('MethodDisallowedByPreflightResponse', input.method,
            `${input.method} is not listed in Access-Control-Allow-Methods ${listed(methodsValue)}${wildcardNote(credentials, methods)}.`,
            parsed());
        }
        break;
      case 'headers': {
        if (headerNames === undefined) {
          throw new Error(`${profile.name}: preflightCheckOrder checks the headers before parsing Access-Control-Allow-Headers`);
        }
        const header = firstHeaderNotAllowed(headerNames, credentials, input.unsafeHeaderNames, profile.authorizationCoveredByWildcard);
        if (header !== null) {
          return fail('HeaderDisallowedByPreflightResponse', header,
            `${header} is not listed in Access-Control-Allow-Headers ${listed(headersValue)}${wildcardNote(credentials, headerNames)}.`,
            parsed());
        }
        break;
      }
    }
  }
  const ok = parsed();
  if (ok === undefined) throw new Error(`${profile.name}: preflightCheckOrder never parses both allow lists`);
  const strict = firstHeaderNotAllowed(ok.result.headerNames, credentials, input.unsafeHeaderNames, false);
  return { ok: true, result: ok.result, maxAgeSeconds: ok.maxAgeSeconds, authorizationByWildcard: strict !== null };
}

function fail(code: CorsErrorCode, parameter: string, explanation: string,
  parsed?: { readonly result: PreflightResult; readonly maxAgeSeconds: number }): PreflightValidation {
  return parsed ? { ok: false, code, parameter, explanation, parsed } : { ok: false, code, parameter, explanation };
}

/** An allow-list header's value as the explanations quote it. */
function listed(value: string | null): string {
  return `(${value === null ? 'absent' : `'${value}'`})`;
}

/** Why a listed `*` did not help: it is a wildcard only without credentials. */
function wildcardNote(credentials: boolean, tokens: readonly string[]): string {
  return credentials && tokens.includes('*') ? "; '*' is only a wildcard without credentials" : '';
}
