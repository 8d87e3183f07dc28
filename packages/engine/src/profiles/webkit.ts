/**
 * WebKitGTK 2.50.6 (Debian webkit2gtk-driver), checked against the recordings in spec-tests/corpus/webkit.
 * Sources: WebKit/WebKit Source/WebCore/loader/CrossOriginAccessControl.cpp (passesAccessControlCheck,
 * validatePreflightResponse), Source/WebCore/loader/CrossOriginPreflightResultCache.cpp,
 * Source/WebCore/platform/network/HTTPHeaderMap.h and HTTPHeaderNames.in,
 * Source/WebKit/NetworkProcess/NetworkLoadChecker.cpp, Source/WebCore/loader/ThreadableLoader.cpp (logError).
 * Every difference from Chromium, with its recording, is listed in docs/profiles.md.
 */
import type { FailureReason } from '../reasons.js';
import { SPEC } from '../spec.js';
import { HTTP_CACHE_MEMORY_BOUNDS, SPEC_MODE_HEADERS } from '../http-cache.js';
import { JOIN_ALL } from '../headers.js';
import type { BrowserProfile, MessageContext } from './profile.js';

/** WebKit caps `Access-Control-Max-Age` at ten minutes (CrossOriginPreflightResultCache.cpp `maxPreflightCacheTimeout`). */
export const WEBKIT_MAX_AGE_CAP = 600;
const DEFAULT_MAX_AGE = 5;
const MAX_REDIRECTS = 20;

/**
 * WebKit parses `Access-Control-Max-Age` with `parseInteger<int64_t>`: anything but an optionally signed integer
 * (including `600, 600` from two lines) gives the 5 s default, a negative value an expiry in the past (not
 * cached; recorded: cache-maxage-negative), and the result is capped at 600 s.
 */
export function webkitMaxAge(value: string | null): number {
  if (value === null || !/^[+-]?\d+$/.test(value)) return DEFAULT_MAX_AGE;
  const n = Number(value);
  if (n <= 0) return 0;
  return Math.min(n, WEBKIT_MAX_AGE_CAP);
}

/**
 * The header names WebCore knows (HTTPHeaderNames.in, WebKit/WebKit 2014-2022 revision; the GStreamer-only ones
 * included), in their canonical spelling. HTTPHeaderMap keeps these "common" headers apart from the others and
 * iterates them first, under this spelling.
 */
const COMMON_HEADER_NAMES = ['Accept', 'Accept-Charset', 'Accept-Language', 'Accept-Encoding', 'Accept-Ranges',
  'Access-Control-Allow-Credentials', 'Access-Control-Allow-Headers', 'Access-Control-Allow-Methods', 'Access-Control-Allow-Origin',
  'Access-Control-Expose-Headers', 'Access-Control-Max-Age', 'Access-Control-Request-Headers', 'Access-Control-Request-Method',
  'Age', 'Authorization', 'Cache-Control', 'Clear-Site-Data', 'Connection', 'Content-Disposition', 'Content-Encoding',
  'Content-Language', 'Content-Length', 'Content-Location', 'Content-Security-Policy', 'Content-Security-Policy-Report-Only',
  'Content-Type', 'Content-Range', 'Cookie', 'Cookie2', 'Cross-Origin-Embedder-Policy', 'Cross-Origin-Embedder-Policy-Report-Only',
  'Cross-Origin-Opener-Policy', 'Cross-Origin-Opener-Policy-Report-Only', 'Cross-Origin-Resource-Policy', 'Date', 'DNT',
  'Default-Style', 'ETag', 'Expect', 'Expires', 'Host', 'If-Match', 'If-Modified-Since', 'If-None-Match', 'If-Range',
  'If-Unmodified-Since', 'Keep-Alive', 'Last-Event-ID', 'Last-Modified', 'Link', 'Location', 'Origin', 'Ping-From', 'Ping-To',
  'Purpose', 'Pragma', 'Proxy-Authorization', 'Range', 'Referer', 'Referrer-Policy', 'Refresh', 'Report-To', 'Reporting-Endpoints',
  'Sec-Fetch-Dest', 'Sec-Fetch-Mode', 'Sec-Fetch-Site', 'Sec-WebSocket-Accept', 'Sec-WebSocket-Extensions', 'Sec-WebSocket-Key',
  'Sec-WebSocket-Protocol', 'Sec-WebSocket-Version', 'Server-Timing', 'Service-Worker', 'Service-Worker-Allowed',
  'Service-Worker-Navigation-Preload', 'Set-Cookie', 'Set-Cookie2', 'SourceMap', 'TE', 'Timing-Allow-Origin', 'Trailer',
  'Transfer-Encoding', 'Upgrade', 'Upgrade-Insecure-Requests', 'User-Agent', 'Vary', 'Via', 'X-Content-Type-Options',
  'X-DNS-Prefetch-Control', 'X-Frame-Options', 'X-SourceMap', 'X-XSS-Protection', 'X-Temp-Tablet', 'Icy-MetaInt', 'Icy-Metadata'];

