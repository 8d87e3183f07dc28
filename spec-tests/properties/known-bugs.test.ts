/**
 * The engine bugs the properties and the fuzz targets found, each as its minimal reproduction, asserting the correct
 * behaviour. Open bugs are expected failures (`it.fails`): when one is fixed vitest reports "expected to fail", and it
 * becomes an ordinary test here (its predicate in ../support/known-bugs.ts goes, so the inputs it covered count
 * again). Fixed bugs stay as regression tests.
 *
 * These are not properties: the mutation harness (scripts/mutate.ts) leaves this file out.
 */
import { describe, expect, it } from 'vitest';
import { chromium, corsFetch, isCorsSafelistedRequestHeader, PreflightCache, type HeaderPairs, type Transport, type WireRequest } from '@corsim/engine';
import { createBrowser, VirtualClock } from 'corsim';
import { getAll } from '../support/engine.js';

const PAGE = 'https://app.example.test';
const respond = (status: number, headers: HeaderPairs) => ({ ok: true as const, response: { status, statusText: '', headers, body: new Uint8Array(0) } });
const env = (transport: Transport) => ({ page: new URL(`${PAGE}/`), profile: chromium, transport, clock: new VirtualClock(), cache: new PreflightCache(chromium.preflightCache) });
const star: Transport = { send: async () => respond(200, [['Access-Control-Allow-Origin', '*']]) };

