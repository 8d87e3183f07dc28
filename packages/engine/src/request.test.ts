import { describe, expect, it } from 'vitest';
import type { HeaderPairs } from './ports.js';
import type { RequestErrorKind } from './reasons.js';
import { constructRequest, type ConstructOptions, type ConstructResult, type FetchInit } from './request.js';
import { chromium } from './profiles/chromium.js';

const PAGE = new URL('http://app.example.test:47001/page');
const API = 'http://api.example.test:47002/data';
const options: ConstructOptions = { baseUrl: PAGE, extraForbiddenHeaders: chromium.extraForbiddenHeaders };

function construct(input: string, init: FetchInit = {}): ConstructResult {
  return constructRequest(input, init, options);
}
function ok(input: string, init: FetchInit = {}) {
  const result = construct(input, init);
  if (!result.ok) throw new Error(`expected a request, got ${result.reason.requestError}: ${result.reason.explanation}`);
  return result.request;
}

describe('constructRequest: the TypeErrors fetch() throws before anything goes out', () => {
  // Each row: what script passed, the request error it makes, and the message after Chromium's
  // "TypeError: Failed to execute 'fetch' on 'Window': ".
  it.each<[desc: string, input: string, init: FetchInit, kind: RequestErrorKind, message: string]>([
    ['an invalid URL', 'http://exa mple.test/', {}, 'invalid-url', 'Failed to parse URL from http://exa mple.test/'],
    ['a URL with username and password', 'http://user:pass@api.example.test:47002/', {}, 'url-has-credentials', 'Request cannot be constructed from a URL that includes credentials: http://user:pass@api.example.test:47002/'],
    ['a URL with a username only', 'http://user@api.example.test:47002/', {}, 'url-has-credentials', 'Request cannot be constructed from a URL that includes credentials: http://user@api.example.test:47002/'],
    ['the forbidden method CONNECT', API, { method: 'CONNECT' }, 'forbidden-method', "'CONNECT' HTTP method is unsupported."],
    ['the forbidden method trace in lower case', API, { method: 'trace' }, 'forbidden-method', "'trace' HTTP method is unsupported."],
    ['the forbidden method Track', API, { method: 'Track' }, 'forbidden-method', "'Track' HTTP method is unsupported."],
    ['a method that is not a token', API, { method: 'BAD METHOD' }, 'invalid-method', "'BAD METHOD' is not a valid HTTP method."],
    ['an empty method', API, { method: '' }, 'invalid-method', "'' is not a valid HTTP method."],
    ['no-cors with PUT', API, { mode: 'no-cors', method: 'PUT' }, 'method-not-allowed-in-no-cors', "'PUT' is unsupported in no-cors mode."],
    ['no-cors with patch', API, { mode: 'no-cors', method: 'patch' }, 'method-not-allowed-in-no-cors', "'patch' is unsupported in no-cors mode."],
    ['a GET with a body', API, { method: 'GET', body: 'x' }, 'body-with-get-or-head', 'Request with GET/HEAD method cannot have body.'],
    ['a GET (the default method) with an empty string body', API, { body: '' }, 'body-with-get-or-head', 'Request with GET/HEAD method cannot have body.'],
    ['a head (normalized to HEAD) with a body', API, { method: 'head', body: new Uint8Array([1]) }, 'body-with-get-or-head', 'Request with GET/HEAD method cannot have body.'],
    ["mode 'navigate'", API, { mode: 'navigate' }, 'mode-navigate', "Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'."],
    ['an unknown mode', API, { mode: 'cors-ish' }, 'invalid-init', "The provided value 'cors-ish' is not a valid enum value."],
    ['an unknown credentials mode', API, { credentials: 'all' }, 'invalid-init', "The provided value 'all' is not a valid enum value."],
    ['an unknown redirect mode', API, { redirect: 'never' }, 'invalid-init', "The provided value 'never' is not a valid enum value."],
    ['a header name with a space', API, { headers: [['Bad Name', '1']] }, 'invalid-header-name', 'Invalid name'],
    ['an empty header name', API, { headers: [['', '1']] }, 'invalid-header-name', 'Invalid name'],
    ['a header name with a non-ASCII letter', API, { headers: { 'X-Ü': '1' } }, 'invalid-header-name', 'Invalid name'],
    ['a header value with a line feed inside', API, { headers: [['X-A', 'a\nb']] }, 'invalid-header-value', 'Invalid value'],
    ['a header value with a NUL', API, { headers: [['X-A', 'a\0b']] }, 'invalid-header-value', 'Invalid value'],
    ['a header value with a character above U+00FF', API, { headers: [['X-A', '€']] }, 'invalid-header-value', 'Invalid value'],
    ['an invalid value is an error even for a forbidden name', API, { headers: [['Cookie', 'a\rb']] }, 'invalid-header-value', 'Invalid value'],
  ])('%s', (_desc, input, init, kind, message) => {
    const result = construct(input, init);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason.code).toBe('TypeError');
    expect(result.reason.leg).toBe('request');
    expect(result.reason.requestError).toBe(kind);
    expect(chromium.exception(result.reason)).toBe(`TypeError: Failed to execute 'fetch' on 'Window': ${message}`);
  });
});

