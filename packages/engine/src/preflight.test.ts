import { describe, expect, it } from 'vitest';
import type { HeaderPairs, WireResponse } from './ports.js';
import type { LowercaseHeaderName } from './headers.js';
import type { CredentialsMode } from './request.js';
import {
  isOkStatus, isRedirectResponse, isRedirectStatus, makePreflightRequest, needsCorsPreflight, parseTokenList, urlWithoutFragment,
  validatePreflightResponse, type PreflightFor,
} from './preflight.js';
import { chromium, chromiumMaxAge, CHROMIUM_MAX_AGE_CAP } from './profiles/chromium.js';

const PAGE = 'http://app.example.test:47001';
const names = (...n: string[]) => n as LowercaseHeaderName[];

function preflightFor(over: Partial<PreflightFor> = {}): PreflightFor {
  return {
    url: new URL('http://api.example.test:47002/data'),
    method: 'PUT',
    unsafeHeaderNames: names('x-custom'),
    serializedOrigin: PAGE,
    credentials: 'same-origin',
    referrer: `${PAGE}/`,
    redirect: 'follow',
    toPageOrigin: false,
    ...over,
  };
}

function response(status: number, headers: HeaderPairs): WireResponse {
  return { status, statusText: '', headers, body: new Uint8Array(0) };
}

describe('parseTokenList (Access-Control-Allow-Methods / -Headers)', () => {
  it.each<{ desc: string; value: string | null; expected: string[] | null }>([
    { desc: 'absent: an empty list', value: null, expected: [] },
    { desc: 'empty: an empty list', value: '', expected: [] },
    { desc: 'one token', value: 'PUT', expected: ['PUT'] },
    { desc: 'a list', value: 'PUT, DELETE', expected: ['PUT', 'DELETE'] },
    { desc: 'case is kept', value: 'pUt', expected: ['pUt'] },
    { desc: 'empty items are skipped', value: ',PUT,, ,DELETE', expected: ['PUT', 'DELETE'] },
    { desc: 'a trailing comma is fine', value: 'PUT,', expected: ['PUT'] },
    { desc: 'only commas and spaces: an empty list', value: ' , ,', expected: [] },
    { desc: 'spaces and tabs around items are trimmed', value: '  PUT\t,\tDELETE  ', expected: ['PUT', 'DELETE'] },
    { desc: '* is a token', value: 'x-a, *', expected: ['x-a', '*'] },
    { desc: 'an item with a space inside is invalid', value: 'bad value', expected: null },
    { desc: 'one invalid item invalidates the whole list', value: 'PUT, (bad), DELETE', expected: null },
    { desc: 'a slash is not a token character', value: 'x/y', expected: null },
    { desc: 'a semicolon is not a token character', value: 'PUT;q=1', expected: null },
    { desc: 'a quoted item is invalid', value: '"PUT"', expected: null },
    { desc: 'a non-ASCII item is invalid', value: 'PÜT', expected: null },
  ])('$desc', ({ value, expected }) => {
    expect(parseTokenList(value)).toEqual(expected);
  });
});

describe('needsCorsPreflight', () => {
  it.each([
    { desc: 'GET without unsafe headers: no', method: 'GET', unsafe: [], expected: false },
    { desc: 'POST without unsafe headers: no', method: 'POST', unsafe: [], expected: false },
    { desc: 'HEAD without unsafe headers: no', method: 'HEAD', unsafe: [], expected: false },
    { desc: 'PUT: yes', method: 'PUT', unsafe: [], expected: true },
    { desc: 'patch: yes', method: 'patch', unsafe: [], expected: true },
    { desc: 'GET with an unsafe header: yes', method: 'GET', unsafe: ['x-custom'], expected: true },
  ])('$desc', ({ method, unsafe, expected }) => {
    expect(needsCorsPreflight(method, unsafe)).toBe(expected);
  });
});

