/**
 * Firefox ESR 153.7.0 (headless), checked against the recordings in spec-tests/corpus/firefox.
 * Sources: mozilla/gecko-dev netwerk/protocol/http/nsCORSListenerProxy.cpp (CheckRequestApproved,
 * nsCORSPreflightListener::CheckPreflightRequestApproved, AddResultToCache, CORSCacheEntry::CheckDNSCache),
 * netwerk/protocol/http/nsHttpHeaderArray.h, dom/locales/en-US/chrome/security/security.properties.
 * Every difference from Chromium, with its recording, is listed in docs/profiles.md.
 */
import type { FailureReason } from '../reasons.js';
import { isToken, trimTabOrSpace } from '../http-syntax.js';
import { HTTP_CACHE_MEMORY_BOUNDS, SPEC_MODE_HEADERS } from '../http-cache.js';
import { SPEC } from '../spec.js';
import type { BrowserProfile, MessageContext } from './profile.js';

/** Gecko caps `Access-Control-Max-Age` at a day (AddResultToCache). */
export const FIREFOX_MAX_AGE_CAP = 86400;
const DEFAULT_MAX_AGE = 5;

/**
 * Gecko parses `Access-Control-Max-Age` digit by digit (AddResultToCache): absent or empty gives the 5 s default;
 * any character other than `0-9` (a sign, a space, `600, 600` from two lines) means "do not cache"; the value is
 * capped at 86400 s; `0` is not cached.
 */
export function firefoxMaxAge(value: string | null): number {
  if (value === null || value === '') return DEFAULT_MAX_AGE;
  if (!/^\d+$/.test(value)) return 0;
  return Math.min(Number(value), FIREFOX_MAX_AGE_CAP);
}

/** Request headers of which Necko keeps only one value (nsHttpHeaderArray::IsSingletonHeader), lower case. */
const SINGLETON_REQUEST_HEADERS = new Set(['content-type', 'content-disposition', 'content-length', 'user-agent', 'referer', 'host',
  'authorization', 'proxy-authorization', 'if-modified-since', 'if-unmodified-since', 'from', 'location', 'max-forwards', 'sec-gpc',
  'strict-transport-security']);

/** The first item of an allow list that is not a token, as Gecko names it (CORSInvalidAllowMethod / -Header). */
function firstInvalidToken(value: string): string {
  for (const raw of value.split(',')) {
    const item = trimTabOrSpace(raw);
    if (item !== '' && !isToken(item)) return item;
  }
  return value;
}

/** security.properties: every blocking message names the channel's URL and a reason. */
function blocked(url: string, reason: string, status?: string): string {
  return `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${url}. (Reason: ${reason}).`
    + `${status === undefined ? '' : ` Status code: ${status}.`}`;
}

