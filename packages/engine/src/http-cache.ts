/**
 * The browser's HTTP cache, where [HTTP-network-or-cache fetch](https://fetch.spec.whatwg.org/#concept-http-network-or-cache-fetch)
 * consults it: the request's [cache mode](https://fetch.spec.whatwg.org/#concept-request-cache-mode), the headers
 * each mode adds, the lookup of a stored response (partitioned by top-level site, matched by `Vary`), freshness,
 * revalidation with the stored validators and the `304` merge, and storing what the network answered. RFC 9111's
 * rules come from http-cache-semantics (a private cache); what differs between browsers is profile data
 * ({@link HttpCachePolicy}). Storage is a port ({@link HttpCacheStore}); time is the engine's clock, passed in.
 */
import CachePolicy from 'http-cache-semantics';
import type { HeaderPairs, WireResponse } from './ports.js';
import { getHeader, hasHeader } from './headers.js';
import { fetchSpec, type SpecAnchor } from './spec.js';

/** [RequestCache](https://fetch.spec.whatwg.org/#requestcache). */
export type RequestCache = 'default' | 'no-store' | 'reload' | 'no-cache' | 'force-cache' | 'only-if-cached';
export const REQUEST_CACHE_MODES: readonly RequestCache[] = ['default', 'no-store', 'reload', 'no-cache', 'force-cache', 'only-if-cached'];
export const CACHE_MODE_ANCHOR: SpecAnchor = fetchSpec('concept-request-cache-mode');

/**
 * The headers HTTP-network-or-cache fetch appends for a mode when the request lacks them: `Cache-Control: max-age=0`
 * for no-cache; `Pragma: no-cache` and `Cache-Control: no-cache` for no-store and reload.
 */
export const SPEC_MODE_HEADERS: Readonly<Partial<Record<RequestCache, HeaderPairs>>> = {
  'no-cache': [['Cache-Control', 'max-age=0']],
  'no-store': [['Pragma', 'no-cache'], ['Cache-Control', 'no-cache']],
  reload: [['Pragma', 'no-cache'], ['Cache-Control', 'no-cache']],
};

/** How one browser's HTTP cache behaves, as data (docs/profiles.md has the sources). */
export interface HttpCachePolicy {
  /**
   * The mode a `default` request gets when script set `If-Modified-Since`, `If-None-Match`, `If-Unmodified-Since`,
   * `If-Match` or `If-Range`: `no-store` in the spec; a browser may map it to another. Such a request never reads
   * or writes the cache (script validates on its own).
   */
  readonly conditionalRequestMode: RequestCache;
  /** Headers the network layer adds to the request for its effective mode, each only when the request lacks it. */
  readonly modeHeaders: Readonly<Partial<Record<RequestCache, HeaderPairs>>>;
  /** The same for the request's CORS preflight (which the HTTP cache never answers). */
  readonly preflightModeHeaders: Readonly<Partial<Record<RequestCache, HeaderPairs>>>;
  /** Whether credentialed and uncredentialed loads keep separate entries. */
  readonly credentialsInKey: boolean;
  /** The share of (`Date` − `Last-Modified`) a response without explicit freshness stays fresh. */
  readonly heuristicFraction: number;
  /**
   * The statuses the `Last-Modified` heuristic applies to; null: every status RFC 9111 §4.2.2 allows (those
   * cacheable by default). Any other status without explicit freshness is stored stale.
   */
  readonly heuristicStatuses: ReadonlySet<number> | null;
  /** Whether a response with `Cache-Control: must-revalidate` may still get heuristic freshness. */
  readonly heuristicWithMustRevalidate: boolean;
  /** Whether a response's `Pragma: no-cache` makes it stale even when `Cache-Control` gives it freshness. */
  readonly pragmaNoCacheOverrides: boolean;
  /** The longest heuristic freshness, seconds (Infinity for no bound). */
  readonly heuristicCapSeconds: number;
  /** Statuses fresh without any freshness information (permanent redirects, `410`), and for how long, seconds. */
  readonly implicitlyFresh: { readonly statuses: ReadonlySet<number>; readonly seconds: number };
  /**
   * Whether the cache answers the target of a redirect that came from the network (else the network layer follows
   * such a redirect itself and only the first URL, or the target of a stored redirect, is looked up).
   */
  readonly readsAfterNetworkRedirect: boolean;
  /** What `only-if-cached` does when nothing matches: the spec's network error, or a load from the network. */
  readonly onlyIfCachedMiss: 'network-error' | 'network';
  /** Whether a stored response keeps headers whose value is empty. */
  readonly keepsEmptyHeaderValues: boolean;
  /** At most this many entries; the least recently used makes room. */
  readonly capacity: number;
  /** A response larger than this (body and headers, bytes) is not stored. */
  readonly maxEntryBytes: number;
  /** The entries together stay under this many bytes; the least recently used make room. */
  readonly maxTotalBytes: number;
}

