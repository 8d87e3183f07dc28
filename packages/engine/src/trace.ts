/**
 * The step trace: what the engine decided and why, in order, each step linked to the spec. Events are data
 * (the facts that decided); `describeTraceEvent` in describe-trace.ts turns them into sentences when
 * someone reads them. CLIs, test matchers and the playground render it; nothing in the engine reads it back.
 */
import type { CookieStoreReport, NetErrorName } from './ports.js';
import type { CredentialsMode, RedirectMode, RequestMode, ResponseTainting } from './request.js';
import type { ResponseType } from './response-filter.js';
import type { CacheLookup } from './preflight-cache.js';
import type { HttpCacheFact } from './http-cache.js';
import { SPEC, type SpecAnchor } from './spec.js';

export type TraceKind =
  | 'request'
  | 'header-dropped'
  | 'preflight-decision'
  | 'cache'
  | 'send'
  | 'receive'
  | 'network-error'
  | 'check'
  | 'redirect'
  | 'cookies'
  | 'filter'
  | 'result';

/** What HTTP-redirect fetch changed about the request on one redirect. */
export type RedirectChange =
  | { readonly change: 'method-to-get'; readonly method: string }
  | { readonly change: 'authorization-removed' }
  | { readonly change: 'client-hints-removed'; readonly names: readonly string[]; readonly browser: string }
  | { readonly change: 'origin-tainted' };

/** The facts of one step, discriminated by `what`. */
export type TraceFacts =
  | { readonly what: 'forbidden-header-dropped'; readonly name: string }
  | { readonly what: 'no-cors-header-dropped'; readonly name: string; readonly value: string }
  | {
    readonly what: 'request-constructed'; readonly method: string; readonly url: string; readonly mode: RequestMode;
    readonly credentials: CredentialsMode; readonly redirect: RedirectMode; readonly headerNames: readonly string[];
  }
  | { readonly what: 'constructor-threw'; readonly explanation: string }
  | { readonly what: 'network-error'; readonly explanation: string }
  | { readonly what: 'cache-entries-cleared'; readonly removed: number; readonly url: string }
  | { readonly what: 'same-origin'; readonly origin: string }
  | { readonly what: 'opaque-tainting' }
  | { readonly what: 'no-preflight'; readonly method: string }
  | {
    readonly what: 'preflight-needed'; readonly method: string; readonly methodUnsafe: boolean;
    /** The CORS-unsafe request-header names, as a sorted lower-case set. */
    readonly unsafeHeaderNames: readonly string[];
    /** Set when a profile still counts the names the request had before a redirect (and only they need a preflight). */
    readonly namesBeforeRedirect?: { readonly browser: string; readonly names: readonly string[] };
    /** Set (the browser's name) when only the preflight the request needed before a redirect makes it preflight again. */
    readonly preflightedBeforeRedirect?: string;
  }
  | { readonly what: 'preflight-cache-lookup'; readonly status: CacheLookup['status']; readonly url: string; readonly browser: string }
  /** The profile does not look the cache up for this cache mode (`conditional`: a conditional header set it). */
  | { readonly what: 'preflight-cache-skipped'; readonly cacheMode: string; readonly conditional: boolean; readonly browser: string }
  | {
    readonly what: 'preflight-sent'; readonly url: string; readonly method: string;
    /** The `Access-Control-Request-Headers` value, null when the preflight has none. */
    readonly requestHeaders: string | null; readonly origin: string;
  }
  | { readonly what: 'preflight-network-error'; readonly netError: NetErrorName; readonly detail: string }
  | { readonly what: 'preflight-received'; readonly status: number }
  | { readonly what: 'preflight-rejected'; readonly explanation: string }
  | { readonly what: 'preflight-passed'; readonly methods: readonly string[]; readonly headerNames: readonly string[] }
  | { readonly what: 'authorization-by-wildcard'; readonly browser: string }
  | { readonly what: 'preflight-stored'; readonly stored: boolean; readonly maxAgeSeconds: number; readonly maxAgeHeader: string | null }
  | { readonly what: 'preflight-stored-despite-failure'; readonly browser: string; readonly maxAgeSeconds: number }
  | { readonly what: 'cookies-sent'; readonly cookie: string; readonly origin: string }
  | { readonly what: 'no-cookies'; readonly credentials: CredentialsMode; readonly crossOrigin: boolean }
  | { readonly what: 'request-sent'; readonly method: string; readonly url: string; readonly origin: string | null }
  | { readonly what: 'request-network-error'; readonly netError: NetErrorName; readonly detail: string }
  | { readonly what: 'response-received'; readonly status: number; readonly statusText: string }
  | { readonly what: 'cookies-stored'; readonly stored: number; readonly rejected: CookieStoreReport['rejected'] }
  | { readonly what: 'cors-check-failed'; readonly explanation: string }
  | { readonly what: 'cors-check-passed'; readonly allowOrigin: string | null; readonly origin: string; readonly credentials: boolean }
  | { readonly what: 'redirected'; readonly status: number; readonly to: string; readonly changes: readonly RedirectChange[] }
  | { readonly what: 'filtered'; readonly type: ResponseType; readonly headerNames: readonly string[] }
  | { readonly what: 'opaque-redirect' }
  | { readonly what: 'resolved'; readonly status: number }
  | { readonly what: 'resolved-opaque-redirect' }
  | HttpCacheFact;

export type TraceFact = TraceFacts['what'];

export interface TraceEvent {
  readonly kind: TraceKind;
  /** The algorithm or concept, in the spec's words. */
  readonly algorithm: string;
  readonly anchor: SpecAnchor;
  /** Whether this step passed, for checks. */
  readonly ok?: boolean;
  readonly facts: TraceFacts;
}

