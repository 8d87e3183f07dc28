/**
 * [HTTP fetch](https://fetch.spec.whatwg.org/#concept-http-fetch): the CORS-preflight fetch when the request
 * needs one and the preflight cache does not cover it, HTTP-network-or-cache fetch, the CORS check of every
 * response of a CORS request (redirects included), and the request's redirect mode.
 */
import type { WireResponse } from './ports.js';
import { corsCheck } from './cors-check.js';
import { corsPreflightFetch, preflightCacheMatch } from './cors-preflight-fetch.js';
import { currentUrl, networkError, serializedRequestOrigin } from './fetch-params.js';
import type { FetchParams, FetchResponse, NetworkError } from './fetch-params.js';
import { getHeader } from './headers.js';
import { httpNetworkOrCacheFetch } from './http-network-or-cache-fetch.js';
import { httpRedirectFetch, resolveLocation } from './http-redirect-fetch.js';
import type { PreflightNeed } from './main-fetch.js';
import { isRedirectResponse } from './preflight.js';
import { opaqueRedirectResponse } from './response-filter.js';
import { isSameOrigin, originOf } from './origin.js';
import type { CredentialsMode } from './request.js';
import { SPEC } from './spec.js';

/** A response main fetch still has to filter, or what HTTP-redirect fetch returned, or a network error. */
export type HttpFetchResponse = FetchResponse | { readonly ok: true; readonly unfiltered: WireResponse };

export async function httpFetch(params: FetchParams, need: PreflightNeed | null): Promise<HttpFetchResponse> {
  const { request, trace } = params;
  // Step "If makeCORSPreflight is true and … there is no method cache entry match … or … no header-name cache
  // entry match …: let preflightResponse be the result of running CORS-preflight fetch given request; if it is a
  // network error, return it."
  if (need !== null && !preflightCacheMatch(params, need)) {
    const preflightError = await corsPreflightFetch(params, need);
    if (preflightError) return preflightError;
  }
  const fetched = await httpNetworkOrCacheFetch(params);
  if (!fetched.ok) return fetched;
  const response = fetched.response;
  const redirect = isRedirectResponse(response);
  if (request.tainting === 'cors') {
    const failure = corsCheckResponse(params, response, redirect);
    if (failure) return failure;
  }
  if (!redirect) return { ok: true, unfiltered: response };
  // Step "If actualResponse's status is a redirect status", by the request's redirect mode.
  if (request.redirect === 'error') {
    // The redirect passed the CORS check: a cache that is cleared when a request fails its checks (Gecko's CORS
    // listener) keeps the preflight's entry — recorded: Firefox rnd-w4-138 (the next PUT goes without a preflight).
    return networkError(params, {
      code: 'Network', leg: 'redirect', anchor: SPEC.requestRedirectMode,
      explanation: "The response is a redirect and the request's redirect mode is 'error'.", netError: 'ERR_FAILED',
    }, {}, false);
  }
  if (request.redirect === 'manual') {
    trace.add({ what: 'opaque-redirect' });
    return { ok: true, response: opaqueRedirectResponse(currentUrl(params)) };
  }
  return httpRedirectFetch(params, response);
}

/** The step "if request's response tainting is 'cors' and a CORS check for request and response returns failure". */
function corsCheckResponse(params: FetchParams, response: WireResponse, redirect: boolean): NetworkError | null {
  const { request, trace, env: { profile } } = params;
  const origin = serializedRequestOrigin(params);
  const check = corsCheck(response.headers, origin, redirectCheckCredentials(params, redirect), profile.multipleAllowOriginValues);
  if (check.ok) {
    trace.add({
      what: 'cors-check-passed', allowOrigin: getHeader(response.headers, 'Access-Control-Allow-Origin'), origin,
      credentials: request.credentials === 'include',
    }, true);
    return null;
  }
  trace.add({ what: 'cors-check-failed', explanation: check.explanation }, false);
  const location = redirect ? resolveLocation(response, currentUrl(params)) : undefined;
  return networkError(params, {
    code: check.code, leg: redirect ? 'redirect' : 'actual', anchor: SPEC.corsCheck, explanation: check.explanation,
    ...(check.parameter === '' ? {} : { parameter: check.parameter }),
  }, { status: response.status, requestOrigin: origin, ...(location !== undefined ? { location } : {}) });
}

/**
 * The credentials mode the CORS check of a response uses: the request's, except where a profile checks redirects
 * with the credentials flag its load started with (`same-origin` from a same-origin first URL counts as `include`).
 */
function redirectCheckCredentials(params: FetchParams, redirect: boolean): CredentialsMode {
  const { request, env: { profile } } = params;
  const startedSameOrigin = isSameOrigin(originOf(request.urlList[0] as URL), params.pageOrigin);
  return redirect && profile.redirectCheckCredentials === 'load-start' && request.credentials === 'same-origin' && startedSameOrigin
    ? 'include' : request.credentials;
}
