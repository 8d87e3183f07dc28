/**
 * @corsim/engine: the Fetch Standard's CORS algorithms, pure (no I/O, no clock, no globals), with browser
 * profiles. Time, the network and cookies come in through the ports. README.md pairs each export with its
 * anchor in the Fetch Standard; what is not exported here is internal.
 */

// Fetch: run `fetch()` from a page and read what happened.
export { corsFetch, type FetchEnvironment, type FetchOutcome, type WireExchange } from './fetch.js';
export type { FetchInit } from './request.js';
export type { FilteredResponse, ResponseType } from './response-filter.js';
export type { FailureReason, FailureCode, CorsErrorCode, Leg, RequestErrorKind } from './reasons.js';
export type { SpecAnchor } from './spec.js';

// The trace: facts per step, sentences on demand.
export type { TraceEvent, TraceKind, TraceFacts, RedirectChange } from './trace.js';
export { describeTraceEvent, renderTrace } from './describe-trace.js';

// The ports.
export type {
  HeaderPairs, WireRequest, WireResponse, NetErrorName, NetworkResult, Transport, Clock,
  CookieStore, CookieContext, CookieStoreReport, SameSiteContext,
} from './ports.js';

// The CORS-preflight cache.
export {
  PreflightCache,
  type PreflightCacheKey, type PreflightCacheOrigin, type PreflightCacheEntry, type PreflightResult, type PreflightQuery,
  type CacheLookup, type AllowsResult,
} from './preflight-cache.js';

// The HTTP cache.
export {
  HttpCache, MemoryHttpCacheStore, HTTP_CACHE_MEMORY_BOUNDS, storedResponseBytes, REQUEST_CACHE_MODES, SPEC_MODE_HEADERS, effectiveCacheMode, preflightCacheHeaders,
  type RequestCache, type HttpCachePolicy, type HttpCacheStore, type StoredResponse, type HttpCacheRequest, type HttpCacheLookup,
  type HttpCacheTicket, type HttpCacheEntryInfo,
} from './http-cache.js';

// Browser profiles, and the fix for each failure.
export { chromium } from './profiles/chromium.js';
export { firefox } from './profiles/firefox.js';
export { webkit } from './profiles/webkit.js';
export { profiles, getProfile } from './profiles/index.js';
export type { BrowserProfile, BrowserName, MessageContext, PreflightCachePolicy, CookiePolicy, AcceptEncoding } from './profiles/profile.js';
export { fixFor, type Fix, type FixContext } from './fixes.js';

// The Fetch Standard's predicates and helpers that transports, servers and tests share with the engine.
export { isCorsSafelistedMethod, isForbiddenMethod, normalizeMethod, isMethod } from './methods.js';
export {
  getHeader, hasHeader, sortAndCombine, getDecodeSplit, isForbiddenRequestHeader, isCorsSafelistedRequestHeader,
  corsUnsafeRequestHeaderNames,
} from './headers.js';
export { isToken, isHeaderName, isHeaderValue, normalizeHeaderValue } from './http-syntax.js';
export { originOf, opaqueOrigin, siteOf, type Origin } from './origin.js';
export { corsCheck } from './cors-check.js';
export { needsCorsPreflight, parseTokenList } from './preflight.js';
