import { describe, expect, it } from 'vitest';
import type { LowercaseHeaderName } from './headers.js';
import { allowsRequest, PreflightCache, seededRandom, type PreflightCacheKey, type PreflightQuery, type PreflightResult } from './preflight-cache.js';
import { chromium } from './profiles/chromium.js';

const names = (...n: string[]) => n as LowercaseHeaderName[];
const PAGE = 'http://app.example.test:47001';
const URL_A = 'http://api.example.test:47002/data';

function key(over: Partial<PreflightCacheKey> = {}): PreflightCacheKey {
  return { partition: 'http://example.test', origin: PAGE, url: URL_A, credentials: false, ...over };
}
function result(methods: string[], headerNames: string[] = [], credentials = false): PreflightResult {
  return { methods, headerNames: names(...headerNames), credentials };
}
function query(method: string, headerNames: string[] = [], credentials = false): PreflightQuery {
  return { method, unsafeHeaderNames: names(...headerNames), credentials };
}
/** Chromium's cache policy; lookups use Chromium's rule for cached `*` and Authorization. */
function chromiumCache(random?: () => number): PreflightCache {
  return new PreflightCache(chromium.preflightCache, random);
}
const lookup = (cache: PreflightCache, k: PreflightCacheKey, q: PreflightQuery, now: number) =>
  cache.lookup(k, q, now, chromium.authorizationCoveredByCachedWildcard).status;

describe('PreflightCache (Chromium policy): hit and miss', () => {
  it.each<{ desc: string; stored: PreflightResult; storedKey?: Partial<PreflightCacheKey>; lookupKey?: Partial<PreflightCacheKey>; q: PreflightQuery; expected: string }>([
    { desc: 'same key, method listed: hit', stored: result(['PUT']), q: query('PUT'), expected: 'hit' },
    { desc: 'a longer path is another URL: miss', stored: result(['PUT']), lookupKey: { url: `${URL_A}/x` }, q: query('PUT'), expected: 'miss' },
    { desc: 'another URL: miss', stored: result(['PUT']), lookupKey: { url: 'http://api.example.test:47002/other' }, q: query('PUT'), expected: 'miss' },
    { desc: 'another query string is another URL: miss', stored: result(['PUT']), lookupKey: { url: `${URL_A}?q=1` }, q: query('PUT'), expected: 'miss' },
    { desc: 'another origin: miss', stored: result(['PUT']), lookupKey: { origin: 'http://other.test:47003' }, q: query('PUT'), expected: 'miss' },
    { desc: 'another network partition: miss', stored: result(['PUT']), lookupKey: { partition: 'http://other.test' }, q: query('PUT'), expected: 'miss' },
    { desc: 'a method not in the entry: insufficient', stored: result(['PUT']), q: query('DELETE'), expected: 'insufficient' },
    { desc: 'method match is case-sensitive: insufficient', stored: result(['PUT']), q: query('patch'), expected: 'insufficient' },
    { desc: 'a safelisted method with a listed header: hit', stored: result([], ['x-custom']), q: query('POST', ['x-custom']), expected: 'hit' },
    { desc: 'a header not in the entry: insufficient', stored: result(['PUT'], ['x-a']), q: query('PUT', ['x-b']), expected: 'insufficient' },
    { desc: 'a subset of the cached headers: hit', stored: result(['PUT'], ['x-a', 'x-b']), q: query('PUT', ['x-b']), expected: 'hit' },
    { desc: 'a cached * method covers any method without credentials', stored: result(['*']), q: query('DELETE'), expected: 'hit' },
    { desc: 'a cached * header covers a custom header', stored: result(['PUT'], ['*']), q: query('PUT', ['x-custom']), expected: 'hit' },
    { desc: 'a cached * header does not cover Authorization: a new preflight', stored: result(['PUT'], ['*']), q: query('PUT', ['authorization']), expected: 'insufficient' },
    { desc: 'a cached authorization entry covers Authorization', stored: result(['PUT'], ['authorization']), q: query('PUT', ['authorization']), expected: 'hit' },
    { desc: 'an entry made with credentials serves a request without', stored: result(['PUT'], [], true), storedKey: { credentials: true }, q: query('PUT'), expected: 'hit' },
    { desc: 'an entry made without credentials does not serve a request with', stored: result(['PUT']), lookupKey: { credentials: true }, q: query('PUT', [], true), expected: 'insufficient' },
    { desc: 'an entry made with credentials serves a request with credentials', stored: result(['PUT'], [], true), storedKey: { credentials: true }, lookupKey: { credentials: true }, q: query('PUT', [], true), expected: 'hit' },
    { desc: 'a * entry made with credentials is not a wildcard', stored: result(['*'], [], true), storedKey: { credentials: true }, q: query('PUT'), expected: 'insufficient' },
  ])('$desc', ({ stored, storedKey, lookupKey, q, expected }) => {
    const cache = chromiumCache();
    expect(cache.store(key(storedKey), stored, 600, 0)).toBe(true);
    expect(lookup(cache, key(lookupKey), q, 1000)).toBe(expected);
  });

  it('an insufficient entry is erased, so a second lookup misses (Chromium replaces it after a new preflight)', () => {
    const cache = chromiumCache();
    cache.store(key(), result(['PUT']), 600, 0);
    expect(lookup(cache, key(), query('DELETE'), 1)).toBe('insufficient');
    expect(lookup(cache, key(), query('PUT'), 2)).toBe('miss');
    expect(cache.size).toBe(0);
  });
});

