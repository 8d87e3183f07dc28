/**
 * The fetch facade: a simulated browser page at an explicit origin whose `fetch()` behaves as the browser's
 * does across origins. It resolves with a standard `Response` (type, status, filtered headers, body) or
 * rejects with the browser's `TypeError`, whose `cause` carries the CORS reason. The instance keeps what the
 * browser would print to its console, the wire log, the preflight cache and the cookie jar.
 */
import {
  corsFetch, getProfile, HttpCache, opaqueOrigin, PreflightCache, sortAndCombine,
  type BrowserProfile, type Clock, type FailureReason, type FetchInit, type FetchOutcome, type HeaderPairs,
  type HttpCacheEntryInfo, type HttpCacheStore, type Transport, type WireExchange,
} from '@corsim/engine';
import { systemClock } from './clock.js';
import { BrowserCookieStore, type CookiePolicy } from './cookies.js';

export interface BrowserOptions {
  /** The page's origin (or the page's URL): the origin every request is made from. Required: there is no default page. */
  readonly origin: string;
  /** Which browser to behave as: `chromium` (default), or a profile object. */
  readonly browser?: string | BrowserProfile;
  /** How requests reach servers: undici sockets, an in-process handler, scenario rules… */
  readonly transport: Transport;
  /** Time for the preflight cache; defaults to real time. Pass a VirtualClock to step through `Max-Age`. */
  readonly clock?: Clock;
  /** A cookie jar to share between pages; defaults to a new, empty one. */
  readonly cookies?: BrowserCookieStore;
  /** The cookie storage policy of a new jar (ignored when `cookies` is given). Default: the profile's own (`profile.cookies`). */
  readonly cookiePolicy?: CookiePolicy;
  /** Where the HTTP cache keeps its responses; defaults to memory. */
  readonly httpCacheStore?: HttpCacheStore;
  /**
   * A sandboxed page (`<iframe sandbox>` without `allow-same-origin`, or a `Content-Security-Policy: sandbox`
   * document): its origin is opaque, one of its own for the page's lifetime. Its requests say `Origin: null`, every
   * URL is cross-origin to it (its own URL's origin too), and only `Access-Control-Allow-Origin: *` or `null` lets
   * script read a response. Default false.
   */
  readonly sandboxed?: boolean;
}

/** The browser's HTTP cache as a test sees it. */
export interface HttpCacheView {
  /** Every stored response, with its age and freshness now. */
  entries(): HttpCacheEntryInfo[];
  clear(): void;
}

/** The CORS reason carried by a rejected fetch's `TypeError.cause`. */
export interface CorsErrorCause extends FailureReason {
  /** The console lines the browser printed for this failure. */
  readonly console: readonly string[];
  /** The URL whose response failed. */
  readonly url: string;
}

/** What `fetch()` accepts as input: a URL string, a URL, or a `Request`. */
export type FetchInput = string | URL | Request;

/** A `RequestInit` restricted to what the simulator models. */
export interface SimulatedRequestInit {
  readonly method?: string;
  readonly headers?: HeadersInit;
  readonly body?: BodyInit | null;
  readonly mode?: RequestMode;
  readonly credentials?: RequestCredentials;
  readonly redirect?: RequestRedirect;
  readonly cache?: RequestCache;
  readonly signal?: AbortSignal | null;
}

export interface SimulatedBrowser {
  /** The page's URL. */
  readonly page: URL;
  readonly profile: BrowserProfile;
  /** `fetch()` as page script calls it. Bound: it can be installed as `globalThis.fetch` in a test. */
  readonly fetch: (input: FetchInput, init?: SimulatedRequestInit | null) => Promise<Response>;
  /** The same fetch, resolving with the engine's full outcome (verdict, reason, trace, wire) instead of a Response. */
  outcome(input: FetchInput, init?: SimulatedRequestInit | null): Promise<FetchOutcome>;
  /** Every fetch's outcome, in order. */
  readonly history: readonly FetchOutcome[];
  /** Every console line the browser printed, in order. */
  readonly console: readonly string[];
  /** Every request that went on the network (preflights included) and its answer. */
  readonly wire: readonly WireExchange[];
  /** The CORS-preflight cache (inspect with `entries()`, empty with `clear()`). */
  readonly cache: PreflightCache;
  /** The HTTP cache (inspect with `entries()`, empty with `clear()`). */
  readonly httpCache: HttpCacheView;
  readonly cookies: BrowserCookieStore;
  readonly clock: Clock;
}

