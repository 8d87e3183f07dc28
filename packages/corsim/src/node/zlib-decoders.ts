/**
 * Node's zlib as corsim's content decoders: raw DEFLATE tolerating a stream cut short (what it
 * holds is kept, as Chromium keeps it) and ignoring bytes after its end, Brotli, and Zstandard where
 * the Node version has it (22.15+; Node 20 has none, so the profiles do not offer `zstd`). Each
 * stops at its output limit instead of allocating past it.
 */
import zlib from 'node:zlib';
import { BodyTooLarge } from '../transports/common.js';
import type { ContentDecoders, Inflate } from '../transports/content-coding.js';

type SyncInflate = (input: Uint8Array, options: zlib.ZlibOptions & zlib.BrotliOptions) => Buffer;

function bounded(inflate: SyncInflate, options: zlib.ZlibOptions = {}): Inflate {
  return (input, max) => {
    try {
      return new Uint8Array(inflate(input, { ...options, maxOutputLength: Math.max(1, max) }));
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw new BodyTooLarge(`decoded body over ${max} bytes`);
      throw error;
    }
  };
}

const zstd = (zlib as unknown as { zstdDecompressSync?: SyncInflate }).zstdDecompressSync;

export const zlibContentDecoders: ContentDecoders = {
  inflateRaw: bounded(zlib.inflateRawSync, { finishFlush: zlib.constants.Z_SYNC_FLUSH }),
  brotli: bounded(zlib.brotliDecompressSync),
  ...(zstd ? { zstd: bounded(zstd) } : {}),
};