describe('constructRequest: the request it builds', () => {
  it('defaults: GET, mode cors, credentials same-origin, redirect follow, no body', () => {
    const r = ok(API);
    expect({ method: r.method, mode: r.mode, credentials: r.credentials, redirect: r.redirect, body: r.body, headers: r.headers })
      .toEqual({ method: 'GET', mode: 'cors', credentials: 'same-origin', redirect: 'follow', body: null, headers: [] });
    expect(r.url.href).toBe(API);
  });

  it.each([
    { desc: 'a path resolves against the page', input: '/data?x=1', expected: 'http://app.example.test:47001/data?x=1' },
    { desc: 'a relative path resolves against the page directory', input: 'other', expected: 'http://app.example.test:47001/other' },
    { desc: 'an absolute URL stays', input: API, expected: API },
    { desc: 'the fragment is kept on the request URL', input: `${API}#frag`, expected: `${API}#frag` },
    { desc: 'an empty userinfo (http://@host) is not credentials', input: 'http://@api.example.test:47002/data', expected: API },
  ])('URL: $desc', ({ input, expected }) => {
    expect(ok(input).url.href).toBe(expected);
  });

  it.each([
    { desc: 'delete becomes DELETE', method: 'delete', expected: 'DELETE' },
    { desc: 'post becomes POST', method: 'post', expected: 'POST' },
    { desc: 'patch stays patch', method: 'patch', expected: 'patch' },
    { desc: 'Options becomes OPTIONS', method: 'Options', expected: 'OPTIONS' },
    { desc: 'an extension method stays', method: 'PROPFIND', expected: 'PROPFIND' },
  ])('method normalization: $desc', ({ method, expected }) => {
    expect(ok(API, { method }).method).toBe(expected);
  });

  it.each<{ desc: string; headers: HeaderPairs | Record<string, string>; expected: HeaderPairs }>([
    { desc: 'Cookie is dropped silently', headers: [['Cookie', 'a=b'], ['X-Ok', '1']], expected: [['X-Ok', '1']] },
    { desc: 'Host is dropped', headers: [['Host', 'evil.test']], expected: [] },
    { desc: 'Origin is dropped', headers: [['Origin', 'http://evil.test']], expected: [] },
    { desc: 'Sec-Fetch-Site is dropped (sec- prefix)', headers: [['Sec-Fetch-Site', 'same-origin']], expected: [] },
    { desc: 'Proxy-Authorization is dropped (proxy- prefix)', headers: [['Proxy-Authorization', 'x']], expected: [] },
    { desc: 'User-Agent is dropped (Chromium)', headers: [['User-Agent', 'bot']], expected: [] },
    { desc: 'X-HTTP-Method-Override: TRACE is dropped', headers: [['X-HTTP-Method-Override', 'TRACE']], expected: [] },
    { desc: 'X-HTTP-Method-Override: PUT is kept', headers: [['X-HTTP-Method-Override', 'PUT']], expected: [['X-HTTP-Method-Override', 'PUT']] },
    { desc: 'a record of headers is accepted', headers: { 'X-A': '1', Accept: 'text/plain' }, expected: [['X-A', '1'], ['Accept', 'text/plain']] },
    { desc: 'values are trimmed of leading and trailing HTTP whitespace', headers: [['X-A', ' \t v \r\n']], expected: [['X-A', 'v']] },
    { desc: 'a value that is only whitespace becomes empty', headers: [['X-A', '\r\n']], expected: [['X-A', '']] },
    { desc: 'duplicates are combined (as Chromium hands them to the network)', headers: [['X-A', '1'], ['x-a', '2']], expected: [['X-A', '1, 2']] },
    { desc: 'a byte above 0x7F is a valid value', headers: [['X-A', 'é']], expected: [['X-A', 'é']] },
  ])('headers (cors mode): $desc', ({ headers, expected }) => {
    expect(ok(API, { headers }).headers).toEqual(expected);
  });

  it.each<{ desc: string; headers: HeaderPairs; expected: HeaderPairs }>([
    { desc: 'a custom header is dropped', headers: [['X-Custom', '1'], ['Accept', 'text/plain']], expected: [['Accept', 'text/plain']] },
    { desc: 'Content-Type: application/json is dropped', headers: [['Content-Type', 'application/json']], expected: [] },
    { desc: 'Content-Type: text/plain is kept', headers: [['Content-Type', 'text/plain']], expected: [['Content-Type', 'text/plain']] },
    { desc: 'Range is dropped even when well-formed', headers: [['Range', 'bytes=0-']], expected: [] },
    { desc: 'Accept-Language and Content-Language are kept', headers: [['Accept-Language', 'fr'], ['Content-Language', 'de']], expected: [['Accept-Language', 'fr'], ['Content-Language', 'de']] },
    { desc: 'Accept with an unsafe byte is dropped', headers: [['Accept', 'text/{x}']], expected: [] },
    { desc: 'a second Accept that would make the combined value exceed 128 bytes is dropped', headers: [['Accept', 'a'.repeat(70)], ['Accept', 'a'.repeat(70)]], expected: [['Accept', 'a'.repeat(70)]] },
    { desc: 'a second Accept that keeps the combined value short is kept', headers: [['Accept', 'a'], ['Accept', 'b']], expected: [['Accept', 'a, b']] },
    { desc: 'a forbidden header is dropped too', headers: [['Cookie', 'a=b']], expected: [] },
  ])('headers (no-cors guard): $desc', ({ headers, expected }) => {
    expect(ok(API, { mode: 'no-cors', headers }).headers).toEqual(expected);
  });

  it.each<{ desc: string; init: FetchInit; headers: HeaderPairs; body: number[] | null }>([
    { desc: 'a string body is UTF-8 and gets text/plain;charset=UTF-8', init: { method: 'POST', body: 'é' }, headers: [['Content-Type', 'text/plain;charset=UTF-8']], body: [0xc3, 0xa9] },
    { desc: 'a Content-Type set by script (any case) wins', init: { method: 'POST', body: 'x', headers: [['content-type', 'application/json']] }, headers: [['content-type', 'application/json']], body: [0x78] },
    { desc: 'a byte body gets no Content-Type', init: { method: 'PUT', body: new Uint8Array([1, 2]) }, headers: [], body: [1, 2] },
    { desc: 'an empty string body is a body, with the default type', init: { method: 'POST', body: '' }, headers: [['Content-Type', 'text/plain;charset=UTF-8']], body: [] },
    { desc: 'a null body is no body', init: { method: 'POST', body: null }, headers: [], body: null },
    { desc: "no-cors drops Content-Type: application/json, then the body's own type applies", init: { mode: 'no-cors', method: 'POST', body: '{}', headers: [['Content-Type', 'application/json']] }, headers: [['Content-Type', 'text/plain;charset=UTF-8']], body: [0x7b, 0x7d] },
  ])('body: $desc', ({ init, headers, body }) => {
    const r = ok(API, init);
    expect(r.headers).toEqual(headers);
    expect(r.body === null ? null : [...r.body]).toEqual(body);
  });

  it.each([
    { desc: 'no-cors with post (normalized to POST)', method: 'post' },
    { desc: 'no-cors with HEAD', method: 'HEAD' },
    { desc: 'no-cors with GET', method: 'GET' },
  ])('$desc is allowed', ({ method }) => {
    expect(ok(API, { mode: 'no-cors', method }).mode).toBe('no-cors');
  });
});