/** Creates a simulated browser page. */
export function createBrowser(options: BrowserOptions): SimulatedBrowser {
  const profile = typeof options.browser === 'object' ? options.browser : getProfile(options.browser ?? 'chromium');
  if (!profile) throw new TypeError(`corsim: unknown browser '${String(options.browser)}'`);
  const page = parsePage(options.origin);
  if (!options.transport || typeof options.transport.send !== 'function') {
    throw new TypeError('corsim: createBrowser needs a transport (undiciTransport(), nodeHandlerTransport(app), fetchHandlerTransport(app.fetch), …)');
  }
  const clock = options.clock ?? systemClock;
  const cookies = options.cookies ?? new BrowserCookieStore(options.cookiePolicy ?? profile.cookies);
  const cache = new PreflightCache(profile.preflightCache);
  const history: FetchOutcome[] = [];
  const consoleLines: string[] = [];
  const wire: WireExchange[] = [];
  const http = new HttpCache(profile.httpCache, options.httpCacheStore);
  const httpCache: HttpCacheView = { entries: () => http.entries(clock.now()), clear: () => http.clear() };
  const env = {
    page, profile, transport: options.transport, clock, cache, cookies, httpCache: http,
    ...(options.sandboxed === true ? { origin: opaqueOrigin() } : {}),
  };

  async function outcome(input: FetchInput, init: SimulatedRequestInit | null = {}): Promise<FetchOutcome> {
    const { url, fetchInit } = await toFetchInit(input, init ?? {});
    const result = await corsFetch(url, fetchInit, env);
    history.push(result);
    consoleLines.push(...result.console);
    wire.push(...result.wire);
    return result;
  }

  async function browserFetch(input: FetchInput, init: SimulatedRequestInit | null = {}): Promise<Response> {
    // WebIDL: a null or undefined RequestInit is an empty dictionary.
    init ??= {};
    if (init.signal?.aborted) throw init.signal.reason ?? new DOMException('The user aborted a request.', 'AbortError');
    let result: FetchOutcome;
    try {
      result = await outcome(input, init);
    } catch (error) {
      // Input the simulator cannot read (e.g. a stream body) rejects as fetch() would, never crashes.
      throw new TypeError(error instanceof Error ? error.message : String(error), { cause: error });
    }
    if (!result.ok) {
      const [name, ...rest] = result.exception.split(': ');
      const cause: CorsErrorCause = { ...result.reason, console: result.console, url: result.url };
      const error = new TypeError(rest.join(': ') || result.exception, { cause });
      if (name && name !== 'TypeError') error.name = name;
      throw error;
    }
    return toResponse(result);
  }

  return {
    page, profile, fetch: browserFetch, outcome, history, console: consoleLines, wire, cache, httpCache, cookies, clock,
  };
}