/**
 * Memory bounds for the simulator's in-memory cache, the same in every profile: browsers' own limits are larger and
 * depend on disk size (Firefox keeps no entry over `browser.cache.disk.max_entry_size`, 50 MiB; Chromium's disk cache
 * none over an eighth of its size). A response over the entry bound is loaded but not stored, as in those browsers.
 */
export const HTTP_CACHE_MEMORY_BOUNDS = { maxEntryBytes: 5 * 1024 * 1024, maxTotalBytes: 64 * 1024 * 1024 } as const;

/** What an entry costs the store: its body and the header bytes it keeps. */
export function storedResponseBytes(entry: StoredResponse): number {
  let bytes = entry.response.body.byteLength + entry.url.length;
  for (const [name, value] of entry.response.headers) bytes += name.length + value.length;
  for (const [name, value] of entry.requestHeaders) bytes += name.length + value.length;
  return bytes;
}

/** One stored response, as plain data (a store may serialize it). */
export interface StoredResponse {
  readonly key: string;
  readonly url: string;
  /** The top-level site the entry belongs to. */
  readonly partition: string;
  readonly credentialed: boolean;
  /** The request headers that went out with it (what `Vary` compares). */
  readonly requestHeaders: HeaderPairs;
  /** As the network answered, without `Set-Cookie`. */
  readonly response: WireResponse;
  /** Engine-clock ms when it was stored or last revalidated. */
  readonly storedAt: number;
  /** Wall-clock ms minus engine-clock ms on the clock its policy was built with (read back on the same clock). */
  readonly clockOffset: number;
  /** http-cache-semantics' serialization of its policy. */
  readonly policy: object;
}

/** The storage port: one entry per key. */
export interface HttpCacheStore {
  get(key: string): StoredResponse | undefined;
  set(entry: StoredResponse): void;
  delete(key: string): boolean;
  values(): Iterable<StoredResponse>;
  clear(): void;
}

