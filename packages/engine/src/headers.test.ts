import { describe, expect, it } from 'vitest';
import type { HeaderPairs } from './ports.js';
import {
  combineHeaderList, convertHeaderNamesToSortedLowercaseSet, corsUnsafeRequestHeaderNames, corsUnsafeRequestHeaderNamesInListOrder,
  deleteHeader, getDecodeSplit, getHeader, hasHeader, isCorsNonWildcardRequestHeaderName, isCorsSafelistedRequestHeader,
  isCorsSafelistedResponseHeaderName, isCorsUnsafeRequestHeaderByte, isForbiddenRequestHeader, isForbiddenResponseHeaderName,
  isNoCorsSafelistedRequestHeader, isRequestBodyHeaderName, isSafelistedRange, sortAndCombine, withoutEmptyDuplicates,
} from './headers.js';
import { chromium } from './profiles/chromium.js';

const a = (n: number): string => 'a'.repeat(n);

describe('isForbiddenRequestHeader', () => {
  it.each([
    // The fixed list, any case.
    ...['Accept-Charset', 'Accept-Encoding', 'Access-Control-Request-Headers', 'Access-Control-Request-Method', 'Connection',
      'Content-Length', 'Cookie', 'Cookie2', 'Date', 'DNT', 'Expect', 'Host', 'Keep-Alive', 'Origin', 'Referer', 'Set-Cookie',
      'TE', 'Trailer', 'Transfer-Encoding', 'Upgrade', 'Via'].map((name) => ({ desc: `${name} is on the list`, name, value: 'x', expected: true })),
    { desc: 'the list matches case-insensitively (cOoKiE)', name: 'cOoKiE', value: 'a=b', expected: true },
    { desc: 'upper-case HOST', name: 'HOST', value: 'evil.test', expected: true },
    // Prefixes.
    { desc: 'Proxy-Authorization (proxy- prefix)', name: 'Proxy-Authorization', value: 'x', expected: true },
    { desc: 'the bare prefix Proxy- itself', name: 'Proxy-', value: 'x', expected: true },
    { desc: 'Sec-Fetch-Mode (sec- prefix)', name: 'Sec-Fetch-Mode', value: 'x', expected: true },
    { desc: 'the bare prefix Sec- itself', name: 'Sec-', value: 'x', expected: true },
    { desc: 'upper-case SEC-CUSTOM', name: 'SEC-CUSTOM', value: 'x', expected: true },
    { desc: 'proxy without the dash is allowed', name: 'proxy', value: 'x', expected: false },
    { desc: 'proxya is allowed', name: 'proxya', value: 'x', expected: false },
    { desc: 'sec without the dash is allowed', name: 'sec', value: 'x', expected: false },
    { desc: 'secb is allowed', name: 'secb', value: 'x', expected: false },
    { desc: 'X-Sec-Token (sec- not at the start) is allowed', name: 'X-Sec-Token', value: 'x', expected: false },
    // Method overrides: only with a forbidden method among the values.
    { desc: 'X-HTTP-Method-Override: PUT is an ordinary header', name: 'X-HTTP-Method-Override', value: 'PUT', expected: false },
    { desc: 'X-HTTP-Method-Override: TRACE', name: 'X-HTTP-Method-Override', value: 'TRACE', expected: true },
    { desc: 'X-HTTP-Method-Override: trace (value case-insensitive)', name: 'X-HTTP-Method-Override', value: 'trace', expected: true },
    { desc: 'X-HTTP-Method-Override: GET, trace (a list with a forbidden item)', name: 'X-HTTP-Method-Override', value: 'GET, trace', expected: true },
    { desc: 'X-HTTP-Method-Override: GET,CONNECT (no space)', name: 'X-HTTP-Method-Override', value: 'GET,CONNECT', expected: true },
    { desc: 'X-HTTP-Method-Override: GET, POST (no forbidden item)', name: 'X-HTTP-Method-Override', value: 'GET, POST', expected: false },
    { desc: 'X-HTTP-Method: Connect', name: 'X-HTTP-Method', value: 'Connect', expected: true },
    { desc: 'X-HTTP-Method: DELETE', name: 'X-HTTP-Method', value: 'DELETE', expected: false },
    { desc: 'X-Method-Override: TRACK', name: 'X-Method-Override', value: 'TRACK', expected: true },
    { desc: 'x-method-override: track (lower-case name)', name: 'x-method-override', value: 'track', expected: true },
    { desc: 'X-Method-Override: TRACKER is not a forbidden method', name: 'X-Method-Override', value: 'TRACKER', expected: false },
    { desc: 'a quoted "TRACE" is one quoted item, not the method', name: 'X-HTTP-Method-Override', value: '"TRACE"', expected: false },
    { desc: 'X-Override: TRACE (not a method-override name)', name: 'X-Override', value: 'TRACE', expected: false },
    // Ordinary headers.
    { desc: 'X-Custom', name: 'X-Custom', value: '1', expected: false },
    { desc: 'Authorization is not forbidden', name: 'Authorization', value: 'Bearer t', expected: false },
    { desc: 'User-Agent is not forbidden by the spec', name: 'User-Agent', value: 'x', expected: false },
  ])('$desc → $expected', ({ name, value, expected }) => {
    expect(isForbiddenRequestHeader(name, value)).toBe(expected);
  });

  it.each([
    { desc: 'User-Agent (Chromium still forbids it)', name: 'User-Agent', expected: true },
    { desc: 'user-agent in lower case', name: 'user-agent', expected: true },
    { desc: 'Access-Control-Request-Private-Network', name: 'Access-Control-Request-Private-Network', expected: true },
    { desc: 'X-Custom stays allowed', name: 'X-Custom', expected: false },
  ])('with Chromium extras: $desc → $expected', ({ name, expected }) => {
    expect(isForbiddenRequestHeader(name, 'v', chromium.extraForbiddenHeaders)).toBe(expected);
  });
});

