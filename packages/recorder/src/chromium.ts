/**
 * Chromium driven with playwright-core over CDP. The browser is Debian's (`/usr/bin/chromium`),
 * started with Playwright's own default switches left out (they turn Chromium features off,
 * some of them in the network stack) so it behaves as a plain headless Chromium. Every session
 * is a new browser context: an off-the-record profile with its own network context, hence its
 * own cookie jar, HTTP cache and CORS preflight cache.
 *
 * Error details come from the browser, not from guessing: `error.code` / `error.parameter` from
 * `Network.loadingFailed` (`corsErrorStatus`), or from the `CorsIssue` that `Audits.issueAdded`
 * reports for checks made before a request exists (request mode checks); `error.message` from the
 * console (`Log.entryAdded`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import type { ResultError, ScenarioFetch } from 'corsim/scenario';
import { fetchInPage, navigatePage, openPage, waitForQuiet, waitUntil } from './page-fetch.js';
import { assertInstalled } from './install.js';
import type { BrowserDriver, BrowserSession, LaunchOptions, StepOutcome } from './types.js';

/** Debian's Chromium; `CORSIM_CHROMIUM_PATH` overrides it. */
export const DEFAULT_CHROMIUM_PATH = process.env['CORSIM_CHROMIUM_PATH'] || '/usr/bin/chromium';

/** The switches every launch gets (see the machine notes: no background networking on a closed network). */
export const CHROMIUM_SWITCHES: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-default-browser-check',
  '--disable-dev-shm-usage',
  '--mute-audio',
  // Every *.test host name is this machine.
  '--host-resolver-rules=MAP *.test 127.0.0.1',
];

// The console line that states why the fetch failed (a request-mode failure after a redirect prints the
// "Unsafe attempt" line and nothing else).
const CORS_LINE = /^(Access to fetch at |Fetch API cannot load |Unsafe attempt to load URL )/;
const NET_LINE = /^Failed to load resource: net::/;
const GENERIC_EXCEPTION = 'TypeError: Failed to fetch';

interface LoadingFailed {
  requestId: string;
  errorText: string;
  canceled?: boolean;
  blockedReason?: string;
  corsErrorStatus?: { corsError: string; failedParameter: string };
}

interface CorsIssue {
  corsError: string;
  failedParameter: string;
}

export async function launchChromium(options: LaunchOptions = {}): Promise<BrowserDriver> {
  const executablePath = options.executablePath ?? DEFAULT_CHROMIUM_PATH;
  assertInstalled('chromium', executablePath);
  const { chromium } = await import('playwright-core');
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'corsim-chromium-'));
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      ignoreDefaultArgs: true,
      args: [...CHROMIUM_SWITCHES, ...(options.extraArgs ?? []), `--user-data-dir=${userDataDir}`, '--remote-debugging-pipe', '--no-startup-window'],
      timeout: options.launchTimeoutMs ?? 60_000,
    });
  } catch (e) {
    await rm(userDataDir, { recursive: true, force: true });
    throw e;
  }
  const version = `chromium ${browser.version()}`;
  return {
    browser: 'chromium',
    version,
    isConnected: () => browser.isConnected(),
    newSession: async () => ChromiumSession.open(browser),
    close: async () => {
      await browser.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

class ChromiumSession implements BrowserSession {
  private requests = 0;
  private failures: LoadingFailed[] = [];
  private issues: CorsIssue[] = [];
  private lines: string[] = [];

  private constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
    private readonly cdp: CDPSession,
  ) {
    cdp.on('Network.requestWillBeSent', () => {
      this.requests++;
    });
    cdp.on('Network.loadingFailed', (e) => {
      this.failures.push(e as LoadingFailed);
    });
    cdp.on('Audits.issueAdded', (e) => {
      const issue = (e as { issue: { code: string; details: { corsIssueDetails?: { corsErrorStatus: CorsIssue; isWarning: boolean } } } }).issue;
      const d = issue.details.corsIssueDetails;
      if (issue.code === 'CorsIssue' && d && !d.isWarning) this.issues.push(d.corsErrorStatus);
    });
    cdp.on('Log.entryAdded', (e) => {
      const entry = (e as { entry: { level: string; text: string } }).entry;
      if (entry.level === 'error') this.lines.push(entry.text);
    });
  }

  static async open(browser: Browser): Promise<ChromiumSession> {
    const context = await browser.newContext();
    return openPage(context, async (page) => {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Log.enable');
      await cdp.send('Audits.enable');
      return new ChromiumSession(context, page, cdp);
    });
  }

  async navigate(url: string): Promise<void> {
    await navigatePage(this.page, url);
  }

  async runFetch(init: ScenarioFetch, timeoutMs: number): Promise<StepOutcome> {
    this.requests = 0;
    this.failures = [];
    this.issues = [];
    this.lines = [];
    const result = await fetchInPage(this.page, init, timeoutMs);
    if (result.ok) return { outcome: 'response', response: result.response };
    return { outcome: 'network-error', error: await this.diagnose(result.exception) };
  }

  private async diagnose(exception: string): Promise<ResultError> {
    const corsStatus = (): CorsIssue | undefined => this.failures.find((f) => f.corsErrorStatus)?.corsErrorStatus ?? this.issues[0];
    // The CDP events and the console line race the promise's rejection: wait until the reason
    // and its console line are both in. A fetch() that threw before any request existed (an
    // exception other than Chromium's generic one) has neither.
    const complete = (): boolean => {
      if (corsStatus()) return this.lines.some((l) => CORS_LINE.test(l));
      if (this.failures.length > 0) return this.lines.some((l) => CORS_LINE.test(l) || NET_LINE.test(l));
      return false;
    };
    await waitUntil(complete, exception === GENERIC_EXCEPTION ? 2000 : 100);
    // Let the burst end (the CORS line is followed by a "Failed to load resource" line) so that
    // nothing of this step spills into the next.
    await waitForQuiet(() => this.lines.length + this.failures.length + this.issues.length, 50, 1000);

    const cors = corsStatus();
    let code: string;
    if (cors) code = cors.corsError;
    else if (this.failures.length > 0 || this.requests > 0 || exception === GENERIC_EXCEPTION) code = 'Network';
    else code = 'TypeError';
    const message = this.lines.find((l) => CORS_LINE.test(l)) ?? this.lines.find((l) => NET_LINE.test(l));
    // Key order as in the recorded corpus: code, parameter, exception, message.
    return {
      code,
      ...(cors?.failedParameter ? { parameter: cors.failedParameter } : {}),
      exception,
      ...(message !== undefined && code !== 'TypeError' ? { message } : {}),
    };
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
  }
}