/** The default store: in memory, least recently used first out, bounded in entries and bytes. */
export class MemoryHttpCacheStore implements HttpCacheStore {
  readonly #entries = new Map<string, StoredResponse>();
  #bytes = 0;
  constructor(private readonly capacity = Infinity, private readonly maxBytes = Infinity) {}
  get(key: string): StoredResponse | undefined {
    const entry = this.#entries.get(key);
    if (entry) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }
  set(entry: StoredResponse): void {
    this.delete(entry.key);
    const bytes = storedResponseBytes(entry);
    if (bytes > this.maxBytes) return;
    this.#entries.set(entry.key, entry);
    this.#bytes += bytes;
    while (this.#entries.size > this.capacity || this.#bytes > this.maxBytes) {
      this.delete(this.#entries.keys().next().value as string);
    }
  }
  delete(key: string): boolean {
    const entry = this.#entries.get(key);
    if (entry) this.#bytes -= storedResponseBytes(entry);
    return this.#entries.delete(key);
  }
  values(): Iterable<StoredResponse> {
    return [...this.#entries.values()];
  }
  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }
}

/** What HTTP-network-or-cache fetch asks the cache about. */
export interface HttpCacheRequest {
  /** Without the fragment. */
  readonly url: string;
  readonly method: string;
  /** The headers that go on the wire, before the cache mode adds any. */
  readonly headers: HeaderPairs;
  readonly cacheMode: RequestCache;
  /** The top-level site. */
  readonly partition: string;
  /** Whether the request includes credentials. */
  readonly credentialed: boolean;
  /** Whether this URL is the target of a redirect that came from the network (not from the cache). */
  readonly afterNetworkRedirect: boolean;
}

/** What the cache decided, as trace facts (describe-trace.ts words them). */
export type HttpCacheFact =
  | {
    readonly what: 'http-cache-not-read'; readonly why: 'mode' | 'conditional' | 'network-redirect';
    readonly mode: RequestCache; readonly method: string;
  }
  /** `vary` names the stored response's `Vary` when it did not match, null when nothing is stored. */
  | { readonly what: 'http-cache-miss'; readonly url: string; readonly vary: readonly string[] | null; readonly onlyIfCached: boolean }
  | {
    readonly what: 'http-cache-hit'; readonly mode: RequestCache; readonly ageSeconds: number; readonly freshnessSeconds: number;
    readonly vary: readonly string[];
  }
  /** A stored response needs validating (`validators` empty: it has none, so a full request goes out). */
  | {
    readonly what: 'http-cache-revalidate'; readonly mode: RequestCache; readonly ageSeconds: number; readonly freshnessSeconds: number;
    readonly validators: HeaderPairs;
  }
  | { readonly what: 'http-cache-stored'; readonly freshnessSeconds: number; readonly afterRevalidation: boolean }
  | { readonly what: 'http-cache-not-modified'; readonly freshnessSeconds: number }
  | { readonly what: 'http-cache-invalidated'; readonly method: string; readonly url: string };

/** What the cache decided before the network. */
export type HttpCacheLookup =
  /** A stored response answers: nothing goes out. */
  | { readonly kind: 'stored'; readonly response: WireResponse; readonly fact: HttpCacheFact }
  /** Send the request with these headers, then call {@link HttpCache.afterNetwork} with the ticket. */
  /** (`fact` is null for a method the cache never answers: nothing worth a trace line.) */
  | { readonly kind: 'network'; readonly headers: HeaderPairs; readonly fact: HttpCacheFact | null; readonly ticket: HttpCacheTicket }
  /** `only-if-cached` found nothing: a network error. */
  | { readonly kind: 'miss'; readonly fact: HttpCacheFact };

/** What the cache remembers between the lookup and the network's answer. */
export interface HttpCacheTicket {
  readonly request: HttpCacheRequest;
  readonly key: string;
  readonly mode: RequestCache;
  readonly store: boolean;
  readonly revalidating?: StoredResponse;
}

/** A stored response as the facade shows it. */
export interface HttpCacheEntryInfo {
  readonly url: string;
  readonly partition: string;
  readonly credentialed: boolean;
  readonly status: number;
  /** Seconds since it was stored (plus any `Age` it came with). */
  readonly ageSeconds: number;
  readonly freshnessSeconds: number;
  readonly fresh: boolean;
  readonly vary: readonly string[];
  readonly etag: string | null;
  readonly lastModified: string | null;
}

const CONDITIONAL_HEADERS: ReadonlySet<string> = new Set(['if-modified-since', 'if-none-match', 'if-unmodified-since', 'if-match', 'if-range']);
/** Not taken from a `304` into the stored response (RFC 9111 §3.2). */
const NOT_UPDATED_BY_304 = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'content-range']);

/** The request's cache mode after the spec's conditional-header step (as the profile maps it). */
export function effectiveCacheMode(mode: RequestCache, headers: HeaderPairs, policy: HttpCachePolicy): { mode: RequestCache; conditional: boolean } {
  const conditional = mode === 'default' && headers.some(([n]) => CONDITIONAL_HEADERS.has(n.toLowerCase()));
  return { mode: conditional ? policy.conditionalRequestMode : mode, conditional };
}

