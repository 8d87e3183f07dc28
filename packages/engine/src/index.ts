/**
 * @corsim/engine: the Fetch Standard's CORS algorithms, pure (no I/O, no clock, no globals), with browser
 * profiles. Time, the network and cookies come in through the ports.
 */
export type { HeaderPairs, WireRequest, WireResponse, NetErrorName, NetworkResult, Transport, Clock, CookieStore, CookieContext, CookieStoreReport, SameSiteContext } from './ports.js';
export { SPEC, fetchSpec, type SpecAnchor } from './spec.js';
export type { CorsErrorCode, FailureCode, FailureReason, Leg, RequestErrorKind, OtherFailureCode } from './reasons.js';
export { PREFLIGHT_CODES } from './reasons.js';
export type { TraceEvent, TraceKind, TraceFacts, TraceFact, RedirectChange } from './trace.js';
export { describeTraceEvent, renderTrace, traceMark } from './describe-trace.js';
export { isCorsSafelistedMethod, isForbiddenMethod, normalizeMethod, isMethod } from './methods.js';
export {
  getHeader, hasHeader, combineHeaderList, sortAndCombine, getDecodeSplit, isForbiddenRequestHeader,
  isCorsSafelistedRequestHeader, isNoCorsSafelistedRequestHeader, corsUnsafeRequestHeaderNames, corsUnsafeRequestHeaderNamesInListOrder, convertHeaderNamesToSortedLowercaseSet,
  isCorsNonWildcardRequestHeaderName, isCorsSafelistedResponseHeaderName, isForbiddenResponseHeaderName,
  isCorsUnsafeRequestHeaderByte, isSafelistedRange, parseMimeType, convertHeaderNamesToSortedLowercaseList, type LowercaseHeaderName, type ExtraSafelist,
} from './headers.js';
export { isToken, isHeaderName, isHeaderValue, normalizeHeaderValue } from './http-syntax.js';
export { originOf, serializeOrigin, isSameOrigin, isSameOriginURL, isSameSite, siteOf, registrableDomain, opaqueOrigin, type Origin, type TupleOrigin, type OpaqueOrigin } from './origin.js';
export { corsCheck, type CorsCheckResult, type CorsCheckFailureCode } from './cors-check.js';
export { constructRequest, type FetchInit, type ConstructedRequest, type RequestMode, type CredentialsMode, type RedirectMode, type ResponseTainting } from './request.js';
export { needsCorsPreflight, makePreflightRequest, orderHeaderNamesForCheck, urlWithoutFragment, validatePreflightResponse, parseTokenList, isRedirectStatus, isOkStatus, isRedirectResponse, type PreflightFor, type PreflightValidation } from './preflight.js';
export { PreflightCache, allowsRequest, allowsMethod, firstHeaderNotAllowed, seededRandom, type PreflightResult, type PreflightQuery, type PreflightCacheKey, type PreflightCacheEntry, type CacheLookup, type AllowsResult } from './preflight-cache.js';
export { filterResponse, opaqueRedirectResponse, corsExposedHeaderNames, type FilteredResponse, type ResponseType } from './response-filter.js';
export {
  HttpCache, MemoryHttpCacheStore, HTTP_CACHE_MEMORY_BOUNDS, storedResponseBytes, REQUEST_CACHE_MODES, SPEC_MODE_HEADERS, effectiveCacheMode, preflightCacheHeaders,
  type RequestCache, type HttpCachePolicy, type HttpCacheStore, type StoredResponse, type HttpCacheRequest, type HttpCacheLookup,
  type HttpCacheTicket, type HttpCacheEntryInfo,
} from './http-cache.js';
export { corsFetch, type FetchEnvironment, type FetchOutcome, type WireExchange } from './fetch.js';
export type {
  BrowserProfile, BrowserName, MessageContext, PreflightCachePolicy, CookiePolicy, PreflightCheck, MultipleAllowOriginRule,
  RequestHeaderCheckOrder, RedirectPreflightHeaderNames, AcceptEncoding,
} from './profiles/profile.js';
export { chromium, chromiumMaxAge, CHROMIUM_MAX_AGE_CAP } from './profiles/chromium.js';
export { firefox, firefoxMaxAge, FIREFOX_MAX_AGE_CAP } from './profiles/firefox.js';
export { webkit, webkitMaxAge, WEBKIT_MAX_AGE_CAP, WEBKIT_COMMON_HEADER_NAMES } from './profiles/webkit.js';
export { profiles, getProfile } from './profiles/index.js';
export { fixFor, type Fix, type FixContext } from './fixes.js';
