/**
 * Chromium 156 (Debian build, headless), checked against recordings in real Chromium.
 * Sources: services/network/cors/{preflight_result,preflight_cache,cors_url_loader}.cc,
 * services/network/public/cpp/cors/cors.cc, third_party/blink/renderer/platform/loader/cors/cors_error_string.cc.
 */
import type { FailureCode, FailureReason, RequestErrorKind } from '../reasons.js';
import { PREFLIGHT_CODES } from '../reasons.js';
import { HTTP_CACHE_MEMORY_BOUNDS, SPEC_MODE_HEADERS } from '../http-cache.js';
import { SPEC } from '../spec.js';
import { JOIN_ALL } from '../headers.js';
import type { BrowserProfile, MessageContext } from './profile.js';

/** Chromium caps `Access-Control-Max-Age` at two hours (preflight_result.cc `kMaxTimeout`). */
export const CHROMIUM_MAX_AGE_CAP = 7200;
const DEFAULT_MAX_AGE = 5;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Chromium parses `Access-Control-Max-Age` with `base::StringToInt64`: anything but an optionally signed
 * integer that fits in an int64 (including `10, 20` from two header lines) gives the 5 s default, a negative
 * value gives 0 (not cached), and the result is capped at 7200 s. Recorded: probe-maxage-beyond-int64 (a
 * 20-digit value: preflighted again after 6 s), probe-maxage-plus-sign (`+600` is cached).
 */
export function chromiumMaxAge(value: string | null): number {
  if (value === null || !/^[+-]?\d+$/.test(value)) return DEFAULT_MAX_AGE;
  const n = BigInt(value);
  if (n < INT64_MIN || n > INT64_MAX) return DEFAULT_MAX_AGE;
  if (n <= 0n) return 0;
  return n > BigInt(CHROMIUM_MAX_AGE_CAP) ? CHROMIUM_MAX_AGE_CAP : Number(n);
}

/**
 * Chromium's number-like ABNFs for client hints (cors.cc `IsSimilarToDoubleABNF` / `IsSimilarToIntABNF`): a
 * double needs a digit on both sides of its dot (recorded: probe-safelist-dpr-trailing-dot `1.`,
 * probe-safelist-device-memory-trailing-dot `8.`, probe-safelist-downlink-leading-dot `.5` are preflighted).
 */
const isDoubleLike = (v: string): boolean => /^\d+(\.\d+)?$/.test(v);
const isIntLike = (v: string): boolean => /^\d+$/.test(v);

/**
 * Chromium's extra safelisted request headers (cors.cc `IsCorsSafelistedHeader`), with the value rules the
 * recordings confirm (spec-tests/recordings/chromium/safelist-probe-*): `DPR: 2`, `Downlink: 1.5`, `RTT: 50`,
 * `Viewport-Width: 12`, `ECT: 4g`, `Save-Data: on` and `Intervention` go out without a preflight; `DPR: abc`,
 * `Device-Memory: x`, `Width: 1.5`, `ECT: bogus` and `Save-Data: off` are preflighted. (`Sec-CH-*` hints are
 * forbidden to script by their prefix, so they never reach this list.)
 */
const EXTRA_SAFELIST = new Map<string, (value: string) => boolean>([
  ['device-memory', isDoubleLike],
  ['dpr', isDoubleLike],
  ['downlink', isDoubleLike],
  ['width', isIntLike],
  ['viewport-width', isIntLike],
  ['rtt', isIntLike],
  ['ect', (v) => ['slow-2g', '2g', '3g', '4g'].includes(v)],
  ['save-data', (v) => v.toLowerCase() === 'on'],
  ['intervention', () => true],
]);

/**
 * Codes for which Chromium's `CorsErrorStatus` carries no `failed_parameter` (cors.cc builds them without one;
 * recorded: acao-star-get-cred-include, preflight-star-origin-include, preflight-status-*,
 * method-put-acam-invalid-token, custom-one-acah-invalid-token, redirect-userinfo).
 */
