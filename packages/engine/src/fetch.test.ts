/**
 * corsFetch end to end over an in-test transport (a function from WireRequest to a response that records
 * every request), a fake clock and a fresh Chromium preflight cache per test. The page is
 * http://app.example.test:47001/ as in the recordings; api.example.test is same-site, other.test cross-site.
 */
import { describe, expect, it } from 'vitest';
import type { CookieStore, HeaderPairs, NetworkResult, Transport, WireRequest } from './ports.js';
import type { FetchInit } from './request.js';
import { corsFetch, type FetchEnvironment, type FetchOutcome } from './fetch.js';
import { getHeader, sortAndCombine } from './headers.js';
import { PreflightCache } from './preflight-cache.js';
import { chromium } from './profiles/chromium.js';
import { firefox } from './profiles/firefox.js';
import { webkit } from './profiles/webkit.js';
import type { BrowserProfile } from './profiles/profile.js';

const PAGE = 'http://app.example.test:47001';
const API = 'http://api.example.test:47002';
const OTHER = 'http://other.test:47003';

interface Reply {
  readonly status?: number;
  readonly headers?: HeaderPairs;
  readonly body?: string;
}
type Handler = (req: WireRequest, url: URL) => Reply;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const h = (req: WireRequest, name: string): string | null => getHeader(req.headers, name);

/** A server that allows everything it is asked for, reflecting Origin / ACRM / ACRH, with credentials. */
function allowAll(extra: { maxAge?: string; body?: string; headers?: HeaderPairs } = {}): Handler {
  return (req) => {
    const base: HeaderPairs = [['Access-Control-Allow-Origin', h(req, 'Origin') ?? '*'], ['Access-Control-Allow-Credentials', 'true']];
    if (req.method === 'OPTIONS') {
      const headers: HeaderPairs = [...base, ['Access-Control-Allow-Methods', h(req, 'Access-Control-Request-Method') ?? ''],
        ['Access-Control-Allow-Headers', h(req, 'Access-Control-Request-Headers') ?? '']];
      if (extra.maxAge !== undefined) headers.push(['Access-Control-Max-Age', extra.maxAge]);
      return { status: 204, headers };
    }
    return { status: 200, headers: [...base, ['Content-Type', 'text/plain'], ...(extra.headers ?? [])], body: extra.body ?? 'ok' };
  };
}

interface Harness {
  readonly env: FetchEnvironment;
  readonly requests: WireRequest[];
  readonly cache: PreflightCache;
  readonly stored: string[];
  advance(ms: number): void;
  fetch(input: string, init?: FetchInit): Promise<FetchOutcome>;
}

/** Builds the environment; `transport` overrides the recording transport built from `handler`. */
function harness(handler: Handler, opts: { transport?: Transport; cookies?: boolean; profile?: BrowserProfile } = {}): Harness {
  const requests: WireRequest[] = [];
  let now = 1_000_000;
  const stored: string[] = [];
  const cookies: CookieStore = {
    getCookieHeader: () => 'sid=1',
    setCookies: (_url, values) => {
      stored.push(...values);
      return { stored: [...values], rejected: [] };
    },
  };
  const transport: Transport = opts.transport ?? {
    async send(req) {
      requests.push(req);
      const reply = handler(req, new URL(req.url));
      return { ok: true, response: { status: reply.status ?? 200, statusText: '', headers: reply.headers ?? [], body: encoder.encode(reply.body ?? '') } };
    },
  };
  const profile = opts.profile ?? chromium;
  const cache = new PreflightCache(profile.preflightCache);
  const env: FetchEnvironment = {
    page: new URL(`${PAGE}/`), profile, transport, clock: { now: () => now }, cache,
    cookies: opts.cookies ? cookies : undefined,
  };
  return { env, requests, cache, stored, advance: (ms) => { now += ms; }, fetch: (input, init = {}) => corsFetch(input, init, env) };
}

function nth<T>(list: readonly T[], i: number): T {
  const item = list[i];
  if (item === undefined) throw new Error(`no item ${i} in a list of ${list.length}`);
  return item;
}
const methods = (reqs: readonly WireRequest[]) => reqs.map((r) => `${r.method} ${r.url}`);
function response(outcome: FetchOutcome) {
  if (!outcome.ok) throw new Error(`expected a response, got ${outcome.reason.code}: ${outcome.reason.explanation}`);
  return outcome.response;
}
function failure(outcome: FetchOutcome) {
  if (outcome.ok) throw new Error(`expected a failure, got a ${outcome.response.type} response`);
  return outcome;
}

describe('simple requests go out without a preflight', () => {
  it.each<{ desc: string; init: FetchInit }>([
    { desc: 'GET', init: {} },
    { desc: 'HEAD', init: { method: 'HEAD' } },
    { desc: 'lower-case get (normalized to GET)', init: { method: 'get' } },
    { desc: 'POST with a string body (text/plain;charset=UTF-8)', init: { method: 'POST', body: 'x' } },
    { desc: 'POST with application/x-www-form-urlencoded', init: { method: 'POST', body: 'a=1', headers: [['Content-Type', 'application/x-www-form-urlencoded']] } },
    { desc: 'POST with multipart/form-data', init: { method: 'POST', body: 'x', headers: [['Content-Type', 'multipart/form-data; boundary=b']] } },
    { desc: 'GET with the four safelisted headers', init: { headers: [['Accept', 'text/plain'], ['Accept-Language', 'fr'], ['Content-Language', 'fr'], ['Content-Type', 'text/plain']] } },
    { desc: 'GET with Range: bytes=0-10', init: { headers: [['Range', 'bytes=0-10']] } },
    { desc: 'GET with Accept of exactly 128 bytes', init: { headers: [['Accept', 'a'.repeat(128)]] } },
    { desc: 'GET with a forbidden header (dropped, so no preflight)', init: { headers: [['Cookie', 'a=b'], ['Sec-Custom', '1']] } },
    { desc: 'GET with a client hint (Chromium safelists it)', init: { headers: [['DPR', '2']] } },
  ])('$desc', async ({ init }) => {
    const t = harness(allowAll());
    const r = response(await t.fetch(`${API}/data`, init));
    expect(r.type).toBe('cors');
    expect(t.requests.map((q) => q.method)).toEqual([init.method?.toUpperCase() ?? 'GET']);
    expect(h(nth(t.requests, 0), 'Origin')).toBe(PAGE);
    expect(h(nth(t.requests, 0), 'Cookie')).toBeNull();
  });
});

describe('the page of an environment', () => {
  it('speaks for the page it has at each fetch, when its URL changes between two', async () => {
    const t = harness(allowAll());
    await t.fetch(`${API}/a`);
    t.env.page.href = `${OTHER}/inbox`;
    await t.fetch(`${API}/b`);
    expect(t.requests.map((r) => [h(r, 'Origin'), h(r, 'Referer')])).toEqual([[PAGE, `${PAGE}/`], [OTHER, `${OTHER}/inbox`]]);
  });

  it('a page without a tuple origin gets a new opaque origin each fetch: nothing cached for one serves the next', async () => {
    const t = harness(allowAll({ maxAge: '600' }));
    const env = { ...t.env, page: new URL('about:blank') };
    for (let i = 0; i < 2; i++) await corsFetch(`${API}/put`, { method: 'PUT' }, env);
    expect(methods(t.requests)).toEqual([`OPTIONS ${API}/put`, `PUT ${API}/put`, `OPTIONS ${API}/put`, `PUT ${API}/put`]);
    expect(t.requests.map((r) => h(r, 'Origin'))).toEqual(['null', 'null', 'null', 'null']);
  });
});

