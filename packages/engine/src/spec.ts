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
  corsSafelistedMethod: fetchSpec('cors-safelisted-method'),
  forbiddenMethod: fetchSpec('forbidden-method'),
  normalizeMethod: fetchSpec('concept-method-normalize'),
  corsSafelistedRequestHeader: fetchSpec('cors-safelisted-request-header'),
  corsUnsafeRequestHeaderNames: fetchSpec('cors-unsafe-request-header-names'),
  corsNonWildcardRequestHeaderName: fetchSpec('cors-non-wildcard-request-header-name'),
  forbiddenRequestHeader: fetchSpec('forbidden-request-header'),
  noCorsSafelistedRequestHeader: fetchSpec('no-cors-safelisted-request-header'),
  corsSafelistedResponseHeaderName: fetchSpec('cors-safelisted-response-header-name'),
  forbiddenResponseHeaderName: fetchSpec('forbidden-response-header-name'),
  headersGuard: fetchSpec('concept-headers-guard'),
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
  cacheMatchMethod: fetchSpec('concept-cache-match-method'),
  cacheMatchHeader: fetchSpec('concept-cache-match-header'),
  accessControlMaxAge: fetchSpec('http-access-control-max-age'),
  accessControlAllowMethods: fetchSpec('http-access-control-allow-methods'),
  accessControlAllowHeaders: fetchSpec('http-access-control-allow-headers'),
  accessControlAllowOrigin: fetchSpec('http-access-control-allow-origin'),
  accessControlAllowCredentials: fetchSpec('http-access-control-allow-credentials'),
  accessControlExposeHeaders: fetchSpec('http-access-control-expose-headers'),
  corsProtocolAndCredentials: fetchSpec('cors-protocol-and-credentials'),
  requestMode: fetchSpec('concept-request-mode'),
  requestRedirectMode: fetchSpec('concept-request-redirect-mode'),
  responseTainting: fetchSpec('concept-request-response-tainting'),
  serializingRequestOrigin: fetchSpec('serializing-a-request-origin'),
  redirectTaint: fetchSpec('concept-request-tainted-origin'),
  appendOriginHeader: fetchSpec('append-a-request-origin-header'),
  basicFilteredResponse: fetchSpec('concept-filtered-response-basic'),
  corsFilteredResponse: fetchSpec('concept-filtered-response-cors'),
  opaqueFilteredResponse: fetchSpec('concept-filtered-response-opaque'),
  opaqueRedirectFilteredResponse: fetchSpec('concept-filtered-response-opaque-redirect'),
  exposedHeaderNameList: fetchSpec('concept-response-cors-exposed-header-name-list'),
  okStatus: fetchSpec('ok-status'),
  redirectStatus: fetchSpec('redirect-status'),
  networkError: fetchSpec('concept-network-error'),
  includeCredentials: fetchSpec('concept-http-network-or-cache-fetch'),
  headerListGet: fetchSpec('concept-header-list-get'),
  extractHeaderListValues: fetchSpec('extract-header-list-values'),
} as const;
