/**
 * Links into the Fetch Standard. Every algorithm and concept the engine models points at its anchor,
 * so traces, messages and docs can say which rule decided.
 */
export type SpecAnchor = `https://fetch.spec.whatwg.org/#${string}`;

/** The anchor of `id` in the Fetch Standard (https://fetch.spec.whatwg.org/). */
export function fetchSpec(id: string): SpecAnchor {
  return `https://fetch.spec.whatwg.org/#${id}`;
}

/** Anchors used across the engine, named for the concept they define. */
export const SPEC = {
  corsNonWildcardRequestHeaderName: fetchSpec('cors-non-wildcard-request-header-name'),
  forbiddenRequestHeader: fetchSpec('forbidden-request-header'),
  noCorsSafelistedRequestHeader: fetchSpec('no-cors-safelisted-request-header'),
  requestConstructor: fetchSpec('dom-request'),
  mainFetch: fetchSpec('concept-main-fetch'),
  httpFetch: fetchSpec('concept-http-fetch'),
  httpRedirectFetch: fetchSpec('concept-http-redirect-fetch'),
  httpNetworkOrCacheFetch: fetchSpec('concept-http-network-or-cache-fetch'),
  corsCheck: fetchSpec('concept-cors-check'),
  corsPreflightFetch: fetchSpec('cors-preflight-fetch-0'),
  corsPreflightCache: fetchSpec('concept-cache'),
  cacheCreateEntry: fetchSpec('concept-cache-create-entry'),
  cacheClear: fetchSpec('concept-cache-clear'),
  requestMode: fetchSpec('concept-request-mode'),
  requestRedirectMode: fetchSpec('concept-request-redirect-mode'),
  basicFilteredResponse: fetchSpec('concept-filtered-response-basic'),
  corsFilteredResponse: fetchSpec('concept-filtered-response-cors'),
  opaqueFilteredResponse: fetchSpec('concept-filtered-response-opaque'),
  opaqueRedirectFilteredResponse: fetchSpec('concept-filtered-response-opaque-redirect'),
  networkError: fetchSpec('concept-network-error'),
} as const;