describe('PreflightCache: expiry', () => {
  it.each([
    { desc: 'one millisecond before max-age: hit', maxAge: 5, at: 1000 + 4999, expected: 'hit' },
    { desc: 'exactly at max-age: expired', maxAge: 5, at: 1000 + 5000, expected: 'stale' },
    { desc: 'after max-age: expired', maxAge: 5, at: 1000 + 10_000, expected: 'stale' },
    { desc: 'at the store time: hit', maxAge: 1, at: 1000, expected: 'hit' },
    { desc: 'the 2-hour cap, just before: hit', maxAge: 7200, at: 1000 + 7_199_999, expected: 'hit' },
  ])('$desc', ({ maxAge, at, expected }) => {
    const cache = chromiumCache();
    cache.store(key(), result(['PUT']), maxAge, 1000);
    expect(lookup(cache, key(), query('PUT'), at)).toBe(expected);
  });

  it('an expired entry is removed on lookup', () => {
    const cache = chromiumCache();
    cache.store(key(), result(['PUT']), 5, 0);
    expect(lookup(cache, key(), query('PUT'), 5000)).toBe('stale');
    expect(cache.size).toBe(0);
    expect(lookup(cache, key(), query('PUT'), 5001)).toBe('miss');
  });

  it.each([
    { desc: 'max-age 0 is not stored', maxAge: 0 },
    { desc: 'a negative max-age is not stored', maxAge: -1 },
  ])('$desc', ({ maxAge }) => {
    const cache = chromiumCache();
    expect(cache.store(key(), result(['PUT']), maxAge, 0)).toBe(false);
    expect(cache.size).toBe(0);
    expect(lookup(cache, key(), query('PUT'), 0)).toBe('miss');
  });
});

