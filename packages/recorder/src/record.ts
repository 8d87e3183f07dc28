/**
 * The real-browser recorder: plays a scenario in Chromium or Firefox against the scenario's own
 * servers on loopback and writes down what happened, as `cors-result/1`.
 *
 * Per scenario: the servers start (one per port, see ../node/http-servers.ts); a fresh
 * browser profile opens (a new context in a running browser); each cookie is seeded by a
 * top-level load of its `url` answered with `Set-Cookie: <cookie>` (the browser's own cookie
 * rules decide what it keeps); the page loads; then each step's fetch() runs in the page, in
 * order, not before `at` seconds after the first step started, and its wire is every request
 * that reached a server while it ran.
 */
import type { WireRequest, WireResponse } from 'corsim';
import { findRule, PAGE_DOCUMENT } from 'corsim/scenario';
import { startScenarioServers, type ScenarioServers, type ScenarioServersOptions } from 'corsim/node';
import type { ResultStep, Scenario, ScenarioResult } from 'corsim/scenario';
import { launchChromium } from './chromium.js';
import { launchFirefox } from './firefox.js';
import { launchWebKit } from './webkit.js';
import { sleep } from './page-fetch.js';
import type { BrowserDriver, BrowserName, BrowserSession, LaunchOptions, StepOutcome } from './types.js';

export interface RecordOptions extends LaunchOptions {
  readonly browser: BrowserName;
  /** A running browser to use (one process for many scenarios); by default one is launched and closed. */
  readonly driver?: BrowserDriver;
  /** How long one fetch() may take before the recording fails. Default 20 s. */
  readonly stepTimeoutMs?: number;
  /** Address the servers listen on. Default 127.0.0.1 (what the browsers are told to resolve to). */
  readonly host?: string;
  /** How long to wait for the scenario's ports while something else holds them. Default 30 s. */
  readonly portWaitMs?: number;
}

/** Thrown when a scenario cannot be recorded (setup failed, a step hung, the browser died). */
export class RecordError extends Error {
  override readonly name = 'RecordError';
}

/** Launches a browser for recording. Throws `BrowserNotInstalledError` when its binary is missing. */
export function launchBrowser(browser: BrowserName, options: LaunchOptions = {}): Promise<BrowserDriver> {
  switch (browser) {
    case 'chromium':
      return launchChromium(options);
    case 'firefox':
      return launchFirefox(options);
    case 'webkit':
      return launchWebKit(options);
    default:
      throw new Error(`unknown browser ${JSON.stringify(browser)}: expected chromium, firefox or webkit`);
  }
}

/** The host names a scenario's page, servers and cookies use (not IP literals), which the browser must resolve to this machine. */
export function scenarioHosts(scenario: Pick<Scenario, 'page' | 'servers' | 'cookies'>): string[] {
  const urls = [scenario.page, ...Object.keys(scenario.servers), ...scenario.cookies.map((c) => c.url)];
  const names = urls.map((u) => new URL(u).hostname).filter((h) => !/^[\d.]+$/.test(h) && !h.startsWith('['));
  return [...new Set(names)].sort();
}

/** Records `scenario` in a real browser. */
export async function recordScenario(scenario: Scenario, options: RecordOptions): Promise<ScenarioResult> {
  if (options.driver && options.driver.browser !== options.browser) {
    throw new Error(`recordScenario: options.driver is ${options.driver.browser}, not ${options.browser}`);
  }
  const own = options.driver ? null : await launchBrowser(options.browser, { ...options, hosts: [...(options.hosts ?? []), ...scenarioHosts(scenario)] });
  const driver = options.driver ?? own!;
  try {
    return await recordWith(driver, scenario, options);
  } finally {
    await own?.close();
  }
}

export interface Recorder {
  readonly browser: BrowserName;
  /** Records one scenario in a fresh profile of the shared browser (launched on first use, relaunched if it died). */
  record(scenario: Scenario): Promise<ScenarioResult>;
  /** The browser's version string, once one was launched. */
  version(): string | undefined;
  close(): Promise<void>;
}

/**
 * A recorder that keeps one browser process for many scenarios; every scenario still gets a fresh
 * profile (cookie jar, HTTP cache, preflight cache). With `freshBrowser`, a new browser process
 * is started for every scenario instead (slower; for checking that the two agree).
 */
export function createRecorder(options: RecordOptions & { readonly freshBrowser?: boolean }): Recorder {
  let driver: PrewarmingDriver | null = null;
  let lastVersion: string | undefined;
  // Firefox learns the host names at launch: a scenario with a new one gets a browser that knows it.
  const hosts = new Set(options.hosts ?? []);
  const ensure = async (scenario: Scenario): Promise<PrewarmingDriver> => {
    const unknown = scenarioHosts(scenario).filter((h) => !hosts.has(h));
    for (const h of unknown) hosts.add(h);
    if (driver && (!driver.isConnected() || (unknown.length > 0 && options.browser === 'firefox'))) {
      await driver.close().catch(() => undefined);
      driver = null;
    }
    driver ??= new PrewarmingDriver(await launchBrowser(options.browser, { ...options, hosts: [...hosts] }), !options.freshBrowser);
    lastVersion = driver.version;
    return driver;
  };
  return {
    browser: options.browser,
    version: () => lastVersion,
    record: async (scenario) => {
      const d = await ensure(scenario);
      try {
        return await recordWith(d, scenario, options);
      } finally {
        if (options.freshBrowser || !d.isConnected()) {
          await d.close().catch(() => undefined);
          driver = null;
        }
      }
    },
    close: async () => {
      await driver?.close();
      driver = null;
    },
  };
}

