/**
 * [Main fetch](https://fetch.spec.whatwg.org/#concept-main-fetch): chooses the response tainting of each hop,
 * decides whether a CORS-preflight is needed, runs HTTP fetch, and filters the response script will see.
 * HTTP-redirect fetch runs it again for each redirect (the spec's `recursive` call).
 */
import type { HeaderPairs, WireResponse } from './ports.js';
import type { LowercaseHeaderName } from './headers.js';
import { convertHeaderNamesToSortedLowercaseSet, withoutEmptyDuplicates } from './headers.js';
import { corsUnsafeNames, currentUrl, networkError, type FetchParams, type FetchResponse, type NetworkError } from './fetch-params.js';
import { httpFetch } from './http-fetch.js';
import { isSameOrigin, originOf } from './origin.js';
import { needsCorsPreflight, orderHeaderNamesForCheck } from './preflight.js';
import { filterResponse } from './response-filter.js';
import { SPEC, type SpecAnchor } from './spec.js';
import type { ResponseTainting } from './request.js';

export const HTTP_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:']);

/** A CORS request that needs a preflight, with the CORS-unsafe header names in the order the checks meet them. */
export interface PreflightNeed {
  readonly unsafeHeaderNames: readonly LowercaseHeaderName[];
}

export async function mainFetch(params: FetchParams): Promise<FetchResponse> {
  const url = currentUrl(params);
  // Steps "if request's current URL's scheme is an HTTP(S) scheme … HTTP fetch", otherwise scheme fetch: corsim
  // models only HTTP(S).
  if (!HTTP_SCHEMES.has(url.protocol)) {
    return networkError(params, {
      code: 'Network', leg: 'request', anchor: SPEC.mainFetch,
      explanation: `The URL scheme '${url.protocol.slice(0, -1)}' is not supported by corsim's fetch.`,
      netError: 'ERR_FAILED', requestError: 'unsupported-scheme',
    });
  }
  const refused = setResponseTainting(params, url);
  if (refused) return refused;
  const need = params.request.tainting === 'cors' ? corsPreflightNeed(params) : null;
  const response = await httpFetch(params, need);
  if (!response.ok || !('unfiltered' in response)) return response;
  const { status, statusText } = response.unfiltered;
  return { ok: true, response: filteredResponse(params, response.unfiltered), received: { status, statusText } };
}

/**
 * The main-fetch step that picks the hop's path: the request's current URL same origin with its origin (and the
 * tainting still `basic`) → `basic`; mode `same-origin` → network error; `no-cors` → `opaque`; otherwise `cors`.
 */
function setResponseTainting(params: FetchParams, url: URL): NetworkError | null {
  const { request, trace } = params;
  if (isSameOrigin(originOf(url), params.pageOrigin) && request.tainting === 'basic') {
    trace.add({ what: 'same-origin', origin: url.origin }, true);
  } else if (request.mode === 'same-origin') {
    // After a redirect this is a plain network error: Chromium reports no CorsError for it (recorded:
    // probe-same-origin-mode-redirect-cross), only for the request's first URL (recorded: mode-same-origin-other-port).
    return request.urlList.length > 1
      ? networkError(params, {
        code: 'Network', leg: 'redirect', anchor: SPEC.requestMode, netError: 'ERR_FAILED',
        explanation: `The request's mode is 'same-origin' but it was redirected to ${url.origin}.`,
      })
      : networkError(params, {
        code: 'DisallowedByMode', leg: 'request', anchor: SPEC.requestMode,
        explanation: `The request's mode is 'same-origin' but ${url.origin} is another origin.`,
      });
  } else if (request.mode === 'no-cors') {
    if (request.redirect !== 'follow') {
      return networkError(params, {
        code: 'NoCorsRedirectModeNotFollow', leg: 'request', anchor: SPEC.mainFetch,
        explanation: "A no-cors request must use redirect mode 'follow'.",
      });
    }
    request.tainting = 'opaque';
    trace.add({ what: 'opaque-tainting' }, true);
  } else {
    request.tainting = 'cors';
  }
  return null;
}

