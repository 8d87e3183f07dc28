/**
 * In-process transport for fetch-style handlers `(Request) => Response` — hono's `app.fetch`,
 * itty-router, h3's `app.fetch`, Cloudflare/Deno/Bun-style workers.
 */
import type { HeaderPairs, NetworkResult, Transport } from '@corsim/engine';
import { statusText as reasonPhrase } from '../scenario/rules.js';
import { webContentDecoders, type ContentDecoders } from './content-coding.js';
import { BodyTooLarge } from './common.js';
import { Exchange, exchangeLimits, exchangeTransport } from './exchange.js';

/** A fetch-style server handler. Extra parameters (hono's `env`, `executionCtx`) must be optional. */
export type FetchHandler = (request: Request) => Response | PromiseLike<Response>;

/** Options of {@link fetchHandlerTransport}. */
export interface FetchHandlerOptions {
  /** How long the handler and its body stream may take, in milliseconds; then `ERR_TIMED_OUT`. Default 30 000. */
  readonly timeoutMs?: number;
  /**
   * Largest response body in bytes, as the handler streams it and once decoded by its
   * `Content-Encoding`; beyond it `ERR_INSUFFICIENT_RESOURCES`. Default 32 MiB.
   */
  readonly maxBodyBytes?: number;
  /**
   * The inflaters for `Content-Encoding`. Default: the web's `DecompressionStream` (gzip and deflate
   * only; `br` fails as `ERR_CONTENT_DECODING_FAILED`); in Node, pass `zlibContentDecoders` for `br`.
   */
  readonly contentDecoders?: ContentDecoders;
}

/**
 * A transport that answers with a fetch-style handler in process.
 *
 * The handler gets a standard `Request` for the absolute URL with the request's headers plus
 * `Host`/`Content-Length` framing and an `AbortSignal` that fires on timeout.
 *
 * Limitation: a `Response`'s `Headers` cannot say how the handler wrote them, so header names
 * come back lower-cased and sorted, and repeated headers other than `Set-Cookie` come back as one
 * line joined with `", "` (`Set-Cookie` lines stay separate, via `getSetCookie()`). That is
 * exactly what a browser's header list `get` returns for them, so CORS outcomes are unaffected;
 * only a raw header view differs from a socket's. An empty `statusText` is filled with the
 * standard reason phrase, as a Node adapter (e.g. `@hono/node-server`) writes it on the wire.
 *
 * Failures: the handler throwing, rejecting or answering something that is not a `Response`
 * gives `ERR_EMPTY_RESPONSE`; `Response.error()` gives `ERR_FAILED`; a body stream that errors
 * gives `ERR_CONTENT_LENGTH_MISMATCH` / `ERR_INCOMPLETE_CHUNKED_ENCODING` as a server adapter
 * cutting the connection would; nothing within `timeoutMs` gives `ERR_TIMED_OUT`.
 */
export function fetchHandlerTransport(handler: FetchHandler, options: FetchHandlerOptions = {}): Transport {
  return exchangeTransport(exchangeLimits(options), options.contentDecoders ?? webContentDecoders, (exchange) => answer(handler, exchange));
}

/**
 * The `Request` a handler gets. Its `signal` is made on first read: building a `Request` with a
 * signal of its own costs as much again as the `Request` (an `AbortController`, a listener, a
 * finalizer), and few handlers look. Limitation: a copy (`clone()`, `new Request(request)`) follows
 * the platform's own signal, which never aborts.
 */
class HandlerRequest extends Request {
  #aborter: AbortController | undefined;

