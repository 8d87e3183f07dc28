/**
 * [HTTP-network-or-cache fetch](https://fetch.spec.whatwg.org/#concept-http-network-or-cache-fetch): the
 * request as the user agent puts it on the wire — its header list with the user agent's own headers, the
 * `Origin` header and the cookies of the jar when credentials are included — then HTTP-network fetch.
 */
import type { HeaderPairs, WireRequest } from './ports.js';
import { currentUrl, networkError, serializedRequestOrigin, type FetchParams, type NetworkError } from './fetch-params.js';
import { combineHeaderList, hasHeader, isHeaderNamed } from './headers.js';
import { httpNetworkFetch, type CredentialsUse, type NetworkResponse } from './http-network-fetch.js';
import { registrableDomain } from './origin.js';
import { isRedirectResponse, urlWithoutFragment } from './preflight.js';
import { SPEC } from './spec.js';
import { acceptEncodingFor } from './profiles/profile.js';

export async function httpNetworkOrCacheFetch(params: FetchParams): Promise<NetworkResponse | NetworkError> {
  const { request, trace } = params;
  const credentials = credentialsUse(params);
  const headers = requestHeaders(params);
  addCookies(params, headers, credentials);
  const url = currentUrl(params);
  const wireUrl = urlWithoutFragment(url);
  // The steps on the request's cache mode and "set storedResponse to the result of selecting a response from the
  // httpCache": http-cache.ts decides, as the profile says.
  const lookup = params.httpCache.lookup({
    url: wireUrl, method: request.method, headers, cacheMode: request.cache, partition: params.pageSite,
    credentialed: credentials.include, afterNetworkRedirect: request.afterNetworkRedirect,
  }, params.env.clock.now());
  if (lookup.fact) trace.add(lookup.fact);
  if (lookup.kind === 'miss') return cacheMiss(params);
  request.afterNetworkRedirect = false;
  if (lookup.kind === 'stored') return { ok: true, response: lookup.response };
  const wireRequest: WireRequest = { method: request.method, url: wireUrl, headers: lookup.headers, body: request.body };
  trace.add({
    what: 'request-sent', method: request.method, url: url.href, origin: hasHeader(headers, 'Origin') ? serializedRequestOrigin(params) : null,
  });
  const sent = await httpNetworkFetch(params, wireRequest, credentials);
  if (!sent.ok) return sent;
  const stored = params.httpCache.afterNetwork(lookup.ticket, sent.response, params.env.clock.now());
  if (stored.fact) trace.add(stored.fact);
  request.afterNetworkRedirect = isRedirectResponse(sent.response);
  return { ok: true, response: stored.response };
}

/** `only-if-cached` with nothing stored: "return a network error". */
function cacheMiss(params: FetchParams): NetworkError {
  return networkError(params, {
    code: 'Network', leg: params.request.urlList.length > 1 ? 'redirect' : 'actual', anchor: SPEC.httpNetworkOrCacheFetch,
    explanation: "Cache mode 'only-if-cached' and nothing stored answers the request.", netError: 'ERR_CACHE_MISS',
  });
}

/**
 * The step "let includeCredentials be true if request's credentials mode is 'include', or 'same-origin' and the
 * response tainting is 'basic'", and the same-site context of the request for its cookies: cross-site when any
 * URL of its URL list is not same site with the page.
 */
function credentialsUse(params: FetchParams): CredentialsUse {
  const { request } = params;
  const include = request.credentials === 'include' || (request.credentials === 'same-origin' && request.tainting === 'basic');
  const crossSite = request.urlList.some((u) => !isSameSiteWithPage(params, u));
  return { include, cookieContext: { pageUrl: params.pageHref, sameSite: crossSite ? 'none' : 'strict', crossSite } };
}

