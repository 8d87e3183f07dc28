/**
 * [Fetch](https://fetch.spec.whatwg.org/#fetching) as a page's `fetch()` runs it, restricted to what CORS
 * decides: [main fetch](https://fetch.spec.whatwg.org/#concept-main-fetch),
 * [HTTP fetch](https://fetch.spec.whatwg.org/#concept-http-fetch) with its CORS-preflight fetch and CORS
 * check, [HTTP-redirect fetch](https://fetch.spec.whatwg.org/#concept-http-redirect-fetch) and response
 * filtering, over the Transport, Clock and CookieStore ports. Redirects loop instead of recursing.
 */
import type { Clock, CookieStore, HeaderPairs, NetErrorName, NetworkResult, Transport, WireRequest, WireResponse } from './ports.js';
import type { FailureCode, FailureReason, Leg } from './reasons.js';
import type { BrowserProfile, MessageContext } from './profiles/profile.js';
import type { SpecAnchor } from './spec.js';
import { SPEC } from './spec.js';
import { Trace, type TraceEvent } from './trace.js';
import { constructRequest, type CredentialsMode, type FetchInit, type RedirectMode, type ResponseTainting } from './request.js';
import { isSameOrigin, isSameSite, originOf, serializeOrigin, siteOf } from './origin.js';
import { combineHeaderList, convertHeaderNamesToSortedLowercaseSet, corsUnsafeRequestHeaderNamesInListOrder, deleteHeader, getHeader, hasHeader, isRequestBodyHeaderName } from './headers.js';
import { isToken, trimTabOrSpace } from './http-syntax.js';
import { corsCheck } from './cors-check.js';
import { isRedirectResponse, makePreflightRequest, orderHeaderNamesForCheck, urlWithoutFragment, needsCorsPreflight, validatePreflightResponse, type PreflightFor } from './preflight.js';
import type { PreflightCache, PreflightCacheKey } from './preflight-cache.js';
import { filterResponse, opaqueRedirectResponse, type FilteredResponse } from './response-filter.js';

/** Everything a fetch needs from outside the engine. */
export interface FetchEnvironment {
  /** The document's URL: its origin is the request's origin. */
  readonly page: URL;
  readonly profile: BrowserProfile;
  readonly transport: Transport;
  readonly clock: Clock;
  readonly cache: PreflightCache;
  readonly cookies?: CookieStore | undefined;
}

/** One request on the network and what came back. */
export interface WireExchange {
  readonly leg: 'preflight' | 'actual';
  readonly request: WireRequest;
  readonly response?: WireResponse;
  readonly netError?: { readonly name: NetErrorName; readonly detail: string };
}

interface OutcomeCommon {
  /** The URL script passed, resolved. */
  readonly initialUrl: string;
  /** The last URL fetched. */
  readonly url: string;
  readonly trace: readonly TraceEvent[];
  readonly wire: readonly WireExchange[];
  /** What the browser prints to the console, word for word. */
  readonly console: readonly string[];
}

/** The result of one `fetch()`: the response script sees, or why it rejected. */
export type FetchOutcome =
  | (OutcomeCommon & { readonly ok: true; readonly response: FilteredResponse })
  | (OutcomeCommon & { readonly ok: false; readonly reason: FailureReason; readonly exception: string });

interface RequestState {
  method: string;
  headers: HeaderPairs;
  body: Uint8Array | null;
  readonly mode: 'same-origin' | 'no-cors' | 'cors';
  readonly credentials: CredentialsMode;
  readonly redirect: RedirectMode;
  readonly urlList: URL[];
  tainting: ResponseTainting;
  /** Whether the request's [redirect-taint](https://fetch.spec.whatwg.org/#concept-request-tainted-origin) is not same-origin: its origin then serializes as `null`. */
  tainted: boolean;
  redirectCount: number;
  preflighted: boolean;
}

const HTTP_SCHEMES = new Set(['http:', 'https:']);

