import { describe, expect, it } from 'vitest';
import { corsFetch } from './fetch.js';
import { PreflightCache } from './preflight-cache.js';
import { chromium } from './profiles/chromium.js';
import type { HeaderPairs, Transport } from './ports.js';

const answering = (headers: HeaderPairs): Transport => ({
  send: async () => ({ ok: true, response: { status: 200, statusText: 'OK', headers, body: new Uint8Array(0) } }),
});
const fetchWith = (transport: Transport) => corsFetch('https://api.example.test/r', {}, {
  page: new URL('https://app.example.test/'), profile: chromium, transport, clock: { now: () => 0 }, cache: new PreflightCache(chromium.preflightCache),
});

describe('HTTP-network fetch: a transport answer a browser HTTP parser refuses is a network error', () => {
  it('a sparse header list (holes are not headers) is ERR_INVALID_HTTP_RESPONSE, not a crash', async () => {
    // Found by the fuzz target "corsFetch(valid request, transport answering garbage)": every() skipped the hole.
    const sparse = [['Access-Control-Allow-Origin', '*'], , ['X', '1']] as unknown as HeaderPairs;
    const outcome = await fetchWith(answering(sparse));
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.reason.netError).toBe('ERR_INVALID_HTTP_RESPONSE');
  });

  it('a header list longer than any response head can hold is ERR_RESPONSE_HEADERS_TOO_BIG, checked before its entries', async () => {
    const huge = new Array(1e9) as unknown as HeaderPairs;
    const outcome = await fetchWith(answering(huge));
    expect(!outcome.ok && outcome.reason.netError).toBe('ERR_RESPONSE_HEADERS_TOO_BIG');
  });

  it('a well-formed header list still passes, values trimmed', async () => {
    const outcome = await fetchWith(answering([['Access-Control-Allow-Origin', ' * ']]));
    expect(outcome.ok).toBe(true);
  });
});