  override get signal(): AbortSignal {
    return (this.#aborter ??= new AbortController()).signal;
  }

  /** Aborts {@link signal}, now or, when it has not been read yet, as it is made. */
  abort(reason: unknown): void {
    (this.#aborter ??= new AbortController()).abort(reason);
  }
}

/** Thrown internally when the deadline passes. */
class Deadline extends Error {}

/** One timer for a whole exchange, raced against each wait. */
class Timer {
  readonly #expired: Promise<never>;
  #handle: ReturnType<typeof setTimeout> | undefined;

  constructor(timeoutMs: number) {
    this.#expired = new Promise<never>((_, reject) => {
      this.#handle = setTimeout(() => reject(new Deadline(`the handler did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    this.#expired.catch(() => {}); // observed by race(); never an unhandled rejection
  }

  race<T>(wait: PromiseLike<T>): Promise<T> {
    return Promise.race([wait, this.#expired]);
  }

  clear(): void {
    clearTimeout(this.#handle);
  }
}

async function answer(handler: FetchHandler, exchange: Exchange): Promise<NetworkResult> {
  let request: HandlerRequest;
  try {
    const { request: wire, url } = exchange;
    request = new HandlerRequest(url.href, { method: wire.method, headers: exchange.framedHeaders(), body: requestBody(wire.body) });
  } catch (error) {
    return exchange.fail('ERR_INVALID_ARGUMENT', 'cannot express the request as a fetch Request', error);
  }
  const timer = new Timer(exchange.limits.timeoutMs);
  try {
    return await respond(handler, exchange, request, timer);
  } catch (error) {
    if (!(error instanceof Deadline)) throw error;
    request.abort(error);
    return exchange.fail('ERR_TIMED_OUT', error.message);
  } finally {
    timer.clear();
  }
}

/** Calls the handler and reads its answer; throws {@link Deadline} when the timer expires first. */
async function respond(handler: FetchHandler, exchange: Exchange, request: Request, timer: Timer): Promise<NetworkResult> {
  let response: unknown;
  try {
    response = handler(request);
    if (isThenable(response)) response = await timer.race(response);
  } catch (error) {
    if (error instanceof Deadline) throw error;
    return exchange.fail('ERR_EMPTY_RESPONSE', 'the handler failed', error);
  }
  if (!(response instanceof Response)) return exchange.fail('ERR_EMPTY_RESPONSE', `the handler answered ${describeValue(response)}, not a Response`);
  if (response.type === 'error') return exchange.fail('ERR_FAILED', 'the handler answered Response.error()');
  const { status, body: stream } = response;
  const headers = headerPairs(response.headers);
  const statusText = response.statusText || reasonPhrase(status);
  if (stream === null || exchange.isBodyless(status)) {
    stream?.cancel().catch(() => {});
    return exchange.received(status, statusText, headers, new Uint8Array(0));
  }
  let body: Uint8Array;
  try {
    body = await timer.race(exchange.readBody(stream));
  } catch (error) {
    if (error instanceof Deadline) {
      stream.cancel().catch(() => {});
      throw error;
    }
    if (error instanceof BodyTooLarge) return exchange.tooLarge();
    // without a Content-Length, a server adapter sends the body chunked
    const netError = response.headers.has('content-length') ? 'ERR_CONTENT_LENGTH_MISMATCH' : 'ERR_INCOMPLETE_CHUNKED_ENCODING';
    return exchange.fail(netError, 'the response body failed', error);
  }
  return exchange.received(status, statusText, headers, body);
}

/**
 * A `Headers` object as header pairs, as its iterator gives them (the Fetch Standard's "sort and
 * combine"): lower-case names in order, repeated values joined, each `Set-Cookie` line separate.
 */
function headerPairs(headers: Headers): HeaderPairs {
  const pairs: HeaderPairs = [];
  for (const pair of headers) pairs.push(pair);
  return pairs;
}

/** The body for a `Request`, which copies the bytes itself; a view of shared memory, which it refuses, is copied first. */
function requestBody(body: Uint8Array | null): Uint8Array<ArrayBuffer> | null {
  if (body === null) return null;
  return body.buffer instanceof ArrayBuffer ? (body as Uint8Array<ArrayBuffer>) : new Uint8Array(body);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function describeValue(value: unknown): string {
  return value === null ? 'null' : typeof value === 'object' ? `an object (${Object.prototype.toString.call(value)})` : typeof value;
}