const CODES_WITHOUT_FAILED_PARAMETER: ReadonlySet<FailureCode> = new Set<FailureCode>([
  'WildcardOriginNotAllowed', 'PreflightWildcardOriginNotAllowed', 'PreflightInvalidStatus',
  'InvalidAllowMethodsPreflightResponse', 'InvalidAllowHeadersPreflightResponse', 'RedirectContainsCredentials',
  // A TypeError that fetch() throws carries no CorsErrorStatus (recorded: httpcache-only-if-cached, probe-no-cors-put).
  'TypeError',
]);

/** The hint Chromium 156 appends to origin-value errors of fetch() (recorded; older builds said more). */
const VALID_VALUE_HINT = ' Have the server send the header with a valid value.';

function reasonText(reason: FailureReason): string {
  const p = reason.parameter ?? '';
  switch (reason.code) {
    case 'WildcardOriginNotAllowed':
    case 'PreflightWildcardOriginNotAllowed':
      return "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*'"
        + " when the request's credentials mode is 'include'.";
    case 'MissingAllowOriginHeader':
    case 'PreflightMissingAllowOriginHeader':
      return "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    case 'MultipleAllowOriginValues':
    case 'PreflightMultipleAllowOriginValues':
      return `The 'Access-Control-Allow-Origin' header contains multiple values '${p}', but only one is allowed.${VALID_VALUE_HINT}`;
    case 'InvalidAllowOriginValue':
    case 'PreflightInvalidAllowOriginValue':
      return `The 'Access-Control-Allow-Origin' header contains the invalid value '${p}'.${VALID_VALUE_HINT}`;
    case 'AllowOriginMismatch':
    case 'PreflightAllowOriginMismatch':
      return `The 'Access-Control-Allow-Origin' header has a value '${p}' that is not equal to the supplied origin.${VALID_VALUE_HINT}`;
    case 'InvalidAllowCredentials':
    case 'PreflightInvalidAllowCredentials':
      return `The value of the 'Access-Control-Allow-Credentials' header in the response is '${p}' which must be 'true'`
        + " when the request's credentials mode is 'include'.";
    case 'PreflightInvalidStatus':
      return 'It does not have HTTP ok status.';
    case 'PreflightDisallowedRedirect':
      return 'Redirect is not allowed for a preflight request.';
    case 'InvalidAllowMethodsPreflightResponse':
      return 'Cannot parse Access-Control-Allow-Methods response header field in preflight response.';
    case 'InvalidAllowHeadersPreflightResponse':
      return 'Cannot parse Access-Control-Allow-Headers response header field in preflight response.';
    case 'MethodDisallowedByPreflightResponse':
      return `Method ${p} is not allowed by Access-Control-Allow-Methods in preflight response.`;
    case 'HeaderDisallowedByPreflightResponse':
      return `Request header field ${p.toLowerCase()} is not allowed by Access-Control-Allow-Headers in preflight response.`;
    case 'RedirectContainsCredentials':
      // Chromium 156 leaves the location out of this message (recorded: `Redirect location ''`).
      return "Redirect location '' contains a username and password, which is disallowed for cross-origin requests.";
    case 'CorsDisabledScheme':
      return 'Cross origin requests are only supported for protocol schemes:'
        + ' chrome, chrome-extension, chrome-untrusted, data, http, https, isolated-app.';
    case 'DisallowedByMode':
      return 'Cross origin requests are not allowed by request mode.';
    case 'InvalidResponse':
      return 'The response is invalid.';
    case 'NoCorsRedirectModeNotFollow':
    case 'Network':
    case 'TypeError':
      return reason.explanation;
  }
}

