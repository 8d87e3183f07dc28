/**
 * A browser profile: the data and message rendering by which Chromium, Firefox and WebKit differ. The
 * algorithms are shared; a profile never forks them. Where an algorithm must vary, it reads a named knob
 * below (each documented with its evidence; docs/profiles.md has the table).
 */
import type { ExtraSafelist, WireHeaderMerge } from '../headers.js';
import type { FailureReason } from '../reasons.js';
import type { HttpCachePolicy } from '../http-cache.js';
import type { WireResponse } from '../ports.js';
import type { RequestCache } from '../http-cache.js';

export type BrowserName = 'chromium' | 'firefox' | 'webkit';

/** How a browser's CORS-preflight cache behaves (see docs/profiles.md for sources). */
export interface PreflightCachePolicy {
  /**
   * Seconds an entry lives, from the `Access-Control-Max-Age` value (`null` when absent), already capped.
   * `0` or less means the preflight result is not cached.
   */
  readonly parseMaxAge: (value: string | null) => number;
  /** At most this many entries (Infinity for none). */
  readonly capacity: number;
  /** What makes room when full. */
  readonly eviction: 'random-purge' | 'lru' | 'none';
  /** URLs this long or longer are never cached (Chromium's key-length limit), or null. */
  readonly maxUrlLength: number | null;
  /** Whether a new preflight replaces the entry or merges its tokens, each with its own expiry. */
  readonly update: 'replace' | 'merge';
  /** Whether credentialed and uncredentialed entries are kept apart (else the credentials flag lives in the entry). */
  readonly credentialsInKey: boolean;
  /** Whether a failure of the actual request removes the URL's entries ([clear](https://fetch.spec.whatwg.org/#concept-cache-clear)). */
  readonly clearOnNetworkError: boolean;
  /**
   * Whether a stored entry may let a later request skip its preflight. `false` models a cache that is written
   * but whose entries are discarded at lookup: what Firefox does when its DNS-cache gate fails, as it did
   * under the host mapping the shared Firefox corpus was recorded with (docs/profiles.md §3). Every shipped
   * profile reuses entries, as browsers with ordinary DNS do.
   */
  readonly reuseEntries: boolean;
  /**
   * Whether a cached `*` in the allowed methods or headers still acts as a wildcard. Gecko's
   * `CORSCacheEntry::CheckRequest` compares cached tokens literally, so a cached `*` approves nothing and the
   * request preflights again.
   */
  readonly cachedWildcards: boolean;
  /**
   * Whether a preflight whose response passed the status, CORS and list-parsing checks is cached even when the
   * method or header check then fails (WebKit appends the entry before it checks the request against it).
   */
  readonly storeBeforeRequestChecks: boolean;
  /**
   * The cache modes (after a conditional header's rewrite, `HttpCachePolicy.conditionalRequestMode`) whose
   * requests do not look the cache up: they preflight every time. Their results are still stored.
   */
  readonly lookupSkippedFor: ReadonlySet<RequestCache>;
}

/**
 * A cookie jar's storage and sending policy, as plain data: corsim's cookie store (corsim/src/cookies.ts)
 * applies it. The engine only names it, so that a profile carries its browser's policy.
 */
export interface CookiePolicy {
  /** What a cookie without a `SameSite` attribute counts as. */
  readonly defaultSameSite: 'lax' | 'none';
  /** Refuse `SameSite=None` cookies that are not `Secure`. */
  readonly requireSecureForSameSiteNone: boolean;
  /** Refuse `Secure` cookies set by a non-secure URL. */
  readonly rejectSecureFromInsecure: boolean;
  /** Refuse every cookie set by, and send none to, a URL that is cross-site to the page. */
  readonly blockThirdParty: boolean;
  /**
   * Refuse `Set-Cookie` from a response whose host is not the page's host (even a same-site one). Sending is
   * not affected.
   */
  readonly rejectSetCookieFromOtherHosts: boolean;
  /**
   * Keep the cookies of a request that is cross-site to the page in a jar of their own, keyed by the page's
   * site (Firefox's Total Cookie Protection): a third-party response stores its cookies there and a later
   * third-party request from a page of the same site sends them, while cookies stored first-party are not sent.
   */
  readonly partitionThirdParty: boolean;
}

/** One check of a preflight response, for {@link BrowserProfile.preflightCheckOrder}. */
export type PreflightCheck =
  /** The response is not a redirect (a preflight is never redirected). */
  | 'redirect'
  /** The CORS check (`Access-Control-Allow-Origin` / `-Credentials`), with the actual request's credentials mode. */
  | 'cors'
  /** An [ok status](https://fetch.spec.whatwg.org/#ok-status). */
  | 'status'
  /** `Access-Control-Allow-Methods` parses as a list of tokens. */
  | 'parse-methods'
  /** `Access-Control-Allow-Headers` parses as a list of tokens. */
  | 'parse-headers'
  /** The method is allowed (needs `parse-methods` before it). */
  | 'method'
  /** Every CORS-unsafe header name is allowed (needs `parse-headers` before it). */
  | 'headers';

