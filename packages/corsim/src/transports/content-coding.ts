/**
 * Content codings as Chromium's network stack applies them to a response body (`gzip`, `x-gzip`,
 * `deflate`, `br`, `zstd`; `Content-Encoding: a, b` is undone b first), with the response's headers
 * left as the server sent them: script sees the decoded body next to the server's `Content-Encoding`
 * and `Content-Length`. Every transport hands its body through {@link decodeContent}.
 *
 * What Chromium 156 does, each checked by fetching from a raw loopback server (see
 * content-coding.chromium.test.ts): a coding it does not know anywhere in the list (`foo`,
 * `identity`) leaves the body as it is; a known coding that the request's `Accept-Encoding` did not
 * offer (`br` over plain http) fails as `ERR_CONTENT_DECODING_FAILED`, as does a body that does not
 * decode; a gzip member's footer (CRC, length) is not checked, bytes after the member are ignored
 * and a member cut short yields what it holds; `deflate` is zlib-wrapped or raw.
 *
 * Memory is bounded: the decoded body may not exceed `maxBodyBytes` (a zip bomb fails as
 * `ERR_INSUFFICIENT_RESOURCES`, corsim's own limit).
 *
 * The inflaters are the platform's ({@link ContentDecoders}): Node's zlib (node/zlib-decoders.ts)
 * or, where there is no zlib, the web's `DecompressionStream` ({@link webContentDecoders}: no `br`,
 * no `zstd`, and a truncated or trailing-garbage raw stream fails instead of being tolerated).
 */
import { getHeader, type HeaderPairs, type NetworkResult, type WireRequest, type WireResponse } from '@corsim/engine';
import { BodyTooLarge, describeError, isBodylessResponse, netFailure, readBounded } from './common.js';

/** The codings corsim can undo. */
export type ContentCoding = 'gzip' | 'deflate' | 'br' | 'zstd';

/**
 * An inflater: the bytes it decodes to, at most `maxOutputBytes` of them (past that it throws
 * {@link BodyTooLarge}); anything else it throws means the input does not decode.
 */
export type Inflate = (input: Uint8Array, maxOutputBytes: number) => Uint8Array | Promise<Uint8Array>;

/** The platform's inflaters: a raw DEFLATE stream (RFC 1951) and, where the platform has them, Brotli and Zstandard. */
export interface ContentDecoders {
  readonly inflateRaw: Inflate;
  readonly brotli?: Inflate;
  readonly zstd?: Inflate;
}

const KNOWN: Readonly<Record<string, ContentCoding>> = { gzip: 'gzip', 'x-gzip': 'gzip', deflate: 'deflate', br: 'br', zstd: 'zstd' };

/** The codings of `Content-Encoding` in the order they were applied, or null when one is not known (the body stays as it is). */
export function contentCodings(headers: HeaderPairs): ContentCoding[] | null {
  const tokens = (getHeader(headers, 'content-encoding') ?? '').split(',').map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
  const codings: ContentCoding[] = [];
  for (const token of tokens) {
    const coding = KNOWN[token];
    if (!coding) return null;
    codings.push(coding);
  }
  return codings;
}

/** The codings the request offered: its `Accept-Encoding` tokens (q=0 excluded); every coding when it has none. */
function offered(request: WireRequest): ReadonlySet<string> {
  const value = getHeader(request.headers, 'accept-encoding');
  if (value === null) return new Set(Object.keys(KNOWN));
  const tokens = value.split(',').map((t) => t.trim().toLowerCase());
  return new Set(tokens.filter((t) => !/;\s*q\s*=\s*0(?:\.0*)?\s*$/.test(t)).map((t) => t.split(';')[0]?.trim() ?? ''));
}

/**
 * The response with its body decoded by its `Content-Encoding`, or the network error a browser
 * reports. No body (HEAD, 1xx, 204, 205, 304, or empty) and an unknown coding leave it as it is.
 */
