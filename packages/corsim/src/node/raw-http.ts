/**
 * One HTTP/1.1 exchange over a fresh `node:net` socket, written byte for byte: the path the socket
 * transport takes for requests that undici refuses but a browser sends (header values with control
 * bytes such as `\x01` or `\x7f`; Chromium sends every byte but NUL, CR and LF).
 *
 * The request is the request line, the request's headers in order (Latin-1: one byte per code
 * unit) with the framing of {@link withFraming} (`Host` first, `Content-Length` last) and
 * `Connection: close` after `Host`, then the body. The response goes through a small, strict
 * parser: CRLF line endings, a `HTTP/1.x NNN reason` status line, token header names kept as sent
 * (obs-fold lines joined with a space, as RFC 9112 asks of user agents), interim 1xx responses
 * skipped, and a body framed by `Transfer-Encoding: chunked`, `Content-Length`, or the end of the
 * connection (none for HEAD, 1xx, 204 and 304). Every fault is the `net::` error the undici path
 * reports for it. The socket is destroyed and every timer cleared when the exchange settles.
 */
import net from 'node:net';
import type { HeaderPairs, NetErrorName, NetworkResult, WireRequest } from '@corsim/engine';
import { describeError, isBodylessResponse, netFailure, parseHttpUrl, requestTarget, withFraming } from '../transports/common.js';

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
  /** Deadline for the whole exchange in milliseconds, against servers that trickle. Default 4 × `timeoutMs`. */
  readonly totalTimeoutMs?: number;
  /** How `target.host` becomes an address (`net.connect`'s `lookup`). Default: the system resolver. */
  readonly lookup?: net.LookupFunction;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Longest chunk-size line (size, extensions) accepted. */
const MAX_CHUNK_LINE = 4096;

/** True when `name` is an HTTP token, as a header name or method must be. */
export function isHttpToken(name: string): boolean {
  return TOKEN.test(name);
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
    return run(request.method, prepared.bytes, target, options);
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
  if (!isHttpToken(request.method)) return invalid(`invalid request method ${JSON.stringify(request.method)}`);
  if (typeof target.host !== 'string' || target.host.length === 0) return invalid('empty connect host');
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535) return invalid(`invalid connect port ${String(target.port)}`);
  if (!(options.timeoutMs > 0) || !(options.maxHeaderSize > 0)) return invalid('timeoutMs and maxHeaderSize must be positive');
  const headers = withFraming(request, url);
  for (const [name, value] of headers) {
    if (!isHttpToken(name)) return invalid(`invalid header name ${JSON.stringify(name)}`);
    if (!isBrowserSendableHeaderValue(value)) return invalid(`invalid value of header ${name}: NUL, CR, LF or a code point above U+00FF`);
  }
  if (!headers.some(([n]) => n.toLowerCase() === 'connection')) {
    const host = headers.findIndex(([n]) => n.toLowerCase() === 'host');
    headers.splice(host + 1, 0, ['Connection', 'close']);
  }
  let head = `${request.method} ${requestTarget(url)} HTTP/1.1\r\n`;
  for (const [name, value] of headers) head += `${name}: ${value}\r\n`;
  head += '\r\n';
  const bytes = Buffer.from(head, 'latin1');
  return { bytes: request.body && request.body.byteLength ? Buffer.concat([bytes, request.body]) : bytes };
}

/** A parse failure: the `net::` error it stands for. */
class ResponseError extends Error {
  constructor(readonly netError: NetErrorName, message: string) {
    super(message);
  }
}

type BodyState =
  | { readonly kind: 'length'; remaining: number }
  | { readonly kind: 'chunked'; phase: 'size' | 'data' | 'data-end' | 'trailer'; remaining: number; trailerBytes: number }
  | { readonly kind: 'close' };

interface Head {
  readonly status: number;
  readonly statusText: string;
  readonly headers: HeaderPairs;
}

