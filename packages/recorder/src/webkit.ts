/**
 * WebKitGTK driven over classic WebDriver (HTTP) by Debian's `WebKitWebDriver` (package
 * `webkit2gtk-driver`), under a private Xvfb display. This WebKitGTK has no WebDriver BiDi and no
 * log endpoint, so the console lines are read from the browser's own output.
 *
 * WebKit prints console messages only for pages in a persistent (non-ephemeral) session, and
 * MiniBrowser's automation mode is always ephemeral (GTK 3 API: `--automation` gets an ephemeral
 * website data manager, whatever else is passed). So the browser that WebKitWebDriver starts is a
 * small WebKitGTK browser of our own (`webkit/browser.py`, Python with GObject
 * introspection: the same libwebkit2gtk-4.1 as MiniBrowser) that keeps the session persistent in
 * a fresh data folder per session and turns on `enable-write-console-messages-to-stdout`, which
 * writes `CONSOLE <SOURCE> <LEVEL> <text>` lines to the browser's standard error. Everything else
 * is WebKitGTK's defaults: cookie policy "no third party", no ITP.
 *
 * Every session is a new WebKitWebDriver and browser process with its own data folder (empty
 * cookie jar, HTTP cache and preflight cache). WebKitGTK has no host-resolver switch: the browser
 * talks to a small forward proxy on 127.0.0.1 ({@link startLoopbackProxy}) that sends every
 * request, in absolute form, to 127.0.0.1 on the URL's port, where the scenario servers accept it.
 *
 * cors-result/1 for WebKit: `error.code` is absent except `TypeError` (fetch() refused the request
 * itself: an exception other than `TypeError: Load failed`); `error.message` is the first console
 * error line after the fetch (the reason, e.g. `Origin … is not allowed by
 * Access-Control-Allow-Origin. Status code: 200`; the `Fetch API cannot load … due to access
 * control checks.` line that follows it is not recorded).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net, { type AddressInfo, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STATUS_CODES } from 'node:http';
import { Http1Error, RequestReader, requestErrorStatus, requestFraming, serializeHead, type Http1Limits, type RequestEvent, type RequestHead } from 'corsim/node';
import type { ResultError, ScenarioFetch } from 'corsim/scenario';
import { assertInstalled, isInstalled } from './install.js';
import { pageFetchExpression, type PageFetchResult, sleep, waitForQuiet, waitUntil, withTimeout } from './page-fetch.js';
import type { BrowserDriver, BrowserSession, LaunchOptions, StepOutcome } from './types.js';

/** Debian's WebKitWebDriver (package webkit2gtk-driver); `CORSIM_WEBKIT_DRIVER_PATH` overrides it. */
export const DEFAULT_WEBKIT_DRIVER_PATH = process.env['CORSIM_WEBKIT_DRIVER_PATH'] || '/usr/bin/WebKitWebDriver';
/** The X server the browser draws on (package xvfb); `CORSIM_XVFB_PATH` overrides it. */
export const DEFAULT_XVFB_PATH = process.env['CORSIM_XVFB_PATH'] || '/usr/bin/Xvfb';
/** The Python that runs the browser script: Debian's, which has `gi` (python3-gi, gir1.2-webkit2-4.1). */
export const DEFAULT_WEBKIT_PYTHON = process.env['CORSIM_WEBKIT_PYTHON'] || '/usr/bin/python3';

/**
 * The browser's preferred languages, hence its `Accept-Language` (`en-US,en;q=0.90`, on the wire of
 * preflights too). WebKitGTK takes them from the locale, which the recordings had as en_US; a
 * machine with only the C locale would send `C`, so they are set explicitly.
 * `CORSIM_WEBKIT_LANGUAGES` (comma-separated) overrides them.
 */
export const WEBKIT_LANGUAGES: readonly string[] = (process.env['CORSIM_WEBKIT_LANGUAGES'] || 'en-US,en').split(',');

const GENERIC_EXCEPTION = 'TypeError: Load failed';
/** `CONSOLE JS ERROR …`, `CONSOLE SECURITY ERROR …`, `CONSOLE ERROR …` (console API). */
const CONSOLE_ERROR_LINE = /^CONSOLE (?:[A-Z][A-Z-]* )?ERROR (.*)$/;

