/**
 * `corsim check <url> --origin <page origin> …`: one live fetch() against a real server, as each chosen browser
 * would make it from a page at that origin, taught step by step with the fix for the server.
 */
import { isMethod, type BrowserProfile, type HeaderPairs } from '@corsim/engine';
import { createBrowser } from '../browser.js';
import { BrowserCookieStore } from '../cookies.js';
import { undiciTransport } from '../node/undici.js';
import { list, str, UsageError, type OptionValues } from './args.js';
import { browsersOf } from './browsers.js';
import { EXIT, type CliIo } from './io.js';
import { isNetworkFailure, renderSideBySide, renderTaught, taughtJson, type Taught, type TaughtRequest } from './teach.js';

/** Parses `Name: value` as a header pair; `null` when there is no colon. */
export function parseHeaderOption(text: string): [string, string] | null {
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  return [text.slice(0, colon).trim(), text.slice(colon + 1).trim()];
}

/** Parses `host=ip`. */
export function parseResolveOption(text: string): [string, string] | null {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1) return null;
  return [text.slice(0, eq).trim().toLowerCase(), text.slice(eq + 1).trim()];
}

/** An absolute http(s) URL, or a usage error that says how to write one. */
export function absoluteUrl(text: string, what: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url && (url.protocol === 'http:' || url.protocol === 'https:')) return url;
  const hint = /^[\w.-]+(:\d+)?(\/|$)/.test(text) ? ` (did you mean http://${text}?)` : '';
  throw new UsageError(`${what} must be an absolute http(s) URL, got '${text}'${hint}`);
}

/** `--resolve`, `--resolve-only` and `--timeout` as transport options. */
export function networkOptions(values: OptionValues): { resolve: Record<string, string>; unlistedHosts: 'system' | 'refuse'; timeoutMs: number } {
  const resolve: Record<string, string> = {};
  for (const r of list(values, 'resolve')) {
    const pair = parseResolveOption(r);
    if (!pair) throw new UsageError(`--resolve needs HOST=IP, got '${r}'`);
    resolve[pair[0]] = pair[1];
  }
  const timeoutMs = Number(str(values, 'timeout') ?? 10_000);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new UsageError('--timeout needs a positive number of milliseconds');
  return { resolve, unlistedHosts: values['resolve-only'] === true ? 'refuse' : 'system', timeoutMs };
}

/** The page origin from `--origin`, serialized. */
export function pageOriginOf(values: OptionValues, command: string): string {
  const origin = str(values, 'origin');
  if (origin === undefined) throw new UsageError(`${command} needs --origin: the origin of the page that makes the request`);
  return absoluteUrl(origin, '--origin').origin;
}

interface CheckRequest extends TaughtRequest {
  readonly headers: HeaderPairs;
  readonly body: string | null;
  readonly redirect: string;
  /** `--cookie` values: Set-Cookie lines the jar starts with, as if the URL had answered a navigation with them. */
  readonly cookies: readonly string[];
}

function requestOf(values: OptionValues, positionals: readonly string[]): CheckRequest {
  if (positionals.length !== 1) throw new UsageError(`check needs exactly one URL, got ${positionals.length}`);
  const url = absoluteUrl(positionals[0] as string, 'the URL').href;
  const method = str(values, 'method') ?? 'GET';
  if (!isMethod(method)) throw new UsageError(`--method '${method}' is not an HTTP method (a token: letters, digits and !#$%&'*+-.^_\`|~)`);
  const headers: HeaderPairs = list(values, 'header').map((h) => {
    const pair = parseHeaderOption(h);
    if (!pair) throw new UsageError(`--header needs 'Name: value', got '${h}'`);
    return pair;
  });
  return {
    url, method, headers, body: str(values, 'data') ?? null,
    mode: str(values, 'mode') ?? 'cors', credentials: (str(values, 'credentials') ?? 'same-origin') as CheckRequest['credentials'],
    redirect: str(values, 'redirect') ?? 'follow', cookies: list(values, 'cookie'),
  };
}

/**
 * A jar holding the `--cookie` values, each stored as if `url` had answered a top-level navigation with it, under the
 * profile's cookie policy; a value the browser would refuse is a usage error saying why.
 */
function seededJar(profile: BrowserProfile, request: CheckRequest): BrowserCookieStore {
  const jar = new BrowserCookieStore(profile.cookies);
  for (const cookie of request.cookies) {
    const report = jar.setCookies(request.url, [cookie], { pageUrl: request.url, sameSite: 'strict', crossSite: false });
    const refused = report.rejected[0];
    if (refused) throw new UsageError(`--cookie '${cookie}': ${profile.name} would not store it (${refused.why})`);
  }
  return jar;
}

async function fetchAs(profile: BrowserProfile, request: CheckRequest, pageOrigin: string, network: ReturnType<typeof networkOptions>): Promise<Taught> {
  const transport = undiciTransport(network);
  try {
    const browser = createBrowser({ origin: pageOrigin, browser: profile, transport, cookies: seededJar(profile, request) });
    const outcome = await browser.outcome(request.url, {
      method: request.method, headers: request.headers, mode: request.mode as RequestMode, credentials: request.credentials,
      redirect: request.redirect as RequestRedirect, ...(request.body !== null ? { body: request.body } : {}),
    });
    return { profile, outcome, cache: browser.cache.entries(), when: (ms) => new Date(ms).toISOString() };
  } finally {
    await transport.close();
  }
}

/** Exit code of a set of outcomes: 3 if the network failed, 1 if any browser blocked, else 0. */
export function exitOf(all: readonly Taught[]): number {
  if (all.some((t) => isNetworkFailure(t.outcome))) return EXIT.network;
  return all.every((t) => t.outcome.ok) ? EXIT.ok : EXIT.failed;
}

export async function runCheck(values: OptionValues, positionals: readonly string[], io: CliIo): Promise<number> {
  const request = requestOf(values, positionals);
  const pageOrigin = pageOriginOf(values, 'check');
  const network = networkOptions(values);
  const all: Taught[] = [];
  for (const profile of browsersOf(values)) all.push(await fetchAs(profile, request, pageOrigin, network));
  if (values.json === true) {
    io.out(JSON.stringify({ url: request.url, origin: pageOrigin, request: { ...request }, browsers: all.map((t) => taughtJson(t, request, pageOrigin)) }, null, 2));
  } else {
    const head = `${request.method} ${request.url} from a page at ${pageOrigin} (mode ${request.mode}, credentials ${request.credentials}${request.redirect !== 'follow' ? `, redirect ${request.redirect}` : ''})`;
    const body = all.length === 1 ? renderTaught(all[0] as Taught, request, pageOrigin) : renderSideBySide(all, request, pageOrigin);
    io.out([head, ...body].join('\n'));
  }
  return exitOf(all);
}