describe('unsafe requests are preflighted', () => {
  it.each<{ desc: string; init: FetchInit; acrm: string; acrh: string | null }>([
    { desc: 'PUT', init: { method: 'PUT', body: 'x' }, acrm: 'PUT', acrh: null },
    { desc: 'DELETE', init: { method: 'delete' }, acrm: 'DELETE', acrh: null },
    { desc: 'patch, sent as written', init: { method: 'patch' }, acrm: 'patch', acrh: null },
    { desc: 'OPTIONS', init: { method: 'OPTIONS' }, acrm: 'OPTIONS', acrh: null },
    { desc: 'GET with a custom header', init: { headers: [['X-Custom', '1']] }, acrm: 'GET', acrh: 'x-custom' },
    { desc: 'POST application/json', init: { method: 'POST', body: '{}', headers: [['Content-Type', 'application/json']] }, acrm: 'POST', acrh: 'content-type' },
    { desc: 'mixed-case headers: lower-cased, sorted, joined with ","', init: { headers: [['X-B', '1'], ['x-a', '2'], ['X-C', '3'], ['Accept', '*/*']] }, acrm: 'GET', acrh: 'x-a,x-b,x-c' },
    { desc: 'the same name twice is listed once', init: { headers: [['X-A', '1'], ['x-a', '2']] }, acrm: 'GET', acrh: 'x-a' },
    { desc: 'Authorization', init: { headers: [['Authorization', 'Bearer t']] }, acrm: 'GET', acrh: 'authorization' },
    { desc: 'Range: bytes=-5 (suffix)', init: { headers: [['Range', 'bytes=-5']] }, acrm: 'GET', acrh: 'range' },
    { desc: 'Accept of 129 bytes', init: { headers: [['Accept', 'a'.repeat(129)]] }, acrm: 'GET', acrh: 'accept' },
    { desc: 'two short Accept values combined past 128 bytes (Chromium combines first)', init: { headers: [['Accept', 'a'.repeat(70)], ['Accept', 'a'.repeat(70)]] }, acrm: 'GET', acrh: 'accept' },
    { desc: 'Content-Type appended twice (text/plain, text/plain)', init: { method: 'POST', body: 'x', headers: [['Content-Type', 'text/plain'], ['Content-Type', 'text/plain']] }, acrm: 'POST', acrh: 'content-type' },
    { desc: 'X-HTTP-Method-Override: PUT (an ordinary unsafe header)', init: { headers: [['X-HTTP-Method-Override', 'PUT']] }, acrm: 'GET', acrh: 'x-http-method-override' },
  ])('$desc', async ({ init, acrm, acrh }) => {
    const t = harness(allowAll());
    response(await t.fetch(`${API}/data`, init));
    expect(t.requests.length).toBe(2);
    const preflight = nth(t.requests, 0);
    expect(preflight.method).toBe('OPTIONS');
    expect(h(preflight, 'Access-Control-Request-Method')).toBe(acrm);
    expect(h(preflight, 'Access-Control-Request-Headers')).toBe(acrh);
    expect(nth(t.requests, 1).method).toBe(acrm);
  });

  it('the exact wire: OPTIONS without fragment, credentials or script headers; then the actual request with cookies', async () => {
    const t = harness(allowAll(), { cookies: true });
    const r = response(await t.fetch(`${API}/data?q=1#frag`, { method: 'PUT', body: 'payload', credentials: 'include', headers: [['X-Custom', '1'], ['Authorization', 'Bearer t']] }));
    expect(r.status).toBe(200);
    expect(methods(t.requests)).toEqual([`OPTIONS ${API}/data?q=1`, `PUT ${API}/data?q=1`]);
    const [preflight, actual] = [nth(t.requests, 0), nth(t.requests, 1)];
    expect(Object.fromEntries(preflight.headers.map(([n, v]) => [n.toLowerCase(), v]))).toEqual({
      accept: '*/*',
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'authorization,x-custom',
      origin: PAGE,
      'user-agent': chromium.userAgent,
      'sec-fetch-mode': 'cors',
      referer: `${PAGE}/`,
      'accept-encoding': 'gzip, deflate',
      'accept-language': chromium.acceptLanguage,
    });
    expect(preflight.body).toBeNull();
    expect(h(actual, 'Origin')).toBe(PAGE);
    expect(h(actual, 'X-Custom')).toBe('1');
    expect(h(actual, 'Authorization')).toBe('Bearer t');
    expect(h(actual, 'Content-Type')).toBe('text/plain;charset=UTF-8');
    expect(h(actual, 'Cookie')).toBe('sid=1');
    expect(decoder.decode(actual.body ?? new Uint8Array())).toBe('payload');
  });

  it('a credentialed preflight carries no cookies, and a response Set-Cookie is stored before the CORS check', async () => {
    const t = harness((req) => req.method === 'OPTIONS'
      ? allowAll()(req, new URL(req.url))
      : { headers: [['Access-Control-Allow-Origin', PAGE], ['Set-Cookie', 'a=1']] }, { cookies: true });
    const out = failure(await t.fetch(`${API}/login`, { method: 'PUT', credentials: 'include' }));
    expect(out.reason.code).toBe('InvalidAllowCredentials');
    expect(h(nth(t.requests, 0), 'Cookie')).toBeNull();
    expect(h(nth(t.requests, 1), 'Cookie')).toBe('sid=1');
    expect(t.stored).toEqual(['a=1']);
  });

  it.each([
    { desc: "credentials 'same-origin' sends no cookie cross-origin", credentials: 'same-origin', cookie: null },
    { desc: "credentials 'omit' sends no cookie", credentials: 'omit', cookie: null },
    { desc: "credentials 'include' sends the cookie", credentials: 'include', cookie: 'sid=1' },
  ])('$desc', async ({ credentials, cookie }) => {
    const t = harness(allowAll(), { cookies: true });
    response(await t.fetch(`${API}/data`, { credentials }));
    expect(h(nth(t.requests, 0), 'Cookie')).toBe(cookie);
  });
});