/**
 * The request's use-CORS-preflight decision ("the method is not a CORS-safelisted method or the CORS-unsafe
 * request-header names are not empty"), or null when no preflight is needed.
 */
function corsPreflightNeed(params: FetchParams): PreflightNeed | null {
  const { request, env: { profile }, trace } = params;
  const currentUnsafe = corsUnsafeNames(request.headers, profile);
  // Deviation(firefox, webkit): after a redirect, the request's original unsafe header names still decide on a
  // preflight (and, in WebKit, still fill it), although a POST→GET rewrite dropped those headers — recorded:
  // redirect-post-json-302.
  const redirected = request.urlList.length > 1;
  const { decide, list } = profile.redirectPreflightHeaderNames;
  const decideNames = redirected && decide === 'original' ? params.scriptUnsafeNames : currentUnsafe;
  const listed = redirected && list === 'original' ? params.scriptUnsafeNames : currentUnsafe;
  const listedFrom = listed === params.scriptUnsafeNames ? params.scriptHeaders : request.headers;
  const unsafe = orderHeaderNamesForCheck(listed, profile.requestHeaderCheckOrder, listedFrom.map(([name]) => name));
  // Deviation(firefox, webkit): a request that needed a preflight is preflighted again after a redirect even when it
  // became simple — recorded: probe-303-put-to-get (OPTIONS /end before the GET that a 303 made of the PUT).
  const flagged = profile.preflightFlagSurvivesRedirect && request.preflightFlag;
  if (!flagged && !needsCorsPreflight(request.method, decideNames)) {
    trace.add({ what: 'no-preflight', method: request.method }, true);
    return null;
  }
  const onlyBeforeRedirect = decideNames !== currentUnsafe && !needsCorsPreflight(request.method, currentUnsafe);
  trace.add({
    what: 'preflight-needed', method: request.method, methodUnsafe: needsCorsPreflight(request.method, []),
    unsafeHeaderNames: convertHeaderNamesToSortedLowercaseSet(unsafe),
    ...(onlyBeforeRedirect
      ? { namesBeforeRedirect: { browser: profile.name, names: convertHeaderNamesToSortedLowercaseSet(decideNames) } } : {}),
    ...(!needsCorsPreflight(request.method, decideNames) ? { preflightedBeforeRedirect: profile.name } : {}),
  });
  request.preflightFlag = true;
  return { unsafeHeaderNames: unsafe };
}

/** The main-fetch step "set response to the appropriate filtered response … based on request's response tainting". */
function filteredResponse(params: FetchParams, response: WireResponse): ReturnType<typeof filterResponse> {
  const { request, trace, env: { profile } } = params;
  const { status, statusText, body } = response;
  // Deviation(firefox): see the profile's responseMergeSkipsEmptyValues.
  const headers = profile.responseMergeSkipsEmptyValues ? withoutEmptyDuplicates(response.headers) : response.headers;
  const filtered = filterResponse(request.tainting, { status, statusText, headers, body, urlList: request.urlList }, request.credentials);
  trace.add({ what: 'filtered', type: filtered.type, headerNames: filtered.type === 'cors' ? lowercaseNameSet(filtered.headers) : [] },
    undefined, filterAnchor(request.tainting));
  return filtered;
}

/** The distinct names of a header list, lower-cased, in list order. */
function lowercaseNameSet(headers: HeaderPairs): string[] {
  const names = new Set<string>();
  for (const [name] of headers) names.add(name.toLowerCase());
  return Array.from(names);
}

function filterAnchor(tainting: ResponseTainting): SpecAnchor {
  return tainting === 'basic' ? SPEC.basicFilteredResponse : tainting === 'cors' ? SPEC.corsFilteredResponse : SPEC.opaqueFilteredResponse;
}