describe('isCorsUnsafeRequestHeaderByte', () => {
  it.each([
    { desc: 'NUL', code: 0x00, expected: true },
    { desc: 'SOH (a control byte)', code: 0x01, expected: true },
    { desc: 'TAB is the one control byte allowed', code: 0x09, expected: false },
    { desc: 'LF', code: 0x0a, expected: true },
    { desc: 'US (0x1F)', code: 0x1f, expected: true },
    { desc: 'SPACE', code: 0x20, expected: false },
    { desc: 'DEL', code: 0x7f, expected: true },
    ...'"():<>?@[\\]{}'.split('').map((ch) => ({ desc: `${ch}`, code: ch.charCodeAt(0), expected: true })),
    ...',/;=*-+.'.split('').map((ch) => ({ desc: `${ch} (allowed punctuation)`, code: ch.charCodeAt(0), expected: false })),
    { desc: 'a letter', code: 0x61, expected: false },
    { desc: 'a byte above 0x7F', code: 0xe9, expected: false },
  ])('$desc → $expected', ({ code, expected }) => {
    expect(isCorsUnsafeRequestHeaderByte(code)).toBe(expected);
  });
});

describe('isCorsSafelistedRequestHeader', () => {
  it.each([
    // Accept
    { desc: 'Accept: */*', name: 'Accept', value: '*/*', expected: true },
    { desc: 'Accept with list, q-values, slash, semicolon, equals, comma', name: 'Accept', value: 'text/html, application/xml;q=0.9', expected: true },
    { desc: 'Accept of exactly 128 bytes', name: 'Accept', value: a(128), expected: true },
    { desc: 'Accept of 129 bytes', name: 'Accept', value: a(129), expected: false },
    { desc: 'Accept with a double quote', name: 'Accept', value: 'text/html"', expected: false },
    { desc: 'Accept with @', name: 'Accept', value: 'user@host', expected: false },
    { desc: 'Accept with braces', name: 'Accept', value: 'text/{x}', expected: false },
    { desc: 'Accept with parentheses', name: 'Accept', value: 'text/(html)', expected: false },
    { desc: 'Accept with a colon', name: 'Accept', value: 'a:b', expected: false },
    { desc: 'Accept with < and >', name: 'Accept', value: '<a>', expected: false },
    { desc: 'Accept with ?', name: 'Accept', value: 'a?', expected: false },
    { desc: 'Accept with square brackets', name: 'Accept', value: '[a]', expected: false },
    { desc: 'Accept with a backslash', name: 'Accept', value: 'a\\b', expected: false },
    { desc: 'Accept with DEL', name: 'Accept', value: 'text/html\x7f', expected: false },
    { desc: 'Accept with a control byte (0x01)', name: 'Accept', value: 'text/\x01html', expected: false },
    { desc: 'Accept with 0x1F', name: 'Accept', value: 'text/\x1fhtml', expected: false },
    { desc: 'Accept with TAB (the allowed control byte)', name: 'Accept', value: 'text/html,\tapplication/json', expected: true },
    { desc: 'Accept with a byte above 0x7F', name: 'Accept', value: 'text/é', expected: true },
    { desc: 'the name matches case-insensitively (aCcEpT)', name: 'aCcEpT', value: '*/*', expected: true },
    // Accept-Language / Content-Language
    { desc: 'Accept-Language: en-US,en;q=0.9', name: 'Accept-Language', value: 'en-US,en;q=0.9', expected: true },
    { desc: 'Accept-Language with every allowed punctuation', name: 'Accept-Language', value: 'fr-CH, fr;q=0.9, *.x=1', expected: true },
    { desc: 'Accept-Language with an underscore', name: 'Accept-Language', value: 'en_US', expected: false },
    { desc: 'Accept-Language with @', name: 'Accept-Language', value: 'en@US', expected: false },
    { desc: 'Accept-Language with a quote', name: 'Accept-Language', value: '"en"', expected: false },
    { desc: 'Accept-Language with TAB (not in its byte set)', name: 'Accept-Language', value: 'en,\tfr', expected: false },
    { desc: 'Accept-Language with a control byte', name: 'Accept-Language', value: 'en\x01', expected: false },
    { desc: 'Accept-Language with a non-ASCII byte', name: 'Accept-Language', value: 'fé', expected: false },
    { desc: 'Accept-Language of 128 bytes', name: 'Accept-Language', value: a(128), expected: true },
    { desc: 'Accept-Language of 129 bytes', name: 'Accept-Language', value: a(129), expected: false },
    { desc: 'Content-Language: de-DE', name: 'Content-Language', value: 'de-DE', expected: true },
    { desc: 'Content-Language with !', name: 'Content-Language', value: 'de!', expected: false },
    { desc: 'Content-Language with /', name: 'Content-Language', value: 'de/at', expected: false },
    { desc: 'Content-Language of 129 bytes', name: 'Content-Language', value: a(129), expected: false },
    // Content-Type
    { desc: 'Content-Type: text/plain', name: 'Content-Type', value: 'text/plain', expected: true },
    { desc: 'Content-Type: Text/Plain;charset=utf-8 (the essence is lower-cased)', name: 'Content-Type', value: 'Text/Plain;charset=utf-8', expected: true },
    { desc: 'Content-Type: TEXT/PLAIN', name: 'Content-Type', value: 'TEXT/PLAIN', expected: true },
    { desc: 'Content-Type: text/plain;garbage (a parameter without = is ignored)', name: 'Content-Type', value: 'text/plain;garbage', expected: true },
    { desc: 'Content-Type: application/x-www-form-urlencoded', name: 'Content-Type', value: 'application/x-www-form-urlencoded', expected: true },
    { desc: 'Content-Type: multipart/form-data; boundary=x', name: 'Content-Type', value: 'multipart/form-data; boundary=x', expected: true },
    { desc: 'Content-Type: text /plain does not parse', name: 'Content-Type', value: 'text /plain', expected: false },
    { desc: 'Content-Type: text/plain, does not parse', name: 'Content-Type', value: 'text/plain,', expected: false },
    { desc: 'Content-Type: text/plain, application/json does not parse', name: 'Content-Type', value: 'text/plain, application/json', expected: false },
    { desc: 'Content-Type: text/plain; a="b" has an unsafe byte (")', name: 'Content-Type', value: 'text/plain; a="b"', expected: false },
    { desc: 'Content-Type: application/json', name: 'Content-Type', value: 'application/json', expected: false },
    { desc: 'Content-Type: application/json; charset=utf-8', name: 'Content-Type', value: 'application/json; charset=utf-8', expected: false },
    { desc: 'Content-Type: text/csv', name: 'Content-Type', value: 'text/csv', expected: false },
    { desc: 'Content-Type: text/html', name: 'Content-Type', value: 'text/html', expected: false },
    { desc: 'Content-Type: text (no subtype)', name: 'Content-Type', value: 'text', expected: false },
    { desc: 'Content-Type: text/plain;x=… of exactly 128 bytes', name: 'Content-Type', value: `text/plain;x=${a(115)}`, expected: true },
    { desc: 'Content-Type: text/plain;x=… of 129 bytes', name: 'Content-Type', value: `text/plain;x=${a(116)}`, expected: false },
    // Range
    { desc: 'Range: bytes=0-', name: 'Range', value: 'bytes=0-', expected: true },
    { desc: 'Range: bytes=200- (open-ended)', name: 'Range', value: 'bytes=200-', expected: true },
    { desc: 'Range: bytes=0-10', name: 'Range', value: 'bytes=0-10', expected: true },
    { desc: 'Range: bytes=5-5 (start equal to end)', name: 'Range', value: 'bytes=5-5', expected: true },
    { desc: 'Range: bytes=-5 (a suffix range)', name: 'Range', value: 'bytes=-5', expected: false },
    { desc: 'Range: bytes=10-5 (reversed)', name: 'Range', value: 'bytes=10-5', expected: false },
    { desc: 'Range: bytes=0-1,3-4 (several ranges)', name: 'Range', value: 'bytes=0-1,3-4', expected: false },
    { desc: 'Range: bytes =0-1 (space before =)', name: 'Range', value: 'bytes =0-1', expected: false },
    { desc: 'Range: bytes= 0-1 (space after =)', name: 'Range', value: 'bytes= 0-1', expected: false },
    { desc: 'Range: bytes=0 -1 (space before -)', name: 'Range', value: 'bytes=0 -1', expected: false },
    { desc: 'Range: bytes=0- 1 (space after -)', name: 'Range', value: 'bytes=0- 1', expected: false },
    { desc: 'Range: bytes=- (no number at all)', name: 'Range', value: 'bytes=-', expected: false },
    { desc: 'Range: items=0-1 (another unit)', name: 'Range', value: 'items=0-1', expected: false },
    { desc: 'Range: bytes=0-1x (trailing garbage)', name: 'Range', value: 'bytes=0-1x', expected: false },
    { desc: 'Range: bytes=0x-1 (not digits)', name: 'Range', value: 'bytes=0x-1', expected: false },
    { desc: 'Range of 129 bytes even though well-formed', name: 'Range', value: `bytes=${'1'.repeat(122)}-`, expected: false },
    // Other names
    { desc: 'X-Custom', name: 'X-Custom', value: '1', expected: false },
    { desc: 'Authorization', name: 'Authorization', value: 'Bearer t', expected: false },
    { desc: 'Last-Event-ID', name: 'Last-Event-ID', value: '1', expected: false },
    { desc: 'Cache-Control', name: 'Cache-Control', value: 'no-cache', expected: false },
    { desc: 'DPR without the Chromium extras', name: 'DPR', value: '2', expected: false },
  ])('$desc → $expected', ({ name, value, expected }) => {
    expect(isCorsSafelistedRequestHeader(name, value)).toBe(expected);
  });

  it.each([
    { desc: 'DPR: 2 (a client hint)', name: 'DPR', value: '2', expected: true },
    { desc: 'Save-Data: on', name: 'Save-Data', value: 'on', expected: true },
    { desc: 'Save-Data: ON (case-insensitive value)', name: 'Save-Data', value: 'ON', expected: true },
    { desc: 'Save-Data: off', name: 'Save-Data', value: 'off', expected: false },
    { desc: 'Intervention: anything', name: 'Intervention', value: 'x', expected: true },
    { desc: 'a client hint with a control byte', name: 'Viewport-Width', value: '1\x01', expected: false },
    { desc: 'a client hint of 129 bytes (the 128-byte rule applies to every name)', name: 'DPR', value: a(129), expected: false },
    { desc: 'X-Custom is still not safelisted', name: 'X-Custom', value: '1', expected: false },
  ])('with Chromium extras: $desc → $expected', ({ name, value, expected }) => {
    expect(isCorsSafelistedRequestHeader(name, value, chromium.extraSafelistedHeaders)).toBe(expected);
  });
});