describe('engine bugs found by the properties and fuzz targets (open: it.fails; fixed: regression tests)', () => {
  it('safelist-range-float-compare: Range bytes=N-M with N > M is never safelisted, even past 2^53', () => {
    // headers.ts isSafelistedRange: `Number(start) > Number(end)` rounds both to 9007199254740992.
    expect(isCorsSafelistedRequestHeader('Range', 'bytes=9007199254740993-9007199254740992')).toBe(false);
  });

  it('preflight-cache-key-ignores-redirect-taint: an approval cached for Origin null is never used for the page origin', async () => {
    // The cache was keyed on the page's origin; the spec keys it on the request's serialized origin, which is `null`
    // after a redirect taint (https://fetch.spec.whatwg.org/#concept-cache). Both orders: cors-preflight-fetch.test.ts.
    const server: Transport = {
      send: async (r: WireRequest) => {
        const host = new URL(r.url).host;
        const origin = getAll(r.headers, 'origin') ?? '';
        if (host === 'a.example.test') {
          return r.method === 'OPTIONS' ? respond(204, [['Access-Control-Allow-Origin', origin], ['Access-Control-Allow-Methods', 'PUT']])
            : respond(307, [['Access-Control-Allow-Origin', origin], ['Location', 'https://b.example.test/x']]);
        }
        // b.example.test trusts only the opaque origin.
        return respond(r.method === 'OPTIONS' ? 204 : 200, [['Access-Control-Allow-Origin', 'null'], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Max-Age', '600']]);
      },
    };
    const browser = createBrowser({ origin: PAGE, transport: server, clock: new VirtualClock() });
    await browser.outcome('https://a.example.test/start', { method: 'PUT' }); // a → 307 → b with Origin: null; b's preflight is cached
    const second = await browser.outcome('https://b.example.test/x', { method: 'PUT' });
    // Before the fix: no preflight, and the PUT reached b with Origin: https://app.example.test, which b never approved.
    expect(second.wire.map((w) => w.request.method)).toEqual(['OPTIONS']);
  });

  it('response-headers-not-validated: a response the engine shares is one fetch() resolves with', async () => {
    // send() trims header values but accepts names that are not tokens and values with code units above U+00FF; the
    // outcome says ok while browser.fetch() rejects with the platform's `Headers.append: "bad name" is an invalid
    // header name` (no CORS cause). A browser's HTTP parser refuses such a response: net::ERR_INVALID_HTTP_RESPONSE.
    const transport: Transport = { send: async () => respond(200, [['Access-Control-Allow-Origin', '*'], ['Access-Control-Expose-Headers', '*'], ['Bad Name', 'x']]) };
    const browser = createBrowser({ origin: PAGE, transport, clock: new VirtualClock() });
    const outcome = await browser.outcome('https://api.example.test/x');
    const fetched = await browser.fetch('https://api.example.test/x').then(() => true, () => false);
    expect({ outcome: outcome.ok, fetch: fetched }).toEqual({ outcome: fetched, fetch: fetched });
  });

  it('facade-init-conversion: fetch(url, null) resolves like the platform fetch()', async () => {
    // browser.ts reads `init.signal` of null. The platform treats a null init as {}.
    const browser = createBrowser({ origin: PAGE, transport: star, clock: new VirtualClock() });
    await expect(browser.fetch('https://api.example.test/x', null as never)).resolves.toBeInstanceOf(Response);
  });

  it('facade-init-conversion: fetch(non-string input) fetches String(input), like the platform fetch()', async () => {
    // toFetchInit treats anything but a string or URL as a Request: `input.headers is not iterable`.
    const browser = createBrowser({ origin: PAGE, transport: star, clock: new VirtualClock() });
    await expect(browser.fetch(5 as never)).resolves.toBeInstanceOf(Response);
  });

  it('facade-init-conversion: a header pair that is not [name, value] is a TypeError, and nothing goes out', async () => {
    // The platform's Headers refuses [['x-a']]; corsim sends `x-a: undefined` (and preflights it).
    const browser = createBrowser({ origin: PAGE, transport: star, clock: new VirtualClock() });
    const error = await browser.fetch('https://api.example.test/x', { headers: [['x-a']] as never }).then(() => null, (e: unknown) => e);
    expect(browser.wire).toEqual([]);
    expect(error).toBeInstanceOf(TypeError);
  });

  it('corsfetch-init-not-validated: headers that are not [name, value] pairs give a TypeError outcome, not a thrown error', async () => {
    // request.ts headerPairs() destructures each entry: `[null]` throws "object null is not iterable"; `null` throws
    // "Cannot convert undefined or null to object"; an `init` of undefined throws reading `mode`. Its own invalid-init
    // outcome (as for a bad mode) would name the member. (A non-string method is String()-converted since 221a9af.)
    const outcome = await corsFetch('https://api.example.test/x', { headers: [null] as never }, env(star)).catch((e: unknown) => ({ threw: String(e) }));
    expect(outcome).toMatchObject({ ok: false, reason: { code: 'TypeError' } });
  });

  it('transport-results-not-validated: a transport result with header names that are not strings is a network error', async () => {
    // send() checks the status only: `[[1, 'x']]` gets through and getHeader() throws `n.toLowerCase is not a function`.
    const bad: Transport = { send: async () => respond(200, [[1 as never, 'x'], ['Access-Control-Allow-Origin', '*']]) };
    const outcome = await corsFetch('https://api.example.test/x', {}, env(bad)).catch((e: unknown) => ({ threw: String(e) }));
    expect(outcome).toMatchObject({ ok: false, reason: { code: 'Network' } });
  });

  it('transport-results-not-validated: a failure whose netError is not a string resolves as a network error', async () => {
    // fetch.ts interpolates `net::${sent.netError}` outside send()'s try: a Symbol makes corsFetch reject.
    const bad: Transport = { send: async () => ({ ok: false, netError: Symbol('x') as never, detail: 'd' }) };
    const outcome = await corsFetch('https://api.example.test/x', {}, env(bad)).catch((e: unknown) => ({ threw: String(e) }));
    expect(outcome).toMatchObject({ ok: false, reason: { code: 'Network' } });
  });

  it('transport-rejection-unprintable: a transport rejecting with a reason String() cannot convert is a network error', async () => {
    // fetch.ts send(): the catch block builds its detail with `String(error)`, which throws for a prototype-less object.
    const bad: Transport = { send: () => Promise.reject(Object.create(null)) };
    const outcome = await corsFetch('https://api.example.test/x', {}, env(bad)).catch((e: unknown) => ({ threw: String(e) }));
    expect(outcome).toMatchObject({ ok: false, reason: { code: 'Network' } });
  });

  it('headers-init-iterables: headers given as an iterable of pairs other than an Array (a Map) are read', async () => {
    // browser.ts and request.ts headerPairs() read anything that is not an Array or a Headers as a record, and
    // Object.entries(new Map(…)) is empty, so the header was dropped silently: a request that needs a preflight went out
    // as a simple one. WebIDL's HeadersInit takes any iterable of pairs: `new Request(url, { headers: new Map([['X-A',
    // '1']]) })` has `x-a: 1`. X-A is CORS-unsafe, so the browser preflights it.
    const browser = createBrowser({ origin: PAGE, transport: star, clock: new VirtualClock() });
    await browser.fetch('https://api.example.test/x', { headers: new Map([['X-A', '1']]) as never }).catch(() => undefined);
    expect(browser.wire.map((w) => [w.request.method, getAll(w.request.headers, 'access-control-request-headers')])).toEqual([['OPTIONS', 'x-a']]);
    const direct = await corsFetch('https://api.example.test/x', { headers: new Map([['X-A', '1']]) as never }, env(star));
    expect(direct.wire.map((w) => w.request.method)).toEqual(['OPTIONS']);
  });
});
