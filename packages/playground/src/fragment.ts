/**
 * The share link's fragment: `#scenario=<base64url, no padding, of raw-DEFLATE UTF-8 JSON>`, then
 * `&browser=<name>` and `&t=<seconds>` only when they differ from the defaults (docs/playground.md).
 * This module only frames bytes; compressing is done by share.ts (page) and share-node.ts (Node).
 */
export const BROWSERS = ['chromium', 'firefox', 'webkit'] as const;
export type BrowserId = (typeof BROWSERS)[number];
export const DEFAULT_BROWSER: BrowserId = 'chromium';
/** Scenarios larger than this are refused when a link is opened (a short link can inflate enormously). */
export const MAX_SCENARIO_BYTES = 4 * 1024 * 1024;

export function isBrowserId(v: string): v is BrowserId {
  return (BROWSERS as readonly string[]).includes(v);
}

/** What the fragment carries besides the scenario. `t` is null for the default time (the last step's `at`). */
export interface ViewParams {
  readonly browser: BrowserId;
  readonly t: number | null;
}

export interface ParsedFragment extends ViewParams {
  readonly deflated: Uint8Array;
}

export function toBase64url(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes base64url (padding optional); null when `text` is not base64url. */
export function fromBase64url(padded: string): Uint8Array | null {
  const text = padded.replace(/={1,2}$/, '');
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function formatFragment(deflated: Uint8Array, view: ViewParams): string {
  let out = `#scenario=${toBase64url(deflated)}`;
  if (view.browser !== DEFAULT_BROWSER) out += `&browser=${view.browser}`;
  if (view.t !== null) out += `&t=${view.t}`;
  return out;
}

export type FragmentParse = { readonly ok: true; readonly fragment: ParsedFragment } | { readonly ok: false; readonly problem: string };

/** Reads a location hash (with or without `#`); a hash without `scenario=` is not a share link. */
export function parseFragment(hash: string): FragmentParse | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const data = params.get('scenario');
  if (data === null) return null;
  const deflated = fromBase64url(data);
  if (deflated === null) return { ok: false, problem: 'the link’s scenario= part is not base64url' };
  const browser = params.get('browser') ?? DEFAULT_BROWSER;
  if (!isBrowserId(browser)) return { ok: false, problem: `browser=${browser} is not one of ${BROWSERS.join(', ')}` };
  const tText = params.get('t');
  const t = tText === null ? null : Number(tText);
  if (t !== null && !(Number.isFinite(t) && t >= 0)) return { ok: false, problem: `t=${tText} is not a number of seconds ≥ 0` };
  return { ok: true, fragment: { deflated, browser, t } };
}