/** The kind, algorithm and usual anchor of each fact. */
const STEP_TABLE: { readonly [F in TraceFact]: readonly [TraceKind, string, SpecAnchor] } = {
  'forbidden-header-dropped': ['header-dropped', 'forbidden request-header', SPEC.forbiddenRequestHeader],
  'no-cors-header-dropped': ['header-dropped', 'no-CORS-safelisted request-header', SPEC.noCorsSafelistedRequestHeader],
  'request-constructed': ['request', 'Request constructor', SPEC.requestConstructor],
  'constructor-threw': ['result', 'Request constructor', SPEC.requestConstructor],
  'network-error': ['result', 'network error', SPEC.networkError],
  'cache-entries-cleared': ['cache', 'clear cache entries', SPEC.cacheClear],
  'same-origin': ['check', 'main fetch', SPEC.mainFetch],
  'opaque-tainting': ['check', 'main fetch', SPEC.mainFetch],
  'no-preflight': ['preflight-decision', 'main fetch', SPEC.mainFetch],
  'preflight-needed': ['preflight-decision', 'main fetch', SPEC.mainFetch],
  'preflight-cache-lookup': ['cache', 'CORS-preflight cache', SPEC.corsPreflightCache],
  'preflight-cache-skipped': ['cache', 'CORS-preflight cache', SPEC.corsPreflightCache],
  'preflight-sent': ['send', 'CORS-preflight fetch', SPEC.corsPreflightFetch],
  'preflight-network-error': ['network-error', 'CORS-preflight fetch', SPEC.corsPreflightFetch],
  'preflight-received': ['receive', 'CORS-preflight fetch', SPEC.corsPreflightFetch],
  'preflight-rejected': ['check', 'CORS-preflight fetch', SPEC.corsPreflightFetch],
  'preflight-passed': ['check', 'CORS-preflight fetch', SPEC.corsPreflightFetch],
  'authorization-by-wildcard': ['check', 'CORS non-wildcard request-header name', SPEC.corsNonWildcardRequestHeaderName],
  'preflight-stored': ['cache', 'create a new cache entry', SPEC.cacheCreateEntry],
  'preflight-stored-despite-failure': ['cache', 'create a new cache entry', SPEC.cacheCreateEntry],
  'cookies-sent': ['cookies', 'HTTP-network-or-cache fetch', SPEC.httpNetworkOrCacheFetch],
  'no-cookies': ['cookies', 'HTTP-network-or-cache fetch', SPEC.httpNetworkOrCacheFetch],
  'request-sent': ['send', 'HTTP fetch', SPEC.httpFetch],
  'request-network-error': ['network-error', 'HTTP fetch', SPEC.httpFetch],
  'response-received': ['receive', 'HTTP fetch', SPEC.httpFetch],
  'cookies-stored': ['cookies', 'HTTP-network fetch', SPEC.httpNetworkOrCacheFetch],
  'cors-check-failed': ['check', 'CORS check', SPEC.corsCheck],
  'cors-check-passed': ['check', 'CORS check', SPEC.corsCheck],
  'redirected': ['redirect', 'HTTP-redirect fetch', SPEC.httpRedirectFetch],
  'filtered': ['filter', 'filtered response', SPEC.basicFilteredResponse],
  'opaque-redirect': ['filter', 'opaque-redirect filtered response', SPEC.opaqueRedirectFilteredResponse],
  'resolved': ['result', 'fetch', SPEC.mainFetch],
  'resolved-opaque-redirect': ['result', 'fetch', SPEC.mainFetch],
  'http-cache-not-read': ['cache', 'HTTP-network-or-cache fetch', SPEC.httpNetworkOrCacheFetch],
  'http-cache-miss': ['cache', 'HTTP-network-or-cache fetch', SPEC.httpNetworkOrCacheFetch],
  'http-cache-hit': ['cache', 'HTTP-network-or-cache fetch', SPEC.httpNetworkOrCacheFetch],
  'http-cache-revalidate': ['cache', 'HTTP-network-or-cache fetch', SPEC.httpNetworkOrCacheFetch],
  'http-cache-stored': ['cache', 'HTTP-network-or-cache fetch', SPEC.httpNetworkOrCacheFetch],
  'http-cache-not-modified': ['cache', 'HTTP-network-or-cache fetch', SPEC.httpNetworkOrCacheFetch],
  'http-cache-invalidated': ['cache', 'HTTP-network-or-cache fetch', SPEC.httpNetworkOrCacheFetch],
};

/** The same table as a Map: a lookup by a hyphenated key is cheaper there than in an object of forty of them. */
const STEPS: ReadonlyMap<TraceFact, readonly [TraceKind, string, SpecAnchor]> = new Map(
  Object.entries(STEP_TABLE) as Array<[TraceFact, readonly [TraceKind, string, SpecAnchor]]>,
);

/** Collects trace events. Recording one costs an object: sentences are rendered only when read. */
export class Trace {
  readonly events: TraceEvent[] = [];
  /** Records `facts`; `ok` for checks, `anchor` where the rule that decided is not the step's usual one. */
  add(facts: TraceFacts, ok?: boolean, anchor?: SpecAnchor): void {
    const step = STEPS.get(facts.what) as readonly [TraceKind, string, SpecAnchor];
    this.events.push(ok === undefined
      ? { kind: step[0], algorithm: step[1], anchor: anchor ?? step[2], facts }
      : { kind: step[0], algorithm: step[1], anchor: anchor ?? step[2], facts, ok });
  }
}
