/** Share links in the page: raw DEFLATE through the Compression Streams API (see fragment.ts). */
import { formatFragment, MAX_SCENARIO_BYTES, parseFragment, type ParsedFragment, type ViewParams } from './fragment.js';

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    size += r.value.byteLength;
    if (size > MAX_SCENARIO_BYTES) {
      await reader.cancel();
      throw new RangeError(`more than ${MAX_SCENARIO_BYTES} bytes`);
    }
    chunks.push(r.value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export async function makeFragment(json: string, view: ViewParams): Promise<string> {
  return formatFragment(await through(new TextEncoder().encode(json), new CompressionStream('deflate-raw')), view);
}

export type FragmentRead =
  | { readonly ok: true; readonly json: string; readonly view: ViewParams }
  | { readonly ok: false; readonly problem: string };

/** The scenario text and view of a location hash; null when the hash is not a share link. */
export async function readFragment(hash: string): Promise<FragmentRead | null> {
  const parsed = parseFragment(hash);
  if (parsed === null) return null;
  if (!parsed.ok) return parsed;
  const { deflated, browser, t }: ParsedFragment = parsed.fragment;
  try {
    const json = new TextDecoder('utf-8', { fatal: true }).decode(await through(deflated, new DecompressionStream('deflate-raw')));
    return { ok: true, json, view: { browser, t } };
  } catch (error) {
    const tooBig = error instanceof RangeError;
    return { ok: false, problem: tooBig ? `the link’s scenario is larger than ${MAX_SCENARIO_BYTES / 1024 / 1024} MiB` : 'the link’s scenario could not be decompressed (is it complete?)' };
  }
}
