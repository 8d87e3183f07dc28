/**
 * The HTTP cache through corsFetch: one HttpCache and one virtual clock shared by the fetches of a page, a server
 * written as a function. What each test asserts is what page script or the server would see.
 */
import { describe, expect, it } from 'vitest';
import type { CookieStore, HeaderPairs, WireRequest } from './ports.js';
import type { FetchInit } from './request.js';
import type { BrowserProfile } from './profiles/profile.js';
import { corsFetch, type FetchOutcome } from './fetch.js';
import { describeTraceEvent } from './describe-trace.js';
import { getHeader } from './headers.js';
import { HttpCache, MemoryHttpCacheStore, type StoredResponse } from './http-cache.js';
import { PreflightCache } from './preflight-cache.js';
import { chromium } from './profiles/chromium.js';
import { firefox } from './profiles/firefox.js';
import { webkit } from './profiles/webkit.js';

const PAGE = new URL('http://app.example.test:47001/');
const API = 'http://api.example.test:47002';
const OTHER = 'http://other.test:47003';
const DATE = 'Sun, 11 Jan 2026 00:00:00 GMT';

interface Answer { readonly status?: number; readonly headers?: HeaderPairs; readonly body?: string }
type Server = (request: WireRequest) => Answer;

const encoder = new TextEncoder();
const origin = (r: WireRequest): string => getHeader(r.headers, 'Origin') ?? '';

/** A page of `profile` whose fetches share one HTTP cache; `seen` lists what reached the server. */
function page(profile: BrowserProfile, server: Server, opts: { page?: URL; cache?: HttpCache; cookies?: CookieStore } = {}) {
  let now = 5_000;
  const seen: WireRequest[] = [];
  const httpCache = opts.cache ?? new HttpCache(profile.httpCache);
  const env = {
    page: opts.page ?? PAGE, profile, clock: { now: () => now }, cache: new PreflightCache(profile.preflightCache), httpCache, cookies: opts.cookies,
    transport: {
      send(request: WireRequest) {
        seen.push(request);
        const a = server(request);
        const headers: HeaderPairs = [['Date', DATE], ...(a.headers ?? [])];
        return Promise.resolve({ ok: true as const, response: { status: a.status ?? 200, statusText: '', headers, body: encoder.encode(a.body ?? 'ok') } });
      },
    },
  };
  return {
    seen, httpCache,
    fetch: (url: string, init: FetchInit = {}): Promise<FetchOutcome> => corsFetch(url, init, env),
    advance: (ms: number) => { now += ms; },
  };
}

const last = (seen: WireRequest[]): WireRequest => seen[seen.length - 1] as WireRequest;
const cacheDetails = (o: FetchOutcome): string[] => o.trace.filter((e) => e.facts.what.startsWith('http-cache-')).map(describeTraceEvent);

/** Reflects the request's Origin (empty when it has none), fresh for ten minutes, no Vary. */
const reflecting = (extra: HeaderPairs = []): Server => (r) => ({ headers: [['Cache-Control', 'max-age=600'], ['Access-Control-Allow-Origin', origin(r)], ...extra] });
/** Sends a cross-origin request back to API/data: the request arrives there with `Origin: null`. */
const viaOther = (api: Server): Server => (r) => r.url.startsWith(OTHER)
  ? { status: 302, headers: [['Location', `${API}/data`], ['Access-Control-Allow-Origin', origin(r)]] } : api(r);

