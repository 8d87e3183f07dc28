/**
 * Share links from Node: the same fragment the page makes with `CompressionStream('deflate-raw')`, made with
 * `zlib.deflateRawSync`, for bug reports, docs and tests.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Scenario } from 'corsim/scenario';
import { DEFAULT_BROWSER, formatFragment, MAX_SCENARIO_BYTES, parseFragment, type BrowserId, type ViewParams } from './fragment.js';

/** The fragment (starting with `#`) for `scenario` (an object, or the exact JSON text to carry). */
export function shareFragment(scenario: Scenario | string, view: Partial<ViewParams> = {}): string {
  const text = typeof scenario === 'string' ? scenario : JSON.stringify(scenario);
  return formatFragment(deflateRawSync(Buffer.from(text, 'utf8')), { browser: view.browser ?? DEFAULT_BROWSER, t: view.t ?? null });
}

/** The JSON text and view a fragment carries; throws on a malformed fragment. */
export function readShareFragment(hash: string): { readonly json: string; readonly browser: BrowserId; readonly t: number | null } {
  const parsed = parseFragment(hash);
  if (parsed === null) throw new Error('not a share link: no scenario= in the fragment');
  if (!parsed.ok) throw new Error(parsed.problem);
  const { deflated, browser, t } = parsed.fragment;
  return { json: inflateRawSync(deflated, { maxOutputLength: MAX_SCENARIO_BYTES }).toString('utf8'), browser, t };
}
