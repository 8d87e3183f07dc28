import { describe, expect, it } from 'vitest';
import type { Transport, WireRequest } from '@corsim/engine';
import { createBrowser, type CorsErrorCause } from './browser.js';
import { VirtualClock } from './clock.js';
import { fetchHandlerTransport } from './transports/fetch-handler.js';

const PAGE = 'http://app.example.test:47001';
const API = 'http://api.example.test:47002';

/** A tiny API server as a fetch handler: answers by path, and counts what reached it. */
function api(routes: Record<string, (req: Request) => Response>): { transport: Transport; seen: string[] } {
  const seen: string[] = [];
  const transport = fetchHandlerTransport((req) => {
    const url = new URL(req.url);
    seen.push(`${req.method} ${url.pathname}`);
    const route = routes[`${req.method} ${url.pathname}`] ?? routes[`* ${url.pathname}`];
    return route ? route(req) : new Response('not found', { status: 404 });
  });
  return { transport, seen };
}

const reflect = (req: Request, extra: Record<string, string> = {}): Headers => {
  const h = new Headers(extra);
  h.set('access-control-allow-origin', req.headers.get('origin') ?? '');
  return h;
};

describe('a sandboxed page', () => {
  const answers = (acao: string): Transport => api({
    'OPTIONS /put': () => new Response(null, { status: 204, headers: { 'access-control-allow-origin': acao, 'access-control-allow-methods': 'PUT', 'access-control-max-age': '600' } }),
    '* /data': () => new Response('ok', { headers: { 'access-control-allow-origin': acao } }),
    '* /put': () => new Response('ok', { headers: { 'access-control-allow-origin': acao } }),
  }).transport;

  it('speaks for an opaque origin: Origin null, even to its own URL, and a response for the page origin is refused', async () => {
    const browser = createBrowser({ origin: PAGE, sandboxed: true, transport: answers(PAGE) });
    const own = await browser.outcome(`${PAGE}/data`);
    expect(own.wire[0]?.request.headers).toContainEqual(['Origin', 'null']);
    expect(own.ok ? own.response.type : own.reason.code).toBe('AllowOriginMismatch');
  });

  it('reads what allows * or null', async () => {
    for (const acao of ['*', 'null']) {
      const res = await createBrowser({ origin: PAGE, sandboxed: true, transport: answers(acao) }).fetch(`${API}/data`);
      expect([res.type, await res.text()]).toEqual(['cors', 'ok']);
    }
  });

  it('keeps one origin for its lifetime: its preflight cache entries serve its later requests', async () => {
    const browser = createBrowser({ origin: PAGE, sandboxed: true, transport: answers('null') });
    for (let i = 0; i < 2; i++) await browser.fetch(`${API}/put`, { method: 'PUT' });
    expect(browser.wire.map((w) => w.request.method)).toEqual(['OPTIONS', 'PUT', 'PUT']);
  });
});

