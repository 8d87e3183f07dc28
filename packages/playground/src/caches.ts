/**
 * The caches a step leaves behind, as plain rows for the time view. The preflight cache is the engine's
 * `PreflightCache`; the HTTP cache lane reads any cache with `entries()` of URLs and freshness ends.
 */
import type { PreflightCache, PreflightCacheEntry } from '@corsim/engine';

export type CacheLane = 'preflight' | 'http';

/** One approved token (a method or a header name) or one stored response, with when it stops being usable. */
export interface CacheToken {
  readonly label: string;
  /** Virtual-clock milliseconds. */
  readonly expiresAtMs: number;
}

export interface CacheRow {
  readonly lane: CacheLane;
  /** What the entry is keyed on, for people. */
  readonly key: string;
  readonly tokens: readonly CacheToken[];
}

function preflightRow(e: PreflightCacheEntry): CacheRow {
  const tokens: CacheToken[] = [
    ...[...e.methods].map(([m, exp]) => ({ label: `method ${m}`, expiresAtMs: exp })),
    ...[...e.headerNames].map(([h, exp]) => ({ label: `header ${h}`, expiresAtMs: exp })),
  ];
  return { lane: 'preflight', key: `${e.key.url} from ${e.key.origin}${e.credentials ? ', with credentials' : ''}`, tokens };
}

/** Whatever an HTTP cache reports: an entry with a URL and a freshness end. */
export interface HttpCacheLike {
  entries(): readonly { readonly url?: string; readonly key?: string; readonly expiresAt?: number; readonly freshUntil?: number }[];
}

function httpRows(cache: HttpCacheLike): CacheRow[] {
  return cache.entries().map((e) => ({
    lane: 'http' as const,
    key: e.key ?? e.url ?? 'response',
    tokens: [{ label: 'stored response', expiresAtMs: e.freshUntil ?? e.expiresAt ?? Number.POSITIVE_INFINITY }],
  }));
}

/** A snapshot of the caches as they are now. */
export function snapshotCaches(preflight: PreflightCache, http: HttpCacheLike | null): CacheRow[] {
  return [...preflight.entries().map(preflightRow), ...(http ? httpRows(http) : [])];
}