/** [Same site](https://html.spec.whatwg.org/multipage/browsers.html#same-site) for a URL and the document. */
function isSameSiteWithPage(params: FetchParams, url: URL): boolean {
  const page = params.pageOrigin;
  // An opaque document is same site only with itself, and a URL's origin is never that one.
  if (page.kind === 'opaque' || url.protocol !== params.pageSiteParts.protocol) return false;
  // The page's scheme is a tuple-origin one, so the URL's origin is a tuple too: its site is scheme and domain.
  const host = url.hostname;
  return host === page.host || (registrableDomain(host) ?? host) === params.pageSiteParts.domain;
}

/** The header list that goes on the wire, with the user agent's own headers. */
function requestHeaders(params: FetchParams): HeaderPairs {
  const { request, env: { profile } } = params;
  // Separate entries of one name (profiles that keep them apart) are combined as the network layer sends them.
  const headers: HeaderPairs = profile.combineDuplicateRequestHeaders
    ? [...request.headers] : combineHeaderList(request.headers, profile.wireHeaderMerge);
  if (profile.wireHeaderMerge.uploadKeepsFirstContentType && request.body !== null && request.urlList.length === 1) {
    const first = request.headers.find(([n]) => isHeaderNamed(n, 'content-type'));
    const at = headers.findIndex(([n]) => isHeaderNamed(n, 'content-type'));
    if (first !== undefined && at >= 0) headers[at] = [first[0], first[1]];
  }
  if (!hasHeader(headers, 'Accept')) headers.push(['Accept', '*/*']);
  // https://fetch.spec.whatwg.org/#append-a-request-origin-header
  // Deviation(webkit): see the profile's redirectKeepsOriginHeader.
  if (request.tainting === 'cors' || (request.method !== 'GET' && request.method !== 'HEAD')
    || (profile.redirectKeepsOriginHeader && request.originHeaderSent)) {
    headers.push(['Origin', serializedRequestOrigin(params)]);
    request.originHeaderSent = true;
  }
  // The user agent's own User-Agent only when the request has none (a browser that does not forbid it to script
  // keeps script's).
  if (!hasHeader(headers, 'User-Agent')) headers.push(['User-Agent', profile.userAgent]);
  headers.push(['Referer', params.pageHref]);
  // A request with `Range` asks for `identity` (Fetch: HTTP-network-or-cache fetch); otherwise the network layer's own list.
  headers.push(['Accept-Encoding', hasHeader(headers, 'Range') ? 'identity' : acceptEncodingFor(profile, currentUrl(params))]);
  if (!hasHeader(headers, 'Accept-Language')) headers.push(['Accept-Language', profile.acceptLanguage]);
  return withoutTrailingWhitespace(headers);
}

/**
 * The values as a header line carries them: no trailing spaces or tabs (Blink's TrimLWSAndCRLF; a server reads none
 * either). Only a combination leaves some: `1` and an empty value combine to `1, ` — recorded:
 * probe-wire-empty-values-merged (Chromium and WebKit send `1,`).
 */
function withoutTrailingWhitespace(headers: HeaderPairs): HeaderPairs {
  for (let i = 0; i < headers.length; i++) {
    const [name, value] = headers[i] as [string, string];
    const end = value.length - 1;
    if (end >= 0 && (value[end] === ' ' || value[end] === '\t')) headers[i] = [name, value.replace(/[\t ]+$/, '')];
  }
  return headers;
}

/** The step "if includeCredentials is true, … append `Cookie` with the user agent's cookies for the request". */
function addCookies(params: FetchParams, headers: HeaderPairs, credentials: CredentialsUse): void {
  const { request, env, trace } = params;
  if (!credentials.include) {
    trace.add({ what: 'no-cookies', credentials: request.credentials, crossOrigin: request.tainting !== 'basic' });
    return;
  }
  if (!env.cookies) return;
  const url = currentUrl(params);
  const cookie = env.cookies.getCookieHeader(url.href, credentials.cookieContext);
  if (cookie !== '') headers.push(['Cookie', cookie]);
  trace.add({ what: 'cookies-sent', cookie, origin: url.origin });
}
