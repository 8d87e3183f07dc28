/**
 * In-process transport for fetch-style handlers `(Request) => Response` — hono's `app.fetch`,
 * itty-router, h3's `app.fetch`, Cloudflare/Deno/Bun-style workers.
 */
import type { HeaderPairs, NetworkResult, Transport, WireRequest } from '@corsim/engine';
import {
  BodyTooLarge,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TIMEOUT_MS,
  checkTimeout,
  describeError,
  isBodylessResponse,
  netFailure,
  parseHttpUrl,
  readBounded,
  withFraming,
} from './common.js';
import { statusText as reasonPhrase } from '../scenario/rules.js';
import { decodeContent, webContentDecoders, type ContentDecoders } from './content-coding.js';

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
  const timeoutMs = checkTimeout('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return {
    async send(request) {
      try {
        const result = await exchange(handler, request, timeoutMs, maxBodyBytes);
        return result.ok ? await decodeContent(request, result.response, options.contentDecoders ?? webContentDecoders, maxBodyBytes) : result;
      } catch (error) {
        return netFailure('ERR_FAILED', describeError(error));
      }
    },
  };
}

/** Thrown internally when the deadline passes. */
class Deadline extends Error {}

async function exchange(handler: FetchHandler, wire: WireRequest, timeoutMs: number, maxBodyBytes: number): Promise<NetworkResult> {
  const url = parseHttpUrl(wire.url);
  if (!url) return netFailure('ERR_INVALID_ARGUMENT', `not an absolute http(s) URL: ${wire.url}`);
  let request: Request;
  const aborter = new AbortController();
  try {
    const headers = new Headers();
    for (const [name, value] of withFraming(wire, url)) headers.append(name, value);
    request = new Request(url.href, { method: wire.method, headers, body: wire.body === null ? null : new Uint8Array(wire.body), signal: aborter.signal });
  } catch (error) {
    return netFailure('ERR_INVALID_ARGUMENT', `cannot express the request as a fetch Request: ${describeError(error)}`);
  }

  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Deadline(`the handler did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  deadline.catch(() => {}); // observed below; never an unhandled rejection
  try {
    let response: unknown;
    try {
      response = await Promise.race([Promise.resolve().then(() => handler(request)), deadline]);
    } catch (error) {
      if (error instanceof Deadline) throw error;
      return netFailure('ERR_EMPTY_RESPONSE', `the handler failed: ${describeError(error)}`);
    }
    if (!(response instanceof Response)) return netFailure('ERR_EMPTY_RESPONSE', `the handler answered ${describeValue(response)}, not a Response`);
    if (response.type === 'error') return netFailure('ERR_FAILED', 'the handler answered Response.error()');

    const status = response.status;
    const headers = headerPairs(response.headers);
    let body = new Uint8Array(0);
    if (isBodylessResponse(wire.method, status)) {
      response.body?.cancel().catch(() => {});
    } else {
      try {
        body = response.body ? await Promise.race([readBounded(response.body, maxBodyBytes), deadline]) : new Uint8Array(0);
      } catch (error) {
        if (error instanceof Deadline) {
          response.body?.cancel().catch(() => {});
          throw error;
        }
        if (error instanceof BodyTooLarge) return netFailure('ERR_INSUFFICIENT_RESOURCES', `the body is over ${maxBodyBytes} bytes`);
        // without a Content-Length, a server adapter sends the body chunked
        const netError = response.headers.has('content-length') ? 'ERR_CONTENT_LENGTH_MISMATCH' : 'ERR_INCOMPLETE_CHUNKED_ENCODING';
        return netFailure(netError, `the response body failed: ${describeError(error)}`);
      }
    }
    const statusText = response.statusText || reasonPhrase(status);
    return { ok: true, response: { status, statusText, headers, body } };
  } catch (error) {
    if (!(error instanceof Deadline)) throw error;
    aborter.abort(error);
    return netFailure('ERR_TIMED_OUT', error.message);
  } finally {
    clearTimeout(timer);
  }
}

/** A `Headers` object as header pairs: combined and sorted, with each `Set-Cookie` line separate. */
function headerPairs(headers: Headers): HeaderPairs {
  const pairs: HeaderPairs = [];
  for (const [name, value] of headers) {
    if (name === 'set-cookie') continue;
    pairs.push([name, value]);
  }
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) {
    const at = pairs.findIndex(([name]) => name > 'set-cookie');
    pairs.splice(at === -1 ? pairs.length : at, 0, ...cookies.map((c): [string, string] => ['set-cookie', c]));
  }
  return pairs;
}

function describeValue(value: unknown): string {
  return value === null ? 'null' : typeof value === 'object' ? `an object (${Object.prototype.toString.call(value)})` : typeof value;
}
