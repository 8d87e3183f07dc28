/**
 * Header lists and the request-header classifications CORS depends on: forbidden, CORS-safelisted,
 * no-CORS-safelisted, CORS-unsafe names.
 */
import { MIMEType } from 'whatwg-mimetype';
import type { HeaderPairs } from './ports.js';
import { isForbiddenMethod } from './methods.js';
import { byteLength } from './http-syntax.js';
import { boundedMemo } from './memo.js';

/** A byte-lower-cased header name. */
export type LowercaseHeaderName = string & { readonly __brand: 'LowercaseHeaderName' };

export function lowercaseHeaderName(name: string): LowercaseHeaderName {
  return name.toLowerCase() as LowercaseHeaderName;
}

/**
 * [Get](https://fetch.spec.whatwg.org/#concept-header-list-get) a header's combined value: all values
 * for `name` (case-insensitive) joined with `, `, or `null` when there is none. Two
 * `Access-Control-Allow-Origin` lines therefore read as one value `a, b`.
 */
export function getHeader(list: HeaderPairs, name: string): string | null {
  const lower = name.toLowerCase();
  let result: string | null = null;
  for (const [n, v] of list) {
    if (!isHeaderNamed(n, lower)) continue;
    result = result === null ? v : `${result}, ${v}`;
  }
  return result;
}

/** Whether the list has `name` (case-insensitive). */
export function hasHeader(list: HeaderPairs, name: string): boolean {
  const lower = name.toLowerCase();
  for (const [n] of list) if (isHeaderNamed(n, lower)) return true;
  return false;
}

/** Removes every `name` entry (case-insensitive). */
export function deleteHeader(list: HeaderPairs, name: string): HeaderPairs {
  const lower = name.toLowerCase();
  return list.filter(([n]) => !isHeaderNamed(n, lower));
}

/**
 * Whether `name.toLowerCase()` is `lower` (a lower-cased name). Most names of a list differ in length from the one
 * looked for, so they are told apart without lower-casing (and allocating) anything: lower-casing keeps a string's
 * length, except for U+0130 (İ), which becomes two code units (i̇); a name with it is compared the long way.
 */
export function isHeaderNamed(name: string, lower: string): boolean {
  if (name.length === lower.length) return name === lower || name.toLowerCase() === lower;
  return name.length < lower.length && name.includes('\u0130') && name.toLowerCase() === lower;
}

/** How a network layer merges the entries of one request-header name on the wire (lower-case names). */
export interface WireHeaderMerge {
  /** Names of which only the last value goes on the wire. */
  readonly lastValueOnly: ReadonlySet<string>;
  /**
   * Whether a request with a body carries its first `Content-Type` value (the upload's), whatever the merge says;
   * after a redirect the merged value goes.
   */
  readonly uploadKeepsFirstContentType: boolean;
  /** Whether merging with an empty value (on either side) keeps the later value alone instead of joining. */
  readonly emptyValueReplaces: boolean;
}

/** No merging rule beyond joining with `, `. */
export const JOIN_ALL: WireHeaderMerge = { lastValueOnly: new Set(), uploadKeepsFirstContentType: false, emptyValueReplaces: false };

/**
 * Combines entries with the same name (case-insensitive) into one, values joined by `, `, keeping the
 * first spelling and position. Chromium hands the network service a request whose duplicate headers
 * are already combined (Blink's `AddHttpHeaderField`), so its safelist checks see `a, b`: two short
 * `Accept` values can exceed the 128-byte limit together (see docs/fidelity.md). `merge` gives a network layer's
 * own rules for some names and for empty values (Gecko's nsHttpHeaderArray: BrowserProfile.wireHeaderMerge).
 */
export function combineHeaderList(list: HeaderPairs, merge?: WireHeaderMerge): HeaderPairs {
  const out: HeaderPairs = [];
  const index = new Map<string, number>();
  for (const [n, v] of list) {
    const lower = n.toLowerCase();
    const at = index.get(lower);
    if (at === undefined) {
      index.set(lower, out.length);
      out.push([n, v]);
    } else {
      const prev = out[at] as [string, string];
      const replace = merge !== undefined && (merge.lastValueOnly.has(lower) || (merge.emptyValueReplaces && (prev[1] === '' || v === '')));
      out[at] = [prev[0], replace ? v : `${prev[1]}, ${v}`];
    }
  }
  return out;
}