/** Runs `fetch(input, init)` from a page at `env.page`. Never throws for policy or network outcomes. */
export async function corsFetch(input: string, givenInit: FetchInit | null | undefined, env: FetchEnvironment): Promise<FetchOutcome> {
  // WebIDL: a null or undefined RequestInit is an empty dictionary.
  const init: FetchInit = givenInit ?? {};
  const trace = new Trace();
  const wire: WireExchange[] = [];
  const { profile } = env;
  const pageOrigin = originOf(env.page);
  const serializedPageOrigin = serializeOrigin(pageOrigin);

  const constructed = constructRequest(input, init, {
    baseUrl: env.page, extraForbiddenHeaders: profile.extraForbiddenHeaders, combineDuplicateHeaders: profile.combineDuplicateRequestHeaders, trace,
  });
  if (!constructed.ok) {
    trace.add('result', 'Request constructor', constructed.reason.anchor, `fetch() threw before anything went out: ${constructed.reason.explanation}`, false);
    return failed(constructed.reason, input, input, String(init.method ?? 'GET'));
  }
  const r = constructed.request;
  trace.add('request', 'Request constructor', SPEC.requestConstructor,
    `${r.method} ${r.url.href}, mode ${r.mode}, credentials ${r.credentials}, redirect ${r.redirect}${r.headers.length ? `, headers ${r.headers.map(([n]) => n).join(', ')}` : ''}.`);
  const state: RequestState = {
    method: r.method, headers: r.headers, body: r.body, mode: r.mode, credentials: r.credentials, redirect: r.redirect,
    urlList: [r.url], tainting: 'basic', tainted: false, redirectCount: 0, preflighted: false,
  };
  const initialUrl = r.url.href;
  // The CORS-unsafe header names of the request as script made it (a profile may keep using them after redirects).
  const scriptUnsafeNames = corsUnsafeRequestHeaderNamesInListOrder(r.headers, profile.extraSafelistedHeaders, profile.dedupePreflightHeaderNames);

  /** Facts about the failing response or request that some browsers' messages name. */
  interface FailureFacts {
    readonly status?: number;
    readonly requestOrigin?: string;
    readonly location?: string;
    readonly headerName?: string;
  }

  function failed(reason: FailureReason, url: string, initial: string, method: string, facts: FailureFacts = {}): FetchOutcome {
    const context: MessageContext = {
      url, initialUrl: initial, origin: serializedPageOrigin, pageUrl: env.page.href,
      requestOrigin: facts.requestOrigin ?? serializedPageOrigin, method,
      ...(facts.status !== undefined ? { status: facts.status } : {}),
      ...(facts.location !== undefined ? { location: facts.location } : {}),
      ...(facts.headerName !== undefined ? { headerName: facts.headerName } : {}),
    };
    return {
      ok: false, reason, exception: profile.exception(reason), console: profile.consoleLines(reason, context),
      initialUrl: initial, url, trace: trace.events, wire,
    };
  }
  /** A header name as the request's header list spells it (its first entry), from the lower-cased name. */
  function spellingOf(lower: string): string {
    const entry = [...state.headers, ...r.headers].find(([n]) => n.toLowerCase() === lower);
    return entry ? entry[0] : lower;
  }
  function fail(code: FailureCode, leg: Leg, anchor: SpecAnchor, explanation: string, extra: Partial<FailureReason> = {}, facts: FailureFacts = {}): FetchOutcome {
    const reason: FailureReason = { code, leg, anchor, explanation, ...extra };
    trace.add('result', 'network error', SPEC.networkError, `fetch() rejects: ${explanation}`, false);
    const url = current().href;
    // https://fetch.spec.whatwg.org/#concept-main-fetch: a preflighted request that ends in a network error
    // clears its cache entries (not every browser does).
    if (state.preflighted && profile.preflightCache.clearOnNetworkError) {
      const removed = env.cache.clearFor(siteOf(pageOrigin), serializedPageOrigin, url);
      if (removed) trace.add('cache', 'clear cache entries', SPEC.cacheClear, `Removed ${removed} preflight cache entr${removed === 1 ? 'y' : 'ies'} for ${url}.`);
    }
    const headerName = code === 'HeaderDisallowedByPreflightResponse' && extra.parameter !== undefined ? spellingOf(extra.parameter) : undefined;
    return failed(reason, url, initialUrl, state.method, {
      requestOrigin: state.tainted ? 'null' : serializedPageOrigin, ...facts, ...(headerName !== undefined ? { headerName } : {}),
    });
  }
  const current = (): URL => state.urlList[state.urlList.length - 1] as URL;

  for (;;) {
    const url = current();
    if (!HTTP_SCHEMES.has(url.protocol)) {
      return fail('Network', 'request', SPEC.mainFetch, `The URL scheme '${url.protocol.slice(0, -1)}' is not supported by corsim's fetch.`,
        { netError: 'ERR_FAILED', requestError: 'unsupported-scheme' });
    }

    // Main fetch: choose the response tainting of this hop.
    if (isSameOrigin(originOf(url), pageOrigin) && state.tainting === 'basic') {
      trace.add('check', 'main fetch', SPEC.mainFetch, `${url.origin} is the page's origin: a same-origin request, no CORS at all.`, true);
    } else if (state.mode === 'same-origin') {
      return fail('DisallowedByMode', 'request', SPEC.requestMode, `The request's mode is 'same-origin' but ${url.origin} is another origin.`);
    } else if (state.mode === 'no-cors') {
      if (state.redirect !== 'follow') {
        return fail('NoCorsRedirectModeNotFollow', 'request', SPEC.mainFetch, "A no-cors request must use redirect mode 'follow'.");
      }
      state.tainting = 'opaque';
      trace.add('check', 'main fetch', SPEC.mainFetch, `Cross-origin no-cors request: the response will be opaque (status 0, no headers, no body).`, true);
    } else {
      state.tainting = 'cors';
    }

    const serializedOrigin = state.tainted ? 'null' : serializedPageOrigin;
    const credentialsFlag = state.credentials === 'include';

    // HTTP fetch: the CORS-preflight fetch, when needed and not cached.
    if (state.tainting === 'cors') {
      const currentUnsafe = corsUnsafeRequestHeaderNamesInListOrder(state.headers, profile.extraSafelistedHeaders, profile.dedupePreflightHeaderNames);
      // Deviation(firefox, webkit): after a redirect, the request's original unsafe header names still decide on a
      // preflight (and, in WebKit, still fill it), although a POST→GET rewrite dropped those headers — recorded:
      // redirect-post-json-302.
      const redirected = state.urlList.length > 1;
      const decideNames = redirected && profile.redirectPreflightHeaderNames.decide === 'original' ? scriptUnsafeNames : currentUnsafe;
      const unsafe = orderHeaderNamesForCheck(
        redirected && profile.redirectPreflightHeaderNames.list === 'original' ? scriptUnsafeNames : currentUnsafe, profile.requestHeaderCheckOrder);
      if (!needsCorsPreflight(state.method, decideNames)) {
        trace.add('preflight-decision', 'main fetch', SPEC.mainFetch,
          `No preflight: ${state.method} is a CORS-safelisted method and every header is CORS-safelisted.`, true);
      } else {
        trace.add('preflight-decision', 'main fetch', SPEC.mainFetch,
          `Preflight needed: ${[
            !needsCorsPreflight(state.method, []) ? '' : `${state.method} is not a CORS-safelisted method`,
            unsafe.length ? `CORS-unsafe request-header names: ${convertHeaderNamesToSortedLowercaseSet(unsafe).join(', ')}` : '',
            decideNames !== currentUnsafe && !needsCorsPreflight(state.method, currentUnsafe)
              ? `${profile.name} still counts the unsafe header names the request had before it was redirected (${convertHeaderNamesToSortedLowercaseSet(decideNames).join(', ')})` : '',
          ].filter(Boolean).join('; ')}.`);
        const key: PreflightCacheKey = { partition: siteOf(pageOrigin), origin: serializedPageOrigin, url: url.href, credentials: credentialsFlag };
        const query = { method: state.method, unsafeHeaderNames: unsafe, credentials: credentialsFlag };
        const cached = env.cache.lookup(key, query, env.clock.now(), profile.authorizationCoveredByCachedWildcard);
        if (cached.status === 'hit') {
          trace.add('cache', 'CORS-preflight cache', SPEC.corsPreflightCache, `Cache hit for ${url.href}: no preflight is sent.`, true);
        } else {
          trace.add('cache', 'CORS-preflight cache', SPEC.corsPreflightCache, {
            miss: `No cached preflight for ${url.href}.`,
            stale: `The cached preflight for ${url.href} expired and was removed.`,
            insufficient: `The cached preflight for ${url.href} does not cover this request; it was replaced by a new preflight.`,
            discarded: `A cached preflight for ${url.href} exists, but ${profile.name} discards it at lookup instead of reusing it (see docs/profiles.md).`,
          }[cached.status]);
          state.preflighted = true;
          // Deviation(firefox): the preflight speaks for the document's origin even after a redirect tainted the
          // request's (the actual request says `null`) — recorded: redirect-preflighted-actual-302-other-origin.
          const preflightOrigin = profile.preflightIgnoresRedirectTaint ? serializedPageOrigin : serializedOrigin;
          const input: PreflightFor = { url, method: state.method, unsafeHeaderNames: unsafe, serializedOrigin: preflightOrigin, credentials: state.credentials, referrer: env.page.href };
          const preflight = makePreflightRequest(input, profile, getHeader(state.headers, 'User-Agent'));
          trace.add('send', 'CORS-preflight fetch', SPEC.corsPreflightFetch,
            `OPTIONS ${preflight.url} with Access-Control-Request-Method: ${state.method}${unsafe.length ? `, Access-Control-Request-Headers: ${getHeader(preflight.headers, 'Access-Control-Request-Headers')}` : ''}, Origin: ${preflightOrigin}; no cookies.`);
          const sent = await send(env.transport, preflight);
          if (!sent.ok) {
            wire.push({ leg: 'preflight', request: preflight, netError: { name: sent.netError, detail: sent.detail } });
            trace.add('network-error', 'CORS-preflight fetch', SPEC.corsPreflightFetch, `The preflight failed below HTTP: net::${sent.netError} (${sent.detail}).`, false);
            return fail('Network', 'preflight', SPEC.corsPreflightFetch, `The preflight request failed: net::${sent.netError}.`, { netError: sent.netError }, { requestOrigin: preflightOrigin });
          }
          wire.push({ leg: 'preflight', request: preflight, response: sent.response });
          trace.add('receive', 'CORS-preflight fetch', SPEC.corsPreflightFetch, `Preflight answered ${sent.response.status}.`);
          const validation = validatePreflightResponse(sent.response, input, profile);
          if (!validation.ok) {
            const anchor = validation.code.startsWith('Preflight') && validation.code !== 'PreflightInvalidStatus' && validation.code !== 'PreflightDisallowedRedirect'
              ? SPEC.corsCheck : SPEC.corsPreflightFetch;
            trace.add('check', 'CORS-preflight fetch', anchor, validation.explanation, false);
            // Deviation(webkit): the approved lists are cached before the request is checked against them —
            // recorded: multi-step-mixed (step 2 served by the entry of the failed step 1); CrossOriginPreflightChecker.
            if (validation.parsed && profile.preflightCache.storeBeforeRequestChecks) {
              const storedAnyway = env.cache.store(key, validation.parsed.result, validation.parsed.maxAgeSeconds, env.clock.now());
              if (storedAnyway) {
                trace.add('cache', 'create a new cache entry', SPEC.cacheCreateEntry,
                  `${profile.name} caches what the preflight approved for ${validation.parsed.maxAgeSeconds} s although the request is not allowed.`);
              }
            }
            return fail(validation.code, 'preflight', anchor, validation.explanation, validation.parameter === '' ? {} : { parameter: validation.parameter },
              { status: sent.response.status, requestOrigin: preflightOrigin });
          }
          trace.add('check', 'CORS-preflight fetch', SPEC.corsPreflightFetch,
            `The preflight response passes: allowed methods [${validation.result.methods.join(', ')}], allowed headers [${validation.result.headerNames.join(', ')}].`, true);
          if (validation.authorizationByWildcard) {
            trace.add('check', 'CORS non-wildcard request-header name', SPEC.corsNonWildcardRequestHeaderName,
              `Authorization was approved only by '*' in Access-Control-Allow-Headers: the spec forbids that, ${profile.name} allows it (and will not reuse that approval from its cache).`);
          }
          const stored = env.cache.store(key, validation.result, validation.maxAgeSeconds, env.clock.now());
          trace.add('cache', 'create a new cache entry', SPEC.cacheCreateEntry, stored
            ? `Cached for ${validation.maxAgeSeconds} s (Access-Control-Max-Age: ${getHeader(sent.response.headers, 'Access-Control-Max-Age') ?? 'absent'}).`
            : `Not cached (Access-Control-Max-Age: ${getHeader(sent.response.headers, 'Access-Control-Max-Age') ?? 'absent'} gives ${validation.maxAgeSeconds} s).`);
        }
      }
    }

    // HTTP-network-or-cache fetch: the request as it goes on the wire.
    const includeCredentials = state.credentials === 'include' || (state.credentials === 'same-origin' && state.tainting === 'basic');
    const crossSite = state.urlList.some((u) => !isSameSite(originOf(u), pageOrigin));
    const cookieContext = { pageUrl: env.page.href, sameSite: crossSite ? 'none' as const : 'strict' as const, crossSite };
    // Separate entries of one name (profiles that keep them apart) are combined as the network layer sends them.
    const headers: HeaderPairs = profile.combineDuplicateRequestHeaders ? [...state.headers] : combineHeaderList(state.headers, profile.singletonRequestHeaders);
    if (!hasHeader(headers, 'Accept')) headers.push(['Accept', '*/*']);
    // https://fetch.spec.whatwg.org/#append-a-request-origin-header
    if (state.tainting === 'cors' || (state.method !== 'GET' && state.method !== 'HEAD')) headers.push(['Origin', serializedOrigin]);
    // https://fetch.spec.whatwg.org/#concept-http-network-or-cache-fetch: the user agent's own User-Agent only when
    // the request has none (a browser that does not forbid it to script keeps script's).
    if (!hasHeader(headers, 'User-Agent')) headers.push(['User-Agent', profile.userAgent]);
    headers.push(['Referer', env.page.href]);
    if (!hasHeader(headers, 'Accept-Language')) headers.push(['Accept-Language', profile.acceptLanguage]);
    if (includeCredentials && env.cookies) {
      const cookie = env.cookies.getCookieHeader(url.href, cookieContext);
      if (cookie !== '') headers.push(['Cookie', cookie]);
      trace.add('cookies', 'HTTP-network-or-cache fetch', SPEC.httpNetworkOrCacheFetch,
        cookie === '' ? `Credentials are included, but the jar has no cookie to send to ${url.origin}.` : `Cookies sent: ${cookie}.`);
    } else if (!includeCredentials) {
      trace.add('cookies', 'HTTP-network-or-cache fetch', SPEC.httpNetworkOrCacheFetch,
        `No cookies: credentials mode '${state.credentials}'${state.tainting !== 'basic' ? ' on a cross-origin request' : ''}.`);
    }
    const request: WireRequest = { method: state.method, url: urlWithoutFragment(url), headers, body: state.body };
    trace.add('send', 'HTTP fetch', SPEC.httpFetch, `${state.method} ${url.href}${getHeader(headers, 'Origin') !== null ? ` with Origin: ${serializedOrigin}` : ''}.`);
    const sent = await send(env.transport, request);
    if (!sent.ok) {
      wire.push({ leg: 'actual', request, netError: { name: sent.netError, detail: sent.detail } });
      trace.add('network-error', 'HTTP fetch', SPEC.httpFetch, `net::${sent.netError} (${sent.detail}).`, false);
      return fail('Network', state.urlList.length > 1 ? 'redirect' : 'actual', SPEC.httpFetch, `The request failed: net::${sent.netError}.`, { netError: sent.netError });
    }
    wire.push({ leg: 'actual', request, response: sent.response });
    const response = sent.response;
    trace.add('receive', 'HTTP fetch', SPEC.httpFetch, `Answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`);
    if (includeCredentials && env.cookies) {
      const setCookies = response.headers.filter(([n]) => n.toLowerCase() === 'set-cookie').map(([, v]) => v);
      if (setCookies.length) {
        const report = env.cookies.setCookies(url.href, setCookies, cookieContext);
        trace.add('cookies', 'HTTP-network fetch', SPEC.httpNetworkOrCacheFetch,
          `Set-Cookie: stored ${report.stored.length}${report.rejected.length ? `, rejected ${report.rejected.map((x) => `${x.cookie} (${x.why})`).join('; ')}` : ''} (before any CORS check).`);
      }
    }

    // The CORS check runs on every response of a CORS request, redirects included.
    const isRedirect = isRedirectResponse(response);
    if (state.tainting === 'cors') {
      const check = corsCheck(response.headers, serializedOrigin, state.credentials, profile.multipleAllowOriginValues);
      if (!check.ok) {
        trace.add('check', 'CORS check', SPEC.corsCheck, check.explanation, false);
        const location = isRedirect ? resolveLocation(response, url) : undefined;
        return fail(check.code, isRedirect ? 'redirect' : 'actual', SPEC.corsCheck, check.explanation,
          check.parameter === '' ? {} : { parameter: check.parameter },
          { status: response.status, requestOrigin: serializedOrigin, ...(location !== undefined ? { location } : {}) });
      }
      trace.add('check', 'CORS check', SPEC.corsCheck,
        `Access-Control-Allow-Origin: ${getHeader(response.headers, 'Access-Control-Allow-Origin')} allows ${serializedOrigin}${state.credentials === 'include' ? ' with credentials' : ''}.`, true);
    }

    if (!isRedirect) {
      const filtered = filterResponse(state.tainting, { ...response, urlList: state.urlList }, state.credentials);
      trace.add('filter', 'filtered response', filterAnchor(state.tainting),
        `Script gets a ${filtered.type} response${filtered.type === 'cors' ? ` showing ${[...new Set(filtered.headers.map(([n]) => n.toLowerCase()))].join(', ') || 'no headers'}` : ''}.`);
      trace.add('result', 'fetch', SPEC.mainFetch, `fetch() resolves with status ${filtered.status}.`, true);
      return { ok: true, response: filtered, initialUrl, url: url.href, trace: trace.events, wire, console: [] };
    }

    // Redirect handling by redirect mode (HTTP fetch), then HTTP-redirect fetch.
    if (state.redirect === 'error') {
      return fail('Network', 'redirect', SPEC.requestRedirectMode, "The response is a redirect and the request's redirect mode is 'error'.", { netError: 'ERR_FAILED' });
    }
    if (state.redirect === 'manual') {
      trace.add('filter', 'opaque-redirect filtered response', SPEC.opaqueRedirectFilteredResponse, "Redirect mode 'manual': script gets an opaqueredirect response (status 0).");
      trace.add('result', 'fetch', SPEC.mainFetch, 'fetch() resolves with an opaque-redirect response.', true);
      return { ok: true, response: opaqueRedirectResponse(url), initialUrl, url: url.href, trace: trace.events, wire, console: [] };
    }
    const followed = followRedirect(state, response, url);
    if (!followed.ok) {
      const location = resolveLocation(response, url);
      return fail(followed.code, 'redirect', SPEC.httpRedirectFetch, followed.explanation, followed.extra,
        { status: response.status, ...(location !== undefined ? { location } : {}) });
    }
    trace.add('redirect', 'HTTP-redirect fetch', SPEC.httpRedirectFetch, followed.detail);
  }

  /** The steps of HTTP-redirect fetch that decide whether and how the redirect is followed. */
  function followRedirect(s: RequestState, response: WireResponse, from: URL):
    | { ok: true; detail: string }
    | { ok: false; code: FailureCode; explanation: string; extra: Partial<FailureReason> } {
    const location = trimTabOrSpace(getHeader(response.headers, 'Location') ?? '');
    let to: URL;
    try {
      to = new URL(location, from);
    } catch {
      return { ok: false, code: 'Network', explanation: `The Location '${location}' is not a valid URL.`, extra: { netError: 'ERR_INVALID_REDIRECT' } };
    }
    if (!HTTP_SCHEMES.has(to.protocol)) {
      return s.tainting === 'cors'
        ? { ok: false, code: 'CorsDisabledScheme', explanation: `A CORS request cannot be redirected to the '${to.protocol.slice(0, -1)}' scheme.`, extra: { parameter: to.href } }
        : { ok: false, code: 'Network', explanation: `Redirect to the unsupported scheme '${to.protocol.slice(0, -1)}'.`, extra: { netError: 'ERR_UNSAFE_REDIRECT' } };
    }
    if (s.redirectCount >= profile.maxRedirects) {
      return { ok: false, code: 'Network', explanation: `More than ${profile.maxRedirects} redirects.`, extra: { netError: 'ERR_TOO_MANY_REDIRECTS' } };
    }
    s.redirectCount++;
    const hasCredentials = to.username !== '' || to.password !== '';
    if (hasCredentials && ((s.mode === 'cors' && !isSameOrigin(originOf(to), pageOrigin)) || s.tainting === 'cors')) {
      return { ok: false, code: 'RedirectContainsCredentials', explanation: `The redirect Location ${to.href} contains a username or password.`, extra: { parameter: to.href } };
    }
    const notes: string[] = [];
    if (((response.status === 301 || response.status === 302) && s.method === 'POST')
      || (response.status === 303 && s.method !== 'GET' && s.method !== 'HEAD')) {
      notes.push(`${s.method} becomes GET without a body`);
      s.method = 'GET';
      s.body = null;
      s.headers = s.headers.filter(([n]) => !isRequestBodyHeaderName(n));
    }
    if (!isSameOrigin(originOf(from), originOf(to)) && hasHeader(s.headers, 'Authorization')) {
      s.headers = deleteHeader(s.headers, 'Authorization');
      notes.push('Authorization is removed (cross-origin redirect)');
    }
    // https://fetch.spec.whatwg.org/#concept-request-tainted-origin: leaving an origin other than the
    // request's for yet another origin makes the Origin `null` from then on.
    if (!s.tainted && !isSameOrigin(originOf(to), originOf(from)) && !isSameOrigin(pageOrigin, originOf(from))) {
      s.tainted = true;
      notes.push("the request's origin is now tainted and serializes as 'null'");
    }
    s.urlList.push(to);
    return { ok: true, detail: `${response.status} to ${to.href}${notes.length ? `: ${notes.join('; ')}` : ''}.` };
  }
}