describe('status classes', () => {
  it.each([
    { status: 199, ok: false, redirect: false },
    { status: 200, ok: true, redirect: false },
    { status: 204, ok: true, redirect: false },
    { status: 299, ok: true, redirect: false },
    { status: 300, ok: false, redirect: false },
    { status: 301, ok: false, redirect: true },
    { status: 302, ok: false, redirect: true },
    { status: 303, ok: false, redirect: true },
    { status: 304, ok: false, redirect: false },
    { status: 305, ok: false, redirect: false },
    { status: 307, ok: false, redirect: true },
    { status: 308, ok: false, redirect: true },
    { status: 404, ok: false, redirect: false },
  ].map((c) => ({ ...c, desc: `${c.status}: ok ${c.ok}, redirect ${c.redirect}` })))('$desc', ({ status, ok, redirect }) => {
    expect(isOkStatus(status)).toBe(ok);
    expect(isRedirectStatus(status)).toBe(redirect);
  });

  it.each([
    { desc: '302 with Location is a redirect', status: 302, headers: [['Location', '/x']] as HeaderPairs, expected: true },
    { desc: '302 without Location is an ordinary response', status: 302, headers: [] as HeaderPairs, expected: false },
    { desc: '200 with Location is not a redirect', status: 200, headers: [['location', '/x']] as HeaderPairs, expected: false },
  ])('isRedirectResponse: $desc', ({ status, headers, expected }) => {
    expect(isRedirectResponse({ status, headers })).toBe(expected);
  });
});

describe('makePreflightRequest', () => {
  const lower = (h: HeaderPairs) => h.map(([n, v]) => [n.toLowerCase(), v]);

  it('sends OPTIONS to the URL without its fragment, with Accept, ACRM, ACRH, Origin and no body', () => {
    const req = makePreflightRequest(preflightFor({ url: new URL('http://api.example.test:47002/data?q=1#frag'), unsafeHeaderNames: names('x-b', 'x-a') }), chromium);
    expect(req.method).toBe('OPTIONS');
    expect(req.url).toBe('http://api.example.test:47002/data?q=1');
    expect(req.body).toBeNull();
    const h = new Map(lower(req.headers) as Array<[string, string]>);
    expect(h.get('accept')).toBe('*/*');
    expect(h.get('access-control-request-method')).toBe('PUT');
    expect(h.get('access-control-request-headers')).toBe('x-a,x-b');
    expect(h.get('origin')).toBe(PAGE);
    expect(h.get('sec-fetch-mode')).toBe('cors');
    expect(h.get('referer')).toBe(`${PAGE}/`);
    expect(h.has('cookie')).toBe(false);
    expect(h.has('authorization')).toBe(false);
  });

  it.each<{ desc: string; unsafe: string[]; expected: string | null }>([
    { desc: 'absent when there are no unsafe names', unsafe: [], expected: null },
    { desc: 'one name', unsafe: ['x-custom'], expected: 'x-custom' },
    { desc: 'sorted, joined with "," and no space', unsafe: ['x-b', 'content-type', 'x-a'], expected: 'content-type,x-a,x-b' },
    { desc: 'lower-cased and de-duplicated', unsafe: ['X-B', 'x-a', 'X-A'], expected: 'x-a,x-b' },
  ])('Access-Control-Request-Headers: $desc', ({ unsafe, expected }) => {
    const req = makePreflightRequest(preflightFor({ unsafeHeaderNames: names(...unsafe) }), chromium);
    const acrh = req.headers.filter(([n]) => n.toLowerCase() === 'access-control-request-headers');
    expect(acrh.length).toBe(expected === null ? 0 : 1);
    if (expected !== null) expect(acrh[0]?.[1]).toBe(expected);
  });

  it.each([
    { desc: 'a non-normalized method is sent as written', method: 'patch', origin: PAGE },
    { desc: 'a tainted origin is sent as null', method: 'PUT', origin: 'null' },
  ])('$desc', ({ method, origin }) => {
    const req = makePreflightRequest(preflightFor({ method, serializedOrigin: origin }), chromium);
    expect(req.headers).toContainEqual(['Access-Control-Request-Method', method]);
    expect(req.headers).toContainEqual(['Origin', origin]);
  });

  it('urlWithoutFragment drops only the fragment', () => {
    expect(urlWithoutFragment(new URL('http://a.test/p?q#f'))).toBe('http://a.test/p?q');
  });
});

