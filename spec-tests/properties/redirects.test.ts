/**
 * [HTTP-redirect fetch](https://fetch.spec.whatwg.org/#concept-http-redirect-fetch) for CORS requests: the
 * [redirect-taint](https://fetch.spec.whatwg.org/#concept-request-tainted-origin) that makes the `Origin` `null`, and
 * the refusal of a `Location` with credentials.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HeaderPairs, WireRequest, WireResponse } from '@corsim/engine';
import { urlWithCredentials } from 'corsim/arbitraries';
import { checkProperty } from '../support/fc-params.js';
import { PAGE, echoServer, getAll, run } from '../support/engine.js';

const ORIGINS = [PAGE, 'https://api.example.test', 'https://b.example.test', 'http://c.example.test:8080'] as const;
type Credentials = 'omit' | 'same-origin' | 'include';

interface Chain {
  /** Origin of each URL fetched, in order: the first is what script asked for. */
  readonly hops: readonly string[];
  /** Redirect status of each hop but the last. */
  readonly statuses: readonly number[];
  readonly method: string;
  readonly customHeader: boolean;
  readonly credentials: Credentials;
  /** Whether redirect responses allow with `*` (not with credentials) rather than by reflecting the origin. */
  readonly wildcard: boolean;
  /** Locations as relative references when they stay on the same origin. */
  readonly relative: boolean;
}

const hopUrl = (origin: string, i: number): string => `${origin}/hop${i}`;

/** Answers the chain: preflights approve everything; hop i redirects to hop i + 1, the last hop answers 200. */
function chainServer(chain: Chain, lastLocation?: string): (request: WireRequest) => WireResponse {
  return (request) => {
    if (request.method === 'OPTIONS' && request.headers.some(([n]) => n === 'Access-Control-Request-Method')) return echoServer(request);
    const url = new URL(request.url);
    const i = Number(/^\/hop(\d+)$/.exec(url.pathname)?.[1] ?? -1);
    const origin = getAll(request.headers, 'origin');
    const headers: HeaderPairs = [];
    if (chain.wildcard && chain.credentials !== 'include') headers.push(['Access-Control-Allow-Origin', '*']);
    else if (origin !== null) headers.push(['Access-Control-Allow-Origin', origin], ['Access-Control-Allow-Credentials', 'true']);
    const last = chain.hops.length - 1;
    if (i >= 0 && i < last) {
      const next = hopUrl(chain.hops[i + 1] as string, i + 1);
      const location = i + 1 === last && lastLocation !== undefined ? lastLocation
        : chain.relative && chain.hops[i + 1] === chain.hops[i] ? `/hop${i + 1}` : next;
      headers.push(['Location', location]);
      return { status: chain.statuses[i] as number, statusText: '', headers, body: new Uint8Array(0) };
    }
    return { status: 200, statusText: 'OK', headers, body: new TextEncoder().encode('end') };
  };
}

const chainArb = (constraints: { minHops?: number } = {}): fc.Arbitrary<Chain> => fc.integer({ min: constraints.minHops ?? 1, max: 6 }).chain((n) => fc.record({
  hops: fc.array(fc.constantFrom(...ORIGINS), { minLength: n, maxLength: n }),
  statuses: fc.array(fc.constantFrom(301, 302, 303, 307, 308), { minLength: n - 1, maxLength: n - 1 }),
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
  customHeader: fc.boolean(),
  credentials: fc.constantFrom<Credentials>('omit', 'same-origin', 'include'),
  wildcard: fc.boolean(),
  relative: fc.boolean(),
}));

interface Expected {
  /** The `Origin` each hop's requests must carry, or null when the actual request carries none. */
  readonly origins: ReadonlyArray<string | null>;
}

/** The spec's redirect-taint and Origin-header rules, hop by hop (only hops that are followed). */
function expected(chain: Chain): Expected {
  let tainted = false;
  let cors = false;
  let method = chain.method;
  const origins: Array<string | null> = [];
  chain.hops.forEach((origin, i) => {
    if (!(origin === PAGE && !cors)) cors = true;
    const serialized = tainted ? 'null' : PAGE;
    origins.push(cors || (method !== 'GET' && method !== 'HEAD') ? serialized : null);
    const status = chain.statuses[i];
    if (status !== undefined) {
      if (((status === 301 || status === 302) && method === 'POST') || (status === 303 && method !== 'GET' && method !== 'HEAD')) method = 'GET';
      const next = chain.hops[i + 1] as string;
      if (!tainted && next !== origin && origin !== PAGE) tainted = true;
    }
  });
  return { origins };
}

