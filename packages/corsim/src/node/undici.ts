/**
 * The socket transport: real HTTP/1.1 through undici, one request at a time, redirects never
 * followed, raw response header lines kept in order with their duplicates, and every failure
 * turned into a Chromium-like `net::` error name.
 *
 * undici refuses header values with bytes outside `\t\x20-\x7e\x80-\xff`, which browsers send
 * (Chromium refuses only NUL, CR and LF). With an `Agent` of its own, the transport sends such
 * requests over a plain socket instead ({@link rawHttpExchange}), byte for byte.
 */
import dns from 'node:dns';
import net from 'node:net';
import { createRequire } from 'node:module';
import type { Agent, Dispatcher } from 'undici';
import { hasHeader, isToken, type HeaderPairs, type NetErrorName, type NetworkResult, type Transport, type WireRequest } from '@corsim/engine';
import { checkTimeout, concatBytes, describeError, netFailure, parseHttpUrl, truncatedBodyError } from '../transports/common.js';
import { exchangeLimits, exchangeTransport, type Exchange } from '../transports/exchange.js';
import { isBrowserSendableHeaderValue, rawHttpExchange, type ConnectTarget } from './raw-http.js';
import { zlibContentDecoders } from './zlib-decoders.js';

export type { ConnectTarget } from './raw-http.js';

/**
 * Where host names connect: a table from host name (lower case) to IP address, or a function
 * answering the IP for a host name (`undefined` to fall back to the system resolver). The URL and
 * the `Host` header keep the name; only the socket goes to the address.
 */
export type HostResolver =
  | Readonly<Record<string, string>>
  | ((hostname: string) => string | undefined | PromiseLike<string | undefined>);

/** Options of {@link undiciTransport}. */
export interface UndiciTransportOptions {
  /**
   * The undici dispatcher to send through (`Agent`, `MockAgent`, `ProxyAgent`, …). The caller
   * owns it: {@link UndiciTransport.close} leaves it open. Default: an `Agent` of the transport's own.
   */
  readonly dispatcher?: Dispatcher;
  /** Host name to IP mapping for the transport's own `Agent`. Not allowed with `dispatcher`. */
  readonly resolve?: HostResolver;
  /**
   * What becomes of a host name that `resolve` does not answer: `'system'` (default) asks the system
   * resolver; `'refuse'` makes the map closed, so the name fails as `ERR_NAME_NOT_RESOLVED` and no DNS
   * query leaves the process. IP-literal hosts connect as they are either way. Needs `resolve`.
   */
  readonly unlistedHosts?: 'system' | 'refuse';
  /**
   * Where a request's connection goes instead of the URL's host and port (`undefined`: where the
   * URL says). The URL and the `Host` header keep the URL's host and port; only the socket goes
   * elsewhere (e.g. a loopback port that stands for a scenario's origin). A host name here is
   * looked up through `resolve`, then the system resolver. Not allowed with `dispatcher`.
   */
  readonly connectTo?: (url: URL) => ConnectTarget | undefined;
  /**
   * Idle timeout in milliseconds: connecting, waiting for the headers, and every pause between
   * body chunks. Expiry yields `ERR_TIMED_OUT`. Default 30 000.
   */
  readonly timeoutMs?: number;
  /** Deadline for a whole exchange in milliseconds, against servers that trickle. Default 4 × `timeoutMs`. */
  readonly totalTimeoutMs?: number;
  /**
   * Largest response head accepted by the transport's own `Agent`, in bytes; beyond it
   * `ERR_RESPONSE_HEADERS_TOO_BIG`. Default 256 KiB, Chromium's limit.
   */
  readonly maxHeaderSize?: number;
  /**
   * Largest response body in bytes, as sent and once decoded by its `Content-Encoding`; beyond it
   * `ERR_INSUFFICIENT_RESOURCES` and the connection is dropped. Default 32 MiB.
   */
  readonly maxBodyBytes?: number;
}

/** A {@link Transport} over sockets that can release them. */
export interface UndiciTransport extends Transport {
  /** Closes the transport's own `Agent` (and its keep-alive sockets); a no-op for a caller's dispatcher. */
  close(): Promise<void>;
}

/** Chromium's `kMaxHeaderBufSize`. */
const CHROMIUM_MAX_HEADER_BYTES = 256 * 1024;

/** Extra wait before the transport's own watchdog fires, so the dispatcher's timeouts report first. */
const WATCHDOG_GRACE_MS = 250;

