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
  it.each<{ desc: string; input: string; init: FetchInit; kind: RequestErrorKind; exception: string }>([
    { desc: 'an invalid URL', input: 'http://exa mple.test/', init: {}, kind: 'invalid-url',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': Failed to parse URL from http://exa mple.test/" },
    { desc: 'a URL with username and password', input: 'http://user:pass@api.example.test:47002/', init: {}, kind: 'url-has-credentials',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': Request cannot be constructed from a URL that includes credentials: http://user:pass@api.example.test:47002/" },
    { desc: 'a URL with a username only', input: 'http://user@api.example.test:47002/', init: {}, kind: 'url-has-credentials',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': Request cannot be constructed from a URL that includes credentials: http://user@api.example.test:47002/" },
    { desc: 'the forbidden method CONNECT', input: API, init: { method: 'CONNECT' }, kind: 'forbidden-method',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': 'CONNECT' HTTP method is unsupported." },
    { desc: 'the forbidden method trace in lower case', input: API, init: { method: 'trace' }, kind: 'forbidden-method',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': 'trace' HTTP method is unsupported." },
    { desc: 'the forbidden method Track', input: API, init: { method: 'Track' }, kind: 'forbidden-method',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': 'Track' HTTP method is unsupported." },
    { desc: 'a method that is not a token', input: API, init: { method: 'BAD METHOD' }, kind: 'invalid-method',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': 'BAD METHOD' is not a valid HTTP method." },
    { desc: 'an empty method', input: API, init: { method: '' }, kind: 'invalid-method',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': '' is not a valid HTTP method." },
    { desc: 'no-cors with PUT', input: API, init: { mode: 'no-cors', method: 'PUT' }, kind: 'method-not-allowed-in-no-cors',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': 'PUT' is unsupported in no-cors mode." },
    { desc: 'no-cors with patch', input: API, init: { mode: 'no-cors', method: 'patch' }, kind: 'method-not-allowed-in-no-cors',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': 'patch' is unsupported in no-cors mode." },
    { desc: 'a GET with a body', input: API, init: { method: 'GET', body: 'x' }, kind: 'body-with-get-or-head',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': Request with GET/HEAD method cannot have body." },
    { desc: 'a GET (the default method) with an empty string body', input: API, init: { body: '' }, kind: 'body-with-get-or-head',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': Request with GET/HEAD method cannot have body." },
    { desc: 'a head (normalized to HEAD) with a body', input: API, init: { method: 'head', body: new Uint8Array([1]) }, kind: 'body-with-get-or-head',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': Request with GET/HEAD method cannot have body." },
    { desc: "mode 'navigate'", input: API, init: { mode: 'navigate' }, kind: 'mode-navigate',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'." },
    { desc: 'an unknown mode', input: API, init: { mode: 'cors-ish' }, kind: 'invalid-init',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': The provided value 'cors-ish' is not a valid enum value." },
    { desc: 'an unknown credentials mode', input: API, init: { credentials: 'all' }, kind: 'invalid-init',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': The provided value 'all' is not a valid enum value." },
    { desc: 'an unknown redirect mode', input: API, init: { redirect: 'never' }, kind: 'invalid-init',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': The provided value 'never' is not a valid enum value." },
    { desc: 'a header name with a space', input: API, init: { headers: [['Bad Name', '1']] }, kind: 'invalid-header-name',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': Invalid name" },
    { desc: 'an empty header name', input: API, init: { headers: [['', '1']] }, kind: 'invalid-header-name',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': Invalid name" },
    { desc: 'a header name with a non-ASCII letter', input: API, init: { headers: { 'X-Ü': '1' } }, kind: 'invalid-header-name',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': Invalid name" },
    { desc: 'a header value with a line feed inside', input: API, init: { headers: [['X-A', 'a\nb']] }, kind: 'invalid-header-value',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': Invalid value" },
    { desc: 'a header value with a NUL', input: API, init: { headers: [['X-A', 'a\0b']] }, kind: 'invalid-header-value',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': Invalid value" },
    { desc: 'a header value with a character above U+00FF', input: API, init: { headers: [['X-A', '€']] }, kind: 'invalid-header-value',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': Invalid value" },
    { desc: 'an invalid value is an error even for a forbidden name', input: API, init: { headers: [['Cookie', 'a\rb']] }, kind: 'invalid-header-value',
      exception: "TypeError: Failed to execute 'fetch' on 'Window': Invalid value" },
  ])('$desc', ({ input, init, kind, exception }) => {
    const result = construct(input, init);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason.code).toBe('TypeError');
    expect(result.reason.leg).toBe('request');
    expect(result.reason.requestError).toBe(kind);
    expect(chromium.exception(result.reason)).toBe(exception);
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
