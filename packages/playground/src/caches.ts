/**
 * The caches a step leaves behind, as plain rows for the time view: the engine's `PreflightCache` (an
 * entry per URL and origin, each approved method or header name with its expiry) and its `HttpCache` (a
 * stored response per URL, fresh until its freshness lifetime runs out, then stale but still stored).
 */
import type { HttpCache, HttpCacheEntryInfo, PreflightCache, PreflightCacheEntry } from '@corsim/engine';

export type CacheLane = 'preflight' | 'http';

/** One approved token (a method or a header name) or one stored response, with when it stops being usable. */
export interface CacheToken {
  readonly label: string;
  /** Virtual-clock milliseconds: the preflight entry's expiry, or the end of a stored response's freshness. */
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

function httpRow(e: HttpCacheEntryInfo, nowMs: number): CacheRow {
  const vary = e.vary.length ? `Vary: ${e.vary.join(', ')}` : 'no Vary';
  return {
    lane: 'http',
    key: `${e.url} (${vary}${e.credentialed ? ', credentialed' : ''})`,
    tokens: [{ label: `a ${e.status} response`, expiresAtMs: nowMs + (e.freshnessSeconds - e.ageSeconds) * 1000 }],
  };
}

/** A snapshot of the caches at `nowMs` on the virtual clock. */
export function snapshotCaches(preflight: PreflightCache, http: HttpCache, nowMs: number): CacheRow[] {
  return [...preflight.entries().map(preflightRow), ...http.entries(nowMs).map((e) => httpRow(e, nowMs))];
}