/** `headers` plus those of `extra` whose name it lacks. */
function withMissing(headers: HeaderPairs, extra: HeaderPairs | undefined): HeaderPairs {
  const out: HeaderPairs = [...headers];
  for (const [name, value] of extra ?? []) if (!hasHeader(out, name)) out.push([name, value]);
  return out;
}

/** The headers the request's cache mode adds to its CORS preflight. */
export function preflightCacheHeaders(mode: RequestCache, requestHeaders: HeaderPairs, policy: HttpCachePolicy): HeaderPairs {
  return [...policy.preflightModeHeaders[effectiveCacheMode(mode, requestHeaders, policy).mode] ?? []];
}

/** A request as http-cache-semantics reads it. */
interface LibraryRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
}

/**
 * The request headers http-cache-semantics 4.3.0 reads besides `host` and the names a response's `Vary` gives:
 * credentials and directives (constructor, evaluateRequest) and the conditionals revalidationHeaders() merges.
 */
const LIBRARY_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'authorization', 'cache-control', 'pragma', 'connection', 'accept-ranges',
  'if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since', 'if-range',
]);
const LIBRARY_REQUEST_HEADER_LENGTHS: ReadonlySet<number> = new Set([...LIBRARY_REQUEST_HEADERS].map((n) => n.length));

/**
 * The request as the library reads it for `response`: with lower-cased names and `host`. A response with `Vary`
 * (`varies`) is matched on any header, so it gets the whole list; otherwise only the names the library reads
 * (building a record of the whole list was a tenth of a fetch).
 */
function libraryRequest(request: HttpCacheRequest, response: WireResponse, varies = getHeader(response.headers, 'Vary') !== null): LibraryRequest {
  const headers = varies ? record(request.headers) : libraryReadHeaders(request.headers);
  headers.host = hostOf(request.url);
  return { url: request.url, method: request.method, headers };
}

function libraryReadHeaders(headers: HeaderPairs): Record<string, string> {
  const read: HeaderPairs = [];
  for (const header of headers) {
    if (LIBRARY_REQUEST_HEADER_LENGTHS.has(header[0].length) && LIBRARY_REQUEST_HEADERS.has(header[0].toLowerCase())) read.push(header);
  }
  return record(read);
}

/** The host (and port) of a serialized HTTP(S) URL, without parsing it again. */
function hostOf(url: string): string {
  const start = url.indexOf('//') + 2;
  let end = start;
  while (end < url.length && url[end] !== '/' && url[end] !== '?' && url[end] !== '#') end++;
  const authority = url.slice(start, end);
  return authority.slice(authority.lastIndexOf('@') + 1);
}

function record(headers: HeaderPairs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    const n = name.toLowerCase();
    const earlier = out[n];
    out[n] = earlier === undefined ? value : `${earlier}, ${value}`;
  }
  return out;
}

