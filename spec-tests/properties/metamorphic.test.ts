/**
 * Metamorphic properties: changes to a request that must not change its verdict (header-name case, the order of
 * differently named headers), and the documented effect of duplicates: Chromium combines same-name request headers
 * into one `a, b` value before its safelist checks (docs/fidelity.md), so a duplicate `Accept` can legitimately push the
 * value past 128 bytes, and a duplicate `Range` never parses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  corsRequest, distinctSafelistedHeaders, headerName, headerValue, method, safelistedRequestHeader, safelistedValueFor, serverAnswer,
  type GeneratedRequest, type RequestHeader, type SafelistedRequestHeaderName, type ServerAnswer,
} from 'corsim/arbitraries';
import { checkProperty } from '../support/fc-params.js';
import { API, PAGE, echoServer, run, twoLegServer, verdict } from '../support/engine.js';

const base: GeneratedRequest = { method: 'GET', headers: [], body: null, mode: 'cors', credentials: 'omit', redirect: 'follow' };
const answers = fc.tuple(serverAnswer({ trusted: PAGE }), serverAnswer({ trusted: PAGE }));
const anyRequest = corsRequest({ kind: 'any', headerKinds: ['safelisted', 'unsafe-value', 'custom', 'forbidden'], maxHeaders: 6 });
const lowerWire = (o: Awaited<ReturnType<typeof run>>) => o.wire.map((w) => ({ ...w.request, headers: w.request.headers.map(([n, v]) => [n.toLowerCase(), v]) }));

/** A permutation of `headers` that keeps the relative order of entries with the same name (case-insensitive). */
function reorder(headers: readonly RequestHeader[], keys: readonly number[]): RequestHeader[] {
  const byName = new Map<string, RequestHeader[]>();
  for (const h of headers) {
    const k = h[0].toLowerCase();
    byName.set(k, [...(byName.get(k) ?? []), h]);
  }
  const slots = headers.map((h, i) => ({ name: h[0].toLowerCase(), key: keys[i] ?? i, i })).sort((a, b) => a.key - b.key || a.i - b.i);
  const taken = new Map<string, number>();
  return slots.map(({ name }) => {
    const n = taken.get(name) ?? 0;
    taken.set(name, n + 1);
    return (byName.get(name) as RequestHeader[])[n] as RequestHeader;
  });
}

