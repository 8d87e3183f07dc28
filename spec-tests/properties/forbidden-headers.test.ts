/**
 * [Forbidden request-headers](https://fetch.spec.whatwg.org/#forbidden-request-header) set by script are dropped by
 * the Headers guard: they never reach the network and never take part in the preflight decision.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corsRequest, forbiddenRequestHeader, serverAnswer, type GeneratedRequest, type RequestHeader, type ServerAnswer } from 'corsim/arbitraries';
import { checkProperty } from '../support/fc-params.js';
import { API, PAGE, run, twoLegServer, verdict } from '../support/engine.js';

const base: GeneratedRequest = { method: 'GET', headers: [], body: null, mode: 'cors', credentials: 'same-origin', redirect: 'follow' };
const ALL_FORBIDDEN: RequestHeader[] = [
  ['Cookie', 'sid=stolen'], ['Origin', 'https://evil.example'], ['Sec-Fetch-Mode', 'navigate'], ['Access-Control-Request-Headers', 'x-evil'],
  ['Access-Control-Request-Method', 'PUT'], ['X-HTTP-Method-Override', 'TRACE'], ['x-method-override', 'get, Connect'], ['User-Agent', 'evil/1.0'],
  ['Proxy-Authorization', 'Basic x'], ['Host', 'evil.example'], ['Content-Length', '9999'], ['Referer', 'https://evil.example/'],
];

describe('forbidden request-headers (chromium profile)', () => {
  it('script-set forbidden headers never reach the wire and never change the preflight decision', async () => {
    const answers = fc.tuple(serverAnswer({ trusted: PAGE }), serverAnswer({ trusted: PAGE }));
    const forbidden = fc.array(fc.tuple(forbiddenRequestHeader({ browserExtras: true }), fc.nat()), { minLength: 1, maxLength: 4 });
    await checkProperty('forbidden headers are dropped', fc.asyncProperty(
      corsRequest({ kind: 'any', modes: ['cors', 'cors', 'no-cors', 'same-origin'] }), forbidden, answers,
      async (r, inserts, [preflight, actual]: [ServerAnswer, ServerAnswer]) => {
        const headers = [...r.headers];
        for (const [h, at] of inserts) headers.splice(at % (headers.length + 1), 0, h);
        const server = twoLegServer(preflight, actual);
        const plain = await run({ page: PAGE, url: `${API}/r`, init: r, server });
        const withForbidden = await run({ page: PAGE, url: `${API}/r`, init: { ...r, headers }, server });
        expect(verdict(withForbidden)).toEqual(verdict(plain));
        expect(withForbidden.wire.map((w) => w.request)).toEqual(plain.wire.map((w) => w.request));
        // Said directly: a script value is on the wire only where the browser puts the same value itself.
        const has = (ws: typeof plain.wire, name: string, value: string): boolean =>
          ws.some((w) => w.request.headers.some(([n, v]) => n.toLowerCase() === name.toLowerCase() && v === value));
        for (const [name, value] of inserts.map(([h]) => h)) {
          if (!has(plain.wire, name, value)) expect(has(withForbidden.wire, name, value), `${name}: ${value} reached the wire`).toBe(false);
        }
        return true;
      }), {
      runs: 200,
      examples: [
        [base, ALL_FORBIDDEN.map((h, i): [RequestHeader, number] => [h, i]), [echoAnswer(), echoAnswer()]],
        [{ ...base, method: 'PUT', headers: [['X-Custom', '1']] }, ALL_FORBIDDEN.map((h, i): [RequestHeader, number] => [h, 2 * i]), [echoAnswer(), echoAnswer()]],
      ],
    });
  });
});

/** An answer that lets everything through for requests from PAGE. */
function echoAnswer(): ServerAnswer {
  return {
    status: 200, allowOrigin: { kind: 'reflect' }, allowCredentials: ['true'], allowMethods: ['PUT, GET'], allowHeaders: ['x-custom'],
    maxAge: [], exposeHeaders: [], headers: [], body: '',
  };
}