describe('isSafelistedRange', () => {
  it.each([
    { desc: 'bytes=0-', value: 'bytes=0-', expected: true },
    { desc: 'bytes=1-2', value: 'bytes=1-2', expected: true },
    { desc: 'bytes=-1 (suffix)', value: 'bytes=-1', expected: false },
    { desc: 'bytes=2-1 (reversed)', value: 'bytes=2-1', expected: false },
    { desc: 'bytes=10-9 (reversed, compared as numbers not strings)', value: 'bytes=10-9', expected: false },
    { desc: 'bytes=9-10 (ordered as numbers although "9" > "10" as strings)', value: 'bytes=9-10', expected: true },
  ])('$desc → $expected', ({ value, expected }) => {
    expect(isSafelistedRange(value)).toBe(expected);
  });
});

describe('isNoCorsSafelistedRequestHeader', () => {
  it.each([
    { desc: 'Accept: text/plain', name: 'Accept', value: 'text/plain', expected: true },
    { desc: 'Accept-Language: fr', name: 'Accept-Language', value: 'fr', expected: true },
    { desc: 'Content-Language: fr', name: 'Content-Language', value: 'fr', expected: true },
    { desc: 'Content-Type: text/plain', name: 'Content-Type', value: 'text/plain', expected: true },
    { desc: 'Content-Type: application/json', name: 'Content-Type', value: 'application/json', expected: false },
    { desc: 'Range: bytes=0- (CORS-safelisted, but not settable in no-cors)', name: 'Range', value: 'bytes=0-', expected: false },
    { desc: 'X-Custom', name: 'X-Custom', value: '1', expected: false },
    { desc: 'Accept of 129 bytes', name: 'Accept', value: a(129), expected: false },
  ])('$desc → $expected', ({ name, value, expected }) => {
    expect(isNoCorsSafelistedRequestHeader(name, value)).toBe(expected);
  });
});