/**
 * A transport over real sockets via undici (HTTP/1.1; HTTPS too when the URL says so).
 * Sends exactly the request's headers plus undici's framing (`host`, `connection: keep-alive`,
 * `content-length`); never follows redirects; never throws or hangs.
 */
export function undiciTransport(options: UndiciTransportOptions = {}): UndiciTransport {
  const limits = exchangeLimits(options);
  const { timeoutMs, maxBodyBytes } = limits;
  const totalTimeoutMs = checkTimeout('totalTimeoutMs', options.totalTimeoutMs, 4 * timeoutMs);
  if (options.dispatcher && options.resolve) {
    throw new TypeError('undiciTransport: `resolve` applies to the transport\'s own Agent; configure `connect.lookup` on your dispatcher instead');
  }
  if (options.dispatcher && options.connectTo) {
    throw new TypeError('undiciTransport: `connectTo` applies to the transport\'s own Agent; add an interceptor to your dispatcher instead');
  }
  if (options.unlistedHosts !== undefined && options.unlistedHosts !== 'system' && options.unlistedHosts !== 'refuse') {
    throw new TypeError(`undiciTransport: unlistedHosts must be 'system' or 'refuse', got ${String(options.unlistedHosts)}`);
  }
  if (options.unlistedHosts === 'refuse' && !options.resolve) throw new TypeError('undiciTransport: unlistedHosts: \'refuse\' needs a `resolve` map');
  const maxHeaderSize = options.maxHeaderSize ?? CHROMIUM_MAX_HEADER_BYTES;
  const lookup = options.resolve ? lookupFor(options.resolve, options.unlistedHosts === 'refuse') : undefined;
  const { connectTo } = options;
  const owned = options.dispatcher
    ? null
    : new (loadUndici().Agent)({
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        maxHeaderSize,
        connect: lookup ? { timeout: timeoutMs, lookup } : { timeout: timeoutMs },
      });
  const dispatcher: Dispatcher = options.dispatcher ?? (connectTo ? (owned as Agent).compose(connectToInterceptor(connectTo)) : (owned as Agent));
  const plain = dispatcher === owned;
  const watchdog = new Watchdog(timeoutMs, totalTimeoutMs);
  const viaDispatcher = exchangeTransport(limits, zlibContentDecoders, (x) => exchange(dispatcher, x, watchdog, plain));
  /** Exchanges in flight on the raw path, which `close()` waits for as undici's `Agent.close()` does for its own. */
  const rawInFlight = new Set<Promise<NetworkResult>>();
  let closed = false;

  const sendRaw = (request: WireRequest, url: URL): Promise<NetworkResult> => {
    if (closed) return Promise.resolve(netFailure('ERR_FAILED', 'the transport is closed'));
    const exchange = rawHttpExchange(request, connectTo?.(url) ?? urlTarget(url), {
      timeoutMs, totalTimeoutMs, maxHeaderSize, maxBodyBytes, ...(lookup ? { lookup } : {}),
    });
    rawInFlight.add(exchange);
    void exchange.then(() => rawInFlight.delete(exchange));
    return exchange;
  };

  return {
    async send(request) {
      try {
        if (owned && sendsRawHttp(request)) return await sendRaw(request, new URL(request.url));
        return await viaDispatcher.send(request);
      } catch (error) {
        return netFailure('ERR_FAILED', describeError(error));
      }
    },
    async close() {
      closed = true;
      await Promise.all(rawInFlight);
      if (owned && !owned.closed) await owned.close();
      watchdog.stop();
    },
  };
}

/** undici, loaded on the first transport made, so that importing corsim does not load it. */
function loadUndici(): typeof import('undici') {
  return createRequire(import.meta.url)('undici') as typeof import('undici');
}

/**
 * True when undici refuses `value` as a header value: a character outside `\t\x20-\x7e\x80-\xff`
 * (undici's `isValidHeaderValue`, lib/core/util.js), which makes it throw `InvalidArgumentError`.
 */
export function undiciRefusesHeaderValue(value: string): boolean {
  return /[^\t\x20-\x7e\x80-\xff]/.test(value);
}

/** Header names undici refuses whatever their value (it does the framing they stand for itself). */
const UNDICI_OWNED_HEADERS = new Set(['transfer-encoding', 'keep-alive', 'upgrade', 'expect']);

/**
 * True when the transport sends `request` over the raw path (given an `Agent` of its own): an
 * `http:` request that undici would refuse only for the bytes of a header value that a browser
 * sends (a control character or DEL; not NUL, CR or LF, not above U+00FF), with a token method
 * and token header names, none of which undici refuses for its name.
 */
