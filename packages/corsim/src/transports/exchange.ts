/**
 * What every transport does around its own way of reaching a server: the limits it takes from its
 * options, the URL it refuses, the body a socket would not carry, the content codings a browser
 * undoes, and the failures it reports. A transport supplies only the exchange itself
 * ({@link exchangeTransport}), working with the {@link Exchange} it is handed.
 */
import type { HeaderPairs, NetErrorName, NetworkResult, Transport, WireRequest } from '@corsim/engine';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TIMEOUT_MS,
  checkTimeout,
  describeError,
  isBodylessResponse,
  netFailure,
  parseHttpUrl,
  readBounded,
  requestTarget,
  truncatedBodyError,
  withFraming,
} from './common.js';
import { decodedContent, type ContentDecoders } from './content-coding.js';

/** The limits of every exchange of a transport. */
export interface ExchangeLimits {
  /** How long an exchange may take, in milliseconds (what "taking" means is the transport's). */
  readonly timeoutMs: number;
  /** Largest response body in bytes, as received and once decoded. */
  readonly maxBodyBytes: number;
}

/** The options every transport takes for its limits. */
export interface LimitOptions {
  readonly timeoutMs?: number | undefined;
  readonly maxBodyBytes?: number | undefined;
}

/** A transport's limits from its options, checked (a bad value is a `RangeError`); defaults 30 s and 32 MiB. */
export function exchangeLimits(options: LimitOptions): ExchangeLimits {
  const timeoutMs = checkTimeout('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // a NaN limit would compare false against every size: no bound at all
  if (!(maxBodyBytes > 0)) throw new RangeError(`maxBodyBytes must be a positive number of bytes, got ${String(options.maxBodyBytes)}`);
  return { timeoutMs, maxBodyBytes };
}

/**
 * One request on its way through a transport: the request, its parsed http(s) URL and the limits,
 * with the steps transports share to describe what the server did.
 */
export class Exchange {
  constructor(
    readonly request: WireRequest,
    readonly url: URL,
    readonly limits: ExchangeLimits,
  ) {}

  /** The request target: path and query. */
  get target(): string {
    return requestTarget(this.url);
  }

  /** The request's headers plus the `Host` and `Content-Length` framing a socket client adds. */
  framedHeaders(): HeaderPairs {
    return withFraming(this.request, this.url);
  }

  /** True when the answer to this request with `status` carries no body on the wire (HEAD, 1xx, 204, 205, 304). */
  isBodyless(status: number): boolean {
    return isBodylessResponse(this.request.method, status);
  }

  /** A network failure; the description of `cause`, when given, follows `detail`. */
  fail(netError: NetErrorName, detail: string, ...cause: [unknown?]): NetworkResult {
    return netFailure(netError, cause.length > 0 ? `${detail}: ${describeError(cause[0])}` : detail);
  }

  /** The failure for a response that stopped after `headers`: by the framing they announced. */
  cutShort(headers: HeaderPairs, detail: string, ...cause: [unknown?]): NetworkResult {
    return this.fail(truncatedBodyError(headers), detail, ...cause);
  }

  /** The failure for a body over {@link ExchangeLimits.maxBodyBytes}. */
  tooLarge(): NetworkResult {
    return netFailure('ERR_INSUFFICIENT_RESOURCES', `the body is over ${this.limits.maxBodyBytes} bytes`);
  }

  /** Every byte of `stream`, at most `maxBodyBytes` of them (past that it throws `BodyTooLarge`). */
  readBody(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
    return readBounded(stream, this.limits.maxBodyBytes);
  }

  /** The response as the server sent it, without the body where the wire carries none. */
  received(status: number, statusText: string, headers: HeaderPairs, body: Uint8Array): NetworkResult {
    return { ok: true, response: { status, statusText, headers, body: body.byteLength > 0 && this.isBodyless(status) ? new Uint8Array(0) : body } };
  }
}

/** The step that differs between transports: reach the server and say what it did, as {@link Exchange.received} or a failure. */
export type ExchangeStep = (exchange: Exchange) => Promise<NetworkResult>;

/**
 * A transport of `step` with the steps every transport shares: a URL that is not absolute http(s)
 * is `ERR_INVALID_ARGUMENT` before the step runs; a received body is decoded by its
 * `Content-Encoding` with `decoders`, within `maxBodyBytes`; anything the step throws or rejects
 * with is `ERR_FAILED`.
 */
export function exchangeTransport(limits: ExchangeLimits, decoders: ContentDecoders, step: ExchangeStep): Transport {
  const failed = (error: unknown): NetworkResult => netFailure('ERR_FAILED', describeError(error));
  return {
    send(request) {
      const url = parseHttpUrl(request.url);
      if (!url) return Promise.resolve(netFailure('ERR_INVALID_ARGUMENT', `not an absolute http(s) URL: ${request.url}`));
      let received: Promise<NetworkResult>;
      try {
        received = step(new Exchange(request, url, limits));
      } catch (error) {
        return Promise.resolve(failed(error));
      }
      const decoded = (result: NetworkResult): NetworkResult | Promise<NetworkResult> => {
        try {
          return result.ok ? decodedContent(request, result.response, decoders, limits.maxBodyBytes) : result;
        } catch (error) {
          return failed(error);
        }
      };
      return received.then(decoded, failed);
    },
  };
}