describe('a stored response answers a later CORS request (the false "allowed" a cache-less model gives)', () => {
  it('a no-cors GET stores a response without Vary: Origin; a cors GET is served it and blocked without reaching the server', async () => {
    const b = page(chromium, reflecting());
    expect((await b.fetch(`${API}/data`, { mode: 'no-cors' })).ok).toBe(true);
    const cors = await b.fetch(`${API}/data`);
    expect(cors.ok).toBe(false);
    expect(cors.ok ? null : cors.reason.code).toBe('InvalidAllowOriginValue');
    expect(cors.wire).toEqual([]);
    expect(b.seen).toHaveLength(1);
    expect(cacheDetails(cors)[0]).toMatch(/^Served from the HTTP cache: stored 0 s ago, fresh for 600 s; it has no Vary/);
  });

  it('a response stored with the page origin in Access-Control-Allow-Origin blocks a later Origin: null request', async () => {
    const b = page(chromium, viaOther(reflecting()));
    expect((await b.fetch(`${API}/data`)).ok).toBe(true);
    const tainted = await b.fetch(`${OTHER}/hop`);
    expect(tainted.ok ? null : tainted.reason.code).toBe('AllowOriginMismatch');
    expect(tainted.wire.map((x) => x.request.url)).toEqual([`${OTHER}/hop`]);
  });

  it('Vary: Origin keeps them apart: the null-origin request goes to the server and is allowed', async () => {
    const b = page(chromium, viaOther(reflecting([['Vary', 'Origin']])));
    await b.fetch(`${API}/data`);
    const tainted = await b.fetch(`${OTHER}/hop`);
    expect(tainted.ok).toBe(true);
    expect(origin(last(b.seen))).toBe('null');
    expect(cacheDetails(tainted).some((d) => d.includes("Vary (origin) does not match"))).toBe(true);
  });

  it('WebKit follows a redirect from the network past its cache (recorded: httpcache-acao-origin-then-null)', async () => {
    const b = page(webkit, viaOther(reflecting()));
    await b.fetch(`${API}/data`);
    expect((await b.fetch(`${OTHER}/hop`)).ok).toBe(true);
    expect(origin(last(b.seen))).toBe('null');
  });
});

describe('freshness on the injected clock', () => {
  it('max-age: fresh until it has passed, then the request goes out again', async () => {
    const b = page(chromium, () => ({ headers: [['Cache-Control', 'max-age=60'], ['Access-Control-Allow-Origin', '*']] }));
    await b.fetch(`${API}/a`);
    b.advance(59_000);
    expect((await b.fetch(`${API}/a`)).wire).toEqual([]);
    b.advance(2_000);
    expect((await b.fetch(`${API}/a`)).wire).toHaveLength(1);
  });

  it('must-revalidate: reused while fresh, revalidated once stale', async () => {
    const b = page(chromium, () => ({ headers: [['Cache-Control', 'max-age=60, must-revalidate'], ['ETag', '"m"'], ['Access-Control-Allow-Origin', '*']] }));
    await b.fetch(`${API}/m`);
    expect((await b.fetch(`${API}/m`)).wire).toEqual([]);
    b.advance(61_000);
    await b.fetch(`${API}/m`);
    expect(getHeader(last(b.seen).headers, 'If-None-Match')).toBe('"m"');
  });

  it('Last-Modified alone: fresh for a tenth of the time since the last modification', async () => {
    // Modified ten days before the response's Date: fresh for a day.
    const b = page(chromium, () => ({ headers: [['Last-Modified', 'Thu, 01 Jan 2026 00:00:00 GMT'], ['Access-Control-Allow-Origin', '*']] }));
    await b.fetch(`${API}/app.js`);
    b.advance(23 * 3600_000);
    expect((await b.fetch(`${API}/app.js`)).wire).toEqual([]);
    b.advance(2 * 3600_000);
    const stale = await b.fetch(`${API}/app.js`);
    expect(stale.wire.map((x) => getHeader(x.request.headers, 'If-Modified-Since'))).toEqual(['Thu, 01 Jan 2026 00:00:00 GMT']);
  });

  it('Firefox bounds the heuristic by a week; Chromium does not', async () => {
    const server: Server = () => ({ headers: [['Last-Modified', 'Sat, 11 Jan 2025 00:00:00 GMT'], ['Access-Control-Allow-Origin', '*']] });
    const results = await Promise.all([chromium, firefox].map(async (profile) => {
      const b = page(profile, server);
      await b.fetch(`${API}/old.css`);
      b.advance(8 * 24 * 3600_000);
      return (await b.fetch(`${API}/old.css`)).wire.length;
    }));
    expect(results).toEqual([0, 1]);
  });

  it('a 301 without freshness information is reused by Chromium and WebKit, not by Firefox', async () => {
    const server: Server = (r) => r.url.endsWith('/old')
      ? { status: 301, headers: [['Location', `${API}/new`], ['Access-Control-Allow-Origin', '*']] } : { headers: [['Access-Control-Allow-Origin', '*']] };
    const asked = await Promise.all([chromium, webkit, firefox].map(async (profile) => {
      const b = page(profile, server);
      await b.fetch(`${API}/old`);
      return (await b.fetch(`${API}/old`)).wire.map((x) => new URL(x.request.url).pathname);
    }));
    expect(asked).toEqual([['/new'], ['/new'], ['/old', '/new']]);
  });
});

