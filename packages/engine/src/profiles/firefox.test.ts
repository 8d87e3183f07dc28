/**
 * The Firefox profile: each difference from Chromium, observed through the engine, with the recording
 * (spec-tests/corpus/firefox/<id>.result.json) or Gecko source it comes from. Messages are the recorded words.
 */
import { describe, expect, it } from 'vitest';
import { chromium } from './chromium.js';
import { firefox, firefoxMaxAge } from './firefox.js';
import { API, OTHER, PAGE_ORIGIN, browserWith, message, reflectingServer, requests, sent, value, type Server } from './test-helpers.js';
import { SPEC } from '../spec.js';

const DATA = `${API}/data`;
const A70 = 'a'.repeat(70);

describe('firefox: the preflight cache (reused as with ordinary DNS; a cached `*` approves nothing)', () => {
  const server: Server = (r) => r.method === 'OPTIONS'
    ? { status: 204, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Max-Age', '600']] }
    : { headers: [['Access-Control-Allow-Origin', value(r, 'Origin')]], body: 'ok' };
  const star: Server = (r) => r.method === 'OPTIONS'
    ? { status: 204, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Access-Control-Allow-Methods', '*'], ['Access-Control-Max-Age', '600']] }
    : { headers: [['Access-Control-Allow-Origin', value(r, 'Origin')]], body: 'ok' };

  it('serves the second PUT from the cache (recorded with ordinary DNS: recordings/firefox/ordinary-dns-cache-maxage-600-reuse)', async () => {
    const b = browserWith(firefox, server);
    await b.fetch(DATA, { method: 'PUT', body: 'x' });
    b.advance(200);
    expect(requests(await b.fetch(DATA, { method: 'PUT', body: 'x' }))).toEqual([`PUT ${DATA}`]);
  });

  it('preflights again when the cached entry only has `*` (recorded: ordinary-dns-cache-method-star step 1)', async () => {
    const b = browserWith(firefox, star);
    await b.fetch(DATA, { method: 'PUT', body: 'x' });
    expect(requests(await b.fetch(DATA, { method: 'PUT', body: 'x' }))).toEqual([`OPTIONS ${DATA}`, `PUT ${DATA}`]);
  });

  it('whereas Chromium lets the cached `*` approve it (recorded: chromium/cache-method-star)', async () => {
    const b = browserWith(chromium, star);
    await b.fetch(DATA, { method: 'PUT', body: 'x' });
    expect(requests(await b.fetch(DATA, { method: 'PUT', body: 'x' }))).toEqual([`PUT ${DATA}`]);
  });

  it('discards every entry when the DNS-cache gate fails (reuseEntries: false, as under the shared corpus\'s forced host mapping)', async () => {
    const gated = { ...firefox, preflightCache: { ...firefox.preflightCache, reuseEntries: false } };
    const b = browserWith(gated, server);
    await b.fetch(DATA, { method: 'PUT', body: 'x' });
    const second = await b.fetch(DATA, { method: 'PUT', body: 'x' });
    expect(requests(second)).toEqual([`OPTIONS ${DATA}`, `PUT ${DATA}`]);
    expect(sent(second, 0, 'Access-Control-Request-Method')).toBe('PUT');
  });

  it('still sends no preflight for a simple request (recorded: cache-then-simple)', async () => {
    const b = browserWith(firefox, server);
    await b.fetch(DATA, { method: 'PUT', body: 'x' });
    expect(requests(await b.fetch(DATA))).toEqual([`GET ${DATA}`]);
  });

  it('parses Max-Age digit by digit, capped at a day (nsCORSListenerProxy.cpp AddResultToCache; not observable here)', () => {
    expect([null, '', '600', '100000', '0', '-1', '+5', '600, 600'].map(firefoxMaxAge)).toEqual([5, 5, 600, 86400, 0, 0, 0, 0]);
  });
});

describe('firefox: appended header values stay separate entries (combineDuplicateRequestHeaders: false)', () => {
  it('checks two 70-byte Accept values one by one: no preflight, the response is readable (recorded: safelist-accept-appended-long-not-allowed)', async () => {
    const server: Server = (r) => r.method === 'OPTIONS'
      ? { status: 204, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Access-Control-Allow-Methods', 'GET, POST']] }
      : { headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Content-Type', 'text/plain']], body: 'ok' };
    const init = { headers: [['Accept', A70], ['Accept', A70]] as Array<[string, string]> };
    const ff = await browserWith(firefox, server).fetch(DATA, init);
    expect(ff.ok).toBe(true);
    expect(requests(ff)).toEqual([`GET ${DATA}`]);
    expect(sent(ff, 0, 'Accept')).toBe(`${A70}, ${A70}`);
    const cr = await browserWith(chromium, server).fetch(DATA, init);
    expect(cr.ok).toBe(false);
    expect(requests(cr)).toEqual([`OPTIONS ${DATA}`]);
  });

  it('sends Content-Type appended twice without a preflight, and once on the wire (recorded: safelist-ct-appended-twice-allowed; nsHttpHeaderArray.h IsSingletonHeader)', async () => {
    const init = { method: 'POST', body: 'hello', headers: [['Content-Type', 'text/plain'], ['Content-Type', 'text/plain']] as Array<[string, string]> };
    const ff = await browserWith(firefox, reflectingServer).fetch(DATA, init);
    expect(requests(ff)).toEqual([`POST ${DATA}`]);
    expect(sent(ff, 0, 'Content-Type')).toBe('text/plain');
    const cr = await browserWith(chromium, reflectingServer).fetch(DATA, init);
    expect(requests(cr)).toEqual([`OPTIONS ${DATA}`, `POST ${DATA}`]);
    expect(sent(cr, 1, 'Content-Type')).toBe('text/plain, text/plain');
  });
});

describe('firefox: Access-Control-Request-Headers keeps duplicates (dedupePreflightHeaderNames: false)', () => {
  it('sends x-a,x-a for X-A and x-a, and the actual request x-a: 1, 2 (recorded: custom-dup-name-acah-reflect)', async () => {
    const init = { method: 'POST', body: 'x', headers: [['X-A', '1'], ['x-a', '2']] as Array<[string, string]> };
    const ff = await browserWith(firefox, reflectingServer).fetch(DATA, init);
    expect(ff.ok).toBe(true);
    expect(sent(ff, 0, 'Access-Control-Request-Headers')).toBe('x-a,x-a');
    expect(sent(ff, 1, 'X-A')).toBe('1, 2');
    const cr = await browserWith(chromium, reflectingServer).fetch(DATA, init);
    expect(sent(cr, 0, 'Access-Control-Request-Headers')).toBe('x-a');
  });
});

describe('firefox: the header check walks the sorted names (requestHeaderCheckOrder: sorted)', () => {
  const noHeaders: Server = (r) => ({ status: 204, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')]] });

  it('names content-type, not the first-listed X-Custom (recorded: custom-custom-and-ct-json-acah-missing)', async () => {
    const init = { method: 'POST', body: 'x', headers: [['X-Custom', '1'], ['Content-Type', 'application/json']] as Array<[string, string]> };
    expect(message(await browserWith(firefox, noHeaders).fetch(DATA, init))).toBe(
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:47002/data. (Reason: header ‘content-type’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).');
    const cr = await browserWith(chromium, noHeaders).fetch(DATA, init);
    expect(!cr.ok && cr.reason.parameter).toBe('x-custom');
  });

  it('names x-a for [X-B, x-a] (recorded: custom-two-acah-other)', async () => {
    const other: Server = (r) => ({ status: 204, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Access-Control-Allow-Headers', 'x-other']] });
    const outcome = await browserWith(firefox, other).fetch(DATA, { method: 'POST', body: 'x', headers: [['X-B', '2'], ['x-a', '1']] });
    expect(message(outcome)).toBe(
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:47002/data. (Reason: header ‘x-a’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).');
  });
});

describe('firefox: the order of the preflight checks (preflightCheckOrder)', () => {
  it('checks Access-Control-Allow-Origin before the status: a 500 without it reports the missing header with the status (recorded: random-04)', async () => {
    const server: Server = (r) => r.method === 'OPTIONS'
      ? { status: 500, headers: [['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Headers', '*']] }
      : { status: 404 };
    const outcome = await browserWith(firefox, server).fetch(`${API}/r`, { method: 'OPTIONS', body: 'payload', credentials: 'omit', headers: [['Content-Type', 'application/json']] });
    expect(message(outcome)).toBe(
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:47002/r. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 500.');
  });

  it('checks Access-Control-Allow-Origin on a redirected preflight before it refuses the redirect (recorded: v2-redir-preflight-302-to-login-include)', async () => {
    const login: Server = () => ({ status: 302, headers: [['Location', `${API}/login`]] });
    const init = { method: 'PUT', body: '{}', credentials: 'include' as const, headers: [['Content-Type', 'application/json']] as Array<[string, string]> };
    expect(message(await browserWith(firefox, login).fetch(DATA, init))).toBe(
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:47002/data. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 302.');
    const cr = await browserWith(chromium, login).fetch(DATA, init);
    expect(!cr.ok && cr.reason.code).toBe('PreflightDisallowedRedirect');
  });

  it.each([
    { redirect: 'follow' as const, reason: 'CORS request external redirect not allowed).' },
    { redirect: 'error' as const, reason: 'CORS preflight response did not succeed). Status code: 307.' },
    { redirect: 'manual' as const, reason: 'CORS preflight response did not succeed). Status code: 307.' },
  ])('redirect mode $redirect: a 307 preflight reports "$reason" (recorded: probe-preflight-redirect-mode-*)', async ({ redirect, reason }) => {
    const moved: Server = (r) => ({ status: 307, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Location', `${API}/other`]] });
    expect(message(await browserWith(firefox, moved).fetch(DATA, { method: 'PUT', redirect }))).toBe(
      `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:47002/data. (Reason: ${reason}`);
    const cr = await browserWith(chromium, moved).fetch(DATA, { method: 'PUT', redirect });
    expect(!cr.ok && cr.reason.code).toBe('PreflightDisallowedRedirect');
  });

  it('a redirected preflight that passes the CORS check reports the redirect (recorded: redirect-of-preflight)', async () => {
    const moved: Server = (r) => ({ status: 302, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Location', `${API}/pf2`]] });
    expect(message(await browserWith(firefox, moved).fetch(DATA, { method: 'PUT', body: 'x' }))).toBe(
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:47002/data. (Reason: CORS request external redirect not allowed).');
  });

  it('checks the method before it parses Access-Control-Allow-Headers (nsCORSListenerProxy.cpp CheckPreflightRequestApproved; not recorded)', async () => {
    const server: Server = (r) => ({ status: 204, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Access-Control-Allow-Methods', 'GET'], ['Access-Control-Allow-Headers', 'x b']] });
    const init = { method: 'PUT', body: 'x', headers: [['X-Custom', '1']] as Array<[string, string]> };
    expect((await browserWith(firefox, server).fetch(DATA, init)).console[0]).toContain('(Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).');
    const cr = await browserWith(chromium, server).fetch(DATA, init);
    expect(!cr.ok && cr.reason.code).toBe('InvalidAllowHeadersPreflightResponse');
  });
});

describe('firefox: Access-Control-Allow-Origin lines are counted before they are combined (multipleAllowOriginValues: header-lines)', () => {
  it('two lines, one of them the exact origin: "Multiple … not allowed" (recorded: acao-two-lines-star-exact-get-cred-same-origin)', async () => {
    const server: Server = () => ({ headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Origin', PAGE_ORIGIN]], body: 'payload' });
    expect(message(await browserWith(firefox, server).fetch(DATA))).toBe(
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:47002/data. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).');
  });

  it('one line `*, origin`: a mismatch that quotes the value (recorded: acao-comma-star-get-cred-include)', async () => {
    const server: Server = () => ({ headers: [['Access-Control-Allow-Origin', `*, ${PAGE_ORIGIN}`], ['Access-Control-Allow-Credentials', 'true']], body: 'payload' });
    const outcome = await browserWith(firefox, server).fetch(DATA, { credentials: 'include' });
    expect(message(outcome)).toBe(
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:47002/data. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘*, http://app.example.test:47001’).');
    const cr = await browserWith(chromium, server).fetch(DATA, { credentials: 'include' });
    expect(!cr.ok && cr.reason.code).toBe('MultipleAllowOriginValues');
  });
});

describe('firefox: User-Agent is an ordinary request header (extraForbiddenHeaders, preflightCopiesUserAgent: false)', () => {
  it('preflights for a script-set User-Agent, with Firefox\'s own on the OPTIONS and the script\'s on the GET (recorded: forbidden-user-agent)', async () => {
    const outcome = await browserWith(firefox, reflectingServer).fetch(DATA, { headers: [['User-Agent', 'forged']] });
    expect(requests(outcome)).toEqual([`OPTIONS ${DATA}`, `GET ${DATA}`]);
    expect(sent(outcome, 0, 'Access-Control-Request-Headers')).toBe('user-agent');
    expect(sent(outcome, 0, 'User-Agent')).toBe(firefox.userAgent);
    expect(sent(outcome, 1, 'User-Agent')).toBe('forged');
    const cr = await browserWith(chromium, reflectingServer).fetch(DATA, { headers: [['User-Agent', 'forged']] });
    expect(requests(cr)).toEqual([`GET ${DATA}`]);
    expect(sent(cr, 0, 'User-Agent')).toBe(chromium.userAgent);
  });
});

describe('firefox: redirects', () => {
  it('preflights a POST→GET-rewritten request again, with no Access-Control-Request-Headers (recorded: redirect-post-json-302)', async () => {
    const server: Server = (r) => r.method === 'OPTIONS' ? reflectingServer(r)
      : r.url.endsWith('/start') ? { status: 302, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Location', `${API}/end`]] }
        : reflectingServer(r);
    const init = { method: 'POST', body: '{}', headers: [['Content-Type', 'application/json']] as Array<[string, string]> };
    const ff = await browserWith(firefox, server).fetch(`${API}/start`, init);
    expect(requests(ff)).toEqual([`OPTIONS ${API}/start`, `POST ${API}/start`, `OPTIONS ${API}/end`, `GET ${API}/end`]);
    expect(sent(ff, 2, 'Access-Control-Request-Method')).toBe('GET');
    expect(sent(ff, 2, 'Access-Control-Request-Headers')).toBeNull();
    expect(requests(await browserWith(chromium, server).fetch(`${API}/start`, init))).toEqual([`OPTIONS ${API}/start`, `POST ${API}/start`, `GET ${API}/end`]);
  });

  it('sends the page\'s origin on the preflight after a tainting redirect, `null` on the request (recorded: redirect-preflighted-actual-302-other-origin)', async () => {
    const server: Server = (r) => r.url.startsWith(OTHER)
      ? { status: r.method === 'OPTIONS' ? 204 : 200, headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', '*'], ['Access-Control-Allow-Headers', '*']], body: 'end' }
      : r.method === 'OPTIONS' ? reflectingServer(r) : { status: 302, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Location', `${OTHER}/end`]] };
    const init = { method: 'PUT', body: 'x', headers: [['X-Custom', '1']] as Array<[string, string]> };
    const ff = await browserWith(firefox, server).fetch(`${API}/start`, init);
    expect(requests(ff)).toEqual([`OPTIONS ${API}/start`, `PUT ${API}/start`, `OPTIONS ${OTHER}/end`, `PUT ${OTHER}/end`]);
    expect([sent(ff, 2, 'Origin'), sent(ff, 3, 'Origin')]).toEqual([PAGE_ORIGIN, 'null']);
    const cr = await browserWith(chromium, server).fetch(`${API}/start`, init);
    expect([sent(cr, 2, 'Origin'), sent(cr, 3, 'Origin')]).toEqual(['null', 'null']);
  });
});

describe('firefox: messages (security.properties), word for word as recorded', () => {
  const reflect = (extra: Array<[string, string]>): Server => (r) => ({ headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ...extra], body: 'ok' });
  const cases: Array<{ id: string; server: Server; url?: string; init?: Parameters<ReturnType<typeof browserWith>['fetch']>[1]; line: string | undefined }> = [
    { id: 'acao-star-get-cred-include', server: () => ({ headers: [['Access-Control-Allow-Origin', '*']] }), init: { credentials: 'include' },
      line: 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘http://api.example.test:47002/data’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).' },
    { id: 'acao-missing-head', server: () => ({}), init: { method: 'HEAD' },
      line: 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:47002/data. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.' },
    { id: 'acao-star-quoted-get-cred-include', server: () => ({ headers: [['Access-Control-Allow-Origin', '"*"']] }), init: { credentials: 'include' },
      line: 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:47002/data. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘"*"’).' },
    { id: 'acao-empty-value-get-cred-include', server: () => ({ headers: [['Access-Control-Allow-Origin', '']] }), init: { credentials: 'include' },
      line: 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:47002/data. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘’).' },
    { id: 'acac-false-cred-include', server: reflect([['Access-Control-Allow-Credentials', 'false']]), init: { credentials: 'include' },
      line: 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:47002/data. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).' },
    { id: 'preflight-status-404', server: (r) => ({ status: r.method === 'OPTIONS' ? 404 : 200, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')]] }), init: { method: 'PUT', body: 'x' },
      line: 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:47002/data. (Reason: CORS preflight response did not succeed). Status code: 404.' },
    { id: 'preflight-status-302', server: (r) => ({ status: 302, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Location', `${API}/elsewhere`]] }), init: { method: 'PUT', body: 'x' },
      line: 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:47002/data. (Reason: CORS request external redirect not allowed).' },
    { id: 'method-put-acam-missing', server: (r) => ({ status: 204, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')]] }), init: { method: 'PUT', body: 'x' },
      line: 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:47002/data. (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).' },
    { id: 'method-put-acam-invalid-token', server: (r) => ({ status: 204, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Access-Control-Allow-Methods', 'PUT, (bad), DELETE']] }), init: { method: 'PUT', body: 'x' },
      line: 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:47002/data. (Reason: invalid token ‘(bad)’ in CORS header ‘Access-Control-Allow-Methods’).' },
    { id: 'custom-two-acah-invalid-token', server: (r) => ({ status: 204, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Access-Control-Allow-Headers', 'x-custom, x b, x-a']] }),
      init: { method: 'POST', body: 'x', headers: [['X-Custom', '1'], ['X-A', '2']] },
      line: 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:47002/data. (Reason: invalid token ‘x b’ in CORS header ‘Access-Control-Allow-Headers’).' },
    { id: 'redirect-missing-acao-on-redirect', url: `${API}/start`, server: () => ({ status: 302, headers: [['Location', `${API}/end`]] }),
      line: 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:47002/start. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 302.' },
    { id: 'redirect-loop', url: `${API}/loop`, server: (r) => ({ status: 302, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Location', `${API}/loop`]] }),
      line: 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:47002/loop. (Reason: CORS request did not succeed). Status code: (null).' },
    { id: 'redirect-userinfo', url: `${API}/start`, server: (r) => ({ status: 302, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Location', 'http://user:pass@other.test:47003/end']] }),
      line: 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:47002/start. (Reason: CORS request did not succeed). Status code: (null).' },
    { id: 'mode-same-origin-other-port', url: 'http://app.example.test:47002/data', server: () => ({}), init: { mode: 'same-origin' },
      line: 'Security Error: Content at http://app.example.test:47001/ may not load data from http://app.example.test:47002/data.' },
    { id: 'redirect-mode-error-no-cors', server: () => ({ status: 302, headers: [['Location', `${API}/end`]] }), init: { mode: 'no-cors', redirect: 'error' }, line: undefined },
  ];
  it.each(cases)('$id', async ({ server, url, init, line }) => {
    const outcome = await browserWith(firefox, server).fetch(url ?? DATA, init);
    expect(outcome.ok).toBe(false);
    // The recorded line states the reason; a failed preflight also logs the request it stopped (probe-console-preflight-403).
    expect(outcome.reasonLine === undefined ? undefined : outcome.console[outcome.reasonLine]).toBe(line);
    const stopped = !outcome.ok && outcome.reason.leg === 'preflight'
      ? [`Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${outcome.url}. (Reason: CORS request did not succeed). Status code: (null).`] : [];
    expect(outcome.console).toEqual(line === undefined ? [] : [line, ...stopped]);
    expect(!outcome.ok && outcome.exception).toBe('TypeError: NetworkError when attempting to fetch resource.');
  });

  it('results carry no CorsError code (the recordings have none)', () => {
    expect(firefox.reportsCorsErrorCode).toBe(false);
    expect(chromium.reportsCorsErrorCode).toBe(true);
  });

  it('prints nothing for a redirect-mode "error" failure (recorded: probe-redirect-mode-error)', () => {
    expect(firefox.consoleLines({ code: 'Network', leg: 'redirect', anchor: SPEC.requestRedirectMode, explanation: '', netError: 'ERR_FAILED' },
      { url: DATA, initialUrl: DATA, origin: PAGE_ORIGIN, pageUrl: `${PAGE_ORIGIN}/`, requestOrigin: PAGE_ORIGIN, method: 'GET', status: 302, tainting: 'cors' })).toEqual([]);
  });
});

describe('firefox: the wire and the way back to the page origin', () => {
  const echo: Server = (r) => r.method === 'OPTIONS'
    ? { status: 204, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Access-Control-Allow-Methods', 'POST'], ['Access-Control-Allow-Headers', value(r, 'Access-Control-Request-Headers')]] }
    : { headers: [['Access-Control-Allow-Origin', value(r, 'Origin')]], body: 'ok' };

  it.each([
    { desc: 'the last of two Authorization values (probe-wire-two-authorization)', headers: [['Authorization', 'a'], ['Authorization', 'b']], name: 'Authorization', ff: 'b', cr: 'a, b' },
    { desc: 'the first of two Content-Type values when there is a body (probe-wire-two-content-types)', headers: [['Content-Type', 'text/plain'], ['Content-Type', 'application/json']], name: 'Content-Type', ff: 'text/plain', cr: 'text/plain, application/json' },
    { desc: 'the later value alone after an empty one (probe-wire-empty-values-merged)', headers: [['X-Custom', ''], ['X-Custom', '2']], name: 'X-Custom', ff: '2', cr: ', 2' },
    { desc: 'an empty value alone after another (probe-wire-empty-values-merged; Chromium trims `1, `)', headers: [['X-Other', '1'], ['X-Other', '']], name: 'X-Other', ff: '', cr: '1,' },
  ])('sends $desc', async ({ headers, name, ff, cr }) => {
    const init = { method: 'POST', body: 'x', headers: headers as Array<[string, string]> };
    expect(sent(await browserWith(firefox, echo).fetch(DATA, init), 1, name)).toBe(ff);
    expect(sent(await browserWith(chromium, echo).fetch(DATA, init), 1, name)).toBe(cr);
  });

  it('after a 308 the redirected POST carries the last Content-Type, the upload\'s first no longer (rnd-m6-067)', async () => {
    const server: Server = (r) => r.method === 'OPTIONS'
      ? echo(r)
      : new URL(r.url).pathname === '/data' ? { status: 308, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Location', `${API}/end`]] } : echo(r);
    const init = { method: 'POST', body: 'x', headers: [['Content-Type', 'text/plain'], ['Content-Type', 'application/json']] as Array<[string, string]> };
    const out = await browserWith(firefox, server).fetch(DATA, init);
    expect([sent(out, 1, 'Content-Type'), sent(out, 3, 'Content-Type')]).toEqual(['text/plain', 'application/json']);
  });

  it('a preflight redirected back to the page origin skips the Access-Control-Allow-Origin check, not the header check (probe-redirect-client-hint-width-to-page)', async () => {
    const server: Server = (r) => {
      const url = new URL(r.url);
      if (url.origin === API && r.method === 'OPTIONS') return echo(r);
      if (url.origin === API) return { status: 307, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Location', `${PAGE_ORIGIN}/end`]] };
      return { headers: [['Content-Type', 'text/plain']], body: 'end' };
    };
    const init = { method: 'POST', body: 'x', headers: [['Width', '1.5']] as Array<[string, string]> };
    expect(message(await browserWith(firefox, server).fetch(DATA, init))).toBe(
      `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${PAGE_ORIGIN}/end. (Reason: header ‘width’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).`);
    const cr = await browserWith(chromium, server).fetch(DATA, init);
    expect(!cr.ok && cr.reason.code).toBe('PreflightMissingAllowOriginHeader');
  });
});

describe('firefox: what clears a preflight cache entry', () => {
  it('a redirect refused by redirect mode error keeps it: the redirect passed the CORS check (recorded: rnd-w4-138)', async () => {
    const server: Server = (r) => r.method === 'OPTIONS'
      ? { status: 204, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'x-custom']] }
      : { status: 308, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Location', `${API}/end`]] };
    const b = browserWith(firefox, server);
    const init = { method: 'PUT', body: 'x', redirect: 'error' as const, headers: [['X-Custom', '1']] as Array<[string, string]> };
    expect((await b.fetch(DATA, init)).ok).toBe(false);
    expect(requests(await b.fetch(DATA, init))).toEqual([`PUT ${DATA}`]);
  });
});
