/**
 * A cookie jar for the engine's CookieStore port, over tough-cookie, with a browser's storage policy on top:
 * Chromium treats a cookie without `SameSite` as `Lax`, refuses `SameSite=None` without `Secure`, and
 * refuses `Secure` cookies from `http:` URLs.
 */
import { Cookie, CookieJar } from 'tough-cookie';
import type { CookieContext, CookieStore, CookieStoreReport } from '@corsim/engine';

export interface CookiePolicy {
  /** What a cookie without a `SameSite` attribute counts as. */
  readonly defaultSameSite: 'lax' | 'none';
  /** Refuse `SameSite=None` cookies that are not `Secure`. */
  readonly requireSecureForSameSiteNone: boolean;
  /** Refuse `Secure` cookies set by a non-secure URL. */
  readonly rejectSecureFromInsecure: boolean;
  /** Refuse every cookie set by, and send none to, a URL that is cross-site to the page. */
  readonly blockThirdParty: boolean;
}

/** Chromium's defaults (third-party cookies allowed; the other three on). */
export const CHROMIUM_COOKIE_POLICY: CookiePolicy = {
  defaultSameSite: 'lax', requireSecureForSameSiteNone: true, rejectSecureFromInsecure: true, blockThirdParty: false,
};

export class BrowserCookieStore implements CookieStore {
  readonly jar = new CookieJar(undefined, { allowSpecialUseDomain: true, rejectPublicSuffixes: true });
  readonly #policy: CookiePolicy;

  constructor(policy: CookiePolicy = CHROMIUM_COOKIE_POLICY) {
    this.#policy = policy;
  }

  getCookieHeader(url: string, context: CookieContext): string {
    if (this.#policy.blockThirdParty && context.crossSite) return '';
    return this.jar.getCookieStringSync(url, { http: true, sameSiteContext: context.sameSite });
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
      if (sameSite === 'none' && this.#policy.requireSecureForSameSiteNone && !cookie.secure) {
        rejected.push({ cookie: value, why: 'SameSite=None requires Secure' });
        continue;
      }
      if (cookie.secure && this.#policy.rejectSecureFromInsecure && !secureUrl) {
        rejected.push({ cookie: value, why: 'a Secure cookie cannot be set from an insecure URL' });
        continue;
      }
      cookie.sameSite = sameSite;
      try {
        this.jar.setCookieSync(cookie, url, { http: true, sameSiteContext: context.sameSite, ignoreError: false });
        stored.push(cookie.cookieString());
      } catch (error) {
        rejected.push({ cookie: value, why: error instanceof Error ? error.message : String(error) });
      }
    }
    return { stored, rejected };
  }
}