describe('corsUnsafeRequestHeaderNames', () => {
  const eight128 = Array.from({ length: 8 }, (): [string, string] => ['Accept', a(128)]);
  it.each<{ desc: string; list: HeaderPairs; expected: string[] }>([
    { desc: 'no headers: nothing', list: [], expected: [] },
    { desc: 'only safelisted headers: nothing', list: [['Accept', '*/*'], ['Content-Type', 'text/plain'], ['Range', 'bytes=0-']], expected: [] },
    { desc: 'unsafe names are lower-cased and sorted', list: [['X-B', '1'], ['x-a', '2'], ['Accept', '*/*']], expected: ['x-a', 'x-b'] },
    { desc: 'sorting happens after lower-casing (Z-Last after a-first)', list: [['Z-Last', '1'], ['a-first', '2']], expected: ['a-first', 'z-last'] },
    { desc: 'duplicate names in any case appear once', list: [['X-A', '1'], ['x-a', '2'], ['X-a', '3']], expected: ['x-a'] },
    { desc: 'a safelisted name with an unsafe value is listed', list: [['Content-Type', 'application/json'], ['Accept', '*/*']], expected: ['content-type'] },
    { desc: 'sorted by code unit (x-a-b before x-ab)', list: [['x-ab', '1'], ['x-a-b', '1']], expected: ['x-a-b', 'x-ab'] },
    { desc: 'safelisted values adding up to exactly 1024 bytes: still safe', list: eight128, expected: [] },
    { desc: 'safelisted values adding up to 1025 bytes: every safelisted name becomes unsafe', list: [...eight128, ['Content-Language', 'a']], expected: ['accept', 'content-language'] },
    { desc: 'over 1024 bytes together with an unsafe name: all of them, sorted', list: [['X-Z', '1'], ...eight128, ['Content-Language', 'a']], expected: ['accept', 'content-language', 'x-z'] },
    { desc: 'unsafe values do not count towards the 1024 bytes', list: [['X-Big', a(1000)], ['Accept', a(100)]], expected: ['x-big'] },
  ])('$desc', ({ list, expected }) => {
    expect(corsUnsafeRequestHeaderNames(list)).toEqual(expected);
  });

  it('with the Chromium extras, client hints are safe and do count towards the 1024 bytes', () => {
    // Client hints script can set (Sec-CH-* are forbidden by their prefix), with valid 128-byte values: 7 × 128 = 896.
    const digits = '1'.repeat(128);
    const hints: HeaderPairs = ['DPR', 'Device-Memory', 'Downlink', 'Width', 'Viewport-Width', 'RTT', 'Intervention'].map((n): [string, string] => [n, digits]);
    expect(corsUnsafeRequestHeaderNames([...hints, ['Accept', a(128)]], chromium.extraSafelistedHeaders)).toEqual([]);
    expect(corsUnsafeRequestHeaderNames([...hints, ['Accept', a(128)], ['Content-Language', 'x']], chromium.extraSafelistedHeaders)).toEqual([
      'accept', 'content-language', 'device-memory', 'downlink', 'dpr', 'intervention', 'rtt', 'viewport-width', 'width']);
  });

  it.each([
    { desc: 'DPR: 2 (recorded: safelist-probe-dpr-2)', name: 'DPR', value: '2', expected: true },
    { desc: 'DPR: abc (recorded: safelist-probe-dpr-abc)', name: 'DPR', value: 'abc', expected: false },
    { desc: 'Downlink: 1.5 (recorded)', name: 'Downlink', value: '1.5', expected: true },
    { desc: 'Width: 1.5 is not an integer (recorded)', name: 'Width', value: '1.5', expected: false },
    { desc: 'Device-Memory: x (recorded)', name: 'Device-Memory', value: 'x', expected: false },
    { desc: 'ECT: 4g (recorded)', name: 'ECT', value: '4g', expected: true },
    { desc: 'ECT: bogus (recorded)', name: 'ECT', value: 'bogus', expected: false },
    { desc: 'Save-Data: off (recorded)', name: 'Save-Data', value: 'off', expected: false },
    { desc: 'Range: Bytes=0-1, the unit is case-sensitive (recorded)', name: 'Range', value: 'Bytes=0-1', expected: false },
  ])('Chromium client-hint value rules: $desc', ({ name, value, expected }) => {
    expect(corsUnsafeRequestHeaderNames([[name, value]], chromium.extraSafelistedHeaders).length === 0).toBe(expected);
  });

  it('in list order: the order the preflight check meets them (lower-cased, de-duplicated, not sorted)', () => {
    expect(corsUnsafeRequestHeaderNamesInListOrder([['X-B', '1'], ['x-a', '2'], ['x-b', '3'], ['Accept', '*/*']])).toEqual(['x-b', 'x-a']);
  });

  it('convertHeaderNamesToSortedLowercaseSet', () => {
    expect(convertHeaderNamesToSortedLowercaseSet(['X-B', 'x-a', 'X-A', 'Content-Type'])).toEqual(['content-type', 'x-a', 'x-b']);
  });
});

