/**
 * A cookie jar for the engine's CookieStore port, over tough-cookie, with a browser's storage policy on top:
 * Chromium treats a cookie without `SameSite` as `Lax`, refuses `SameSite=None` without `Secure`, and
 * refuses `Secure` cookies from `http:` URLs. The policy is plain data that each browser profile names
 * (`profile.cookies`, with its sources); the constants below are those profiles' policies.
 */
import { Cookie, CookieJar, MemoryCookieStore, type ErrorCallback } from 'tough-cookie';
import { chromium, firefox, originOf, siteOf, webkit, type CookieContext, type CookiePolicy, type CookieStore, type CookieStoreReport } from '@corsim/engine';

export type { CookiePolicy };

/** Chromium's defaults (third-party cookies allowed; Lax by default, SameSite=None needs Secure, no Secure over http). */
export const CHROMIUM_COOKIE_POLICY: CookiePolicy = chromium.cookies;
/** Firefox's defaults: no Lax-by-default, SameSite=None needs Secure, third-party cookies partitioned by the page's site. */
export const FIREFOX_COOKIE_POLICY: CookiePolicy = firefox.cookies;
/** WebKitGTK's defaults: no Lax-by-default, SameSite=None without Secure accepted, no Set-Cookie from another host. */
export const WEBKIT_COOKIE_POLICY: CookiePolicy = webkit.cookies;

export class BrowserCookieStore implements CookieStore {
  /** The unpartitioned jar: every cookie, unless the policy partitions third-party ones. */
  readonly jar = newJar();
  readonly #partitions = new Map<string, CookieJar>();
  readonly #policy: CookiePolicy;

  constructor(policy: CookiePolicy = CHROMIUM_COOKIE_POLICY) {
    this.#policy = policy;
  }

  getCookieHeader(url: string, context: CookieContext): string {
    if (this.#policy.blockThirdParty && context.crossSite) return '';
    const jar = this.#jarFor(context);
    // Most pages send cookies from an empty jar: that answer needs no matching at all.
    if (jar.store instanceof WatchedMemoryStore && !jar.store.everStored) return '';
    return jar.getCookieStringSync(url, { http: true, sameSiteContext: context.sameSite });
  }

  setCookies(url: string, values: readonly string[], context: CookieContext): CookieStoreReport {
    const stored: string[] = [];
    const rejected: Array<{ cookie: string; why: string }> = [];
    const secureUrl = url.startsWith('https:');
    for (const value of values) {
      const cookie = Cookie.parse(value, { loose: false });
      if (!cookie) {
        rejected.push({ cookie: value, why: 'does not parse' });
        continue;
      }
      // tough-cookie leaves `sameSite` undefined when the attribute is absent or not one of the three values.
      const sameSite = cookie.sameSite ?? this.#policy.defaultSameSite;
      if (this.#policy.blockThirdParty && context.crossSite) {
        rejected.push({ cookie: value, why: 'third-party cookies are blocked' });
        continue;
      }
      if (this.#policy.rejectSetCookieFromOtherHosts && hostOf(url) !== hostOf(context.pageUrl)) {
        rejected.push({ cookie: value, why: "set by a host other than the page's" });
        continue;
      }
      // Only an explicit `SameSite=None` needs `Secure`; a cookie that defaults to None does not.
      if (cookie.sameSite === 'none' && this.#policy.requireSecureForSameSiteNone && !cookie.secure) {
        rejected.push({ cookie: value, why: 'SameSite=None requires Secure' });
        continue;
      }
      if (cookie.secure && this.#policy.rejectSecureFromInsecure && !secureUrl) {
        rejected.push({ cookie: value, why: 'a Secure cookie cannot be set from an insecure URL' });
        continue;
      }
      cookie.sameSite = sameSite;
      try {
        this.#jarFor(context).setCookieSync(cookie, url, { http: true, sameSiteContext: context.sameSite, ignoreError: false });
        stored.push(cookie.cookieString());
      } catch (error) {
        rejected.push({ cookie: value, why: error instanceof Error ? error.message : String(error) });
      }
    }
    return { stored, rejected };
  }

  #jarFor(context: CookieContext): CookieJar {
    if (!this.#policy.partitionThirdParty || !context.crossSite) return this.jar;
    const key = partitionKey(context.pageUrl);
    let jar = this.#partitions.get(key);
    if (!jar) this.#partitions.set(key, (jar = newJar()));
    return jar;
  }
}

/** tough-cookie's memory store, noting whether any cookie was ever put in it (by this class or through `jar`). */
class WatchedMemoryStore extends MemoryCookieStore {
  everStored = false;
  override putCookie(cookie: Cookie): Promise<void>;
  override putCookie(cookie: Cookie, callback: ErrorCallback): void;
  override putCookie(cookie: Cookie, callback?: ErrorCallback): Promise<void> | void {
    this.everStored = true;
    return callback ? super.putCookie(cookie, callback) : super.putCookie(cookie);
  }
}

function newJar(): CookieJar {
  return new CookieJar(new WatchedMemoryStore(), { allowSpecialUseDomain: true, rejectPublicSuffixes: true });
}

/** The page's site; a page URL that does not parse gets a partition of its own. */
function partitionKey(pageUrl: string): string {
  try {
    return siteOf(originOf(new URL(pageUrl)));
  } catch {
    return pageUrl;
  }
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}