/**
 * Which `Access-Control-Allow-Origin` values the CORS check classifies as "multiple values" (rather than a
 * mismatch): a space or a comma in the combined value (Chromium), a comma in the combined value (WebKit), or
 * two or more header lines, counted before they are combined (Firefox).
 */
export type MultipleAllowOriginRule = 'space-or-comma' | 'comma' | 'header-lines';

/**
 * In which order the preflight's header check meets the CORS-unsafe request-header names, which decides the
 * name a failure reports: header-list order (Chromium), sorted lower-case order (Firefox), or the names the
 * browser's header map knows first, then the others, each group in list order (WebKit's HTTPHeaderMap keeps
 * "common" headers apart from "uncommon" ones). `known` maps each known lower-case name to its canonical spelling.
 */
export type RequestHeaderCheckOrder =
  | { readonly kind: 'list' }
  | { readonly kind: 'sorted' }
  | { readonly kind: 'known-first'; readonly known: ReadonlyMap<string, string> }
  /** The bucket order of Blink's HTTPHeaderMap holding every header name of the request (blink-header-map.ts). */
  | { readonly kind: 'blink-header-map' };

/** Which request's CORS-unsafe header names a preflight uses once the request has been redirected. */
export interface RedirectPreflightHeaderNames {
  /** To decide whether the hop needs a preflight: the request as it is now (spec), or as script made it. */
  readonly decide: 'current' | 'original';
  /** To fill `Access-Control-Request-Headers` and check `Access-Control-Allow-Headers`. */
  readonly list: 'current' | 'original';
}

/** Facts the console line needs besides the reason. */
export interface MessageContext {
  /** The URL whose response failed (the last one after redirects). */
  readonly url: string;
  /** The URL script asked for. */
  readonly initialUrl: string;
  /** The page's serialized origin. */
  readonly origin: string;
  /** The page's URL (the document's address). */
  readonly pageUrl: string;
  /** The serialized origin the failing request carried (`null` once redirect-tainted). */
  readonly requestOrigin: string;
  /** The status of the response that failed, when there was one. */
  readonly status?: number;
  /** The method of the request, for Firefox/WebKit lines that name it. */
  readonly method: string;
  /** When the failing response was a redirect: its `Location`, resolved against the URL. */
  readonly location?: string;
  /** For a header the preflight did not allow: its name as the request's header list spells it (script's first spelling). */
  readonly headerName?: string;
  /** The failing request's response tainting (absent when fetch() threw before a request existed). */
  readonly tainting?: 'basic' | 'cors' | 'opaque';
}

/**
 * `Accept-Encoding` by the kind of URL: a [potentially trustworthy](https://w3c.github.io/webappsec-secure-contexts/#potentially-trustworthy-url)
 * one (`https:`, `localhost`, a loopback address), where browsers also offer `br` and `zstd`, and any other.
 */
export interface AcceptEncoding {
  readonly trustworthy: string;
  readonly other: string;
}

/** The `Accept-Encoding` a profile sends to `url`. */
export function acceptEncodingFor(profile: Pick<BrowserProfile, 'acceptEncoding'>, url: URL): string {
  const host = url.hostname;
  const trustworthy = url.protocol === 'https:' || host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]';
  return trustworthy ? profile.acceptEncoding.trustworthy : profile.acceptEncoding.other;
}

