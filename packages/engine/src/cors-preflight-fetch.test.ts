/**
 * Which preflight-cache entry a request may use: the key is the request's origin as the preflight named it —
 * `null` after a redirect taint (Chromium, WebKit, the spec), the document's origin where the preflight ignores
 * the taint (Firefox) — and an opaque document origin matches only itself.
 */
import { describe, expect, it } from 'vitest';
import type { HeaderPairs, Transport, WireRequest } from './ports.js';
import type { BrowserProfile } from './profiles/profile.js';
import { corsFetch, type FetchEnvironment, type FetchOutcome } from './fetch.js';
import { getHeader } from './headers.js';
import { opaqueOrigin, type Origin } from './origin.js';
import { PreflightCache } from './preflight-cache.js';
import { chromium } from './profiles/chromium.js';
import { firefox } from './profiles/firefox.js';
import { webkit } from './profiles/webkit.js';

const PAGE = 'https://app.example.test';
const START = 'https://a.example.test/start';
const TARGET = 'https://b.example.test/x';

const respond = (status: number, headers: HeaderPairs) => ({ ok: true as const, response: { status, statusText: '', headers, body: new Uint8Array(0) } });

/**
 * a.example.test answers every PUT with a 307 to b.example.test (allowing any origin); b.example.test approves
 * PUT for 600 s, but only to the origin `trusted` (its preflights always name it) — and its actual responses say `*`,
 * so only the preflight decides.
 */
function servers(trusted: string, sent: WireRequest[]): Transport {
  return {
    send: (r) => {
      sent.push(r);
      const origin = getHeader(r.headers, 'Origin') ?? '';
      if (new URL(r.url).host === 'a.example.test') {
        return Promise.resolve(r.method === 'OPTIONS'
          ? respond(204, [['Access-Control-Allow-Origin', origin], ['Access-Control-Allow-Methods', 'PUT']])
          : respond(307, [['Access-Control-Allow-Origin', origin], ['Location', TARGET]]));
      }
      if (r.method !== 'OPTIONS') return Promise.resolve(respond(200, [['Access-Control-Allow-Origin', '*']]));
      return Promise.resolve(respond(204, [
        ['Access-Control-Allow-Origin', trusted], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Max-Age', '600'],
      ]));
    },
  };
}

interface Page {
  readonly sent: WireRequest[];
  put(url: string): Promise<FetchOutcome>;
}

function page(profile: BrowserProfile, trusted: string, cache = new PreflightCache(profile.preflightCache), origin?: Origin): Page {
  const sent: WireRequest[] = [];
  const env: FetchEnvironment = {
    page: new URL(`${PAGE}/`), origin, profile, transport: servers(trusted, sent), clock: { now: () => 0 }, cache,
  };
  return { sent, put: (url) => corsFetch(url, { method: 'PUT' }, env) };
}

/** The preflights to b.example.test, by the Origin they carried. */
const preflightsToTarget = (p: Page) => p.sent.filter((r) => r.method === 'OPTIONS' && r.url === TARGET).map((r) => getHeader(r.headers, 'Origin'));
const code = (o: FetchOutcome) => (o.ok ? 'allowed' : o.reason.code);

describe.each([chromium, webkit].map((p) => [p.name, p] as const))('%s: the cache key after a redirect taint is null', (_name, profile) => {
  it('an approval cached for Origin null does not let a direct request from the page skip its preflight', async () => {
    const p = page(profile, 'null');
    expect(code(await p.put(START))).toBe('allowed');
    // b never approved the page's origin: the direct PUT preflights with it and fails there.
    expect(code(await p.put(TARGET))).toBe('PreflightAllowOriginMismatch');
    expect(preflightsToTarget(p)).toEqual(['null', PAGE]);
  });

  it("an approval cached for the page's origin does not let a tainted request skip its preflight", async () => {
    const p = page(profile, PAGE);
    expect(code(await p.put(TARGET))).toBe('allowed');
    // The tainted PUT preflights with Origin null, which b does not approve; without that preflight the actual
    // response's `*` would have let it through.
    expect(code(await p.put(START))).toBe('PreflightAllowOriginMismatch');
    expect(preflightsToTarget(p)).toEqual([PAGE, 'null']);
  });

  it('a second tainted request uses the entry the first one stored', async () => {
    const p = page(profile, 'null');
    await p.put(START);
    expect(code(await p.put(START))).toBe('allowed');
    expect(preflightsToTarget(p)).toEqual(['null']);
  });
});

describe("firefox: the preflight names the page's origin after a taint, and the entry is keyed on it", () => {
  it('an approval given to the tainted request’s preflight (Origin: the page) serves a direct request', async () => {
    const p = page(firefox, PAGE);
    await p.put(START);
    expect(code(await p.put(TARGET))).toBe('allowed');
    expect(preflightsToTarget(p)).toEqual([PAGE]);
  });
});

describe('opaque document origins key by identity', () => {
  it('two sandboxed documents both send Origin: null but do not share an entry', async () => {
    const cache = new PreflightCache(chromium.preflightCache);
    const first = page(chromium, 'null', cache, opaqueOrigin());
    const second = page(chromium, 'null', cache, opaqueOrigin());
    expect(code(await first.put(TARGET))).toBe('allowed');
    expect(code(await second.put(TARGET))).toBe('allowed');
    expect([preflightsToTarget(first), preflightsToTarget(second)]).toEqual([['null'], ['null']]);
  });

  it('one sandboxed document reuses its own entry', async () => {
    const p = page(chromium, 'null', new PreflightCache(chromium.preflightCache), opaqueOrigin());
    await p.put(TARGET);
    expect(code(await p.put(TARGET))).toBe('allowed');
    expect(preflightsToTarget(p)).toEqual(['null']);
  });

  it("a sandboxed document does not use the entry of a tainted request from another page, though both are 'null'", async () => {
    const cache = new PreflightCache(chromium.preflightCache);
    const tainted = page(chromium, 'null', cache);
    await tainted.put(START);
    const sandboxed = page(chromium, 'null', cache, opaqueOrigin());
    await sandboxed.put(TARGET);
    expect(preflightsToTarget(sandboxed)).toEqual(['null']);
  });

  it('many sandboxed documents never grow the cache past its capacity', async () => {
    const policy = { ...chromium.preflightCache, capacity: 4 };
    const cache = new PreflightCache(policy);
    for (let i = 0; i < 50; i++) await page({ ...chromium, preflightCache: policy }, 'null', cache, opaqueOrigin()).put(TARGET);
    expect(cache.size).toBeLessThanOrEqual(4);
  });
});