describe('PreflightCache: updates and clearing', () => {
  it('a new preflight replaces the entry (methods and expiry), it does not merge', () => {
    const cache = chromiumCache();
    cache.store(key(), result(['PUT'], ['x-a']), 600, 0);
    cache.store(key(), result(['DELETE'], ['x-b']), 5, 1000);
    expect(cache.size).toBe(1);
    const [entry] = cache.entries();
    expect([...(entry?.methods.keys() ?? [])]).toEqual(['DELETE']);
    expect([...(entry?.headerNames.keys() ?? [])]).toEqual(['x-b']);
    expect(lookup(cache, key(), query('DELETE', ['x-b']), 5999)).toBe('hit');
    expect(lookup(cache, key(), query('DELETE', ['x-b']), 6000)).toBe('stale');
  });

  it('a credentialed and an uncredentialed preflight for one URL share one entry (credentials are not in the key)', () => {
    const cache = chromiumCache();
    cache.store(key({ credentials: false }), result(['PUT']), 600, 0);
    cache.store(key({ credentials: true }), result(['PUT'], [], true), 600, 0);
    expect(cache.size).toBe(1);
  });

  it('clearFor removes the entries of one (partition, origin, URL) and nothing else', () => {
    const cache = chromiumCache();
    cache.store(key(), result(['PUT']), 600, 0);
    cache.store(key({ url: `${URL_A}/2` }), result(['PUT']), 600, 0);
    cache.store(key({ origin: 'http://other.test:47003' }), result(['PUT']), 600, 0);
    expect(cache.clearFor('http://example.test', PAGE, URL_A)).toBe(1);
    expect(lookup(cache, key(), query('PUT'), 1)).toBe('miss');
    expect(lookup(cache, key({ url: `${URL_A}/2` }), query('PUT'), 1)).toBe('hit');
    expect(lookup(cache, key({ origin: 'http://other.test:47003' }), query('PUT'), 1)).toBe('hit');
    expect(cache.clearFor('http://example.test', PAGE, URL_A)).toBe(0);
  });

  it('clear empties the cache', () => {
    const cache = chromiumCache();
    cache.store(key(), result(['PUT']), 600, 0);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});

describe('PreflightCache: limits', () => {
  const base = 'http://api.example.test/';
  it.each([
    { desc: 'a URL of 1023 characters is cached', length: 1023, stored: true },
    { desc: 'a URL of exactly 1024 characters is never cached', length: 1024, stored: false },
    { desc: 'a URL of 2000 characters is never cached', length: 2000, stored: false },
  ])('$desc', ({ length, stored }) => {
    const url = base + 'x'.repeat(length - base.length);
    expect(url.length).toBe(length);
    const cache = chromiumCache();
    expect(cache.store(key({ url }), result(['PUT']), 600, 0)).toBe(stored);
    expect(lookup(cache, key({ url }), query('PUT'), 1)).toBe(stored ? 'hit' : 'miss');
  });

  it.each([
    { desc: 'purge from the start', random: () => 0 },
    { desc: 'purge from the middle', random: () => 0.5 },
    { desc: 'purge from the last entry, wrapping around', random: () => 0.99 },
    { desc: 'purge from seeded random positions', random: seededRandom(42) },
  ])('random purge keeps the size at or under capacity: $desc', ({ random }) => {
    const capacity = 20;
    const cache = new PreflightCache({ ...chromium.preflightCache, capacity }, random);
    for (let i = 0; i < 200; i++) {
      const k = key({ url: `${base}${i}` });
      cache.store(k, result(['PUT']), 600, i);
      expect(cache.size).toBeLessThanOrEqual(capacity);
      // The entry just stored is never the one purged.
      expect(lookup(cache, k, query('PUT'), i)).toBe('hit');
    }
  });

  it('a full cache purges 10 consecutive entries from the random position, wrapping at the end', () => {
    const capacity = 20;
    const cache = new PreflightCache({ ...chromium.preflightCache, capacity }, () => 0.99);
    for (let i = 0; i < capacity; i++) cache.store(key({ url: `${base}${i}` }), result(['PUT']), 600, 0);
    expect(cache.size).toBe(capacity);
    cache.store(key({ url: `${base}new` }), result(['PUT']), 600, 0);
    // Starting at the last entry, the purge wraps around: still 10 removed, and the new entry is kept.
    expect(cache.size).toBe(capacity - 10 + 1);
    expect(lookup(cache, key({ url: `${base}new` }), query('PUT'), 1)).toBe('hit');
  });

  it('updating an existing key in a full cache purges nothing', () => {
    const capacity = 20;
    const cache = new PreflightCache({ ...chromium.preflightCache, capacity }, () => 0);
    for (let i = 0; i < capacity; i++) cache.store(key({ url: `${base}${i}` }), result(['PUT']), 600, 0);
    cache.store(key({ url: `${base}5` }), result(['DELETE']), 600, 1);
    expect(cache.size).toBe(capacity);
  });

  it('Chromium holds 1024 entries before purging', () => {
    const cache = chromiumCache(() => 0);
    for (let i = 0; i < 1024; i++) cache.store(key({ url: `${base}${i}` }), result(['PUT']), 600, 0);
    expect(cache.size).toBe(1024);
    cache.store(key({ url: `${base}more` }), result(['PUT']), 600, 0);
    expect(cache.size).toBeLessThanOrEqual(1024);
    expect(cache.size).toBe(1024 - 10 + 1);
  });
});

describe('allowsRequest', () => {
  it.each<{ desc: string; r: PreflightResult; q: PreflightQuery; authByWildcard: boolean; expected: string }>([
    { desc: 'a credentialed request against an uncredentialed result', r: result(['PUT']), q: query('PUT', [], true), authByWildcard: true, expected: 'credentials' },
    { desc: 'an unlisted method', r: result(['PUT']), q: query('DELETE'), authByWildcard: true, expected: 'method' },
    { desc: 'an unlisted header', r: result(['PUT'], ['x-a']), q: query('PUT', ['x-b']), authByWildcard: true, expected: 'header' },
    { desc: 'Authorization under * when * covers it', r: result(['PUT'], ['*']), q: query('PUT', ['authorization']), authByWildcard: true, expected: 'ok' },
    { desc: 'Authorization under * when * does not cover it (the spec rule)', r: result(['PUT'], ['*']), q: query('PUT', ['authorization']), authByWildcard: false, expected: 'header' },
    { desc: 'everything listed', r: result(['PUT'], ['x-a', 'authorization']), q: query('PUT', ['authorization', 'x-a']), authByWildcard: false, expected: 'ok' },
  ])('$desc → $expected', ({ r, q, authByWildcard, expected }) => {
    const allows = allowsRequest(r, q, authByWildcard);
    expect(allows.ok ? 'ok' : allows.failed).toBe(expected);
  });
});