export function sendsRawHttp(request: WireRequest): boolean {
  if (!request.headers.some(([, value]) => undiciRefusesHeaderValue(value))) return false;
  const url = parseHttpUrl(request.url);
  if (!url || url.protocol !== 'http:' || !isToken(request.method)) return false;
  for (const [name, value] of request.headers) {
    if (!isToken(name) || UNDICI_OWNED_HEADERS.has(name.toLowerCase()) || !isBrowserSendableHeaderValue(value)) return false;
  }
  return true;
}

/** Where a URL's connection goes by default: its host (IPv6 without brackets) and port. */
function urlTarget(url: URL): ConnectTarget {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { host, port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80 };
}

/**
 * An interceptor that sends each request's connection where `connectTo` says: it rewrites the
 * dispatch `origin` and sets the `Host` header to the URL's host (undici would otherwise derive
 * it from the rewritten origin), unless the request carries one.
 */
function connectToInterceptor(connectTo: (url: URL) => ConnectTarget | undefined): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    const origin = new URL(String(opts.origin));
    const target = connectTo(new URL(opts.path, origin));
    if (!target) return dispatch(opts, handler);
    const host = net.isIPv6(target.host) ? `[${target.host}]` : target.host;
    return dispatch({ ...opts, origin: `${origin.protocol}//${host}:${target.port}`, headers: withHostHeader(opts.headers, origin.host) }, handler);
  };
}

/** `headers` (as undici's dispatch options take them) with a `Host` header of `host` unless they have one. */
function withHostHeader(headers: Dispatcher.DispatchOptions['headers'], host: string): NonNullable<Dispatcher.DispatchOptions['headers']> {
  if (headers == null) return ['host', host];
  if (Array.isArray(headers)) {
    const flat = headers as unknown[];
    if (flat.every((h) => typeof h === 'string')) {
      const pairs: HeaderPairs = [];
      for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i] as string, flat[i + 1] as string]);
      return hasHeader(pairs, 'host') ? headers : ['host', host, ...(flat as string[])];
    }
  }
  if (typeof headers === 'object' && !Array.isArray(headers) && !(Symbol.iterator in headers)) {
    const record = headers as Record<string, string | string[] | undefined>;
    return Object.keys(record).some((n) => n.toLowerCase() === 'host') ? headers : { host, ...record };
  }
  const entries = [...(headers as Iterable<[string, string | string[] | undefined]>)];
  return entries.some(([n]) => n.toLowerCase() === 'host') ? entries : [['host', host], ...entries];
}

/**
 * One request/response exchange through `dispatcher`, the body as sent, at most `maxBodyBytes` of it.
 * `plain` says that `dispatcher` is the transport's own `Agent`, with no interceptor: undici then calls
 * the handler as its own `request()` is called back, with the raw header list and nothing parsed. An
 * interceptor (and so a caller's dispatcher, which may have some) keeps the raw list only for a handler
 * of its newer interface, which every other exchange gets.
 */
function exchange(dispatcher: Dispatcher, x: Exchange, watchdog: Watchdog, plain: boolean): Promise<NetworkResult> {
  const { request, url, limits: { timeoutMs } } = x;
  return new Promise<NetworkResult>((resolve) => {
    const inFlight = new InFlight(x, resolve, watchdog);
    try {
      dispatcher.dispatch(
        {
          origin: url.origin,
          path: x.target,
          method: request.method,
          headers: flatList(request.headers),
          body: request.body,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        },
        plain ? new RawListHandler(inFlight) : new ControllerHandler(inFlight),
      );
    } catch (error) {
      inFlight.finish(netFailure(netErrorFor(error, null), describeError(error)));
    }
  });
}

/** Header pairs as undici's flat list (name, value, name, value, …); a loop, as `Array.prototype.flat` costs microseconds. */
function flatList(pairs: HeaderPairs): string[] {
  const list: string[] = [];
  for (const [name, value] of pairs) list.push(name, value);
  return list;
}

/** A response head as a dispatcher hands it over: the raw list (name, value, …) or, from some dispatchers, an object. */
type RawHeaders = ReadonlyArray<Buffer | string> | Readonly<Record<string, string | string[] | undefined>> | null;

/** One exchange as it goes through undici, and the response it gathers. */
class InFlight {
  readonly started = Date.now();
  progressed = this.started;
  #settled = false;
  #abort: ((reason?: Error) => void) | null = null;
  #status = 0;
  #statusText = '';
  #headers: HeaderPairs | null = null;
  #chunks: Buffer[] = [];
  #received = 0;