describe('validators and 304', () => {
  const etagged: Server = (r) => getHeader(r.headers, 'If-None-Match') === '"v1"'
    ? { status: 304, headers: [['ETag', '"v1"'], ['X-Fresh', 'yes'], ['Cache-Control', 'no-cache']], body: '' }
    : { headers: [['ETag', '"v1"'], ['Cache-Control', 'no-cache'], ['Access-Control-Allow-Origin', '*'], ['Access-Control-Expose-Headers', '*']], body: 'body v1' };

  it('a stored response that must be revalidated goes out with If-None-Match; a 304 serves the stored body with the new headers', async () => {
    const b = page(chromium, etagged);
    await b.fetch(`${API}/etag`);
    const again = await b.fetch(`${API}/etag`);
    expect(getHeader(last(b.seen).headers, 'If-None-Match')).toBe('"v1"');
    expect(again.wire[0]?.response?.status).toBe(304);
    expect(again.ok && again.response.status).toBe(200);
    expect(again.ok && new TextDecoder().decode(again.response.body)).toBe('body v1');
    expect(again.ok && getHeader(again.response.headers, 'X-Fresh')).toBe('yes');
  });

  it('a 304 that script asked for itself (its own If-None-Match) reaches script as a 304', async () => {
    const b = page(webkit, etagged);
    const own = await b.fetch(`${PAGE.origin}/etag`, { headers: [['If-None-Match', '"v1"']] });
    expect(own.ok ? own.response.status : own.reason.code).toBe(304);
  });
});

describe('cache modes', () => {
  const fresh: Server = () => ({ headers: [['Cache-Control', 'max-age=600'], ['ETag', '"f1"'], ['Access-Control-Allow-Origin', '*']] });

  it('no-store neither reads nor writes, and the request says Pragma / Cache-Control: no-cache', async () => {
    const b = page(chromium, fresh);
    await b.fetch(`${API}/x`, { cache: 'no-store' });
    expect([getHeader(last(b.seen).headers, 'Pragma'), getHeader(last(b.seen).headers, 'Cache-Control')]).toEqual(['no-cache', 'no-cache']);
    expect((await b.fetch(`${API}/x`)).wire).toHaveLength(1);
  });

  it('reload skips the stored response but stores the new one', async () => {
    const b = page(firefox, fresh);
    await b.fetch(`${API}/x`);
    expect((await b.fetch(`${API}/x`, { cache: 'reload' })).wire).toHaveLength(1);
    expect((await b.fetch(`${API}/x`)).wire).toEqual([]);
  });

  it('no-cache revalidates even a fresh response, with Cache-Control: max-age=0', async () => {
    const b = page(webkit, fresh);
    await b.fetch(`${API}/x`);
    await b.fetch(`${API}/x`, { cache: 'no-cache' });
    expect([getHeader(last(b.seen).headers, 'Cache-Control'), getHeader(last(b.seen).headers, 'If-None-Match')]).toEqual(['max-age=0', '"f1"']);
  });

  it('force-cache uses a stale response', async () => {
    const b = page(chromium, () => ({ headers: [['Cache-Control', 'max-age=1'], ['Access-Control-Allow-Origin', '*']] }));
    await b.fetch(`${API}/x`);
    b.advance(10_000);
    expect((await b.fetch(`${API}/x`, { cache: 'force-cache' })).wire).toEqual([]);
  });

  it('only-if-cached: a stored response, or a network error (Chromium: ERR_CACHE_MISS; WebKit loads it instead)', async () => {
    const same = `${PAGE.origin}/p`;
    const b = page(chromium, fresh);
    await b.fetch(same, { mode: 'same-origin' });
    expect((await b.fetch(same, { mode: 'same-origin', cache: 'only-if-cached' })).ok).toBe(true);
    const miss = await b.fetch(`${PAGE.origin}/q`, { mode: 'same-origin', cache: 'only-if-cached' });
    expect(miss.ok ? null : [miss.reason.netError, miss.console]).toEqual(['ERR_CACHE_MISS', ['Failed to load resource: net::ERR_CACHE_MISS']]);
    expect((await page(webkit, fresh).fetch(`${PAGE.origin}/q`, { mode: 'same-origin', cache: 'only-if-cached' })).ok).toBe(true);
  });

  it('only-if-cached outside same-origin mode is a TypeError in each browser\'s words', async () => {
    const words = await Promise.all([chromium, firefox, webkit].map(async (p) => {
      const o = await page(p, fresh).fetch(`${API}/x`, { cache: 'only-if-cached' });
      return o.ok ? null : o.exception;
    }));
    expect(words).toEqual([
      "TypeError: Failed to execute 'fetch' on 'Window': 'only-if-cached' can be set only with 'same-origin' mode",
      "TypeError: Window.fetch: Request mode 'cors' was used, but request cache mode 'only-if-cached' can only be used with request mode 'same-origin'.",
      'TypeError: only-if-cached cache option requires fetch mode to be same-origin.',
    ]);
  });

  it('an unknown cache mode is a TypeError before anything goes out', async () => {
    const b = page(chromium, fresh);
    const o = await b.fetch(`${API}/x`, { cache: 'sometimes' });
    expect(o.ok ? null : o.reason.code).toBe('TypeError');
    expect(b.seen).toEqual([]);
  });
});

