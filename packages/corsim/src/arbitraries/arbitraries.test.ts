/**
 * The arbitraries keep the promises their TSDoc makes (checked against the engine's classifiers, which also
 * cross-checks those: a disagreement is either a generator bug or an engine bug).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chromium, corsUnsafeRequestHeaderNames, isCorsSafelistedRequestHeader, isForbiddenMethod, isForbiddenRequestHeader, isHeaderName, isHeaderValue, isMethod, normalizeMethod } from '@corsim/engine';
import {
  allowOriginAnswer, corsRequest, customHeaderName, forbiddenMethod, forbiddenRequestHeader, headerValue, hostileOrigin, method, origin,
  safelistedRequestHeader, serverAnswer, toWireResponse, unsafeSafelistedRequestHeader, urlOn, urlWithCredentials, HOSTILE_ORIGIN_KINDS,
} from './index.js';

const runs = { numRuns: 300 };

describe('corsim/arbitraries', () => {
  it('origin() is a serialized origin', () => {
    fc.assert(fc.property(origin({ hosts: 'any' }), (o) => new URL(o).origin === o), runs);
  });

  it('hostileOrigin() is never the target, and isOrigin values are other origins', () => {
    fc.assert(fc.property(origin({ hosts: 'any' }).chain((t) => fc.tuple(fc.constant(t), hostileOrigin(t))), ([target, h]) => {
      expect(h.value).not.toBe(target);
      if (h.isOrigin) expect(new URL(h.value).origin).toBe(h.value);
      return true;
    }), runs);
    const kinds = new Set(fc.sample(hostileOrigin('https://api.example.test'), { numRuns: 500, seed: 1 }).map((h) => h.kind));
    expect([...kinds].sort()).toEqual([...HOSTILE_ORIGIN_KINDS].sort());
  });

  it('safelistedRequestHeader() is CORS-safelisted; unsafeSafelistedRequestHeader() is not; both are valid header values', () => {
    fc.assert(fc.property(safelistedRequestHeader(), ([n, v]) => isHeaderName(n) && isHeaderValue(v) && isCorsSafelistedRequestHeader(n, v)), runs);
    fc.assert(fc.property(unsafeSafelistedRequestHeader(), ([n, v]) => isHeaderName(n) && isHeaderValue(v) && !isCorsSafelistedRequestHeader(n, v, chromium.extraSafelistedHeaders)), runs);
  });

  it('customHeaderName() is neither safelisted nor forbidden; forbiddenRequestHeader() is forbidden', () => {
    fc.assert(fc.property(customHeaderName(), headerValue(), (n, v) => isHeaderName(n)
      && !isForbiddenRequestHeader(n, v, chromium.extraForbiddenHeaders) && corsUnsafeRequestHeaderNames([[n, v]], chromium.extraSafelistedHeaders).length === 1), runs);
    fc.assert(fc.property(forbiddenRequestHeader({ browserExtras: true }), ([n, v]) => isForbiddenRequestHeader(n, v, chromium.extraForbiddenHeaders)), runs);
  });

  it('method() kinds hold after normalization; forbiddenMethod() is forbidden', () => {
    fc.assert(fc.property(method({ kind: 'safelisted' }), (m) => ['GET', 'HEAD', 'POST'].includes(normalizeMethod(m))), runs);
    fc.assert(fc.property(method({ kind: 'unsafe' }), (m) => isMethod(m) && !isForbiddenMethod(m) && !['GET', 'HEAD', 'POST'].includes(normalizeMethod(m))), runs);
    fc.assert(fc.property(forbiddenMethod(), (m) => ['CONNECT', 'TRACE', 'TRACK'].includes(m.toUpperCase())), runs);
  });

  it("corsRequest({ kind: 'simple' }) has no unsafe header; 'preflighted' always needs a preflight", () => {
    fc.assert(fc.property(corsRequest({ kind: 'simple' }), (r) => corsUnsafeRequestHeaderNames(r.headers, chromium.extraSafelistedHeaders).length === 0), runs);
    fc.assert(fc.property(corsRequest({ kind: 'preflighted' }), (r) =>
      !['GET', 'HEAD', 'POST'].includes(normalizeMethod(r.method)) || corsUnsafeRequestHeaderNames(r.headers, chromium.extraSafelistedHeaders).length > 0), runs);
  });

  it('allowOriginAnswer() only passes for exact, reflect and wildcard; toWireResponse reflects the Origin', () => {
    const trusted = 'https://app.example.test';
    fc.assert(fc.property(allowOriginAnswer(trusted), (a) => {
      const acao = toWireResponse({ status: 200, allowOrigin: a, allowCredentials: [], allowMethods: [], allowHeaders: [], maxAge: [], exposeHeaders: [], headers: [], body: '' },
        { headers: [['Origin', trusted]] }).headers.filter(([n]) => n === 'Access-Control-Allow-Origin').map(([, v]) => v.trim()).join(', ');
      expect(acao === trusted || acao === '*').toBe(a.kind === 'exact' || a.kind === 'reflect' || a.kind === 'wildcard');
      return true;
    }), runs);
    fc.assert(fc.property(serverAnswer({ trusted }), (a) => Array.isArray(toWireResponse(a, { headers: [] }).headers)), runs);
  });

  it('urlOn() stays on its origin; urlWithCredentials() carries credentials', () => {
    fc.assert(fc.property(urlOn('https://api.example.test'), (u) => new URL(u).origin === 'https://api.example.test'), runs);
    fc.assert(fc.property(urlWithCredentials('https://api.example.test'), (u) => { const x = new URL(u); return x.username !== '' || x.password !== ''; }), runs);
  });
});
