/**
 * `installBrowserFetch`: the simulated browser's `fetch` as `globalThis.fetch`, so application code
 * written against `fetch` (or a client built on it: ofetch, ky, axios' fetch adapter) runs unchanged in
 * a test and sees what the browser would.
 */
import { createBrowser, type BrowserOptions, type SimulatedBrowser } from './browser.js';

/** Options of {@link installBrowserFetch}: those of `createBrowser`, plus where to install. */
export interface InstallBrowserFetchOptions extends BrowserOptions {
  /** The object whose `fetch` is replaced. Default `globalThis`. */
  readonly target?: { fetch?: unknown };
}

/** The installed browser: everything `createBrowser` returns, plus `restore()`. */
export interface InstalledBrowserFetch extends SimulatedBrowser {
  /** Puts the previous `fetch` back (or removes it if there was none). Idempotent. */
  restore(): void;
}

/**
 * Replaces `fetch` on `globalThis` (or `options.target`) with a simulated browser page's fetch and
 * returns that browser; call `restore()` after the test.
 *
 * @example
 * const browser = installBrowserFetch({ origin: 'https://app.example', transport: nodeHandlerTransport(app) });
 * afterEach(() => browser.restore());
 */
export function installBrowserFetch(options: InstallBrowserFetchOptions): InstalledBrowserFetch {
  const { target = globalThis, ...browserOptions } = options;
  const browser = createBrowser(browserOptions);
  const previous = Object.getOwnPropertyDescriptor(target, 'fetch');
  Object.defineProperty(target, 'fetch', { value: browser.fetch, writable: true, configurable: true, enumerable: previous?.enumerable ?? true });
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    if (previous) Object.defineProperty(target, 'fetch', previous);
    else delete target.fetch;
  };
  return { ...browser, restore };
}
