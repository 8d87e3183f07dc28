/**
 * The state one fetch carries through the algorithms — the Fetch Standard's
 * [fetch params](https://fetch.spec.whatwg.org/#fetch-params) with its
 * [request](https://fetch.spec.whatwg.org/#concept-request) — and the values the algorithms return.
 * Every algorithm takes the `FetchParams` explicitly; only the request's fields change as it goes.
 */
import type { Clock, CookieStore, HeaderPairs, NetErrorName, Transport, WireRequest, WireResponse } from './ports.js';
import type { FailureReason } from './reasons.js';
import type { BrowserProfile, MessageContext } from './profiles/profile.js';
import type { ConstructedRequest, CredentialsMode, RedirectMode, ResponseTainting } from './request.js';
import type { PreflightCache, PreflightCacheOrigin } from './preflight-cache.js';
import { HttpCache, type RequestCache } from './http-cache.js';
import type { FilteredResponse } from './response-filter.js';
import { corsUnsafeRequestHeaderNamesInListOrder, type LowercaseHeaderName } from './headers.js';
import { originOf, registrableDomain, serializeOrigin, siteOf, type Origin } from './origin.js';
import { Trace, type TraceEvent } from './trace.js';

/** Everything a fetch needs from outside the engine. */
export interface FetchEnvironment {
  /** The document's URL: its origin is the request's origin unless `origin` says otherwise. */
  readonly page: URL;
  /**
   * The document's origin when it is not its URL's: a sandboxed document (`<iframe sandbox>`, CSP `sandbox`) has an
   * opaque origin of its own (`opaqueOrigin()`), which serializes as `null` and is same origin only with itself.
   */
  readonly origin?: Origin | undefined;
  readonly profile: BrowserProfile;
  readonly transport: Transport;
  readonly clock: Clock;
  readonly cache: PreflightCache;
  readonly cookies?: CookieStore | undefined;
  /** The browser's HTTP cache; without one, each fetch() starts with an empty cache. */
  readonly httpCache?: HttpCache | undefined;
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
  /** Every line the browser prints to the console for this fetch, in order, word for word. */
  readonly console: readonly string[];
  /**
   * Which of `console` states why the fetch failed (the CORS line, or the loader's `Failed to load resource:
   * net::…` when that is all there is): what results record as `error.message`. Absent when none does.
   */
  readonly reasonLine?: number;
}

/** The result of one `fetch()`: the response script sees, or why it rejected. */
export type FetchOutcome =
  | (OutcomeCommon & { readonly ok: true; readonly response: FilteredResponse })
  | (OutcomeCommon & { readonly ok: false; readonly reason: FailureReason; readonly exception: string });

/** The [request](https://fetch.spec.whatwg.org/#concept-request) as the algorithms update it. */
export interface FetchRequest {
  method: string;
  headers: HeaderPairs;
  body: Uint8Array | null;
  readonly mode: ConstructedRequest['mode'];
  readonly credentials: CredentialsMode;
  readonly redirect: RedirectMode;
  /** The [URL list](https://fetch.spec.whatwg.org/#concept-request-url-list): the last entry is the current URL. */
  readonly urlList: URL[];
  tainting: ResponseTainting;
  /**
   * Whether the request's [redirect-taint](https://fetch.spec.whatwg.org/#concept-request-tainted-origin) is not
   * same-origin: its origin then serializes as `null`.
   */
  tainted: boolean;
  redirectCount: number;
  /** Whether a CORS-preflight fetch went out for this request (main fetch then clears cache entries on failure). */
  preflighted: boolean;
  /** The [cache mode](https://fetch.spec.whatwg.org/#concept-request-cache-mode). */
  readonly cache: RequestCache;
  /** Whether the current URL came from a redirect the network (not the HTTP cache) answered. */
  afterNetworkRedirect: boolean;
  /** Whether a hop of this request needed a CORS preflight (sent, or answered from the cache). */
  preflightFlag: boolean;
  /** Whether the last request on the wire carried `Origin` (cleared by a cross-origin redirect). */
  originHeaderSent: boolean;
}

