/**
 * The [CORS-preflight cache](https://fetch.spec.whatwg.org/#concept-cache), on an injected clock. One entry
 * per (network partition, origin, URL[, credentials]) holding the approved methods and header names; how entries
 * expire, merge and get evicted comes from the browser profile. The origin is the request's serialized origin
 * (`null` after a redirect taint), except that an opaque origin keys by its identity: two sandboxed documents
 * both send `Origin: null` but do not share entries, as Chromium's `PreflightCache` keys on `url::Origin`.
 */
import type { PreflightCachePolicy } from './profiles/profile.js';
import { isCorsSafelistedMethod } from './methods.js';
import { isCorsNonWildcardRequestHeaderName, type LowercaseHeaderName } from './headers.js';
import type { OpaqueOrigin } from './origin.js';

/** What a successful preflight approved: the parsed `Access-Control-Allow-Methods` / `-Headers`. */
export interface PreflightResult {
  readonly methods: readonly string[];
  readonly headerNames: readonly LowercaseHeaderName[];
  /** Whether the preflight was made for a request whose credentials mode is `include`. */
  readonly credentials: boolean;
}

/** The request a cache entry or a fresh preflight result must cover. */
export interface PreflightQuery {
  readonly method: string;
  readonly unsafeHeaderNames: readonly LowercaseHeaderName[];
  readonly credentials: boolean;
}

export type AllowsResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly failed: 'credentials' }
  | { readonly ok: false; readonly failed: 'method'; readonly method: string }
  | { readonly ok: false; readonly failed: 'header'; readonly header: LowercaseHeaderName };

/**
 * Does a preflight result cover the request? The method check of
 * [CORS-preflight fetch](https://fetch.spec.whatwg.org/#cors-preflight-fetch-0) and the cache's
 * [method](https://fetch.spec.whatwg.org/#concept-cache-match-method) and
 * [header-name](https://fetch.spec.whatwg.org/#concept-cache-match-header) matches in one: the method is
 * listed (byte for byte) or safelisted, or `*` is listed and the result was made without credentials;
 * every CORS-unsafe header name is listed (case-insensitively), or `*` covers it without credentials.
 * `*` covers `Authorization` only when `authorizationCoveredByWildcard`.
 */
export function allowsRequest(result: PreflightResult, query: PreflightQuery, authorizationCoveredByWildcard: boolean): AllowsResult {
  if (query.credentials && !result.credentials) return { ok: false, failed: 'credentials' };
  if (!allowsMethod(result.methods, result.credentials, query.method)) {
    return { ok: false, failed: 'method', method: query.method };
  }
  const header = firstHeaderNotAllowed(result.headerNames, result.credentials, query.unsafeHeaderNames, authorizationCoveredByWildcard);
  if (header !== null) return { ok: false, failed: 'header', header };
  return { ok: true };
}

/**
 * The method half of {@link allowsRequest}: `method` is listed (byte for byte) or CORS-safelisted, or `*` is
 * listed by a result made without credentials.
 */
export function allowsMethod(methods: readonly string[], credentials: boolean, method: string): boolean {
  return methods.includes(method) || isCorsSafelistedMethod(method) || (!credentials && methods.includes('*'));
}

/**
 * The header half of {@link allowsRequest}: the first of `unsafeHeaderNames`, in the order given, that is
 * neither listed nor covered by a `*` of a result made without credentials (`*` covers `Authorization` only when
 * `authorizationCoveredByWildcard`); `null` when all are allowed.
 */
export function firstHeaderNotAllowed(headerNames: readonly LowercaseHeaderName[], credentials: boolean,
  unsafeHeaderNames: readonly LowercaseHeaderName[], authorizationCoveredByWildcard: boolean): LowercaseHeaderName | null {
  const wildcardOk = !credentials && headerNames.includes('*' as LowercaseHeaderName);
  for (const name of unsafeHeaderNames) {
    if (headerNames.includes(name)) continue;
    if (wildcardOk && (authorizationCoveredByWildcard || !isCorsNonWildcardRequestHeaderName(name))) continue;
    return name;
  }
  return null;
}

/**
 * The origin part of a key: the request's serialized origin (`null` for a redirect-tainted request), or, for a
 * document whose origin is opaque, that origin itself — it matches only itself.
 */
export type PreflightCacheOrigin = string | OpaqueOrigin;

