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

/** What the checks below ask of a list of approved tokens (an array will do). */
export interface TokenList<T extends string> {
  includes(token: T): boolean;
}

/** The approved methods and header names a request is checked against: a preflight result or a cache entry. */
export interface ApprovedTokens {
  readonly methods: TokenList<string>;
  readonly headerNames: TokenList<LowercaseHeaderName>;
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
export function allowsRequest(result: ApprovedTokens, query: PreflightQuery, authorizationCoveredByWildcard: boolean): AllowsResult {
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
export function allowsMethod(methods: TokenList<string>, credentials: boolean, method: string): boolean {
  return methods.includes(method) || isCorsSafelistedMethod(method) || (!credentials && methods.includes('*'));
}

/**
 * The header half of {@link allowsRequest}: the first of `unsafeHeaderNames`, in the order given, that is
 * neither listed nor covered by a `*` of a result made without credentials (`*` covers `Authorization` only when
 * `authorizationCoveredByWildcard`); `null` when all are allowed.
 */
export function firstHeaderNotAllowed(headerNames: TokenList<LowercaseHeaderName>, credentials: boolean,
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

/**
 * An entry as the cache holds it. Copy on write: `view`'s maps are never changed once made (a change makes a new
 * view), so a hit hands out `view` itself as the snapshot that later changes do not reach.
 */
interface MutableEntry {
  readonly id: string;
  readonly key: PreflightCacheKey;
  /** When the last token expires. */
  expiry: number;
  /** When the first token expires: no token needs dropping before then. */
  firstExpiry: number;
  view: PreflightCacheEntry;
  /** `view`'s tokens as the lookup reads them (a `*` is literal unless the policy reads cached wildcards). */
  approved: ApprovedTokens;
}

function sameCacheOrigin(a: PreflightCacheOrigin, b: PreflightCacheOrigin): boolean {
  return typeof a === 'string' || typeof b === 'string' ? a === b : a.id === b.id;
}

/** A copy of an entry that the cache's later changes do not reach. */
function snapshot(e: MutableEntry): PreflightCacheEntry {
  const { key, credentials, methods, headerNames } = e.view;
  return { key, credentials, methods: new Map(methods), headerNames: new Map(headerNames) };
}

/** An entry's tokens as a {@link TokenList}: `*` is a wildcard only where the policy reads cached wildcards. */
class CachedTokens<T extends string> implements TokenList<T> {
  constructor(private readonly tokens: ReadonlyMap<T, number>, private readonly wildcards: boolean) {}
  includes(token: T): boolean {
    return this.tokens.has(token) && (this.wildcards || token !== '*');
  }
}

function earliest(tokens: ReadonlyMap<string, number>, fallback: number): number {
  let first = fallback;
  for (const expiry of tokens.values()) if (expiry < first) first = expiry;
  return first;
}

/** Each token of `tokens` that has not expired by `now`. */
function unexpired<T extends string>(tokens: ReadonlyMap<T, number>, now: number): Map<T, number> {
  const out = new Map<T, number>();
  for (const [token, expiry] of tokens) if (expiry > now) out.set(token, expiry);
  return out;
}

/**
 * The entries by id, in insertion order (a Map's interface), plus an index by URL so that a lookup compares the
 * few entries of its URL instead of building and hashing an id string.
 */
class EntryTable {
  readonly #byId = new Map<string, MutableEntry>();
  readonly #byUrl = new Map<string, MutableEntry[]>();

  get size(): number {
    return this.#byId.size;
  }
  get(id: string): MutableEntry | undefined {
    return this.#byId.get(id);
  }
  /** The entry of `key`'s URL whose key `same` says is `key`. */
  find(key: PreflightCacheKey, same: (a: PreflightCacheKey, b: PreflightCacheKey) => boolean): MutableEntry | undefined {
    const list = this.#byUrl.get(key.url);
    if (list) for (const e of list) if (same(e.key, key)) return e;
    return undefined;
  }
  set(id: string, entry: MutableEntry): void {
    this.#unindex(id);
    this.#byId.set(id, entry);
    const list = this.#byUrl.get(entry.key.url);
    if (list) list.push(entry);
    else this.#byUrl.set(entry.key.url, [entry]);
  }
  delete(id: string): boolean {
    this.#unindex(id);
    return this.#byId.delete(id);
  }
  #unindex(id: string): void {
    const old = this.#byId.get(id);
    if (!old) return;
    const list = this.#byUrl.get(old.key.url) ?? [];
    const rest = list.filter((e) => e !== old);
    if (rest.length) this.#byUrl.set(old.key.url, rest);
    else this.#byUrl.delete(old.key.url);
  }
  keys(): IterableIterator<string> {
    return this.#byId.keys();
  }
  values(): IterableIterator<MutableEntry> {
    return this.#byId.values();
  }
  [Symbol.iterator](): IterableIterator<[string, MutableEntry]> {
    return this.#byId.entries();
  }
  clear(): void {
    this.#byId.clear();
    this.#byUrl.clear();
  }
}

/** Chromium purges 10 consecutive entries from a random position when full (preflight_cache.cc `kPurgeUnit`). */
const PURGE_UNIT = 10;

export class PreflightCache {
  /** Insertion-ordered; for the `lru` policy, most recently used last. */
  readonly #entries = new EntryTable();
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

  /**
   * The entry id of `key` (the order of entries is by id; lookups find them by {@link PreflightCache.#sameKey});
   * undefined for an opaque origin that keys no entry (and `allocate` is false). One flat
   * string: the credentials flag, then the partition and the origin each after its length (so no two keys meet),
   * then the URL.
   */
  #id(key: PreflightCacheKey, allocate = false): string | undefined {
    const cred = this.#policy.credentialsInKey ? (key.credentials ? 'c' : 'n') : '-';
    let origin: string;
    if (typeof key.origin === 'string') {
      origin = `'${key.origin}`;
    } else {
      let n = this.#opaque.get(key.origin.id);
      if (n === undefined && allocate) {
        this.#pruneOpaque();
        n = this.#nextOpaque++;
        this.#opaque.set(key.origin.id, n);
      }
      if (n === undefined) return undefined;
      origin = `#${n}`;
    }
    return `${cred}${key.partition.length} ${key.partition}${origin.length} ${origin}${key.url}`;
  }

  /** A new entry state holding these tokens (the maps become the view's: the caller must not change them later). */
  #entry(id: string, key: PreflightCacheKey, credentials: boolean, methods: Map<string, number>, headerNames: Map<LowercaseHeaderName, number>,
    expiry: number): MutableEntry {
    const firstExpiry = earliest(headerNames, earliest(methods, expiry));
    // Deviation(firefox): with `cachedWildcards: false` a cached `*` is only a token named `*`.
    const wildcards = this.#policy.cachedWildcards;
    return {
      id, key, expiry, firstExpiry, view: { key, credentials, methods, headerNames },
      approved: { methods: new CachedTokens(methods, wildcards), headerNames: new CachedTokens(headerNames, wildcards), credentials },
    };
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
    const entry = this.#entries.find(key, this.#sameKey);
    if (!entry) return { status: 'miss' };
    const { id } = entry;
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
    const live = entry.firstExpiry <= now ? this.#dropExpiredTokens(id, entry, now) : entry;
    const allows = allowsRequest(live.approved, query, authorizationCoveredByWildcard);
    if (!allows.ok) {
      if (this.#policy.update === 'replace') this.#entries.delete(id);
      return { status: 'insufficient', why: allows };
    }
    if (this.#policy.eviction === 'lru') {
      this.#entries.delete(id);
      this.#entries.set(id, live);
    }
    return { status: 'hit', entry: live.view };
  }

  /** Whether two keys name one entry (what {@link PreflightCache.#id} tells apart). */
  readonly #sameKey = (a: PreflightCacheKey, b: PreflightCacheKey): boolean =>
    a.url === b.url && a.partition === b.partition && sameCacheOrigin(a.origin, b.origin)
      && (!this.#policy.credentialsInKey || a.credentials === b.credentials);

  /** Replaces the entry by one without the tokens expired at `now` (in place: its position is kept). */
  #dropExpiredTokens(id: string, entry: MutableEntry, now: number): MutableEntry {
    const { key, credentials, methods, headerNames } = entry.view;
    const live = this.#entry(id, key, credentials, unexpired(methods, now), unexpired(headerNames, now), entry.expiry);
    this.#entries.set(id, live);
    return live;
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
      const { key: kept, credentials, methods, headerNames } = existing.view;
      const merged = this.#entry(id, kept, credentials, new Map(methods), new Map(headerNames), Math.max(existing.expiry, expiry));
      for (const m of result.methods) (merged.view.methods as Map<string, number>).set(m, expiry);
      for (const h of result.headerNames) (merged.view.headerNames as Map<LowercaseHeaderName, number>).set(h, expiry);
      merged.firstExpiry = Math.min(merged.firstExpiry, expiry);
      this.#entries.delete(id);
      this.#entries.set(id, merged);
      return true;
    }
    if (!existing) this.#makeRoom(now);
    this.#entries.delete(id);
    this.#entries.set(id, this.#entry(id, key, result.credentials, new Map(result.methods.map((m) => [m, expiry])),
      new Map(result.headerNames.map((h) => [h, expiry])), expiry));
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
