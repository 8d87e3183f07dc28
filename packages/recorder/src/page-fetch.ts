/**
 * The script a step runs in the page. It is kept as plain JavaScript source (not a compiled
 * function) so that nothing a TypeScript transform adds can leak into the page.
 */
import type { ResultResponse, ScenarioFetch } from 'corsim/scenario';

export type PageFetchResult =
  | { readonly ok: true; readonly response: ResultResponse }
  | { readonly ok: false; readonly exception: string; readonly name: string };

const PAGE_FETCH_SOURCE = `async (f) => {
  const init = { method: f.method, headers: f.headers, mode: f.mode, credentials: f.credentials, redirect: f.redirect };
  if (f.body !== null) init.body = f.body;
  if (f.cache !== undefined) init.cache = f.cache;
  let r;
  try {
    r = await fetch(f.url, init);
  } catch (e) {
    const name = e && e.name !== undefined ? String(e.name) : 'Error';
    const message = e && e.message !== undefined ? String(e.message) : String(e);
    return { ok: false, name, exception: name + ': ' + message };
  }
  const headers = [];
  for (const [n, v] of r.headers) headers.push([n, v]);
  let body;
  try {
    body = await r.text();
  } catch (e) {
    body = '';
  }
  return { ok: true, response: { type: r.type, status: r.status, redirected: r.redirected, url: r.url, headers, body } };
}`;

/** A JavaScript expression that evaluates to a promise of {@link PageFetchResult}. */
export function pageFetchExpression(init: ScenarioFetch): string {
  const arg = {
    url: init.url,
    method: init.method,
    headers: init.headers,
    body: init.body,
    mode: init.mode,
    credentials: init.credentials,
    redirect: init.redirect,
    ...(init.cache !== undefined ? { cache: init.cache } : {}),
  };
  return `(${PAGE_FETCH_SOURCE})(${JSON.stringify(arg)})`;
}

/** Resolves with `promise`, or rejects with a clear error after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `done` every 10 ms until it is true or `ms` have passed. */
export async function waitUntil(done: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await sleep(10);
}

/**
 * Waits until `count()` has not changed for `quietMs` (at most `maxMs` in all): lets a burst of
 * console lines or protocol events finish, so none of it spills into the next step.
 */
export async function waitForQuiet(count: () => number, quietMs: number, maxMs: number): Promise<void> {
  const end = Date.now() + maxMs;
  let last = count();
  let since = Date.now();
  while (Date.now() < end) {
    await sleep(10);
    const now = count();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

/** What the Chromium (playwright-core) and Firefox (puppeteer-core) drivers' pages share. */
export interface DriverPage {
  goto(url: string, options: { waitUntil: 'load'; timeout: number }): Promise<unknown>;
  evaluate(expression: string): Promise<unknown>;
}

/** Opens a page in a fresh context and prepares it; the context is closed again if that fails. */
export async function openPage<P, S>(context: { newPage(): Promise<P>; close(): Promise<unknown> }, prepare: (page: P) => Promise<S>): Promise<S> {
  try {
    return await prepare(await context.newPage());
  } catch (e) {
    await context.close().catch(() => undefined);
    throw e;
  }
}

/** Loads the scenario's page document. */
export async function navigatePage(page: DriverPage, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
}

/** Runs one scenario `fetch()` in the page, within `timeoutMs`. */
export function fetchInPage(page: DriverPage, init: ScenarioFetch, timeoutMs: number): Promise<PageFetchResult> {
  return withTimeout(page.evaluate(pageFetchExpression(init)) as Promise<PageFetchResult>, timeoutMs, `fetch(${init.url})`);
}