/** Blink's wording of the TypeError the Request constructor throws (request.cc, fetch_manager.cc). */
function typeErrorMessage(kind: RequestErrorKind | undefined, parameter: string): string {
  switch (kind) {
    case 'invalid-url': return `Failed to parse URL from ${parameter}`;
    case 'url-has-credentials': return `Request cannot be constructed from a URL that includes credentials: ${parameter}`;
    case 'invalid-method': return `'${parameter}' is not a valid HTTP method.`;
    case 'forbidden-method': return `'${parameter}' HTTP method is unsupported.`;
    case 'method-not-allowed-in-no-cors': return `'${parameter}' is unsupported in no-cors mode.`;
    case 'body-with-get-or-head': return 'Request with GET/HEAD method cannot have body.';
    case 'mode-navigate': return "Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'.";
    case 'invalid-header-name': return 'Invalid name';
    case 'invalid-header-value': return 'Invalid value';
    case 'unsupported-scheme': return 'Failed to fetch';
    case 'invalid-init': return `The provided value '${parameter}' is not a valid enum value.`;
    // Recorded: httpcache-only-if-cached.
    case 'only-if-cached-not-same-origin': return "'only-if-cached' can be set only with 'same-origin' mode";
    case undefined: return 'Failed to fetch';
  }
}