describe('script-set conditional headers change the mode (and the preflight)', () => {
  const server: Server = (r) => r.method === 'OPTIONS'
    ? { status: 204, headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Headers', '*']] }
    : { headers: [['Cache-Control', 'max-age=600'], ['Access-Control-Allow-Origin', '*']] };
  const probe = async (profile: BrowserProfile) => {
    const b = page(profile, server);
    await b.fetch(`${API}/c`, { headers: [['If-None-Match', '"zz"']] });
    const wire = b.seen.map((r) => [r.method, getHeader(r.headers, 'Pragma'), getHeader(r.headers, 'Cache-Control')]);
    const next = await b.fetch(`${API}/c`);
    return { wire, storedNothing: next.wire.length === 1 };
  };

  it('Chromium validates (Cache-Control: max-age=0 on preflight and request), Firefox no-store on both, WebKit no-store on the request only', async () => {
    expect(await probe(chromium)).toEqual({ wire: [['OPTIONS', null, 'max-age=0'], ['GET', null, 'max-age=0']], storedNothing: true });
    expect(await probe(firefox)).toEqual({ wire: [['OPTIONS', 'no-cache', 'no-cache'], ['GET', 'no-cache', 'no-cache']], storedNothing: true });
    expect(await probe(webkit)).toEqual({ wire: [['OPTIONS', null, null], ['GET', 'no-cache', 'no-cache']], storedNothing: true });
  });

  it("script's own Cache-Control wins over the one the mode adds", async () => {
    const b = page(chromium, server);
    await b.fetch(`${API}/c`, { headers: [['If-None-Match', '"zz"'], ['Cache-Control', 'no-cache']] });
    expect(b.seen.map((r) => getHeader(r.headers, 'Cache-Control'))).toEqual(['max-age=0', 'no-cache']);
  });
});

describe('keys and storage', () => {
  it('Firefox keeps credentialed and anonymous loads apart; Chromium shares them (recorded: httpcache-credentials-split)', async () => {
    const server = reflecting([['Access-Control-Allow-Credentials', 'true']]);
    const counts = await Promise.all([chromium, firefox].map(async (p) => {
      const b = page(p, server);
      await b.fetch(`${API}/me`);
      return (await b.fetch(`${API}/me`, { credentials: 'include' })).wire.length;
    }));
    expect(counts).toEqual([0, 1]);
  });

  it('pages of different sites sharing one cache do not share entries', async () => {
    const cache = new HttpCache(chromium.httpCache);
    const a = page(chromium, reflecting(), { cache });
    const other = page(chromium, reflecting(), { cache, page: new URL('http://elsewhere.test/') });
    await a.fetch(`${API}/data`);
    expect((await other.fetch(`${API}/data`)).wire).toHaveLength(1);
    expect(cache.entries(0).map((e) => e.partition).sort()).toEqual(['http://elsewhere.test', 'http://example.test']);
  });

  it('a successful unsafe request invalidates the stored response of its URL', async () => {
    const b = page(chromium, (r) => (r.method === 'OPTIONS'
      ? { status: 204, headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'DELETE']] }
      : { headers: [['Cache-Control', 'max-age=600'], ['Access-Control-Allow-Origin', '*']] }));
    await b.fetch(`${API}/item`);
    await b.fetch(`${API}/item`, { method: 'DELETE' });
    expect((await b.fetch(`${API}/item`)).wire).toHaveLength(1);
  });

  it('Vary: * is never reused', async () => {
    const b = page(chromium, reflecting([['Vary', '*']]));
    await b.fetch(`${API}/v`);
    expect((await b.fetch(`${API}/v`)).wire).toHaveLength(1);
  });

  it('a stored response sets no cookies again and keeps no Set-Cookie', async () => {
    const set: string[] = [];
    const cookies: CookieStore = { getCookieHeader: () => '', setCookies: (_u, v) => { set.push(...v); return { stored: [...v], rejected: [] }; } };
    const b = page(chromium, reflecting([['Set-Cookie', 'sid=1'], ['Access-Control-Allow-Credentials', 'true']]), { cookies });
    await b.fetch(`${API}/c`, { credentials: 'include' });
    await b.fetch(`${API}/c`, { credentials: 'include' });
    expect(set).toEqual(['sid=1']);
  });

  it('Firefox loses an empty header value in the cache (recorded: httpcache-nocors-then-cors)', async () => {
    const b = page(firefox, reflecting());
    await b.fetch(`${API}/data`, { mode: 'no-cors' });
    const cors = await b.fetch(`${API}/data`);
    expect(cors.ok ? null : cors.reason.code).toBe('MissingAllowOriginHeader');
  });

  it('entries() reports age and freshness on the clock; clear() empties the cache', async () => {
    const b = page(chromium, reflecting([['ETag', '"e"']]));
    await b.fetch(`${API}/data`);
    const [entry] = b.httpCache.entries(5_000 + 4_000);
    expect(entry).toMatchObject({ url: `${API}/data`, status: 200, ageSeconds: 4, freshnessSeconds: 600, fresh: true, etag: '"e"', vary: [] });
    b.httpCache.clear();
    expect(b.httpCache.entries(0)).toEqual([]);
  });

  it('the memory store drops the least recently used entry when full', () => {
    const store = new MemoryHttpCacheStore(2);
    const entry = (key: string): StoredResponse => ({ key, url: key, partition: '', credentialed: false, requestHeaders: [], response: { status: 200, statusText: '', headers: [], body: new Uint8Array() }, storedAt: 0, clockOffset: 0, policy: {} });
    store.set(entry('a'));
    store.set(entry('b'));
    store.get('a');
    store.set(entry('c'));
    expect([...store.values()].map((e) => e.key)).toEqual(['a', 'c']);
  });
});