function parsePage(origin: string): URL {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new TypeError(`corsim: the page origin '${origin}' is not a URL; give it as 'https://app.example'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`corsim: the page origin must be http(s), got '${origin}'`);
  }
  return url;
}

async function toFetchInit(input: FetchInput, init: SimulatedRequestInit): Promise<{ url: string; fetchInit: FetchInit }> {
  let url: string;
  let method = init.method;
  let headers: HeaderPairs = [];
  let body: BodyInit | null | undefined = init.body;
  let mode: string | undefined = init.mode;
  let credentials: string | undefined = init.credentials;
  let redirect: string | undefined = init.redirect;
  let cache: string | undefined = init.cache;
  if (typeof input === 'string') {
    url = input;
  } else if (input instanceof URL) {
    url = input.href;
  } else if (!(input instanceof Request)) {
    // WebIDL: anything that is not a Request is converted to a string (USVString).
    url = String(input);
  } else {
    url = input.url;
    method ??= input.method;
    headers = [...input.headers];
    if (body === undefined && input.body !== null) body = new Uint8Array(await input.arrayBuffer());
    mode ??= input.mode === 'navigate' ? undefined : input.mode;
    credentials ??= input.credentials;
    redirect ??= input.redirect;
    cache ??= input.cache;
  }
  if (init.headers !== undefined) headers = headerPairs(init.headers);
  let encoded: string | Uint8Array | null = null;
  if (body !== undefined && body !== null) {
    if (typeof body === 'string') {
      encoded = body;
    } else if (body instanceof ReadableStream) {
      throw new TypeError('corsim does not model ReadableStream request bodies yet (they force a preflight); pass the bytes instead');
    } else {
      // Let the platform extract the body and its Content-Type (URLSearchParams, FormData, Blob, buffers).
      const extracted = new Request('http://body.invalid/', { method: 'POST', body });
      encoded = new Uint8Array(await extracted.arrayBuffer());
      const type = extracted.headers.get('content-type');
      if (type !== null && !headers.some(([n]) => n.toLowerCase() === 'content-type')) headers.push(['Content-Type', type]);
    }
  }
  const fetchInit: FetchInit = {
    ...(method !== undefined ? { method } : {}),
    headers,
    body: encoded,
    ...(mode !== undefined ? { mode } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
    ...(redirect !== undefined ? { redirect } : {}),
    ...(cache !== undefined ? { cache } : {}),
  };
  return { url, fetchInit };
}

function headerPairs(init: HeadersInit): HeaderPairs {
  if (init instanceof Headers) return [...init];
  // WebIDL: any iterable (an Array, a Map, a generator) is a sequence of pairs; other objects are records.
  if (typeof (init as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function') {
    return Array.from(init as Iterable<unknown>, (pair: unknown) => {
      // The platform's Headers refuses anything but [name, value] pairs.
      if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError("Failed to construct 'Headers': a header pair must have exactly two items");
      return [String(pair[0]), String(pair[1])];
    });
  }
  if (typeof init !== 'object' || init === null) throw new TypeError("Failed to construct 'Headers': the provided value is not a sequence or a record");
  return Object.entries(init).map(([n, v]) => [n, String(v)]);
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** A standard Response with the type, status, URL and headers script would see. */
function toResponse(result: Extract<FetchOutcome, { ok: true }>): Response {
  const r = result.response;
  const hasBody = r.type !== 'opaque' && r.type !== 'opaqueredirect' && !NULL_BODY_STATUSES.has(r.status);
  return new SimulatedResponse(r, hasBody ? r.body : null, sortAndCombine(r.headers));
}

const UTF8 = new TextDecoder();

/**
 * The Response script gets. The platform's Response cannot be constructed with a type, a URL or a status
 * of 0, so those are the browser's, read from the outcome. Its body is held as bytes: `text()`, `json()`
 * and `arrayBuffer()` read them directly, and a platform body (a stream) is made only for what needs one
 * (`body`, `blob()`, `formData()`, `bytes()`, a read after the body was used), since a stream costs more
 * to make than the rest of the Response. Reading twice, `bodyUsed` and `clone()` behave as the platform's.
 */
class SimulatedResponse extends Response {
  readonly #meta: Pick<Response, 'type' | 'url' | 'redirected' | 'status' | 'statusText'>;
  /** The body's bytes; null for a null body, which the base Response holds. */
  readonly #bytes: Uint8Array | null;
  /** Whether the bytes were read directly. */
  #used = false;
  /** The platform Response with the same body, once something needs a stream. */
  #platformBody: Response | null = null;

  constructor(meta: Pick<Response, 'type' | 'url' | 'redirected' | 'status' | 'statusText'>, bytes: Uint8Array | null, headers: HeadersInit) {
    super(null, { status: baseStatus(meta.status), headers });
    this.#meta = { type: meta.type, url: meta.url, redirected: meta.redirected, status: meta.status, statusText: meta.statusText };
    this.#bytes = bytes;
  }

  override get type(): ResponseType { return this.#meta.type; }
  override get url(): string { return this.#meta.url; }
  override get redirected(): boolean { return this.#meta.redirected; }
  override get status(): number { return this.#meta.status; }
  override get statusText(): string { return this.#meta.statusText; }
  override get ok(): boolean { return this.#meta.status >= 200 && this.#meta.status <= 299; }
  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null { return this.#bytes === null ? super.body : this.#platform().body; }
  override get bodyUsed(): boolean { return this.#platformBody ? this.#platformBody.bodyUsed : this.#used; }

  override text(): Promise<string> {
    const bytes = this.#take();
    return bytes ? Promise.resolve(UTF8.decode(bytes)) : this.#platform().text();
  }

  override json(): Promise<unknown> {
    const bytes = this.#take();
    if (!bytes) return this.#platform().json();
    try {
      return Promise.resolve(JSON.parse(UTF8.decode(bytes)) as unknown);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.#take();
    return bytes ? Promise.resolve(bytes.slice().buffer) : this.#platform().arrayBuffer();
  }

  override blob(): Promise<Blob> { return this.#platform().blob(); }
  override formData(): Promise<FormData> { return this.#platform().formData(); }
  override bytes(): Promise<Uint8Array<ArrayBuffer>> { return this.#platform().bytes(); }

  override clone(): Response {
    // The platform's checks (and its error) for a used or locked body; the copy holds the same bytes.
    if (this.#bytes !== null && (this.#used || this.#platformBody)) this.#platform().clone();
    return new SimulatedResponse(this.#meta, this.#bytes, this.headers);
  }

  /** The bytes, now used, when no platform body has been made and they were not read yet. */
  #take(): Uint8Array | null {
    if (this.#bytes === null || this.#used || this.#platformBody) return null;
    this.#used = true;
    return this.#bytes;
  }

  /** The platform Response with this body (the base's null body for a null body); used already if the bytes were read. */
  #platform(): Response {
    if (this.#bytes === null) return new Response(null);
    if (!this.#platformBody) {
      this.#platformBody = new Response(this.#bytes as Uint8Array<ArrayBuffer>, { status: baseStatus(this.#meta.status), headers: this.headers });
      if (this.#used) this.#platformBody.arrayBuffer().catch(() => {});
    }
    return this.#platformBody;
  }
}

// Runtimes whose Response has no bytes() get none here either.
if (!('bytes' in Response.prototype)) Reflect.deleteProperty(SimulatedResponse.prototype, 'bytes');

/** The status the platform's Response is constructed with (it refuses 0, 1xx and the null-body statuses with a body). */
function baseStatus(status: number): number {
  return NULL_BODY_STATUSES.has(status) || status < 200 || status > 599 ? 200 : status;
}