describe('the preflight cache, on the clock', () => {
  it.each<{ desc: string; maxAge: string | string[] | null; advance: number; preflights: number }>([
    { desc: 'Max-Age 600, 599.999 s later: cached', maxAge: '600', advance: 599_999, preflights: 1 },
    { desc: 'Max-Age 600, exactly 600 s later: expired, preflight again', maxAge: '600', advance: 600_000, preflights: 2 },
    { desc: 'no Max-Age, 4.999 s later: cached for the 5 s default', maxAge: null, advance: 4_999, preflights: 1 },
    { desc: 'no Max-Age, 5 s later: expired', maxAge: null, advance: 5_000, preflights: 2 },
    { desc: 'Max-Age 2, 0.5 s later: cached (cache-maxage-2-expiry)', maxAge: '2', advance: 500, preflights: 1 },
    { desc: 'Max-Age 2, 3 s later: expired (cache-maxage-2-expiry)', maxAge: '2', advance: 3_000, preflights: 2 },
    { desc: 'Max-Age 0: never cached', maxAge: '0', advance: 0, preflights: 2 },
    { desc: 'Max-Age -1: never cached (cache-maxage-negative)', maxAge: '-1', advance: 100, preflights: 2 },
    { desc: 'Max-Age on two lines (10, 20): the 5 s default (cache-maxage-two-values)', maxAge: ['10', '20'], advance: 4_999, preflights: 1 },
    { desc: 'Max-Age 86400 is capped at 7200 s: 7199.999 s later cached', maxAge: '86400', advance: 7_199_999, preflights: 1 },
    { desc: 'Max-Age 86400 is capped at 7200 s: 7200 s later expired', maxAge: '86400', advance: 7_200_000, preflights: 2 },
  ])('$desc', async ({ maxAge, advance, preflights }) => {
    const t = harness((req) => {
      if (req.method !== 'OPTIONS') return allowAll()(req, new URL(req.url));
      const lines = maxAge === null ? [] : Array.isArray(maxAge) ? maxAge : [maxAge];
      return { status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT'], ...lines.map((v): [string, string] => ['Access-Control-Max-Age', v])] };
    });
    response(await t.fetch(`${API}/data`, { method: 'PUT' }));
    t.advance(advance);
    response(await t.fetch(`${API}/data`, { method: 'PUT' }));
    expect(t.requests.filter((r) => r.method === 'OPTIONS').length).toBe(preflights);
    expect(t.requests.filter((r) => r.method === 'PUT').length).toBe(2);
  });

  // probe-preflight-cache-then-mode-* and probe-preflight-cache-then-conditional, in all three browsers.
  it.each<{ profile: BrowserProfile; second: FetchInit; preflights: number }>([
    { profile: chromium, second: { cache: 'no-cache' }, preflights: 2 },
    { profile: chromium, second: { cache: 'reload' }, preflights: 2 },
    { profile: chromium, second: { cache: 'no-store' }, preflights: 2 },
    { profile: chromium, second: { cache: 'force-cache' }, preflights: 1 },
    { profile: chromium, second: { headers: [['If-None-Match', '"v1"']] }, preflights: 2 },
    { profile: firefox, second: { cache: 'no-cache' }, preflights: 1 },
    { profile: firefox, second: { cache: 'reload' }, preflights: 2 },
    { profile: firefox, second: { cache: 'no-store' }, preflights: 2 },
    { profile: firefox, second: { headers: [['If-None-Match', '"v1"']] }, preflights: 2 },
    { profile: webkit, second: { cache: 'reload' }, preflights: 1 },
    { profile: webkit, second: { cache: 'no-store' }, preflights: 1 },
    { profile: webkit, second: { headers: [['If-None-Match', '"v1"']] }, preflights: 1 },
  ])('$profile.name: a cached preflight and a second PUT with $second: $preflights preflight(s), the entry kept', async ({ profile, second, preflights }) => {
    const t = harness((req) => req.method === 'OPTIONS'
      ? { status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'x-custom, if-none-match'], ['Access-Control-Max-Age', '600']] }
      : allowAll()(req, new URL(req.url)), { profile });
    const put: FetchInit = { method: 'PUT', headers: [['X-Custom', '1']] };
    response(await t.fetch(`${API}/data`, put));
    response(await t.fetch(`${API}/data`, { ...put, ...second, headers: [...(put.headers as HeaderPairs), ...((second.headers as HeaderPairs | undefined) ?? [])] }));
    expect(t.requests.filter((r) => r.method === 'OPTIONS').length).toBe(preflights);
    // A skipped lookup still stores what its preflight approved: the third, plain PUT is served from the cache.
    response(await t.fetch(`${API}/data`, put));
    expect(t.requests.filter((r) => r.method === 'OPTIONS').length).toBe(preflights);
  });

  it.each<{ desc: string; first: FetchInit; second: FetchInit; secondUrl?: string; acah?: string; preflights: number }>([
    { desc: 'the same request again: one preflight', first: { method: 'PUT' }, second: { method: 'PUT' }, preflights: 1 },
    { desc: 'a subset of the cached headers: one preflight', first: { method: 'PUT', headers: [['X-A', '1'], ['X-B', '1']] }, second: { method: 'PUT', headers: [['X-B', '2']] }, preflights: 1 },
    { desc: 'a safelisted method with a cached header: one preflight', first: { method: 'PUT', headers: [['X-A', '1']] }, second: { method: 'POST', headers: [['X-A', '1']] }, preflights: 1 },
    { desc: 'another method (cache-other-method): two', first: { method: 'PUT' }, second: { method: 'DELETE' }, preflights: 2 },
    { desc: 'another header: two', first: { method: 'PUT', headers: [['X-A', '1']] }, second: { method: 'PUT', headers: [['X-B', '1']] }, preflights: 2 },
    { desc: 'another URL (cache-other-url): two', first: { method: 'PUT' }, second: { method: 'PUT' }, secondUrl: `${API}/other`, preflights: 2 },
    { desc: 'another query string (cache-other-query): two', first: { method: 'PUT' }, second: { method: 'PUT' }, secondUrl: `${API}/data?x=1`, preflights: 2 },
    { desc: 'include first serves omit next: one preflight', first: { method: 'PUT', credentials: 'include' }, second: { method: 'PUT', credentials: 'omit' }, preflights: 1 },
    { desc: 'same-origin first does not serve include next (cache-same-origin-then-include): two', first: { method: 'PUT' }, second: { method: 'PUT', credentials: 'include' }, preflights: 2 },
    { desc: 'X-Custom under a cached *: one preflight', first: { method: 'PUT', headers: [['X-Custom', '1']] }, second: { method: 'PUT', headers: [['X-Custom', '1']] }, acah: '*', preflights: 1 },
    { desc: 'Authorization under a cached *: preflighted every time', first: { method: 'PUT', headers: [['Authorization', 'a']] }, second: { method: 'PUT', headers: [['Authorization', 'a']] }, acah: '*', preflights: 2 },
    { desc: 'Authorization listed by name: one preflight', first: { method: 'PUT', headers: [['Authorization', 'a']] }, second: { method: 'PUT', headers: [['Authorization', 'a']] }, acah: 'authorization', preflights: 1 },
  ])('$desc', async ({ first, second, secondUrl, acah, preflights }) => {
    const t = harness((req, url) => req.method === 'OPTIONS' && acah !== undefined
      ? { status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', acah], ['Access-Control-Max-Age', '600']] }
      : allowAll({ maxAge: '600' })(req, url));
    response(await t.fetch(`${API}/data`, first));
    t.advance(100);
    response(await t.fetch(secondUrl ?? `${API}/data`, second));
    expect(t.requests.filter((r) => r.method === 'OPTIONS').length).toBe(preflights);
  });

  it('a new preflight replaces the cached entry: PUT, DELETE, then PUT again preflights three times', async () => {
    const t = harness(allowAll({ maxAge: '600' }));
    for (const method of ['PUT', 'DELETE', 'PUT']) response(await t.fetch(`${API}/data`, { method }));
    expect(t.requests.filter((r) => r.method === 'OPTIONS').map((r) => h(r, 'Access-Control-Request-Method'))).toEqual(['PUT', 'DELETE', 'PUT']);
  });

  it('a failed preflight is not cached (cache-failed-preflight-retried)', async () => {
    const t = harness((req) => req.method === 'OPTIONS'
      ? { status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'DELETE'], ['Access-Control-Max-Age', '600']] }
      : allowAll()(req, new URL(req.url)));
    for (let i = 0; i < 2; i++) expect(failure(await t.fetch(`${API}/data`, { method: 'PUT' })).reason.code).toBe('MethodDisallowedByPreflightResponse');
    expect(methods(t.requests)).toEqual([`OPTIONS ${API}/data`, `OPTIONS ${API}/data`]);
  });

  it('Chromium keeps the entry when the actual request then fails its CORS check', async () => {
    const t = harness((req) => req.method === 'OPTIONS'
      ? { status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Max-Age', '600']] }
      : { status: 200 });
    for (let i = 0; i < 2; i++) expect(failure(await t.fetch(`${API}/data`, { method: 'PUT' })).reason.code).toBe('MissingAllowOriginHeader');
    expect(methods(t.requests)).toEqual([`OPTIONS ${API}/data`, `PUT ${API}/data`, `PUT ${API}/data`]);
  });
});

describe('same-origin requests are never CORS-checked', () => {
  it.each<{ desc: string; init: FetchInit; status: number; origin: string | null }>([
    { desc: 'GET without any CORS header', init: {}, status: 200, origin: null },
    { desc: 'a 404 without any CORS header', init: {}, status: 404, origin: null },
    { desc: 'PUT with a custom header: no preflight, Origin sent (not GET/HEAD)', init: { method: 'PUT', headers: [['X-Custom', '1']], body: 'x' }, status: 200, origin: PAGE },
    { desc: 'lower-case patch: no preflight', init: { method: 'patch' }, status: 200, origin: PAGE },
    { desc: "mode 'same-origin'", init: { mode: 'same-origin' }, status: 200, origin: null },
  ])('$desc', async ({ init, status, origin }) => {
    const t = harness(() => ({ status, headers: [['Content-Type', 'text/plain'], ['X-Secret', 's'], ['Set-Cookie', 'a=1']], body: 'same' }));
    const r = response(await t.fetch(`${PAGE}/data`, init));
    expect(r.type).toBe('basic');
    expect(r.status).toBe(status);
    expect(decoder.decode(r.body)).toBe('same');
    expect(t.requests.length).toBe(1);
    expect(h(nth(t.requests, 0), 'Origin')).toBe(origin);
    // A basic response shows every header except Set-Cookie.
    expect(sortAndCombine(r.headers).map(([n]) => n)).toEqual(['content-type', 'x-secret']);
  });

  it("same-origin credentials send cookies to the page's own origin", async () => {
    const t = harness(() => ({}), { cookies: true });
    response(await t.fetch(`${PAGE}/data`));
    expect(h(nth(t.requests, 0), 'Cookie')).toBe('sid=1');
  });

  it("mode 'same-origin' to another port fails with DisallowedByMode and nothing goes out (mode-same-origin-other-port)", async () => {
    const t = harness(allowAll());
    const out = failure(await t.fetch('http://app.example.test:47002/data', { mode: 'same-origin' }));
    expect(out.reason.code).toBe('DisallowedByMode');
    expect(out.console).toEqual(['Fetch API cannot load http://app.example.test:47002/data. Request mode is "same-origin" but the URL\'s origin is not same as the request origin http://app.example.test:47001.']);
    expect(t.requests).toEqual([]);
  });
});

