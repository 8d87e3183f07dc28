/**
 * The trace as a reader sees it: the facts of each step, and the one sentence per step rendered from them.
 */
import { describe, expect, it } from 'vitest';
import type { HeaderPairs, WireRequest } from './ports.js';
import { corsFetch } from './fetch.js';
import { getHeader } from './headers.js';
import { PreflightCache } from './preflight-cache.js';
import { chromium } from './profiles/chromium.js';
import { describeTraceEvent, renderTrace } from './describe-trace.js';
import { SPEC } from './spec.js';

const encoder = new TextEncoder();

/** api.test redirects /start to other.test (its preflights pass); both allow PUT, cached for 60 s, and not DELETE. */
function answer(req: WireRequest): { status: number; headers: HeaderPairs } {
  const url = new URL(req.url);
  if (url.pathname === '/start' && req.method !== 'OPTIONS') {
    return { status: 307, headers: [['Location', 'http://other.test/end'], ['Access-Control-Allow-Origin', '*']] };
  }
  const origin = getHeader(req.headers, 'Origin') ?? '*';
  if (req.method === 'OPTIONS') {
    return {
      status: 204,
      headers: [['Access-Control-Allow-Origin', origin], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Max-Age', '60']],
    };
  }
  return { status: 200, headers: [['Access-Control-Allow-Origin', origin], ['Content-Type', 'text/plain']] };
}

async function run(url: string, method: string) {
  const env = {
    page: new URL('http://app.test/'), profile: chromium, clock: { now: () => 0 }, cache: new PreflightCache(chromium.preflightCache),
    transport: {
      send: (req: WireRequest) => {
        const { status, headers } = answer(req);
        return Promise.resolve({ ok: true as const, response: { status, statusText: '', headers, body: encoder.encode('') } });
      },
    },
  };
  return corsFetch(url, { method }, env);
}

describe('describeTraceEvent', () => {
  it('renders each step of a preflighted, redirected request from its facts', async () => {
    const outcome = await run('http://api.test/start', 'PUT');
    expect(outcome.ok).toBe(true);
    expect(outcome.trace.map((e) => `${e.algorithm}: ${describeTraceEvent(e)}`)).toEqual([
      'Request constructor: PUT http://api.test/start, mode cors, credentials same-origin, redirect follow.',
      'main fetch: Preflight needed: PUT is not a CORS-safelisted method.',
      'CORS-preflight cache: No cached preflight for http://api.test/start.',
      'CORS-preflight fetch: OPTIONS http://api.test/start with Access-Control-Request-Method: PUT, Origin: http://app.test; no cookies.',
      'CORS-preflight fetch: Preflight answered 204.',
      'CORS-preflight fetch: The preflight response passes: allowed methods [PUT], allowed headers [].',
      'create a new cache entry: Cached for 60 s (Access-Control-Max-Age: 60).',
      "HTTP-network-or-cache fetch: No cookies: credentials mode 'same-origin' on a cross-origin request.",
      'HTTP fetch: PUT http://api.test/start with Origin: http://app.test.',
      'HTTP fetch: Answered 307.',
      'CORS check: Access-Control-Allow-Origin: * allows http://app.test.',
      "HTTP-redirect fetch: 307 to http://other.test/end: the request's origin is now tainted and serializes as 'null'.",
      'main fetch: Preflight needed: PUT is not a CORS-safelisted method.',
      'CORS-preflight cache: No cached preflight for http://other.test/end.',
      'CORS-preflight fetch: OPTIONS http://other.test/end with Access-Control-Request-Method: PUT, Origin: null; no cookies.',
      'CORS-preflight fetch: Preflight answered 204.',
      'CORS-preflight fetch: The preflight response passes: allowed methods [PUT], allowed headers [].',
      'create a new cache entry: Cached for 60 s (Access-Control-Max-Age: 60).',
      "HTTP-network-or-cache fetch: No cookies: credentials mode 'same-origin' on a cross-origin request.",
      'HTTP fetch: PUT http://other.test/end with Origin: null.',
      'HTTP fetch: Answered 200.',
      'CORS check: Access-Control-Allow-Origin: null allows null.',
      'filtered response: Script gets a cors response showing content-type.',
      'fetch: fetch() resolves with status 200.',
    ]);
  });

  it('keeps the facts as data: a check that failed carries ok false and the reason it failed', async () => {
    const outcome = await run('http://other.test/end', 'DELETE');
    const failed = outcome.trace.filter((e) => e.ok === false);
    expect(failed.map((e) => e.facts.what)).toEqual(['preflight-rejected', 'network-error']);
    expect(failed.map((e) => e.anchor)).toEqual([SPEC.corsPreflightFetch, SPEC.networkError]);
    expect(outcome.ok ? '' : outcome.reason.explanation).toContain('DELETE');
    expect(failed.map(describeTraceEvent)).toEqual([
      outcome.ok ? '' : outcome.reason.explanation, `fetch() rejects: ${outcome.ok ? '' : outcome.reason.explanation}`,
    ]);
  });
});

describe('renderTrace', () => {
  it('marks each line as passed, failed or neither and links its anchor', async () => {
    const lines = renderTrace((await run('http://other.test/end', 'DELETE')).trace, '  ');
    expect(lines.at(0)).toBe('  · Request constructor: DELETE http://other.test/end, mode cors, credentials same-origin, redirect follow.'
      + ' <https://fetch.spec.whatwg.org/#dom-request>');
    expect(lines.at(-1)?.startsWith('  ✗ network error: fetch() rejects: ')).toBe(true);
    expect(lines.at(-1)?.endsWith(` <${SPEC.networkError}>`)).toBe(true);
  });
});
