/**
 * Test data: bodies with content codings and what Chromium 156 gives script for them, each checked
 * by fetching from a raw loopback server at http://app.probe.test (which is offered `gzip, deflate`
 * only) in real Chromium; content-coding.chromium.test.ts does it again when Chromium is installed.
 */
import zlib from 'node:zlib';
import type { NetErrorName } from '@corsim/engine';

export interface CodedBody {
  readonly name: string;
  readonly contentEncoding: string;
  readonly body: Buffer;
  /** What script reads, or the `net::` error. */
  readonly expected: { readonly text: string } | { readonly netError: NetErrorName };
}

const gz = zlib.gzipSync(Buffer.from('hello gzip'));
const badCrc = Buffer.from(gz);
badCrc[badCrc.length - 5] = (badCrc[badCrc.length - 5] as number) ^ 0xff;

export const CODED_BODIES: readonly CodedBody[] = [
  { name: 'gzip', contentEncoding: 'gzip', body: gz, expected: { text: 'hello gzip' } },
  { name: 'x-gzip, upper case', contentEncoding: 'X-GZIP', body: gz, expected: { text: 'hello gzip' } },
  { name: 'gzip applied twice', contentEncoding: 'gzip, gzip', body: zlib.gzipSync(gz), expected: { text: 'hello gzip' } },
  { name: 'zlib-wrapped deflate', contentEncoding: 'deflate', body: zlib.deflateSync(Buffer.from('hello deflate')), expected: { text: 'hello deflate' } },
  { name: 'raw deflate', contentEncoding: 'deflate', body: zlib.deflateRawSync(Buffer.from('hello raw deflate')), expected: { text: 'hello raw deflate' } },
  { name: 'gzip without its footer', contentEncoding: 'gzip', body: gz.subarray(0, gz.length - 8), expected: { text: 'hello gzip' } },
  { name: 'gzip with a wrong CRC', contentEncoding: 'gzip', body: badCrc, expected: { text: 'hello gzip' } },
  { name: 'gzip with trailing bytes', contentEncoding: 'gzip', body: Buffer.concat([gz, Buffer.from('junk')]), expected: { text: 'hello gzip' } },
  { name: 'an unknown coding leaves the body as sent', contentEncoding: 'foo', body: Buffer.from('hello'), expected: { text: 'hello' } },
  { name: 'identity leaves the body as sent', contentEncoding: 'identity', body: Buffer.from('hello'), expected: { text: 'hello' } },
  { name: 'gzip with an unknown coding leaves the body as sent', contentEncoding: 'gzip, foo', body: Buffer.from('plain'), expected: { text: 'plain' } },
  { name: 'not gzip at all', contentEncoding: 'gzip', body: Buffer.from('hello'), expected: { netError: 'ERR_CONTENT_DECODING_FAILED' } },
  { name: 'br when only gzip, deflate were offered', contentEncoding: 'br', body: zlib.brotliCompressSync(Buffer.from('hello br')), expected: { netError: 'ERR_CONTENT_DECODING_FAILED' } },
];
