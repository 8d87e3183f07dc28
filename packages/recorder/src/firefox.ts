/**
 * Firefox (Debian's `firefox-esr`) driven over WebDriver BiDi with puppeteer-core. Every session is
 * a new user context (a container: its own cookie jar, and HTTP and preflight caches keyed apart
 * by its origin attributes). The scenario's host names resolve as `localhost` through Firefox's ordinary
 * name resolution (`network.dns.localDomains`, set from `LaunchOptions.hosts`). Not with
 * `network.dns.forceResolve`: under it Gecko's DNS-cache gate fails and Firefox re-sends preflights it
 * would otherwise skip (firefox-cache.test.ts), which users never see.
 *
 * Firefox has no names for its CORS failures: `error.code` is set only to `TypeError` when
 * fetch() itself refused the request (any exception other than Firefox's generic
 * `NetworkError when attempting to fetch resource.`). `error.message` is Firefox's console line
 * (`Cross-Origin Request Blocked: …`, `Security Error: …`), which BiDi reports as a
 * `javascript` log entry (a page error in puppeteer).
 */
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import type { ResultError, ScenarioFetch } from 'corsim/scenario';
import { assertInstalled } from './install.js';
import { fetchInPage, navigatePage, openPage, waitForQuiet, waitUntil } from './page-fetch.js';
import type { BrowserDriver, BrowserSession, LaunchOptions, StepOutcome } from './types.js';

/** Debian's Firefox ESR; `CORSIM_FIREFOX_PATH` overrides it. */
export const DEFAULT_FIREFOX_PATH = process.env['CORSIM_FIREFOX_PATH'] || '/usr/bin/firefox-esr';

/** Preferences every launch gets, on top of puppeteer's automation profile. */
export const FIREFOX_PREFS: Readonly<Record<string, string | number | boolean>> = {
  'network.dns.disablePrefetch': true,
  'network.proxy.type': 0,
  // Keep http: navigations on http:.
  'dom.security.https_first': false,
  'dom.security.https_first_schemeless': false,
  'dom.security.https_only_mode': false,
};

/** The pref that makes `hosts` (the scenario's *.test names) resolve as `localhost`. */
export function localDomains(hosts: readonly string[]): Record<string, string> {
  return hosts.length ? { 'network.dns.localDomains': [...new Set(hosts)].sort().join(',') } : {};
}

const GENERIC_EXCEPTION = 'TypeError: NetworkError when attempting to fetch resource.';
const CORS_LINE = /^(Cross-Origin Request Blocked: |Security Error: )/;

export async function launchFirefox(options: LaunchOptions = {}): Promise<BrowserDriver> {
  const executablePath = options.executablePath ?? DEFAULT_FIREFOX_PATH;
  assertInstalled('firefox', executablePath);
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath,
    headless: true,
    args: [...(options.extraArgs ?? [])],
    extraPrefsFirefox: { ...FIREFOX_PREFS, ...localDomains(options.hosts ?? []), ...(options.extraPrefs ?? {}) },
    timeout: options.launchTimeoutMs ?? 60_000,
  });
  const raw = await browser.version(); // "firefox/153.7.0"
  const version = `firefox ${raw.replace(/^firefox\//i, '')}`;
  return {
    browser: 'firefox',
    version,
    isConnected: () => browser.connected,
    newSession: async () => FirefoxSession.open(browser),
    close: async () => {
      await browser.close().catch(() => undefined);
    },
  };
}

class FirefoxSession implements BrowserSession {
  private lines: string[] = [];

  private constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
  ) {
    page.on('pageerror', (e: unknown) => {
      this.lines.push(e instanceof Error ? e.message : String(e));
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warn') this.lines.push(m.text());
    });
  }

  static async open(browser: Browser): Promise<FirefoxSession> {
    const context = await browser.createBrowserContext();
    return openPage(context, async (page) => new FirefoxSession(context, page));
  }

  async navigate(url: string): Promise<void> {
    await navigatePage(this.page, url);
  }

  async runFetch(init: ScenarioFetch, timeoutMs: number): Promise<StepOutcome> {
    this.lines = [];
    const result = await fetchInPage(this.page, init, timeoutMs);
    if (result.ok) return { outcome: 'response', response: result.response };
    const exception = result.exception;
    const generic = exception === GENERIC_EXCEPTION;
    // The console line may trail the rejection a little, and Firefox often prints a second one
    // (a failed preflight: the reason, then "CORS request did not succeed"): wait for the burst
    // to end so that nothing spills into the next step.
    await waitUntil(() => this.lines.some((l) => CORS_LINE.test(l)), generic ? 500 : 50);
    await waitForQuiet(() => this.lines.length, 150, 1000);
    const message = this.lines.find((l) => CORS_LINE.test(l));
    // cors-result/1: Firefox has no reason names, so `code` is absent except `TypeError`.
    const error = {
      ...(generic ? {} : { code: 'TypeError' }),
      ...(message !== undefined && generic ? { message } : {}),
      exception,
    };
    // ResultError types `code` as required; cors-result/1 leaves it out for Firefox (no reason names).
    return { outcome: 'network-error', error: error as ResultError };
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
  }
}