const ALLOW: HeaderPairs = [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'x-custom']];

describe('validatePreflightResponse: Chromium checks in order (each response below has two faults)', () => {
  it.each<{ desc: string; status: number; headers: HeaderPairs; credentials?: CredentialsMode; code: string; parameter?: string }>([
    { desc: 'a redirect without ACAO: the redirect is reported', status: 302, headers: [['Location', '/elsewhere']], code: 'PreflightDisallowedRedirect' },
    { desc: 'a 307 redirect that would be allowed: still a redirect', status: 307, headers: [...ALLOW, ['Location', '/elsewhere']], code: 'PreflightDisallowedRedirect' },
    { desc: 'a 404 without ACAO: the missing ACAO is reported, not the status', status: 404, headers: [], code: 'PreflightMissingAllowOriginHeader' },
    { desc: 'a 500 with a mismatching ACAO: the mismatch is reported', status: 500, headers: [['Access-Control-Allow-Origin', 'http://evil.test']], code: 'PreflightAllowOriginMismatch', parameter: 'http://evil.test' },
    { desc: 'a 500 with ACAO * and credentials: the wildcard is reported', status: 500, headers: [['Access-Control-Allow-Origin', '*']], credentials: 'include', code: 'PreflightWildcardOriginNotAllowed' },
    { desc: 'a 500 without ACAC and credentials: ACAC is reported before the status', status: 500, headers: ALLOW, credentials: 'include', code: 'PreflightInvalidAllowCredentials', parameter: '' },
    { desc: 'a mismatching ACAO and a bad ACAC: the mismatch is reported', status: 200, headers: [['Access-Control-Allow-Origin', 'null'], ['Access-Control-Allow-Credentials', 'True']], credentials: 'include', code: 'PreflightAllowOriginMismatch', parameter: 'null' },
    { desc: 'a 500 with an invalid ACAM: the status is reported', status: 500, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'bad value']], code: 'PreflightInvalidStatus' },
    { desc: 'a 302 without Location is not a redirect: the status is reported', status: 302, headers: ALLOW, code: 'PreflightInvalidStatus' },
    { desc: 'a 304 is not a redirect: the status is reported (preflight-status-304)', status: 304, headers: ALLOW, code: 'PreflightInvalidStatus' },
    { desc: 'invalid ACAM and ACAH: ACAM is reported', status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT, (bad)'], ['Access-Control-Allow-Headers', 'x custom']], code: 'InvalidAllowMethodsPreflightResponse' },
    { desc: 'invalid ACAH and a disallowed method: the parse error is reported', status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'DELETE'], ['Access-Control-Allow-Headers', 'x custom']], code: 'InvalidAllowHeadersPreflightResponse' },
    { desc: 'disallowed method and disallowed header: the method is reported', status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'DELETE'], ['Access-Control-Allow-Headers', 'x-other']], code: 'MethodDisallowedByPreflightResponse', parameter: 'PUT' },
    { desc: 'allowed method, disallowed header', status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'x-other']], code: 'HeaderDisallowedByPreflightResponse', parameter: 'x-custom' },
    { desc: 'an invalid ACAM fails even when the method needs no approval', status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'bad value'], ['Access-Control-Allow-Headers', 'x-custom']], code: 'InvalidAllowMethodsPreflightResponse' },
  ])('$desc → $code', ({ status, headers, credentials, code, parameter }) => {
    const result = validatePreflightResponse(response(status, headers), preflightFor({ credentials: credentials ?? 'same-origin' }), chromium);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe(code);
    if (parameter !== undefined) expect(result.parameter).toBe(parameter);
  });

  it('every status from 200 to 299 passes', () => {
    for (const status of [200, 201, 204, 206, 299]) {
      expect(validatePreflightResponse(response(status, ALLOW), preflightFor(), chromium).ok).toBe(true);
    }
  });
});