export interface BrowserProfile {
  readonly name: BrowserName;
  /** The browser build the profile was checked against. */
  readonly version: string;
  readonly userAgent: string;
  readonly acceptLanguage: string;
  /** The `Accept-Encoding` the browser's network stack adds (a request with `Range` says `identity` instead). */
  readonly acceptEncoding: AcceptEncoding;
  /** Request-header names this browser forbids beyond the spec's list. */
  readonly extraForbiddenHeaders: ReadonlySet<string>;
  /** Request headers this browser safelists beyond the spec's list. */
  readonly extraSafelistedHeaders: ExtraSafelist;
  /** Whether `Access-Control-Allow-Headers: *` also covers `Authorization` (the spec says no). */
  readonly authorizationCoveredByWildcard: boolean;
  /** The same, when the `*` comes from a cached preflight result. */
  readonly authorizationCoveredByCachedWildcard: boolean;
  readonly maxRedirects: number;
  readonly preflightCache: PreflightCachePolicy;
  /** How the HTTP cache behaves (http-cache.ts applies it). */
  readonly httpCache: HttpCachePolicy;
  /** The cookie jar's policy (corsim's cookie store applies it). */
  readonly cookies: CookiePolicy;
  /**
   * Whether a header that script sets twice is held as one combined entry from construction on (so the
   * safelist sees `a, b` and the preflight names it once), or as separate entries, as the spec's header list
   * does (the safelist checks each value), combined only on the wire.
   */
  readonly combineDuplicateRequestHeaders: boolean;
  /**
   * How the network layer merges several entries of one name into the wire's one line (used only when
   * `combineDuplicateRequestHeaders` is false); names in neither set are joined with `, `.
   */
  readonly wireHeaderMerge: WireHeaderMerge;
  /** Whether `Access-Control-Request-Headers` lists each name once (the spec's sorted-lowercase *set*). */
  readonly dedupePreflightHeaderNames: boolean;
  /** The order in which the preflight's header check meets the unsafe names (which one a failure names). */
  readonly requestHeaderCheckOrder: RequestHeaderCheckOrder;
  /** The order of the checks on a preflight response (which reason a response with several faults reports). */
  readonly preflightCheckOrder: readonly PreflightCheck[];
  /**
   * Whether the `redirect` check of a preflight response runs whatever the request's redirect mode (`every-mode`),
   * or only in mode `follow` (`follow-mode`: in `error` and `manual` the redirect is not attempted, and the status
   * check meets it as a response that is not ok).
   */
  readonly preflightRedirectCheck: 'every-mode' | 'follow-mode';
  /**
   * Whether a preflight whose URL is same origin with the page (a redirect led back there) skips the CORS check of
   * its response (`Access-Control-Allow-Origin`, `-Credentials`), the method and header checks still made.
   */
  readonly preflightToPageOriginSkipsCorsCheck: boolean;
  /** Which `Access-Control-Allow-Origin` values count as "multiple values". */
  readonly multipleAllowOriginValues: MultipleAllowOriginRule;
  /** Whether the preflight copies a `User-Agent` that script set (else it carries the browser's own). */
  readonly preflightCopiesUserAgent: boolean;
  /**
   * Whether the preflight carries (and is checked against) the page's origin even after a redirect tainted the
   * request's origin to `null` (the actual request still says `null`).
   */
  readonly preflightIgnoresRedirectTaint: boolean;
  /**
   * With which credentials flag the CORS check of a redirect response runs: the request's credentials mode, as
   * the spec says (`include` only), or as the load decided it when it started (also `same-origin` when the first
   * URL was same-origin with the page, however far the redirects have gone since).
   */
  readonly redirectCheckCredentials: 'request' | 'load-start';
  /** Which unsafe header names a redirected request's preflight uses. */
  readonly redirectPreflightHeaderNames: RedirectPreflightHeaderNames;
  /**
   * Whether a request that needed a preflight is preflighted again after every redirect, even when the
   * redirected request is simple (a 303 turned the PUT into a GET). The spec decides afresh on each hop.
   */
  readonly preflightFlagSurvivesRedirect: boolean;
  /**
   * How a `cors`-mode redirect to a URL that is not HTTP(S) fails: as the spec's network error (the network
   * layer refuses the redirect), or as a CORS error (`CorsDisabledScheme`).
   */
  readonly nonHttpRedirect: 'network-error' | 'cors-error';
  /**
   * Whether a `DELETE` redirected to another origin goes on as a `GET` without its body (its headers kept), whatever
   * the redirect status — a network-layer rule beyond the spec's 301/302/303 rewrites.
   */
  readonly redirectsCrossOriginDeleteAsGet: boolean;
  /**
   * The request headers (lower case) a redirect removes when the new URL is not on the page's origin: the client
   * hints a default permissions policy delegates to the page's own origin only. Empty for none.
   */
  readonly clientHintsRemovedOnRedirect: ReadonlySet<string>;
  /**
   * Whether a request that carried `Origin` keeps it after a redirect within one origin even where the spec would
   * not append it (a POST turned GET in mode `no-cors`, or a same-origin GET).
   */
  readonly redirectKeepsOriginHeader: boolean;
  /**
   * Whether script reads a response's repeated header without its empty values (`` and `1` read as `1`, not `, 1`):
   * the network layer merged them so as it read the response.
   */
  readonly responseMergeSkipsEmptyValues: boolean;
  /**
   * Whether results carry `error.code` / `error.parameter` (Chromium's CorsError vocabulary). Other browsers
   * expose no such names; their results carry a code only for a `TypeError` that fetch() threw itself.
   */
  readonly reportsCorsErrorCode: boolean;
  /**
   * The failed parameter the browser itself reports for this failure (Chromium's `CorsErrorStatus.failed_parameter`),
   * or undefined where it reports none. The reason's own `parameter` always names the value the check failed on.
   */
  reportedParameter(reason: FailureReason): string | undefined;
  /** What script's `catch` receives, as `Name: message`. */
  exception(reason: FailureReason): string;
  /**
   * The console lines the browser prints for this failure, word for word (empty when it prints none); the first
   * states the reason (results record it as `error.message`).
   */
  consoleLines(reason: FailureReason, context: MessageContext): string[];
  /**
   * The lines printed after those (`lines`) for the same failure: Chromium's loader line `Failed to load resource:
   * net::ERR_FAILED`, Firefox's "CORS request did not succeed" for the request a failed preflight stopped.
   */
  failureTrailerLines(reason: FailureReason, context: MessageContext, lines: readonly string[]): string[];
  /** The lines printed for a response that script receives (an error status), word for word. */
  responseConsoleLines(response: Pick<WireResponse, 'status' | 'statusText'>): string[];
}
