/**
 * The same-site context HTTP-network-or-cache fetch gives the cookie jar, with sites by the Public Suffix List:
 * subdomains of a registrable domain are same-site, two registrable domains under one public suffix are not.
 */
import { describe, expect, it } from 'vitest';
import type { CookieContext, CookieStore } from './ports.js';
import { corsFetch } from './fetch.js';
import { PreflightCache } from './preflight-cache.js';
import { chromium } from './profiles/chromium.js';

async function cookieContexts(page: string, url: string): Promise<CookieContext[]> {
  const contexts: CookieContext[] = [];
  const cookies: CookieStore = {
    getCookieHeader: (_url, context) => {
      contexts.push(context);
      return '';
    },
    setCookies: () => ({ stored: [], rejected: [] }),
  };
  const respond = { ok: true as const, response: { status: 200, statusText: '', headers: [], body: new Uint8Array(0) } };
  await corsFetch(url, { credentials: 'include' }, {
    page: new URL(page), profile: chromium, clock: { now: () => 0 }, cache: new PreflightCache(chromium.preflightCache), cookies,
    transport: { send: () => Promise.resolve(respond) },
  });
  return contexts;
}

describe('the cookie context of a credentialed request', () => {
  it.each([
    { page: 'https://app.github.io/', url: 'https://api.github.io/x', crossSite: true },
    { page: 'https://shop.co.uk/', url: 'https://bank.co.uk/x', crossSite: true },
    { page: 'https://www.shop.co.uk/', url: 'https://api.shop.co.uk/x', crossSite: false },
    { page: 'http://app.example.test/', url: 'http://api.example.test/x', crossSite: false },
    { page: 'http://127.0.0.1:8000/', url: 'http://127.0.0.1:9000/x', crossSite: false },
    { page: 'http://127.0.0.1/', url: 'http://localhost/x', crossSite: true },
    { page: 'http://localhost:3000/', url: 'http://localhost:4000/x', crossSite: false },
  ])('$page → $url: cross-site $crossSite', async ({ page, url, crossSite }) => {
    expect(await cookieContexts(page, url)).toEqual([{ pageUrl: page, sameSite: crossSite ? 'none' : 'strict', crossSite }]);
  });
});
