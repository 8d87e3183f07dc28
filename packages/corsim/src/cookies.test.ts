/**
 * Each profile's cookie policy (profile.cookies), as replay applies it: scenarios shaped like the recorded
 * cookie-* ones (spec-tests/corpus/<browser>/cookie-*.result.json), played with each profile.
 */
import { describe, expect, it } from 'vitest';
import { chromium, firefox, webkit, type BrowserProfile } from '@corsim/engine';
import { parseScenario, playScenario, type Scenario } from './scenario/index.js';
import { BrowserCookieStore, CHROMIUM_COOKIE_POLICY, FIREFOX_COOKIE_POLICY, WEBKIT_COOKIE_POLICY } from './cookies.js';

const PAGE = 'http://app.example.test:47001/';
const API = 'http://api.example.test:47002';
const OTHER = 'http://other.test:47003';

function scenario(id: string, jar: Array<{ url: string; cookie: string }>, steps: Array<{ url: string; path?: string }>, setCookie?: string): Scenario {
  const server = (origin: string) => [
    ...(setCookie ? [{ method: '*', path: '/login', headers: [['Access-Control-Allow-Origin', '{{origin}}'], ['Access-Control-Allow-Credentials', 'true'], ['Set-Cookie', setCookie]] }] : []),
    { method: '*', path: '*', headers: [['Access-Control-Allow-Origin', '{{origin}}'], ['Access-Control-Allow-Credentials', 'true']], body: origin },
  ];
  const parsed = parseScenario({
    format: 'cors-scenario/1', id, page: PAGE, cookies: jar, servers: { [API]: server(API), [OTHER]: server(OTHER) },
    steps: steps.map((s) => ({ fetch: { url: s.url, credentials: 'include' } })),
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.scenario;
}

/** The Cookie header of each step's (only) request. */
async function cookiesSent(profile: BrowserProfile, s: Scenario): Promise<Array<string | null>> {
  const result = await playScenario(s, { profile });
  return result.steps.map((step) => step.wire[0]?.headers.find(([n]) => n === 'cookie')?.[1] ?? null);
}

describe('cookie policies by profile', () => {
  it('each profile names its policy, and replay uses it', () => {
    expect(CHROMIUM_COOKIE_POLICY).toBe(chromium.cookies);
    expect(FIREFOX_COOKIE_POLICY).toBe(firefox.cookies);
    expect(WEBKIT_COOKIE_POLICY).toBe(webkit.cookies);
  });

  it('webkit sends a cookie without SameSite cross-site; chromium and firefox do not (recorded: cookie-other-default-cred-include)', async () => {
    const s = scenario('cookie-other-default-cred-include', [{ url: `${OTHER}/`, cookie: 'sid=abc; Path=/' }], [{ url: `${OTHER}/data` }]);
    expect(await cookiesSent(webkit, s)).toEqual(['sid=abc']);
    expect(await cookiesSent(chromium, s)).toEqual([null]);
    expect(await cookiesSent(firefox, s)).toEqual([null]);
  });

  it('webkit keeps SameSite=None without Secure; chromium and firefox refuse it (recorded: cookie-api-none-insecure-cred-include)', async () => {
    const s = scenario('cookie-api-none-insecure-cred-include', [{ url: `${API}/`, cookie: 'sid=abc; Path=/; SameSite=None' }], [{ url: `${API}/data` }]);
    expect(await cookiesSent(webkit, s)).toEqual(['sid=abc']);
    expect(await cookiesSent(chromium, s)).toEqual([null]);
    expect(await cookiesSent(firefox, s)).toEqual([null]);
  });

  it('webkit does not store Set-Cookie from a same-site other host; chromium and firefox do (recorded: cookie-set-then-send)', async () => {
    const s = scenario('cookie-set-then-send', [], [{ url: `${API}/login` }, { url: `${API}/data` }], 'fresh=1; Path=/');
    expect(await cookiesSent(webkit, s)).toEqual([null, null]);
    expect(await cookiesSent(chromium, s)).toEqual([null, 'fresh=1']);
    expect(await cookiesSent(firefox, s)).toEqual([null, 'fresh=1']);
  });

  it('firefox sends back a cookie without SameSite that a cross-site server set in a fetch; chromium does not (recorded: v2-cookie-set-other-default)', async () => {
    const s = scenario('v2-cookie-set-other-default', [], [{ url: `${OTHER}/login` }, { url: `${OTHER}/me` }], 'sid=new; Path=/');
    expect(await cookiesSent(firefox, s)).toEqual([null, 'sid=new']);
    expect(await cookiesSent(chromium, s)).toEqual([null, null]);
  });

  it('firefox keeps a third-party cookie in the partition of the page\'s site (partitionThirdParty)', () => {
    const store = new BrowserCookieStore(firefox.cookies);
    const from = (pageUrl: string) => ({ pageUrl, sameSite: 'none' as const, crossSite: true });
    expect(store.setCookies(`${OTHER}/login`, ['sid=p; Path=/'], from(PAGE)).stored).toHaveLength(1);
    expect(store.getCookieHeader(`${OTHER}/me`, from('http://www.example.test/'))).toBe('sid=p');
    expect(store.getCookieHeader(`${OTHER}/me`, from('http://elsewhere.test/'))).toBe('');
    // Not in the first-party jar either: other.test's own pages do not see it.
    expect(store.getCookieHeader(`${OTHER}/me`, { pageUrl: `${OTHER}/`, sameSite: 'strict', crossSite: false })).toBe('');
  });

  it('a cookie without SameSite is not refused for lacking Secure where the default is None (firefox)', () => {
    const store = new BrowserCookieStore(firefox.cookies);
    const report = store.setCookies(`${API}/`, ['a=1; Path=/', 'b=2; Path=/; SameSite=None'], { pageUrl: PAGE, sameSite: 'strict', crossSite: false });
    expect(report.stored.map((c) => c.split(';')[0])).toEqual(['a=1']);
    expect(report.rejected.map((r) => r.why)).toEqual(['SameSite=None requires Secure']);
  });

  it('webkit still sends cookies set for the same site before the page ran (recorded: cookie-api-default-cred-include)', async () => {
    const s = scenario('cookie-api-default-cred-include', [{ url: `${API}/`, cookie: 'sid=abc; Path=/' }], [{ url: `${API}/data` }]);
    expect(await cookiesSent(webkit, s)).toEqual(['sid=abc']);
  });
});

describe('a cookie put straight into the jar', () => {
  it('is sent, though the store never stored one through setCookies', () => {
    const store = new BrowserCookieStore(CHROMIUM_COOKIE_POLICY);
    const context = { pageUrl: PAGE, sameSite: 'strict', crossSite: false } as const;
    expect(store.getCookieHeader(`${API}/`, context)).toBe('');
    store.jar.setCookieSync('sid=1; SameSite=Lax', `${API}/`);
    expect(store.getCookieHeader(`${API}/`, context)).toBe('sid=1');
  });
});