  constructor(
    private readonly x: Exchange,
    private readonly resolve: (result: NetworkResult) => void,
    private readonly watchdog: Watchdog,
  ) {
    watchdog.add(this);
  }

  finish(result: NetworkResult): void {
    if (this.#settled) return;
    this.#settled = true;
    this.watchdog.delete(this);
    this.resolve(result);
  }

  /** Ends the exchange as `ERR_TIMED_OUT` (the watchdog's verdict) and drops its connection. */
  timeOut(what: string): void {
    if (this.#settled) return;
    this.finish(netFailure('ERR_TIMED_OUT', what));
    this.#abort?.(new Error(`corsim: ${what}`));
  }

  start(abort: (reason?: Error) => void): void {
    this.#abort = abort;
    if (this.#settled) abort(new Error('corsim: exchange already settled'));
    else this.progressed = Date.now();
  }

  head(statusCode: number, raw: RawHeaders, statusText: string | undefined): void {
    this.progressed = Date.now();
    if (statusCode < 200) return; // informational (1xx): not the response
    this.#status = statusCode;
    this.#statusText = statusText ?? '';
    this.#headers = headerPairs(raw);
  }

  /** False once the body is over the limit (the exchange is then over and its connection dropped). */
  data(chunk: Buffer): boolean {
    this.progressed = Date.now();
    this.#received += chunk.length;
    if (this.#received > this.x.limits.maxBodyBytes) {
      this.finish(this.x.tooLarge());
      this.#abort?.(new Error('corsim: body over maxBodyBytes'));
      return false;
    }
    this.#chunks.push(chunk);
    return true;
  }

  complete(): void {
    const headers = this.#headers;
    if (!headers) return this.finish(netFailure('ERR_EMPTY_RESPONSE', 'the exchange ended without a response'));
    this.finish(this.x.received(this.#status, this.#statusText, headers, concatBytes(this.#chunks, this.#received)));
  }

  error(error: Error): void {
    this.finish(netFailure(netErrorFor(error, this.#headers), describeError(error)));
  }
}

/** An exchange as undici's own `request()` is called back: the raw header list, nothing parsed. */
class RawListHandler implements Dispatcher.DispatchHandler {
  constructor(private readonly exchange: InFlight) {}
  onConnect(abort: (reason?: Error) => void): void { this.exchange.start(abort); }
  onHeaders(statusCode: number, raw: Buffer[], _resume: () => void, statusText: string): boolean {
    this.exchange.head(statusCode, raw, statusText);
    return true;
  }
  onData(chunk: Buffer): boolean { return this.exchange.data(chunk); }
  onComplete(): void { this.exchange.complete(); }
  onError(error: Error): void { this.exchange.error(error); }
}

/** An exchange through the controller interface, whose raw header list interceptors hand on. */
class ControllerHandler implements Dispatcher.DispatchHandler {
  constructor(private readonly exchange: InFlight) {}
  onRequestStart(controller: Dispatcher.DispatchController): void { this.exchange.start((reason) => controller.abort(reason ?? new Error('corsim: aborted'))); }
  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, parsed: Record<string, string | string[] | undefined>, statusMessage?: string): void {
    const raw = controller.rawHeaders;
    this.exchange.head(statusCode, raw && typeof raw === 'object' ? raw : parsed, statusMessage);
  }
  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void { this.exchange.data(chunk); }
  onResponseEnd(): void { this.exchange.complete(); }
  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void { this.exchange.error(error); }
}

/**
 * The transport's deadlines, one timer for all its exchanges: progress only notes the time, and the
 * timer, armed for the earliest deadline, checks every exchange in flight when it fires and arms again.
 * Every exchange has the same limits, so an exchange that starts later never has an earlier deadline
 * than the armed timer. With nothing in flight the timer stops holding the process open.
 */
class Watchdog {
  readonly #inFlight = new Set<InFlight>();
  #timer: NodeJS.Timeout | null = null;

  constructor(private readonly timeoutMs: number, private readonly totalTimeoutMs: number) {}

  private get idleLimit(): number {
    return this.timeoutMs + WATCHDOG_GRACE_MS;
  }

  add(exchange: InFlight): void {
    if (this.#inFlight.size === 0) {
      if (this.#timer) this.#timer.ref();
      else this.#arm(Math.min(this.idleLimit, this.totalTimeoutMs));
    }
    this.#inFlight.add(exchange);
  }

  delete(exchange: InFlight): void {
    if (this.#inFlight.delete(exchange) && this.#inFlight.size === 0) this.#timer?.unref();
  }

  /** Stops the timer (the transport is closing). */
  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #arm(ms: number): void {
    this.#timer = setTimeout(() => this.#check(), Math.max(1, ms));
  }

  #check(): void {
    this.#timer = null;
    const now = Date.now();
    let next = Infinity;
    for (const x of [...this.#inFlight]) {
      if (now >= x.progressed + this.idleLimit) x.timeOut(`no progress for ${this.timeoutMs} ms`);
      else if (now >= x.started + this.totalTimeoutMs) x.timeOut(`exchange took over ${this.totalTimeoutMs} ms`);
      else next = Math.min(next, x.progressed + this.idleLimit, x.started + this.totalTimeoutMs);
    }
    if (next !== Infinity) this.#arm(next - now);
  }
}

/** The response's header lines as sent: undici's raw list, name and value after name and value. */
function headerPairs(raw: RawHeaders): HeaderPairs {
  const pairs: HeaderPairs = [];
  if (Array.isArray(raw)) {
    for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([latin1(raw[i]), latin1(raw[i + 1])]);
    return pairs;
  }
  // A dispatcher of the caller's that hands over an object instead of the raw list.
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) pairs.push([name, v]);
  }
  return pairs;
}

/** Header bytes as a browser reads them: one code point per byte. */
function latin1(value: Buffer | string | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : value.toString('latin1');
}

/** Error codes on `error` and its `cause` chain. */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, name } = e as { code?: unknown; name?: unknown };
    if (typeof code === 'string') codes.push(code);
    if (typeof name === 'string') codes.push(name);
  }
  return codes;
}

/**
 * The Chromium `net::` error for an undici failure. `headers` are the response's headers when
 * they had arrived: a connection closed after them is a truncated body, not an empty response.
 */
export function netErrorFor(error: unknown, headers: HeaderPairs | null): NetErrorName {
  const codes = errorCodes(error);
  const has = (...names: string[]): boolean => names.some((n) => codes.includes(n));
  if (has('ECONNREFUSED')) return 'ERR_CONNECTION_REFUSED';
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA')) return 'ERR_NAME_NOT_RESOLVED';
  if (has('ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ConnectTimeoutError', 'HeadersTimeoutError', 'BodyTimeoutError')) return 'ERR_TIMED_OUT';
  if (has('UND_ERR_HEADERS_OVERFLOW', 'HPE_HEADER_OVERFLOW')) return 'ERR_RESPONSE_HEADERS_TOO_BIG';
  if (has('UND_ERR_RES_CONTENT_LENGTH_MISMATCH')) return 'ERR_CONTENT_LENGTH_MISMATCH';
  if (has('HTTPParserError')) return 'ERR_INVALID_HTTP_RESPONSE';
  if (has('UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED', 'InvalidArgumentError')) return 'ERR_INVALID_ARGUMENT';
  if (has('ECONNRESET', 'EPIPE', 'ECONNABORTED')) return 'ERR_CONNECTION_RESET';
  if (has('UND_ERR_SOCKET')) return headers ? truncatedBodyError(headers) : 'ERR_EMPTY_RESPONSE';
  return 'ERR_FAILED';
}

/** A `net.connect` lookup that consults `resolver` first, then the system resolver unless the map is `closed`. */
function lookupFor(resolver: HostResolver, closed: boolean): net.LookupFunction {
  const answer = (hostname: string): Promise<string | undefined> =>
    typeof resolver === 'function'
      ? Promise.resolve(resolver(hostname))
      : Promise.resolve(Object.hasOwn(resolver, hostname.toLowerCase()) ? resolver[hostname.toLowerCase()] : undefined);
  return (hostname, options, callback) => {
    answer(hostname).then(
      (address) => {
        if (address === undefined && closed) return callback(notFound(`resolve: ${hostname} is not in the closed host map`), '');
        if (address === undefined) return dns.lookup(hostname, options, callback);
        const family = net.isIP(address);
        if (family === 0) return callback(notFound(`resolve: ${hostname} maps to ${address}, which is not an IP address`), '');
        if (options.all) callback(null, [{ address, family }]);
        else callback(null, address, family);
      },
      (error: unknown) => callback(notFound(`resolve: ${hostname}: ${describeError(error)}`), ''),
    );
  };
}

/** A lookup failure that every path reports as `ERR_NAME_NOT_RESOLVED`. */
function notFound(message: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(message);
  error.code = 'ENOTFOUND';
  return error;
}