function consoleLines(reason: FailureReason, ctx: MessageContext): string[] {
  const p = reason.parameter ?? '';
  const status = ctx.status === undefined ? '(null)' : String(ctx.status);
  switch (reason.code) {
    case 'TypeError':
    case 'NoCorsRedirectModeNotFollow':
      // Recorded: redirect-mode-error-no-cors, redirect-mode-manual-no-cors print nothing.
      return [];
    case 'DisallowedByMode':
      // Recorded: mode-same-origin-other-port.
      return [`Security Error: Content at ${ctx.pageUrl} may not load data from ${ctx.url}.`];
    case 'WildcardOriginNotAllowed':
    case 'PreflightWildcardOriginNotAllowed':
      // CORSNotSupportingCredentials is the one key that quotes the URL.
      return [`Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘${ctx.url}’.`
        + ' (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).'];
    case 'MissingAllowOriginHeader':
    case 'PreflightMissingAllowOriginHeader':
      return [blocked(ctx.url, 'CORS header ‘Access-Control-Allow-Origin’ missing', status)];
    case 'MultipleAllowOriginValues':
    case 'PreflightMultipleAllowOriginValues':
      return [blocked(ctx.url, 'Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed')];
    case 'InvalidAllowOriginValue':
    case 'PreflightInvalidAllowOriginValue':
    case 'AllowOriginMismatch':
    case 'PreflightAllowOriginMismatch':
      return [blocked(ctx.url, `CORS header ‘Access-Control-Allow-Origin’ does not match ‘${p}’`)];
    case 'InvalidAllowCredentials':
    case 'PreflightInvalidAllowCredentials':
      return [blocked(ctx.url, 'expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’')];
    case 'PreflightInvalidStatus':
      return [blocked(ctx.url, 'CORS preflight response did not succeed', status)];
    case 'PreflightDisallowedRedirect':
      return [blocked(ctx.url, 'CORS request external redirect not allowed')];
    case 'InvalidAllowMethodsPreflightResponse':
      return [blocked(ctx.url, `invalid token ‘${firstInvalidToken(p)}’ in CORS header ‘Access-Control-Allow-Methods’`)];
    case 'InvalidAllowHeadersPreflightResponse':
      return [blocked(ctx.url, `invalid token ‘${firstInvalidToken(p)}’ in CORS header ‘Access-Control-Allow-Headers’`)];
    case 'MethodDisallowedByPreflightResponse':
      return [blocked(ctx.url, 'Did not find method in CORS header ‘Access-Control-Allow-Methods’')];
    case 'HeaderDisallowedByPreflightResponse':
      return [blocked(ctx.url,
        `header ‘${p.toLowerCase()}’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response`)];
    case 'CorsDisabledScheme':
      // Not recorded: CORSRequestNotHttp (security.properties).
      return [blocked(ctx.url, 'CORS request not http')];
    case 'Network':
      // The same-origin check on a redirect reads as the first URL's does — recorded: probe-same-origin-mode-redirect-cross.
      if (reason.anchor === SPEC.requestMode) return [`Security Error: Content at ${ctx.pageUrl} may not load data from ${ctx.url}.`];
      // Redirect mode "error" prints nothing — recorded: probe-redirect-mode-error.
      if (reason.anchor === SPEC.requestRedirectMode) return [];
      // An only-if-cached miss prints nothing (recorded: httpcache-only-if-cached).
      if (reason.netError === 'ERR_CACHE_MISS') return [];
      // Only a CORS channel's listener logs "did not succeed": not a scheme fetch() does not support (not recorded),
      // nor a same-origin request (recorded: probe-same-origin-redirect-to-data prints nothing).
      if (reason.requestError === 'unsupported-scheme' || ctx.tainting !== 'cors') return [];
      // Recorded: redirect-loop, probe-redirect-to-data. CheckRequestApproved passes no status: `Status code: (null).`
      return [blocked(ctx.url, 'CORS request did not succeed', '(null)')];
    case 'RedirectContainsCredentials':
    case 'InvalidResponse':
      // Recorded: redirect-userinfo (UpdateChannel fails with NS_ERROR_DOM_BAD_URI, logged as CORSDidNotSucceed2).
      return [blocked(ctx.url, 'CORS request did not succeed', '(null)')];
  }
}