describe('header list helpers', () => {
  it.each<{ desc: string; list: HeaderPairs; name: string; expected: string | null }>([
    { desc: 'absent: null', list: [['X-A', '1']], name: 'X-B', expected: null },
    { desc: 'one line', list: [['X-A', '1']], name: 'X-A', expected: '1' },
    { desc: 'case-insensitive name', list: [['x-a', '1']], name: 'X-A', expected: '1' },
    { desc: 'two lines joined with ", "', list: [['X-A', '1'], ['X-B', 'z'], ['x-a', '2']], name: 'X-A', expected: '1, 2' },
    { desc: 'an empty value is present, not null', list: [['X-A', '']], name: 'X-A', expected: '' },
    { desc: 'two Access-Control-Allow-Origin lines read as one value', list: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Origin', '*']], name: 'access-control-allow-origin', expected: '*, *' },
  ])('getHeader: $desc', ({ list, name, expected }) => {
    expect(getHeader(list, name)).toBe(expected);
  });

  it('hasHeader and deleteHeader are case-insensitive', () => {
    const list: HeaderPairs = [['Authorization', 'a'], ['X', '1'], ['authorization', 'b']];
    expect(hasHeader(list, 'AUTHORIZATION')).toBe(true);
    expect(hasHeader(list, 'Y')).toBe(false);
    expect(deleteHeader(list, 'AUTHORIZATION')).toEqual([['X', '1']]);
  });

  it.each<{ desc: string; list: HeaderPairs; expected: string[] | null }>([
    { desc: 'absent: null', list: [], expected: null },
    { desc: 'an empty value: one empty item', list: [['A', '']], expected: [''] },
    { desc: 'a trailing comma keeps an empty item', list: [['A', 'nosniff,']], expected: ['nosniff', ''] },
    { desc: 'empty items are kept', list: [['A', 'x / x,,,1']], expected: ['x / x', '', '', '1'] },
    { desc: 'items are trimmed of spaces and tabs', list: [['A', ' a ,\tb\t']], expected: ['a', 'b'] },
    { desc: 'a comma inside a quoted string does not split', list: [['A', '"1,2", 3']], expected: ['"1,2"', '3'] },
    { desc: 'quotes are kept as written', list: [['A', 'x/x;test="hi",y/y']], expected: ['x/x;test="hi"', 'y/y'] },
    { desc: 'an escaped quote does not end the quoted string', list: [['A', '"a\\",b", c']], expected: ['"a\\",b"', 'c'] },
    { desc: 'an unterminated quoted string runs to the end', list: [['A', 'text/html;", x/x']], expected: ['text/html;", x/x'] },
    { desc: 'several lines are combined first', list: [['A', 'x/x;test="hi"'], ['C', '**bingo**'], ['A', 'y/y']], expected: ['x/x;test="hi"', 'y/y'] },
  ])('getDecodeSplit: $desc', ({ list, expected }) => {
    expect(getDecodeSplit(list, 'A')).toEqual(expected);
  });

  it.each<{ desc: string; list: HeaderPairs; expected: HeaderPairs }>([
    { desc: 'names lower-cased and sorted', list: [['B', '1'], ['a', '2']], expected: [['a', '2'], ['b', '1']] },
    { desc: 'duplicates combined in order', list: [['X-Bar', 'bar1'], ['x-foo', 'foo'], ['x-bar', 'bar2']], expected: [['x-bar', 'bar1, bar2'], ['x-foo', 'foo']] },
    { desc: 'set-cookie entries stay separate', list: [['Set-Cookie', 'a=1'], ['Content-Type', 'text/plain'], ['set-cookie', 'b=2']], expected: [['content-type', 'text/plain'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2']] },
    { desc: 'code-unit order: "-" sorts before letters', list: [['x-ab', '1'], ['x-a-b', '2']], expected: [['x-a-b', '2'], ['x-ab', '1']] },
  ])('sortAndCombine: $desc', ({ list, expected }) => {
    expect(sortAndCombine(list)).toEqual(expected);
  });

  it.each<{ desc: string; list: HeaderPairs; expected: HeaderPairs }>([
    { desc: 'no duplicates: unchanged', list: [['X', '1'], ['Y', '2']], expected: [['X', '1'], ['Y', '2']] },
    { desc: 'duplicates combined at the first position with the first spelling', list: [['Accept', 'a'], ['X', '1'], ['accept', 'b']], expected: [['Accept', 'a, b'], ['X', '1']] },
    { desc: 'three lines', list: [['X-A', '1'], ['x-a', '2'], ['X-A', '3']], expected: [['X-A', '1, 2, 3']] },
  ])('combineHeaderList: $desc', ({ list, expected }) => {
    expect(combineHeaderList(list)).toEqual(expected);
  });
});

describe('response and other header classes', () => {
  it.each([
    ...['Cache-Control', 'Content-Language', 'Content-Length', 'Content-Type', 'Expires', 'Last-Modified', 'Pragma']
      .map((name) => ({ desc: `${name} is always safelisted`, name, exposed: [] as string[], expected: true })),
    { desc: 'content-type in lower case', name: 'content-type', exposed: [], expected: true },
    { desc: 'X-Foo is hidden when not exposed', name: 'X-Foo', exposed: [], expected: false },
    { desc: 'X-Foo is visible when exposed', name: 'X-Foo', exposed: ['X-Foo'], expected: true },
    { desc: 'exposure is case-insensitive', name: 'X-Foo', exposed: ['x-FOO'], expected: true },
    { desc: 'Set-Cookie is never exposed', name: 'Set-Cookie', exposed: ['Set-Cookie'], expected: false },
    { desc: 'Set-Cookie2 is never exposed', name: 'Set-Cookie2', exposed: ['set-cookie2'], expected: false },
    { desc: 'Age is not safelisted', name: 'Age', exposed: [], expected: false },
    { desc: 'Server is not safelisted', name: 'Server', exposed: [], expected: false },
    { desc: 'Access-Control-Allow-Origin is not safelisted', name: 'Access-Control-Allow-Origin', exposed: [], expected: false },
  ])('isCorsSafelistedResponseHeaderName: $desc', ({ name, exposed, expected }) => {
    expect(isCorsSafelistedResponseHeaderName(name, exposed)).toBe(expected);
  });

  it.each([
    { desc: 'Set-Cookie', name: 'Set-Cookie', expected: true },
    { desc: 'set-cookie2', name: 'set-cookie2', expected: true },
    { desc: 'Cookie', name: 'Cookie', expected: false },
  ])('isForbiddenResponseHeaderName: $desc → $expected', ({ name, expected }) => {
    expect(isForbiddenResponseHeaderName(name)).toBe(expected);
  });

  it.each([
    { desc: 'Authorization', name: 'Authorization', expected: true },
    { desc: 'authorization', name: 'authorization', expected: true },
    { desc: 'X-Authorization', name: 'X-Authorization', expected: false },
  ])('isCorsNonWildcardRequestHeaderName: $desc → $expected', ({ name, expected }) => {
    expect(isCorsNonWildcardRequestHeaderName(name)).toBe(expected);
  });

  it.each([
    { desc: 'Content-Encoding', name: 'Content-Encoding', expected: true },
    { desc: 'Content-Language', name: 'Content-Language', expected: true },
    { desc: 'Content-Location', name: 'Content-Location', expected: true },
    { desc: 'content-type', name: 'content-type', expected: true },
    { desc: 'Content-Length is not one', name: 'Content-Length', expected: false },
    { desc: 'X-Custom is not one', name: 'X-Custom', expected: false },
  ])('isRequestBodyHeaderName: $desc → $expected', ({ name, expected }) => {
    expect(isRequestBodyHeaderName(name)).toBe(expected);
  });
});

describe('withoutEmptyDuplicates (how Firefox reads repeated response headers: probe-response-empty-values-merged)', () => {
  it.each([
    { desc: 'empty then 1 reads 1', list: [['X-A', ''], ['X-A', '1']], expected: [['X-A', '1']] },
    { desc: '1 then empty reads 1', list: [['X-B', '1'], ['X-B', '']], expected: [['X-B', '1']] },
    { desc: 'empty twice reads one empty value', list: [['X-C', ''], ['x-c', '']], expected: [['X-C', '']] },
    { desc: '1, empty, 2 reads 1 and 2', list: [['X-D', '1'], ['X-D', ''], ['X-D', '2']], expected: [['X-D', '1'], ['X-D', '2']] },
    { desc: 'a lone empty value stays', list: [['X-E', ''], ['X-F', '1']], expected: [['X-E', ''], ['X-F', '1']] },
  ])('$desc', ({ list, expected }) => {
    expect(sortAndCombine(withoutEmptyDuplicates(list as Array<[string, string]>))).toEqual(sortAndCombine(expected as Array<[string, string]>));
  });
});
