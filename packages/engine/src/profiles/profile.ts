/**
 * A browser profile: the data and message rendering by which Chromium, Firefox and WebKit differ. The
 * algorithms are shared; a profile never forks them.
 */
import type { ExtraSafelist } from '../headers.js';
import type { FailureReason } from '../reasons.js';

export type BrowserName = 'chromium' | 'firefox' | 'webkit';

/** How a browser's CORS-preflight cache behaves (see docs/profiles.md for sources). */
export interface PreflightCachePolicy {
  /**
   * Seconds an entry lives, from the `Access-Control-Max-Age` value (`null` when absent), already capped.
   * `0` or less means the preflight result is not cached.
   */
  readonly parseMaxAge: (value: string | null) => number;
  /** At most this many entries (Infinity for none). */
  readonly capacity: number;
  /** What makes room when full. */
  readonly eviction: 'random-purge' | 'lru' | 'none';
  /** URLs this long or longer are never cached (Chromium's key-length limit), or null. */
  readonly maxUrlLength: number | null;
  /** Whether a new preflight replaces the entry or merges its tokens, each with its own expiry. */
  readonly update: 'replace' | 'merge';
  /** Whether credentialed and uncredentialed entries are kept apart (else the credentials flag lives in the entry). */
  readonly credentialsInKey: boolean;
  /** Whether a failure of the actual request removes the URL's entries ([clear](https://fetch.spec.whatwg.org/#concept-cache-clear)). */
  readonly clearOnNetworkError: boolean;
}

/** Facts the console line needs besides the reason. */
export interface MessageContext {
  /** The URL whose response failed (the last one after redirects). */
  readonly url: string;
  /** The URL script asked for. */
  readonly initialUrl: string;
  /** The page's serialized origin. */
  readonly origin: string;
  /** The status of the response that failed, when there was one. */
  readonly status?: number;
  /** The method of the request, for Firefox/WebKit lines that name it. */
  readonly method: string;
}

export interface BrowserProfile {
  readonly name: BrowserName;
  /** The browser build the profile was checked against. */
  readonly version: string;
  readonly userAgent: string;
  readonly acceptLanguage: string;
  /** Request-header names this browser forbids beyond the spec's list. */
  readonly extraForbiddenHeaders: ReadonlySet<string>;
  /** Request headers this browser safelists beyond the spec's list. */
  readonly extraSafelistedHeaders: ExtraSafelist;
  /** Whether `Access-Control-Allow-Headers: *` also covers `Authorization` (the spec says no). */
  readonly authorizationCoveredByWildcard: boolean;
  /** The same, when the `*` comes from a cached preflight result. */
  readonly authorizationCoveredByCachedWildcard: boolean;
  readonly maxRedirects: number;
  readonly preflightCache: PreflightCachePolicy;
  /** What script's `catch` receives, as `Name: message`. */
  exception(reason: FailureReason): string;
  /** The console lines the browser prints for this failure, word for word (empty when it prints none). */
  consoleLines(reason: FailureReason, context: MessageContext): string[];
}