export interface FetchParams {
  readonly request: FetchRequest;
  readonly env: FetchEnvironment;
  readonly trace: Trace;
  readonly wire: WireExchange[];
  readonly httpCache: HttpCache;
  readonly pageOrigin: Origin;
  readonly serializedPageOrigin: string;
  /** The document's [site](https://html.spec.whatwg.org/multipage/browsers.html#site), serialized (`null` when opaque). */
  readonly pageSite: string;
  /** The same site in parts (empty strings for an opaque document). */
  readonly pageSiteParts: SiteParts;
  /** The document's URL, serialized. */
  readonly pageHref: string;
  readonly initialUrl: string;
  /** The header list as script made it (the request's own list changes on redirects). */
  readonly scriptHeaders: HeaderPairs;
  /** The CORS-unsafe header names of the request as script made it (a profile may keep using them after redirects). */
  readonly scriptUnsafeNames: readonly LowercaseHeaderName[];
}

/** Facts about the failing response or request that some browsers' messages name. */
export interface FailureFacts {
  readonly tainting?: ResponseTainting;
  readonly status?: number;
  readonly requestOrigin?: string;
  readonly location?: string;
  readonly headerName?: string;
}

/** A [network error](https://fetch.spec.whatwg.org/#concept-network-error), with what its messages need. */
export interface NetworkError {
  readonly ok: false;
  readonly reason: FailureReason;
  readonly context: MessageContext;
}

/** What main fetch returns: the filtered response script will see, or a network error. */
export type FetchResponse =
  | {
    readonly ok: true; readonly response: FilteredResponse;
    /** The status line the response arrived with (from the network or the HTTP cache), which filtering may hide. */
    readonly received?: Pick<WireResponse, 'status' | 'statusText'>;
  }
  | NetworkError;

/** What the algorithms keep asking about the document: its origin, serialized, and its site. */
interface PageFacts {
  readonly page: URL;
  readonly href: string;
  readonly origin: Origin;
  readonly serializedOrigin: string;
  readonly site: string;
  readonly siteParts: SiteParts;
}

/** A tuple origin's site in parts: the URL protocol (`https:`) and the registrable domain, or the host without one. */
export interface SiteParts {
  readonly protocol: string;
  readonly domain: string;
}

/**
 * The document's facts, worked out once per environment (a page's site goes through the Public Suffix List) and
 * again whenever its page or origin changes. A page URL without a tuple origin gets a fresh opaque origin on every
 * fetch, as before, so nothing is kept for it.
 */
const pageFactsByEnvironment = new WeakMap<FetchEnvironment, PageFacts>();

export function pageFactsOf(env: FetchEnvironment): PageFacts {
  const known = pageFactsByEnvironment.get(env);
  if (known && known.page === env.page && known.href === env.page.href && (env.origin === undefined ? known.origin.kind === 'tuple' : known.origin === env.origin)) {
    return known;
  }
  const origin = env.origin ?? originOf(env.page);
  const siteParts = origin.kind === 'tuple' ? { protocol: `${origin.scheme}:`, domain: registrableDomain(origin.host) ?? origin.host } : { protocol: '', domain: '' };
  const facts = { page: env.page, href: env.page.href, origin, serializedOrigin: serializeOrigin(origin), site: siteOf(origin), siteParts };
  if (origin.kind === 'tuple' || env.origin !== undefined) pageFactsByEnvironment.set(env, facts);
  return facts;
}

export function createFetchParams(constructed: ConstructedRequest, env: FetchEnvironment, trace: Trace): FetchParams {
  const page = pageFactsOf(env);
  const pageOrigin = page.origin;
  return {
    request: {
      method: constructed.method, headers: constructed.headers, body: constructed.body, mode: constructed.mode,
      credentials: constructed.credentials, redirect: constructed.redirect, urlList: [constructed.url],
      tainting: 'basic', tainted: false, redirectCount: 0, preflighted: false, cache: constructed.cache, afterNetworkRedirect: false, preflightFlag: false, originHeaderSent: false,
    },
    env, trace, wire: [], httpCache: env.httpCache ?? new HttpCache(env.profile.httpCache), pageOrigin, serializedPageOrigin: page.serializedOrigin,
    pageSite: page.site, pageSiteParts: page.siteParts, pageHref: page.href, initialUrl: constructed.url.href,
    scriptHeaders: constructed.headers,
    scriptUnsafeNames: corsUnsafeNames(constructed.headers, env.profile),
  };
}