function run(method: string, bytes: Buffer, target: ConnectTarget, options: RawHttpOptions): Promise<NetworkResult> {
  const totalTimeoutMs = options.totalTimeoutMs ?? 4 * options.timeoutMs;
  return new Promise<NetworkResult>((resolve) => {
    let settled = false;
    let buffer: Buffer = Buffer.alloc(0);
    let head: Head | null = null;
    let body: BodyState | null = null;
    const chunks: Buffer[] = [];

    const finish = (result: NetworkResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      clearTimeout(total);
      socket.destroy();
      resolve(result);
    };
    const fail = (netError: NetErrorName, detail: string): void => finish(netFailure(netError, detail));
    const succeed = (): void => {
      const h = head as Head;
      finish({ ok: true, response: { status: h.status, statusText: h.statusText, headers: h.headers, body: new Uint8Array(Buffer.concat(chunks)) } });
    };

    const idle = setTimeout(() => fail('ERR_TIMED_OUT', `no progress for ${options.timeoutMs} ms`), options.timeoutMs);
    const total = setTimeout(() => fail('ERR_TIMED_OUT', `exchange took over ${totalTimeoutMs} ms`), totalTimeoutMs);

    /** Parses as much of `buffer` as it can; true once the response is complete. */
    const pump = (): boolean => {
      for (;;) {
        if (!head) {
          const parsed = takeHead(buffer, options.maxHeaderSize);
          if (!parsed) return false;
          buffer = parsed.rest;
          if (parsed.head.status < 200) continue; // interim response: the real one follows
          head = parsed.head;
          if (isBodylessResponse(method, head.status)) return true;
          body = bodyFraming(head.headers);
          if (body.kind === 'length' && body.remaining === 0) return true;
        }
        const b = body as BodyState;
        if (b.kind === 'close') {
          if (buffer.length) chunks.push(buffer);
          buffer = Buffer.alloc(0);
          return false;
        }
        if (b.kind === 'length') {
          const take = Math.min(b.remaining, buffer.length);
          if (take) chunks.push(buffer.subarray(0, take));
          b.remaining -= take;
          buffer = buffer.subarray(take); // bytes past the body are ignored: the connection closes
          return b.remaining === 0;
        }
        return pumpChunked(b);
      }
    };

    /** Chunked decoding: size line, data, CRLF, …, a zero size, trailer lines, an empty line. */
    const pumpChunked = (b: BodyState & { kind: 'chunked' }): boolean => {
      for (;;) {
        if (b.phase === 'data') {
          const take = Math.min(b.remaining, buffer.length);
          if (take) chunks.push(buffer.subarray(0, take));
          b.remaining -= take;
          buffer = buffer.subarray(take);
          if (b.remaining > 0) return false;
          b.phase = 'data-end';
        }
        if (b.phase === 'data-end') {
          if (buffer.length < 2) {
            if (buffer.length === 1 && buffer[0] !== 0x0d) throw invalidChunk('chunk data not followed by CRLF');
            return false;
          }
          if (buffer[0] !== 0x0d || buffer[1] !== 0x0a) throw invalidChunk('chunk data not followed by CRLF');
          buffer = buffer.subarray(2);
          b.phase = 'size';
        }
        const lineEnd = buffer.indexOf('\r\n');
        if (lineEnd < 0) {
          if (b.phase === 'size' && buffer.length > MAX_CHUNK_LINE) throw invalidChunk('chunk size line too long');
          if (b.phase === 'trailer' && b.trailerBytes + buffer.length > options.maxHeaderSize) {
            throw new ResponseError('ERR_RESPONSE_HEADERS_TOO_BIG', 'trailers too big');
          }
          return false;
        }
        const line = buffer.subarray(0, lineEnd).toString('latin1');
        buffer = buffer.subarray(lineEnd + 2);
        if (b.phase === 'trailer') {
          if (line === '') return true;
          b.trailerBytes += lineEnd + 2;
          if (b.trailerBytes > options.maxHeaderSize) throw new ResponseError('ERR_RESPONSE_HEADERS_TOO_BIG', 'trailers too big');
          if (/[\0\r\n]/.test(line)) throw invalidChunk('invalid trailer line');
          continue;
        }
        const m = /^([0-9A-Fa-f]{1,13})[ \t]*(?:;[^\0\r\n]*)?$/.exec(line);
        if (!m) throw invalidChunk(`invalid chunk size line ${JSON.stringify(line.slice(0, 40))}`);
        const size = parseInt(m[1] as string, 16);
        if (size === 0) b.phase = 'trailer';
        else {
          b.phase = 'data';
          b.remaining = size;
        }
      }
    };

    const onData = (chunk: Buffer): void => {
      if (settled) return;
      idle.refresh();
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      try {
        if (pump()) succeed();
      } catch (error) {
        if (error instanceof ResponseError) fail(error.netError, error.message);
        else fail('ERR_FAILED', describeError(error));
      }
    };

    /** The server closed its side: the end of a close-delimited body, or a response cut short. */
    const onEnd = (): void => {
      if (settled) return;
      if (!head) {
        const firstLine = buffer.subarray(0, buffer.indexOf('\r\n') >= 0 ? buffer.indexOf('\r\n') : buffer.length).toString('latin1');
        if (buffer.length && !STATUS_LINE.test(firstLine)) return fail('ERR_INVALID_HTTP_RESPONSE', `not an HTTP/1.x status line: ${JSON.stringify(firstLine.slice(0, 80))}`);
        return fail('ERR_EMPTY_RESPONSE', buffer.length ? 'the connection closed in the middle of the response head' : 'the connection closed without a response');
      }
      const b = body as BodyState;
      if (b.kind === 'close') return succeed();
      if (b.kind === 'length') return fail('ERR_CONTENT_LENGTH_MISMATCH', `the connection closed ${b.remaining} bytes short of Content-Length`);
      return fail('ERR_INCOMPLETE_CHUNKED_ENCODING', 'the connection closed before the last chunk');
    };

    const onError = (error: Error): void => {
      if (settled) return;
      fail(socketNetError(error), describeError(error));
    };

    const socket = net.connect({
      host: target.host,
      port: target.port,
      noDelay: true,
      ...(options.lookup ? { lookup: options.lookup } : {}),
    });
    socket.on('error', onError);
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('close', () => {
      // Closed without 'end' or 'error' (e.g. destroyed from outside): never leave the promise pending.
      if (!settled) fail(head ? 'ERR_CONNECTION_RESET' : 'ERR_EMPTY_RESPONSE', 'the connection closed');
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

const STATUS_LINE = /^HTTP\/1\.[01] ([0-9]{3})(?: ([^\0\r\n]*))?$/;

function invalidChunk(message: string): ResponseError {
  return new ResponseError('ERR_INVALID_HTTP_RESPONSE', message);
}

/**
 * One response head from the start of `buffer` with the bytes after it, `null` when it is not
 * complete yet. Throws a {@link ResponseError} as soon as the bytes cannot be a response head.
 */
function takeHead(buffer: Buffer, maxHeaderSize: number): { head: Head; rest: Buffer } | null {
  const prefix = buffer.subarray(0, 5).toString('latin1');
  if (!'HTTP/'.startsWith(prefix)) throw new ResponseError('ERR_INVALID_HTTP_RESPONSE', `not an HTTP response: ${JSON.stringify(buffer.subarray(0, 40).toString('latin1'))}`);
  const firstEnd = buffer.indexOf('\r\n');
  if (firstEnd >= 0) {
    const statusLine = buffer.subarray(0, firstEnd).toString('latin1');
    if (!STATUS_LINE.test(statusLine)) throw new ResponseError('ERR_INVALID_HTTP_RESPONSE', `not an HTTP/1.x status line: ${JSON.stringify(statusLine.slice(0, 80))}`);
  }
  const end = firstEnd < 0 ? -1 : buffer.indexOf('\r\n\r\n', firstEnd);
  const headBytes = end < 0 ? buffer.length : end + 4;
  if (hasBareLineBreak(buffer, headBytes)) throw new ResponseError('ERR_INVALID_HTTP_RESPONSE', 'a bare LF or CR in the response head');
  if (headBytes > maxHeaderSize) throw new ResponseError('ERR_RESPONSE_HEADERS_TOO_BIG', `response head over ${maxHeaderSize} bytes`);
  if (end < 0) return null;

  const lines = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const m = STATUS_LINE.exec(lines[0] as string) as RegExpExecArray;
  const status = Number(m[1]);
  if (status < 100) throw new ResponseError('ERR_INVALID_HTTP_RESPONSE', `status ${status}`);
  if (status === 101) throw new ResponseError('ERR_INVALID_HTTP_RESPONSE', '101 Switching Protocols without an upgrade request');
  const headers: HeaderPairs = [];
  for (const line of lines.slice(1)) {
    if (/[\0\r\n]/.test(line)) throw new ResponseError('ERR_INVALID_HTTP_RESPONSE', 'NUL or a bare CR or LF in the response head');
    if (line.startsWith(' ') || line.startsWith('\t')) {
      const last = headers[headers.length - 1];
      if (!last) throw new ResponseError('ERR_INVALID_HTTP_RESPONSE', 'a continuation line before the first header');
      last[1] = trimOws(`${last[1]} ${trimOws(line)}`);
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon);
    if (!isHttpToken(name)) throw new ResponseError('ERR_INVALID_HTTP_RESPONSE', `invalid header line ${JSON.stringify(line.slice(0, 80))}`);
    headers.push([name, trimOws(line.slice(colon + 1))]);
  }
  return { head: { status, statusText: m[2] ?? '', headers }, rest: buffer.subarray(end + 4) };
}

/** True when the first `length` bytes of `buffer` hold an LF without a CR before it, or a CR followed by anything but LF. */
function hasBareLineBreak(buffer: Buffer, length: number): boolean {
  for (let i = buffer.indexOf(0x0a); i >= 0 && i < length; i = buffer.indexOf(0x0a, i + 1)) {
    if (i === 0 || buffer[i - 1] !== 0x0d) return true;
  }
  for (let i = buffer.indexOf(0x0d); i >= 0 && i < length; i = buffer.indexOf(0x0d, i + 1)) {
    if (i + 1 < buffer.length && buffer[i + 1] !== 0x0a) return true;
  }
  return false;
}

function trimOws(value: string): string {
  return value.replace(/^[ \t]+|[ \t]+$/g, '');
}

/** How the body of a response with `headers` is delimited (RFC 9112 §6.3). */
function bodyFraming(headers: HeaderPairs): BodyState {
  const values = (name: string): string[] => headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
  const codings = values('transfer-encoding').flatMap((v) => v.split(',')).map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
  if (codings.length) {
    // Transfer-Encoding overrides Content-Length; a final coding other than chunked runs to the close.
    return codings[codings.length - 1] === 'chunked' ? { kind: 'chunked', phase: 'size', remaining: 0, trailerBytes: 0 } : { kind: 'close' };
  }
  const lengths = values('content-length').flatMap((v) => v.split(',')).map((t) => t.trim());
  if (lengths.length === 0) return { kind: 'close' };
  if (!lengths.every((l) => /^[0-9]{1,15}$/.test(l)) || new Set(lengths.map(Number)).size !== 1) {
    throw new ResponseError('ERR_INVALID_HTTP_RESPONSE', `invalid Content-Length ${JSON.stringify(values('content-length'))}`);
  }
  return { kind: 'length', remaining: Number(lengths[0]) };
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
