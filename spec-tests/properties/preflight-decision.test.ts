/**
 * When main fetch takes the CORS-preflight path (https://fetch.spec.whatwg.org/#concept-main-fetch): exactly when the
 * method is not CORS-safelisted or a header is CORS-unsafe
 * (https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corsRequest, customRequestHeader, unsafeSafelistedRequestHeader, type GeneratedRequest, type RequestHeader } from 'corsim/arbitraries';
import { checkProperty } from '../support/fc-params.js';
import { API, PAGE, echoServer, getAll, run } from '../support/engine.js';

const URL_ = `${API}/resource`;
const base: GeneratedRequest = { method: 'GET', headers: [], body: null, mode: 'cors', credentials: 'same-origin', redirect: 'follow' };
const req = (r: Partial<GeneratedRequest>): GeneratedRequest => ({ ...base, ...r });

/** Table cases: each of the five safelisted names at its limit, lower-case methods, a body's default Content-Type. */
const SIMPLE: GeneratedRequest[] = [
  req({}),
  req({ method: 'get', headers: [['Accept', 'a'.repeat(128)]] }),
  req({ method: 'post', headers: [['Content-Type', 'Text/Plain;charset=utf-8']], body: 'x' }),
  req({ method: 'POST', headers: [['content-type', 'multipart/form-data; boundary=----x'], ['Accept-Language', '']] }),
  req({ method: 'HEAD', headers: [['Range', 'bytes=0-'], ['Content-Language', 'de-CH, de;q=0.8']] }),
  req({ method: 'POST', body: '{"not":"json content type"}', credentials: 'include' }),
  req({ headers: [['RANGE', 'bytes=5-5'], ['ACCEPT', 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8']] }),
];
const UNSAFE: RequestHeader[] = [
  ['Accept', 'a'.repeat(129)], ['Content-Type', 'application/json'], ['Content-Type', 'text/plain, text/plain'],
  ['Range', 'bytes=-5'], ['Range', 'bytes=5-4'], ['Accept-Language', 'en_US'], ['Content-Language', 'de@CH'],
  ['Accept', 'text/html; q="1"'], ['X-Custom', '1'], ['Authorization', 'Bearer t'], ['Last-Event-ID', '1'],
];

describe('preflight decision (chromium profile)', () => {
  it('a request with a safelisted method and only safelisted header values is never preflighted', async () => {
    await checkProperty('never preflighted', fc.asyncProperty(corsRequest({ kind: 'simple' }), async (r) => {
      const outcome = await run({ page: PAGE, url: URL_, init: r, server: echoServer });
      expect(outcome.wire.map((w) => w.leg)).toEqual(['actual']);
      expect(outcome.ok).toBe(true);
      return true;
    }), { runs: 300, examples: SIMPLE.map((r) => [r] as [GeneratedRequest]) });
  });

  // A header whose name the request already has is combined with it first (Chromium): `Content-Type: text/plain;a=b`
  // plus `text/plain,` is one safelisted `text/plain;a=b, text/plain,`. That case is the metamorphic properties'.
  it('adding any unsafe header name or value always makes it preflighted, and names it in Access-Control-Request-Headers', async () => {
    const unsafe = fc.oneof(unsafeSafelistedRequestHeader(), customRequestHeader());
    await checkProperty('adding an unsafe header preflights', fc.asyncProperty(corsRequest({ kind: 'simple' }), unsafe, fc.nat(), async (r, header, at) => {
      const others = r.headers.filter(([n]) => n.toLowerCase() !== header[0].toLowerCase());
      const i = at % (others.length + 1);
      const headers = [...others.slice(0, i), header, ...others.slice(i)];
      const outcome = await run({ page: PAGE, url: URL_, init: { ...r, headers }, server: echoServer });
      expect(outcome.wire.map((w) => w.leg)).toEqual(['preflight', 'actual']);
      const acrh = getAll(outcome.wire[0]!.request.headers, 'access-control-request-headers') ?? '';
      expect(acrh.split(',')).toContain(header[0].toLowerCase());
      expect(outcome.ok).toBe(true);
      return true;
    }), { runs: 300, examples: UNSAFE.flatMap((h, k) => [[SIMPLE[k % SIMPLE.length]!, h, k] as [GeneratedRequest, RequestHeader, number]]) });
  });

  it('a method that is not CORS-safelisted after normalization is always preflighted', async () => {
    await checkProperty('unsafe method preflights', fc.asyncProperty(corsRequest({ kind: 'preflighted' }), async (r) => {
      const outcome = await run({ page: PAGE, url: URL_, init: r, server: echoServer });
      expect(outcome.wire[0]?.leg).toBe('preflight');
      expect(getAll(outcome.wire[0]!.request.headers, 'access-control-request-method')).toBe(
        ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'].includes(r.method.toUpperCase()) ? r.method.toUpperCase() : r.method);
      return true;
    }), { runs: 200, examples: [[req({ method: 'patch' })], [req({ method: 'put' })], [req({ method: 'OPTIONS' })], [req({ method: 'chicken' })]] });
  });
});