/**
 * Opens the next session (a new, empty browser context with a blank page) while the current
 * scenario plays, so a scenario does not wait for a renderer to start. The spare session makes
 * no requests; each one is still used by exactly one scenario.
 */
class PrewarmingDriver implements BrowserDriver {
  private spare: Promise<BrowserSession> | null = null;

  constructor(
    private readonly inner: BrowserDriver,
    private readonly prewarm: boolean,
  ) {}

  get browser(): BrowserName {
    return this.inner.browser;
  }

  get version(): string {
    return this.inner.version;
  }

  isConnected(): boolean {
    return this.inner.isConnected();
  }

  async newSession(): Promise<BrowserSession> {
    const pending = this.spare;
    this.spare = null;
    let session: BrowserSession | undefined;
    if (pending) session = await pending.catch(() => undefined);
    session ??= await this.inner.newSession();
    if (this.prewarm) {
      const next = this.inner.newSession();
      next.catch(() => undefined); // a failed spare is replaced on the next call
      this.spare = next;
    }
    return session;
  }

  async close(): Promise<void> {
    const spare = this.spare;
    this.spare = null;
    if (spare) await spare.then((s) => s.close()).catch(() => undefined);
    await this.inner.close();
  }
}

const encoder = new TextEncoder();
/** The page document during setup: as the rules serve it, plus an icon link so no favicon request trails the load. */
const SETUP_PAGE_DOCUMENT = PAGE_DOCUMENT.replace('<head>', '<head><link rel="icon" href="data:,">');

/** Starts servers, retrying while a port is busy for a moment (another recording or a test finishing). */
async function startWithRetry(id: string, view: Pick<Scenario, 'page' | 'servers'>, options: ScenarioServersOptions,
  portWaitMs: number): Promise<ScenarioServers> {
  const deadline = Date.now() + portWaitMs;
  for (;;) {
    try {
      return await startScenarioServers(view, options);
    } catch (e) {
      const message = (e as Error).message;
      if (!/EADDRINUSE/.test(message) || Date.now() > deadline) throw new RecordError(`${id}: ${message}`);
      await sleep(250);
    }
  }
}

function portOf(origin: string): number {
  const u = new URL(origin);
  return u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

async function recordWith(driver: BrowserDriver, scenario: Scenario, options: RecordOptions): Promise<ScenarioResult> {
  const stepTimeoutMs = options.stepTimeoutMs ?? 20_000;
  const setup = { active: true, cookie: null as null | { url: string; value: string } };
  const pageUrl = new URL(scenario.page);
  const pageHasRule = findRule(scenario.servers[pageUrl.origin] ?? [], 'GET', pageUrl.pathname) >= 0;
  const intercept = (request: WireRequest): WireResponse | undefined => {
    if (!setup.active || request.method !== 'GET') return undefined;
    const c = setup.cookie;
    if (c && sameUrl(request.url, c.url)) {
      return {
        status: 200,
        statusText: 'OK',
        headers: [['Content-Type', 'text/html; charset=utf-8'], ['Set-Cookie', c.value]],
        body: encoder.encode(SETUP_PAGE_DOCUMENT),
      };
    }
    if (!pageHasRule && sameUrl(request.url, scenario.page)) {
      return { status: 200, statusText: 'OK', headers: [['Content-Type', 'text/html; charset=utf-8']], body: encoder.encode(SETUP_PAGE_DOCUMENT) };
    }
    return undefined;
  };

  const start = (view: Pick<Scenario, 'page' | 'servers'>): Promise<ScenarioServers> =>
    startWithRetry(scenario.id, view, { intercept, ...(options.host ? { host: options.host } : {}) }, options.portWaitMs ?? 30_000);
  const servers = await start(scenario);
  try {
    const session = await driver.newSession();
    try {
      // A cookie's URL may be on a port no server of the scenario listens on: serve it while the cookies are seeded.
      const unserved = [...new Set(scenario.cookies.map((c) => new URL(c.url).origin))].filter((o) => !servers.ports.has(portOf(o)));
      const seeding = unserved.length ? await start({ page: `${unserved[0]}/`, servers: Object.fromEntries(unserved.map((o) => [o, []])) }) : null;
      try {
        for (const c of scenario.cookies) {
          setup.cookie = { url: c.url, value: c.cookie };
          try {
            await session.navigate(c.url);
          } catch (e) {
            throw new RecordError(`${scenario.id}: seeding cookie ${JSON.stringify(c.cookie)} from ${c.url} failed: ${(e as Error).message}`);
          }
        }
      } finally {
        await seeding?.close();
      }
      setup.cookie = null;
      try {
        await session.navigate(scenario.page);
      } catch (e) {
        throw new RecordError(`${scenario.id}: loading the page ${scenario.page} failed: ${(e as Error).message}`);
      }
      setup.active = false;
      await servers.idle();

      const steps: ResultStep[] = [];
      const t0 = Date.now();
      for (const [i, step] of scenario.steps.entries()) {
        const wait = t0 + step.at * 1000 - Date.now();
        if (wait > 0) await sleep(wait);
        servers.resetLog();
        let outcome: StepOutcome;
        try {
          outcome = await session.runFetch(step.fetch, stepTimeoutMs);
        } catch (e) {
          throw new RecordError(`${scenario.id}: step ${i} failed in the browser: ${(e as Error).message}`);
        }
        await servers.idle();
        const wire = servers.takeLog().map(({ method, url, headers }) => ({ method, url, headers }));
        steps.push({ ...outcome, wire });
      }
      return { format: 'cors-result/1', id: scenario.id, browser: driver.version, steps };
    } finally {
      await session.close();
    }
  } finally {
    await servers.close();
  }
}
