/**
 * The WebKit profile: each difference from Chromium, observed through the engine, with the recording
 * (spec-tests/corpus/webkit/<id>.result.json) or WebKit source it comes from. Messages are the recorded words.
 */
import { describe, expect, it } from 'vitest';
import { chromium } from './chromium.js';
import { webkit, webkitMaxAge } from './webkit.js';
import { API, OTHER, PAGE_ORIGIN, browserWith, message, reflectingServer, requests, sent, value, type Server } from './test-helpers.js';

const DATA = `${API}/data`;
type Init = Parameters<ReturnType<typeof browserWith>['fetch']>[1];

describe('webkit: the preflight status is checked first (preflightCheckOrder)', () => {
  it('a 500 preflight without Access-Control-Allow-Origin reports the status (recorded: random-04)', async () => {
    const server: Server = (r) => r.method === 'OPTIONS'
      ? { status: 500, headers: [['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Headers', '*']] }
      : { status: 404 };
    const init: Init = { method: 'OPTIONS', body: 'payload', credentials: 'omit', headers: [['Content-Type', 'application/json']] };
    expect(message(await browserWith(webkit, server).fetch(`${API}/r`, init))).toBe('Preflight response is not successful. Status code: 500');
    const cr = await browserWith(chromium, server).fetch(`${API}/r`, init);
    expect(!cr.ok && cr.reason.code).toBe('PreflightMissingAllowOriginHeader');
  });

  it('a 500 preflight with a wrong origin reports the status too (recorded: random-12)', async () => {
    const server: Server = () => ({ status: 500, headers: [['Access-Control-Allow-Origin', 'http://evil.test'], ['Access-Control-Allow-Methods', 'PUT, DELETE, PATCH, CUSTOM'], ['Access-Control-Allow-Headers', 'x-custom, content-type']] });
    const outcome = await browserWith(webkit, server).fetch(`${API}/r`, { method: 'HEAD', headers: [['Content-Type', 'application/json']] });
    expect(message(outcome)).toBe('Preflight response is not successful. Status code: 500');
  });
});