describe('createBrowser().fetch', () => {
  it('requires an explicit page origin', () => {
    const { transport } = api({});
    expect(() => createBrowser({ origin: 'not a url', transport })).toThrow(/page origin/);
    expect(() => createBrowser({ origin: 'file:///x', transport })).toThrow(/http/);
  });

  it('resolves with a cors Response whose headers are filtered as the browser filters them', async () => {
    const { transport } = api({
      'GET /data': (req) => new Response('hello', { headers: reflect(req, { 'content-type': 'text/plain', 'x-secret': 's', 'x-exposed': 'e', 'access-control-expose-headers': 'x-exposed' }) }),
    });
    const browser = createBrowser({ origin: PAGE, transport });
    const res = await browser.fetch(`${API}/data`);
    expect(res.type).toBe('cors');
    expect(res.status).toBe(200);
    expect(res.url).toBe(`${API}/data`);
    expect(await res.text()).toBe('hello');
    expect(res.headers.get('x-exposed')).toBe('e');
    expect(res.headers.get('x-secret')).toBeNull();
    expect(res.headers.get('content-type')).toBe('text/plain');
  });

  it("rejects with the browser's TypeError, the reason in its cause and the console line kept", async () => {
    const { transport } = api({ 'GET /data': () => new Response('no cors headers') });
    const browser = createBrowser({ origin: PAGE, transport });
    const error = await browser.fetch(`${API}/data`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('Failed to fetch');
    const cause = (error as TypeError).cause as CorsErrorCause;
    expect(cause.code).toBe('MissingAllowOriginHeader');
    expect(cause.leg).toBe('actual');
    expect(cause.anchor).toBe('https://fetch.spec.whatwg.org/#concept-cors-check');
    expect(browser.console).toEqual([
      `Access to fetch at '${API}/data' from origin '${PAGE}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
      'Failed to load resource: net::ERR_FAILED',
    ]);
  });

  it('gives an opaque response (status 0, no headers, empty body) in no-cors mode', async () => {
    const { transport } = api({ 'GET /img': () => new Response('secret', { headers: { 'x-a': '1' } }) });
    const browser = createBrowser({ origin: PAGE, transport });
    const res = await browser.fetch(`${API}/img`, { mode: 'no-cors' });
    expect(res.type).toBe('opaque');
    expect(res.status).toBe(0);
    expect(res.ok).toBe(false);
    expect([...res.headers]).toEqual([]);
    expect(await res.text()).toBe('');
  });

  it('reuses a preflight until Access-Control-Max-Age runs out on its clock', async () => {
    const preflight = (req: Request): Response => new Response(null, {
      status: 204, headers: reflect(req, { 'access-control-allow-methods': 'PUT', 'access-control-max-age': '10' }),
    });
    const { transport, seen } = api({ 'OPTIONS /data': preflight, 'PUT /data': (req) => new Response('ok', { headers: reflect(req) }) });
    const clock = new VirtualClock();
    const browser = createBrowser({ origin: PAGE, transport, clock });
    await browser.fetch(`${API}/data`, { method: 'PUT' });
    await browser.fetch(`${API}/data`, { method: 'PUT' });
    clock.advance(10_000);
    await browser.fetch(`${API}/data`, { method: 'PUT' });
    expect(seen).toEqual(['OPTIONS /data', 'PUT /data', 'PUT /data', 'OPTIONS /data', 'PUT /data']);
    expect(browser.cache.size).toBe(1);
  });

  it('stores cookies from a credentialed response and sends them back, never on a preflight', async () => {
    const cookiesSeen: Array<string | null> = [];
    const { transport } = api({
      'GET /login': (req) => new Response('in', { headers: reflect(req, { 'access-control-allow-credentials': 'true', 'set-cookie': 'sid=1; Path=/' }) }),
      'OPTIONS /me': (req) => {
        cookiesSeen.push(`preflight:${req.headers.get('cookie')}`);
        return new Response(null, { status: 204, headers: reflect(req, { 'access-control-allow-credentials': 'true', 'access-control-allow-headers': 'x-token' }) });
      },
      'GET /me': (req) => {
        cookiesSeen.push(req.headers.get('cookie'));
        return new Response('me', { headers: reflect(req, { 'access-control-allow-credentials': 'true' }) });
      },
    });
    const browser = createBrowser({ origin: PAGE, transport });
    const login = await browser.fetch(`${API}/login`, { credentials: 'include' });
    expect(login.headers.get('set-cookie')).toBeNull();
    await browser.fetch(`${API}/me`, { credentials: 'include', headers: { 'X-Token': 't' } });
    expect(cookiesSeen).toEqual(['preflight:null', 'sid=1']);
  });

  it("keeps each browser's cookie policy: WebKit refuses Set-Cookie from another host of the same site", async () => {
    const cookieSent = async (browserName: 'chromium' | 'webkit'): Promise<string | null> => {
      let cookie: string | null = null;
      const { transport } = api({
        'GET /login': (req) => new Response('in', { headers: reflect(req, { 'access-control-allow-credentials': 'true', 'set-cookie': 'sid=1; Path=/' }) }),
        'GET /me': (req) => {
          cookie = req.headers.get('cookie');
          return new Response('me', { headers: reflect(req, { 'access-control-allow-credentials': 'true' }) });
        },
      });
      const browser = createBrowser({ origin: PAGE, transport, browser: browserName });
      await browser.fetch(`${API}/login`, { credentials: 'include' });
      await browser.fetch(`${API}/me`, { credentials: 'include' });
      return cookie;
    };
    expect(await cookieSent('chromium')).toBe('sid=1');
    expect(await cookieSent('webkit')).toBeNull();
  });

  it('drops forbidden headers silently, as a browser does', async () => {
    const got: WireRequest[] = [];
    const transport: Transport = { send: async (request) => {
      got.push(request);
      return { ok: true, response: { status: 200, statusText: 'OK', headers: [['Access-Control-Allow-Origin', '*']], body: new Uint8Array() } };
    } };
    const browser = createBrowser({ origin: PAGE, transport });
    await browser.fetch(`${API}/x`, { headers: { Cookie: 'a=b', 'Sec-Custom': '1' } });
    expect(got).toHaveLength(1);
    expect(got[0]?.headers.map(([n]) => n.toLowerCase())).not.toContain('sec-custom');
    expect(got[0]?.headers.find(([n]) => n.toLowerCase() === 'cookie')).toBeUndefined();
    expect(browser.history[0]?.trace.some((e) => e.kind === 'header-dropped')).toBe(true);
  });

  it('rejects, never crashes, when the transport throws', async () => {
    const browser = createBrowser({ origin: PAGE, transport: { send: () => Promise.reject(new Error('boom')) } });
    const error = await browser.fetch(`${API}/x`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(((error as TypeError).cause as CorsErrorCause).netError).toBe('ERR_FAILED');
    expect(browser.console).toEqual(['Failed to load resource: net::ERR_FAILED']);
  });

  it('throws the Request constructor TypeError for a forbidden method, and sends nothing', async () => {
    const { transport, seen } = api({});
    const browser = createBrowser({ origin: PAGE, transport });
    const error = await browser.fetch(`${API}/x`, { method: 'TRACE' }).catch((e: unknown) => e);
    expect((error as TypeError).message).toBe("Failed to execute 'fetch' on 'Window': 'TRACE' HTTP method is unsupported.");
    expect(seen).toEqual([]);
  });

  it('extracts a URLSearchParams body with its safelisted Content-Type (no preflight)', async () => {
    const { transport, seen } = api({ 'POST /form': (req) => new Response('ok', { headers: reflect(req) }) });
    const browser = createBrowser({ origin: PAGE, transport });
    const res = await browser.fetch(`${API}/form`, { method: 'POST', body: new URLSearchParams({ a: '1' }) });
    expect(res.status).toBe(200);
    expect(seen).toEqual(['POST /form']);
  });
});

describe("the fetched Response's body, read as the platform's", () => {
  const BODY = '\uFEFF{"a":"é"}';
  const TYPE = 'application/x-www-form-urlencoded;charset=UTF-8';
  const fetched = async (body: string | null = BODY, status = 200): Promise<Response> => {
    const { transport } = api({ 'GET /r': (req) => new Response(body, { status, headers: reflect(req, { 'content-type': TYPE }) }) });
    return createBrowser({ origin: PAGE, transport }).fetch(`${API}/r`);
  };
  const platform = (): Response => new Response(BODY, { headers: { 'content-type': TYPE } });
  const settle = (p: () => Promise<unknown>): Promise<unknown> => Promise.resolve().then(p).then(
    (value) => (value instanceof Blob ? value.text() : value instanceof FormData ? [...value] : value instanceof ArrayBuffer ? [...new Uint8Array(value)] : value),
    (error: unknown) => ({ error: String(error) }),
  );
  const readers: Record<string, (r: Response) => Promise<unknown>> = {
    text: (r) => r.text(),
    json: (r) => r.json(),
    arrayBuffer: (r) => r.arrayBuffer(),
    bytes: async (r) => [...await r.bytes()],
    blob: (r) => r.blob(),
    formData: (r) => r.formData(),
    body: (r) => new Response(r.body).text(),
  };

  it.each(Object.keys(readers))('%s: the same value, then the same refusal of a second read, as a platform Response', async (name) => {
    const read = readers[name] as (r: Response) => Promise<unknown>;
    const [ours, theirs] = [await fetched(), platform()];
    expect(await settle(() => read(ours))).toEqual(await settle(() => read(theirs)));
    expect(ours.bodyUsed).toBe(theirs.bodyUsed);
    for (const again of Object.values(readers)) expect(await settle(() => again(ours))).toEqual(await settle(() => again(theirs)));
    expect(() => ours.clone()).toThrow(TypeError);
  });

  it('a clone made before reading keeps the type, URL and body; either can be read', async () => {
    const res = await fetched();
    const copy = res.clone();
    expect([copy.type, copy.url, copy.status, copy.headers.get('content-type')]).toEqual(['cors', `${API}/r`, 200, TYPE]);
    expect(await copy.json()).toEqual({ a: 'é' });
    expect(await res.text()).toBe('{"a":"é"}');
    expect(res.bodyUsed && copy.bodyUsed).toBe(true);
  });

  it('a body stream asked for first is the body; reading it uses the body', async () => {
    const res = await fetched();
    expect(new TextDecoder().decode(await new Response(res.body).arrayBuffer())).toBe('{"a":"é"}');
    expect(res.bodyUsed).toBe(true);
    await expect(res.text()).rejects.toThrow(TypeError);
  });

  it('a null-body status has a null body that reads as empty, again and again', async () => {
    const res = await fetched(null, 204);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expect([await res.text(), await res.text(), res.bodyUsed]).toEqual(['', '', false]);
  });
});
