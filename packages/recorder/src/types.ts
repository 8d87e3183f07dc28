/**
 * The recorder's view of a real browser: a driver (one browser process) hands out sessions,
 * each a fresh profile (empty cookie jar, HTTP cache and preflight cache) with one page in it.
 */
import type { ResultStep, ScenarioFetch } from 'corsim/scenario';

export type BrowserName = 'chromium' | 'firefox' | 'webkit';

export const BROWSER_NAMES: readonly BrowserName[] = ['chromium', 'firefox', 'webkit'];

/** What one step produced in the page and in the browser's own diagnostics; the recorder adds `wire`. */
export type StepOutcome = Omit<ResultStep, 'wire'>;

export interface BrowserSession {
  /** Top-level navigation; resolves once the document has loaded. */
  navigate(url: string): Promise<void>;
  /**
   * Runs `fetch()` in the page with `init`, reads what script can see, and on a rejection
   * collects the browser's account of why (error code, console line), waiting briefly for it.
   */
  runFetch(init: ScenarioFetch, timeoutMs: number): Promise<StepOutcome>;
  /** Closes the page and throws the profile away. */
  close(): Promise<void>;
}

export interface BrowserDriver {
  readonly browser: BrowserName;
  /** As results name it: `chromium 156.0.8078.108`, `firefox 153.7.0`, `webkitgtk 2.50.6`. */
  readonly version: string;
  /** A new session in a fresh profile (a new browser context in the running browser). */
  newSession(): Promise<BrowserSession>;
  /** True while the browser process is usable. */
  isConnected(): boolean;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** The browser binary (for WebKit, the WebDriver). Default: `/usr/bin/chromium`, `/usr/bin/firefox-esr`, `/usr/bin/WebKitWebDriver`. */
  readonly executablePath?: string;
  /** Extra command-line arguments (Chromium) or preferences (Firefox). */
  readonly extraArgs?: readonly string[];
  readonly extraPrefs?: Readonly<Record<string, string | number | boolean>>;
  /**
   * Host names that must reach this machine. Chromium and WebKit map every name to loopback; Firefox
   * resolves these through its ordinary name resolution as `localhost` (`network.dns.localDomains`).
   */
  readonly hosts?: readonly string[];
  /** How long the browser may take to start. Default 60 s. */
  readonly launchTimeoutMs?: number;
}
