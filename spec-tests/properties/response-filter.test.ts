/**
 * What script may read of a response (https://fetch.spec.whatwg.org/#concept-filtered-response-cors): nothing unless
 * the CORS check passed; then only the CORS-safelisted response headers and those
 * `Access-Control-Expose-Headers` names (`*` only without credentials); never `Set-Cookie`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBrowser, VirtualClock } from 'corsim';
import { corsRequest, serverAnswer, SAFELISTED_RESPONSE_HEADER_NAMES, type GeneratedRequest, type ServerAnswer } from 'corsim/arbitraries';
import type { HeaderPairs } from '@corsim/engine';
import { checkProperty } from '../support/fc-params.js';
import { API, PAGE, corsCheckOracle, echoServer, serverTransport, twoLegServer } from '../support/engine.js';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The exposed names, from the spec: `*` (all) without credentials, else the list; a list that does not parse exposes nothing. */
function exposedOracle(headers: HeaderPairs, credentials: string): '*' | Set<string> {
  const lines = headers.filter(([n]) => n.toLowerCase() === 'access-control-expose-headers').map(([, v]) => v);
  if (lines.length === 0) return new Set();
  const items = lines.join(', ').split(',').map((s) => s.replace(/^[\t ]+|[\t ]+$/g, '')).filter((s) => s !== '');
  if (items.some((i) => !TOKEN.test(i))) return new Set();
  if (credentials !== 'include' && items.includes('*')) return '*';
  return new Set(items.map((i) => i.toLowerCase()));
}

const base: GeneratedRequest = { method: 'GET', headers: [], body: null, mode: 'cors', credentials: 'omit', redirect: 'follow' };
const answer = (a: Partial<ServerAnswer>): ServerAnswer => ({
  status: 200, allowOrigin: { kind: 'reflect' }, allowCredentials: ['true'], allowMethods: [], allowHeaders: [], maxAge: [], exposeHeaders: [],
  headers: [['X-Secret', 's'], ['Set-Cookie', 'sid=1; Path=/'], ['Set-Cookie2', 'old=1'], ['Content-Type', 'text/plain'], ['Age', '1']], body: 'hi', ...a,
});

describe('response filtering (chromium profile)', () => {
  it('a response is readable only if the CORS check passes; non-exposed headers are never visible; Set-Cookie never is', async () => {
    await checkProperty('readable only after the CORS check, exposed headers only', fc.asyncProperty(
      corsRequest({ kind: 'any' }), serverAnswer({ trusted: PAGE }),
      async (r, actual) => {
        // The preflight approves everything, so only the actual response decides.
        const server = (req: Parameters<typeof echoServer>[0]) => (req.method === 'OPTIONS' && req.headers.some(([n]) => n === 'Access-Control-Request-Method') ? echoServer(req) : twoLegServer(actual, actual)(req));
        const browser = createBrowser({ origin: PAGE, transport: serverTransport(server), clock: new VirtualClock() });
        const result = await browser.fetch(`${API}/r`, r).then((res) => ({ res }), (error: unknown) => ({ error }));
        const exchange = browser.wire.find((w) => w.leg === 'actual');
        if (!exchange) {
          expect('error' in result).toBe(true);
          return true;
        }
        const sent = exchange.response!.headers;
        const origin = exchange.request.headers.find(([n]) => n === 'Origin')![1];
        const passes = corsCheckOracle(sent, origin, r.credentials);
        if (!('res' in result)) {
          expect(passes, 'a response that passes the CORS check was not readable').toBe(false);
          expect(result.error).toBeInstanceOf(TypeError);
          return true;
        }
        expect(passes, 'a response that fails the CORS check was readable').toBe(true);
        const res = result.res;
        expect(res.type).toBe('cors');
        expect(res.headers.getSetCookie()).toEqual([]);
        const visible = [...res.headers.keys()];
        expect(visible).not.toContain('set-cookie');
        expect(visible).not.toContain('set-cookie2');
        const exposed = exposedOracle(sent, r.credentials);
        const allowed = (n: string): boolean => (SAFELISTED_RESPONSE_HEADER_NAMES as readonly string[]).includes(n)
          || ((exposed === '*' || exposed.has(n)) && n !== 'set-cookie' && n !== 'set-cookie2');
        for (const n of visible) expect(allowed(n), `${n} is visible`).toBe(true);
        for (const [n] of sent) if (allowed(n.toLowerCase())) expect(visible, `${n} is hidden`).toContain(n.toLowerCase());
        return true;
      }), {
      runs: 300,
      examples: [
        [base, answer({})],
        [base, answer({ exposeHeaders: ['*'] })],
        [{ ...base, credentials: 'include' }, answer({ exposeHeaders: ['*'] })],
        [{ ...base, credentials: 'include' }, answer({ exposeHeaders: ['*, X-Secret, Set-Cookie'] })],
        [base, answer({ exposeHeaders: ['x-secret', 'set-cookie2'] })],
        [base, answer({ exposeHeaders: ['X-Secret, bad name'] })],
        [base, answer({ allowOrigin: { kind: 'absent' }, exposeHeaders: ['*'] })],
        [{ ...base, credentials: 'include' }, answer({ allowOrigin: { kind: 'wildcard', value: '*' } })],
      ],
    });
  });
});