export async function decodeContent(request: WireRequest, response: WireResponse, decoders: ContentDecoders, maxBodyBytes: number): Promise<NetworkResult> {
  return decodedContent(request, response, decoders, maxBodyBytes);
}

/** {@link decodeContent}, answered at once when there is nothing to decode (most responses: no `Content-Encoding`). */
export function decodedContent(request: WireRequest, response: WireResponse, decoders: ContentDecoders, maxBodyBytes: number): NetworkResult | Promise<NetworkResult> {
  if (response.body.byteLength === 0 || getHeader(response.headers, 'content-encoding') === null) return { ok: true, response };
  const codings = contentCodings(response.headers);
  if (!codings || codings.length === 0 || isBodylessResponse(request.method, response.status)) return { ok: true, response };
  const accepted = offered(request);
  const refused = codings.find((c) => !accepted.has(c) && !(c === 'gzip' && accepted.has('x-gzip')));
  if (refused) return netFailure('ERR_CONTENT_DECODING_FAILED', `Content-Encoding ${refused} was not offered in Accept-Encoding`);
  return decodeAll(codings, response, decoders, maxBodyBytes);
}

async function decodeAll(codings: readonly ContentCoding[], response: WireResponse, decoders: ContentDecoders, maxBodyBytes: number): Promise<NetworkResult> {
  let body = response.body;
  try {
    for (const coding of [...codings].reverse()) body = await decodeOne(coding, body, decoders, maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLarge) return netFailure('ERR_INSUFFICIENT_RESOURCES', `the decoded body is over ${maxBodyBytes} bytes`);
    return netFailure('ERR_CONTENT_DECODING_FAILED', `the body does not decode: ${describeError(error)}`);
  }
  return { ok: true, response: { ...response, body } };
}

async function decodeOne(coding: ContentCoding, input: Uint8Array, decoders: ContentDecoders, max: number): Promise<Uint8Array> {
  if (input.byteLength === 0) return input;
  switch (coding) {
    case 'gzip':
      return decoders.inflateRaw(input.subarray(gzipHeaderLength(input)), max);
    case 'deflate':
      return decoders.inflateRaw(hasZlibHeader(input) ? input.subarray(2) : input, max);
    case 'br':
    case 'zstd': {
      const inflate = coding === 'br' ? decoders.brotli : decoders.zstd;
      if (!inflate) throw new Error(`this runtime has no ${coding} decoder`);
      return inflate(input, max);
    }
  }
}

/** The length of the gzip member header (RFC 1952 §2.3) at the start of `b`; throws when it is not one. */
function gzipHeaderLength(b: Uint8Array): number {
  if (b.length < 10 || b[0] !== 0x1f || b[1] !== 0x8b || b[2] !== 8) throw new Error('not a gzip member');
  const flags = b[3] as number;
  let at = 10;
  if (flags & 0x04) at += 2 + ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8)); // FEXTRA
  for (const flag of [0x08, 0x10]) {
    if (!(flags & flag)) continue; // FNAME, FCOMMENT: zero-terminated
    while (at < b.length && b[at] !== 0) at++;
    at++;
  }
  if (flags & 0x02) at += 2; // FHCRC
  if (at > b.length) throw new Error('gzip header cut short');
  return at;
}

/** True when `b` opens with a zlib header (RFC 1950) without a preset dictionary. */
function hasZlibHeader(b: Uint8Array): boolean {
  const cmf = b[0] ?? 0;
  const flg = b[1] ?? 0;
  return b.length >= 2 && (cmf & 0x0f) === 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 === 0 && !(flg & 0x20);
}

/** Inflaters over the web's `DecompressionStream` (raw DEFLATE only), reading at most `max` bytes. */
export const webContentDecoders: ContentDecoders = {
  inflateRaw: (input, max) => readBounded(new Blob([input as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw')), max),
};