describe("mode 'no-cors'", () => {
  it.each<{ desc: string; init: FetchInit; reply: Reply; origin: string | null }>([
    { desc: 'GET, 200 with CORS headers (mode-no-cors-get)', init: { mode: 'no-cors' }, reply: { headers: [['Access-Control-Allow-Origin', PAGE], ['Content-Type', 'text/plain']], body: 'ok' }, origin: null },
    { desc: 'GET, 404 without CORS headers', init: { mode: 'no-cors' }, reply: { status: 404, headers: [['X-A', '1']], body: 'missing' }, origin: null },
    { desc: 'HEAD', init: { mode: 'no-cors', method: 'HEAD' }, reply: { headers: [['X-A', '1']] }, origin: null },
    { desc: 'POST carries Origin', init: { mode: 'no-cors', method: 'POST', body: 'x' }, reply: { status: 500, body: 'err' }, origin: PAGE },
    { desc: 'a custom header is dropped, no preflight (mode-no-cors-custom-header)', init: { mode: 'no-cors', headers: [['X-Custom', '1'], ['Accept', 'text/plain']] }, reply: { body: 'ok' }, origin: null },
  ])('$desc: an opaque response, status 0, no headers, empty body', async ({ init, reply, origin }) => {
    const t = harness(() => reply);
    const r = response(await t.fetch(`${API}/data`, init));
    expect(r).toEqual({ type: 'opaque', status: 0, statusText: '', url: '', redirected: false, headers: [], body: new Uint8Array(0) });
    expect(t.requests.length).toBe(1);
    expect(h(nth(t.requests, 0), 'Origin')).toBe(origin);
    expect(h(nth(t.requests, 0), 'X-Custom')).toBeNull();
  });

  it('a no-cors redirect to another origin is followed and stays opaque', async () => {
    const t = harness((_req, url) => url.pathname === '/start' ? { status: 302, headers: [['Location', `${OTHER}/end`]] } : { body: 'end' });
    expect(response(await t.fetch(`${API}/start`, { mode: 'no-cors' })).type).toBe('opaque');
    expect(methods(t.requests)).toEqual([`GET ${API}/start`, `GET ${OTHER}/end`]);
  });

  it.each([
    { desc: "redirect 'error' (redirect-mode-error-no-cors)", redirect: 'error' },
    { desc: "redirect 'manual' (redirect-mode-manual-no-cors)", redirect: 'manual' },
  ])('$desc fails before anything goes out', async ({ redirect }) => {
    const t = harness(allowAll());
    const out = failure(await t.fetch(`${API}/start`, { mode: 'no-cors', redirect }));
    expect(out.reason.code).toBe('NoCorsRedirectModeNotFollow');
    expect(out.exception).toBe('TypeError: Failed to fetch');
    expect(out.console).toEqual(['Fetch API cannot load http://api.example.test:47002/start. Request mode is "no-cors" but the redirect mode is not "follow".']);
    expect(t.requests).toEqual([]);
  });
});