describe('validatePreflightResponse: methods', () => {
  it.each<{ desc: string; method: string; acam: string | null; credentials?: CredentialsMode; ok: boolean }>([
    { desc: 'PUT listed as PUT', method: 'PUT', acam: 'PUT', ok: true },
    { desc: 'PUT listed as put: case-sensitive, fails', method: 'PUT', acam: 'put', ok: false },
    { desc: 'patch (not normalized) listed as PATCH: fails', method: 'patch', acam: 'PATCH', ok: false },
    { desc: 'patch listed as patch', method: 'patch', acam: 'patch', ok: true },
    { desc: 'PATCH listed as patch: fails', method: 'PATCH', acam: 'patch', ok: false },
    { desc: 'PUT in a list with empty items', method: 'PUT', acam: ', GET, ,PUT,', ok: true },
    { desc: 'PUT with ACAM absent fails', method: 'PUT', acam: null, ok: false },
    { desc: 'POST (safelisted) needs no listing', method: 'POST', acam: null, ok: true },
    { desc: 'GET (safelisted) passes when only put is listed', method: 'GET', acam: 'put', ok: true },
    { desc: '* allows PUT without credentials', method: 'PUT', acam: '*', ok: true },
    { desc: '* does not allow PUT with credentials (acam-star-put-cred-include)', method: 'PUT', acam: '*', credentials: 'include', ok: false },
    { desc: 'with credentials, * only matches a method literally named *', method: '*', acam: '*', credentials: 'include', ok: true },
    { desc: 'PUT listed explicitly passes with credentials', method: 'PUT', acam: 'PUT', credentials: 'include', ok: true },
  ])('$desc', ({ method, acam, credentials, ok }) => {
    const headers: HeaderPairs = [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true']];
    if (acam !== null) headers.push(['Access-Control-Allow-Methods', acam]);
    const result = validatePreflightResponse(response(204, headers), preflightFor({ method, unsafeHeaderNames: [], credentials: credentials ?? 'same-origin' }), chromium);
    expect(result.ok).toBe(ok);
    if (!result.ok) {
      expect(result.code).toBe('MethodDisallowedByPreflightResponse');
      expect(result.parameter).toBe(method);
    }
  });
});

describe('validatePreflightResponse: headers', () => {
  it.each<{ desc: string; unsafe: string[]; acah: string | null; credentials?: CredentialsMode; ok: boolean; failed?: string; byWildcard?: boolean }>([
    { desc: 'listed in another case', unsafe: ['x-custom'], acah: 'X-Custom', ok: true },
    { desc: 'ACAH absent', unsafe: ['x-custom'], acah: null, ok: false, failed: 'x-custom' },
    { desc: 'listed among empty items', unsafe: ['x-custom'], acah: ',y-lol,, ,X-CUSTOM,', ok: true },
    { desc: '* without credentials', unsafe: ['x-custom'], acah: '*', ok: true, byWildcard: false },
    { desc: '* with credentials fails (acah-star-custom-cred-include)', unsafe: ['x-custom'], acah: '*', credentials: 'include', ok: false, failed: 'x-custom' },
    { desc: 'with credentials, * listed beside the name passes', unsafe: ['x-custom'], acah: '*, x-custom', credentials: 'include', ok: true },
    { desc: 'Authorization under * without credentials: Chromium allows it', unsafe: ['authorization'], acah: '*', ok: true, byWildcard: true },
    { desc: 'Authorization listed by name', unsafe: ['authorization'], acah: 'Authorization', ok: true, byWildcard: false },
    { desc: 'Authorization named beside *', unsafe: ['authorization', 'x-custom'], acah: '*, authorization', ok: true, byWildcard: false },
    { desc: 'Authorization under * with credentials fails', unsafe: ['authorization'], acah: '*', credentials: 'include', ok: false, failed: 'authorization' },
    { desc: 'the first unlisted name in check order is reported', unsafe: ['x-b', 'x-a'], acah: 'x-c', ok: false, failed: 'x-b' },
    { desc: 'one of two listed', unsafe: ['x-a', 'x-b'], acah: 'x-a', ok: false, failed: 'x-b' },
  ])('$desc', ({ unsafe, acah, credentials, ok, failed, byWildcard }) => {
    const headers: HeaderPairs = [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Methods', 'PUT']];
    if (acah !== null) headers.push(['Access-Control-Allow-Headers', acah]);
    const result = validatePreflightResponse(response(200, headers), preflightFor({ unsafeHeaderNames: names(...unsafe), credentials: credentials ?? 'same-origin' }), chromium);
    expect(result.ok).toBe(ok);
    if (!result.ok) {
      expect(result.code).toBe('HeaderDisallowedByPreflightResponse');
      expect(result.parameter).toBe(failed);
    } else if (byWildcard !== undefined) {
      expect(result.authorizationByWildcard).toBe(byWildcard);
    }
  });

  it('the result lists the parsed methods as written and the header names lower-cased', () => {
    const result = validatePreflightResponse(response(200, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT, patch'], ['Access-Control-Allow-Headers', 'X-Custom, X-Other']]), preflightFor(), chromium);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.result).toEqual({ methods: ['PUT', 'patch'], headerNames: ['x-custom', 'x-other'], credentials: false });
  });

  it('a preflight for a credentialed request records credentials in its result', () => {
    const result = validatePreflightResponse(response(200, [...ALLOW, ['Access-Control-Allow-Credentials', 'true']]), preflightFor({ credentials: 'include' }), chromium);
    expect(result.ok && result.result.credentials).toBe(true);
  });
});

describe('Access-Control-Max-Age (Chromium)', () => {
  it.each<{ desc: string; value: string | null; expected: number }>([
    { desc: 'absent: the 5 s default', value: null, expected: 5 },
    { desc: 'empty: the default', value: '', expected: 5 },
    { desc: 'not a number: the default', value: 'abc', expected: 5 },
    { desc: 'a decimal: the default', value: '10.5', expected: 5 },
    { desc: 'two lines "10, 20": the default (cache-maxage-two-values)', value: '10, 20', expected: 5 },
    { desc: 'a number followed by garbage: the default', value: '3600 3', expected: 5 },
    { desc: '573 seconds', value: '573', expected: 573 },
    { desc: '0: not cached', value: '0', expected: 0 },
    { desc: '-1: not cached (cache-maxage-negative)', value: '-1', expected: 0 },
    { desc: '-765: not cached', value: '-765', expected: 0 },
    { desc: 'exactly the cap', value: '7200', expected: 7200 },
    { desc: 'one over the cap is capped', value: '7201', expected: 7200 },
    { desc: 'a value beyond int64 does not parse: the default (probe-maxage-beyond-int64)', value: '99999999999999999999', expected: 5 },
    { desc: 'the largest int64 is capped', value: '9223372036854775807', expected: CHROMIUM_MAX_AGE_CAP },
    { desc: 'a leading + is accepted, as base::StringToInt64 does', value: '+600', expected: 600 },
    { desc: '+5 gives 5', value: '+5', expected: 5 },
  ])('$desc', ({ value, expected }) => {
    expect(chromiumMaxAge(value)).toBe(expected);
    // And through the preflight validation, which reads the (combined) header.
    const headers: HeaderPairs = value === null ? ALLOW : [...ALLOW, ['Access-Control-Max-Age', value]];
    const result = validatePreflightResponse(response(204, headers), preflightFor(), chromium);
    expect(result.ok && result.maxAgeSeconds).toBe(expected);
  });

  it('two Access-Control-Max-Age lines combine to "10, 20" and give the default', () => {
    const result = validatePreflightResponse(response(204, [...ALLOW, ['Access-Control-Max-Age', '10'], ['Access-Control-Max-Age', '20']]), preflightFor(), chromium);
    expect(result.ok && result.maxAgeSeconds).toBe(5);
  });
});