export const firefox: BrowserProfile = {
  name: 'firefox',
  version: '153.7.0',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0',
  acceptLanguage: 'en-US,en;q=0.9',
  // `other`: recorded: every request in the shared Firefox corpus. Firefox's network.http.accept-encoding.secure is `gzip, deflate, br, zstd` (not recorded here).
  // Deviation(firefox): corsim does not offer `zstd`, which Node 20 cannot decode.
  acceptEncoding: { trustworthy: 'gzip, deflate, br', other: 'gzip, deflate' },
  // The spec's list only: `user-agent` may be set by script (recorded: forbidden-user-agent).
  extraForbiddenHeaders: new Set<string>(),
  extraSafelistedHeaders: new Map(),
  // Deviation(firefox): pref network.cors_preflight.authorization_covered_by_wildcard defaults to true (a
  // deprecation warning only) — nsCORSListenerProxy.cpp; recorded: custom-authorization-acah-star.
  authorizationCoveredByWildcard: true,
  // A cached `*` is not a wildcard at all in CORSCacheEntry::CheckRequest.
  authorizationCoveredByCachedWildcard: false,
  // Necko's network.http.redirection-limit (recorded: redirect-loop, 21 requests).
  maxRedirects: 20,
  preflightCache: {
    // From the source (AddResultToCache).
    parseMaxAge: firefoxMaxAge,
    capacity: 100,
    eviction: 'lru',
    maxUrlLength: null,
    update: 'merge',
    credentialsInKey: true,
    clearOnNetworkError: true,
    // Entries are reused once Gecko's DNS-cache gate (CORSCacheEntry::CheckDNSCache) passes, as it does with
    // ordinary name resolution (/etc/hosts, network.dns.localDomains, a proxy). The shared corpus, re-recorded with
    // network.dns.localDomains, agrees on every cache step (under network.dns.forceResolve the gate failed and every
    // request was preflighted again). Evidence: corsim/src/record/firefox-cache.test.ts, docs/profiles.md §3.
    reuseEntries: true,
    // Deviation(firefox): a cached `*` approves nothing (CheckRequest compares tokens literally) — recorded with
    // ordinary DNS: cache-method-star step 1 is preflighted again (docs/profiles.md §3).
    cachedWildcards: false,
    storeBeforeRequestChecks: false,
    // Deviation(firefox): a request with LOAD_BYPASS_CACHE (reload, no-store) does not look the cache up
    // (nsCORSListenerProxy.cpp, bug 1416643); no-cache (VALIDATE_ALWAYS) does — recorded:
    // probe-preflight-cache-then-mode-*, probe-preflight-cache-then-conditional.
    lookupSkippedFor: new Set(['reload', 'no-store']),
  },
  // https://fetch.spec.whatwg.org/#concept-http-network-or-cache-fetch as Necko does it. Recorded:
  // spec-tests/recordings/firefox/httpcache-*. Entries are partitioned by top-level site (network partitioning,
  // privacy.partition.network_state) and an anonymous load has its own storage (LoadContextInfo's anonymous flag
  // is part of the cache key) — recorded: httpcache-credentials-split.
  httpCache: {
    conditionalRequestMode: 'no-store',
    // nsHttpChannel: LOAD_BYPASS_CACHE adds Pragma + Cache-Control: no-cache, VALIDATE_ALWAYS Cache-Control: max-age=0.
    modeHeaders: SPEC_MODE_HEADERS,
    // Deviation(firefox): the preflight channel copies the request channel's load flags (nsCORSListenerProxy) —
    // recorded: httpcache-mode-*, httpcache-conditional-default, v2-mw-*-etag-nocache.
    preflightModeHeaders: SPEC_MODE_HEADERS,
    credentialsInKey: true,
    heuristicFraction: 0.1,
    // nsHttpResponseHead::ComputeFreshnessLifetime bounds the Last-Modified heuristic by a week.
    heuristicStatuses: null,
    heuristicWithMustRevalidate: true,
    pragmaNoCacheOverrides: false,
    heuristicCapSeconds: 7 * 24 * 3600,
    // Deviation(firefox): a stored 301 without freshness information is not reused — recorded:
    // httpcache-redirect-301-cross-origin, v2-redir-error-mode-same-origin-then-follow.
    implicitlyFresh: { statuses: new Set<number>(), seconds: 0 },
    readsAfterNetworkRedirect: true,
    onlyIfCachedMiss: 'network-error',
    // Deviation(firefox): a header with an empty value does not come back from the cache — recorded:
    // httpcache-nocors-then-cors ("missing" for a stored `Access-Control-Allow-Origin: `, "does not match ‘’" for the
    // same header from the network in acao-empty-value-get-cred-same-origin).
    keepsEmptyHeaderValues: false,
    capacity: 10_000,
    ...HTTP_CACHE_MEMORY_BOUNDS,
  },
  // Deviation(firefox): Total Cookie Protection (network.cookie.cookieBehavior 5, the default): a request cross-site
  // to the page reads and writes a jar partitioned by the page's site, and a cookie without SameSite is not Lax
  // (network.cookie.sameSite.laxByDefault is false). Recorded: v2-cookie-set-other-default (a cookie other.test set
  // in a fetch from the page is sent by the next fetch), cookie-other-default-cred-include (a cookie other.test set
  // first-party is not); cookie-api-none-insecure-cred-include (SameSite=None without Secure refused).
  cookies: {
    defaultSameSite: 'none', requireSecureForSameSiteNone: true, rejectSecureFromInsecure: true, blockThirdParty: false,
    rejectSetCookieFromOtherHosts: false, partitionThirdParty: true,
  },
  // The spec's header list: appended values stay separate entries, and the safelist checks each one —
  // recorded: safelist-accept-appended-long-allowed, safelist-accept-appended-long-not-allowed, safelist-ct-appended-twice-allowed.
  combineDuplicateRequestHeaders: false,
  // Deviation(firefox): on the wire Gecko's nsHttpHeaderArray keeps one value of a singleton, the last (recorded:
  // probe-wire-two-authorization sends `b`, rnd-w3-147 the last Content-Type of a GET), but a body's upload carries
  // the first Content-Type (probe-wire-two-content-types, -reversed), and after a 308 the last again (rnd-m6-067);
  // merging with an empty value keeps the later value alone (probe-wire-empty-values-merged: `` then `2` sends `2`,
  // `1` then `` sends ``).
  wireHeaderMerge: { lastValueOnly: SINGLETON_REQUEST_HEADERS, uploadKeepsFirstContentType: true, emptyValueReplaces: true },
  // Deviation(firefox): `x-a,x-a` — recorded: custom-dup-name-acah-missing, -partial, -reflect.
  dedupePreflightHeaderNames: false,
  // Deviation(firefox): the preflight header list is sorted before it is checked — recorded: custom-custom-and-ct-json-acah-missing.
  requestHeaderCheckOrder: { kind: 'sorted' },
  // CheckRequestApproved (ACAO/ACAC) on the preflight channel, then CheckPreflightRequestApproved: status, then
  // ACAM parsed and checked item by item, then ACAH. Recorded: random-04 (500 without ACAO reports the ACAO).
  // Deviation(firefox): nsCORSListenerProxy::AsyncOnChannelRedirect runs CheckRequestApproved on the redirect
  // response before the preflight listener refuses the redirect — recorded: v2-redir-preflight-302-to-login-include
  // (a 302 without ACAO reports the missing ACAO with `Status code: 302`), redirect-of-preflight (with ACAO: the redirect).
  preflightCheckOrder: ['cors', 'redirect', 'status', 'parse-methods', 'method', 'parse-headers', 'headers'],
  // Deviation(firefox): a request in redirect mode error or manual does not try to follow its preflight's
  // redirect, so a 3xx preflight is reported as a status that is not ok — recorded: probe-preflight-redirect-mode-*.
  preflightRedirectCheck: 'follow-mode',
  // Deviation(firefox): the preflight's own CORS listener has not been cross-site when its URL is the page's origin
  // (nsCORSListenerProxy mHasBeenCrossSite), so only the method and header checks apply — recorded:
  // probe-redirect-client-hint-width-to-page (a missing ACAO, reported as the header not allowed).
  preflightToPageOriginSkipsCorsCheck: true,
  // Deviation(firefox): lines are counted before they are combined — recorded: acao-two-lines-star-exact-get-cred-same-origin
  // (two lines) vs acao-comma-star-get-cred-include (one `*, origin` line, a mismatch).
  multipleAllowOriginValues: 'header-lines',
  // The preflight carries Firefox's own User-Agent (recorded: forbidden-user-agent).
  preflightCopiesUserAgent: false,
  // Deviation(firefox): recorded: redirect-preflighted-actual-302-other-origin (OPTIONS with the page's origin, PUT with `null`).
  preflightIgnoresRedirectTaint: true,
  redirectCheckCredentials: 'request',
  // Deviation(firefox): recorded: probe-303-put-to-get (OPTIONS /end with ACRM GET after the 303).
  preflightFlagSurvivesRedirect: true,
  // Recorded: probe-redirect-to-data ("CORS request did not succeed", as for any failed CORS channel).
  nonHttpRedirect: 'network-error',
  redirectsCrossOriginDeleteAsGet: false,
  clientHintsRemovedOnRedirect: new Set(),
  redirectKeepsOriginHeader: false,
  // Deviation(firefox): Necko merges a response's repeated headers as it reads them and skips empty values
  // (nsHttpHeaderArray::MergeHeader) — recorded: probe-response-empty-values-merged (`1, 2` for 1, empty, 2), rnd-w4-029.
  responseMergeSkipsEmptyValues: true,
  // Deviation(firefox): CheckPreflightNeeded still sees the loadInfo's CorsUnsafeHeaders after a POST→GET
  // rewrite, while the preflight drops the body headers — recorded: redirect-post-json-302 (OPTIONS with no ACRH).
  redirectPreflightHeaderNames: { decide: 'original', list: 'current' },
  reportsCorsErrorCode: false,
  reportedParameter: () => undefined,
  exception(reason) {
    if (reason.requestError === 'only-if-cached-not-same-origin') {
      // Recorded: httpcache-only-if-cached.
      return `TypeError: Window.fetch: Request mode '${reason.parameter ?? ''}' was used, but request cache mode 'only-if-cached' can only be used with request mode 'same-origin'.`;
    }
    // Recorded: probe-no-cors-put (dom/fetch Request.cpp, the binding prefixes `Window.fetch: `).
    if (reason.requestError === 'method-not-allowed-in-no-cors') return `TypeError: Window.fetch: Invalid request method ${reason.parameter ?? ''}.`;
    // Not recorded for the other TypeErrors that fetch() throws itself: Gecko's own wording is not modelled.
    if (reason.code === 'TypeError') return `TypeError: ${reason.explanation}`;
    return 'TypeError: NetworkError when attempting to fetch resource.';
  },
  consoleLines,
  // Firefox logs HTTP error statuses in the network monitor, not the console (not recorded).
  // The actual request a failed preflight stopped is logged too — every console line captured:
  // probe-console-preflight-403 (the reason, then "CORS request did not succeed … (null)"); one line otherwise
  // (probe-console-missing-acao, probe-console-404-missing-acao).
  failureTrailerLines: (reason, ctx, lines) => reason.leg === 'preflight' && lines.length > 0 ? [blocked(ctx.url, 'CORS request did not succeed', '(null)')] : [],
  responseConsoleLines: () => [],
};