/**
 * The browser WebKitWebDriver starts (see the module comment): `webkit/browser.py` in this package, run by
 * {@link DEFAULT_WEBKIT_PYTHON}.
 */
export const WEBKIT_BROWSER_SCRIPT_PATH = fileURLToPath(new URL('../webkit/browser.py', import.meta.url));

/** True when the Python there can load WebKit2 4.1 through GObject introspection. */
function hasWebKitGi(python: string): boolean {
  const r = spawnSync(python, ['-c', 'import gi; gi.require_version("WebKit2", "4.1"); from gi.repository import WebKit2'], { stdio: 'ignore', timeout: 20_000 });
  return r.status === 0;
}

/** What is missing for recording in WebKit (empty when everything is installed). */
export function missingWebKitPieces(options: { executablePath?: string } = {}): string[] {
  const missing: string[] = [];
  if (!isInstalled(options.executablePath ?? DEFAULT_WEBKIT_DRIVER_PATH)) missing.push(`WebKitWebDriver (${options.executablePath ?? DEFAULT_WEBKIT_DRIVER_PATH})`);
  if (!isInstalled(DEFAULT_XVFB_PATH)) missing.push(`Xvfb (${DEFAULT_XVFB_PATH})`);
  if (!isInstalled(DEFAULT_WEBKIT_PYTHON) || !hasWebKitGi(DEFAULT_WEBKIT_PYTHON)) missing.push(`WebKit2 4.1 for ${DEFAULT_WEBKIT_PYTHON} (python3-gi, gir1.2-webkit2-4.1)`);
  return missing;
}

