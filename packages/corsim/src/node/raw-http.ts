/**
 * One HTTP/1.1 exchange over a fresh `node:net` socket, written byte for byte: the path the socket
 * transport takes for requests that undici refuses but a browser sends (header values with control
 * bytes such as `\x01` or `\x7f`; Chromium sends every byte but NUL, CR and LF).
 *
 * The request is the request line, the request's headers in order (Latin-1: one byte per code
 * unit) with the framing of {@link withFraming} (`Host` first, `Content-Length` last) and
 * `Connection: close` after `Host`, then the body. The response is read by the codec's
 * {@link ResponseReader}, as leniently as Chromium reads one (bare-LF lines, interim 1xx responses
 * skipped, any number of status digits; see http1.ts), and its body decoded by its
 * `Content-Encoding` ({@link decodeContent}). Every fault is the `net::` error Chromium reports for it. The socket is destroyed and every timer cleared when the exchange settles.
 */
import net from 'node:net';
import { hasHeader, isToken, type NetErrorName, type NetworkResult, type WireRequest } from '@corsim/engine';
import { DEFAULT_MAX_BODY_BYTES, describeError, netFailure, parseHttpUrl, requestTarget, withFraming } from '../transports/common.js';
import { Http1Error, ResponseReader, responseNetError, serializeHead, type ReadResponse } from './http1.js';
import { decodeContent } from '../transports/content-coding.js';
import { zlibContentDecoders } from './zlib-decoders.js';

/** Where the socket connects: a host name or IP address, and a port. */
export interface ConnectTarget {
  readonly host: string;
  readonly port: number;
}

/** Options of {@link rawHttpExchange}. */
export interface RawHttpOptions {
  /** Idle timeout in milliseconds: connecting, waiting for the head, every pause in the body. Expiry yields `ERR_TIMED_OUT`. */
  readonly timeoutMs: number;
  /** Largest response head (status line and header lines, each interim response apart) in bytes; beyond it `ERR_RESPONSE_HEADERS_TOO_BIG`. */
  readonly maxHeaderSize: number;
  /** Largest response body in bytes, as sent and once decoded; beyond it `ERR_INSUFFICIENT_RESOURCES`. Default {@link DEFAULT_MAX_BODY_BYTES}. */
  readonly maxBodyBytes?: number;
  /** Deadline for the whole exchange in milliseconds, against servers that trickle. Default 4 × `timeoutMs`. */
  readonly totalTimeoutMs?: number;
  /** How `target.host` becomes an address (`net.connect`'s `lookup`). Default: the system resolver. */
  readonly lookup?: net.LookupFunction;
}

/**
 * True when a browser sends `value` as a header value as is: one byte per code unit (a ByteString)
 * and none of NUL, CR or LF, which are the only bytes Chromium refuses.
 */
export function isBrowserSendableHeaderValue(value: string): boolean {
  return !/[\0\r\n\u0100-\uffff]/.test(value);
}

/**
 * Sends `request` over a new connection to `target` and reads one response. Resolves (never
 * rejects) with the response or a network failure; the socket is gone and no timer is left once
 * it has resolved. Only `http:` URLs: an `https:` URL is `ERR_INVALID_ARGUMENT`.
 */
export function rawHttpExchange(request: WireRequest, target: ConnectTarget, options: RawHttpOptions): Promise<NetworkResult> {
  try {
    const prepared = prepare(request, target, options);
    if ('netError' in prepared) return Promise.resolve(prepared);
    const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const reader = new ResponseReader(request.method, { maxHeadBytes: options.maxHeaderSize, maxHeaderCount: Number.POSITIVE_INFINITY, maxBodyBytes });
    return run(prepared.bytes, target, options, reader).then((result) => (result.ok ? decodeContent(request, result.response, zlibContentDecoders, maxBodyBytes) : result));
  } catch (error) {
    return Promise.resolve(netFailure('ERR_FAILED', describeError(error)));
  }
}