/** The CORS-unsafe request-header names of `headers` in list order, with the profile's safelist and deduplication. */
export function corsUnsafeNames(headers: HeaderPairs, profile: BrowserProfile): LowercaseHeaderName[] {
  return corsUnsafeRequestHeaderNamesInListOrder(headers, profile.extraSafelistedHeaders, profile.dedupePreflightHeaderNames);
}

/** The request's [current URL](https://fetch.spec.whatwg.org/#concept-request-current-url). */
export function currentUrl(params: FetchParams): URL {
  return params.request.urlList[params.request.urlList.length - 1] as URL;
}

/** [Serializing a request origin](https://fetch.spec.whatwg.org/#serializing-a-request-origin): `null` once tainted. */
export function serializedRequestOrigin(params: FetchParams): string {
  return params.request.tainted ? 'null' : params.serializedPageOrigin;
}

/**
 * The origin a CORS-preflight speaks for, serialized for its `Origin` header, and as the CORS-preflight cache keys
 * it: the request's serialized origin (`null` once redirect-tainted); an opaque document origin by its identity.
 * Recorded in Chromium 156 and WebKitGTK 2.50 (probe-preflight-cache-key-tainted-then-direct, …-direct-then-tainted):
 * an entry made for `null` is not reused for the page's origin, nor the reverse.
 */
export function preflightOrigin(params: FetchParams): { readonly serialized: string; readonly key: PreflightCacheOrigin } {
  // Deviation(firefox): the preflight speaks for the document's origin even after a redirect tainted the
  // request's (the actual request says `null`) — recorded: redirect-preflighted-actual-302-other-origin. Its cache
  // entry is keyed on that same origin, as Gecko keys entries on the loading principal (nsPreflightCache::GetCacheKey):
  // what the server approved was the origin the preflight named (recorded: probe-preflight-cache-key-direct-then-tainted,
  // where the page's entry serves the tainted PUT).
  if (params.request.tainted && !params.env.profile.preflightIgnoresRedirectTaint) return { serialized: 'null', key: 'null' };
  const { pageOrigin, serializedPageOrigin } = params;
  return { serialized: serializedPageOrigin, key: pageOrigin.kind === 'opaque' ? pageOrigin : serializedPageOrigin };
}

/**
 * Ends the fetch with a network error. A preflighted request that ends in one clears its preflight cache
 * entries ([CORS-preflight cache](https://fetch.spec.whatwg.org/#concept-cache-clear); not every browser does).
 */
export function networkError(params: FetchParams, reason: FailureReason, facts: FailureFacts = {},
  clearsPreflightCache = true): NetworkError {
  const { request, env, trace } = params;
  trace.add({ what: 'network-error', explanation: reason.explanation }, false);
  const url = currentUrl(params).href;
  if (clearsPreflightCache && request.preflighted && env.profile.preflightCache.clearOnNetworkError) {
    const removed = env.cache.clearFor(params.pageSite, preflightOrigin(params).key, url);
    if (removed) trace.add({ what: 'cache-entries-cleared', removed, url });
  }
  const headerName = reason.code === 'HeaderDisallowedByPreflightResponse' && reason.parameter !== undefined
    ? spellingOf(params, reason.parameter) : undefined;
  return {
    ok: false, reason,
    context: messageContext(params, url, params.initialUrl, request.method, {
      requestOrigin: serializedRequestOrigin(params), tainting: request.tainting, ...facts, ...(headerName !== undefined ? { headerName } : {}),
    }),
  };
}

/** What a profile's messages may name about a failure. */
export function messageContext(params: Pick<FetchParams, 'env' | 'serializedPageOrigin'>, url: string, initialUrl: string, method: string,
  facts: FailureFacts): MessageContext {
  return {
    url, initialUrl, origin: params.serializedPageOrigin, pageUrl: params.env.page.href,
    requestOrigin: facts.requestOrigin ?? params.serializedPageOrigin, method,
    ...(facts.status !== undefined ? { status: facts.status } : {}),
    ...(facts.location !== undefined ? { location: facts.location } : {}),
    ...(facts.headerName !== undefined ? { headerName: facts.headerName } : {}),
    ...(facts.tainting !== undefined ? { tainting: facts.tainting } : {}),
  };
}

/** A header name as the request's header list spells it (its first entry), from the lower-cased name. */
function spellingOf(params: FetchParams, lower: string): string {
  const entry = [...params.request.headers, ...params.scriptHeaders].find(([n]) => n.toLowerCase() === lower);
  return entry ? entry[0] : lower;
}
