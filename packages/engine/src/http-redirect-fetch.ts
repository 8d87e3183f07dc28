/**
 * [HTTP-redirect fetch](https://fetch.spec.whatwg.org/#concept-http-redirect-fetch): whether and how a
 * redirect is followed, the changes it makes to the request, then main fetch again for the new URL.
 */
import type { WireResponse } from './ports.js';
import type { FailureReason } from './reasons.js';
import type { RedirectChange } from './trace.js';
import { currentUrl, networkError, type FetchParams, type FetchRequest, type FetchResponse } from './fetch-params.js';
import { deleteHeader, getHeader, hasHeader, isRequestBodyHeaderName } from './headers.js';
import { trimTabOrSpace } from './http-syntax.js';
import { HTTP_SCHEMES, mainFetch } from './main-fetch.js';
import { isSameOrigin, originOf, type Origin } from './origin.js';
import { SPEC } from './spec.js';
import type { BrowserProfile } from './profiles/profile.js';

type Refusal = Omit<FailureReason, 'leg' | 'anchor'>;

export async function httpRedirectFetch(params: FetchParams, response: WireResponse): Promise<FetchResponse> {
  const from = currentUrl(params);
  const followed = followRedirect(params.request, response, from, params.pageOrigin, params.env.profile);
  if (!followed.ok) {
    const location = resolveLocation(response, from);
    return networkError(params, { ...followed.refusal, leg: 'redirect', anchor: SPEC.httpRedirectFetch },
      { status: response.status, ...(location !== undefined ? { location } : {}) });
  }
  params.trace.add({ what: 'redirected', status: response.status, to: followed.to.href, changes: followed.changes });
  // The last step: "return the result of running main fetch given fetchParams and true".
  return mainFetch(params);
}

/** The steps that decide whether the redirect is followed, and the changes they make to the request. */
function followRedirect(request: FetchRequest, response: WireResponse, from: URL, pageOrigin: Origin, profile: BrowserProfile):
  | { readonly ok: true; readonly to: URL; readonly changes: readonly RedirectChange[] }
  | { readonly ok: false; readonly refusal: Refusal } {
  const location = trimTabOrSpace(getHeader(response.headers, 'Location') ?? '');
  let to: URL;
  try {
    to = locationURL(location, from);
  } catch {
    return refuse({ code: 'Network', explanation: `The Location '${location}' is not a valid URL.`, netError: 'ERR_INVALID_REDIRECT' });
  }
  const scheme = to.protocol.slice(0, -1);
  const { maxRedirects } = profile;
  // "If locationURL's scheme is not an HTTP(S) scheme, then return a network error."
  // Deviation(webkit): in cors mode a CORS error — recorded: probe-redirect-to-data, probe-same-origin-redirect-to-data.
  if (!HTTP_SCHEMES.has(to.protocol)) {
    return refuse(request.mode === 'cors' && profile.nonHttpRedirect === 'cors-error'
      ? { code: 'CorsDisabledScheme', explanation: `A CORS request cannot be redirected to the '${scheme}' scheme.`, parameter: to.href }
      : { code: 'Network', explanation: `Redirect to the unsupported scheme '${scheme}'.`, netError: 'ERR_UNSAFE_REDIRECT' });
  }
  if (request.redirectCount >= maxRedirects) {
    return refuse({ code: 'Network', explanation: `More than ${maxRedirects} redirects.`, netError: 'ERR_TOO_MANY_REDIRECTS' });
  }
  request.redirectCount++;
  // "If request's mode is 'cors', locationURL includes credentials, and request's origin is not same origin with
  // locationURL's origin, or request's response tainting is 'cors' and locationURL includes credentials".
  const hasCredentials = to.username !== '' || to.password !== '';
  if (hasCredentials && ((request.mode === 'cors' && !isSameOrigin(originOf(to), pageOrigin)) || request.tainting === 'cors')) {
    return refuse({
      code: 'RedirectContainsCredentials', parameter: to.href,
      explanation: `The redirect Location ${to.href} contains a username or password.`,
    });
  }
  const changes = rewriteRequest(request, response.status, from, to, pageOrigin, profile);
  request.urlList.push(to);
  return { ok: true, to, changes };
}

/**
 * The changes HTTP-redirect fetch makes to the request for the hop from `from` to `to`: the method rewrite
 * ("if one of the following is true … set request's method to `GET` and request's body to null"), the
 * Authorization removal on a cross-origin hop, the origin taint, and the browsers' own removals.
 */
function rewriteRequest(request: FetchRequest, status: number, from: URL, to: URL, pageOrigin: Origin, profile: BrowserProfile): RedirectChange[] {
  const changes: RedirectChange[] = [];
  const crossOrigin = !isSameOrigin(originOf(from), originOf(to));
  if (((status === 301 || status === 302) && request.method === 'POST')
    || (status === 303 && request.method !== 'GET' && request.method !== 'HEAD')) {
    changes.push({ change: 'method-to-get', method: request.method });
    request.method = 'GET';
    request.body = null;
    request.headers = request.headers.filter(([n]) => !isRequestBodyHeaderName(n));
  } else if (profile.redirectsCrossOriginDeleteAsGet && request.method === 'DELETE' && crossOrigin) {
    // Deviation(webkit): see the profile's redirectsCrossOriginDeleteAsGet.
    changes.push({ change: 'method-to-get', method: request.method });
    request.method = 'GET';
    request.body = null;
  }
  const hints = profile.clientHintsRemovedOnRedirect;
  if (hints.size > 0 && !isSameOrigin(originOf(to), pageOrigin)) {
    // Deviation(chromium): see the profile's clientHintsRemovedOnRedirect.
    const removed = request.headers.filter(([n]) => hints.has(n.toLowerCase()));
    if (removed.length > 0) {
      request.headers = request.headers.filter(([n]) => !hints.has(n.toLowerCase()));
      changes.push({ change: 'client-hints-removed', names: removed.map(([n]) => n), browser: profile.name });
    }
  }
  if (crossOrigin) request.originHeaderSent = false;
  if (crossOrigin && hasHeader(request.headers, 'Authorization')) {
    request.headers = deleteHeader(request.headers, 'Authorization');
    changes.push({ change: 'authorization-removed' });
  }
  // https://fetch.spec.whatwg.org/#concept-request-tainted-origin: leaving an origin other than the
  // request's for yet another origin makes the Origin `null` from then on.
  if (!request.tainted && crossOrigin && !isSameOrigin(pageOrigin, originOf(from))) {
    request.tainted = true;
    changes.push({ change: 'origin-tainted' });
  }
  return changes;
}

function refuse(refusal: Refusal): { readonly ok: false; readonly refusal: Refusal } {
  return { ok: false, refusal };
}

/** A redirect response's `Location`, resolved against the URL that answered it (undefined when it does not parse). */
export function resolveLocation(response: WireResponse, from: URL): string | undefined {
  const location = getHeader(response.headers, 'Location');
  if (location === null) return undefined;
  try {
    return locationURL(trimTabOrSpace(location), from).href;
  } catch {
    return undefined;
  }
}

/**
 * The [location URL](https://fetch.spec.whatwg.org/#concept-response-location-url) of `location` (trimmed) answered
 * for `from`: "if locationURL's fragment is null, then set locationURL's fragment to requestCurrentURL's fragment".
 * Throws when it does not parse.
 */
function locationURL(location: string, from: URL): URL {
  const to = new URL(location, from);
  if (!location.includes('#')) to.hash = from.hash;
  return to;
}
