import { describe, expect, it } from 'vitest';
import { blinkHeaderMapOrder } from './blink-header-map.js';
import { lowercaseHeaderName } from './headers.js';
import { orderHeaderNamesForCheck } from './preflight.js';

/** The first unsafe name Chromium's check meets, for script headers `names` on a POST with a text body. */
function firstChecked(names: readonly string[], unsafe: readonly string[] = names): string | undefined {
  const all = [...names, 'Content-Type'];
  return orderHeaderNamesForCheck(unsafe.map(lowercaseHeaderName), { kind: 'blink-header-map' }, all)[0];
}

describe("Blink's HTTPHeaderMap order (Chromium's header check)", () => {
  it('depends on the set of names only, never on the order script gave them', () => {
    const names = ['X-1', 'x-2', 'Zeta', 'Alpha', 'accept-language', 'X-Custom', 'Authorization', 'Mid'];
    const orders = [names, [...names].reverse(), [...names.slice(3), ...names.slice(0, 3)]];
    const results = orders.map((o) => blinkHeaderMapOrder(o.map((n) => n.toLowerCase())));
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect([...(results[0] ?? [])].sort()).toEqual([...names.map((n) => n.toLowerCase()), 'user-agent'].sort());
  });

  it('orders the headers Blink sets as Chromium 156 sent them', () => {
    // The wire of the shared v2 corpus: v2-hdr-acah-empty-items (8 buckets) and v2-flow-login-me-put-* (the fourth
    // name doubles the table to 16), their Blink-set headers in the order they went out.
    expect(blinkHeaderMapOrder(['content-type', 'authorization'])).toEqual(['user-agent', 'content-type', 'authorization']);
    expect(blinkHeaderMapOrder(['accept', 'content-type', 'authorization'])).toEqual(['authorization', 'user-agent', 'accept', 'content-type']);
  });

  it('names what Chromium 156 named in the recorded probes', () => {
    // spec-tests/recordings/chromium/hdr-order-*.result.json and the shared corpus's custom-two-acah-other.
    expect(firstChecked(['X-B', 'x-a'])).toBe('x-a');
    expect(firstChecked(['X-1', 'X-2', 'X-3', 'X-4', 'X-5'])).toBe('x-2');
    expect(firstChecked(['X-5', 'X-4', 'X-3', 'X-2', 'X-1'])).toBe('x-2');
    expect(firstChecked(['Content-Type', 'X-Custom'], ['x-custom'])).toBe('x-custom');
    expect(firstChecked(['Accept-Language', 'Accept'])).toBe('accept-language');
    expect(firstChecked(['X-A', 'X-Z'])).toBe('x-z');
    expect(firstChecked(['C-Header', 'B-Header', 'A-Header'])).toBe('b-header');
    expect(firstChecked(['Zeta', 'Alpha', 'Mid'])).toBe('alpha');
    // v2-hdr-bearer-ct-json-acah-star-include: a credentialed POST, so `*` is a name and covers neither.
    expect(firstChecked(['Authorization', 'Content-Type'])).toBe('content-type');
  });

  it('leaves a single name as it is, and puts several in the map order', () => {
    expect(orderHeaderNamesForCheck([lowercaseHeaderName('x-a')], { kind: 'blink-header-map' }, [])).toEqual(['x-a']);
    expect(orderHeaderNamesForCheck(['x-b', 'x-a'].map(lowercaseHeaderName), { kind: 'blink-header-map' }, ['X-B', 'X-A'])).toEqual(['x-a', 'x-b']);
  });
});