/** Lower-case name → canonical spelling. */
export const WEBKIT_COMMON_HEADER_NAMES: ReadonlyMap<string, string> = new Map(COMMON_HEADER_NAMES.map((n) => [n.toLowerCase(), n]));

/** Why a CORS check failed, in passesAccessControlCheck's words (no trailing period after the status). */
function accessControlReason(reason: FailureReason, ctx: MessageContext): string {
  switch (reason.code) {
    case 'WildcardOriginNotAllowed':
    case 'PreflightWildcardOriginNotAllowed':
      return 'Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.';
    case 'MultipleAllowOriginValues':
    case 'PreflightMultipleAllowOriginValues':
      return 'Access-Control-Allow-Origin cannot contain more than one origin.';
    case 'InvalidAllowCredentials':
    case 'PreflightInvalidAllowCredentials':
      return 'Credentials flag is true, but Access-Control-Allow-Credentials is not "true".';
    default:
      // Missing, mismatching and invalid values alike name the request's origin, not the header's value.
      return `Origin ${ctx.requestOrigin} is not allowed by Access-Control-Allow-Origin.`
        + `${ctx.status === undefined ? '' : ` Status code: ${ctx.status}`}`;
  }
}

/** The first console line: the reason, or `null` when WebKit prints no reason line. */
function reasonLine(reason: FailureReason, ctx: MessageContext): string | null {
  const p = reason.parameter ?? '';
  switch (reason.code) {
    case 'WildcardOriginNotAllowed':
    case 'MissingAllowOriginHeader':
    case 'MultipleAllowOriginValues':
    case 'InvalidAllowOriginValue':
    case 'AllowOriginMismatch':
    case 'InvalidAllowCredentials': {
      const why = accessControlReason(reason, ctx);
      // A failing redirect response is reported with its target (recorded: redirect-missing-acao-on-redirect,
      // redirect-wrong-acao-on-redirect, redirect-manual-missing-acao).
      return reason.leg === 'redirect' && ctx.location !== undefined
        ? `Cross-origin redirection to ${ctx.location} denied by Cross-Origin Resource Sharing policy: ${why}` : why;
    }
    case 'PreflightWildcardOriginNotAllowed':
    case 'PreflightMissingAllowOriginHeader':
    case 'PreflightMultipleAllowOriginValues':
    case 'PreflightInvalidAllowOriginValue':
    case 'PreflightAllowOriginMismatch':
    case 'PreflightInvalidAllowCredentials':
      return accessControlReason(reason, ctx);
    case 'PreflightInvalidStatus':
    case 'PreflightDisallowedRedirect':
      // A redirected preflight reports its 3xx the same way (recorded: preflight-status-302, redirect-of-preflight).
      return `Preflight response is not successful.${ctx.status === undefined ? '' : ` Status code: ${ctx.status}`}`;
    case 'InvalidAllowMethodsPreflightResponse':
      return `Header Access-Control-Allow-Methods has an invalid value: ${p}`;
    case 'InvalidAllowHeadersPreflightResponse':
      return `Header Access-Control-Allow-Headers has an invalid value: ${p}`;
    case 'MethodDisallowedByPreflightResponse':
      return `Method ${p} is not allowed by Access-Control-Allow-Methods.`;
    case 'HeaderDisallowedByPreflightResponse': {
      // HTTPHeaderMap spells a common header canonically and any other as script first wrote it
      // (recorded: custom-mixed-case-acah-partial `X-MiXeD-CaSe`, custom-dup-name-acah-missing `X-A`).
      const name = WEBKIT_COMMON_HEADER_NAMES.get(p.toLowerCase()) ?? ctx.headerName ?? p;
      return `Request header field ${name} is not allowed by Access-Control-Allow-Headers.`;
    }
    case 'RedirectContainsCredentials': {
      const withUserinfo = ctx.location ?? p;
      return `Cross-origin redirection to ${withoutUserinfo(withUserinfo)} denied by Cross-Origin Resource Sharing policy:`
        + ` redirection URL ${withUserinfo} has credentials`;
    }
    case 'CorsDisabledScheme':
      // Recorded: probe-redirect-to-data.
      return `Cross-origin redirection to ${ctx.location ?? p} denied by Cross-Origin Resource Sharing policy: not allowed to follow a cross-origin CORS redirection with non CORS scheme`;
    case 'NoCorsRedirectModeNotFollow':
      return 'No-Cors mode requires follow redirect mode';
    case 'Network':
      if (reason.netError === 'ERR_TOO_MANY_REDIRECTS') return `Load cannot follow more than ${MAX_REDIRECTS} redirections`;
      // Recorded: probe-redirect-mode-error.
      if (reason.anchor === SPEC.requestRedirectMode) return `Not allowed to follow a redirection while loading ${ctx.url}`;
      // Recorded: probe-same-origin-mode-redirect-cross (NetworkLoadChecker::continueCheckingRequest).
      if (reason.anchor === SPEC.requestMode) return `Unsafe attempt to load URL ${ctx.url} from origin ${ctx.origin}. Domains, protocols and ports must match.`;
      return null;
    case 'DisallowedByMode':
    case 'TypeError':
    case 'InvalidResponse':
      return null;
  }
}