describe('review: freshness, memory bounds and shared state', () => {
  const lastModified = 'Sat, 01 Nov 2025 00:00:00 GMT';
  const notFound: Server = (r) => ({ status: 404, headers: [['Last-Modified', lastModified], ['Access-Control-Allow-Origin', origin(r)]] });

  it('Chromium applies the Last-Modified heuristic to 200/203/206 only: a 404 with Last-Modified goes back to the server', async () => {
    const b = page(chromium, notFound);
    await b.fetch(`${API}/missing`);
    b.advance(1000);
    await b.fetch(`${API}/missing`);
    expect(b.seen).toHaveLength(2);
  });

  it('Chromium still reuses a 200 with the same Last-Modified heuristically', async () => {
    const b = page(chromium, (r) => ({ headers: [['Last-Modified', lastModified], ['Access-Control-Allow-Origin', origin(r)]] }));
    await b.fetch(`${API}/found`);
    b.advance(1000);
    await b.fetch(`${API}/found`);
    expect(b.seen).toHaveLength(1);
  });

  it('a body over the per-entry bound is not stored: the next fetch reaches the server', async () => {
    const big = 'x'.repeat(chromium.httpCache.maxEntryBytes + 1);
    const b = page(chromium, (r) => ({ headers: [['Cache-Control', 'max-age=600'], ['Access-Control-Allow-Origin', origin(r)]], body: big }));
    expect((await b.fetch(`${API}/big`)).ok).toBe(true);
    await b.fetch(`${API}/big`);
    expect(b.seen).toHaveLength(2);
    expect(b.httpCache.entries(0)).toEqual([]);
  });

  it('the memory store evicts the least recently used entries to stay under its byte bound', () => {
    const store = new MemoryHttpCacheStore(Infinity, 100);
    const entry = (key: string, bytes: number): StoredResponse => ({
      key, url: key, partition: 'p', credentialed: false, requestHeaders: [], storedAt: 0, clockOffset: 0, policy: {},
      response: { status: 200, statusText: '', headers: [], body: new Uint8Array(bytes) },
    });
    store.set(entry('a', 40));
    store.set(entry('b', 40));
    store.get('a');
    store.set(entry('c', 40));
    expect([...store.values()].map((e) => e.key)).toEqual(['a', 'c']);
    store.set(entry('d', 101));
    expect([...store.values()].map((e) => e.key)).toEqual(['a', 'c']);
  });

  it('script that changes the bytes of one response does not change what the cache serves next', async () => {
    const b = page(chromium, reflecting());
    const first = await b.fetch(`${API}/data`);
    if (first.ok) first.response.body.fill(0x58);
    const second = await b.fetch(`${API}/data`);
    expect(b.seen).toHaveLength(1);
    expect(second.ok ? new TextDecoder().decode(second.response.body) : null).toBe('ok');
    if (second.ok) second.response.body.fill(0x59);
    const third = await b.fetch(`${API}/data`);
    expect(third.ok ? new TextDecoder().decode(third.response.body) : null).toBe('ok');
  });

  it('Chromium gives must-revalidate no heuristic freshness: the response is validated at once', async () => {
    const b = page(chromium, (r) => ({ headers: [['Last-Modified', lastModified], ['Cache-Control', 'must-revalidate'], ['Access-Control-Allow-Origin', origin(r)]] }));
    await b.fetch(`${API}/strict`);
    b.advance(1000);
    await b.fetch(`${API}/strict`);
    expect(b.seen).toHaveLength(2);
    expect(getHeader(last(b.seen).headers, 'If-Modified-Since')).toBe(lastModified);
  });

  it('Chromium treats a response Pragma: no-cache as no freshness, whatever Cache-Control says', async () => {
    const b = page(chromium, reflecting([['Pragma', 'no-cache']]));
    await b.fetch(`${API}/pragma`);
    await b.fetch(`${API}/pragma`);
    expect(b.seen).toHaveLength(2);
  });

  it('a response stored before the first dated one stays fresh for its max-age (the wall-clock offset is the one it was stored with)', async () => {
    let now = 5_000;
    const seen: string[] = [];
    const httpCache = new HttpCache(chromium.httpCache);
    const env = {
      page: PAGE, profile: chromium, clock: { now: () => now }, cache: new PreflightCache(chromium.preflightCache), httpCache,
      transport: {
        send(request: WireRequest) {
          seen.push(request.url);
          const headers: HeaderPairs = [['Cache-Control', 'max-age=600'], ['Access-Control-Allow-Origin', origin(request)]];
          if (request.url.endsWith('/dated')) headers.push(['Date', DATE]);
          return Promise.resolve({ ok: true as const, response: { status: 200, statusText: '', headers, body: encoder.encode('ok') } });
        },
      },
    };
    await corsFetch(`${API}/undated`, {}, env);
    await corsFetch(`${API}/dated`, {}, env);
    now += 1000;
    await corsFetch(`${API}/undated`, {}, env);
    expect(seen).toEqual([`${API}/undated`, `${API}/dated`]);
    expect(httpCache.entries(now).map((e) => Math.round(e.ageSeconds))).toEqual([1, 1]);
  });
});
