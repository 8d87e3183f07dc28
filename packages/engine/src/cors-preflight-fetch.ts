/**
 * [CORS-preflight fetch](https://fetch.spec.whatwg.org/#cors-preflight-fetch-0) with the
 * [CORS-preflight cache](https://fetch.spec.whatwg.org/#concept-cache) it consults and fills. The preflight
 * request itself and the checks of its response are in preflight.ts.
 */
import type { PreflightCacheKey } from './preflight-cache.js';
import { getHeader } from './headers.js';
import { currentUrl, networkError, preflightOrigin, type FetchParams, type NetworkError } from './fetch-params.js';
import { transportFetch } from './http-network-fetch.js';
import type { PreflightNeed } from './main-fetch.js';
import { makePreflightRequest, validatePreflightResponse, type PreflightFor } from './preflight.js';
import { isSameOrigin, originOf } from './origin.js';
import { SPEC } from './spec.js';
import { effectiveCacheMode, preflightCacheHeaders } from './http-cache.js';

/** The cache entry key of the request: (network partition, the request's origin, URL, credentials). */
function preflightCacheKey(params: FetchParams): PreflightCacheKey {
  return {
    partition: params.pageSite, origin: preflightOrigin(params).key, url: currentUrl(params).href,
    credentials: params.request.credentials === 'include',
  };
}

/**
 * Whether the CORS-preflight cache has a [method cache entry match](https://fetch.spec.whatwg.org/#concept-cache-match-method)
 * and a [header-name cache entry match](https://fetch.spec.whatwg.org/#concept-cache-match-header) for every
 * CORS-unsafe name of the request (so HTTP fetch skips the preflight). A stale or insufficient entry is removed.
 */
export function preflightCacheMatch(params: FetchParams, need: PreflightNeed): boolean {
  const { request, env, trace } = params;
  // Deviation(chromium, firefox): see the profile's preflightCache.lookupSkippedFor.
  const { mode, conditional } = effectiveCacheMode(request.cache, request.headers, env.profile.httpCache);
  if (env.profile.preflightCache.lookupSkippedFor.has(mode)) {
    trace.add({ what: 'preflight-cache-skipped', cacheMode: mode, conditional, browser: env.profile.name });
    return false;
  }
  const credentials = request.credentials === 'include';
  const query = { method: request.method, unsafeHeaderNames: need.unsafeHeaderNames, credentials };
  const lookup = env.cache.lookup(preflightCacheKey(params), query, env.clock.now(), env.profile.authorizationCoveredByCachedWildcard);
  const facts = { what: 'preflight-cache-lookup', status: lookup.status, url: currentUrl(params).href, browser: env.profile.name } as const;
  if (lookup.status === 'hit') trace.add(facts, true);
  else trace.add(facts);
  return lookup.status === 'hit';
}

/**
 * Sends the preflight and checks its response; on success, "create a new cache entry" for the approved methods
 * and header names (when `Access-Control-Max-Age` leaves a positive lifetime). Returns the network error, or null.
 */
export async function corsPreflightFetch(params: FetchParams, need: PreflightNeed): Promise<NetworkError | null> {
  const { request, env, trace, wire } = params;
  const { profile } = env;
  request.preflighted = true;
  const origin = preflightOrigin(params).serialized;
  const input: PreflightFor = {
    url: currentUrl(params), method: request.method, unsafeHeaderNames: need.unsafeHeaderNames, serializedOrigin: origin,
    credentials: request.credentials, referrer: params.pageHref, redirect: request.redirect,
    toPageOrigin: isSameOrigin(originOf(currentUrl(params)), params.pageOrigin),
  };
  const made = makePreflightRequest(input, profile, getHeader(request.headers, 'User-Agent'));
  const preflight = { ...made, headers: [...made.headers, ...preflightCacheHeaders(request.cache, request.headers, profile.httpCache)] };
  trace.add({
    what: 'preflight-sent', url: preflight.url, method: request.method, origin,
    requestHeaders: need.unsafeHeaderNames.length ? getHeader(preflight.headers, 'Access-Control-Request-Headers') : null,
  });
  const sent = await transportFetch(env.transport, preflight);
  if (!sent.ok) {
    wire.push({ leg: 'preflight', request: preflight, netError: { name: sent.netError, detail: sent.detail } });
    trace.add({ what: 'preflight-network-error', netError: sent.netError, detail: sent.detail }, false);
    return networkError(params, {
      code: 'Network', leg: 'preflight', anchor: SPEC.corsPreflightFetch,
      explanation: `The preflight request failed: net::${sent.netError}.`, netError: sent.netError,
    }, { requestOrigin: origin });
  }
  const response = sent.response;
  wire.push({ leg: 'preflight', request: preflight, response });
  trace.add({ what: 'preflight-received', status: response.status });
  const validation = validatePreflightResponse(response, input, profile);
  const key = preflightCacheKey(params);
  if (!validation.ok) {
    // The Preflight* codes other than these two are the CORS check's (run on the preflight response).
    const ownCheck = validation.code === 'PreflightInvalidStatus' || validation.code === 'PreflightDisallowedRedirect';
    const anchor = validation.code.startsWith('Preflight') && !ownCheck ? SPEC.corsCheck : SPEC.corsPreflightFetch;
    trace.add({ what: 'preflight-rejected', explanation: validation.explanation }, false, anchor);
    // Deviation(webkit): the approved lists are cached before the request is checked against them —
    // recorded: multi-step-mixed (step 2 served by the entry of the failed step 1); CrossOriginPreflightChecker.
    if (validation.parsed && profile.preflightCache.storeBeforeRequestChecks) {
      const { result, maxAgeSeconds } = validation.parsed;
      if (env.cache.store(key, result, maxAgeSeconds, env.clock.now())) {
        trace.add({ what: 'preflight-stored-despite-failure', browser: profile.name, maxAgeSeconds });
      }
    }
    return networkError(params, {
      code: validation.code, leg: 'preflight', anchor, explanation: validation.explanation,
      ...(validation.parameter === '' ? {} : { parameter: validation.parameter }),
    }, { status: response.status, requestOrigin: origin });
  }
  trace.add({ what: 'preflight-passed', methods: validation.result.methods, headerNames: validation.result.headerNames }, true);
  if (validation.authorizationByWildcard) trace.add({ what: 'authorization-by-wildcard', browser: profile.name });
  const stored = env.cache.store(key, validation.result, validation.maxAgeSeconds, env.clock.now());
  trace.add({
    what: 'preflight-stored', stored, maxAgeSeconds: validation.maxAgeSeconds,
    maxAgeHeader: getHeader(response.headers, 'Access-Control-Max-Age'),
  });
  return null;
}
