/**
 * The [CORS-preflight fetch](https://fetch.spec.whatwg.org/#cors-preflight-fetch-0): the `OPTIONS` request a
 * browser sends before a request that is not CORS-safelisted, and the checks its response must pass.
 */
import type { HeaderPairs, WireRequest, WireResponse } from './ports.js';
import type { CorsErrorCode } from './reasons.js';
import type { CredentialsMode } from './request.js';
import type { BrowserProfile } from './profiles/profile.js';
import type { LowercaseHeaderName } from './headers.js';
import { convertHeaderNamesToSortedLowercaseSet, getHeader, hasHeader, lowercaseHeaderName } from './headers.js';
import { isToken, trimTabOrSpace } from './http-syntax.js';
import { corsCheck, preflightCode } from './cors-check.js';
import { allowsRequest, type PreflightResult } from './preflight-cache.js';
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
 * when empty) and `Origin`; never cookies.
 */
export function makePreflightRequest(input: PreflightFor, profile: BrowserProfile): WireRequest {
  const headers: HeaderPairs = [['Accept', '*/*'], ['Access-Control-Request-Method', input.method]];
  const names = convertHeaderNamesToSortedLowercaseSet(input.unsafeHeaderNames);
  if (names.length > 0) headers.push(['Access-Control-Request-Headers', names.join(',')]);
  headers.push(['Origin', input.serializedOrigin], ['User-Agent', profile.userAgent], ['Sec-Fetch-Mode', 'cors'],
    ['Referer', input.referrer], ['Accept-Language', profile.acceptLanguage]);
  return { method: 'OPTIONS', url: urlWithoutFragment(input.url), headers, body: null };
}

/** A URL as it goes on the wire: never with its fragment. */
export function urlWithoutFragment(url: URL): string {
  const copy = new URL(url.href);
  copy.hash = '';
  return copy.href;
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
  | { readonly ok: false; readonly code: CorsErrorCode; readonly parameter: string; readonly explanation: string };

/**
 * Validates a preflight response in Chromium's order (preflight_controller.cc `CheckPreflightAccess`):
 * redirect → CORS check (with the actual request's credentials) → ok status → parse the allow lists →
 * method → headers. The spec runs the same checks; only the order differs, and the order decides which
 * reason a response with several faults reports.
 */
export function validatePreflightResponse(response: WireResponse, input: PreflightFor, profile: BrowserProfile): PreflightValidation {
  if (isRedirectResponse(response)) {
    return fail('PreflightDisallowedRedirect', '', `The preflight was answered with a ${response.status} redirect; a preflight is never redirected.`);
  }
  const check = corsCheck(response.headers, input.serializedOrigin, input.credentials);
  if (!check.ok) return fail(preflightCode(check.code), check.parameter, `On the preflight response: ${check.explanation}`);
  if (!isOkStatus(response.status)) {
    return fail('PreflightInvalidStatus', String(response.status), `The preflight response's status is ${response.status}, not an ok status (200-299).`);
  }
  const methodsValue = getHeader(response.headers, 'Access-Control-Allow-Methods');
  const methods = parseTokenList(methodsValue);
  if (methods === null) {
    return fail('InvalidAllowMethodsPreflightResponse', methodsValue ?? '', `Access-Control-Allow-Methods ('${methodsValue}') is not a comma-separated list of methods.`);
  }
  const headersValue = getHeader(response.headers, 'Access-Control-Allow-Headers');
  const headerNames = parseTokenList(headersValue);
  if (headerNames === null) {
    return fail('InvalidAllowHeadersPreflightResponse', headersValue ?? '', `Access-Control-Allow-Headers ('${headersValue}') is not a comma-separated list of header names.`);
  }
  const result: PreflightResult = {
    methods,
    headerNames: headerNames.map(lowercaseHeaderName),
    credentials: input.credentials === 'include',
  };
  const query = { method: input.method, unsafeHeaderNames: input.unsafeHeaderNames, credentials: result.credentials };
  const allows = allowsRequest(result, query, profile.authorizationCoveredByWildcard);
  if (!allows.ok && allows.failed === 'method') {
    return fail('MethodDisallowedByPreflightResponse', allows.method,
      `${allows.method} is not listed in Access-Control-Allow-Methods (${methodsValue === null ? 'absent' : `'${methodsValue}'`})${result.credentials && methods.includes('*') ? "; '*' is only a wildcard without credentials" : ''}.`);
  }
  if (!allows.ok && allows.failed === 'header') {
    return fail('HeaderDisallowedByPreflightResponse', allows.header,
      `${allows.header} is not listed in Access-Control-Allow-Headers (${headersValue === null ? 'absent' : `'${headersValue}'`})${result.credentials && headerNames.includes('*') ? "; '*' is only a wildcard without credentials" : ''}.`);
  }
  const strict = allowsRequest(result, query, false);
  const maxAgeSeconds = profile.preflightCache.parseMaxAge(getHeader(response.headers, 'Access-Control-Max-Age'));
  return { ok: true, result, maxAgeSeconds, authorizationByWildcard: !strict.ok };
}

function fail(code: CorsErrorCode, parameter: string, explanation: string): PreflightValidation {
  return { ok: false, code, parameter, explanation };
}