describe('webkit: a redirect is checked with the credentials flag the load started with (redirectCheckCredentials: load-start)', () => {
  // Same origin → api (302, reflected ACAO, no ACAC) → back to the page's origin.
  const server: Server = (r) => r.url.startsWith(`${PAGE_ORIGIN}/go`) ? { status: 302, headers: [['Location', `${API}/hop`]] }
    : r.url.startsWith(`${API}/hop`) ? { status: 302, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Location', `${PAGE_ORIGIN}/end`]] }
      : { headers: [['Access-Control-Allow-Origin', '*']], body: 'end' };

  it('a same-origin start makes the cross-origin redirect need Access-Control-Allow-Credentials (recorded: v2-redir-same-cross-same-star)', async () => {
    const outcome = await browserWith(webkit, server).fetch(`${PAGE_ORIGIN}/go`);
    expect(message(outcome)).toBe(`Cross-origin redirection to ${PAGE_ORIGIN}/end denied by Cross-Origin Resource Sharing policy: Credentials flag is true, but Access-Control-Allow-Credentials is not "true".`);
    expect(requests(outcome)).toEqual([`GET ${PAGE_ORIGIN}/go`, `GET ${API}/hop`]);
    expect((await browserWith(chromium, server).fetch(`${PAGE_ORIGIN}/go`)).ok).toBe(true);
  });

  it('the final response is checked with the request\'s credentials mode (recorded: redirect-same-origin-to-cross)', async () => {
    const once: Server = (r) => r.url.startsWith(`${PAGE_ORIGIN}/`) ? { status: 302, headers: [['Location', `${API}/end`]] }
      : { headers: [['Access-Control-Allow-Origin', value(r, 'Origin')]], body: 'end' };
    expect((await browserWith(webkit, once).fetch(`${PAGE_ORIGIN}/start`)).ok).toBe(true);
  });

  it('a cross-origin start is checked without credentials, as the spec says', async () => {
    expect((await browserWith(webkit, server).fetch(`${API}/hop`)).ok).toBe(true);
  });
});

describe('webkit: a preflight that fails the method check is cached anyway (preflightCache.storeBeforeRequestChecks)', () => {
  const server: Server = (r) => r.method === 'OPTIONS'
    ? { status: 204, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Access-Control-Allow-Methods', 'DELETE']] }
    : { headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Content-Type', 'text/plain']], body: 'ok' };

  it('sends the DELETE after a failed PUT without a preflight (recorded: multi-step-mixed)', async () => {
    const b = browserWith(webkit, server);
    const put = await b.fetch(DATA, { method: 'PUT', body: 'x' });
    expect(message(put)).toBe('Method PUT is not allowed by Access-Control-Allow-Methods.');
    expect(requests(await b.fetch(DATA, { method: 'DELETE' }))).toEqual([`DELETE ${DATA}`]);
  });

  it('whereas Chromium preflights the DELETE (recorded: chromium/multi-step-mixed)', async () => {
    const b = browserWith(chromium, server);
    await b.fetch(DATA, { method: 'PUT', body: 'x' });
    expect(requests(await b.fetch(DATA, { method: 'DELETE' }))).toEqual([`OPTIONS ${DATA}`, `DELETE ${DATA}`]);
  });

  it('a negative Max-Age is not cached, anything unparseable gives 5 s, the cap is 600 s (recorded: cache-maxage-negative; CrossOriginPreflightResultCache.cpp)', () => {
    expect([null, '-1', '0', '2', '600, 600', 'abc', '+7', '100000'].map(webkitMaxAge)).toEqual([5, 0, 0, 2, 5, 5, 7, 600]);
  });
});

describe('webkit: which unlisted header is named, and how (requestHeaderCheckOrder: known-first)', () => {
  const allowOnly = (acah: string | null): Server => (r) => ({
    status: 204, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ...(acah === null ? [] : [['Access-Control-Allow-Headers', acah] as [string, string]])],
  });
  const cases: Array<{ id: string; acah: string | null; headers: Array<[string, string]>; line: string }> = [
    { id: 'custom-custom-and-ct-json-acah-missing', acah: null, headers: [['X-Custom', '1'], ['Content-Type', 'application/json']],
      line: 'Request header field Content-Type is not allowed by Access-Control-Allow-Headers.' },
    { id: 'custom-two-acah-other', acah: 'x-other', headers: [['X-B', '2'], ['x-a', '1']],
      line: 'Request header field X-B is not allowed by Access-Control-Allow-Headers.' },
    { id: 'custom-mixed-case-acah-partial', acah: 'x-other', headers: [['X-MiXeD-CaSe', '1']],
      line: 'Request header field X-MiXeD-CaSe is not allowed by Access-Control-Allow-Headers.' },
    { id: 'custom-dup-name-acah-missing', acah: null, headers: [['X-A', '1'], ['x-a', '2']],
      line: 'Request header field X-A is not allowed by Access-Control-Allow-Headers.' },
  ];
  it.each(cases)('$id', async ({ acah, headers, line }) => {
    expect(message(await browserWith(webkit, allowOnly(acah)).fetch(DATA, { method: 'POST', body: 'x', headers }))).toBe(line);
  });

  it('Chromium names the first-listed header instead (recorded: chromium/custom-custom-and-ct-json-acah-missing)', async () => {
    const cr = await browserWith(chromium, allowOnly(null)).fetch(DATA, { method: 'POST', body: 'x', headers: [['X-Custom', '1'], ['Content-Type', 'application/json']] });
    expect(!cr.ok && cr.reason.parameter).toBe('x-custom');
  });

  it('a known header is spelled canonically whatever script wrote (HTTPHeaderMap.h; not recorded: the scripts used canonical case)', async () => {
    const outcome = await browserWith(webkit, allowOnly(null)).fetch(DATA, { method: 'POST', body: 'x', headers: [['content-type', 'application/json']] });
    expect(message(outcome)).toBe('Request header field Content-Type is not allowed by Access-Control-Allow-Headers.');
  });
});

describe('webkit: Access-Control-Allow-Origin with a comma is "more than one origin" (multipleAllowOriginValues: comma)', () => {
  it('one `*, origin` line (recorded: acao-comma-star-get-cred-include)', async () => {
    const server: Server = () => ({ headers: [['Access-Control-Allow-Origin', `*, ${PAGE_ORIGIN}`], ['Access-Control-Allow-Credentials', 'true']] });
    expect(message(await browserWith(webkit, server).fetch(DATA, { credentials: 'include' }))).toBe('Access-Control-Allow-Origin cannot contain more than one origin.');
  });

  it('a value with a space but no comma is a plain mismatch (CrossOriginAccessControl.cpp; Chromium calls it multiple; not recorded)', async () => {
    const server: Server = () => ({ headers: [['Access-Control-Allow-Origin', `${PAGE_ORIGIN} x`]] });
    expect(message(await browserWith(webkit, server).fetch(DATA))).toBe(
      'Origin http://app.example.test:47001 is not allowed by Access-Control-Allow-Origin. Status code: 200');
    const cr = await browserWith(chromium, server).fetch(DATA);
    expect(!cr.ok && cr.reason.code).toBe('MultipleAllowOriginValues');
  });
});

describe('webkit: User-Agent is settable and copied onto the preflight (preflightCopiesUserAgent: true)', () => {
  it('preflights for it and sends `forged` on both requests (recorded: forbidden-user-agent)', async () => {
    const outcome = await browserWith(webkit, reflectingServer).fetch(DATA, { headers: [['User-Agent', 'forged']] });
    expect(requests(outcome)).toEqual([`OPTIONS ${DATA}`, `GET ${DATA}`]);
    expect(sent(outcome, 0, 'Access-Control-Request-Headers')).toBe('user-agent');
    expect([sent(outcome, 0, 'User-Agent'), sent(outcome, 1, 'User-Agent')]).toEqual(['forged', 'forged']);
  });
});

describe('webkit: the preflight after a redirect keeps the original unsafe names (redirectPreflightHeaderNames: original)', () => {
  it('OPTIONS /end names content-type, the GET carries none (recorded: redirect-post-json-302)', async () => {
    const server: Server = (r) => r.method === 'OPTIONS' ? reflectingServer(r)
      : r.url.endsWith('/start') ? { status: 302, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Location', `${API}/end`]] }
        : reflectingServer(r);
    const outcome = await browserWith(webkit, server).fetch(`${API}/start`, { method: 'POST', body: '{}', headers: [['Content-Type', 'application/json']] });
    expect(requests(outcome)).toEqual([`OPTIONS ${API}/start`, `POST ${API}/start`, `OPTIONS ${API}/end`, `GET ${API}/end`]);
    expect([sent(outcome, 2, 'Access-Control-Request-Method'), sent(outcome, 2, 'Access-Control-Request-Headers')]).toEqual(['GET', 'content-type']);
    expect(sent(outcome, 3, 'Content-Type')).toBeNull();
  });
});

describe('webkit: data', () => {
  it('sends Accept-Language en-US,en;q=0.90 on the preflight (recorded: safelist-accept-lang-bad-not-allowed)', async () => {
    const outcome = await browserWith(webkit, reflectingServer).fetch(DATA, { headers: [['Accept-Language', 'en(US)']] });
    expect(sent(outcome, 0, 'Accept-Language')).toBe('en-US,en;q=0.90');
  });
});

describe('webkit: messages, word for word as recorded (the first console line), then the access-control line', () => {
  const reflect = (extra: Array<[string, string]>): Server => (r) => ({ headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ...extra], body: 'ok' });
  const cases: Array<{ id: string; server: Server; url?: string; init?: Init; line: string; second?: string | null }> = [
    { id: 'acao-star-get-cred-include', server: () => ({ headers: [['Access-Control-Allow-Origin', '*']] }), init: { credentials: 'include' },
      line: 'Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.' },
    { id: 'acao-two-lines-star-exact-get-cred-same-origin', server: () => ({ headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Origin', PAGE_ORIGIN]] }),
      line: 'Access-Control-Allow-Origin cannot contain more than one origin.' },
    { id: 'acac-false-cred-include', server: reflect([['Access-Control-Allow-Credentials', 'false']]), init: { credentials: 'include' },
      line: 'Credentials flag is true, but Access-Control-Allow-Credentials is not "true".' },
    { id: 'acao-missing-head', server: () => ({}), init: { method: 'HEAD' },
      line: 'Origin http://app.example.test:47001 is not allowed by Access-Control-Allow-Origin. Status code: 200' },
    { id: 'acao-star-quoted-get-cred-include', server: () => ({ headers: [['Access-Control-Allow-Origin', '"*"']] }), init: { credentials: 'include' },
      line: 'Origin http://app.example.test:47001 is not allowed by Access-Control-Allow-Origin. Status code: 200' },
    { id: 'preflight-acao-trailing-slash', server: (r) => ({ status: 204, headers: [['Access-Control-Allow-Origin', `${PAGE_ORIGIN}/`], ['Access-Control-Allow-Methods', value(r, 'Access-Control-Request-Method')]] }),
      init: { method: 'PUT', body: 'x' }, line: 'Origin http://app.example.test:47001 is not allowed by Access-Control-Allow-Origin. Status code: 204' },
    { id: 'preflight-status-404', server: (r) => ({ status: r.method === 'OPTIONS' ? 404 : 200, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')]] }), init: { method: 'PUT', body: 'x' },
      line: 'Preflight response is not successful. Status code: 404' },
    { id: 'preflight-status-302', server: (r) => ({ status: 302, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Location', `${API}/elsewhere`]] }), init: { method: 'PUT', body: 'x' },
      line: 'Preflight response is not successful. Status code: 302' },
    { id: 'method-put-acam-invalid-token', server: (r) => ({ status: 204, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Access-Control-Allow-Methods', 'PUT, (bad), DELETE']] }), init: { method: 'PUT', body: 'x' },
      line: 'Header Access-Control-Allow-Methods has an invalid value: PUT, (bad), DELETE' },
    { id: 'custom-two-acah-invalid-token', server: (r) => ({ status: 204, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Access-Control-Allow-Headers', 'x-custom, x b, x-a']] }),
      init: { method: 'POST', body: 'x', headers: [['X-Custom', '1'], ['X-A', '2']] }, line: 'Header Access-Control-Allow-Headers has an invalid value: x-custom, x b, x-a' },
    { id: 'method-put-acam-missing', server: (r) => ({ status: 204, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')]] }), init: { method: 'PUT', body: 'x' },
      line: 'Method PUT is not allowed by Access-Control-Allow-Methods.' },
    { id: 'redirect-missing-acao-on-redirect', url: `${API}/start`, server: () => ({ status: 302, headers: [['Location', `${API}/end`]] }),
      line: 'Cross-origin redirection to http://api.example.test:47002/end denied by Cross-Origin Resource Sharing policy: Origin http://app.example.test:47001 is not allowed by Access-Control-Allow-Origin. Status code: 302',
      second: 'Fetch API cannot load http://api.example.test:47002/end due to access control checks.' },
    { id: 'redirect-userinfo', url: `${API}/start`, server: (r) => ({ status: 302, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Location', 'http://user:pass@other.test:47003/end']] }),
      line: 'Cross-origin redirection to http://other.test:47003/end denied by Cross-Origin Resource Sharing policy: redirection URL http://user:pass@other.test:47003/end has credentials',
      second: 'Fetch API cannot load http://other.test:47003/end due to access control checks.' },
    { id: 'redirect-loop', url: `${API}/loop`, server: (r) => ({ status: 302, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Location', `${API}/loop`]] }),
      line: 'Load cannot follow more than 20 redirections', second: 'Fetch API cannot load http://api.example.test:47002/loop due to access control checks.' },
    { id: 'redirect-mode-error-no-cors', server: () => ({ status: 302, headers: [['Location', `${API}/end`]] }), init: { mode: 'no-cors', redirect: 'error' },
      line: 'No-Cors mode requires follow redirect mode' },
    { id: 'mode-same-origin-other-port', url: 'http://app.example.test:47002/data', server: () => ({}), init: { mode: 'same-origin' },
      line: 'Fetch API cannot load http://app.example.test:47002/data.', second: null },
  ];
  it.each(cases)('$id', async ({ server, url, init, line, second }) => {
    const outcome = await browserWith(webkit, server).fetch(url ?? DATA, init);
    expect(outcome.ok).toBe(false);
    // The second line is ThreadableLoader::logError's for an access-control error (not recorded; browsers.md §3.1).
    expect(outcome.console).toEqual(second === null ? [line]
      : [line, second ?? `Fetch API cannot load ${url ?? DATA} due to access control checks.`]);
    expect(!outcome.ok && outcome.exception).toBe('TypeError: Load failed');
  });

  it('results carry no CorsError code (the recordings have none)', () => {
    expect(webkit.reportsCorsErrorCode).toBe(false);
  });
});

describe('webkit: Origin through a redirect within one origin (redirectKeepsOriginHeader)', () => {
  it.each([
    { desc: 'a no-cors POST turned GET by a 302 within the API origin keeps Origin (probe-origin-after-post-redirect-no-cors-same-host)', to: `${API}/end`, kept: true },
    { desc: 'a hop to another origin drops it (probe-origin-after-post-redirect-no-cors-cross)', to: `${OTHER}/end`, kept: false },
  ])('$desc', async ({ to, kept }) => {
    const server: Server = (r) => new URL(r.url).pathname === '/r'
      ? { status: 302, headers: [['Location', to]] }
      : { headers: [['Content-Type', 'text/plain']], body: 'end' };
    const init = { method: 'POST', body: 'x', mode: 'no-cors' as const };
    expect(sent(await browserWith(webkit, server).fetch(`${API}/r`, init), 1, 'Origin')).toBe(kept ? PAGE_ORIGIN : null);
    expect(sent(await browserWith(chromium, server).fetch(`${API}/r`, init), 1, 'Origin')).toBeNull();
  });
});