/** Identifies an entry: the spec's (key, byte-serialized origin, URL) plus, where a browser keys on it, credentials. */
export interface PreflightCacheKey {
  /** The network partition key; corsim uses the page's site. */
  readonly partition: string;
  readonly origin: PreflightCacheOrigin;
  readonly url: string;
  readonly credentials: boolean;
}

/** One entry as the cache holds it: each token with its own expiry (all equal under the `replace` policy). */
export interface PreflightCacheEntry {
  readonly key: PreflightCacheKey;
  readonly credentials: boolean;
  readonly methods: ReadonlyMap<string, number>;
  readonly headerNames: ReadonlyMap<LowercaseHeaderName, number>;
}

export type CacheLookup =
  | { readonly status: 'hit'; readonly entry: PreflightCacheEntry }
  | { readonly status: 'miss' }
  | { readonly status: 'stale' }
  | { readonly status: 'insufficient'; readonly why: AllowsResult }
  /** An entry existed but the policy does not reuse entries (`reuseEntries: false`): it was discarded. */
  | { readonly status: 'discarded' };

interface MutableEntry {
  key: PreflightCacheKey;
  /** When the last token expires. */
  expiry: number;
  credentials: boolean;
  methods: Map<string, number>;
  headerNames: Map<LowercaseHeaderName, number>;
}

function sameCacheOrigin(a: PreflightCacheOrigin, b: PreflightCacheOrigin): boolean {
  return typeof a === 'string' || typeof b === 'string' ? a === b : a.id === b.id;
}

/** A copy of an entry that the cache's later changes do not reach. */
function snapshot(e: MutableEntry): PreflightCacheEntry {
  return { key: e.key, credentials: e.credentials, methods: new Map(e.methods), headerNames: new Map(e.headerNames) };
}

/** Chromium purges 10 consecutive entries from a random position when full (preflight_cache.cc `kPurgeUnit`). */
const PURGE_UNIT = 10;

export class PreflightCache {
  /** Insertion-ordered; for the `lru` policy, most recently used last. */
  readonly #entries = new Map<string, MutableEntry>();
  readonly #policy: PreflightCachePolicy;
  readonly #random: () => number;
  /** A number for each opaque origin that keys an entry; pruned so it never outgrows the entries. */
  readonly #opaque = new Map<symbol, number>();
  #nextOpaque = 0;

  /** `random` picks where a random purge starts; any function returning [0, 1) will do. */
  constructor(policy: PreflightCachePolicy, random: () => number = seededRandom(1)) {
    this.#policy = policy;
    this.#random = random;
  }