/** The request's bytes, or why it cannot be sent. */
function prepare(request: WireRequest, target: ConnectTarget, options: RawHttpOptions): { bytes: Buffer } | (NetworkResult & { ok: false }) {
  const invalid = (detail: string): NetworkResult & { ok: false } => ({ ok: false, netError: 'ERR_INVALID_ARGUMENT', detail });
  const url = parseHttpUrl(request.url);
  if (!url) return invalid(`not an absolute http(s) URL: ${request.url}`);
  if (url.protocol !== 'http:') return invalid(`the raw HTTP path speaks plain http only, not ${url.protocol}`);
  if (!isToken(request.method)) return invalid(`invalid request method ${JSON.stringify(request.method)}`);
  if (typeof target.host !== 'string' || target.host.length === 0) return invalid('empty connect host');
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535) return invalid(`invalid connect port ${String(target.port)}`);
  if (!(options.timeoutMs > 0) || !(options.maxHeaderSize > 0)) return invalid('timeoutMs and maxHeaderSize must be positive');
  const headers = withFraming(request, url);
  for (const [name, value] of headers) {
    if (!isBrowserSendableHeaderValue(value)) return invalid(`invalid value of header ${name}: NUL, CR, LF or a code point above U+00FF`);
  }
  if (!hasHeader(headers, 'connection')) {
    const host = headers.findIndex(([n]) => n.toLowerCase() === 'host');
    headers.splice(host + 1, 0, ['Connection', 'close']);
  }
  let head: Buffer;
  try {
    head = serializeHead(`${request.method} ${requestTarget(url)} HTTP/1.1`, headers);
  } catch (error) {
    return invalid(describeError(error));
  }
  return { bytes: request.body && request.body.byteLength ? Buffer.concat([head, request.body]) : head };
}

/** The exchange on the socket: write the request, feed every read to `reader`, settle once. */
function run(bytes: Buffer, target: ConnectTarget, options: RawHttpOptions, reader: ResponseReader): Promise<NetworkResult> {
  const totalTimeoutMs = options.totalTimeoutMs ?? 4 * options.timeoutMs;
  return new Promise<NetworkResult>((resolve) => {
    let settled = false;
    const finish = (result: NetworkResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      clearTimeout(total);
      socket.destroy();
      resolve(result);
    };
    const fail = (netError: NetErrorName, detail: string): void => finish(netFailure(netError, detail));
    const read = (step: () => ReadResponse | null): void => {
      if (settled) return;
      try {
        const done = step();
        if (done) finish({ ok: true, response: { status: done.head.status, statusText: done.head.statusText, headers: done.head.headers, body: new Uint8Array(done.body) } });
      } catch (error) {
        if (error instanceof Http1Error) fail(responseNetError(error.failure), error.message);
        else fail('ERR_FAILED', describeError(error));
      }
    };
    const idle = setTimeout(() => fail('ERR_TIMED_OUT', `no progress for ${options.timeoutMs} ms`), options.timeoutMs);
    const total = setTimeout(() => fail('ERR_TIMED_OUT', `exchange took over ${totalTimeoutMs} ms`), totalTimeoutMs);

    const socket = net.connect({ host: target.host, port: target.port, noDelay: true, ...(options.lookup ? { lookup: options.lookup } : {}) });
    socket.on('error', (error) => {
      if (!settled) fail(socketNetError(error), describeError(error));
    });
    socket.on('data', (chunk: Buffer) => {
      idle.refresh();
      read(() => reader.push(chunk));
    });
    // The server closed its side: the end of a close-delimited body, or a response cut short.
    socket.on('end', () => read(() => reader.end()));
    socket.on('close', () => {
      // Closed without 'end' or 'error' (e.g. destroyed from outside): never leave the promise pending.
      if (!settled) fail(reader.responseHead ? 'ERR_CONNECTION_RESET' : 'ERR_EMPTY_RESPONSE', 'the connection closed');
    });
    socket.once('connect', () => {
      if (settled) return;
      idle.refresh();
      socket.write(bytes, () => {
        if (!settled) idle.refresh();
      });
    });
  });
}

/** Error codes on `error`, its `cause` chain and an AggregateError's `errors` (Node's happy eyeballs). */
function errorCodes(error: unknown, depth = 0): string[] {
  if (!error || typeof error !== 'object' || depth > 4) return [];
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  const codes = typeof code === 'string' ? [code] : [];
  codes.push(...errorCodes(cause, depth + 1));
  if (Array.isArray(errors)) for (const e of errors) codes.push(...errorCodes(e, depth + 1));
  return codes;
}

/** The `net::` error for a socket error, as the undici path maps the same errno. */
function socketNetError(error: unknown): NetErrorName {
  const codes = errorCodes(error);
  const has = (...names: string[]): boolean => names.some((n) => codes.includes(n));
  if (has('ECONNREFUSED')) return 'ERR_CONNECTION_REFUSED';
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA')) return 'ERR_NAME_NOT_RESOLVED';
  if (has('ETIMEDOUT')) return 'ERR_TIMED_OUT';
  if (has('ECONNRESET', 'EPIPE', 'ECONNABORTED')) return 'ERR_CONNECTION_RESET';
  return 'ERR_FAILED';
}
