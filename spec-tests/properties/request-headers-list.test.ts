/**
 * `Access-Control-Request-Headers` (https://fetch.spec.whatwg.org/#cors-preflight-fetch-0): the CORS-unsafe
 * request-header names, byte-lower-cased, de-duplicated and sorted
 * (https://fetch.spec.whatwg.org/#convert-header-names-to-a-sorted-lowercase-set), joined with `,` and no space;
 * absent when there are none.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  customHeaderName, forbiddenRequestHeader, headerValue, method, safelistedValueFor, unsafeValueFor,
  SAFELISTED_REQUEST_HEADER_NAMES, type RequestHeader,
} from 'corsim/arbitraries';
import { checkProperty } from '../support/fc-params.js';
import { API, PAGE, echoServer, getAll, run } from '../support/engine.js';

const randomCase = (s: string): fc.Arbitrary<string> =>
  fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }).map((f) => [...s].map((c, i) => (f[i] ? c.toUpperCase() : c.toLowerCase())).join(''));

/** A header list with its expected unsafe names: safelisted names once each (safe or unsafe value), custom names any number of times in any case, forbidden headers. */
const headerList = fc.tuple(
  fc.subarray([...SAFELISTED_REQUEST_HEADER_NAMES]).chain((names) => fc.tuple(...names.map((n) => fc.tuple(randomCase(n), fc.boolean()).chain(([spelled, unsafe]) =>
    (unsafe ? unsafeValueFor(n) : safelistedValueFor(n)).map((v) => ({ header: [spelled, v] as RequestHeader, unsafe })))))),
  fc.array(fc.tuple(customHeaderName(), fc.integer({ min: 1, max: 3 })).chain(([name, times]) =>
    fc.array(fc.tuple(randomCase(name), headerValue({ maxLength: 8 })), { minLength: times, maxLength: times })), { maxLength: 4 }),
  fc.array(forbiddenRequestHeader({ browserExtras: true }), { maxLength: 2 }),
).chain(([safelisted, customs, forbidden]) => {
  const all: RequestHeader[] = [...safelisted.map((s) => s.header), ...customs.flat(), ...forbidden];
  const expected = [...new Set([...safelisted.filter((s) => s.unsafe).map((s) => s.header[0].toLowerCase()), ...customs.flat().map(([n]) => n.toLowerCase())])]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }).map((headers) => ({ headers, expected }));
});

describe('Access-Control-Request-Headers (chromium profile)', () => {
  it('equals the sorted, lower-cased, de-duplicated set of the CORS-unsafe header names', async () => {
    await checkProperty('ACRH is the sorted lower-case set', fc.asyncProperty(method(), headerList, async (m, { headers, expected }) => {
      const outcome = await run({ page: PAGE, url: `${API}/r`, init: { method: m, headers, mode: 'cors' }, server: echoServer });
      const preflight = outcome.wire.find((w) => w.leg === 'preflight');
      const safeMethod = ['GET', 'HEAD', 'POST'].includes(m.toUpperCase());
      if (expected.length === 0 && safeMethod) {
        expect(preflight).toBeUndefined();
      } else {
        expect(preflight).toBeDefined();
        const lines = preflight!.request.headers.filter(([n]) => n.toLowerCase() === 'access-control-request-headers');
        expect(lines.length).toBeLessThanOrEqual(1);
        expect(getAll(preflight!.request.headers, 'access-control-request-headers')).toBe(expected.length ? expected.join(',') : null);
      }
      return true;
    }), {
      runs: 300,
      examples: [
        ['GET', { headers: [['X-B', '1'], ['x-a', '2'], ['X-A', '3'], ['Content-Type', 'application/json'], ['Accept', 'x']], expected: ['content-type', 'x-a', 'x-b'] }],
        ['PUT', { headers: [['Accept', 'text/plain'], ['Cookie', 'a=b']], expected: [] }],
        ['GET', { headers: [['z', '1'], ['Y', '2'], ['x-1', '3'], ['X-0', '4'], ['_', '5'], ['~', '6']], expected: ['_', 'x-0', 'x-1', 'y', 'z', '~'] }],
        ['POST', { headers: [['Range', 'bytes=-5'], ['Accept-Language', 'en_US'], ['range2', 'x']], expected: ['accept-language', 'range', 'range2'] }],
      ],
    });
  });
});