export const chromium: BrowserProfile = {
  name: 'chromium',
  version: '156.0.8078.108',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
  acceptLanguage: 'en-US,en;q=0.9',
  // `other`: recorded: every request in the shared Chromium corpus. Chromium 156 sends `gzip, deflate` to http://app.probe.test and `gzip, deflate, br, zstd` to http://127.0.0.1
  // (content-coding.chromium.test.ts). Deviation(chromium): corsim does not offer `zstd`, which Node 20 cannot decode.
  acceptEncoding: { trustworthy: 'gzip, deflate, br', other: 'gzip, deflate' },
  // Deviation(chromium): `user-agent` is still forbidden to script (net/http/http_util.cc, crbug 571722),
  // and so is the Private Network Access request header.
  extraForbiddenHeaders: new Set(['user-agent', 'access-control-request-private-network']),
  extraSafelistedHeaders: EXTRA_SAFELIST,
  // Deviation(chromium): the feature that would stop `*` from covering Authorization is disabled by default
  // (CorsNonWildcardRequestHeadersSupport); only a DevTools issue is raised.
  authorizationCoveredByWildcard: true,
  // A cached `*` never covers Authorization: Chromium checks cached entries with non-wildcard support
  // always on (preflight_cache.cc), so such a request preflights every time.
  authorizationCoveredByCachedWildcard: false,
  maxRedirects: 20,
  preflightCache: {
    parseMaxAge: chromiumMaxAge,
    capacity: 1024,
    eviction: 'random-purge',
    maxUrlLength: 1024,
    update: 'replace',
    credentialsInKey: false,
    // Deviation(chromium): a failed actual request keeps the preflight entry (the spec clears it).
    clearOnNetworkError: false,
    reuseEntries: true,
    cachedWildcards: true,
    // Only a preflight that passed every check is cached (preflight_controller.cc).
    storeBeforeRequestChecks: false,
    // Deviation(chromium): a request whose cache mode sets the network stack's VALIDATE, BYPASS or DISABLE load
    // flag does not look the cache up (preflight_controller.cc PerformPreflightCheck, RetrieveCacheFlags) —
    // recorded: probe-preflight-cache-then-mode-*, probe-preflight-cache-then-conditional.
    lookupSkippedFor: new Set(['no-cache', 'reload', 'no-store']),
  },
  // https://fetch.spec.whatwg.org/#concept-http-network-or-cache-fetch as Chromium's network stack does it. Recorded:
  // spec-tests/recordings/chromium/httpcache-*. The cache is keyed by the network isolation key (top-frame site +
  // frame site: one site for a page's fetches) and the URL (net/http/http_cache.cc GenerateCacheKey); the credentials
  // mode is not in the key (kSplitCacheByIncludeCredentials is off by default).
  httpCache: {
    // Deviation(chromium): a conditional header makes the mode kValidateCache, not no-store
    // (FrameFetchContext::ResourceRequestCachePolicy) — recorded: httpcache-conditional-default, v2-mw-*-etag-nocache.
    conditionalRequestMode: 'no-cache',
    // LOAD_VALIDATE_CACHE → Cache-Control: max-age=0, LOAD_BYPASS_CACHE → Pragma + Cache-Control: no-cache
    // (net/http/http_network_transaction.cc; script's own values win, HttpRequestHeaders::MergeFrom).
    modeHeaders: SPEC_MODE_HEADERS,
    // Deviation(chromium): the preflight copies the request's cache load flags (preflight_controller.cc
    // RetrieveCacheFlags), so it carries the same headers — recorded: httpcache-mode-*.
    preflightModeHeaders: SPEC_MODE_HEADERS,
    credentialsInKey: false,
    heuristicFraction: 0.1,
    // Deviation(chromium): the Last-Modified heuristic applies to 200, 203 and 206 only; a 404 or 204 with
    // Last-Modified alone is stored stale (net/http/http_response_headers.cc GetFreshnessLifetimes).
    heuristicStatuses: new Set([200, 203, 206]),
    // Deviation(chromium): no heuristic under must-revalidate, and a response's Pragma: no-cache means no freshness
    // whatever Cache-Control says (GetFreshnessLifetimes, as above).
    heuristicWithMustRevalidate: false,
    pragmaNoCacheOverrides: true,
    heuristicCapSeconds: Infinity,
    // 300, 301, 308 and 410 are fresh without freshness information (HttpResponseHeaders::GetFreshnessLifetimes) —
    // recorded: httpcache-redirect-301-cross-origin, v2-redir-error-mode-same-origin-then-follow.
    implicitlyFresh: { statuses: new Set([300, 301, 308, 410]), seconds: 2 ** 31 },
    readsAfterNetworkRedirect: true,
    onlyIfCachedMiss: 'network-error',
    keepsEmptyHeaderValues: true,
    capacity: 10_000,
    ...HTTP_CACHE_MEMORY_BOUNDS,
  },
  // Lax by default and SameSite=None needs Secure (net/cookies/canonical_cookie.cc); third-party cookies allowed.
  // Recorded: cookie-other-default-cred-include, cookie-api-none-insecure-cred-include (no cookie sent).
  cookies: {
    defaultSameSite: 'lax', requireSecureForSameSiteNone: true, rejectSecureFromInsecure: true, blockThirdParty: false,
    rejectSetCookieFromOtherHosts: false, partitionThirdParty: false,
  },
  // Deviation(chromium): Blink combines a header appended twice into one `a, b` entry before the network service
  // checks the safelist (Blink AddHttpHeaderField) — recorded: safelist-accept-appended-long-allowed.
  combineDuplicateRequestHeaders: true,
  wireHeaderMerge: JOIN_ALL,
  dedupePreflightHeaderNames: true,
  // cors_util.cc CorsUnsafeNotForbiddenRequestHeaderNames walks the header list in order, and that list is in the
  // bucket order of Blink's HTTPHeaderMap (blink-header-map.ts) — recorded: hdr-order-*,
  // v2-hdr-bearer-ct-json-acah-star-include.
  requestHeaderCheckOrder: { kind: 'blink-header-map' },
  // preflight_controller.cc CheckPreflightAccess, then preflight_result.cc (ACAM parsed before ACAH).
  preflightCheckOrder: ['redirect', 'cors', 'status', 'parse-methods', 'parse-headers', 'method', 'headers'],
  preflightRedirectCheck: 'every-mode',
  preflightToPageOriginSkipsCorsCheck: false,
  // cors.cc CheckAccess: a space or a comma in the (combined) value means multiple values.
  multipleAllowOriginValues: 'space-or-comma',
  // preflight_controller.cc CreatePreflightRequest copies User-Agent; script can never set it here (forbidden above).
  preflightCopiesUserAgent: true,
  preflightIgnoresRedirectTaint: false,
  redirectCheckCredentials: 'request',
  preflightFlagSurvivesRedirect: false,
  // The network stack refuses the redirect before CORS sees it (URLRequestHttpJob::IsSafeRedirect) — recorded:
  // probe-redirect-to-data (`Failed to load resource: net::ERR_UNSAFE_REDIRECT`, code Network).
  nonHttpRedirect: 'network-error',
  redirectsCrossOriginDeleteAsGet: false,
  // Deviation(chromium): Blink's ResourceLoader::WillFollowRedirect removes the client hints the permissions policy
  // does not delegate to the new URL's origin (FindClientHintsToRemove; their default allowlist is 'self'), those
  // script set included; Save-Data, sent by default, stays — recorded: probe-redirect-client-hint-*.
  clientHintsRemovedOnRedirect: new Set(['device-memory', 'dpr', 'width', 'viewport-width', 'rtt', 'downlink', 'ect']),
  redirectKeepsOriginHeader: false,
  responseMergeSkipsEmptyValues: false,
  // cors_url_loader.cc recomputes the preflight for the redirected request as it now is (recorded: redirect-post-json-302).
  redirectPreflightHeaderNames: { decide: 'current', list: 'current' },
  reportsCorsErrorCode: true,
  reportedParameter(reason) {
    return CODES_WITHOUT_FAILED_PARAMETER.has(reason.code) || reason.parameter === '' ? undefined : reason.parameter;
  },
  exception(reason) {
    if (reason.code === 'TypeError') {
      return `TypeError: Failed to execute 'fetch' on 'Window': ${typeErrorMessage(reason.requestError, reason.parameter ?? '')}`;
    }
    return 'TypeError: Failed to fetch';
  },
  consoleLines(reason, ctx: MessageContext) {
    switch (reason.code) {
      case 'TypeError':
        return [];
      case 'Network':
        if (reason.requestError === 'unsupported-scheme') {
          return [`Fetch API cannot load ${ctx.url}. URL scheme "${new URL(ctx.url).protocol.slice(0, -1)}" is not supported.`];
        }
        // Recorded: probe-same-origin-mode-redirect-cross (the line ends with a newline, as Blink prints it).
        if (reason.anchor === SPEC.requestMode) return [`Unsafe attempt to load URL ${ctx.url} from frame with URL ${ctx.pageUrl}. Domains, protocols and ports must match.\n`];
        return [`Failed to load resource: net::${reason.netError ?? 'ERR_FAILED'}`];
      case 'DisallowedByMode':
        return [`Fetch API cannot load ${ctx.url}. Request mode is "same-origin"`
          + ` but the URL's origin is not same as the request origin ${ctx.origin}.`];
      case 'NoCorsRedirectModeNotFollow':
        return [`Fetch API cannot load ${ctx.url}. Request mode is "no-cors" but the redirect mode is not "follow".`];
      default: {
        const redirected = ctx.url !== ctx.initialUrl ? `(redirected from '${ctx.initialUrl}') ` : '';
        const infix = PREFLIGHT_CODES.has(reason.code) ? "Response to preflight request doesn't pass access control check: " : '';
        return [`Access to fetch at '${ctx.url}' ${redirected}from origin '${ctx.origin}' has been blocked by CORS policy:`
          + ` ${infix}${reasonText(reason)}`];
      }
    }
  },
  // A check the network service made prints the loader's line after the CORS one — recorded (every console line):
  // probe-console-missing-acao, probe-console-preflight-403, probe-console-404-missing-acao.
  failureTrailerLines: (_reason, _context, lines) => lines[0]?.startsWith('Access to fetch at ') ? ['Failed to load resource: net::ERR_FAILED'] : [],
  // Every error status that script receives, opaque ones included — recorded: probe-console-404-cors,
  // probe-console-404-no-cors, probe-console-500-same-origin.
  responseConsoleLines: ({ status, statusText }) => status >= 400 ? [`Failed to load resource: the server responded with a status of ${status} (${statusText})`] : [],
};