const init = (c: Chain) => ({ method: c.method, headers: c.customHeader ? [['X-Custom', '1'] as [string, string]] : [], credentials: c.credentials, mode: 'cors' });

describe('redirects (chromium profile)', () => {
  it("after a hop from an origin other than the page's to another origin, the Origin is 'null' on every later request", async () => {
    const c = (hops: string[], extra: Partial<Chain> = {}): Chain => ({
      hops, statuses: hops.slice(1).map(() => 307), method: 'GET', customHeader: false, credentials: 'omit', wildcard: false, relative: false, ...extra,
    });
    const [P, A, B] = ORIGINS;
    await checkProperty('redirect taint', fc.asyncProperty(chainArb(), async (chain) => {
      const outcome = await run({ page: `${PAGE}/page`, url: hopUrl(chain.hops[0] as string, 0), init: init(chain), server: chainServer(chain) });
      expect(outcome.ok).toBe(true);
      const want = expected(chain);
      for (const w of outcome.wire) {
        const i = Number(/\/hop(\d+)$/.exec(w.request.url)?.[1]);
        const origin = getAll(w.request.headers, 'origin');
        // A preflight only ever happens on a CORS hop, which always carries an Origin.
        if (w.leg === 'preflight') expect(want.origins[i], `a preflight at hop ${i}, which is not a CORS hop`).not.toBeNull();
        expect(origin, `Origin at hop ${i} (${w.leg} ${w.request.method} ${w.request.url})`).toBe(want.origins[i]);
      }
      return true;
    }), {
      runs: 300,
      examples: [
        [c([P, A])], [c([A, B])], [c([A, P])], [c([A, A, B])], [c([P, P, A])], [c([A, B, A, P])],
        [c([A, B], { method: 'PUT', customHeader: true, credentials: 'include' })],
        [c([P, A, P], { method: 'POST', statuses: [302, 302] })],
      ],
    });
  });

  it('a CORS redirect to a URL with credentials always fails, and nothing is sent to it', async () => {
    const withCredentials = fc.tuple(chainArb(), fc.constantFrom(...ORIGINS)).chain(([chain, target]) =>
      urlWithCredentials(target).map((location) => ({ chain: { ...chain, hops: [...chain.hops, target], statuses: [...chain.statuses, 307] }, location })));
    await checkProperty('redirect with credentials', fc.asyncProperty(withCredentials, async ({ chain, location }) => {
      const outcome = await run({ page: `${PAGE}/page`, url: hopUrl(chain.hops[0] as string, 0), init: init(chain), server: chainServer(chain, location) });
      const target = new URL(location);
      // The spec lets a request that never left the page's origin follow a same-origin Location with credentials.
      const corsSoFar = chain.hops.slice(0, -1).some((h) => h !== PAGE);
      if (!corsSoFar && target.origin === PAGE) return true;
      expect(outcome.ok).toBe(false);
      expect(outcome.ok ? null : outcome.reason.code).toBe('RedirectContainsCredentials');
      expect(outcome.wire.filter((w) => w.request.url.includes('@'))).toEqual([]);
      return true;
    }), {
      runs: 300,
      examples: [
        [{ chain: { hops: ['https://api.example.test', 'https://api.example.test'], statuses: [307], method: 'GET', customHeader: false, credentials: 'omit', wildcard: true, relative: false }, location: 'https://user:pass@api.example.test/x' }],
        [{ chain: { hops: [PAGE, 'https://b.example.test'], statuses: [302], method: 'GET', customHeader: false, credentials: 'include', wildcard: false, relative: false }, location: 'https://:pass@b.example.test/x' }],
        [{ chain: { hops: ['https://b.example.test', PAGE], statuses: [301], method: 'POST', customHeader: true, credentials: 'omit', wildcard: false, relative: false }, location: `${PAGE.replace('https://', 'https://user:@')}/x` }],
      ],
    });
  });
});