function withoutUserinfo(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.href;
  } catch {
    return url;
  }
}

function consoleLines(reason: FailureReason, ctx: MessageContext): string[] {
  // Recorded: mode-same-origin-other-port. ThreadableLoader::logError's line for an error that is not an access-control one.
  if (reason.code === 'DisallowedByMode') return [`Fetch API cannot load ${ctx.url}.`];
  const first = reasonLine(reason, ctx);
  if (first === null) return [];
  // The second line is not recorded (the recordings keep only the first); its URL for a failing redirect is
  // the redirect's target, as NetworkLoadChecker makes that the error's failing URL (not verified).
  const failing = reason.leg === 'redirect' && ctx.location !== undefined ? withoutUserinfo(ctx.location) : ctx.url;
  return [first, `Fetch API cannot load ${failing} due to access control checks.`];
}

export const webkit: BrowserProfile = {
  name: 'webkit',
  version: '2.50.6',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15',
  // Recorded on every preflight (safelist-accept-lang-bad-not-allowed, safelist-accept-lang-long-allowed).
  acceptLanguage: 'en-US,en;q=0.90',
  // `other`: recorded: every request in the shared WebKit corpus. libsoup adds `br` where it is built with Brotli (not recorded here).
  acceptEncoding: { trustworthy: 'gzip, deflate, br', other: 'gzip, deflate' },
  // The spec's list only (HTTPParsers.cpp isForbiddenHeaderName has no user-agent; recorded: forbidden-user-agent).
  extraForbiddenHeaders: new Set<string>(),
  extraSafelistedHeaders: new Map(),
  // Deviation(webkit): `*` covers every header, Authorization included, with no warning —
  // CrossOriginPreflightResultCache.cpp; recorded: custom-authorization-acah-star.
  authorizationCoveredByWildcard: true,
  authorizationCoveredByCachedWildcard: true,
  maxRedirects: MAX_REDIRECTS,
  preflightCache: {
    parseMaxAge: webkitMaxAge,
    capacity: Infinity,
    eviction: 'none',
    maxUrlLength: null,
    update: 'replace',
    credentialsInKey: false,
    // Deviation(webkit): a failed actual request keeps the entry (the spec clears it).
    clearOnNetworkError: false,
    reuseEntries: true,
    cachedWildcards: true,
    // Deviation(webkit): the entry is appended before the method and header checks — recorded: multi-step-mixed
    // (step 2 DELETE sent without a preflight after step 1's PUT failed against `ACAM: DELETE`).
    storeBeforeRequestChecks: true,
    // Every cache mode looks the cache up, as the spec says — recorded: probe-preflight-cache-then-mode-*.
    lookupSkippedFor: new Set(),
  },
  // https://fetch.spec.whatwg.org/#concept-http-network-or-cache-fetch as WebKit's NetworkCache does it. Recorded:
  // spec-tests/recordings/webkit/httpcache-*. Entries are partitioned by top-level domain (NetworkCache::Key partition).
  httpCache: {
    // CachedResourceRequest::updateAccordingCacheMode: the spec's steps.
    conditionalRequestMode: 'no-store',
    modeHeaders: SPEC_MODE_HEADERS,
    // The preflight is a new request without the cache mode's headers — recorded: httpcache-mode-*.
    preflightModeHeaders: {},
    credentialsInKey: false,
    heuristicFraction: 0.1,
    heuristicStatuses: null,
    heuristicWithMustRevalidate: true,
    pragmaNoCacheOverrides: false,
    heuristicCapSeconds: Infinity,
    // CacheValidation.cpp computeFreshnessLifetimeForHTTPFamily: 301 and 410 live a year — recorded:
    // httpcache-redirect-301-cross-origin, v2-redir-error-mode-same-origin-then-follow.
    implicitlyFresh: { statuses: new Set([301, 410]), seconds: 365 * 24 * 3600 },
    // Deviation(webkit): a redirect from the network is followed by the network task, past the cache — recorded:
    // httpcache-acao-origin-then-null (the tainted request reached the server).
    readsAfterNetworkRedirect: false,
    // Deviation(webkit): only-if-cached loads from the network when nothing is stored — recorded: httpcache-only-if-cached.
    onlyIfCachedMiss: 'network',
    keepsEmptyHeaderValues: true,
    capacity: 10_000,
    ...HTTP_CACHE_MEMORY_BOUNDS,
  },
  // Deviation(webkit): WebKitGTK's defaults: no Lax-by-default, SameSite=None without Secure accepted — recorded:
  // cookie-other-default-cred-include, cookie-api-none-insecure-cred-include, cookie-other-none-insecure-cred-include.
  // libsoup's "no third party" policy refused `Set-Cookie` from api.example.test, same-site with the page but
  // another host — recorded: cookie-set-then-send, cookie-set-failed-cors (step 1 sends no cookie). The narrowest
  // rule that fits: refuse Set-Cookie from another host; sending is unaffected.
  cookies: {
    defaultSameSite: 'none', requireSecureForSameSiteNone: false, rejectSecureFromInsecure: true, blockThirdParty: false,
    rejectSetCookieFromOtherHosts: true, partitionThirdParty: false,
  },
  // Like Chromium: an appended header is one combined value (recorded: safelist-accept-appended-long-not-allowed).
  combineDuplicateRequestHeaders: true,
  wireHeaderMerge: JOIN_ALL,
  dedupePreflightHeaderNames: true,
  requestHeaderCheckOrder: { kind: 'known-first', known: WEBKIT_COMMON_HEADER_NAMES },
  // Deviation(webkit): the status is checked first — recorded: random-04, random-12, random-27 (a 500 preflight
  // without or with a wrong ACAO reports the status); CrossOriginAccessControl.cpp validatePreflightResponse.
  preflightCheckOrder: ['redirect', 'status', 'cors', 'parse-methods', 'parse-headers', 'method', 'headers'],
  preflightRedirectCheck: 'every-mode',
  preflightToPageOriginSkipsCorsCheck: false,
  // passesAccessControlCheck: a comma (two lines combine with `, `) — recorded: acao-comma-joined-get-cred-include,
  // acao-two-lines-same-get-cred-include.
  multipleAllowOriginValues: 'comma',
  // Deviation(webkit): recorded: forbidden-user-agent (the OPTIONS carries `user-agent: forged`).
  preflightCopiesUserAgent: true,
  preflightIgnoresRedirectTaint: false,
  // Deviation(webkit): WebCore SubresourceLoader::checkRedirectionCrossOriginAccessControl checks a redirect with
  // options().storedCredentialsPolicy, fixed when the load started (Use for `same-origin` from a same-origin URL),
  // the final response with `credentials == include` — recorded: v2-redir-same-cross-same-star (the cross-origin
  // 302 with a reflected ACAO and no ACAC fails), redirect-same-origin-to-cross (the final response passes).
  redirectCheckCredentials: 'load-start',
  // Deviation(webkit): NetworkLoadChecker::checkRedirection — recorded: probe-303-put-to-get (OPTIONS /end after the 303).
  preflightFlagSurvivesRedirect: true,
  // Deviation(webkit): NetworkLoadChecker::checkRedirection refuses a non-CORS scheme in cors mode, even from a
  // same-origin start — recorded: probe-redirect-to-data, probe-same-origin-redirect-to-data.
  nonHttpRedirect: 'cors-error',
  // Deviation(webkit): WebKitGTK's network layer turns a DELETE redirected to another origin into a GET without its
  // body, Content-Type kept (NetworkDataTaskSoup.cpp shouldRedirectAsGET; WinCairo's curl layer has the same rule)
  // — recorded: probe-redirect-delete-307-cross-origin, probe-redirect-delete-308-cross-origin-body, and
  // probe-redirect-delete-307-same-origin (same origin: still DELETE).
  redirectsCrossOriginDeleteAsGet: true,
  clientHintsRemovedOnRedirect: new Set(),
  // Deviation(webkit): the Origin header stays on the request through a redirect within one origin (WebKitGTK's
  // network layer clears it only on a cross-origin one: NetworkDataTaskSoup.cpp clearHTTPOrigin) — recorded:
  // probe-origin-after-post-redirect-* (the GET after a 302 or 303 keeps Origin; after a hop to another origin not).
  redirectKeepsOriginHeader: true,
  responseMergeSkipsEmptyValues: false,
  // Deviation(webkit): the preflight after a redirect is built from the original request's unsafe header names —
  // recorded: redirect-post-json-302 (OPTIONS /end with ACRH content-type, then GET /end without Content-Type).
  redirectPreflightHeaderNames: { decide: 'original', list: 'original' },
  reportsCorsErrorCode: false,
  reportedParameter: () => undefined,
  exception(reason) {
    // Recorded: httpcache-only-if-cached.
    if (reason.requestError === 'only-if-cached-not-same-origin') return 'TypeError: only-if-cached cache option requires fetch mode to be same-origin.';
    // Recorded: probe-no-cors-put (FetchRequest.cpp).
    if (reason.requestError === 'method-not-allowed-in-no-cors') return 'TypeError: Method must be GET, POST or HEAD in no-cors mode.';
    // Not recorded for the other TypeErrors that fetch() throws itself: WebKit's own wording is not modelled.
    if (reason.code === 'TypeError') return `TypeError: ${reason.explanation}`;
    return 'TypeError: Load failed';
  },
  consoleLines,
  // Every console line captured (probe-console-*): the two lines of consoleLines for a failure, none for a response
  // that resolved, whatever its status.
  failureTrailerLines: () => [],
  responseConsoleLines: () => [],
};