function varyNames(response: WireResponse): string[] {
  return (getHeader(response.headers, 'Vary') ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
}

/** Whether `headers` select the stored response by its `Vary` (a `*` never matches). */
function varyMatches(entry: StoredResponse, headers: HeaderPairs): boolean {
  return varyNames(entry.response).every((n) => n !== '*' && getHeader(entry.requestHeaders, n) === getHeader(headers, n));
}

/** A response whose header list and body are its own. */
function copyResponse(response: WireResponse): WireResponse {
  return { ...response, headers: response.headers.map(([n, v]) => [n, v] as [string, string]), body: response.body.slice() };
}

function hasExplicitFreshness(headers: Record<string, string>): boolean {
  return /(^|,)\s*max-age\s*=/i.test(headers['cache-control'] ?? '') || headers.expires !== undefined;
}

/**
 * What http-cache-semantics' clock reads. The engine has no clock of its own: every call into the library that reads
 * the time is preceded by setting this to the engine clock's reading (the calls are synchronous, so no other cache can
 * come between). One class for every cache, rather than one per cache closing over its own reading, keeps the
 * library's objects of one shape (a class per cache made its every property access megamorphic: 20 % of a fetch loop).
 */
let libraryNow = 0;

class EngineClockPolicy extends CachePolicy {
  override now(): number {
    return libraryNow;
  }
}

/** The HTTP cache of one browser profile (one per simulated browser, like its cookie jar). */
export class HttpCache {
  readonly #policy: HttpCachePolicy;
  readonly #store: HttpCacheStore;
  /** Wall-clock ms minus engine-clock ms, taken from the first dated response (for responses without `Date`). */
  #skew: number | undefined;

  constructor(policy: HttpCachePolicy, store?: HttpCacheStore) {
    this.#policy = policy;
    // Read lazily from an untyped profile: a profile object without the field fails at fetch(), as a TypeError.
    const bounds = policy as Partial<HttpCachePolicy> | undefined;
    this.#store = store ?? new MemoryHttpCacheStore(bounds?.capacity ?? Infinity, bounds?.maxTotalBytes ?? Infinity);
  }

  /** Looks the request up as its cache mode says; `now` is the engine clock's. */
  lookup(request: HttpCacheRequest, now: number): HttpCacheLookup {
    const { mode, conditional } = effectiveCacheMode(request.cacheMode, request.headers, this.#policy);
    const headers = withMissing(request.headers, this.#policy.modeHeaders[mode]);
    const usable = request.method === 'GET' && !conditional;
    const ticketRequest = { ...request, headers };
    const ticket: HttpCacheTicket = { request: ticketRequest, key: this.#key(request), mode, store: usable && mode !== 'no-store' };
    const notRead = (why: 'mode' | 'conditional' | 'network-redirect'): HttpCacheLookup => ({
      kind: 'network', headers, ticket, fact: { what: 'http-cache-not-read', why, mode, method: request.method },
    });
    if (conditional) return notRead('conditional');
    if (!usable) return { kind: 'network', headers, ticket, fact: null };
    if (mode === 'no-store' || mode === 'reload') return notRead('mode');
    if (request.afterNetworkRedirect && !this.#policy.readsAfterNetworkRedirect) return notRead('network-redirect');
    const entry = this.#store.get(ticket.key);
    if (entry && varyMatches(entry, headers)) return this.#decide(entry, ticket, now);
    const onlyIfCached = mode === 'only-if-cached' && this.#policy.onlyIfCachedMiss === 'network-error';
    const fact: HttpCacheFact = { what: 'http-cache-miss', url: request.url, vary: entry ? varyNames(entry.response) : null, onlyIfCached };
    return onlyIfCached ? { kind: 'miss', fact } : { kind: 'network', headers, ticket, fact };
  }

  /** Fresh, stale, or to revalidate: what a matching stored response means for the request's mode. */
  #decide(entry: StoredResponse, ticket: HttpCacheTicket, now: number): HttpCacheLookup {
    const policy = this.#rehydrate(entry, now);
    const timing = { mode: ticket.mode, ageSeconds: Math.round((now - entry.storedAt) / 1000), freshnessSeconds: Math.round(policy.maxAge()) };
    const hit: HttpCacheLookup = { kind: 'stored', response: copyResponse(entry.response), fact: { what: 'http-cache-hit', ...timing, vary: varyNames(entry.response) } };
    if (ticket.mode === 'force-cache' || ticket.mode === 'only-if-cached') return hit;
    const request = libraryRequest(ticket.request, entry.response);
    const evaluation = policy.evaluateRequest(request);
    // The library revalidates a must-revalidate response even while fresh; RFC 9111 §5.2.2.2 (and browsers) only once stale.
    const freshMustRevalidate = !policy.stale() && /must-revalidate/i.test(getHeader(entry.response.headers, 'Cache-Control') ?? '')
      && request.headers['cache-control'] === undefined && request.headers.pragma === undefined;
    if (ticket.mode === 'default' && (!evaluation.revalidation || !evaluation.revalidation.synchronous || freshMustRevalidate)) return hit;
    const validators = this.#validatorHeaders(policy, ticket, request);
    const fact: HttpCacheFact = { what: 'http-cache-revalidate', ...timing, validators };
    if (!validators.length) return { kind: 'network', headers: ticket.request.headers, ticket, fact };
    const headers = [...ticket.request.headers, ...validators];
    const revalidation = { ...ticket.request, headers };
    return { kind: 'network', headers, fact, ticket: { ...ticket, request: revalidation, revalidating: entry } };
  }

  /** The validators the library adds to the request, in the browser's spelling. */
  #validatorHeaders(policy: CachePolicy, ticket: HttpCacheTicket, request: LibraryRequest): HeaderPairs {
    const revalidation = policy.revalidationHeaders(request);
    const out: HeaderPairs = [];
    for (const [name, spelled] of [['if-none-match', 'If-None-Match'], ['if-modified-since', 'If-Modified-Since']] as const) {
      const value = revalidation[name];
      if (value !== undefined && !hasHeader(ticket.request.headers, name)) out.push([spelled, value]);
    }
    return out;
  }

  /**
   * After the network answered: a `304` to a revalidation becomes the stored response with updated headers;
   * anything else is stored when the mode and RFC 9111 allow. An unsafe method's success invalidates the URL.
   */
  afterNetwork(ticket: HttpCacheTicket, response: WireResponse, now: number): { response: WireResponse; fact: HttpCacheFact | null } {
    const { request } = ticket;
    if (!['GET', 'HEAD', 'OPTIONS', 'TRACE'].includes(request.method) && response.status < 400) {
      return { response, fact: this.#store.delete(ticket.key) ? { what: 'http-cache-invalidated', method: request.method, url: request.url } : null };
    }
    if (ticket.revalidating && response.status === 304) return this.#merge304(ticket, ticket.revalidating, response, now);
    if (!ticket.store) return { response, fact: null };
    const { policy, maxAge } = this.#newPolicy(ticket, response, now);
    if (!policy.storable()) {
      this.#store.delete(ticket.key);
      return { response, fact: null };
    }
    if (!this.#put(ticket, response, policy, now)) return { response, fact: null };
    return { response, fact: { what: 'http-cache-stored', freshnessSeconds: Math.round(maxAge), afterRevalidation: ticket.revalidating !== undefined } };
  }

  #merge304(ticket: HttpCacheTicket, entry: StoredResponse, notModified: WireResponse, now: number): { response: WireResponse; fact: HttpCacheFact } {
    const updates = new Set(notModified.headers.map(([n]) => n.toLowerCase()).filter((n) => !NOT_UPDATED_BY_304.has(n) && n !== 'set-cookie'));
    const headers: HeaderPairs = [
      ...entry.response.headers.filter(([n]) => !updates.has(n.toLowerCase())),
      ...notModified.headers.filter(([n]) => updates.has(n.toLowerCase())),
    ];
    const response: WireResponse = { ...entry.response, headers };
    const { policy, maxAge } = this.#newPolicy(ticket, response, now);
    this.#put(ticket, response, policy, now);
    return { response: copyResponse(response), fact: { what: 'http-cache-not-modified', freshnessSeconds: Math.round(maxAge) } };
  }

  /** Stores a copy (what script does with the bytes it was given never reaches the store), within the entry bound. */
  #put(ticket: HttpCacheTicket, response: WireResponse, policy: CachePolicy, now: number): boolean {
    const { request } = ticket;
    const kept = response.headers.filter(([n, v]) => n.toLowerCase() !== 'set-cookie' && (v !== '' || this.#policy.keepsEmptyHeaderValues));
    const entry: StoredResponse = {
      key: ticket.key, url: request.url, partition: request.partition, credentialed: request.credentialed,
      requestHeaders: request.headers, response: copyResponse({ ...response, headers: kept }), storedAt: now, clockOffset: this.#skew ?? 0,
      policy: policy.toObject(),
    };
    if (storedResponseBytes(entry) > (this.#policy.maxEntryBytes ?? Infinity)) {
      this.#store.delete(ticket.key);
      return false;
    }
    this.#store.set(entry);
    return true;
  }

  /**
   * A policy for a new response, with its freshness lifetime (read once: the library parses dates each time it is
   * asked): the browser's implicit and heuristic freshness folded into the headers the library reads.
   */
  #newPolicy(ticket: HttpCacheTicket, response: WireResponse, now: number): { policy: CachePolicy; maxAge: number } {
    const headers = record(response.headers);
    const req = libraryRequest(ticket.request, response, headers.vary !== undefined);
    const build = (h: Record<string, string>): CachePolicy => {
      libraryNow = now + (this.#skew ?? 0);
      return new EngineClockPolicy(req, { status: response.status, headers: h }, { shared: false, cacheHeuristic: this.#policy.heuristicFraction });
    };
    const withMaxAge = (policy: CachePolicy): { policy: CachePolicy; maxAge: number } => ({ policy, maxAge: policy.maxAge() });
    let policy = build(headers);
    if (this.#skew === undefined && headers.date !== undefined && policy.date() !== libraryNow) {
      this.#skew = policy.date() - now;
      policy = build(headers);
    }
    const cc = headers['cache-control'];
    if (this.#policy.pragmaNoCacheOverrides && /no-cache/i.test(headers.pragma ?? '') && !/no-cache|no-store/i.test(cc ?? '')) {
      return withMaxAge(build({ ...headers, 'cache-control': `${cc ? `${cc}, ` : ''}no-cache` }));
    }
    if (hasExplicitFreshness(headers) || /no-cache|no-store/i.test(cc ?? '')) return withMaxAge(policy);
    const { implicitlyFresh, heuristicCapSeconds, heuristicStatuses, heuristicWithMustRevalidate } = this.#policy;
    const heuristic = (heuristicStatuses?.has(response.status) ?? true) && (heuristicWithMustRevalidate || !/must-revalidate/i.test(cc ?? ''));
    const maxAge = policy.maxAge();
    const seconds = implicitlyFresh.statuses.has(response.status) ? implicitlyFresh.seconds
      : heuristic ? Math.min(maxAge, heuristicCapSeconds) : 0;
    if (seconds === maxAge || seconds < 0 || Number.isNaN(seconds)) return { policy, maxAge };
    return withMaxAge(build({ ...headers, 'cache-control': `${cc ? `${cc}, ` : ''}max-age=${Math.floor(seconds)}` }));
  }

  #rehydrate(entry: StoredResponse, now: number): CachePolicy {
    libraryNow = now + entry.clockOffset;
    return EngineClockPolicy.fromObject(entry.policy);
  }

  #key(request: Pick<HttpCacheRequest, 'partition' | 'credentialed' | 'url'>): string {
    return `${request.partition} ${this.#policy.credentialsInKey && request.credentialed ? 'credentialed ' : ''}${request.url}`;
  }

  /** Every stored response, with its age and freshness at `now`. */
  entries(now: number): HttpCacheEntryInfo[] {
    return [...this.#store.values()].map((entry) => {
      const policy = this.#rehydrate(entry, now);
      return {
        url: entry.url, partition: entry.partition, credentialed: entry.credentialed, status: entry.response.status,
        ageSeconds: policy.age(), freshnessSeconds: policy.maxAge(), fresh: !policy.stale(), vary: varyNames(entry.response),
        etag: getHeader(entry.response.headers, 'ETag'), lastModified: getHeader(entry.response.headers, 'Last-Modified'),
      };
    });
  }

  clear(): void {
    this.#store.clear();
  }
}
