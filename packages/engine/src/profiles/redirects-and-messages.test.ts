/**
 * Redirect details and console lines that differ by browser, each against its recording in
 * spec-tests/recordings/<browser>/probe-*.result.json (every console line of a Chromium step was captured
 * from the DevTools log; results keep only the reason line). Messages are the recorded words.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserProfile } from './profile.js';
import { chromium } from './chromium.js';
import { firefox } from './firefox.js';
import { webkit } from './webkit.js';
import { API, PAGE_ORIGIN, browserWith, message, requests, value, type Server } from './test-helpers.js';

const PAGE = `${PAGE_ORIGIN}/`;
const browsers: ReadonlyArray<[string, BrowserProfile]> = [['chromium', chromium], ['firefox', firefox], ['webkit', webkit]];

describe('a redirect to data: (probe-redirect-to-data, probe-same-origin-redirect-to-data)', () => {
  const toData: Server = (r) => ({ status: 302, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Location', 'data:text/plain,hi']] });
  const lines: Record<string, [string[], string[]]> = {
    chromium: [['Failed to load resource: net::ERR_UNSAFE_REDIRECT'], ['Failed to load resource: net::ERR_UNSAFE_REDIRECT']],
    firefox: [['Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:47002/go. (Reason: CORS request did not succeed). Status code: (null).'], []],
    webkit: [
      ['Cross-origin redirection to data:text/plain,hi denied by Cross-Origin Resource Sharing policy: not allowed to follow a cross-origin CORS redirection with non CORS scheme',
        'Fetch API cannot load data:text/plain,hi due to access control checks.'],
      ['Cross-origin redirection to data:text/plain,hi denied by Cross-Origin Resource Sharing policy: not allowed to follow a cross-origin CORS redirection with non CORS scheme',
        'Fetch API cannot load data:text/plain,hi due to access control checks.'],
    ],
  };
  it.each(browsers)('%s: cross-origin, then from a same-origin URL', async (name, profile) => {
    const cross = await browserWith(profile, toData).fetch(`${API}/go`);
    const same = await browserWith(profile, toData).fetch(`${PAGE_ORIGIN}/go`);
    expect([cross.console, same.console]).toEqual(lines[name]);
    expect(requests(cross)).toEqual([`GET ${API}/go`]);
  });
  it('is a network error in Chromium (ERR_UNSAFE_REDIRECT), not a CORS scheme error', async () => {
    const out = await browserWith(chromium, toData).fetch(`${API}/go`);
    expect(!out.ok && [out.reason.code, out.reason.netError]).toEqual(['Network', 'ERR_UNSAFE_REDIRECT']);
  });
});

describe("mode 'same-origin' redirected cross-origin (probe-same-origin-mode-redirect-cross)", () => {
  const server: Server = (r) => r.url.startsWith(PAGE_ORIGIN) ? { status: 302, headers: [['Location', `${API}/end`]] } : { body: 'end' };
  const first: Record<string, string> = {
    chromium: `Unsafe attempt to load URL ${API}/end from frame with URL ${PAGE}. Domains, protocols and ports must match.\n`,
    firefox: `Security Error: Content at ${PAGE} may not load data from ${API}/end.`,
    webkit: `Unsafe attempt to load URL ${API}/end from origin ${PAGE_ORIGIN}. Domains, protocols and ports must match.`,
  };
  it.each(browsers)('%s', async (name, profile) => {
    const out = await browserWith(profile, server).fetch(`${PAGE_ORIGIN}/go`, { mode: 'same-origin' });
    expect(message(out)).toBe(first[name]);
    expect(requests(out)).toEqual([`GET ${PAGE_ORIGIN}/go`]);
  });
  it('is a network error in Chromium, where the first URL fails with DisallowedByMode', async () => {
    const out = await browserWith(chromium, server).fetch(`${PAGE_ORIGIN}/go`, { mode: 'same-origin' });
    expect(!out.ok && out.reason.code).toBe('Network');
    expect(out.console).toHaveLength(1);
    const direct = await browserWith(chromium, server).fetch(`${API}/end`, { mode: 'same-origin' });
    expect(!direct.ok && direct.reason.code).toBe('DisallowedByMode');
  });
});

describe('a preflighted PUT answered 303: the GET after it (probe-303-put-to-get)', () => {
  const server: Server = (r) => r.method === 'OPTIONS'
    ? { status: 204, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Access-Control-Allow-Methods', value(r, 'Access-Control-Request-Method')]] }
    : r.method === 'PUT' ? { status: 303, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Location', '/end']] }
      : { headers: [['Access-Control-Allow-Origin', value(r, 'Origin')]], body: 'end' };
  const wire: Record<string, string[]> = {
    chromium: [`OPTIONS ${API}/data`, `PUT ${API}/data`, `GET ${API}/end`],
    firefox: [`OPTIONS ${API}/data`, `PUT ${API}/data`, `OPTIONS ${API}/end`, `GET ${API}/end`],
    webkit: [`OPTIONS ${API}/data`, `PUT ${API}/data`, `OPTIONS ${API}/end`, `GET ${API}/end`],
  };
  it.each(browsers)('%s', async (name, profile) => {
    const out = await browserWith(profile, server).fetch(`${API}/data`, { method: 'PUT', body: 'x' });
    expect(out.ok).toBe(true);
    expect(requests(out)).toEqual(wire[name]);
  });
  it('the preflight of the GET asks for GET', async () => {
    const out = await browserWith(firefox, server).fetch(`${API}/data`, { method: 'PUT', body: 'x' });
    expect(out.wire[2]?.request.headers).toContainEqual(['Access-Control-Request-Method', 'GET']);
  });
});

describe('no-cors PUT: the TypeError fetch() throws (probe-no-cors-put)', () => {
  const exceptions: Record<string, string> = {
    chromium: "TypeError: Failed to execute 'fetch' on 'Window': 'PUT' is unsupported in no-cors mode.",
    firefox: 'TypeError: Window.fetch: Invalid request method PUT.',
    webkit: 'TypeError: Method must be GET, POST or HEAD in no-cors mode.',
  };
  it.each(browsers)('%s', async (name, profile) => {
    const out = await browserWith(profile, () => ({})).fetch(`${API}/data`, { method: 'PUT', mode: 'no-cors', body: 'x' });
    expect(!out.ok && out.exception).toBe(exceptions[name]);
    expect(out.console).toEqual([]);
    expect(out.wire).toEqual([]);
  });
});

describe('redirect: "error" (probe-redirect-mode-error)', () => {
  const server: Server = (r) => ({ status: 302, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')], ['Location', '/end']] });
  const lines: Record<string, string[]> = {
    chromium: ['Failed to load resource: net::ERR_FAILED'],
    firefox: [],
    webkit: [`Not allowed to follow a redirection while loading ${API}/go`, `Fetch API cannot load ${API}/go due to access control checks.`],
  };
  it.each(browsers)('%s', async (name, profile) => {
    expect((await browserWith(profile, server).fetch(`${API}/go`, { redirect: 'error' })).console).toEqual(lines[name]);
  });
});

describe('every console line, and which one states the failure', () => {
  const missing: Server = () => ({ status: 404, body: 'nope' });
  const readable: Server = (r) => ({ status: 404, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')]], body: 'nope' });
  const cors = `Access to fetch at '${API}/data' from origin '${PAGE_ORIGIN}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`;

  it('chromium: the CORS line, then the loader\'s (probe-console-404-missing-acao)', async () => {
    const out = await browserWith(chromium, missing).fetch(`${API}/data`);
    expect(out.console).toEqual([cors, 'Failed to load resource: net::ERR_FAILED']);
    expect(out.reasonLine).toBe(0);
  });

  it('chromium: a readable error status prints the loader\'s line and states no failure (probe-console-404-cors, probe-console-404-no-cors)', async () => {
    const out = await browserWith(chromium, readable).fetch(`${API}/data`);
    expect(out.ok).toBe(true);
    expect(out.console).toEqual(['Failed to load resource: the server responded with a status of 404 ()']);
    expect(out.reasonLine).toBeUndefined();
    const opaque = await browserWith(chromium, missing).fetch(`${API}/data`, { mode: 'no-cors' });
    expect(opaque.console).toEqual(['Failed to load resource: the server responded with a status of 404 ()']);
  });

  it('firefox: a failed preflight, then the request it stopped (probe-console-preflight-403)', async () => {
    const forbidden: Server = (r) => ({ status: 403, headers: [['Access-Control-Allow-Origin', value(r, 'Origin')]] });
    const out = await browserWith(firefox, forbidden).fetch(`${API}/data`, { method: 'PUT', body: 'x' });
    const blocked = (reason: string, status: string) => `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${API}/data. (Reason: ${reason}). Status code: ${status}.`;
    expect(out.console).toEqual([blocked('CORS preflight response did not succeed', '403'), blocked('CORS request did not succeed', '(null)')]);
    expect(out.reasonLine).toBe(0);
    expect((await browserWith(firefox, missing).fetch(`${API}/data`)).console).toHaveLength(1);
  });

  it('firefox and webkit print nothing for a response that resolved', async () => {
    for (const profile of [firefox, webkit]) expect((await browserWith(profile, readable).fetch(`${API}/data`)).console).toEqual([]);
  });

  it('webkit: the reason, then "Fetch API cannot load"; the reason is the first', async () => {
    const out = await browserWith(webkit, missing).fetch(`${API}/data`);
    expect(out.console).toEqual([`Origin ${PAGE_ORIGIN} is not allowed by Access-Control-Allow-Origin. Status code: 404`, `Fetch API cannot load ${API}/data due to access control checks.`]);
    expect(out.reasonLine).toBe(0);
  });
});