  /** The entry id of `key`; undefined for an opaque origin that keys no entry (and `allocate` is false). */
  #id(key: PreflightCacheKey, allocate = false): string | undefined {
    const cred = this.#policy.credentialsInKey ? (key.credentials ? 'cred' : 'nocred') : '';
    let origin: string | number | undefined;
    if (typeof key.origin === 'string') {
      origin = key.origin;
    } else {
      origin = this.#opaque.get(key.origin.id);
      if (origin === undefined && allocate) {
        this.#pruneOpaque();
        origin = this.#nextOpaque++;
        this.#opaque.set(key.origin.id, origin);
      }
      if (origin === undefined) return undefined;
    }
    return JSON.stringify([key.partition, origin, key.url, cred]);
  }

  /** Forgets the opaque origins no entry is keyed on any more, once there are more of them than entries. */
  #pruneOpaque(): void {
    if (this.#opaque.size <= this.#entries.size) return;
    const used = new Set<symbol>();
    for (const e of this.#entries.values()) if (typeof e.key.origin !== 'string') used.add(e.key.origin.id);
    for (const id of this.#opaque.keys()) if (!used.has(id)) this.#opaque.delete(id);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** A snapshot of the entries, for inspection. */
  entries(): PreflightCacheEntry[] {
    return [...this.#entries.values()].map(snapshot);
  }

  /**
   * Looks for an entry that lets the request skip its preflight. Expired tokens are dropped; an entry that is
   * expired or does not cover the request is erased, as Chromium does, and the caller preflights again.
   */
  lookup(key: PreflightCacheKey, query: PreflightQuery, now: number, authorizationCoveredByWildcard: boolean): CacheLookup {
    const id = this.#id(key);
    const entry = id === undefined ? undefined : this.#entries.get(id);
    if (id === undefined || !entry) return { status: 'miss' };
    if (entry.expiry <= now) {
      this.#entries.delete(id);
      return { status: 'stale' };
    }
    // The entry is doomed at lookup whatever it holds: Gecko's CORSCacheEntry::CheckRequest gives up when
    // CheckDNSCache() fails, as it did under the shared corpus's forced host mapping — docs/profiles.md §3.
    if (!this.#policy.reuseEntries) {
      this.#entries.delete(id);
      return { status: 'discarded' };
    }
    for (const [m, exp] of entry.methods) if (exp <= now) entry.methods.delete(m);
    for (const [h, exp] of entry.headerNames) if (exp <= now) entry.headerNames.delete(h);
    // Deviation(firefox): with `cachedWildcards: false` a cached `*` is only a token named `*`.
    const literal = (t: string): boolean => this.#policy.cachedWildcards || t !== '*';
    const allows = allowsRequest(
      {
        methods: [...entry.methods.keys()].filter(literal), headerNames: [...entry.headerNames.keys()].filter(literal),
        credentials: entry.credentials,
      },
      query, authorizationCoveredByWildcard);
    if (!allows.ok) {
      if (this.#policy.update === 'replace') this.#entries.delete(id);
      return { status: 'insufficient', why: allows };
    }
    if (this.#policy.eviction === 'lru') {
      this.#entries.delete(id);
      this.#entries.set(id, entry);
    }
    return { status: 'hit', entry: snapshot(entry) };
  }

  /**
   * [Creates or updates](https://fetch.spec.whatwg.org/#concept-cache-create-entry) the entry for a successful
   * preflight that may be cached for `maxAgeSeconds`. Returns whether anything was stored.
   */
  store(key: PreflightCacheKey, result: PreflightResult, maxAgeSeconds: number, now: number): boolean {
    if (maxAgeSeconds <= 0) return false;
    if (this.#policy.maxUrlLength !== null && key.url.length >= this.#policy.maxUrlLength) return false;
    const expiry = now + maxAgeSeconds * 1000;
    const id = this.#id(key, true) as string;
    const existing = this.#entries.get(id);
    if (existing && this.#policy.update === 'merge') {
      for (const m of result.methods) existing.methods.set(m, expiry);
      for (const h of result.headerNames) existing.headerNames.set(h, expiry);
      existing.expiry = Math.max(existing.expiry, expiry);
      this.#entries.delete(id);
      this.#entries.set(id, existing);
      return true;
    }
    if (!existing) this.#makeRoom(now);
    this.#entries.delete(id);
    this.#entries.set(id, {
      key,
      expiry,
      credentials: result.credentials,
      methods: new Map(result.methods.map((m) => [m, expiry])),
      headerNames: new Map(result.headerNames.map((h) => [h, expiry])),
    });
    return true;
  }

  /**
   * [Clears](https://fetch.spec.whatwg.org/#concept-cache-clear) the entries for (partition, origin, URL), both
   * credential variants.
   */
  clearFor(partition: string, origin: PreflightCacheOrigin, url: string): number {
    let removed = 0;
    for (const [id, e] of this.#entries) {
      if (e.key.partition === partition && sameCacheOrigin(e.key.origin, origin) && e.key.url === url) {
        this.#entries.delete(id);
        removed++;
      }
    }
    return removed;
  }

  /** Removes every entry (what clearing browsing data does). */
  clear(): void {
    this.#entries.clear();
    this.#opaque.clear();
  }

  #makeRoom(now: number): void {
    const { capacity, eviction } = this.#policy;
    if (this.#entries.size < capacity) return;
    if (eviction === 'random-purge') {
      const ids = [...this.#entries.keys()];
      const start = Math.floor(this.#random() * ids.length);
      for (const id of ids.slice(start, start + PURGE_UNIT)) this.#entries.delete(id);
      // Near the end there may be fewer than PURGE_UNIT entries after `start`: wrap around.
      const missing = start + PURGE_UNIT - ids.length;
      if (missing > 0) for (const id of ids.slice(0, missing)) this.#entries.delete(id);
    } else if (eviction === 'lru') {
      for (const [id, e] of this.#entries) {
        if (e.expiry <= now) this.#entries.delete(id);
      }
      if (this.#entries.size >= capacity) {
        const oldest = this.#entries.keys().next();
        if (!oldest.done) this.#entries.delete(oldest.value);
      }
    }
  }
}

/** A small deterministic PRNG (mulberry32), so the engine needs no global randomness. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