/** A redirect response's `Location`, resolved against the URL that answered it (undefined when it does not parse). */
function resolveLocation(response: WireResponse, from: URL): string | undefined {
  const location = getHeader(response.headers, 'Location');
  if (location === null) return undefined;
  try {
    return new URL(trimTabOrSpace(location), from).href;
  } catch {
    return undefined;
  }
}

function filterAnchor(tainting: ResponseTainting): SpecAnchor {
  return tainting === 'basic' ? SPEC.basicFilteredResponse : tainting === 'cors' ? SPEC.corsFilteredResponse : SPEC.opaqueFilteredResponse;
}

/** Sends through the transport; a transport that throws counts as `ERR_FAILED`. Response header values are trimmed as an HTTP parser would. */
async function send(transport: Transport, request: WireRequest): Promise<NetworkResult> {
  try {
    const result: unknown = await transport.send(request);
    if (typeof result !== 'object' || result === null || !('ok' in result)) {
      return { ok: false, netError: 'ERR_FAILED', detail: 'the transport answered something that is not a NetworkResult' };
    }
    const answer = result as NetworkResult;
    if (!answer.ok) {
      const name = typeof answer.netError === 'string' && /^ERR_[A-Z_]+$/.test(answer.netError) ? answer.netError : 'ERR_FAILED';
      return { ok: false, netError: name, detail: typeof answer.detail === 'string' ? answer.detail : String(answer.detail) };
    }
    const r = answer.response;
    if (!Number.isInteger(r.status) || r.status < 100 || r.status > 999) {
      return { ok: false, netError: 'ERR_INVALID_HTTP_RESPONSE', detail: `status ${String(r.status)} is not a valid HTTP status` };
    }
    // What a browser's HTTP parser refuses never reaches the CORS checks: header names must be tokens and
    // values bytes without NUL, CR or LF.
    if (!Array.isArray(r.headers) || !r.headers.every((h) => Array.isArray(h) && typeof h[0] === 'string' && typeof h[1] === 'string'
      && isToken(h[0]) && !/[\0\r\n]|[^\x00-\xff]/.test(h[1]))) {
      return { ok: false, netError: 'ERR_INVALID_HTTP_RESPONSE', detail: 'a response header is not a valid HTTP header' };
    }
    if (!(r.body instanceof Uint8Array)) {
      return { ok: false, netError: 'ERR_INVALID_HTTP_RESPONSE', detail: 'the response body is not bytes' };
    }
    return { ok: true, response: { ...r, statusText: typeof r.statusText === 'string' ? r.statusText : '', headers: r.headers.map(([n, v]) => [n, trimTabOrSpace(v)]) } };
  } catch (error) {
    return { ok: false, netError: 'ERR_FAILED', detail: describe(error) };
  }
}

/** A one-line description of anything a transport threw, even what String() cannot convert. */
function describe(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'the transport failed with a value that cannot be described';
  }
}