export async function launchWebKit(options: LaunchOptions = {}): Promise<BrowserDriver> {
  const driverPath = options.executablePath ?? DEFAULT_WEBKIT_DRIVER_PATH;
  assertInstalled('webkit', driverPath);
  assertInstalled('webkit', DEFAULT_XVFB_PATH);
  assertInstalled('webkit', DEFAULT_WEBKIT_PYTHON);
  const launchTimeoutMs = options.launchTimeoutMs ?? 60_000;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'corsim-webkit-'));
  const browserPath = path.join(dir, 'corsim-webkit-browser');
  await writeFile(browserPath, `#!${DEFAULT_WEBKIT_PYTHON}\n${await readFile(WEBKIT_BROWSER_SCRIPT_PATH, 'utf8')}`);
  await chmod(browserPath, 0o755);
  let xvfb: { process: ChildProcess; display: string } | undefined;
  let proxy: LoopbackProxy | undefined;
  const cleanup = async (): Promise<void> => {
    await proxy?.close().catch(() => undefined);
    if (xvfb && xvfb.process.exitCode === null) xvfb.process.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    xvfb = await startXvfb(launchTimeoutMs);
    proxy = await startLoopbackProxy();
    const env = { display: xvfb.display, driverPath, browserPath, proxyUrl: `http://127.0.0.1:${proxy.port}`, extraArgs: options.extraArgs ?? [], launchTimeoutMs };
    const first = await WebKitSession.open(env);
    const version = `webkitgtk ${first.browserVersion}`;
    let spare: WebKitSession | null = first;
    const xv = xvfb;
    return {
      browser: 'webkit',
      version,
      isConnected: () => xv.process.exitCode === null && xv.process.signalCode === null,
      newSession: async () => {
        const s = spare;
        spare = null;
        return s ?? WebKitSession.open(env);
      },
      close: async () => {
        const s = spare;
        spare = null;
        await s?.close();
        await cleanup();
      },
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

/** Starts Xvfb on a display it picks itself (`-displayfd`). */
function startXvfb(timeoutMs: number): Promise<{ process: ChildProcess; display: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(DEFAULT_XVFB_PATH, ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`Xvfb did not start within ${timeoutMs} ms: ${err.trim()}`));
    }, timeoutMs);
    p.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    (p.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve({ process: p, display: `:${out.trim()}` });
      }
    });
    p.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    p.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}) before it was ready: ${err.trim()}`));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface SessionEnv {
  readonly display: string;
  readonly driverPath: string;
  readonly browserPath: string;
  readonly proxyUrl: string;
  readonly extraArgs: readonly string[];
  readonly launchTimeoutMs: number;
}

class WebKitSession implements BrowserSession {
  private lines: string[] = [];
  private partial = '';

  private constructor(
    private readonly driver: ChildProcess,
    private readonly base: string,
    private readonly dataDir: string,
    readonly browserVersion: string,
  ) {}

  static async open(env: SessionEnv): Promise<WebKitSession> {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'corsim-webkit-data-'));
    const port = await freePort();
    const driver = spawn(env.driverPath, [`--port=${port}`, '--host=127.0.0.1'], {
      env: { ...process.env, DISPLAY: env.display, NO_AT_BRIDGE: '1', GTK_A11Y: 'none' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const base = `http://127.0.0.1:${port}`;
    const early: string[] = [];
    const collect = (d: Buffer): void => {
      early.push(d.toString());
    };
    driver.stdout!.on('data', collect);
    driver.stderr!.on('data', collect);
    try {
      const deadline = Date.now() + env.launchTimeoutMs;
      for (;;) {
        if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode}): ${early.join('').trim()}`);
        const ok = await fetch(`${base}/status`).then((r) => r.ok, () => false);
        if (ok) break;
        if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not answer within ${env.launchTimeoutMs} ms`);
        await sleep(50);
      }
      const created = await withTimeout(
        wd(base, 'POST', '/session', {
          capabilities: {
            alwaysMatch: {
              'webkitgtk:browserOptions': {
                binary: env.browserPath,
                args: ['--automation', `--data-dir=${dataDir}`, `--proxy=${env.proxyUrl}`, `--languages=${WEBKIT_LANGUAGES.join(',')}`, ...env.extraArgs],
              },
            },
          },
        }) as Promise<{ sessionId: string; capabilities: { browserVersion: string } }>,
        env.launchTimeoutMs,
        'WebKit session',
      );
      const session = new WebKitSession(driver, `${base}/session/${created.sessionId}`, dataDir, created.capabilities.browserVersion);
      driver.stdout!.off('data', collect);
      driver.stderr!.off('data', collect);
      driver.stdout!.on('data', (d: Buffer) => session.take(d));
      driver.stderr!.on('data', (d: Buffer) => session.take(d));
      await wd(session.base, 'POST', '/timeouts', { script: 600_000, pageLoad: 30_000 });
      return session;
    } catch (e) {
      killGroup(driver);
      await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
      throw e;
    }
  }

  private take(d: Buffer): void {
    const text = this.partial + d.toString();
    const parts = text.split('\n');
    this.partial = parts.pop()!;
    for (const p of parts) this.lines.push(p);
  }

  async navigate(url: string): Promise<void> {
    await wd(this.base, 'POST', '/url', { url });
  }

  async runFetch(init: ScenarioFetch, timeoutMs: number): Promise<StepOutcome> {
    this.lines = [];
    const script =
      'const done = arguments[arguments.length - 1];\n' +
      `(${pageFetchExpression(init)}).then(done, (e) => done({ ok: false, name: 'Error', exception: 'Error: ' + String(e) }));`;
    const result = (await withTimeout(wd(this.base, 'POST', '/execute/async', { script, args: [] }), timeoutMs, `fetch(${init.url})`)) as PageFetchResult;
    if (result.ok) return { outcome: 'response', response: result.response };
    const exception = result.exception;
    const generic = exception === GENERIC_EXCEPTION;
    const errors = (): string[] => this.lines.flatMap((l) => CONSOLE_ERROR_LINE.exec(l)?.slice(1, 2) ?? []);
    // The console lines come through the browser's stderr and may trail the rejection: wait for
    // the first, then for the burst to end so nothing spills into the next step.
    await waitUntil(() => errors().length > 0, generic ? 1000 : 100);
    await waitForQuiet(() => this.lines.length, 100, 1000);
    const message = errors()[0];
    const error = {
      ...(generic ? {} : { code: 'TypeError' }),
      ...(message !== undefined ? { message } : {}),
      exception,
    };
    // ResultError types `code` as required; cors-result/1 leaves it out for WebKit (no reason names).
    return { outcome: 'network-error', error: error as ResultError };
  }

  async close(): Promise<void> {
    await withTimeout(wd(this.base, 'DELETE', ''), 5000, 'closing the WebKit session').catch(() => undefined);
    killGroup(this.driver);
    await rm(this.dataDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

function killGroup(p: ChildProcess): void {
  if (p.pid === undefined || p.exitCode !== null) return;
  try {
    process.kill(-p.pid, 'SIGKILL');
  } catch {
    p.kill('SIGKILL');
  }
}

/** One classic WebDriver command; returns `value` or throws the WebDriver error. */
async function wd(base: string, method: string, route: string, body?: unknown): Promise<unknown> {
  const r = await fetch(`${base}${route}`, {
    method,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await r.json()) as { value: unknown };
  const v = json.value as { error?: string; message?: string } | null;
  if (!r.ok || (v && typeof v === 'object' && typeof v.error === 'string')) {
    throw new Error(`WebDriver ${method} ${route}: ${v?.error ?? r.status}: ${v?.message ?? ''}`);
  }
  return json.value;
}

export interface LoopbackProxy {
  readonly port: number;
  close(): Promise<void>;
}

/** The proxy reads requests with the scenario servers' limits, so that it refuses nothing they take. */
const PROXY_LIMITS: Http1Limits = { maxHeadBytes: 64 * 1024, maxHeaderCount: 2000, maxBodyBytes: 64 * 1024 * 1024 };

/**
 * A forward HTTP proxy on 127.0.0.1 that sends every request to 127.0.0.1 on the port of its
 * absolute-form target (the scenario servers accept absolute-form targets and log the scenario's
 * URL). Requests are read with corsim's HTTP/1.1 codec so that a kept-alive client connection can
 * move between origins; each head goes upstream as it came, as soon as it came (an `Expect:
 * 100-continue` is answered upstream), its body once complete, in the head's framing. Responses are
 * piped back as they come (clients do not pipeline). A target that is not an absolute http URL
 * (`CONNECT` among them: scenarios are plain http) or a request the codec refuses is answered with
 * an error status and the connection closed.
 */
export async function startLoopbackProxy(): Promise<LoopbackProxy> {
  const sockets = new Set<Socket>();
  const track = (s: Socket): void => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  const server = net.createServer((client) => {
    track(client);
    const reader = new RequestReader(PROXY_LIMITS);
    let upstream: Socket | null = null;
    let upstreamKey = '';
    const refuse = (status: number): void => {
      client.removeAllListeners('data');
      upstream?.destroy();
      client.end(serializeHead(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`, [['Content-Length', '0'], ['Connection', 'close']]));
    };
    const upstreamFor = (port: number, key: string): Socket => {
      if (upstream && upstreamKey === key && !upstream.destroyed) return upstream;
      upstream?.end();
      const u = net.connect(port, '127.0.0.1');
      track(u);
      u.on('close', () => upstream === u && client.end());
      u.on('error', () => upstream === u && client.destroy());
      u.on('data', (d: Buffer) => upstream === u && client.write(d));
      upstream = u;
      upstreamKey = key;
      return u;
    };
    const forward = (event: RequestEvent): void => {
      if (event.kind === 'request') {
        const body = reframed(event.head, event.body);
        if (body.length) upstream?.write(body);
        return;
      }
      const url = httpUrl(event.head.target);
      if (!url) return refuse(400);
      const port = Number(url.port || 80);
      upstreamFor(port, `${url.hostname}:${port}`).write(event.raw);
    };
    client.on('data', (d: Buffer) => {
      try {
        for (const event of reader.push(d)) {
          forward(event);
          if (client.writableEnded) return;
        }
      } catch (e) {
        refuse(e instanceof Http1Error ? requestErrorStatus(e.failure) : 400);
      }
    });
    client.on('error', () => {
      client.destroy();
      upstream?.destroy();
    });
    client.on('end', () => upstream?.end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An absolute-form target as an http URL, or null. */
function httpUrl(target: string): URL | null {
  try {
    const url = new URL(target);
    return url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/** A request body in its head's framing: as it came for a Content-Length, as one chunk and the last chunk for chunked. */
function reframed(head: RequestHead, body: Buffer): Buffer {
  if (requestFraming(head).kind !== 'chunked') return body;
  const chunk = body.length ? [Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n')] : [];
  return Buffer.concat([...chunk, Buffer.from('0\r\n\r\n')]);
}