describe('redirects', () => {
  it.each<{ desc: string; reply: Reply; ok: boolean }>([
    { desc: 'an allowed 302 gives an opaqueredirect response (redirect-mode-manual-cross)', reply: { status: 302, headers: [['Access-Control-Allow-Origin', PAGE], ['Location', `${API}/end`]] }, ok: true },
    { desc: 'a 302 without ACAO fails the CORS check first (redirect-manual-missing-acao)', reply: { status: 302, headers: [['Location', `${API}/end`]] }, ok: false },
  ])("redirect 'manual': $desc", async ({ reply, ok }) => {
    const t = harness(() => reply);
    const out = await t.fetch(`${API}/start`, { redirect: 'manual' });
    expect(t.requests.length).toBe(1);
    if (ok) {
      expect(response(out)).toEqual({ type: 'opaqueredirect', status: 0, statusText: '', url: `${API}/start`, redirected: false, headers: [], body: new Uint8Array(0) });
    } else {
      expect(failure(out).reason.code).toBe('MissingAllowOriginHeader');
    }
  });

  it("redirect 'manual' on the page's own origin needs no CORS header", async () => {
    const t = harness(() => ({ status: 301, headers: [['Location', `${API}/x`]] }));
    expect(response(await t.fetch(`${PAGE}/start`, { redirect: 'manual' })).type).toBe('opaqueredirect');
  });

  it("redirect 'error' fails as a network error", async () => {
    const t = harness(() => ({ status: 302, headers: [['Access-Control-Allow-Origin', PAGE], ['Location', `${API}/end`]] }));
    const out = failure(await t.fetch(`${API}/start`, { redirect: 'error' }));
    expect(out.reason.code).toBe('Network');
    expect(t.requests.length).toBe(1);
  });

  it('a 3xx without Location is an ordinary response', async () => {
    const t = harness(() => ({ status: 302, headers: [['Access-Control-Allow-Origin', PAGE]], body: 'no location' }));
    const r = response(await t.fetch(`${API}/start`));
    expect([r.type, r.status, r.redirected]).toEqual(['cors', 302, false]);
  });

  it.each<{ desc: string; start: string; hops: string[]; origins: Array<string | null> }>([
    { desc: 'api → api: the origin stays', start: `${API}/a`, hops: [`${API}/b`], origins: [PAGE, PAGE] },
    { desc: 'api → other.test: tainted, Origin null (redirect-tainted-reflect)', start: `${API}/a`, hops: [`${OTHER}/b`], origins: [PAGE, 'null'] },
    { desc: 'api → other.test → api → api: null from the second hop on (redirect-chain-3)', start: `${API}/a`, hops: [`${OTHER}/b`, `${API}/c`, `${API}/end`], origins: [PAGE, 'null', 'null', 'null'] },
    { desc: "api → the page's origin: tainted, and still a CORS request (redirect-301-to-same-origin)", start: `${API}/a`, hops: [`${PAGE}/b`], origins: [PAGE, 'null'] },
    { desc: 'page → api: not tainted (redirect-same-origin-to-cross)', start: `${PAGE}/a`, hops: [`${API}/b`], origins: [null, PAGE] },
    { desc: 'page → page → api: not tainted', start: `${PAGE}/a`, hops: [`${PAGE}/b`, `${API}/c`], origins: [null, null, PAGE] },
    { desc: 'page → api → api: not tainted', start: `${PAGE}/a`, hops: [`${API}/b`, `${API}/c`], origins: [null, PAGE, PAGE] },
    { desc: 'page → api → page: tainted on the way back', start: `${PAGE}/a`, hops: [`${API}/b`, `${PAGE}/c`], origins: [null, PAGE, 'null'] },
  ])('Origin along a redirect chain: $desc', async ({ start, hops, origins }) => {
    const chain = [start, ...hops];
    const t = harness((req) => {
      const i = chain.indexOf(req.url);
      const acao: HeaderPairs = [['Access-Control-Allow-Origin', '*']];
      return i < chain.length - 1 ? { status: 302, headers: [...acao, ['Location', nth(chain, i + 1)]] } : { headers: acao, body: 'end' };
    });
    const r = response(await t.fetch(start));
    expect(r.redirected).toBe(true);
    expect(r.url).toBe(nth(chain, chain.length - 1));
    expect(t.requests.map((q) => q.url)).toEqual(chain);
    expect(t.requests.map((q) => h(q, 'Origin'))).toEqual(origins);
  });

  it.each([
    { location: '/end', url: `${API}/end#frag` },
    { location: '/end#other', url: `${API}/end#other` },
  ])('a Location $location keeps the fragment it has, or takes the request URL\'s (rnd-m5-180, rnd-m5-071)', async ({ location, url }) => {
    const t = harness((_req, u) => u.pathname === '/start'
      ? { status: 302, headers: [['Access-Control-Allow-Origin', PAGE], ['Location', location]] }
      : { headers: [] });
    const out = failure(await t.fetch(`${API}/start#frag`));
    expect(out.url).toBe(url);
    expect(nth(t.requests, 1).url).toBe(`${API}/end`);
  });

  it('once tainted, an ACAO naming the page origin no longer matches', async () => {
    const t = harness((_req, url) => url.pathname === '/start'
      ? { status: 302, headers: [['Access-Control-Allow-Origin', PAGE], ['Location', `${OTHER}/end`]] }
      : { headers: [['Access-Control-Allow-Origin', PAGE]] });
    const out = failure(await t.fetch(`${API}/start`));
    expect(out.reason.code).toBe('AllowOriginMismatch');
    expect(out.reason.parameter).toBe(PAGE);
    expect(out.url).toBe(`${OTHER}/end`);
  });

  it.each<{ desc: string; status: number; method: string; after: string; rewritten: boolean }>([
    { desc: '301 turns POST into GET', status: 301, method: 'POST', after: 'GET', rewritten: true },
    { desc: '302 turns POST into GET (redirect-302-post-cross-to-cross-same-server)', status: 302, method: 'POST', after: 'GET', rewritten: true },
    { desc: '303 turns POST into GET (redirect-303-post-cross-to-cross-same-server)', status: 303, method: 'POST', after: 'GET', rewritten: true },
    { desc: '303 turns PUT into GET', status: 303, method: 'PUT', after: 'GET', rewritten: true },
    { desc: '303 keeps HEAD', status: 303, method: 'HEAD', after: 'HEAD', rewritten: false },
    { desc: '303 keeps GET', status: 303, method: 'GET', after: 'GET', rewritten: false },
    { desc: '301 keeps PUT and its body', status: 301, method: 'PUT', after: 'PUT', rewritten: false },
    { desc: '302 keeps DELETE', status: 302, method: 'DELETE', after: 'DELETE', rewritten: false },
    { desc: '307 keeps POST and its body', status: 307, method: 'POST', after: 'POST', rewritten: false },
    { desc: '308 keeps POST and its body (redirect-308-post-cross-to-cross-same-server)', status: 308, method: 'POST', after: 'POST', rewritten: false },
  ])('$desc', async ({ status, method, after, rewritten }) => {
    const t = harness((req, url) => url.pathname === '/start' && req.method !== 'OPTIONS'
      ? { status, headers: [['Access-Control-Allow-Origin', PAGE], ['Location', `${API}/end`]] }
      : allowAll()(req, url));
    const body = method === 'POST' || method === 'PUT' ? 'x' : null;
    response(await t.fetch(`${API}/start`, { method, body, headers: [['Content-Type', 'text/plain'], ['Content-Language', 'en'], ['X-Keep', '1']] }));
    const last = nth(t.requests, t.requests.length - 1);
    expect(`${last.method} ${last.url}`).toBe(`${after} ${API}/end`);
    // Request-body headers go with the body; other headers stay.
    expect(h(last, 'Content-Type')).toBe(rewritten ? null : 'text/plain');
    expect(h(last, 'Content-Language')).toBe(rewritten ? null : 'en');
    expect(h(last, 'X-Keep')).toBe('1');
    expect(last.body === null ? null : decoder.decode(last.body)).toBe(rewritten ? null : body);
  });

  it.each([
    { desc: 'WebKit turns a DELETE redirected to another origin into a GET, headers kept (probe-redirect-delete-308-cross-origin-body)', profile: webkit, to: OTHER, after: 'GET' },
    { desc: 'WebKit keeps a DELETE redirected within its origin (probe-redirect-delete-307-same-origin)', profile: webkit, to: API, after: 'DELETE' },
    { desc: 'Chromium keeps a DELETE redirected to another origin', profile: chromium, to: OTHER, after: 'DELETE' },
    { desc: 'Firefox keeps a DELETE redirected to another origin', profile: firefox, to: OTHER, after: 'DELETE' },
  ])('$desc', async ({ profile, to, after }) => {
    const t = harness((req, url) => url.pathname === '/start' && req.method !== 'OPTIONS'
      ? { status: 308, headers: [['Access-Control-Allow-Origin', '*'], ['Location', `${to}/end`]] }
      : allowAll()(req, url), { profile });
    response(await t.fetch(`${API}/start`, { method: 'DELETE', body: 'x', headers: [['Content-Type', 'text/plain']] }));
    const last = nth(t.requests, t.requests.length - 1);
    expect(`${last.method} ${last.url}`).toBe(`${after} ${to}/end`);
    expect(last.body === null ? null : decoder.decode(last.body)).toBe(after === 'GET' ? null : 'x');
    expect(h(last, 'Content-Type')).toBe('text/plain');
  });

  it.each([
    { desc: 'Chromium removes Width on a redirect that stays off the page origin, and the hop needs no preflight (probe-redirect-client-hint-width-unsafe)', profile: chromium, header: 'Width', to: API, kept: false },
    { desc: 'Chromium keeps Width on a redirect to the page origin (probe-redirect-client-hint-width-to-page)', profile: chromium, header: 'Width', to: PAGE, kept: true },
    { desc: 'Chromium keeps Save-Data, a hint sent by default (probe-redirect-client-hint-save-data)', profile: chromium, header: 'Save-Data', to: API, kept: true },
    { desc: 'Firefox keeps Width (probe-redirect-client-hint-width-unsafe)', profile: firefox, header: 'Width', to: API, kept: true },
  ])('$desc', async ({ profile, header, to, kept }) => {
    const t = harness((req, url) => url.pathname === '/start' && req.method !== 'OPTIONS'
      ? { status: 307, headers: [['Access-Control-Allow-Origin', PAGE], ['Location', `${to}/end`]] }
      : allowAll()(req, url), { profile });
    await t.fetch(`${API}/start`, { method: 'POST', body: 'x', headers: [[header, header === 'Width' ? '1.5' : 'on']] });
    const last = nth(t.requests, t.requests.length - 1);
    expect(`${last.method} ${last.url}`).toBe(`POST ${to}/end`);
    expect(h(last, header)).toBe(kept ? (header === 'Width' ? '1.5' : 'on') : null);
    if (!kept) expect(methods(t.requests)).toEqual([`OPTIONS ${API}/start`, `POST ${API}/start`, `POST ${API}/end`]);
  });

  it('a preflighted POST application/json answered 302 becomes a GET without a preflight (redirect-post-json-302)', async () => {
    const t = harness((req, url) => url.pathname === '/start' && req.method === 'POST'
      ? { status: 302, headers: [['Access-Control-Allow-Origin', PAGE], ['Location', `${API}/end`]] }
      : allowAll()(req, url));
    response(await t.fetch(`${API}/start`, { method: 'POST', body: '{}', headers: [['Content-Type', 'application/json']] }));
    expect(methods(t.requests)).toEqual([`OPTIONS ${API}/start`, `POST ${API}/start`, `GET ${API}/end`]);
  });

  it('a preflighted request redirected to another origin is preflighted again there, with Origin null (redirect-preflighted-actual-302-other-origin)', async () => {
    const t = harness((req, url) => {
      if (url.origin === API && req.method === 'PUT') return { status: 302, headers: [['Access-Control-Allow-Origin', PAGE], ['Location', `${OTHER}/end`]] };
      if (url.origin === OTHER && req.method === 'OPTIONS') return { status: 204, headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', '*'], ['Access-Control-Allow-Headers', '*']] };
      if (url.origin === OTHER) return { headers: [['Access-Control-Allow-Origin', '*']], body: 'end' };
      return allowAll()(req, url);
    });
    response(await t.fetch(`${API}/start`, { method: 'PUT', body: 'x', headers: [['X-Custom', '1']] }));
    expect(methods(t.requests)).toEqual([`OPTIONS ${API}/start`, `PUT ${API}/start`, `OPTIONS ${OTHER}/end`, `PUT ${OTHER}/end`]);
    expect(h(nth(t.requests, 2), 'Origin')).toBe('null');
    expect(h(nth(t.requests, 2), 'Access-Control-Request-Headers')).toBe('x-custom');
  });

  it.each([
    { desc: '20 redirects are followed', redirects: 20, ok: true },
    { desc: 'a 21st redirect fails with ERR_TOO_MANY_REDIRECTS (redirect-loop)', redirects: 21, ok: false },
  ])('$desc', async ({ redirects, ok }) => {
    const t = harness((_req, url) => {
      const n = Number(url.pathname.slice(1));
      return n < redirects
        ? { status: 302, headers: [['Access-Control-Allow-Origin', PAGE], ['Location', `/${n + 1}`]] }
        : { headers: [['Access-Control-Allow-Origin', PAGE]], body: 'done' };
    });
    const out = await t.fetch(`${API}/0`);
    expect(t.requests.length).toBe(21);
    if (ok) {
      expect(response(out).url).toBe(`${API}/20`);
    } else {
      const f = failure(out);
      expect([f.reason.code, f.reason.netError]).toEqual(['Network', 'ERR_TOO_MANY_REDIRECTS']);
      expect(f.console).toEqual(['Failed to load resource: net::ERR_TOO_MANY_REDIRECTS']);
      expect(f.exception).toBe('TypeError: Failed to fetch');
    }
  });

  it.each<{ desc: string; start: string; init?: FetchInit; location: string; ok: boolean }>([
    { desc: 'user:pass@ on another origin (redirect-userinfo)', start: `${API}/start`, location: 'http://user:pass@other.test:47003/end', ok: false },
    { desc: 'user@ on another origin', start: `${API}/start`, location: 'http://user@other.test:47003/end', ok: false },
    { desc: ':pass@ on another origin', start: `${API}/start`, location: 'http://:pass@other.test:47003/end', ok: false },
    { desc: "user:pass@ on the response's own origin (still a CORS request)", start: `${API}/start`, location: 'http://user:pass@api.example.test:47002/end', ok: false },
    { desc: 'a same-origin request redirected to a cross-origin URL with userinfo', start: `${PAGE}/start`, location: 'http://user:pass@api.example.test:47002/end', ok: false },
    { desc: "a same-origin request redirected to the page's origin with userinfo is followed", start: `${PAGE}/start`, location: 'http://user:pass@app.example.test:47001/end', ok: true },
    { desc: 'an empty userinfo (http://@host) is not credentials', start: `${API}/start`, location: 'http://@other.test:47003/end', ok: true },
    { desc: 'a no-cors request is not checked', start: `${API}/start`, init: { mode: 'no-cors' }, location: 'http://user:pass@other.test:47003/end', ok: true },
  ])('userinfo in Location: $desc', async ({ start, init, location, ok }) => {
    const t = harness((req) => req.url === start
      ? { status: 302, headers: [['Access-Control-Allow-Origin', '*'], ['Location', location]] }
      : { headers: [['Access-Control-Allow-Origin', '*']], body: 'end' });
    const out = await t.fetch(start, init ?? {});
    if (ok) {
      response(out);
      expect(t.requests.length).toBe(2);
    } else {
      const f = failure(out);
      expect(f.reason.code).toBe('RedirectContainsCredentials');
      expect(t.requests.length).toBe(1);
      expect(f.console).toEqual([`Access to fetch at '${start}' from origin '${PAGE}' has been blocked by CORS policy: Redirect location '' contains a username and password, which is disallowed for cross-origin requests.`,
        'Failed to load resource: net::ERR_FAILED']);
    }
  });

  it.each<{ desc: string; to: string; kept: boolean }>([
    { desc: 'a cross-origin redirect drops Authorization', to: `${OTHER}/b`, kept: false },
    { desc: 'a same-origin redirect keeps Authorization', to: `${API}/b`, kept: true },
  ])('$desc', async ({ to, kept }) => {
    const t = harness((req, url) => url.pathname === '/a' && req.method !== 'OPTIONS'
      ? { status: 307, headers: [['Access-Control-Allow-Origin', PAGE], ['Location', to]] }
      : allowAll()(req, url));
    response(await t.fetch(`${API}/a`, { headers: [['Authorization', 'Bearer t'], ['X-Other', '1']] }));
    const last = nth(t.requests, t.requests.length - 1);
    expect(last.url).toBe(to);
    expect(h(last, 'Authorization')).toBe(kept ? 'Bearer t' : null);
    expect(h(last, 'X-Other')).toBe('1');
    const lastPreflight = t.requests.filter((r) => r.method === 'OPTIONS').at(-1);
    expect(lastPreflight?.url).toBe(to);
    expect(h(lastPreflight as WireRequest, 'Access-Control-Request-Headers')).toBe(kept ? 'authorization,x-other' : 'x-other');
  });

  it.each([
    { desc: 'a data: Location is a network error, not a CORS one (probe-redirect-to-data)', location: 'data:text/plain,x', code: 'Network' },
    { desc: 'an unparsable Location fails', location: 'http://exa mple.test/', code: 'Network' },
  ])('$desc', async ({ location, code }) => {
    const t = harness(() => ({ status: 302, headers: [['Access-Control-Allow-Origin', PAGE], ['Location', location]] }));
    expect(failure(await t.fetch(`${API}/start`)).reason.code).toBe(code);
    expect(t.requests.length).toBe(1);
  });

  it('a relative Location resolves against the redirecting URL', async () => {
    const t = harness((_req, url) => url.pathname === '/dir/start'
      ? { status: 302, headers: [['Access-Control-Allow-Origin', PAGE], ['Location', 'end?x=1']] }
      : { headers: [['Access-Control-Allow-Origin', PAGE]] });
    expect(response(await t.fetch(`${API}/dir/start`)).url).toBe(`${API}/dir/end?x=1`);
  });
});

describe('the CORS filtered response', () => {
  const RESPONSE: HeaderPairs = [['Content-Type', 'text/plain'], ['Cache-Control', 'no-store'], ['Content-Language', 'en'], ['Content-Length', '7'],
    ['Expires', '0'], ['Last-Modified', 'Tue, 01 Jan 2030 00:00:00 GMT'], ['Pragma', 'no-cache'], ['X-Foo', 'foo'], ['X-Bar', 'bar1'],
    ['X-Bar', 'bar2'], ['Set-Cookie', 'visible=no; Path=/'], ['Set-Cookie2', 'x=1'], ['X-Secret', 's']];
  const SAFE = ['cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma'];

  it.each<{ desc: string; aceh: string[]; credentials: string; visible: string[] }>([
    { desc: 'no Access-Control-Expose-Headers: the 7 safelisted names only (expose-missing-cred-omit)', aceh: [], credentials: 'omit', visible: SAFE },
    { desc: 'a named header (expose-named-cred-omit)', aceh: ['X-Foo'], credentials: 'omit', visible: [...SAFE, 'x-foo'] },
    { desc: 'names match case-insensitively (expose-lower-list-cred-omit)', aceh: ['x-foo, x-BAR'], credentials: 'omit', visible: [...SAFE, 'x-bar', 'x-foo'] },
    { desc: 'two header lines combine (expose-two-lines-cred-include)', aceh: ['X-Foo', 'X-Bar'], credentials: 'include', visible: [...SAFE, 'x-bar', 'x-foo'] },
    { desc: '* without credentials exposes everything but Set-Cookie (expose-star-cred-omit)', aceh: ['*'], credentials: 'omit', visible: ['access-control-allow-credentials', 'access-control-allow-origin', 'access-control-expose-headers', ...SAFE, 'x-bar', 'x-foo', 'x-secret'].sort() },
    { desc: '* with credentials is a literal name (expose-star-cred-include)', aceh: ['*'], credentials: 'include', visible: SAFE },
    { desc: '* beside a name with credentials exposes the name (expose-star-and-name-cred-include)', aceh: ['*, X-Foo'], credentials: 'include', visible: [...SAFE, 'x-foo'] },
    { desc: 'Set-Cookie is never exposed (expose-set-cookie-cred-omit)', aceh: ['Set-Cookie, Set-Cookie2, X-Foo'], credentials: 'omit', visible: [...SAFE, 'x-foo'] },
    { desc: 'an invalid list exposes nothing more (expose-invalid-token-cred-omit)', aceh: ['X-Foo, bad header, X-Bar'], credentials: 'omit', visible: SAFE },
  ])('$desc', async ({ aceh, credentials, visible }) => {
    const t = harness(() => ({
      headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true'], ...RESPONSE,
        ...aceh.map((v): [string, string] => ['Access-Control-Expose-Headers', v])],
      body: 'exposed',
    }));
    const r = response(await t.fetch(`${API}/data`, { credentials }));
    const shown = sortAndCombine(r.headers);
    expect(shown.map(([n]) => n)).toEqual(visible);
    if (visible.includes('x-bar')) expect(shown).toContainEqual(['x-bar', 'bar1, bar2']);
    expect(decoder.decode(r.body)).toBe('exposed');
  });

  it.each([200, 201, 204, 400, 404, 500].map((status) => ({ desc: `status ${status} reaches script (actual-status-*-reflect)`, status })))('$desc', async ({ status }) => {
    const t = harness(() => ({ status, headers: [['Access-Control-Allow-Origin', PAGE]], body: 'b' }));
    const r = response(await t.fetch(`${API}/data`));
    expect([r.type, r.status, r.url, r.redirected]).toEqual(['cors', status, `${API}/data`, false]);
  });

  it('the response URL has no fragment', async () => {
    const t = harness(allowAll());
    expect(response(await t.fetch(`${API}/data#frag`)).url).toBe(`${API}/data`);
  });

  it.each<{ desc: string; headers: HeaderPairs; credentials: string }>([
    { desc: 'a padded ACAO passes once the parser trims it (acao-padded-value)', headers: [['Access-Control-Allow-Origin', `  ${PAGE}\t `]], credentials: 'same-origin' },
    { desc: 'a padded ACAC passes (acac-padded-preflight-include)', headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', '  true ']], credentials: 'include' },
    { desc: 'a padded * passes', headers: [['Access-Control-Allow-Origin', ' * ']], credentials: 'omit' },
  ])('$desc', async ({ headers, credentials }) => {
    const t = harness(() => ({ headers }));
    expect(response(await t.fetch(`${API}/data`, { credentials })).type).toBe('cors');
  });
});

describe('network failures are outcomes, never throws', () => {
  const failing = (send: Transport['send']): Transport => ({ send });
  it.each<{ desc: string; transport: Transport; netError: string }>([
    { desc: 'a transport that throws an Error', transport: failing(() => { throw new Error('boom'); }), netError: 'ERR_FAILED' },
    { desc: 'a transport that throws a string', transport: failing(() => { throw 'boom'; }), netError: 'ERR_FAILED' },
    { desc: 'a transport whose promise rejects', transport: failing(() => Promise.reject(new Error('later'))), netError: 'ERR_FAILED' },
    { desc: 'a refused connection reported as a value', transport: failing(async (): Promise<NetworkResult> => ({ ok: false, netError: 'ERR_CONNECTION_REFUSED', detail: 'refused' })), netError: 'ERR_CONNECTION_REFUSED' },
    { desc: 'an impossible status (42)', transport: failing(async (): Promise<NetworkResult> => ({ ok: true, response: { status: 42, statusText: '', headers: [], body: new Uint8Array() } })), netError: 'ERR_INVALID_HTTP_RESPONSE' },
  ])('$desc', async ({ transport, netError }) => {
    for (const init of [{}, { method: 'PUT' }] as FetchInit[]) {
      const t = harness(allowAll(), { transport });
      const out = failure(await t.fetch(`${API}/data`, init));
      expect(out.reason.code).toBe('Network');
      expect(out.reason.netError).toBe(netError);
      expect(out.reason.leg).toBe(init.method === 'PUT' ? 'preflight' : 'actual');
      expect(out.exception).toBe('TypeError: Failed to fetch');
      expect(out.console).toEqual([`Failed to load resource: net::${netError}`]);
    }
  });

  it('a transport failing only on the actual request, after a good preflight', async () => {
    let calls = 0;
    const t = harness(allowAll(), { transport: { send: async (req) => {
      calls++;
      if (req.method === 'OPTIONS') return { ok: true, response: { status: 204, statusText: '', headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT']], body: new Uint8Array() } };
      throw new Error('reset');
    } } });
    const out = failure(await t.fetch(`${API}/data`, { method: 'PUT' }));
    expect([out.reason.code, out.reason.netError, out.reason.leg]).toEqual(['Network', 'ERR_FAILED', 'actual']);
    expect(calls).toBe(2);
    expect(out.wire.map((w) => w.leg)).toEqual(['preflight', 'actual']);
  });

  it('a TypeError from the Request constructor prints nothing and sends nothing', async () => {
    const t = harness(allowAll());
    const out = failure(await t.fetch(`${API}/data`, { mode: 'no-cors', method: 'PUT' }));
    expect(out.reason.code).toBe('TypeError');
    expect(out.exception).toBe("TypeError: Failed to execute 'fetch' on 'Window': 'PUT' is unsupported in no-cors mode.");
    expect(out.console).toEqual([]);
    expect(t.requests).toEqual([]);
  });
});

/** Console lines copied word for word from /work/shared/conformance/chromium/<id>.result.json. */
describe('console lines as Chromium 156 printed them', () => {
  const DATA = `${API}/data`;
  it.each<{ desc: string; init: FetchInit; url?: string; handler: Handler; code: string; message: string }>([
    {
      desc: 'acao-missing-get-cred-same-origin', init: {}, handler: () => ({}), code: 'MissingAllowOriginHeader',
      message: "Access to fetch at 'http://api.example.test:47002/data' from origin 'http://app.example.test:47001' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    },
    {
      desc: 'acao-star-get-cred-include', init: { credentials: 'include' }, handler: () => ({ headers: [['Access-Control-Allow-Origin', '*']] }), code: 'WildcardOriginNotAllowed',
      message: "Access to fetch at 'http://api.example.test:47002/data' from origin 'http://app.example.test:47001' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
    },
    {
      desc: 'acao-two-lines-same-get-cred-same-origin', init: {}, handler: () => ({ headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Origin', PAGE]] }), code: 'MultipleAllowOriginValues',
      message: "Access to fetch at 'http://api.example.test:47002/data' from origin 'http://app.example.test:47001' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header contains multiple values 'http://app.example.test:47001, http://app.example.test:47001', but only one is allowed. Have the server send the header with a valid value.",
    },
    {
      desc: 'acao-star-quoted-get-cred-same-origin', init: {}, handler: () => ({ headers: [['Access-Control-Allow-Origin', '"*"']] }), code: 'InvalidAllowOriginValue',
      message: "Access to fetch at 'http://api.example.test:47002/data' from origin 'http://app.example.test:47001' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header contains the invalid value '\"*\"'. Have the server send the header with a valid value.",
    },
    {
      desc: 'acao-upper-case-host-get-cred-same-origin', init: {}, handler: () => ({ headers: [['Access-Control-Allow-Origin', 'http://APP.example.test:47001']] }), code: 'AllowOriginMismatch',
      message: "Access to fetch at 'http://api.example.test:47002/data' from origin 'http://app.example.test:47001' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'http://APP.example.test:47001' that is not equal to the supplied origin. Have the server send the header with a valid value.",
    },
    {
      desc: 'acac-title-true-cred-include', init: { credentials: 'include' }, handler: () => ({ headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'True']] }), code: 'InvalidAllowCredentials',
      message: "Access to fetch at 'http://api.example.test:47002/data' from origin 'http://app.example.test:47001' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Credentials' header in the response is 'True' which must be 'true' when the request's credentials mode is 'include'.",
    },
    {
      desc: 'acac-missing-preflight-include', init: { method: 'PUT', credentials: 'include' }, handler: () => ({ status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT']] }), code: 'PreflightInvalidAllowCredentials',
      message: "Access to fetch at 'http://api.example.test:47002/data' from origin 'http://app.example.test:47001' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.",
    },
    {
      desc: 'preflight-status-404 (ACAO present: the status is reported)', init: { method: 'PUT', body: 'x' }, handler: () => ({ status: 404, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT']], body: 'preflight-body' }), code: 'PreflightInvalidStatus',
      message: "Access to fetch at 'http://api.example.test:47002/data' from origin 'http://app.example.test:47001' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.",
    },
    {
      desc: 'preflight-acao-trailing-slash', init: { method: 'PUT' }, handler: () => ({ status: 204, headers: [['Access-Control-Allow-Origin', `${PAGE}/`], ['Access-Control-Allow-Methods', 'PUT']] }), code: 'PreflightAllowOriginMismatch',
      message: "Access to fetch at 'http://api.example.test:47002/data' from origin 'http://app.example.test:47001' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: The 'Access-Control-Allow-Origin' header has a value 'http://app.example.test:47001/' that is not equal to the supplied origin. Have the server send the header with a valid value.",
    },
    {
      desc: 'redirect-of-preflight', init: { method: 'PUT' }, handler: () => ({ status: 302, headers: [['Access-Control-Allow-Origin', PAGE], ['Location', `${API}/elsewhere`]] }), code: 'PreflightDisallowedRedirect',
      message: "Access to fetch at 'http://api.example.test:47002/data' from origin 'http://app.example.test:47001' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: Redirect is not allowed for a preflight request.",
    },
    {
      desc: 'method-patch-lower-acam-upper-list', init: { method: 'patch' }, handler: () => ({ status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'GET, PATCH, PUT']] }), code: 'MethodDisallowedByPreflightResponse',
      message: "Access to fetch at 'http://api.example.test:47002/data' from origin 'http://app.example.test:47001' has been blocked by CORS policy: Method patch is not allowed by Access-Control-Allow-Methods in preflight response.",
    },
    {
      desc: 'method-put-acam-invalid-token', init: { method: 'PUT' }, handler: () => ({ status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT, (bad), DELETE']] }), code: 'InvalidAllowMethodsPreflightResponse',
      message: "Access to fetch at 'http://api.example.test:47002/data' from origin 'http://app.example.test:47001' has been blocked by CORS policy: Cannot parse Access-Control-Allow-Methods response header field in preflight response.",
    },
    {
      desc: 'custom-one-acah-invalid-token', init: { method: 'POST', body: 'x', headers: [['X-Custom', '1']] }, handler: () => ({ status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Headers', 'x-custom, x b, x-a']] }), code: 'InvalidAllowHeadersPreflightResponse',
      message: "Access to fetch at 'http://api.example.test:47002/data' from origin 'http://app.example.test:47001' has been blocked by CORS policy: Cannot parse Access-Control-Allow-Headers response header field in preflight response.",
    },
    {
      desc: 'acah-star-custom-cred-include (the name is lower-cased)', init: { method: 'POST', body: 'x', credentials: 'include', headers: [['X-Custom', '1']] },
      handler: () => ({ status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Headers', '*']] }), code: 'HeaderDisallowedByPreflightResponse',
      message: "Access to fetch at 'http://api.example.test:47002/data' from origin 'http://app.example.test:47001' has been blocked by CORS policy: Request header field x-custom is not allowed by Access-Control-Allow-Headers in preflight response.",
    },
    {
      desc: 'redirect-wrong-acao-on-redirect (the redirect itself is checked)', init: {}, url: `${API}/start`,
      handler: () => ({ status: 302, headers: [['Access-Control-Allow-Origin', 'http://evil.test'], ['Location', `${API}/end`]] }), code: 'AllowOriginMismatch',
      message: "Access to fetch at 'http://api.example.test:47002/start' from origin 'http://app.example.test:47001' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'http://evil.test' that is not equal to the supplied origin. Have the server send the header with a valid value.",
    },
    {
      // Not in the recordings: the "(redirected from …)" part follows cors_error_string.cc (reference/browsers.md §1.2).
      desc: 'a failure after a redirect names both URLs', init: {}, url: `${API}/start`,
      handler: (_req, url) => url.pathname === '/start' ? { status: 302, headers: [['Access-Control-Allow-Origin', PAGE], ['Location', `${API}/end`]] } : {},
      code: 'MissingAllowOriginHeader',
      message: "Access to fetch at 'http://api.example.test:47002/end' (redirected from 'http://api.example.test:47002/start') from origin 'http://app.example.test:47001' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    },
  ])('$desc', async ({ init, url, handler, code, message }) => {
    const t = harness(handler);
    const out = failure(await t.fetch(url ?? DATA, init));
    expect(out.reason.code).toBe(code);
    // The CORS line, then the loader's (probe-console-missing-acao).
    expect(out.console).toEqual([message, 'Failed to load resource: net::ERR_FAILED']);
    expect(out.reasonLine).toBe(0);
    expect(out.exception).toBe('TypeError: Failed to fetch');
  });
});

describe('error parameter as Chromium records it', () => {
  const cases: Array<{ desc: string; init: FetchInit; url?: string; handler: Handler; code: string }> = [
    { desc: 'WildcardOriginNotAllowed (acao-star-get-cred-include)', init: { credentials: 'include' }, handler: () => ({ headers: [['Access-Control-Allow-Origin', '*']] }), code: 'WildcardOriginNotAllowed' },
    { desc: 'PreflightWildcardOriginNotAllowed (preflight-star-origin-include)', init: { method: 'PUT', credentials: 'include' }, handler: () => ({ status: 204, headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'PUT']] }), code: 'PreflightWildcardOriginNotAllowed' },
    { desc: 'PreflightInvalidStatus (preflight-status-404)', init: { method: 'PUT' }, handler: () => ({ status: 404, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT']] }), code: 'PreflightInvalidStatus' },
    { desc: 'InvalidAllowMethodsPreflightResponse (method-put-acam-invalid-token)', init: { method: 'PUT' }, handler: () => ({ status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT, (bad), DELETE']] }), code: 'InvalidAllowMethodsPreflightResponse' },
    { desc: 'InvalidAllowHeadersPreflightResponse (custom-one-acah-invalid-token)', init: { headers: [['X-Custom', '1']] }, handler: () => ({ status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Headers', 'x-custom, x b, x-a']] }), code: 'InvalidAllowHeadersPreflightResponse' },
    { desc: 'RedirectContainsCredentials (redirect-userinfo)', init: {}, url: `${API}/start`, handler: () => ({ status: 302, headers: [['Access-Control-Allow-Origin', PAGE], ['Location', 'http://user:pass@other.test:47003/end']] }), code: 'RedirectContainsCredentials' },
  ];

  it.each(cases)('$desc: the failure itself is right', async ({ init, url, handler, code }) => {
    const t = harness(handler);
    expect(failure(await t.fetch(url ?? `${API}/data`, init)).reason.code).toBe(code);
  });

  // Chromium's CorsErrorStatus carries no failed_parameter for these codes: the recorded results have no
  // `error.parameter`. The reason still names the value the check failed on (for traces and other browsers'
  // messages); the profile says what Chromium itself reports.
  it.each(cases)('$desc: Chromium reports no parameter, as recorded', async ({ init, url, handler }) => {
    const t = harness(handler);
    const out = failure(await t.fetch(url ?? `${API}/data`, init));
    expect(out.reason.parameter).not.toBeUndefined();
    expect(chromium.reportedParameter(out.reason)).toBeUndefined();
  });
});