/**
 * `list` without the empty values of names that have other entries (all empty: the first kept), so that
 * combining them later joins only the others — what Gecko's nsHttpHeaderArray::MergeHeader does as it reads a
 * response ("merge of empty header = no-op").
 */
export function withoutEmptyDuplicates(list: HeaderPairs): HeaderPairs {
  const nonEmpty = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [n, v] of list) {
    const lower = n.toLowerCase();
    total.set(lower, (total.get(lower) ?? 0) + 1);
    if (v !== '') nonEmpty.set(lower, (nonEmpty.get(lower) ?? 0) + 1);
  }
  if ([...total.values()].every((count) => count === 1)) return list;
  const keptEmpty = new Set<string>();
  return list.filter(([n, v]) => {
    const lower = n.toLowerCase();
    if (v !== '' || (total.get(lower) ?? 0) === 1) return true;
    if ((nonEmpty.get(lower) ?? 0) > 0 || keptEmpty.has(lower)) return false;
    keptEmpty.add(lower);
    return true;
  });
}

/**
 * [Sort and combine](https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine): what iterating a
 * `Headers` object yields. Lower-case names in code-unit order, values combined; `set-cookie` entries stay
 * separate.
 */
export function sortAndCombine(list: HeaderPairs): HeaderPairs {
  const names = [...new Set(list.map(([n]) => n.toLowerCase()))].sort(compareCodeUnits);
  const out: HeaderPairs = [];
  for (const name of names) {
    if (name === 'set-cookie') {
      for (const [n, v] of list) if (n.toLowerCase() === name) out.push([name, v]);
    } else {
      out.push([name, getHeader(list, name) as string]);
    }
  }
  return out;
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * [Get, decode, and split](https://fetch.spec.whatwg.org/#concept-header-list-get-decode-split): the combined
 * value split on commas outside quoted strings, each item trimmed of tab and space. `null` if absent.
 */
export function getDecodeSplit(list: HeaderPairs, name: string): string[] | null {
  const value = getHeader(list, name);
  if (value === null) return null;
  const values: string[] = [];
  let current = '';
  let i = 0;
  while (i < value.length) {
    const ch = value[i] as string;
    if (ch === '"') {
      // Collect an HTTP quoted string, keeping the quotes and escapes as written.
      current += ch;
      i++;
      while (i < value.length) {
        const q = value[i] as string;
        current += q;
        i++;
        if (q === '\\' && i < value.length) {
          current += value[i] as string;
          i++;
        } else if (q === '"') break;
      }
    } else if (ch === ',') {
      values.push(current.replace(/^[\t ]+|[\t ]+$/g, ''));
      current = '';
      i++;
    } else {
      current += ch;
      i++;
    }
  }
  values.push(current.replace(/^[\t ]+|[\t ]+$/g, ''));
  return values;
}

const FORBIDDEN_REQUEST_HEADER_NAMES = new Set([
  'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method',
  'connection', 'content-length', 'cookie', 'cookie2', 'date', 'dnt', 'expect', 'host', 'keep-alive', 'origin',
  'referer', 'set-cookie', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'via',
]);
const METHOD_OVERRIDE_NAMES = new Set(['x-http-method', 'x-http-method-override', 'x-method-override']);

/**
 * [Forbidden request-header](https://fetch.spec.whatwg.org/#forbidden-request-header): the fixed list, the
 * `proxy-` and `sec-` prefixes, and the method-override headers when one of their values is a forbidden
 * method. `extraNames` are a browser's additions (Chromium still forbids `user-agent`).
 */
export function isForbiddenRequestHeader(name: string, value: string, extraNames: ReadonlySet<string> = EMPTY): boolean {
  const lower = name.toLowerCase();
  if (FORBIDDEN_REQUEST_HEADER_NAMES.has(lower) || extraNames.has(lower)) return true;
  if (lower.startsWith('proxy-') || lower.startsWith('sec-')) return true;
  if (METHOD_OVERRIDE_NAMES.has(lower)) {
    const parsed = getDecodeSplit([[name, value]], name) ?? [];
    return parsed.some((m) => isForbiddenMethod(m));
  }
  return false;
}
const EMPTY: ReadonlySet<string> = new Set();

/**
 * [CORS-unsafe request-header byte](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte):
 * a control byte other than TAB, DEL, or one of `"():<>?@[\]{}`.
 */
export function isCorsUnsafeRequestHeaderByte(code: number): boolean {
  return (code < 0x20 && code !== 0x09) || code === 0x7f || '"():<>?@[\\]{}'.includes(String.fromCharCode(code));
}

/** Whether `value` has a CORS-unsafe request-header byte (the same set as the function above, as one character class). */
function hasCorsUnsafeByte(value: string): boolean {
  return CORS_UNSAFE_BYTE.test(value);
}

const CORS_UNSAFE_BYTE = /[\x00-\x08\x0a-\x1f\x7f"():<>?@[\\\]{}]/;

const LANGUAGE_BYTES = /^[0-9A-Za-z *,\-.;=]*$/;
const SAFELISTED_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/** Parses a MIME type the strict way (not "extract a MIME type"); `null` on failure. */
export function parseMimeType(value: string): MIMEType | null {
  try {
    return MIMEType.parse(value);
  } catch {
    return null;
  }
}

/**
 * [Parse a single range header value](https://fetch.spec.whatwg.org/#simple-range-header-value) with whitespace
 * not allowed, as the Range safelist requires: `bytes=N-` or `bytes=N-M` with N ≤ M. A suffix range
 * (`bytes=-N`) is rejected by the safelist even though the parser accepts it.
 */
export function isSafelistedRange(value: string): boolean {
  const m = /^bytes=(\d*)-(\d*)$/.exec(value);
  if (!m) return false;
  const [, start, end] = m as unknown as [string, string, string];
  if (start === '') return false;
  // BigInt: positions past 2^53 must not round to equal numbers.
  if (end !== '' && BigInt(start) > BigInt(end)) return false;
  return true;
}

/** A classifier for header values that a browser adds to the spec's safelist (Chromium's client hints). */
export type ExtraSafelist = ReadonlyMap<string, (value: string) => boolean>;

/**
 * [CORS-safelisted request-header](https://fetch.spec.whatwg.org/#cors-safelisted-request-header): given the
 * name and value, whether the header can go cross-origin without a preflight.
 */
export function isCorsSafelistedRequestHeader(name: string, value: string, extra?: ExtraSafelist): boolean {
  return isSafelistedByLowercaseName(lowercaseHeaderName(name), value, extra);
}

function isSafelistedByLowercaseName(lower: LowercaseHeaderName, value: string, extra?: ExtraSafelist): boolean {
  if (byteLength(value) > 128) return false;
  switch (lower) {
    case 'accept':
      return !hasCorsUnsafeByte(value);
    case 'accept-language':
    case 'content-language':
      return LANGUAGE_BYTES.test(value);
    case 'content-type':
      return isSafelistedContentType(value);
    case 'range':
      return isSafelistedRange(value);
    default: {
      const rule = extra?.get(lower);
      return rule ? rule(value) : false;
    }
  }
}

/**
 * The `Content-Type` rule: no CORS-unsafe byte, and a MIME type whose essence is one of the three. A page sends few
 * distinct values and parsing one is the costliest step of the preflight decision, so the answers are remembered.
 */
const isSafelistedContentType = boundedMemo((value: string): boolean => {
  const mime = hasCorsUnsafeByte(value) ? null : parseMimeType(value);
  return mime !== null && SAFELISTED_CONTENT_TYPES.has(mime.essence);
});

const NO_CORS_SAFELISTED_NAMES = new Set(['accept', 'accept-language', 'content-language', 'content-type']);

/** [No-CORS-safelisted request-header](https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header). */
export function isNoCorsSafelistedRequestHeader(name: string, value: string): boolean {
  return NO_CORS_SAFELISTED_NAMES.has(name.toLowerCase()) && isCorsSafelistedRequestHeader(name, value);
}

/**
 * [CORS-unsafe request-header names](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names): the names
 * of entries that are not safelisted, plus every safelisted name when the safelisted values add up to more
 * than 1024 bytes; lower-cased, de-duplicated and sorted. Forbidden headers never reach here (the Headers
 * guard dropped them). Joined with `,` this is `Access-Control-Request-Headers`.
 */
export function corsUnsafeRequestHeaderNames(list: HeaderPairs, extra?: ExtraSafelist): LowercaseHeaderName[] {
  // The names come lower-cased and de-duplicated.
  return sortByCodeUnits(corsUnsafeRequestHeaderNamesInListOrder(list, extra));
}

/**
 * Sorts `names` in place by code units, as the spec's sort of header names does. The lists are short, and an
 * insertion sort of a few names is several times faster than Array.prototype.sort on them.
 */
function sortByCodeUnits<T extends string>(names: T[]): T[] {
  if (names.length > 16) return names.sort(compareCodeUnits);
  for (let i = 1; i < names.length; i++) {
    const name = names[i] as T;
    let j = i - 1;
    for (; j >= 0 && (names[j] as T) > name; j--) names[j + 1] = names[j] as T;
    names[j + 1] = name;
  }
  return names;
}

/**
 * The same names in header-list order: unsafe entries in header-list order, then (past 1024 bytes) the
 * safelisted ones. Chromium reports the first of these that the preflight response does not allow
 * (cors_util.cc `CorsUnsafeNotForbiddenRequestHeaderNames`), not the first in sorted order. With
 * `dedupe` false, a name held by several entries is listed once per entry (Firefox's preflight does that).
 */
export function corsUnsafeRequestHeaderNamesInListOrder(list: HeaderPairs, extra?: ExtraSafelist, dedupe = true): LowercaseHeaderName[] {
  const unsafe: LowercaseHeaderName[] = [];
  let potentiallyUnsafe: LowercaseHeaderName[] | null = null;
  let safelistValueSize = 0;
  for (const [name, value] of list) {
    const lower = lowercaseHeaderName(name);
    if (!isSafelistedByLowercaseName(lower, value, extra)) {
      unsafe.push(lower);
    } else {
      (potentiallyUnsafe ??= []).push(lower);
      safelistValueSize += byteLength(value);
    }
  }
  if (safelistValueSize > 1024 && potentiallyUnsafe) unsafe.push(...potentiallyUnsafe);
  return dedupe && unsafe.length > 1 ? [...new Set(unsafe)] : unsafe;
}

/** [Convert header names to a sorted-lowercase set](https://fetch.spec.whatwg.org/#convert-header-names-to-a-sorted-lowercase-set). */
export function convertHeaderNamesToSortedLowercaseSet(names: readonly string[]): LowercaseHeaderName[] {
  if (names.length === 0) return [];
  if (names.length === 1) return [lowercaseHeaderName(names[0] as string)];
  return sortByCodeUnits([...new Set(names.map(lowercaseHeaderName))]);
}

/** The names lower-cased and sorted, duplicates kept (what Firefox puts in `Access-Control-Request-Headers`). */
export function convertHeaderNamesToSortedLowercaseList(names: readonly string[]): LowercaseHeaderName[] {
  return names.map(lowercaseHeaderName).sort(compareCodeUnits);
}

/** [CORS non-wildcard request-header name](https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name): `Authorization`. */
export function isCorsNonWildcardRequestHeaderName(name: string): boolean {
  return name.toLowerCase() === 'authorization';
}

/**
 * [Request-body-header name](https://fetch.spec.whatwg.org/#request-body-header-name), dropped when a redirect turns a
 * request into GET.
 */
export function isRequestBodyHeaderName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'content-encoding' || lower === 'content-language' || lower === 'content-location' || lower === 'content-type';
}

const SAFELISTED_RESPONSE_HEADER_NAMES = new Set([
  'cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma',
]);

/** [Forbidden response-header name](https://fetch.spec.whatwg.org/#forbidden-response-header-name): `Set-Cookie`, `Set-Cookie2`. */
export function isForbiddenResponseHeaderName(name: string): boolean {
  return isHeaderNamed(name, 'set-cookie') || isHeaderNamed(name, 'set-cookie2');
}

/**
 * [CORS-safelisted response-header name](https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name),
 * given the response's CORS-exposed header-name list.
 */
export function isCorsSafelistedResponseHeaderName(name: string, exposed: readonly string[]): boolean {
  const lower = name.toLowerCase();
  if (SAFELISTED_RESPONSE_HEADER_NAMES.has(lower)) return true;
  return !isForbiddenResponseHeaderName(lower) && exposed.some((e) => e.toLowerCase() === lower);
}