describe('metamorphic properties (chromium profile)', () => {
  it('renaming header names to another case never changes the verdict nor what goes on the wire', async () => {
    // All lower case, all upper case, or letter by letter at random (the generated names are in random case already).
    const recase = fc.oneof(fc.constantFrom('lower', 'upper'), fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }));
    await checkProperty('header-name case', fc.asyncProperty(anyRequest, answers, recase, async (r, [pre, act], how) => {
      const spell = (n: string): string => (how === 'lower' ? n.toLowerCase() : how === 'upper' ? n.toUpperCase()
        : [...n].map((c, i) => (how[i % how.length] ? c.toUpperCase() : c.toLowerCase())).join(''));
      const recased = r.headers.map(([n, v]): RequestHeader => [spell(n), v]);
      const server = twoLegServer(pre, act);
      const a = await run({ page: PAGE, url: `${API}/r`, init: r, server });
      const b = await run({ page: PAGE, url: `${API}/r`, init: { ...r, headers: recased }, server });
      expect(verdict(b)).toEqual(verdict(a));
      expect(lowerWire(b)).toEqual(lowerWire(a));
      return true;
    }), {
      runs: 200,
      examples: [
        [{ ...base, method: 'PUT', headers: [['X-A', '1'], ['x-a', '2'], ['Content-Type', 'application/json']] }, [echo(), echo({ allowHeaders: ['X-a'] })], 'upper'],
        [{ ...base, headers: [['Accept', 'text/plain'], ['Content-Language', 'de'], ['X-B', '1']] }, [echo({ allowHeaders: ['x-b'] }), echo()], 'lower'],
        [{ ...base, method: 'POST', headers: [['content-type', 'text/plain'], ['RANGE', 'bytes=0-']] }, [echo(), echo()], [true, false, true]],
      ],
    });
  });

  it('reordering differently named headers never changes the verdict', async () => {
    await checkProperty('header order', fc.asyncProperty(anyRequest, answers, fc.array(fc.nat(), { minLength: 6, maxLength: 6 }), async (r, [pre, act], keys) => {
      const server = twoLegServer(pre, act);
      const a = await run({ page: PAGE, url: `${API}/r`, init: r, server });
      const b = await run({ page: PAGE, url: `${API}/r`, init: { ...r, headers: reorder(r.headers, keys) }, server });
      expect(verdict(b)).toEqual(verdict(a));
      return true;
    }), { runs: 200, examples: [[{ ...base, method: 'POST', headers: [['X-B', '1'], ['Accept', 'x'], ['x-a', '2'], ['X-B', '3']] }, [echo(), echo()], [5, 4, 3, 2, 1, 0]]] });
  });

  it('a duplicate Accept / Accept-Language / Content-Language is preflighted exactly when the combined value exceeds 128 bytes; a duplicate Range always is', async () => {
    const combinable: SafelistedRequestHeaderName[] = ['accept', 'accept-language', 'content-language'];
    const duplicate = fc.constantFrom<SafelistedRequestHeaderName>(...combinable, 'range')
      .chain((name) => fc.tuple(fc.constant(name), safelistedValueFor(name), safelistedValueFor(name)));
    await checkProperty('duplicates combine', fc.asyncProperty(
      distinctSafelistedHeaders(), method({ kind: 'safelisted' }), duplicate, fc.nat(), fc.nat(),
      async (headers, m, [name, v1, v2], at1, at2) => {
        const others = headers.filter(([n]) => n.toLowerCase() !== name);
        const list = [...others];
        list.splice(at1 % (list.length + 1), 0, [name, v1]);
        const first = list.findIndex(([n]) => n === name);
        list.splice(first + 1 + (at2 % (list.length - first)), 0, [name.toUpperCase(), v2]);
        const combined = `${v1}, ${v2}`;
        const outcome = await run({ page: PAGE, url: `${API}/r`, init: { method: m, headers: list, mode: 'cors' }, server: echoServer });
        expect(outcome.ok).toBe(true);
        expect(verdict(outcome).preflighted, `${name}: ${JSON.stringify(combined)} (${combined.length} bytes)`).toBe(name === 'range' || combined.length > 128);
        return true;
      }), {
      runs: 300,
      examples: [
        [[], 'GET', ['accept', 'a'.repeat(63), 'b'.repeat(63)], 0, 0],
        [[], 'GET', ['accept', 'a'.repeat(63), 'b'.repeat(64)], 0, 0],
        [[['Content-Type', 'text/plain']], 'POST', ['accept-language', 'en', 'fr'], 1, 0],
        [[], 'HEAD', ['range', 'bytes=0-1', 'bytes=2-3'], 0, 0],
      ],
    });
  });

  it('appending headers to a preflighted request never makes it a simple one', async () => {
    const extra = fc.array(fc.oneof(safelistedRequestHeader(), fc.tuple(headerName(), headerValue({ maxLength: 16 }))), { minLength: 1, maxLength: 3 });
    await checkProperty('appending keeps the preflight', fc.asyncProperty(corsRequest({ kind: 'preflighted' }), extra, async (r, more) => {
      const outcome = await run({ page: PAGE, url: `${API}/r`, init: { ...r, headers: [...r.headers, ...more] }, server: echoServer });
      expect(verdict(outcome).preflighted).toBe(true);
      return true;
    }), { runs: 200, examples: [[{ ...base, headers: [['Content-Type', 'text/plain,']] }, [['content-type', 'text/plain'], ['Content-Type', 'a;b=c']]]] });
  });
});

function echo(a: Partial<ServerAnswer> = {}): ServerAnswer {
  return { status: 200, allowOrigin: { kind: 'reflect' }, allowCredentials: ['true'], allowMethods: ['PUT, POST'], allowHeaders: ['x-a, x-b, content-type'], maxAge: [], exposeHeaders: [], headers: [], body: '', ...a };
}
