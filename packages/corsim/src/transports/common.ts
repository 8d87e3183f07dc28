/**
 * Helpers shared by the transports: framing headers, failures as values, and the rules a real
 * HTTP/1.1 server applies to bodies (none for `HEAD`, 1xx, 204 and 304), so that in-process
 * transports hand the engine what a socket would have carried.
 */
import { getHeader, hasHeader, type HeaderPairs, type NetErrorName, type NetworkResult, type WireRequest } from '@corsim/engine';

/** Default idle timeout of every transport, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Default limit of every transport on a response body, before and after content decoding, in bytes
 * (32 MiB). Beyond it the exchange fails as `ERR_INSUFFICIENT_RESOURCES`: corsim's own bound on
 * memory, not a browser limit (a browser streams a body of any size).
 */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

/** A network failure as a value. */
export function netFailure(netError: NetErrorName, detail: string): NetworkResult {
  return { ok: false, netError, detail };
}

/** A one-line description of anything thrown, for a failure's `detail`. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${error.name} ${code}: ${error.message}` : `${error.name}: ${error.message}`;
  }
  return String(error);
}

/**
 * The request's headers plus the framing a socket client adds: `Host` (first, from the URL,
 * default port omitted) unless present, and `Content-Length` (last) when there is a body and
 * no such header. Nothing else is added.
 */
export function withFraming(request: WireRequest, url: URL): HeaderPairs {
  const headers: HeaderPairs = request.headers.map(([n, v]) => [n, v]);
  if (!hasHeader(headers, 'host')) headers.unshift(['Host', url.host]);
  if (request.body !== null && !hasHeader(headers, 'content-length')) {
    headers.push(['Content-Length', String(request.body.byteLength)]);
  }
  return headers;
}

/**
 * True when an HTTP/1.1 response to `method` with `status` carries no body on the wire, as Chromium's
 * `HttpStreamParser` decides: HEAD, 1xx, 204, 205 and 304 (a status below 100 has a body).
 */
export function isBodylessResponse(method: string, status: number): boolean {
  return method.toUpperCase() === 'HEAD' || (status >= 100 && status < 200) || status === 204 || status === 205 || status === 304;
}

/** Parses `request.url`; `null` when it is not an absolute http(s) URL. */
export function parseHttpUrl(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}

/** The request target (path and query, no fragment) of `url`. */
export function requestTarget(url: URL): string {
  return `${url.pathname}${url.search}`;
}

/**
 * The error a browser reports when a response stops early after its headers: by the framing the
 * headers announced (`Content-Length` or chunked); a close-delimited body just ends, so a reset
 * is the only failure left for it.
 */
export function truncatedBodyError(headers: HeaderPairs): NetErrorName {
  if (hasHeader(headers, 'content-length')) return 'ERR_CONTENT_LENGTH_MISMATCH';
  if (/chunked/i.test(getHeader(headers, 'transfer-encoding') ?? '')) return 'ERR_INCOMPLETE_CHUNKED_ENCODING';
  return 'ERR_CONNECTION_RESET';
}

/** Checks a timeout option: a positive finite number of milliseconds. */
export function checkTimeout(name: string, value: number | undefined, fallback: number): number {
  const ms = value ?? fallback;
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`${name} must be a positive number of milliseconds, got ${String(value)}`);
  return ms;
}

/** Thrown when a body would pass its limit. */
export class BodyTooLarge extends Error {}

/** Every byte of `stream`, read chunk by chunk; past `max` bytes it cancels the stream and throws {@link BodyTooLarge}. */
export async function readBounded(stream: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array<ArrayBuffer>> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLarge(`body over ${max} bytes`);
    }
    parts.push(value);
  }
  return concatBytes(parts, size);
}

/** `parts` in one exact-size array of its own (one copy; a part may be a view of a pooled buffer). */
export function concatBytes(parts: readonly Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
